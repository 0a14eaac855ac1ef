// Fuzz target for the scenario loader (sim::load_scenario_text): arbitrary text as a
// scenario file. Invariants: no crash, no exception escapes (the loader turns every
// problem into a Problem with a position), a result is either a scenario or problems.
#include "sim/scenario_loader.hpp"
#include "tests/fuzz/fuzz_targets.hpp"
#include "tests/fuzz/fuzz_util.hpp"

int fuzz_scenario(const std::uint8_t* data, std::size_t size) {
  sim::LoadResult r = sim::load_scenario_text(fuzz::whole(data, size), "fuzz.json");
  FUZZ_CHECK(r.scenario.has_value() || !r.problems.empty());
  for (const auto& p : r.problems) {
    FUZZ_CHECK(!sim::format_problem(p).empty());
    FUZZ_CHECK(p.pos.line >= 0 && p.pos.col >= 0);
  }
  return 0;
}
