// A lesson or an exercise file opened for the window: read by its format key
// (lessons::file_kind) into the session that plays it. One loader for the command line
// (gui --lesson / --exercise) and the course picker.
#pragma once
#include <memory>
#include <optional>
#include <string>

#include "visual/exercise_session.hpp"
#include "visual/lesson_session.hpp"

namespace visual {

struct CourseFile {
  std::unique_ptr<LessonSession> lesson;      // one of the two
  std::unique_ptr<ExerciseSession> exercise;
};

// The session, or nullopt with the file's problems (file:line:col: /path: message lines).
std::optional<CourseFile> load_course_file(const std::string& path, std::string* error);

}  // namespace visual
