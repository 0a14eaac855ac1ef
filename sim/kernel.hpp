// The simulation kernel a world owns: its scheduler, its one random generator and its trace.
// Everything in a world reaches time, chance and the record through this, never globally.
#pragma once
#include <utility>

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
  template <class R>
  const TraceEntry& record(R&& r) { return trace.append(sched.now(), std::forward<R>(r)); }
};

}  // namespace sim
