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
