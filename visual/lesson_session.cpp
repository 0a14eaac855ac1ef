// A lesson played in the front end (see lesson_session.hpp).
#include "visual/lesson_session.hpp"

#include <algorithm>

namespace visual {

using lessons::Until;

LessonSession::LessonSession(lessons::Lesson lesson)
    : player_(std::move(lesson)), answers_(player_.step_count(), -1) {
  play();
}

sim::RunResult LessonSession::snapshot() {
  sim::World& w = player_.world();
  sim::RunResult r;
  r.topology = w.topology();
  r.trace = w.trace();
  r.end = w.now();
  r.events = w.kernel().sched.events_run();
  return r;
}

bool LessonSession::waiting_for_student() const {
  return !finished() && player_.step().until.type == Until::Type::Student && !player_.condition_met();
}

void LessonSession::play() {
  stuck_.clear();
  ++version_;
  if (finished()) return;
  const Until::Type type = player_.step().until.type;
  if (type != Until::Type::Trace && type != Until::Type::Wait) return;
  lessons::StepReport r = player_.play_step();
  if (r.outcome != lessons::StepOutcome::Met) stuck_ = r.message;
}

bool LessonSession::next() {
  if (!player_.advance()) return false;
  play();
  return true;
}

bool LessonSession::back() {
  if (step_index() == 0 || !player_.go_to_step(step_index() - 1)) return false;
  play();
  return true;
}

void LessonSession::restart() {
  if (player_.go_to_step(0)) play();
}

void LessonSession::apply_input(sim::InputEvent e) {
  e.at = player_.world().now();
  const bool was_waiting = waiting_for_student();
  player_.apply_input(e);
  const bool waits_on_world =
      !finished() && !player_.condition_met() &&
      (player_.step().until.type == Until::Type::Trace || player_.step().until.type == Until::Type::Wait);
  if (waits_on_world) {
    play();  // the input may be what the step was waiting for (or may unstick it)
    return;
  }
  // The student's own action ends the step where it was taken: what it causes belongs to
  // the next step (whose condition watches for it), as when the lesson plays headless.
  const bool acted = was_waiting && player_.condition_met();
  player_.world().run_until(player_.world().now() + (acted ? protocols::Duration{0} : kSettle));
  player_.update();
  ++version_;
}

void LessonSession::act_for_student() {
  if (waiting_for_student()) apply_input(player_.step().until.student.perform(player_.world().now()));
}

std::optional<int> LessonSession::answer(std::size_t k) const {
  if (k >= answers_.size() || answers_[k] < 0) return std::nullopt;
  return answers_[k];
}

void LessonSession::choose(std::size_t k, int choice) {
  if (k < answers_.size()) answers_[k] = choice;
}

std::vector<std::string> LessonSession::console_targets() const {
  std::vector<std::string> out;
  auto add = [&](const std::string& t) {
    if (!t.empty() && std::find(out.begin(), out.end(), t) == out.end()) out.push_back(t);
  };
  for (const lessons::Step& s : lesson().steps) {
    for (const lessons::Action& a : s.actions) add(a.telnet_target);
    add(s.until.student.telnet_target);
  }
  return out;
}

}  // namespace visual
