// Loading a lesson or an exercise file for the window (see course_file.hpp).
#include "visual/course_file.hpp"

#include "lessons/course.hpp"

namespace visual {

std::optional<CourseFile> load_course_file(const std::string& path, std::string* error) {
  CourseFile f;
  if (lessons::file_kind(path) == lessons::FileKind::Exercise) {
    lessons::ExerciseLoad load = lessons::load_exercise(path);
    if (!load.exercise) {
      if (error) *error = lessons::problems_text(load.problems);
      return std::nullopt;
    }
    f.exercise = std::make_unique<ExerciseSession>(std::move(*load.exercise));
    return f;
  }
  lessons::LessonLoad load = lessons::load_lesson(path);
  if (!load.lesson) {
    if (error) *error = lessons::problems_text(load.problems);
    return std::nullopt;
  }
  f.lesson = std::make_unique<LessonSession>(std::move(*load.lesson));
  return f;
}

}  // namespace visual
