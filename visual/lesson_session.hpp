// A lesson played in the front end: the LessonPlayer's live world, moved on a step at a
// time, and the run as it stands for the Model to show.
//
// When a step begins, the session plays it as far as it goes without the student: a trace
// step up to the record that meets it, a wait to its end. Next and student steps leave the
// world where it is. The timeline then animates what the step added and stops at the
// world's present (the Model's end), which is where the run pauses for the step: the
// student reads, watches, and presses Next (or does what a student step asks). Inputs
// (fault clicks, telnet lines) land at the world's present; when they do not end the step,
// the world runs a few seconds on so their answers arrive; the one a student step waits for
// ends it there, and what it causes plays in the next step. Back replays the run to the
// previous step's beginning (LessonPlayer::go_to_step, a deterministic replay). No ImGui
// here: tests drive it directly.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "lessons/lesson_player.hpp"
#include "sim/run.hpp"

namespace visual {

class LessonSession {
 public:
  explicit LessonSession(lessons::Lesson lesson);

  const lessons::LessonPlayer& player() const { return player_; }
  const lessons::Lesson& lesson() const { return player_.lesson(); }
  // The scenario the world runs (the lesson's, with the telnet console host attached).
  const sim::ScenarioSpec& scenario() const { return player_.scenario(); }
  // The run so far: topology, trace and end = the world's present.
  sim::RunResult snapshot();
  // Changes whenever the world does; the front end rebuilds its Model when it differs.
  std::uint64_t version() const { return version_; }

  std::size_t step_index() const { return player_.step_index(); }
  std::size_t step_count() const { return player_.step_count(); }
  bool finished() const { return player_.finished(); }
  // When the current step began, in simulated time.
  protocols::Instant step_began() const { return player_.step_began(); }
  // The current step waits for the student's own action, not yet taken.
  bool waiting_for_student() const;
  bool can_next() const { return !finished() && player_.condition_met(); }
  // Why the current step cannot end (the world went idle or ran past the step limit
  // without its condition), in English; empty when it can or still may.
  const std::string& stuck() const { return stuck_; }

  bool next();
  bool back();
  void restart();
  // A fault click or telnet line, applied at the world's present.
  void apply_input(sim::InputEvent e);
  // "Do it for me": performs the student step's action (a teacher's demonstration).
  void act_for_student();

  // The self-check answer chosen for step k (index into its choices), if any.
  std::optional<int> answer(std::size_t k) const;
  void choose(std::size_t k, int choice);

  // Where the telnet console can reach in this lesson ("host:port"), from its steps.
  std::vector<std::string> console_targets() const;

  // How long the world runs on after an input that does not end the step.
  static constexpr protocols::Duration kSettle = std::chrono::seconds(5);

 private:
  void play();

  lessons::LessonPlayer player_;
  std::uint64_t version_ = 0;
  std::string stuck_;
  std::vector<int> answers_;  // per step; -1 = none
};

}  // namespace visual
