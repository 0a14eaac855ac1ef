// Fuzz target for course files, which have their own reader (lessons/json_reader): arbitrary
// text as a lesson and as an exercise. Invariants: no crash, no exception escapes, each load
// gives either the file or problems, and every problem prints with its place. A "scenario"
// the text names is read from disk like any other (the loader refuses devices and pipes).
#include "lessons/exercise.hpp"
#include "lessons/lesson.hpp"
#include "tests/fuzz/fuzz_targets.hpp"
#include "tests/fuzz/fuzz_util.hpp"

int fuzz_course(const std::uint8_t* data, std::size_t size) {
  const std::string text(fuzz::whole(data, size));
  lessons::LessonLoad l = lessons::load_lesson_text(text, "fuzz.json");
  FUZZ_CHECK(l.lesson.has_value() != !l.problems.empty());
  for (const auto& p : l.problems) FUZZ_CHECK(!sim::format_problem(p).empty() && p.pos.line >= 0 && p.pos.col >= 0);
  lessons::ExerciseLoad e = lessons::load_exercise_text(text, "fuzz.json");
  FUZZ_CHECK(e.exercise.has_value() != !e.problems.empty());
  for (const auto& p : e.problems) FUZZ_CHECK(!sim::format_problem(p).empty() && p.pos.line >= 0 && p.pos.col >= 0);
  return 0;
}
