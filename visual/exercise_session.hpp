// An exercise replayed in the front end: the recorded run (scenario, seed, input log) shown
// whole, with the playback held at each question's pause until the student answers; the
// answer is graded, the truth and the explanation shown, and the run plays on to the next
// question. At the end, the score; the result saves as the JSON `mailsim exercise
// --result` writes (lessons/grader.hpp). No ImGui here: tests drive it directly.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "lessons/exercise.hpp"
#include "lessons/grader.hpp"

namespace visual {

class ExerciseSession {
 public:
  // Runs the exercise (lessons::run_exercise); problems() lists what could not be placed.
  explicit ExerciseSession(lessons::Exercise exercise);

  const lessons::Exercise& exercise() const { return exercise_; }
  const lessons::ExerciseRun& run() const { return run_; }
  const lessons::Problems& problems() const { return run_.problems; }

  std::size_t count() const { return run_.questions.size(); }
  // The question being asked or just answered; count() when all are done.
  std::size_t current() const { return current_; }
  bool done() const { return current_ >= count(); }
  const lessons::PlacedQuestion& question() const { return run_.questions.at(current_); }
  // Where the playback stops for question k (lessons::PlacedQuestion::pause_time): after the
  // record it is placed at, and before the record it asks about, which stays hidden with
  // everything after it until the question is answered.
  protocols::Instant pause_time(std::size_t k) const;
  // How far the playback may go now: the current question's pause until it is answered,
  // then the next one's after continue_on(); the end of the run when all are done.
  protocols::Instant limit() const;

  // Grades the answer to the current question (JSON as in an answers file); once only.
  void answer(const lessons::json& given);
  bool answered() const { return !done() && answered_[current_]; }
  const lessons::QuestionResult& result_of(std::size_t k) const { return result_.questions.at(k); }
  void continue_on();

  int score() const { return result_.score(); }
  lessons::ExerciseResult result(const std::string& student) const;
  // Writes the result JSON; false when the file cannot be written.
  bool save(const std::string& path, const std::string& student) const;

 private:
  lessons::Exercise exercise_;
  lessons::ExerciseRun run_;
  std::size_t current_ = 0;
  std::vector<bool> answered_;
  lessons::ExerciseResult result_;
};

}  // namespace visual
