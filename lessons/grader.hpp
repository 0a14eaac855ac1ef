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
// default 1 % of the expected value (at least 1 ms), and a moment also as a clock time;
// numbers within the question's number tolerance (default exact); texts and lists ignore
// case and surrounding spaces. Fill-in answers are read as students write them
// (grader_forms.hpp). A students' copy compares digests of the normal form.
bool is_correct(const PlacedQuestion& q, const json& given);

// An answer in the form its digest is made of: "B"; "A,C" (sorted); "C,A,B"; "A=2,B=1"
// (sorted); a text in upper case, trimmed; a number as the shortest exact decimal.
// Nullopt for durations and lists (not kept as digests) and for an answer of the wrong shape.
std::optional<std::string> normal_form(AnswerKind kind, const json& answer);
// The digest a students' copy holds: SHA-256 of salt, a line feed and the normal form.
std::string answer_digest(const std::string& salt, const std::string& form);

// An answer for people, the student's or the expected one: "B. 354"; "A. SMTP; C. IMAP";
// "C. EHLO → A. MAIL → B. RCPT"; "A. Service stopped → 2. Connection refused (RST); ...";
// "SMTP, POP3"; a duration as "30m 41ms" (a moment also as the clock time, "09:30:00");
// fill-in text as written. Never JSON.
std::string answer_text(const PlacedQuestion& q, const json& answer, Lang lang);
// The expected answer for people (answer_text), or, in a students' copy, a note that the
// copy does not hold it.
std::string expected_text(const PlacedQuestion& q, Lang lang);
std::string choice_label(std::size_t i);  // "A", "B", ...
// What to type, fitted to the answer: a letter, letters in order, pairs, a number, a
// duration, a duration or clock time (a moment), or text. Never the answer itself.
std::string answer_hint(const PlacedQuestion& q, Lang lang);
// A question's prompt as plain text, for lists of questions (the score, the gradebook).
std::string question_title(const Question& q, Lang lang);

struct QuestionResult {
  std::string id;
  bool answered = false;
  bool correct = false;
  json given;  // null when not answered
};

struct ExerciseResult {
  std::string exercise, file, student;
  std::string exercise_digest, trace_digest;  // exercise_digest.hpp: which exercise, which run
  std::vector<QuestionResult> questions;
  int score() const;
  json to_json(const ExerciseRun& run) const;
};

// Reads an answers file; nullopt (with problems) when malformed.
std::optional<std::pair<std::string, json>> load_answers(const std::string& path, Problems& problems);

}  // namespace lessons
