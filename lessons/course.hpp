// The shipped course: the lesson and exercise files in a content folder, in file-name order
// (the numeric prefix, e.g. "02_smtp_phases.json", is the syllabus order), with their ids
// and titles, for the front end's lesson picker and `mailsim lesson --list`.
// Leaves out: checking the files in full (load_lesson / load_exercise do that when opened).
#pragma once
#include <string>
#include <vector>

#include "lessons/json_reader.hpp"

namespace lessons {

struct CourseItem {
  std::string file;  // full path
  std::string id;
  sim::Localized title;
  bool exercise = false;
};

// Where the shipped content lives: $MAILSIM_LESSONS, else the source tree's lessons/content.
std::string content_dir();

// What a JSON file is, by the format key near its start ("mailsim_lesson",
// "mailsim_exercise", else a scenario's "mailsim"): which loader to hand it to.
enum class FileKind { Scenario, Lesson, Exercise };
FileKind file_kind(const std::string& path);

// Problems as the lines `mailsim check` prints (file:line:col: /path: message).
std::string problems_text(const Problems& problems);

// Lessons of `dir` then exercises of `dir`/exercises, each in file-name order. A file that
// is not valid JSON, or lacks an id, is reported in `problems` and left out.
std::vector<CourseItem> list_course(const std::string& dir, Problems& problems);

}  // namespace lessons
