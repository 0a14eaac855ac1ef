// Plays a lesson over a world, step by step, for the front end and for the headless
// `mailsim lesson` command. The player owns the world (built from the lesson's scenario and
// seed) and the input log of everything applied to it, so a lesson run can be replayed.
//
// Front end: each frame, run the world as the timeline says (world().run_until(t)), then
// call update(); show narration(lang) and highlight(); enable Next when condition_met();
// on Next call advance(). Student actions go through apply_input(), which schedules them
// in the world and checks them against a student step.
// Headless: play_step() runs the current step to its end (bounded) and reports it.
//
// A step's trace condition looks only at the step's own records: those after the record that
// ended the previous step (or, after a Next, a wait or a student action, those appended
// since), so "the 2nd deferral" means the 2nd in this step. Leaves out: rewinding (replay the input log
// is go_to_step(), a deterministic replay), drawing, and the self-check questions' user
// interface.
#pragma once
#include <memory>
#include <optional>
#include <string>

#include "lessons/lesson.hpp"
#include "sim/world.hpp"

namespace lessons {

enum class StepOutcome {
  Met,        // the condition was met (or "next" / a wait / a student action happened)
  TimedOut,   // the step ran past the lesson's step_limit without the condition
  WentIdle,   // nothing was left to happen in the world and the condition was never met
};

struct StepReport {
  StepOutcome outcome = StepOutcome::Met;
  std::size_t first_record = 0, end_record = 0;  // trace records that happened in the step
  std::optional<std::size_t> hit;                // the record that met a trace condition
  std::string acted_for_student;                 // headless: the action performed, if any
  std::string message;                           // why the step failed, in English
};

class LessonPlayer {
 public:
  explicit LessonPlayer(Lesson lesson);
  ~LessonPlayer();

  const Lesson& lesson() const { return lesson_; }
  sim::World& world() { return *world_; }
  const sim::World& world() const { return *world_; }
  const sim::InputLog& input_log() const { return input_; }
  // The scenario the world was built from: the lesson's, with the console host attached for
  // telnet steps (what a front end should draw).
  const sim::ScenarioSpec& scenario() const { return scenario_; }
  // When the current step began (simulated time).
  protocols::Instant step_began() const { return step_began_; }

  std::size_t step_index() const { return index_; }
  std::size_t step_count() const { return lesson_.steps.size(); }
  bool finished() const { return index_ >= lesson_.steps.size(); }
  const Step& step() const { return lesson_.steps.at(index_); }
  const std::string& narration(Lang lang) const { return text_in(step().narration, lang); }
  const Highlight& highlight() const { return step().highlight; }
  // Index of the first trace record of the current step.
  std::size_t step_start() const { return step_start_; }

  // Checks the current step's condition against the world as it now stands.
  void update();
  bool condition_met() const { return met_; }
  // The record that met a trace condition, once met.
  std::optional<std::size_t> hit() const { return watch_ ? watch_->hit() : std::nullopt; }
  // Moves to the next step (applying its actions at the world's current time). Returns
  // false, doing nothing, when the current condition is not met or the lesson is finished.
  bool advance();
  // Applies a student's input (fault click, telnet line) now: schedules it and records it.
  void apply_input(const sim::InputEvent& e);

  // Goes back to step k (at most the current one): rebuilds the world and replays it, with
  // every input applied before step k at the same point of the event order, to the moment
  // step k began. The trace and world are then exactly as they were. False if k is ahead.
  bool go_to_step(std::size_t k);

  // Headless: runs the current step until its condition is met, within the step limit,
  // performing a student action itself when the step waits for one. Does not advance.
  StepReport play_step();

 private:
  void begin_step(std::size_t start);
  void schedule(const sim::InputEvent& e);
  void build_world();

  // Where in the event order something happened, for go_to_step().
  struct Logged {
    sim::InputEvent input;
    std::uint64_t events_run = 0;
    std::size_t step = 0;
  };
  struct Mark {
    std::uint64_t events_run = 0;
    std::size_t start = 0;
    protocols::Instant began{};
  };

  Lesson lesson_;
  sim::ScenarioSpec scenario_;
  std::vector<Logged> logged_;
  std::vector<Mark> marks_;  // one per step begun, by step index
  std::unique_ptr<sim::World> world_;
  sim::InputLog input_;
  std::size_t index_ = 0;
  std::size_t step_start_ = 0;
  protocols::Instant step_began_{};
  bool met_ = false;
  std::optional<ConditionWatch> watch_;
};

}  // namespace lessons
