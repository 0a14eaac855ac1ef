// The simulation kernel a world owns: its scheduler, its one random generator and its trace.
// Everything in a world reaches time, chance and the record through this, never globally.
#pragma once
#include <memory>
#include <utility>

#include "sim/rng.hpp"
#include "sim/scheduler.hpp"
#include "sim/trace.hpp"

namespace sim {

class TlsContext;  // sim/tls_context.hpp

struct Kernel {
  explicit Kernel(std::uint64_t seed) : rng(seed) {}
  Scheduler sched;
  Rng rng;
  Trace trace;
  ConnId next_conn = 1;  // connection ids are unique across the world
  std::shared_ptr<TlsContext> tls;  // the world's certificates; null without TLS
  Instant now() const { return sched.now(); }
  template <class R>
  const TraceEntry& record(R&& r) { return trace.append(sched.now(), std::forward<R>(r)); }
};

}  // namespace sim
