// Computed answers of an exercise (docs/lessons.md, "Computed answers"): an expression is
// evaluated on the exercise's own run, so an answer stays true when the simulator changes.
//   {"count": COND}                          how many records match
//   {"field": "code", "of": REF}             a field of the (nth) matching record
//   {"time": REF}                            when it happened (a duration since the start)
//   {"elapsed": {"from": COND, "to": COND}}  time from one record to the next matching other
//   {"distinct": "proto", "of": COND}        the different values, in order of appearance
//   {"capture": "RE", "in": "line", "of": REF}   a regex's one group in a field of the record,
//                                            or in the header of the message it carries
//   {"mime": "encoded_size", "part": "2", "of": REF}  a property of a MIME part of the message
//                                            carried on the record's SMTP connection
//   {"messages": {"host", "user", "folder", "time"}}  messages in a folder at a moment
//   {"difference" | "sum" | "ratio": [EXPR or number, ...], "round": 2}  arithmetic on numbers
//                                            and durations (a number rounded to 2 decimals)
// REF is a condition, or {"reply_to": COND}: the reply to that command on its connection.
// A condition's "nth": -1 is its last match (the run is whole when an exercise is evaluated).
// Leaves out: arithmetic beyond the three operations, and regex flags other than case.
#pragma once
#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "lessons/condition.hpp"
#include "lessons/json_reader.hpp"
#include "sim/scenario.hpp"

namespace lessons {

struct Expression {
  enum class Op { Count, Field, Time, Elapsed, Distinct, Capture, Mime, Messages, Difference, Sum, Ratio };
  Op op = Op::Count;
  Condition of;           // the records (Elapsed: the first one)
  bool reply_to = false;  // Field, Time, Capture, Mime: read the reply to the command `of` finds
  Condition to;           // Elapsed: the record after it
  std::string field;      // Field, Distinct; Capture: where ("line", "header", "header:Subject"); Mime: the property
  std::string pattern;    // Capture: the regular expression (ECMAScript, case-insensitive)
  std::shared_ptr<const std::regex> regex;
  std::string part;       // Mime, Capture in a header: the IMAP part number, "" for the message
  // Messages: the folder and the moment (none: the end of the run).
  std::string host, user, folder = "INBOX";
  std::optional<protocols::Duration> at;
  std::vector<Expression> args;  // Difference, Sum, Ratio (a Number op holds a literal)
  std::optional<double> number;  // a literal operand
  std::optional<int> round;      // Difference, Sum, Ratio: digits kept after the point of a number
};

// What an answer is, for comparing a student's answer with it.
enum class AnswerKind { Choice, Choices, Sequence, Pairs, Text, Number, Duration, List };

// A computed value: json number (Number), string (Text, Duration) or array of strings (List).
struct Computed {
  json value;
  AnswerKind kind = AnswerKind::Text;
  // Field, Time, Capture and Mime: the record read, which gives the answer away until it is
  // answered. Count, Elapsed, Distinct, Messages and arithmetic are about what the student
  // watched (counted, timed, ordered), so their records are shown.
  std::optional<std::size_t> record;
  bool moment = false;  // a time since the start of the run (Time, or the field "time")
};

// Reads an expression; problems (unknown keys, fields a kind lacks, a bad regex) go to `c`.
// `scenario` (when known) checks a Messages expression's host, user and folder.
std::optional<Expression> read_expression(Checker& c, const json& j, const std::string& p, const sim::ScenarioSpec* scenario);

// Evaluates over a trace; nullopt with `error` set when the records it needs are not there.
// `scenario` gives a Messages expression the mailboxes the world starts with.
std::optional<Computed> evaluate(const Expression& e, const sim::Trace& trace, std::string* error,
                                 const sim::ScenarioSpec* scenario = nullptr);

// The record that answers the command at index `command` on its connection: the tagged
// completion with its tag (IMAP), else the server's replies taken in order by the commands
// still waiting for one (SMTP and POP3, pipelining included); nullopt when none came.
std::optional<std::size_t> reply_to(std::size_t command, const sim::Trace& trace);

}  // namespace lessons
