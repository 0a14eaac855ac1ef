// mailsim check: validate scenario files; each problem as file:line:col: path: message.
#include <cstdio>

#include "app/cli.hpp"
#include "sim/scenario_loader.hpp"

namespace app {

int cmd_check(const std::vector<std::string>& argv) {
  Args args(argv);
  std::string error;
  if (!args.parse({}, {"--help", "-h"}, &error) || (!args.has("--help") && args.positional().empty())) {
    std::fprintf(stderr, "%s%susage: mailsim check FILE...\n", error.empty() ? "" : ("mailsim check: " + error + "\n").c_str(), "");
    return kExitBadInput;
  }
  if (args.has("--help")) {
    std::puts("usage: mailsim check FILE...\n"
              "Validates scenario files. Each problem is printed as\n"
              "  file:line:col: /json/path: message\n"
              "Exit code 0 when every file is valid, 2 otherwise.");
    return kExitOk;
  }
  int bad = 0;
  for (const std::string& path : args.positional()) {
    sim::LoadResult r = sim::load_scenario(path);
    for (const auto& p : r.problems) std::printf("%s\n", sim::format_problem(p).c_str());
    if (!r.problems.empty()) ++bad;
    else std::fprintf(stderr, "%s: ok\n", path.c_str());
  }
  return bad ? kExitBadInput : kExitOk;
}

}  // namespace app
