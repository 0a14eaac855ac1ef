// Records that say what happened (issue 17 §6): an IMAP device notes reading the text part
// of a multipart message as it does a single-part one, and a POP3 check cut off before QUIT
// says nothing was deleted and how the connection ended.
#include <catch2/catch.hpp>

#include "protocols/imap/imap_response.hpp"
#include "sim/fault_spec.hpp"
#include "sim/run.hpp"
#include "sim/scenario_loader.hpp"
#include "sim/trace_format.hpp"
#include "world_fixture.hpp"

using namespace std::chrono_literals;

namespace {

sim::ScenarioSpec load_text(const std::string& text, const char* name) {
  sim::LoadResult r = sim::load_scenario_text(text, name);
  std::string problems;
  for (const sim::Problem& p : r.problems) problems += sim::format_problem(p) + "\n";
  INFO(problems);
  REQUIRE(r.ok());
  return *r.scenario;
}

}  // namespace

TEST_CASE("a multipart BODYSTRUCTURE parses: its parts follow one another with no space", "[sim][imap][trace]") {
  auto r = protocols::imap::parse_response(
      "* 1 FETCH (UID 1 BODYSTRUCTURE ((\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" 3 1 NIL NIL NIL NIL)"
      "(\"TEXT\" \"PLAIN\" NIL NIL NIL \"BASE64\" 4 1 NIL NIL NIL NIL) \"MIXED\") BODY[1] {3}\r\nabc)");
  REQUIRE(r);
  REQUIRE(r->values.size() == 1);
  const auto& items = r->values[0].items;
  REQUIRE(items.size() == 6);
  CHECK(items[3].items.size() == 3);  // two parts, then the subtype
  CHECK(items[4].text == "BODY[1]");
  CHECK(items[5].text == "abc");
}

TEST_CASE("an IMAP device records reading the text part of a multipart message", "[sim][imap][trace]") {
  std::string text = test::source_text(MAILSIM_SOURCE_DIR "/assets/scenarios/default.json");
  const std::string body_end = "through MailSim.\\n\\nAlice\\n\"}";
  std::size_t at = text.find(body_end);
  REQUIRE(at != std::string::npos);
  text.insert(at + body_end.size() - 1,
              R"(, "attachments": [{"filename": "notes.txt", "content_type": "text/plain", "text": "see you"}])");
  sim::RunOptions opt;
  opt.until = protocols::kEpoch + 10min;
  sim::RunResult r = sim::simulate(load_text(text, "multipart.json"), opt);
  bool multipart = false, read = false;
  for (const sim::TraceEntry& e : r.trace.entries()) {
    if (auto* rep = std::get_if<sim::ReplyRecord>(&e.record); rep && !rep->lines.empty())
      multipart |= rep->lines[0].find("\"MIXED\"") != std::string::npos && rep->lines[0].find("BODY[1]") != std::string::npos;
    if (auto* m = std::get_if<sim::MailboxRecord>(&e.record); m && m->action == sim::MailboxAction::ReadTextPart &&
                                                               r.trace.host_name(m->host) == "bob-phone" && m->uids == std::vector<std::uint32_t>{1}) {
      read = true;
      CHECK(sim::mailbox_msg_code(*m).starts_with("uid 1, "));
      CHECK(m->number > 0);
    }
  }
  CHECK(multipart);
  CHECK(read);
}

TEST_CASE("a POP3 check cut off between DELE and QUIT deletes nothing and says the connection timed out", "[sim][pop3][trace]") {
  sim::LoadResult loaded = sim::load_scenario(MAILSIM_SOURCE_DIR "/lessons/content/scenarios/pop3.json");
  REQUIRE(loaded.ok());
  sim::RunOptions opt;
  opt.seed = loaded.scenario->seed;
  // bob-laptop's DELE 1 is answered at 30.019 s and its QUIT reaches the server at 30.021 s:
  // the server goes off in between, so QUIT is never answered.
  auto off = sim::parse_fault("30020ms power-off mail.b.example", nullptr);
  REQUIRE(off);
  opt.extra_faults.push_back(*off);
  opt.until = protocols::kEpoch + 40min;
  sim::RunResult r = sim::simulate(*loaded.scenario, opt);
  const sim::NoteRecord* check = nullptr;
  for (const sim::TraceEntry& e : r.trace.entries())
    if (auto* n = std::get_if<sim::NoteRecord>(&e.record);
        n && n->code == sim::NoteCode::Pop3Check && r.trace.host_name(n->host) == "bob-laptop" && !check)
      check = n;
  REQUIRE(check);
  CHECK(static_cast<sim::Pop3End>(check->n[3]) == sim::Pop3End::TimedOut);
  CHECK(sim::note_text_code(*check) ==
        "POP3 check failed: 1 downloaded, 1 marked for deletion but kept (no QUIT) (connection timed out)");
  CHECK(sim::text::note(sim::TextLang::Zh, *check) ==
        "POP3 收信失败：下载 1 封，1 封已标记删除但仍留在服务器上（没有 QUIT）（连接超时）");
}
