// SteppedRun: a run taken in slices (the web page re-runs between frames) is simulate()'s
// run byte for byte, whatever the slice size, with and without a bound on time.
#include <catch2/catch.hpp>

#include "sim/run.hpp"
#include "sim/scenario_loader.hpp"
#include "sim/trace_format.hpp"

using namespace std::chrono_literals;

namespace {
std::string jsonl(const sim::RunResult& r) {
  std::string out;
  for (const auto& e : r.trace.entries()) out += sim::to_jsonl(e, r.trace) + "\n";
  return out;
}

sim::ScenarioSpec default_scenario() {
  sim::LoadResult l = sim::load_scenario(std::string(MAILSIM_SOURCE_DIR) + "/assets/scenarios/default.json");
  REQUIRE(l.scenario);
  return *l.scenario;
}

sim::RunResult in_slices(const sim::ScenarioSpec& s, const sim::RunOptions& o, std::uint64_t slice, int* slices) {
  sim::SteppedRun run(s, o);
  *slices = 1;
  while (!run.advance(slice)) ++*slices;
  return run.finish();
}
}  // namespace

TEST_CASE("a run in slices gives simulate()'s JSONL byte for byte", "[sim][determinism][stepped]") {
  sim::ScenarioSpec s = default_scenario();
  sim::RunOptions o;
  o.seed = s.seed;
  o.input.push_back(sim::InputEvent{protocols::kEpoch + 1200ms, "fault", "", "power-off mail.b.example"});
  o.input.push_back(sim::InputEvent{protocols::kEpoch + 40min, "fault", "", "power-on mail.b.example"});
  const sim::RunResult whole = sim::simulate(s, o);
  const std::string expected = jsonl(whole);
  REQUIRE(whole.events > 500);  // slices of 1 and 7 cut it in hundreds of places
  for (std::uint64_t slice : {std::uint64_t{1}, std::uint64_t{7}, std::uint64_t{2048}}) {
    int slices = 0;
    sim::RunResult r = in_slices(s, o, slice, &slices);
    CHECK(slices >= static_cast<int>(whole.events / slice));
    CHECK(r.end == whole.end);
    CHECK(r.events == whole.events);
    CHECK(jsonl(r) == expected);
  }
}

TEST_CASE("a bounded run in slices ends at its bound, as simulate() does", "[sim][determinism][stepped]") {
  sim::ScenarioSpec s = default_scenario();
  sim::RunOptions o;
  o.seed = s.seed;
  o.until = protocols::kEpoch + 1500ms;
  const sim::RunResult whole = sim::simulate(s, o);
  int slices = 0;
  sim::RunResult r = in_slices(s, o, 100, &slices);
  CHECK(r.end == protocols::kEpoch + 1500ms);
  CHECK(r.end == whole.end);
  CHECK(jsonl(r) == jsonl(whole));
}
