// A lesson (format "mailsim_lesson": 1, docs/lessons.md): a scenario and a list of steps,
// each with narration in Chinese and English, what to highlight, actions to apply to the
// world as input-log entries, and what ends the step (the student pressing Next, a trace
// condition, a wait, or an action the student must take). load_lesson() checks everything
// and reports problems as file:line:col: /json/path: message.
// Leaves out: playing (lesson_player.hpp) and drawing (the front end).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "lessons/condition.hpp"
#include "lessons/json_reader.hpp"
#include "lessons/view.hpp"
#include "sim/run.hpp"
#include "sim/scenario.hpp"

namespace lessons {

struct Highlight {
  std::vector<std::string> hosts;
  std::vector<std::string> links;  // "hostA-hostB"
  std::string kind;                // a record kind to emphasise; empty = none
};

// Something the lesson does to the world when a step begins.
struct Action {
  enum class Type { Fault, Telnet };
  Type type = Type::Fault;
  std::string fault;               // "power-off mail.b.example" (fault vocabulary, no time)
  std::string telnet_target;       // "mail.b.example:25"
  std::vector<std::string> lines;  // telnet lines, without CR LF
  // The input-log entries this action adds at time `now`.
  sim::InputLog inputs(protocols::Instant now) const;
};

// What the student must do to finish a step. Headless, the player does it itself.
struct StudentAction {
  std::string fault;          // a fault to apply, e.g. "power-off mail.b.example"; or
  std::string telnet_verb;    // a command verb to type in a telnet console, e.g. "RCPT"
  std::string telnet_target;  // where: "mail.b.example:25"
  std::string example;        // the line typed when the player acts for the student
  // True when `e` is the expected action.
  bool satisfied_by(const sim::InputEvent& e) const;
  // The input entry that performs the action at `now`.
  sim::InputEvent perform(protocols::Instant now) const;
  std::string describe() const;  // "fault power-off mail.b.example", "telnet RCPT TO:<...>"
};

struct Until {
  enum class Type { Next, Trace, Wait, Student };
  Type type = Type::Next;
  Condition trace;                 // Type::Trace
  protocols::Duration wait{};      // Type::Wait: run the world this long
  StudentAction student;           // Type::Student
};

struct CheckQuestion {
  sim::Localized question;
  std::vector<sim::Localized> choices;
  int answer = 0;  // index into choices
  sim::Localized explanation;
};

struct Step {
  std::string id;
  sim::Localized narration;
  Highlight highlight;
  std::vector<Action> actions;
  Until until;
  std::optional<CheckQuestion> check;
  View view;
};

struct Lesson {
  std::string file;
  std::string id;
  sim::Localized title;
  sim::ScenarioSpec scenario;
  std::uint64_t seed = 1;
  protocols::Duration step_limit = std::chrono::hours(24 * 8);  // longest a step may run
  std::vector<Step> steps;
};

struct LessonLoad {
  std::optional<Lesson> lesson;
  Problems problems;
};

LessonLoad load_lesson(const std::string& path);
LessonLoad load_lesson_text(std::string text, const std::string& file);

// Shared with exercises: "scenario" as a path relative to the file or an inline object.
std::optional<sim::ScenarioSpec> read_scenario_ref(Checker& c, Obj& o);
// Checks a fault's target (host, host:port or link "a-b") against the scenario; empty = ok,
// else "unknown host 'x' (did you mean 'y'?)".
std::string check_fault_target(const sim::FaultSpec& f, const sim::ScenarioSpec& s);
// Checks a fault text (vocabulary without time) against the scenario's hosts; empty = ok.
std::string check_fault_text(const std::string& text, const sim::ScenarioSpec& s);
// Checks "host:port" names a scenario host; empty = ok.
std::string check_host_port(const std::string& text, const sim::ScenarioSpec& s);

}  // namespace lessons
