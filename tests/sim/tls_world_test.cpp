// STARTTLS in a whole world (tests/data/scenarios/tls_textbook.json): alice submits inside
// TLS, mail.a.example relays inside TLS, the trace shows TLS records on the wire and the
// commands inside marked tls, two runs give the same JSONL; and the scenario fields' errors.
#include <catch2/catch.hpp>

#include "sim/run.hpp"
#include "sim/scenario_loader.hpp"
#include "sim/trace_format.hpp"

using namespace sim;

namespace {

ScenarioSpec tls_scenario() {
  LoadResult r = load_scenario(std::string(MAILSIM_TEST_DATA) + "/scenarios/tls_textbook.json");
  REQUIRE(r.ok());
  return *r.scenario;
}

RunResult run(const ScenarioSpec& s) {
  RunOptions o;
  o.seed = s.seed;
  return simulate(s, o);
}

std::string jsonl(const RunResult& r) {
  std::string out;
  for (const auto& e : r.trace.entries()) out += to_jsonl(e, r.trace) + "\n";
  return out;
}

std::string problems(std::string_view text) {
  LoadResult r = load_scenario_text(text, "t.json");
  std::string out;
  for (const Problem& p : r.problems) out += format_problem(p) + "\n";
  return out;
}

}  // namespace

TEST_CASE("a scenario with STARTTLS on both hops delivers, and only the prologue is in clear", "[sim][tls][world]") {
  const RunResult r = run(tls_scenario());
  const Trace& t = r.trace;
  int delivered = 0, appended = 0, established = 0;
  std::vector<std::string> clear_verbs, tls_verbs;
  std::string hello_labels;
  for (const auto& e : t.entries()) {
    if (auto* q = std::get_if<QueueRecord>(&e.record)) delivered += q->action == QueueAction::Delivered;
    if (auto* m = std::get_if<MailboxRecord>(&e.record)) appended += m->action == MailboxAction::Append;
    if (auto* n = std::get_if<NoteRecord>(&e.record)) {
      if (n->code == NoteCode::TlsEstablished) {
        ++established;
        CHECK(n->arg == "TLSv1.2");
        CHECK(n->more.rfind("CLIENT_RANDOM ", 0) == 0);
      }
      CHECK(n->code != NoteCode::TlsFailed);
    }
    if (auto* c = std::get_if<CommandRecord>(&e.record)) {
      if (t.host_name(c->to) != "mail.b.example") continue;
      (c->tls ? tls_verbs : clear_verbs).push_back(c->verb);
    }
    if (auto* s = std::get_if<SegmentRecord>(&e.record))
      if (s->event == SegmentEvent::Sent)
        for (const auto& l : s->labels)
          if (l.proto == Proto::TLS) hello_labels += l.text + ";";
    // Nothing of the message or the password crosses a link in clear after STARTTLS.
    if (auto* s = std::get_if<SegmentRecord>(&e.record); s && s->payload) {
      CHECK(s->payload->find("alice-secret") == std::string::npos);
      CHECK(s->payload->find("YWxpY2UAYWxpY2") == std::string::npos);  // base64 of "alice\0alice"
      CHECK(s->payload->find("Hello Bob") == std::string::npos);
    }
  }
  CHECK(delivered >= 1);
  CHECK(appended == 1);
  CHECK(established == 4);  // two connections, each end notes it
  CHECK(clear_verbs == std::vector<std::string>{"EHLO", "STARTTLS"});
  CHECK(tls_verbs == std::vector<std::string>{"EHLO", "MAIL", "RCPT", "DATA", ".", "QUIT"});
  for (const char* name : {"ClientHello", "ServerHello", "Certificate", "ChangeCipherSpec", "Finished", "Application Data"})
    CHECK(hello_labels.find(name) != std::string::npos);
  // The AUTH on submission went inside TLS and is marked so.
  bool auth_in_tls = false;
  for (const auto& e : t.entries())
    if (auto* c = std::get_if<CommandRecord>(&e.record); c && c->verb == "AUTH") auth_in_tls = c->tls;
  CHECK(auth_in_tls);
}

TEST_CASE("a TLS scenario run twice gives the same JSONL, with tls marked on commands inside", "[sim][tls][world][determinism]") {
  const ScenarioSpec s = tls_scenario();
  const std::string a = jsonl(run(s)), b = jsonl(run(s));
  CHECK(a == b);
  CHECK(a.find("\"verb\":\"MAIL\"") != std::string::npos);
  CHECK(a.find("\"tls\":true") != std::string::npos);
  CHECK(a.find("\"code\":\"tls-established\"") != std::string::npos);
  ScenarioSpec other = s;
  other.seed = s.seed + 1;
  RunOptions o;
  o.seed = other.seed;
  CHECK(jsonl(simulate(other, o)) != a);  // other seed, other keys and ciphertext
}

TEST_CASE("a server that requires TLS outbound defers with reason tls when the next hop offers none", "[sim][tls][world]") {
  ScenarioSpec s = tls_scenario();
  for (auto& h : s.hosts)
    if (h.name == "mail.b.example") h.mail.starttls = false;
  s.until = std::chrono::minutes(10);
  const RunResult r = run(s);
  int deferred = 0, appended = 0;
  for (const auto& e : r.trace.entries()) {
    if (auto* q = std::get_if<QueueRecord>(&e.record); q && q->action == QueueAction::Deferred) {
      ++deferred;
      CHECK(q->text.find("TLS is required, but was not offered by host mail.b.example") != std::string::npos);
    }
    if (auto* m = std::get_if<MailboxRecord>(&e.record)) appended += m->action == MailboxAction::Append;
    if (auto* c = std::get_if<CommandRecord>(&e.record))
      CHECK((c->verb != "MAIL" || r.trace.host_name(c->to) != "mail.b.example"));
  }
  CHECK(deferred >= 1);
  CHECK(appended == 0);
}

TEST_CASE("the TLS fields of a scenario are checked with their line and column", "[sim][tls][scenario]") {
  const std::string head = R"({"mailsim": 1, "name": "x", "hosts": [
  {"name": "m", "kind": "mail-server", "ip": "10.0.0.1", "domains": ["m.example"],)";
  CHECK(problems(head + R"( "tls_outbound": "requried"},
  {"name": "u", "kind": "user-agent", "ip": "10.0.0.2", "address": "u@m.example", "password": "p", "server": "m", "tls": 1}]})") ==
        "t.json:2:100: /hosts/0/tls_outbound: unknown TLS policy \"requried\" (did you mean \"required\"?)\n"
        "t.json:3:122: /hosts/1/tls: expected a string, found a number\n");
  CHECK(problems(head + R"( "auth_requires_tls": true}]})") ==
        "t.json:2:105: /hosts/0/auth_requires_tls: auth_requires_tls needs \"starttls\": true (AUTH could never be used)\n");
  CHECK(problems(head + R"( "starttls": "yes"}]})") == "t.json:2:96: /hosts/0/starttls: expected true or false, found a string\n");
}
