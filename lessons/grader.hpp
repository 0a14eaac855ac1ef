// Grading exercise answers and reporting them: compares a student's answer (JSON, as in an
// answers file, or a line typed at the console) with a placed question's expected answer,
// formats answers for people, and builds the result JSON a teacher collects.
//
// Answers file: {"student": "name", "answers": {"q1": "B", "q2": ["A", "C"], "q3": "354",
// "q4": ["C", "A", "B"], "q5": {"A": 2, "B": 1}}}, or the "answers" object alone.
// Leaves out: partial credit (a question is right or wrong).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "lessons/exercise.hpp"

namespace lessons {

// A console line as the JSON answer it means: "B" -> "B"; "A,C" or "A C" -> ["A","C"];
// "C A B" -> ["C","A","B"]; "A2 B1" -> {"A":"2","B":"1"}; fill-in text as typed.
json answer_from_line(QuestionType type, const std::string& line);

// True when `given` is right. Durations are right within the question's tolerance, by
// default 1 % of the expected value (at least 1 ms); texts and lists ignore case and
// surrounding spaces; numbers compare as numbers.
bool is_correct(const PlacedQuestion& q, const json& given);

// The expected answer for people: "B. 354", "A, C", "30m 0.041s", "SMTP, POP3".
std::string expected_text(const PlacedQuestion& q, Lang lang);
std::string choice_label(std::size_t i);  // "A", "B", ...

struct QuestionResult {
  std::string id;
  bool answered = false;
  bool correct = false;
  json given;  // null when not answered
};

struct ExerciseResult {
  std::string exercise, file, student;
  std::vector<QuestionResult> questions;
  int score() const;
  json to_json(const ExerciseRun& run) const;
};

// Reads an answers file; nullopt (with problems) when malformed.
std::optional<std::pair<std::string, json>> load_answers(const std::string& path, Problems& problems);

}  // namespace lessons
