// The classroom telnet exercise: lines typed by hand to a simulated server, as input-log
// entries, answered by the real engine, and replayed identically.
#include <catch2/catch.hpp>

#include "sim/run.hpp"
#include "sim/scenario_loader.hpp"
#include "sim/trace_format.hpp"

using namespace std::chrono_literals;

namespace {
sim::RunResult typed(const std::vector<std::pair<sim::Duration, std::string>>& lines) {
  sim::LoadResult l = sim::load_scenario(std::string(MAILSIM_SOURCE_DIR) + "/assets/scenarios/textbook.json");
  REQUIRE(l.ok());
  sim::RunOptions o;
  o.until = protocols::kEpoch + 1min;
  for (const auto& [at, line] : lines)
    o.input.push_back(sim::InputEvent{protocols::kEpoch + at, "telnet", "mail.b.example:25", line});
  return sim::simulate(*l.scenario, o);
}
std::vector<int> codes_to_console(const sim::RunResult& r) {
  std::vector<int> out;
  for (const auto& e : r.trace.entries())
    if (auto* rep = std::get_if<sim::ReplyRecord>(&e.record); rep && r.trace.host_name(rep->to) == "real-client")
      out.push_back(rep->code);
  return out;
}
}  // namespace

TEST_CASE("a forged MAIL FROM typed by hand is accepted: SMTP does not authenticate senders", "[sim][telnet][smtp]") {
  sim::RunResult r = typed({{2s, "HELO student"}, {3s, "MAIL FROM:<president@whitehouse.example>"},
                            {4s, "RCPT TO:<bob@b.example>"}, {5s, "DATA"}, {6s, "Subject: forged"}, {6s, ""},
                            {6s, "Not really from the president."}, {6s, "."}, {7s, "QUIT"}});
  CHECK(codes_to_console(r) == std::vector<int>{220, 250, 250, 250, 354, 250, 221});
  int appends = 0;
  for (const auto& e : r.trace.entries())
    if (auto* m = std::get_if<sim::MailboxRecord>(&e.record); m && m->user == "bob" && to_string(m->action) == "append") ++appends;
  CHECK(appends == 2);  // alice's message and the forged one
}

TEST_CASE("wrong commands typed by hand get 500 and 503 and the session goes on", "[sim][telnet][smtp]") {
  sim::RunResult r = typed({{2s, "HELO student"}, {3s, "RCPT TO:<bob@b.example>"}, {4s, "FROB"},
                            {5s, "MAIL FROM:<carol@c.example>"}, {6s, "RCPT TO:<nobody@b.example>"}, {7s, "QUIT"}});
  CHECK(codes_to_console(r) == std::vector<int>{220, 250, 503, 500, 250, 550, 221});
}

TEST_CASE("a telnet session replays byte for byte", "[sim][telnet][determinism]") {
  auto lines = std::vector<std::pair<sim::Duration, std::string>>{{2s, "EHLO x"}, {3s, "NOOP"}, {4s, "QUIT"}};
  sim::RunResult a = typed(lines), b = typed(lines);
  REQUIRE(a.trace.size() == b.trace.size());
  for (std::size_t i = 0; i < a.trace.size(); ++i)
    REQUIRE(sim::to_jsonl(a.trace.entries()[i], a.trace) == sim::to_jsonl(b.trace.entries()[i], b.trace));
}

namespace {
// The records of the console's session with `port`, in trace order: "S:<status or code>"
// for replies to the console, "C:<verb>" for its commands.
std::vector<std::string> console_dialogue(const sim::RunResult& r) {
  std::vector<std::string> out;
  for (const auto& e : r.trace.entries()) {
    if (auto* rep = std::get_if<sim::ReplyRecord>(&e.record); rep && r.trace.host_name(rep->to) == "real-client")
      out.push_back("S:" + (rep->code ? std::to_string(rep->code) : rep->status));
    if (auto* c = std::get_if<sim::CommandRecord>(&e.record); c && r.trace.host_name(c->from) == "real-client")
      out.push_back("C:" + c->verb);
  }
  return out;
}
sim::RunResult typed_to(const std::string& target, const std::vector<std::pair<sim::Duration, std::string>>& lines) {
  sim::LoadResult l = sim::load_scenario(std::string(MAILSIM_SOURCE_DIR) + "/assets/scenarios/textbook.json");
  REQUIRE(l.ok());
  sim::RunOptions o;
  o.until = protocols::kEpoch + 1min;
  for (const auto& [at, line] : lines) o.input.push_back(sim::InputEvent{protocols::kEpoch + at, "telnet", target, line});
  return sim::simulate(*l.scenario, o);
}
}  // namespace

