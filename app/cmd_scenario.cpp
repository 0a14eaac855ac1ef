// mailsim scenario format FILE [--in-place | --check]: the canonical form of a scenario file
// (sim/scenario_writer.hpp), printed, written back, or checked.
#include <cstdio>
#include <fstream>

#include "app/cli.hpp"
#include "sim/read_file.hpp"
#include "sim/scenario_loader.hpp"
#include "sim/scenario_writer.hpp"

namespace app {

namespace {
const char* kScenarioHelp =
    "usage: mailsim scenario format FILE [--in-place | --check]\n"
    "Prints the canonical form of a scenario file: keys in the documented order, values equal\n"
    "to their defaults left out, two-space indent, short objects on one line (docs/scenario.md).\n"
    "The file loads to the same world before and after; formatting twice changes nothing.\n"
    "\n"
    "  --in-place   write the canonical form back to FILE instead of printing it\n"
    "  --check      print nothing; exit 1 (naming the file) when FILE is not canonical\n"
    "\n"
    "Exit code 0 on success, 1 when --check finds a file that is not canonical or FILE cannot\n"
    "be written, 2 for bad arguments or a malformed scenario (each problem as\n"
    "file:line:col: /json/path: message).\n";

int format(const std::string& path, bool in_place, bool check) {
  sim::LoadResult r = sim::load_scenario(path);
  for (const auto& p : r.problems) std::fprintf(stderr, "%s\n", sim::format_problem(p).c_str());
  if (!r.ok()) return kExitBadInput;
  std::string text = sim::write_scenario(*r.scenario);
  if (check) {
    sim::FileProblem problem;
    std::optional<std::string> now = sim::read_whole_file(path, &problem);
    if (now && *now == text) return kExitOk;
    std::fprintf(stderr, "%s: not in canonical form (mailsim scenario format --in-place %s)\n", path.c_str(),
                 path.c_str());
    return kExitFailure;
  }
  if (!in_place) {
    std::fwrite(text.data(), 1, text.size(), stdout);
    return kExitOk;
  }
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f << text;
  f.flush();
  if (!f) {
    std::fprintf(stderr, "mailsim scenario: cannot write %s\n", path.c_str());
    return kExitFailure;
  }
  return kExitOk;
}
}  // namespace

int cmd_scenario(const std::vector<std::string>& argv) {
  Args args(argv);
  std::string error;
  if (!args.parse({}, {"--in-place", "--check", "--help", "-h"}, &error)) {
    std::fprintf(stderr, "mailsim scenario: %s\n%s", error.c_str(), kScenarioHelp);
    return kExitBadInput;
  }
  if (args.has("--help") || args.has("-h")) {
    std::fputs(kScenarioHelp, stdout);
    return kExitOk;
  }
  const auto& pos = args.positional();
  if (pos.size() != 2 || pos[0] != "format") {
    std::fprintf(stderr, "mailsim scenario: %s\n%s",
                 pos.empty() || pos[0] != "format" ? "the only action is format" : "give one FILE", kScenarioHelp);
    return kExitBadInput;
  }
  if (args.has("--in-place") && args.has("--check")) {
    std::fprintf(stderr, "mailsim scenario: give --in-place or --check, not both\n");
    return kExitBadInput;
  }
  return format(pos[1], args.has("--in-place"), args.has("--check"));
}

}  // namespace app
