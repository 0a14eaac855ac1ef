// The lesson and exercise subcommands: `mailsim lesson FILE` plays a lesson headless, and
// `mailsim exercise FILE` replays an exercise run, asks its questions and grades answers;
// `mailsim grade RESULT...` makes a gradebook of a class's results.
// main.cpp dispatches to these; docs/lessons.md describes both file formats.
#pragma once
#include <string>
#include <vector>

namespace app {

int cmd_lesson(const std::vector<std::string>& args);
int cmd_exercise(const std::vector<std::string>& args);
int cmd_grade(const std::vector<std::string>& args);  // a gradebook from exercise results

}  // namespace app
