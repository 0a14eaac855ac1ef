// The discrete-event scheduler: events ordered by (time, insertion sequence), so equal times
// run in FIFO order; cancelling marks an event dead and the pop skips it; time never goes
// backwards. A scheduler is a value owned by its world: two worlds can run side by side.
#pragma once
#include <cassert>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <type_traits>
#include <utility>
#include <vector>

#include "protocols/time.hpp"
#include "sim/inline_function.hpp"

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
  // Move-only; closures up to 128 bytes are stored in the event slot, not on the heap.
  using Callback = EventCallback;

  Instant now() const { return now_; }
  // Any void() callable; it is built straight into its event slot.
  template <class F>
  EventId at(Instant t, F&& f) {
    Slot& s = slots_[claim(t)];
    if constexpr (std::is_same_v<std::decay_t<F>, Callback>) s.cb = std::forward<F>(f);
    else s.cb.emplace(std::forward<F>(f));
    return EventId{last_slot_, s.generation};
  }
  template <class F>
  EventId after(Duration d, F&& f) { return at(now_ + d, std::forward<F>(f)); }
  // A schedule given up front but queued one event at a time: reserve_order(n) takes n
  // consecutive places in the order of equal-time events, and at_reserved() queues the
  // event that holds place `order` when its turn comes. The run is the same as if all n
  // had been queued at the reservation, without holding them all in the queue.
  std::uint64_t reserve_order(std::uint64_t n) {
    const std::uint64_t first = next_seq_;
    next_seq_ += n;
    return first;
  }
  template <class F>
  EventId at_reserved(Instant t, std::uint64_t order, F&& f) {
    assert(order < next_seq_ && "Scheduler::at_reserved: a place reserve_order() did not give");
    Slot& s = slots_[claim(t, order)];
    s.cb.emplace(std::forward<F>(f));
    return EventId{last_slot_, s.generation};
  }
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
  // Entries held: live ones and cancelled ones not yet dropped.
  std::size_t queued() const { return near_.size() + far_.size(); }

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
  // A function object, not a function pointer, so the heap algorithms inline it.
  struct Later {
    bool operator()(const Entry& a, const Entry& b) const { return a.t != b.t ? a.t > b.t : a.seq > b.seq; }
  };
  // Slots live in fixed chunks so that a callback can run in its slot while it schedules
  // more events (a growing vector would move it).
  static constexpr std::uint32_t kChunkBits = 10;
  class SlotPool {
   public:
    Slot& operator[](std::uint32_t i) { return chunks_[i >> kChunkBits][i & kMask]; }
    const Slot& operator[](std::uint32_t i) const { return chunks_[i >> kChunkBits][i & kMask]; }
    std::uint32_t size() const { return size_; }
    std::uint32_t add() {
      if ((size_ & kMask) == 0) chunks_.push_back(std::make_unique<Slot[]>(std::size_t{1} << kChunkBits));
      return size_++;
    }

   private:
    static constexpr std::uint32_t kMask = (1u << kChunkBits) - 1;
    std::vector<std::unique_ptr<Slot[]>> chunks_;
    std::uint32_t size_ = 0;
  };
  bool live(const Entry& e) const { return slots_[e.slot].live; }
  // A live slot queued at t (its callback still to set), in place `order` among equal
  // times, or after everything queued so far.
  std::uint32_t claim(Instant t, std::optional<std::uint64_t> order = std::nullopt);
  bool settle();  // drops cancelled entries off the top, refills near_; false when empty
  void release(std::uint32_t slot);
  void compact();

  // Events earlier than boundary_ wait in near_, later ones in far_ (a message schedule
  // given up front, 5-minute SMTP timers, TIME-WAIT). When near_ runs dry, boundary_
  // moves kNearWindow past far_'s earliest event and what falls before it moves over.
  // Every near_ entry is earlier than every far_ entry, so the two heaps pop in exactly
  // the (time, sequence) order one heap would, while the heap touched per event stays small.
  static constexpr std::int64_t kNearWindow = 1'000'000'000;  // 1 s of simulated time
  Instant now_{};
  std::uint64_t next_seq_ = 0;
  std::uint64_t events_run_ = 0;
  std::int64_t boundary_ = kNearWindow;
  std::vector<Entry> near_, far_;
  SlotPool slots_;
  std::vector<std::uint32_t> free_;
  std::size_t dead_ = 0;  // cancelled entries still in near_ or far_
  std::uint32_t last_slot_ = 0;  // the slot claim() returned last
};

}  // namespace sim
