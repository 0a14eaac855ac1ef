// The flags a mail server's mailbox records carry (docs/trace.md `mailbox`): bob's phone reads
// and sets \Seen, his laptop (scripted IMAP actions) flags a message \Flagged and then
// \Deleted and marks another unread again, and a console session marks a third \Deleted and
// expunges. Each store change records the flags it left, at the time it made them.
#include <catch2/catch.hpp>

#include <map>
#include <optional>

#include "sim/run.hpp"
#include "sim/scenario_loader.hpp"
#include "sim/trace_format.hpp"

using namespace std::chrono_literals;
using namespace sim;

namespace {

ScenarioSpec flags_world() {
  LoadResult l = load_scenario(std::string(MAILSIM_SOURCE_DIR) + "/assets/scenarios/default.json");
  REQUIRE(l.ok());
  ScenarioSpec s = *l.scenario;
  for (HostSpec& h : s.hosts) {
    if (h.name != "bob-pc") continue;
    ReaderSpec r;
    r.protocol = "imap";
    r.at = 60s;
    r.idle = true;
    auto act = [](Duration at, const char* what, std::uint32_t uid, const char* flag) {
      ImapActionSpec a;
      a.at = at;
      a.what = what;
      a.uid = uid;
      a.flag = flag;
      return a;
    };
    r.actions = {act(120s, "flag", 1, "\\Flagged"), act(150s, "flag", 1, "\\Deleted"), act(160s, "unflag", 2, "\\Seen")};
    h.agent.read = r;
  }
  return s;
}

RunResult run_flags_world() {
  RunOptions o;
  o.until = protocols::kEpoch + 4min;
  // A student at the console logs in, selects, and at 180 s pastes two lines at once: uid 2
  // marked \Deleted, then EXPUNGE. They arrive in one segment, so the server carries out both
  // commands (RFC 3501 §5.5 pipelining) before it records either change.
  const std::pair<Duration, const char*> lines[] = {{165s, "t1 LOGIN bob bob-secret"},
                                                    {170s, "t2 SELECT INBOX"},
                                                    {180s, "t3 UID STORE 2 +FLAGS (\\Deleted)\r\nt4 EXPUNGE"},
                                                    {190s, "t5 LOGOUT"}};
  for (const auto& [at, line] : lines)
    o.input.push_back(InputEvent{protocols::kEpoch + at, "telnet", "mail.b.example:143", line});
  return simulate(flags_world(), o);
}

struct Change {
  std::uint64_t n;  // trace entry (TraceEntry::n's type, so the test builds on wasm32 too)
  Instant t;
  std::string action, msg;
  std::vector<MessageFlags> flags;
};

// The store changes of bob's INBOX on mail.b.example, in trace order.
std::vector<Change> inbox_changes(const RunResult& r) {
  std::vector<Change> out;
  for (const auto& e : r.trace.entries())
    if (auto* m = std::get_if<MailboxRecord>(&e.record);
        m && r.trace.host_name(m->host) == "mail.b.example" && m->user == "bob" && m->folder == "INBOX")
      out.push_back({e.n, e.t, std::string(to_string(m->action)), mailbox_msg_code(*m), m->flags()});
  return out;
}

// "uid 1,2" -> {1, 2}.
std::vector<std::uint32_t> uids_in(const std::string& msg) {
  std::vector<std::uint32_t> out;
  if (msg.rfind("uid ", 0) != 0) return out;
  for (std::size_t at = 4; at < msg.size(); at = msg.find(',', at) + 1) {
    out.push_back(static_cast<std::uint32_t>(std::stoul(msg.substr(at))));
    if (msg.find(',', at) == std::string::npos) break;
  }
  return out;
}

// A message's flags as the records say at time t (nullopt: not there).
std::optional<std::string> flags_at(const std::vector<Change>& cs, std::uint32_t uid, Instant t) {
  std::optional<std::string> now;
  for (const Change& c : cs) {
    if (c.t > t) break;
    for (const MessageFlags& f : c.flags)
      if (f.uid == uid) now = f.flags;
    if (c.action == "expunge")
      for (std::uint32_t gone : uids_in(c.msg))
        if (gone == uid) now.reset();
  }
  return now;
}

}  // namespace

