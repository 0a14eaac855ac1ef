// Re-runs in slices (the web page, which has one thread): each adopt_finished() takes the
// run on by about Model::kSliceBudget and returns; the run adopted at the end is the one a
// worker thread makes, record for record.
#include <catch2/catch.hpp>

#include <chrono>

#include "sim/scenario_loader.hpp"
#include "sim/trace_format.hpp"
#include "visual/model.hpp"
#include "fixtures.hpp"

using namespace vtest;

namespace {
std::string jsonl(const sim::Trace& t) {
  std::string out;
  for (const auto& e : t.entries()) out += sim::to_jsonl(e, t) + "\n";
  return out;
}

sim::InputEvent fault_event(protocols::Instant at, std::string text) { return sim::InputEvent{at, "fault", "", std::move(text)}; }

sim::ScenarioSpec default_scenario() {
  sim::LoadResult l = sim::load_scenario(std::string(MAILSIM_SOURCE_DIR) + "/assets/scenarios/default.json");
  REQUIRE(l.scenario);
  return *l.scenario;
}
}  // namespace

TEST_CASE("a re-run in slices keeps each call short and ends with the threaded run", "[visual][model][slices]") {
  const sim::ScenarioSpec s = default_scenario();
  visual::Model threaded(s);
  visual::Model sliced(s);
  sliced.rerun_in_slices(true);
  const sim::InputEvent fault = fault_event(ms(1'200), "power-off mail.b.example");
  threaded.request_input(fault);
  threaded.wait_for_reruns();
  sliced.request_input(fault);
  REQUIRE(sliced.rerunning());
  int calls = 0;
  double longest_ms = 0;
  for (bool adopted = false; !adopted; ++calls) {
    auto t0 = std::chrono::steady_clock::now();
    adopted = sliced.adopt_finished();
    longest_ms = std::max(longest_ms, std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }
  CHECK_FALSE(sliced.rerunning());
  REQUIRE(sliced.input() == threaded.input());
  CHECK(jsonl(sliced.trace()) == jsonl(threaded.trace()));
  UNSCOPED_INFO("slices " << calls << ", longest call " << longest_ms << " ms");
  CHECK(calls >= 1);
}

TEST_CASE("clicks made during a sliced re-run join the next one", "[visual][model][slices]") {
  visual::Model m(echo_scenario());
  m.rerun_in_slices(true);
  m.request_input(fault_event(ms(1'050), "loss router-server.example 30%"));
  m.request_input(fault_event(ms(1'060), "latency client.example-router 50ms"));
  m.wait_for_reruns();
  REQUIRE(m.input().size() == 2);
  sim::RunOptions o;
  o.seed = echo_scenario().seed;
  o.input = m.input();
  CHECK(jsonl(sim::simulate(echo_scenario(), o).trace) == jsonl(m.trace()));
}
