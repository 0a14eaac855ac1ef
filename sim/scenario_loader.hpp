// Loads a scenario file (JSON, format version "mailsim": 1) into a ScenarioSpec, or reports
// every problem found, each with file, line, column and JSON pointer. docs/scenario.md is
// the reference for the shape and lists every message.
// Leaves out: building the world (World does that from the ScenarioSpec) and resolving
// "hostA-hostB" fault targets beyond checking that they name hosts and a link between them.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/scenario.hpp"

namespace sim {

struct Problem {
  SourcePos pos;  // line 0 when the problem has no place in the text (an unreadable file)
  std::string message;
};

// Either a scenario (problems empty) or the problems that prevented it.
struct LoadResult {
  std::optional<ScenarioSpec> scenario;
  std::vector<Problem> problems;
  bool ok() const { return scenario.has_value() && problems.empty(); }
};

// Never throws: I/O and JSON syntax errors become problems too.
LoadResult load_scenario(const std::string& path);
LoadResult load_scenario_text(std::string_view text, std::string file);

// "file:line:col: /json/path: message"; the root path prints as "/"; a problem without a
// place prints as "file: message".
std::string format_problem(const Problem& problem);

}  // namespace sim
