// A run as a pure function (DESIGN.md): simulate(scenario, seed, input log) -> trace.
// The front end, lessons, exercises and tests all go through this entry point (or through a
// World they step themselves); none of them reaches into hosts to learn what happened.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sim/scenario.hpp"
#include "sim/trace.hpp"

namespace sim {

class World;

// Something that arrived from outside while a run was live, at the simulated time it took
// effect. Replaying the same log reproduces the run byte for byte.
struct InputEvent {
  Instant at{};
  std::string kind;  // "fault" (text in the fault vocabulary, without its time), "telnet"
  std::string target;  // telnet: "host:port" of the session; fault: unused
  std::string text;    // fault: "power-off mail.b.example"; telnet: the line typed (no CR LF)
  bool operator==(const InputEvent&) const = default;
};
using InputLog = std::vector<InputEvent>;

// What the views need of the world's shape, independent of time.
struct TopologyHost {
  std::string name;
  std::string kind;  // router, dns-server, mail-server, user-agent, echo-server, echo-client
  std::string ip;
};
struct TopologyLink {
  HostId a = kNoHost, b = kNoHost;  // indices into Topology::hosts (same as trace HostIds)
  Duration latency{};
  std::uint64_t bandwidth_bps = 0;
  double loss = 0;
  std::uint32_t mtu = 0;
};
struct Topology {
  std::vector<TopologyHost> hosts;
  std::vector<TopologyLink> links;
};

struct RunOptions {
  std::uint64_t seed = 1;
  std::optional<Instant> until;  // stop here; none = the scenario's until, else until idle
  InputLog input;
  std::vector<FaultSpec> extra_faults;  // from the command line (source "cli")
  bool keep_segments = true;
  // Called with the world when the run ends (e.g. to export its mailboxes).
  std::function<void(class World&)> at_end;
};

struct RunResult {
  Topology topology;
  Trace trace;
  Instant end{};
  std::uint64_t events = 0;
};

// Longest a run goes when neither the options nor the scenario say (a mail queue left
// alone runs out its lifetime well within this).
constexpr Duration kDefaultRunLimit = std::chrono::hours(24 * 8);

RunResult simulate(const ScenarioSpec& scenario, const RunOptions& options);

// The same run a slice at a time, for a caller with one thread that must keep drawing (the
// web page re-runs between frames): the world, its schedule and the order of its events are
// simulate()'s, so the result is the same byte for byte however it is sliced.
class SteppedRun {
 public:
  SteppedRun(const ScenarioSpec& scenario, const RunOptions& options);
  ~SteppedRun();
  SteppedRun(const SteppedRun&) = delete;
  SteppedRun& operator=(const SteppedRun&) = delete;
  // Runs at most `max_events` more events; true once the run is over.
  bool advance(std::uint64_t max_events);
  // The result, once advance() has returned true; call once.
  RunResult finish();
  // The world being run, for a caller that applies input as the run goes (an exercise's
  // input triggered by a trace record).
  World& world() { return *world_; }

 private:
  RunOptions options_;
  std::unique_ptr<class World> world_;
  RunResult result_;
  bool bounded_ = false, done_ = false;
  Instant limit_{};
};

}  // namespace sim
