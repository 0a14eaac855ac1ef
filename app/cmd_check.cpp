// mailsim check: validate scenario, lesson and exercise files (each by its format key);
// each problem as file:line:col: path: message.
#include <cstdio>

#include "app/cli.hpp"
#include "lessons/course.hpp"
#include "lessons/exercise.hpp"
#include "lessons/lesson.hpp"
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
              "Validates scenario, lesson and exercise files (told apart by their format key:\n"
              "\"mailsim\", \"mailsim_lesson\", \"mailsim_exercise\"). Each problem is printed as\n"
              "  file:line:col: /json/path: message\n"
              "Exit code 0 when every file is valid, 2 otherwise.");
    return kExitOk;
  }
  int bad = 0;
  for (const std::string& path : args.positional()) {
    std::vector<sim::Problem> problems;
    switch (lessons::file_kind(path)) {
      case lessons::FileKind::Lesson: problems = lessons::load_lesson(path).problems; break;
      case lessons::FileKind::Exercise: problems = lessons::load_exercise(path).problems; break;
      case lessons::FileKind::Scenario: problems = sim::load_scenario(path).problems; break;
    }
    for (const auto& p : problems) std::printf("%s\n", sim::format_problem(p).c_str());
    if (!problems.empty()) ++bad;
    else std::fprintf(stderr, "%s: ok\n", path.c_str());
  }
  return bad ? kExitBadInput : kExitOk;
}

}  // namespace app
