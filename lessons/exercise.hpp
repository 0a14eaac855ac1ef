// An exercise (format "mailsim_exercise": 1, docs/lessons.md): a recorded run (scenario,
// seed, input log) that pauses at trace records and asks questions. Answers are literals or
// computed from the run's own trace (lessons/expression.hpp), so an exercise stays true
// when the simulator changes. Its input is timed, or triggered by a trace record.
// Leaves out: grading (grader.hpp) and the console (app/cmd_exercise.cpp).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "lessons/condition.hpp"
#include "lessons/expression.hpp"
#include "lessons/json_reader.hpp"
#include "lessons/view.hpp"
#include "sim/run.hpp"

namespace lessons {

enum class QuestionType { Single, Multiple, Fill, Order, Match };
std::string_view to_string(QuestionType t);

struct Question {
  std::string id;
  Condition at;
  bool pause_before = false;  // pause just before the record rather than just after it
  QuestionType type = QuestionType::Single;
  sim::Localized prompt;
  std::vector<sim::Localized> choices;  // lettered A, B, C...; Match: the left column
  std::vector<sim::Localized> targets;  // Match only: the right column, numbered 1, 2, 3...
  json answer;                          // a literal answer (null when computed)
  std::optional<Expression> computed;
  std::vector<std::string> accept;      // Fill: further acceptable texts
  std::optional<protocols::Duration> tolerance;  // Fill, duration answers: how far off is right
  std::optional<double> number_tolerance;        // Fill, number answers: how far off is right
  // A copy for students (lessons/exercise_digest.hpp): the literal answer and the accepted
  // texts only as salted SHA-256 digests of their normal form; `answer` is null.
  struct Digest {
    std::string salt;
    std::vector<std::string> sha256;  // hex, one per accepted answer
    AnswerKind kind = AnswerKind::Text;
  };
  std::optional<Digest> digest;
  sim::Localized explanation;
  sim::SourcePos at_pos, answer_pos;    // for messages about this exercise's run
  View view;                            // what the views show at the pause
};

// An input entry triggered by a trace record rather than a time ("cut the link when the
// first DELE's +OK arrives"): applied `delay` after the record matching `when` is recorded.
struct TriggeredInput {
  Condition when;
  protocols::Duration delay{};
  sim::InputEvent event;  // its `at` is set when it fires
  sim::SourcePos pos;
};

struct Exercise {
  std::string file;
  std::string id;
  sim::Localized title;
  sim::ScenarioSpec scenario;
  std::uint64_t seed = 1;
  std::optional<protocols::Duration> until;  // run length; none = the scenario's, else idle
  sim::InputLog input;
  std::vector<TriggeredInput> triggered;
  std::vector<Question> questions;
};

struct ExerciseLoad {
  std::optional<Exercise> exercise;
  Problems problems;
};
ExerciseLoad load_exercise(const std::string& path);
ExerciseLoad load_exercise_text(std::string text, const std::string& file);

// A question placed in a run: where it pauses and its expected answer, normalised:
// Choice "B"; Choices ["A","C"] (sorted); Sequence ["C","A","B"]; Pairs {"A":"2",...};
// Text/Duration a string; Number a number; List an array of strings; null when the
// exercise holds only the answer's digest (a students' copy).
//
// Ask before showing: the playback holds at `pause_time` and shows only the records up to
// it. That is just after the `at` record (or just before it with "pause": "before"), and in
// any case before the record a computed answer is read from (`reveal`): "which code answers
// QUIT?" is asked with QUIT on its way and the 221 not yet sent.
struct PlacedQuestion {
  const Question* question = nullptr;
  protocols::Instant pause_time{};  // the playback holds here until the question is answered
  std::size_t pause_at = 0;  // trace records shown at the pause: those at or before pause_time
  std::size_t record = 0;    // the record the question is placed at
  std::optional<std::size_t> reveal;  // the record the answer is read from, hidden until answered
  json expected;
  AnswerKind kind = AnswerKind::Text;
  // The answer is a moment of the run: a clock time ("14:05", "14:05:30") also answers it,
  // read in the scenario's zone, on the day nearest the expected moment.
  bool moment = false;
  std::int64_t start_unix = 0;  // the wall-clock moment time 0 stands for (the scenario's start)
  int zone_offset_minutes = 0;
};

struct ExerciseRun {
  sim::RunResult run;
  // The input as applied: the timed entries and each triggered one at the moment it fired,
  // in time order.
  sim::InputLog input;
  std::vector<PlacedQuestion> questions;
  Problems problems;  // a question whose record never happened, or whose answer cannot be computed
};
ExerciseRun run_exercise(const Exercise& ex);

}  // namespace lessons
