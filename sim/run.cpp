// simulate(): build a world, schedule its faults and inputs, run it, hand back the trace.
#include "sim/run.hpp"

#include "sim/external_host.hpp"
#include "sim/world.hpp"

namespace sim {

RunResult simulate(const ScenarioSpec& given, const RunOptions& options) {
  // Telnet lines and bridge sessions come from the console host, linked to their targets.
  ScenarioSpec scenario = given;
  for (const std::string& server : bridge_servers(options.input)) attach_external_host(scenario, server);
  World w(scenario, options.seed);
  w.kernel().trace.set_keep_segments(options.keep_segments);
  for (const FaultSpec& f : scenario.faults) w.schedule_fault(f, FaultSource::Scenario);
  for (const FaultSpec& f : options.extra_faults) w.schedule_fault(f, FaultSource::Cli);
  for (const InputEvent& e : options.input) w.schedule_input(e);
  RunResult r;
  r.topology = w.topology();
  if (options.until || scenario.until) {
    Instant end = protocols::kEpoch + (options.until ? options.until->time_since_epoch() : *scenario.until);
    w.run_until(end);
  } else {
    w.run_to_idle(protocols::kEpoch + kDefaultRunLimit);
  }
  r.end = w.now();
  if (options.at_end) options.at_end(w);
  r.events = w.kernel().sched.events_run();
  r.trace = w.kernel().trace;
  return r;
}

}  // namespace sim
