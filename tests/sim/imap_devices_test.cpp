// Two IMAP devices of one user in sync (issue 4): bob's laptop, scripted by the scenario,
// creates a folder, flags a message and moves another; his phone, idling, sees the flag and
// the expunge at once and the new folder at its next check. Same seed, same trace.
#include <catch2/catch.hpp>

#include <optional>

#include "sim/run.hpp"
#include "sim/scenario_loader.hpp"
#include "sim/trace_format.hpp"
#include "world_fixture.hpp"

using namespace std::chrono_literals;
using namespace sim;

namespace {

// The default world; bob-pc reads with IMAP too and acts, bob-phone idles and checks each minute.
ScenarioSpec two_imap_devices() {
  std::string text = test::source_text(MAILSIM_SOURCE_DIR "/assets/scenarios/default.json");
  const std::string pop3 = R"("read": {"protocol": "pop3", "at": "10s", "every": "10m", "mode": "keep"})";
  const std::string actions = R"("read": {"protocol": "imap", "at": "2m", "idle": true, "actions": [
       {"at": "210s", "do": "create", "folder": "Archive"},
       {"at": "270s", "do": "flag", "uid": 2, "flag": "\\Flagged"},
       {"at": "330s", "do": "move", "uid": 1, "to": "Archive"}]})";
  std::size_t at = text.find(pop3);
  REQUIRE(at != std::string::npos);
  text.replace(at, pop3.size(), actions);
  const std::string phone = R"("read": {"protocol": "imap", "at": "0s", "idle": true})";
  at = text.find(phone);
  REQUIRE(at != std::string::npos);
  text.replace(at, phone.size(), R"("read": {"protocol": "imap", "at": "0s", "every": "1m", "idle": true})");
  LoadResult r = load_scenario_text(text, "two_devices.json");
  std::string problems;
  for (const Problem& p : r.problems) problems += format_problem(p) + "\n";
  INFO(problems);
  REQUIRE(r.ok());
  return *r.scenario;
}

RunResult run(const ScenarioSpec& s) {
  RunOptions o;
  o.until = protocols::kEpoch + 7min;
  return simulate(s, o);
}

struct Seen {
  std::optional<Instant> command, ok, server_change, other_device;
};

}  // namespace

TEST_CASE("a folder, a flag and a move made on one IMAP device show on the other", "[sim][imap]") {
  RunResult r = run(two_imap_devices());
  const Trace& tr = r.trace;
  Seen create, flag, move;
  std::string create_tag, flag_tag, move_tag;
  for (const auto& e : tr.entries()) {
    if (auto* c = std::get_if<CommandRecord>(&e.record); c && tr.host_name(c->from) == "bob-pc") {
      if (c->verb == "CREATE" && c->line.find("Archive") != std::string::npos) create.command = e.t, create_tag = c->tag;
      if (c->verb == "UID STORE" && c->line.find("+FLAGS (\\Flagged)") != std::string::npos)
        flag.command = e.t, flag_tag = c->tag;
      if (c->verb == "UID MOVE" && c->line.find(" 1 Archive") != std::string::npos) move.command = e.t, move_tag = c->tag;
    }
    if (auto* rep = std::get_if<ReplyRecord>(&e.record); rep && tr.host_name(rep->to) == "bob-pc" && rep->status == "OK") {
      if (!create_tag.empty() && rep->tag == create_tag) create.ok = e.t;
      if (!flag_tag.empty() && rep->tag == flag_tag) flag.ok = e.t;
      if (!move_tag.empty() && rep->tag == move_tag) move.ok = e.t;
    }
    if (auto* m = std::get_if<MailboxRecord>(&e.record); m && m->user == "bob") {
      std::string host = tr.host_name(m->host);
      if (host == "mail.b.example" && to_string(m->action) == "create" && m->folder == "Archive") create.server_change = e.t;
      if (host == "mail.b.example" && to_string(m->action) == "flags" && m->folder == "INBOX" && mailbox_msg_code(*m) == "uid 2" && flag.command)
        flag.server_change = e.t;
      if (host == "mail.b.example" && to_string(m->action) == "move" && m->folder == "Archive") move.server_change = e.t;
      if (host == "bob-phone" && to_string(m->action) == "sees new folder" && m->folder == "Archive") create.other_device = e.t;
      if (host == "bob-phone" && to_string(m->action) == "sees flags" && mailbox_msg_code(*m).find("\\Flagged") != std::string::npos)
        flag.other_device = e.t;
      if (host == "bob-phone" && to_string(m->action) == "sees expunge" && mailbox_msg_code(*m) == "message 1") move.other_device = e.t;
    }
  }
  for (Seen* s : {&create, &flag, &move}) {
    REQUIRE(s->command);
    REQUIRE(s->ok);
    REQUIRE(s->server_change);
    REQUIRE(s->other_device);
    CHECK(*s->command <= *s->ok);  // the server records both at once
    CHECK(*s->server_change <= *s->ok);
    CHECK(*s->other_device > *s->server_change);
  }
  CHECK(*create.command >= protocols::kEpoch + 3min + 30s);
  CHECK(*flag.command >= protocols::kEpoch + 4min + 30s);
  CHECK(*move.command >= protocols::kEpoch + 5min + 30s);
  // The phone hears the flag and the expunge in IDLE, within a round trip; the folder only
  // at its next check (IMAP4rev1 has no untagged news of another session's CREATE).
  CHECK(*flag.other_device - *flag.server_change < 1s);
  CHECK(*move.other_device - *move.server_change < 1s);
  CHECK(*create.other_device >= protocols::kEpoch + 4min);
  // What the phone was told, in the IMAP replies themselves.
  bool flags_line = false, expunge_line = false;
  for (const auto& e : tr.entries())
    if (auto* rep = std::get_if<ReplyRecord>(&e.record); rep && tr.host_name(rep->to) == "bob-phone" && rep->tag == "*")
      for (const auto& l : rep->lines) {
        flags_line |= l.rfind("* 2 FETCH (FLAGS (\\Seen \\Flagged", 0) == 0;
        expunge_line |= l == "* 1 EXPUNGE" && e.t >= *move.server_change;
      }
  CHECK(flags_line);
  CHECK(expunge_line);
}

TEST_CASE("the laptop leaves IDLE for its actions and returns to it", "[sim][imap]") {
  RunResult r = run(two_imap_devices());
  std::vector<std::string> verbs;
  for (const auto& e : r.trace.entries())
    if (auto* c = std::get_if<CommandRecord>(&e.record);
        c && r.trace.host_name(c->from) == "bob-pc" && e.t >= protocols::kEpoch + 3min)
      verbs.push_back(c->verb);
  CHECK(verbs == std::vector<std::string>{"DONE", "CREATE", "IDLE", "DONE", "UID STORE", "IDLE", "DONE", "UID MOVE", "IDLE"});
}

TEST_CASE("the two-device IMAP scenario gives the same trace for the same seed", "[sim][imap][determinism]") {
  ScenarioSpec s = two_imap_devices();
  auto jsonl = [](const RunResult& r) {
    std::string out;
    for (const auto& e : r.trace.entries()) out += to_jsonl(e, r.trace) + "\n";
    return out;
  };
  std::string a = jsonl(run(s));
  REQUIRE(a.size() > 10000);
  CHECK(a == jsonl(run(s)));
}
