// simulate(): build a world, schedule its faults and inputs, run it, hand back the trace.
// SteppedRun is the same run taken a slice of events at a time; simulate() is one slice.
#include "sim/run.hpp"

#include "sim/external_host.hpp"
#include "sim/input_log.hpp"
#include "sim/world.hpp"

namespace sim {

SteppedRun::SteppedRun(const ScenarioSpec& given, const RunOptions& options) : options_(options) {
  // Telnet lines and bridge sessions come from the console host, linked to their targets.
  ScenarioSpec scenario = given;
  for (const std::string& server : bridge_servers(options.input)) attach_external_host(scenario, server);
  apply_recorded_start(scenario, options.input);  // a live serve's calendar, if it recorded one
  world_ = std::make_unique<World>(scenario, options.seed);
  World& w = *world_;
  w.kernel().trace.set_keep_segments(options.keep_segments);
  for (const FaultSpec& f : scenario.faults) w.schedule_fault(f, FaultSource::Scenario);
  for (const FaultSpec& f : options.extra_faults) w.schedule_fault(f, FaultSource::Cli);
  for (const InputEvent& e : options.input) w.schedule_input(e);
  result_.topology = w.topology();
  bounded_ = options.until || scenario.until;
  limit_ = bounded_ ? protocols::kEpoch + (options.until ? options.until->time_since_epoch() : *scenario.until)
                    : protocols::kEpoch + kDefaultRunLimit;
}

SteppedRun::~SteppedRun() = default;

bool SteppedRun::advance(std::uint64_t max_events) {
  if (done_) return true;
  Scheduler& s = world_->kernel().sched;
  for (std::uint64_t n = 0; n < max_events; ++n) {
    std::optional<Instant> t = s.next_time();
    if (!t || *t > limit_) {
      // A bounded run ends at its limit (World::run_until), an open one where it went idle.
      if (bounded_) world_->run_until(limit_);
      done_ = true;
      return true;
    }
    s.step();
  }
  return false;
}

RunResult SteppedRun::finish() {
  World& w = *world_;
  result_.end = w.now();
  if (options_.at_end) options_.at_end(w);
  result_.events = w.kernel().sched.events_run();
  result_.trace = w.kernel().trace;
  return std::move(result_);
}

RunResult simulate(const ScenarioSpec& scenario, const RunOptions& options) {
  SteppedRun run(scenario, options);
  run.advance(UINT64_MAX);
  return run.finish();
}

}  // namespace sim
