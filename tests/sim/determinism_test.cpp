// Determinism: the same scenario, seed and input log give a byte-identical trace; with loss,
// a different seed gives a different one; two worlds can run side by side.
#include <catch2/catch.hpp>

#include "sim/run.hpp"
#include "sim/trace_format.hpp"
#include "world_fixture.hpp"

using namespace std::chrono_literals;

namespace {
sim::ScenarioSpec echo_world(double loss) {
  sim::ScenarioSpec s = test::three_hosts(loss);
  s.hosts[0].kind = "echo-client";
  s.hosts[0].echo.connect_to = "b";
  s.hosts[0].echo.at = 1s;
  for (int i = 0; i < 50; ++i) s.hosts[0].echo.lines.push_back("line " + std::to_string(i) + std::string(i * 20, 'x'));
  s.hosts[2].kind = "echo-server";
  return s;
}
std::string jsonl(const sim::RunResult& r) {
  std::string out;
  for (const auto& e : r.trace.entries()) out += sim::to_jsonl(e, r.trace) + "\n";
  return out;
}
}  // namespace

TEST_CASE("two runs of the same scenario and seed give byte-identical JSONL", "[sim][determinism]") {
  sim::ScenarioSpec s = echo_world(0.1);
  sim::RunOptions o;
  o.seed = 42;
  o.input.push_back(sim::InputEvent{protocols::kEpoch + 1500ms, "fault", "", "latency r-b 80ms"});
  std::string a = jsonl(sim::simulate(s, o));
  std::string b = jsonl(sim::simulate(s, o));
  REQUIRE(a.size() > 1000);
  REQUIRE(a == b);
}

TEST_CASE("with loss, different seeds give different traces", "[sim][determinism]") {
  sim::ScenarioSpec s = echo_world(0.1);
  sim::RunOptions o1, o2;
  o1.seed = 1;
  o2.seed = 2;
  CHECK(jsonl(sim::simulate(s, o1)) != jsonl(sim::simulate(s, o2)));
}

TEST_CASE("the echo client's lines all come back, through loss", "[sim][determinism][echo]") {
  sim::ScenarioSpec s = echo_world(0.1);
  sim::RunResult r = sim::simulate(s, sim::RunOptions{});
  int echoed = 0, commands = 0;
  for (const auto& e : r.trace.entries()) {
    if (auto* n = std::get_if<sim::NoteRecord>(&e.record); n && note_text_code(*n).rfind("echoed: line ", 0) == 0) ++echoed;
    if (auto* c = std::get_if<sim::CommandRecord>(&e.record); c && c->proto == protocols::Proto::ECHO) ++commands;
  }
  CHECK(echoed == 50);
  CHECK(commands == 50);
}

TEST_CASE("an input-log fault lands in the trace at its time", "[sim][determinism]") {
  sim::ScenarioSpec s = echo_world(0.0);
  sim::RunOptions o;
  o.input.push_back(sim::InputEvent{protocols::kEpoch + 2s, "fault", "", "power-off b"});
  sim::RunResult r = sim::simulate(s, o);
  bool found = false;
  for (const auto& e : r.trace.entries())
    if (auto* f = std::get_if<sim::FaultRecord>(&e.record)) {
      found = to_string(f->action) == "power-off" && f->target == "b" && to_string(f->source) == "input" && e.t == protocols::kEpoch + 2s;
    }
  CHECK(found);
}
