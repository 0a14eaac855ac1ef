// Fuzz targets for the files a run reads: the scenario loader (sim::load_scenario_text)
// and the input-log reader (sim::read_input_log). For the loader: arbitrary text as a
// scenario file. Invariants: no crash, no exception escapes (the loader turns every
// problem into a Problem with a position), a result is either a scenario or problems.
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "sim/input_log.hpp"
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

// The input-log reader takes a path, so the input goes through a file of this process's
// own (the reader is line-oriented and cheap; the file costs little next to it).
// Invariant: a log that reads, written again, reads back equal (write -> read round trip).
int fuzz_input_log(const std::uint8_t* data, std::size_t size) {
  static const std::filesystem::path dir = std::filesystem::temp_directory_path();
  static const std::string pid = std::to_string(::getpid());
  static const std::string in_path = (dir / ("mailsim_fuzz_input_" + pid)).string();
  static const std::string out_path = (dir / ("mailsim_fuzz_output_" + pid)).string();
  {
    std::ofstream f(in_path, std::ios::binary | std::ios::trunc);
    f.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  sim::InputLog log, again;
  std::string error;
  if (!sim::read_input_log(in_path, &log, &error)) {
    FUZZ_CHECK(!error.empty());
    return 0;
  }
  FUZZ_CHECK(sim::write_input_log(out_path, log, &error));
  FUZZ_CHECK(sim::read_input_log(out_path, &again, &error));
  FUZZ_CHECK(again == log);
  return 0;
}
