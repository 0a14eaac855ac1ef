// Reading mail in the simulator: POP3 download-and-delete versus download-and-keep as a
// second device sees it, IMAP devices in sync, and webmail's protocols between parties.
#include <catch2/catch.hpp>

#include <set>

#include "sim/run.hpp"
#include "sim/scenario_loader.hpp"

using namespace std::chrono_literals;
using namespace sim;

namespace {

ScenarioSpec scenario() {
  LoadResult r = load_scenario(std::string(MAILSIM_SOURCE_DIR) + "/assets/scenarios/default.json");
  REQUIRE(r.ok());
  return *r.scenario;
}

HostSpec& host(ScenarioSpec& s, const std::string& name) {
  for (auto& h : s.hosts)
    if (h.name == name) return h;
  FAIL("no host " << name);
  return s.hosts.front();
}

RunResult run(const ScenarioSpec& s, Duration until) {
  RunOptions o;
  o.until = protocols::kEpoch + until;
  return simulate(s, o);
}

// Replies the server sent to `to` containing `text`.
int replies_to(const RunResult& r, const std::string& to, const std::string& text) {
  int n = 0;
  for (const auto& e : r.trace.entries())
    if (auto* rep = std::get_if<ReplyRecord>(&e.record); rep && r.trace.host_name(rep->to) == to)
      for (const auto& l : rep->lines) n += l.find(text) != std::string::npos;
  return n;
}

// The phone checks once, a minute after the laptop's POP3 check, without IDLE.
ScenarioSpec laptop_then_phone(const std::string& pop3_mode) {
  ScenarioSpec s = scenario();
  host(s, "carol-browser").browser.actions.clear();  // only alice's message, then
  host(s, "bob-pc").agent.read = ReaderSpec{"pop3", 10s, std::nullopt, pop3_mode, std::nullopt, false, false, {}, {}};
  host(s, "bob-phone").agent.read = ReaderSpec{"imap", 70s, std::nullopt, "delete", std::nullopt, false, false, {}, {}};
  return s;
}

}  // namespace

TEST_CASE("after a POP3 download-and-delete, bob's phone finds the mailbox empty", "[sim][pop3][imap]") {
  RunResult r = run(laptop_then_phone("delete"), 5min);
  CHECK(replies_to(r, "bob-pc", "DELE") == 0);  // the reply text never echoes the command...
  int deletes = 0;
  for (const auto& e : r.trace.entries())
    if (auto* c = std::get_if<CommandRecord>(&e.record); c && c->verb == "DELE") ++deletes;
  CHECK(deletes == 1);
  CHECK(replies_to(r, "bob-phone", "0 EXISTS") == 1);  // ...and the phone sees nothing left
  CHECK(replies_to(r, "bob-phone", "1 EXISTS") == 0);
}

TEST_CASE("after a POP3 download-and-keep, bob's phone still sees the message", "[sim][pop3][imap]") {
  RunResult r = run(laptop_then_phone("keep"), 5min);
  int deletes = 0;
  for (const auto& e : r.trace.entries())
    if (auto* c = std::get_if<CommandRecord>(&e.record); c && c->verb == "DELE") ++deletes;
  CHECK(deletes == 0);
  CHECK(replies_to(r, "bob-phone", "1 EXISTS") == 1);
}

TEST_CASE("deletions happen only when the POP3 session quits (UPDATE state)", "[sim][pop3]") {
  RunResult r = run(laptop_then_phone("delete"), 5min);
  std::optional<Instant> dele, quit, expunge;
  for (const auto& e : r.trace.entries()) {
    if (auto* c = std::get_if<CommandRecord>(&e.record)) {
      if (c->verb == "DELE" && !dele) dele = e.t;
      if (c->verb == "QUIT" && c->proto == protocols::Proto::POP3 && !quit) quit = e.t;
    }
    if (auto* m = std::get_if<MailboxRecord>(&e.record); m && m->user == "bob" && to_string(m->action) == "expunge" && !expunge)
      expunge = e.t;
  }
  REQUIRE(dele);
  REQUIRE(quit);
  REQUIRE(expunge);
  CHECK(*dele < *quit);
  CHECK(*expunge >= *quit);
}

TEST_CASE("a flag set on one IMAP device reaches another that is idling", "[sim][imap]") {
  ScenarioSpec s = scenario();
  host(s, "bob-pc").agent.read = ReaderSpec{"imap", 0s, std::nullopt, "delete", std::nullopt, false, true, {}, {}};
  host(s, "bob-phone").agent.read = ReaderSpec{"imap", 0s, std::nullopt, "delete", std::nullopt, false, true, {}, {}};
  RunResult r = run(s, 2min);
  // Both devices fetch the text part once; whichever stores \Seen second finds it set.
  CHECK(replies_to(r, "bob-pc", "FLAGS (\\Seen") >= 1);
  CHECK(replies_to(r, "bob-phone", "FLAGS (\\Seen") >= 1);
}

TEST_CASE("webmail: HTTP from the browser, IMAP and SMTP behind it, SMTP between servers", "[sim][webmail]") {
  RunResult r = run(scenario(), 2min);
  std::set<std::string> seen;
  for (const auto& e : r.trace.entries())
    if (auto* c = std::get_if<CommandRecord>(&e.record))
      seen.insert(r.trace.host_name(c->from) + ">" + r.trace.host_name(c->to) + ":" +
                  std::string(protocols::to_string(c->proto)));
  CHECK(seen.count("carol-browser>webmail.a.example:HTTP"));
  CHECK(seen.count("webmail.a.example>mail.a.example:IMAP"));
  CHECK(seen.count("webmail.a.example>mail.a.example:SMTP"));
  CHECK(seen.count("mail.a.example>mail.b.example:SMTP"));
  CHECK_FALSE(seen.count("carol-browser>mail.a.example:SMTP"));  // the browser never speaks SMTP
  int pages = 0;
  for (const auto& e : r.trace.entries())
    if (auto* n = std::get_if<NoteRecord>(&e.record); n && note_text_code(*n).find("-> 200 OK") != std::string::npos) ++pages;
  CHECK(pages >= 3);
  CHECK(replies_to(r, "carol-browser", "HTTP/1.1 401") == 0);
}
