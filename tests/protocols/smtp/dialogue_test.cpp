// Dialogue files replayed against the server: the textbook conversation and an ESMTP
// session with the usual mistakes; plus the runner itself must notice a wrong reply.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "protocols/smtp/dialogue.hpp"

using namespace protocols::smtp;

namespace {
std::string slurp(const std::string& name) {
  std::ifstream in(std::string(MAILSIM_TEST_DATA) + "/dialogues/" + name, std::ios::binary);
  REQUIRE(in);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

DialogueResult run_text(const std::string& text) {
  DialogueParse p = parse_dialogue(text);
  INFO(p.error);
  REQUIRE(p.dialogue);
  return run_dialogue(*p.dialogue);
}
}  // namespace

TEST_CASE("the textbook conversation runs verbatim", "[smtp][dialogue]") {
  DialogueResult r = run_text(slurp("textbook.txt"));
  INFO(r.message);
  CHECK(r.ok);
  CHECK(r.transcript.at(0) == "S: 220 mail.b.example ESMTP MailSim");
  CHECK(r.transcript.back() == "S: 221 mail.b.example closing connection");
}

TEST_CASE("the ESMTP error dialogue runs", "[smtp][dialogue]") {
  DialogueResult r = run_text(slurp("esmtp_errors.txt"));
  INFO(r.message);
  CHECK(r.ok);
}

TEST_CASE("the submission and pipelining dialogues run", "[smtp][dialogue]") {
  for (const char* name : {"submission_auth.txt", "pipelining.txt"}) {
    DialogueResult r = run_text(slurp(name));
    INFO(name << ": " << r.message);
    CHECK(r.ok);
  }
}

TEST_CASE("the dialogue runner reports a wrong, missing or extra reply", "[smtp][dialogue]") {
  DialogueResult wrong = run_text("S: 220 *\nC: NOOP\nS: 250 2.0.0 Fine\n");
  CHECK_FALSE(wrong.ok);
  CHECK(wrong.message == "line 3: expected \"250 2.0.0 Fine\", server said \"250 2.0.0 Ok\"");
  DialogueResult missing = run_text("S: 220 *\nS: 250 *\n");
  CHECK_FALSE(missing.ok);
  DialogueResult extra = run_text("C: NOOP\n");
  CHECK_FALSE(extra.ok);
  CHECK_FALSE(parse_dialogue("X: what\n").dialogue);
  CHECK_FALSE(parse_dialogue("@fault MAIL abc\n").dialogue);
  CHECK(run_text("@fault GREETING 421\nS: 421 4.3.2 *\n").ok);
}

TEST_CASE("wildcards match any run of text", "[smtp][dialogue]") {
  CHECK(wildcard_match("250 *", "250 2.0.0 Ok"));
  CHECK(wildcard_match("*Ok", "250 Ok"));
  CHECK(wildcard_match("2*0 * Ok", "250 2.1.0 Ok"));
  CHECK_FALSE(wildcard_match("250 *", "251 x"));
  CHECK_FALSE(wildcard_match("250", "250 x"));
}