TEST_CASE("a mail server's mailbox records carry each message's flags after the change", "[sim][imap][store]") {
  RunResult r = run_flags_world();
  std::vector<Change> cs = inbox_changes(r);
  REQUIRE(cs.size() >= 8);
  // Both messages arrive with no flags; the phone reads them and sets \Seen.
  REQUIRE(cs[0].action == "append");
  CHECK(cs[0].flags == std::vector<MessageFlags>{{1, ""}});
  const auto at = [](Duration d) { return protocols::kEpoch + d; };
  CHECK(flags_at(cs, 1, at(110s)) == "\\Seen");
  CHECK(flags_at(cs, 2, at(110s)) == "\\Seen");
  // The laptop's actions, in the order they were scripted, each recorded with the flags it left.
  CHECK(flags_at(cs, 1, at(130s)) == "\\Seen \\Flagged");
  CHECK(flags_at(cs, 1, at(155s)) == "\\Seen \\Flagged \\Deleted");
  CHECK(flags_at(cs, 2, at(155s)) == "\\Seen");
  CHECK(flags_at(cs, 2, at(170s)) == "");  // unread again
  // The console's two pasted lines: uid 2's flags as STORE left them, though the EXPUNGE
  // removed the message before the server recorded either change.
  std::optional<std::size_t> deleted2, expunge;
  for (std::size_t i = 0; i < cs.size(); ++i) {
    if (cs[i].action == "flags" && cs[i].flags == std::vector<MessageFlags>{{2, "\\Deleted"}}) deleted2 = i;
    if (cs[i].action == "expunge") expunge = i;
  }
  REQUIRE(deleted2);
  REQUIRE(expunge);
  CHECK(*deleted2 + 1 == *expunge);
  CHECK(cs[*deleted2].t >= at(180s));
  std::optional<std::size_t> expunge_command;
  for (const auto& e : r.trace.entries())
    if (auto* c = std::get_if<CommandRecord>(&e.record); c && c->line == "t4 EXPUNGE") expunge_command = e.n;
  REQUIRE(expunge_command);
  CHECK(cs[*expunge].n < *expunge_command);  // both changes were made before either was recorded
  CHECK(cs[*expunge].msg == "uid 1,2");  // EXPUNGE removes every \Deleted message
  CHECK(cs[*expunge].flags.empty());
  CHECK_FALSE(flags_at(cs, 1, at(200s)));
  CHECK_FALSE(flags_at(cs, 2, at(200s)));
  // Records of other kinds of change carry no flags.
  for (const Change& c : cs)
    if (c.action != "append" && c.action != "flags") CHECK(c.flags.empty());
}

TEST_CASE("a flags change prints its flags in JSONL and text", "[sim][imap][trace]") {
  RunResult r = run_flags_world();
  std::string jsonl, text;
  for (const auto& e : r.trace.entries())
    if (auto* m = std::get_if<MailboxRecord>(&e.record); m && to_string(m->action) == "flags" && mailbox_msg_code(*m) == "uid 1" &&
                                                         !m->flags().empty() && m->flags()[0].flags == "\\Seen \\Flagged") {
      jsonl = to_jsonl(e, r.trace);
      text = to_text(e, r.trace, false);
    }
  CHECK(jsonl.find(R"("kind":"mailbox","host":"mail.b.example","user":"bob","folder":"INBOX","action":"flags","msg":"uid 1","flags":{"1":"\\Seen \\Flagged"}})") !=
        std::string::npos);
  CHECK(text.find(R"(MBOX  flags INBOX uid 1 (\Seen \Flagged))") != std::string::npos);
}

TEST_CASE("a move records where its messages came from and the flags they brought", "[sim][imap][store]") {
  LoadResult l = load_scenario(std::string(MAILSIM_SOURCE_DIR) + "/assets/scenarios/default.json");
  REQUIRE(l.ok());
  ScenarioSpec s = *l.scenario;
  for (HostSpec& h : s.hosts)
    if (h.name == "bob-pc") {
      h.agent.read = ReaderSpec{};
      h.agent.read.protocol = "imap";
      h.agent.read.at = 60s;
      ImapActionSpec create, move;
      create.at = 90s;
      create.what = "create";
      create.folder = "Archive";
      move.at = 100s;
      move.what = "move";
      move.uid = 1;
      move.to = "Archive";
      h.agent.read.actions = {create, move};
    }
  RunOptions o;
  o.until = protocols::kEpoch + 3min;
  RunResult r = simulate(s, o);
  const MailboxRecord* moved = nullptr;
  for (const auto& e : r.trace.entries())
    if (auto* m = std::get_if<MailboxRecord>(&e.record); m && to_string(m->action) == "move") moved = m;
  REQUIRE(moved);
  CHECK(moved->folder == "Archive");
  CHECK(mailbox_msg_code(*moved) == "uid 1");
  CHECK(moved->source_folder() == "INBOX");
  CHECK(moved->source_uids() == std::vector<std::uint32_t>{1});
  CHECK(moved->flags() == std::vector<MessageFlags>{{1, "\\Seen"}});
}

TEST_CASE("the flags in the trace are the same for the same seed", "[sim][imap][determinism]") {
  auto jsonl = [](const RunResult& r) {
    std::string out;
    for (const auto& e : r.trace.entries()) out += to_jsonl(e, r.trace) + "\n";
    return out;
  };
  std::string a = jsonl(run_flags_world());
  REQUIRE(a.find("\"flags\":{\"1\":\"\\\\Seen \\\\Flagged \\\\Deleted\"}") != std::string::npos);
  CHECK(a == jsonl(run_flags_world()));
}