// RFC 5321 §3.1: the client waits for the 220 before it speaks. A person at the console
// reads the greeting first; lines typed before it wait, in order, and leave after it.
TEST_CASE("the console waits for the 220 greeting before its first line", "[sim][telnet][smtp]") {
  sim::RunResult r = typed_to("mail.b.example:25", {{0s, "HELO student"}, {0s, "NOOP"}, {5s, "QUIT"}});
  CHECK(console_dialogue(r) == std::vector<std::string>{"S:220", "C:HELO", "S:250", "C:NOOP", "S:250", "C:QUIT", "S:221"});
  // On the wire too: the first data segment from the console leaves after the 220 arrived.
  std::optional<protocols::Instant> greeting_in, first_line_out;
  for (const auto& e : r.trace.entries()) {
    auto* s = std::get_if<sim::SegmentRecord>(&e.record);
    if (!s || s->len == 0) continue;
    if (!greeting_in && s->event == sim::SegmentEvent::Delivered && r.trace.host_name(s->to) == "real-client") greeting_in = e.t;
    if (!first_line_out && s->event == sim::SegmentEvent::Sent && r.trace.host_name(s->from) == "real-client") first_line_out = e.t;
  }
  REQUIRE(greeting_in);
  REQUIRE(first_line_out);
  CHECK(*first_line_out >= *greeting_in);
}

TEST_CASE("the console waits for POP3's +OK and IMAP's * OK greetings too", "[sim][telnet][pop3][imap]") {
  CHECK(console_dialogue(typed_to("mail.b.example:110", {{0s, "CAPA"}, {0s, "QUIT"}})) ==
        std::vector<std::string>{"S:+OK", "C:CAPA", "S:+OK", "C:QUIT", "S:+OK"});
  std::vector<std::string> imap = console_dialogue(typed_to("mail.b.example:143", {{0s, "a1 NOOP"}, {0s, "a2 LOGOUT"}}));
  REQUIRE(imap.size() >= 3);
  CHECK(imap[0] == "S:*");  // the greeting comes first
  CHECK(imap[1] == "C:NOOP");
}

// RFC 1939 §3: after ten idle minutes the server closes the session without UPDATE. The
// trace says so with a state record, so an exercise can wait for the logout.
TEST_CASE("POP3's idle autologout is a state record to CLOSED", "[sim][telnet][pop3]") {
  sim::LoadResult l = sim::load_scenario(std::string(MAILSIM_SOURCE_DIR) + "/assets/scenarios/textbook.json");
  REQUIRE(l.ok());
  sim::RunOptions o;
  o.until = protocols::kEpoch + 15min;
  o.input.push_back(sim::InputEvent{protocols::kEpoch + 1s, "telnet", "mail.b.example:110", "USER bob"});
  sim::RunResult r = sim::simulate(*l.scenario, o);
  std::optional<protocols::Instant> closed_at;
  std::string from;
  for (const auto& e : r.trace.entries())
    if (auto* s = std::get_if<sim::StateRecord>(&e.record); s && s->proto == protocols::Proto::POP3 && s->to == "CLOSED") {
      closed_at = e.t;
      from = s->from;
    }
  REQUIRE(closed_at);
  CHECK(from == "AUTHORIZATION");
  CHECK(*closed_at - protocols::kEpoch > 10min);
  CHECK(*closed_at - protocols::kEpoch < 10min + 2s);
}
