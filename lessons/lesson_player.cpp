// Playing a lesson over a world (see lesson_player.hpp).
#include "lessons/lesson_player.hpp"

#include "sim/external_host.hpp"

namespace lessons {

LessonPlayer::LessonPlayer(Lesson lesson) : lesson_(std::move(lesson)) {
  build_world();
  if (!lesson_.steps.empty()) begin_step(0);
}

void LessonPlayer::build_world() {
  // Telnet steps type from the console host, linked to the server they talk to.
  scenario_ = lesson_.scenario;
  sim::ScenarioSpec& scenario = scenario_;
  auto attach = [&](const std::string& target) {
    if (!target.empty()) sim::attach_external_host(scenario, target.substr(0, target.rfind(':')));
  };
  for (const Step& st : lesson_.steps) {
    for (const Action& a : st.actions) attach(a.telnet_target);
    attach(st.until.student.telnet_target);
  }
  world_ = std::make_unique<sim::World>(scenario, lesson_.seed);
  for (const sim::FaultSpec& f : lesson_.scenario.faults) world_->schedule_fault(f, sim::FaultSource::Scenario);
}

LessonPlayer::~LessonPlayer() = default;

void LessonPlayer::schedule(const sim::InputEvent& e) {
  input_.push_back(e);
  logged_.push_back({e, world_->kernel().sched.events_run(), index_});
  world_->schedule_input(e);
}

void LessonPlayer::begin_step(std::size_t start) {
  step_start_ = start;
  step_began_ = world_->now();
  marks_.resize(index_);
  marks_.push_back({world_->kernel().sched.events_run(), start, step_began_});
  met_ = false;
  watch_.reset();
  const Step& s = step();
  for (const Action& a : s.actions)
    for (const sim::InputEvent& e : a.inputs(world_->now())) schedule(e);
  switch (s.until.type) {
    case Until::Type::Next: met_ = true; break;
    case Until::Type::Trace: watch_.emplace(s.until.trace, step_start_); break;
    case Until::Type::Wait:
    case Until::Type::Student: break;
  }
  update();
}

void LessonPlayer::update() {
  if (finished()) return;
  const Until& u = step().until;
  if (u.type == Until::Type::Trace) met_ = watch_->check(world_->trace()).has_value();
  else if (u.type == Until::Type::Wait) met_ = world_->now() >= step_began_ + u.wait;
}

bool LessonPlayer::advance() {
  if (finished() || !met_) return false;
  // Records after the one that met a trace condition belong to the next step, so a world
  // that ran on past it (the front end's timeline) loses nothing.
  std::size_t next_start = hit() ? *hit() + 1 : world_->trace().size();
  ++index_;
  if (!finished()) begin_step(next_start);
  return true;
}

void LessonPlayer::apply_input(const sim::InputEvent& e) {
  sim::InputEvent in = e;
  if (in.at < world_->now()) in.at = world_->now();  // time never goes backwards
  schedule(in);
  if (!finished() && step().until.type == Until::Type::Student && step().until.student.satisfied_by(in)) met_ = true;
}

bool LessonPlayer::go_to_step(std::size_t k) {
  if (k >= marks_.size() || k > index_) return false;
  std::vector<Logged> logged = std::move(logged_);
  Mark mark = marks_[k];
  logged_.clear();
  input_.clear();
  build_world();
  sim::Scheduler& sched = world_->kernel().sched;
  auto run_to = [&](std::uint64_t n) {
    while (sched.events_run() < n && sched.step()) {}
  };
  index_ = k;  // inputs are logged under the step being replayed
  for (const Logged& l : logged) {
    if (l.step >= k) break;  // step k's own actions come again from begin_step()
    run_to(l.events_run);
    index_ = l.step;
    schedule(l.input);
  }
  run_to(mark.events_run);
  // The original reached this moment by running up to it; no event lies in between.
  if (world_->now() < mark.began) world_->run_until(mark.began);
  index_ = k;
  begin_step(mark.start);
  return true;
}

StepReport LessonPlayer::play_step() {
  StepReport r;
  r.first_record = step_start_;
  const Until& u = step().until;
  sim::Scheduler& sched = world_->kernel().sched;
  protocols::Instant limit = step_began_ + lesson_.step_limit;
  switch (u.type) {
    case Until::Type::Next:
      world_->run_until(world_->now());  // let this step's actions take effect
      break;
    case Until::Type::Student:
      if (!met_) {
        r.acted_for_student = u.student.describe();
        apply_input(u.student.perform(world_->now()));
      }
      world_->run_until(world_->now());
      break;
    case Until::Type::Wait:
      world_->run_until(step_began_ + u.wait);
      break;
    case Until::Type::Trace:
      for (update(); !met_; update()) {
        std::optional<protocols::Instant> next = sched.next_time();
        if (!next) {
          r.outcome = StepOutcome::WentIdle;
          r.message = "nothing was left to happen in the world, and no record matched: " + u.trace.describe();
          break;
        }
        if (*next > limit) {
          world_->run_until(limit);
          r.outcome = StepOutcome::TimedOut;
          r.message = "no record matched within " + protocols::format_duration(lesson_.step_limit) +
                      " of simulated time: " + u.trace.describe();
          break;
        }
        sched.step();
      }
      r.hit = hit();
      break;
  }
  update();
  r.end_record = world_->trace().size();
  return r;
}

}  // namespace lessons
