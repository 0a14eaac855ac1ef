// An exercise replayed in the front end (see exercise_session.hpp).
#include "visual/exercise_session.hpp"

#include <fstream>

#include "lessons/exercise_digest.hpp"

namespace visual {

ExerciseSession::ExerciseSession(lessons::Exercise exercise)
    : exercise_(std::move(exercise)), run_(lessons::run_exercise(exercise_)), answered_(run_.questions.size(), false) {
  result_.exercise = exercise_.id;
  result_.file = exercise_.file;
  result_.exercise_digest = lessons::exercise_digest(exercise_.file, exercise_);
  result_.trace_digest = lessons::trace_digest(run_.run.trace);
  for (const lessons::PlacedQuestion& q : run_.questions) result_.questions.push_back({q.question->id, false, false, nullptr});
}

protocols::Instant ExerciseSession::pause_time(std::size_t k) const { return run_.questions.at(k).pause_time; }

protocols::Instant ExerciseSession::limit() const {
  return done() ? run_.run.end : pause_time(current_);
}

void ExerciseSession::answer(const lessons::json& given) {
  if (done() || answered_[current_]) return;
  answered_[current_] = true;
  lessons::QuestionResult& r = result_.questions[current_];
  r.given = given;
  r.answered = !given.is_null();
  r.correct = lessons::is_correct(run_.questions[current_], given);
}

void ExerciseSession::continue_on() {
  if (!done() && answered_[current_]) ++current_;
}

lessons::ExerciseResult ExerciseSession::result(const std::string& student) const {
  lessons::ExerciseResult r = result_;
  r.student = student;
  return r;
}

bool ExerciseSession::save(const std::string& path, const std::string& student) const {
  std::ofstream f(path, std::ios::binary);
  f << result(student).to_json(run_).dump(2) << "\n";
  return static_cast<bool>(f.flush());
}

}  // namespace visual
