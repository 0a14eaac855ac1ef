// The simulation kernel a world owns: its scheduler, its one random generator and its trace.
// Everything in a world reaches time, chance and the record through this, never globally.
#pragma once
#include "sim/rng.hpp"
#include "sim/scheduler.hpp"
#include "sim/trace.hpp"

namespace sim {

struct Kernel {
  explicit Kernel(std::uint64_t seed) : rng(seed) {}
  Scheduler sched;
  Rng rng;
  Trace trace;
  ConnId next_conn = 1;  // connection ids are unique across the world
  Instant now() const { return sched.now(); }
  const TraceEntry& record(Record r) { return trace.append(sched.now(), std::move(r)); }
};

}  // namespace sim
