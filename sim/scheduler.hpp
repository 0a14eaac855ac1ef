// The discrete-event scheduler: events ordered by (time, insertion sequence), so equal times
// run in FIFO order; cancelling marks an event dead and the pop skips it; time never goes
// backwards. A scheduler is a value owned by its world: two worlds can run side by side.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "protocols/time.hpp"

namespace sim {

using protocols::Duration;
using protocols::Instant;

// Identifies a scheduled event; stale ids (fired or cancelled) are harmless to cancel.
struct EventId {
  std::uint32_t slot = UINT32_MAX;
  std::uint32_t generation = 0;
  bool valid() const { return slot != UINT32_MAX; }
};

class Scheduler {
 public:
  using Callback = std::function<void()>;

  Instant now() const { return now_; }
  EventId at(Instant t, Callback cb);
  EventId after(Duration d, Callback cb) { return at(now_ + d, std::move(cb)); }
  // Returns true when the event was still pending.
  bool cancel(EventId id);
  bool pending(EventId id) const;

  // Time of the earliest live event, if any.
  std::optional<Instant> next_time();
  // Runs the earliest live event; false when there is none.
  bool step();
  // Runs every event due at or before `limit`, then sets the clock to `limit`.
  void run_until(Instant limit);
  // Runs until no event is left, or `max_events` have run; returns the count run.
  std::uint64_t run(std::uint64_t max_events = UINT64_MAX);

  std::uint64_t events_run() const { return events_run_; }
  std::size_t queued() const { return heap_.size(); }

 private:
  struct Entry {
    std::int64_t t;
    std::uint64_t seq;
    std::uint32_t slot;
  };
  struct Slot {
    Callback cb;
    std::uint32_t generation = 0;
    bool live = false;
  };
  static bool later(const Entry& a, const Entry& b) {
    return a.t != b.t ? a.t > b.t : a.seq > b.seq;
  }
  void drop_dead_top();

  Instant now_{};
  std::uint64_t next_seq_ = 0;
  std::uint64_t events_run_ = 0;
  std::vector<Entry> heap_;
  std::vector<Slot> slots_;
  std::vector<std::uint32_t> free_;
};

}  // namespace sim
