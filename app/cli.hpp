// Shared pieces of the mailsim command line: argument scanning, asset lookup, exit codes.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "sim/scenario.hpp"
#include "sim/trace.hpp"

namespace app {

constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitBadInput = 2;  // bad arguments or a malformed scenario/lesson file

// A tiny argument scanner: flags with values ("--seed 3" or "--seed=3"), repeated flags,
// positional arguments; unknown flags are reported, not ignored.
class Args {
 public:
  Args(std::vector<std::string> argv) : argv_(std::move(argv)) {}
  // Returns false (with `error` set) on a malformed command line.
  bool parse(const std::vector<std::string>& with_value, const std::vector<std::string>& switches,
             std::string* error);
  bool has(const std::string& flag) const;
  std::optional<std::string> value(const std::string& flag) const;  // last occurrence
  std::vector<std::string> values(const std::string& flag) const;    // every occurrence
  const std::vector<std::string>& positional() const { return positional_; }

 private:
  std::vector<std::string> argv_;
  std::vector<std::pair<std::string, std::string>> flags_;
  std::vector<std::string> positional_;
};

// The language every subcommand uses when --lang is not given: from the locale, the first
// of LC_ALL, LC_MESSAGES, LANG that is set and not empty (POSIX's order); "zh" when it
// starts with "zh" (zh_CN.UTF-8, zh_TW, zh), else "en".
std::string default_lang();

// Where shipped files live: $MAILSIM_ASSETS, else the source tree's assets/.
std::string assets_dir();
std::string default_scenario_path();
// The lesson bare `mailsim` opens (the course's first: the parts of an e-mail system), or
// empty when the course is not where lessons::content_dir() looks.
std::string default_lesson_path();

// Loads a scenario; prints problems as file:line:col: path: message; nullopt on failure.
std::optional<sim::ScenarioSpec> load_or_report(const std::string& path);

int cmd_run(const std::vector<std::string>& args);
int cmd_check(const std::vector<std::string>& args);
int cmd_gui(const std::vector<std::string>& args);
int cmd_serve(const std::vector<std::string>& args);
int cmd_scenario(const std::vector<std::string>& args);  // mailsim scenario format

// Writes a trace as JSONL; false with a message on failure.
bool write_trace_file(const std::string& path, const sim::Trace& trace, std::string* error);

}  // namespace app
