// A world: the kernel (scheduler, generator, trace), the network and its hosts, built from
// a scenario. A world is a value: two can run side by side in one process. Views and
// lessons drive it through run_until() and apply_input(), and read its trace.
#pragma once
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sim/host.hpp"
#include "sim/kernel.hpp"
#include "sim/network.hpp"
#include "sim/run.hpp"
#include "sim/scenario.hpp"

namespace sim {

class World {
 public:
  World(const ScenarioSpec& spec, std::uint64_t seed);
  ~World();
  World(const World&) = delete;
  World& operator=(const World&) = delete;

  Kernel& kernel() { return k_; }
  const Trace& trace() const { return k_.trace; }
  Network& network() { return net_; }
  Instant now() const { return k_.now(); }

  Host* host(const std::string& name);
  Host* host(NodeId id) { return id < hosts_.size() ? hosts_[id].get() : nullptr; }
  std::size_t host_count() const { return hosts_.size(); }
  std::optional<Ipv4> address_of(const std::string& host_name) const;
  Topology topology() const;
  const ScenarioSpec& spec() const { return spec_; }

  // Schedules a fault at its time (relative to the start of the run).
  void schedule_fault(const FaultSpec& f, FaultSource source);
  // Applies a fault now and records it; returns why it was not applied (None when it was).
  FaultRefusal apply_fault(const FaultSpec& f, FaultSource source);
  // Schedules an input-log entry at its time.
  void schedule_input(const InputEvent& e);

  void run_until(Instant t) { k_.sched.run_until(t); }
  // Runs until nothing is scheduled or `limit`; returns the time reached.
  Instant run_to_idle(Instant limit);

 private:
  std::vector<LinkId> links_for_target(const std::string& target, FaultRefusal* error);

  ScenarioSpec spec_;
  Kernel k_;
  Network net_;
  std::vector<std::unique_ptr<Host>> hosts_;
  std::map<std::string, NodeId> by_name_;
};

}  // namespace sim
