// An exercise (format "mailsim_exercise": 1, docs/lessons.md): a recorded run (scenario,
// seed, input log) that pauses at trace records and asks questions. Answers are literals or
// computed from the run's own trace, so an exercise stays true when the simulator changes:
//   {"count": COND}                          how many records match
//   {"field": "code", "of": COND}            a field of the (nth) matching record
//   {"time": COND}                           when it happened (a duration since the start)
//   {"elapsed": {"from": COND, "to": COND}}  time from one record to the next matching other
//   {"distinct": "proto", "of": COND}        the different values, in order of appearance
// Leaves out: grading (grader.hpp) and the console (app/cmd_exercise.cpp).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "lessons/condition.hpp"
#include "lessons/json_reader.hpp"
#include "sim/run.hpp"

namespace lessons {

struct Expression {
  enum class Op { Count, Field, Time, Elapsed, Distinct };
  Op op = Op::Count;
  Condition of;     // the records (Elapsed: the first one)
  Condition to;     // Elapsed: the record after it
  std::string field;  // Field, Distinct
};

// What an answer is, for comparing a student's answer with it.
enum class AnswerKind { Choice, Choices, Sequence, Pairs, Text, Number, Duration, List };

// A computed value: json number (Number), string (Text, Duration) or array of strings (List).
struct Computed {
  json value;
  AnswerKind kind = AnswerKind::Text;
  // Field and Time: the record read, which gives the answer away until it is answered.
  // Count, Elapsed and Distinct are about what the student watched (counted, timed,
  // ordered), so their records are shown.
  std::optional<std::size_t> record;
  bool moment = false;  // a time since the start of the run (Time, or the field "time")
};
// Evaluates over a trace; nullopt with `error` set when the records it needs are not there.
std::optional<Computed> evaluate(const Expression& e, const sim::Trace& trace, std::string* error);

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
};

struct Exercise {
  std::string file;
  std::string id;
  sim::Localized title;
  sim::ScenarioSpec scenario;
  std::uint64_t seed = 1;
  std::optional<protocols::Duration> until;  // run length; none = the scenario's, else idle
  sim::InputLog input;
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
  std::vector<PlacedQuestion> questions;
  Problems problems;  // a question whose record never happened, or whose answer cannot be computed
};
ExerciseRun run_exercise(const Exercise& ex);

}  // namespace lessons
