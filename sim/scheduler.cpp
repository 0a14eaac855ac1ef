// Binary heap of (time, sequence, slot); callbacks live in a slot pool with generations so
// that a cancelled or fired event's id can never cancel a later event reusing its slot.
// Cancelled entries are dropped when they reach the top, or all at once when they make up
// more than half of what is queued (TCP re-arms its retransmission timer on every send), so
// the heaps stay the size of the live events. (time, sequence) is a total order, so neither
// this nor the near/far split (scheduler.hpp) changes which event runs next.
#include "sim/scheduler.hpp"

#include <algorithm>
#include <cassert>

namespace sim {

std::uint32_t Scheduler::claim(Instant t, std::optional<std::uint64_t> order) {
  assert(t >= now_ && "Scheduler::at: an event may not be scheduled in the past");
  if (t < now_) t = now_;
  std::uint32_t slot;
  if (!free_.empty()) {
    slot = free_.back();
    free_.pop_back();
  } else {
    slot = slots_.add();
  }
  slots_[slot].live = true;
  const Entry e{protocols::ns_of(t), order ? *order : next_seq_++, slot};
  std::vector<Entry>& heap = e.t < boundary_ ? near_ : far_;
  heap.push_back(e);
  std::push_heap(heap.begin(), heap.end(), Later{});
  last_slot_ = slot;
  return slot;
}

bool Scheduler::cancel(EventId id) {
  if (!pending(id)) return false;
  Slot& s = slots_[id.slot];
  s.live = false;
  s.cb = nullptr;
  if (++dead_ > 1024 && dead_ * 2 > queued()) compact();
  return true;
}

bool Scheduler::pending(EventId id) const {
  return id.valid() && id.slot < slots_.size() && slots_[id.slot].generation == id.generation &&
         slots_[id.slot].live;
}

void Scheduler::release(std::uint32_t slot) {
  ++slots_[slot].generation;
  free_.push_back(slot);
}

void Scheduler::compact() {
  auto dead = [this](const Entry& e) { return !live(e); };
  for (std::vector<Entry>* heap : {&near_, &far_}) {
    for (const Entry& e : *heap)
      if (dead(e)) release(e.slot);
    std::erase_if(*heap, dead);
    std::make_heap(heap->begin(), heap->end(), Later{});
  }
  dead_ = 0;
}

bool Scheduler::settle() {
  for (;;) {
    while (!near_.empty() && !live(near_.front())) {
      std::uint32_t slot = near_.front().slot;
      std::pop_heap(near_.begin(), near_.end(), Later{});
      near_.pop_back();
      release(slot);
      --dead_;
    }
    if (!near_.empty()) return true;
    if (far_.empty()) return false;
    // near_ is dry: move the next window of far_ over (cancelled entries are let go here).
    boundary_ = far_.front().t + kNearWindow;
    while (!far_.empty() && far_.front().t < boundary_) {
      const Entry e = far_.front();
      std::pop_heap(far_.begin(), far_.end(), Later{});
      far_.pop_back();
      if (!live(e)) {
        release(e.slot);
        --dead_;
        continue;
      }
      near_.push_back(e);
      std::push_heap(near_.begin(), near_.end(), Later{});
    }
  }
}

std::optional<Instant> Scheduler::next_time() {
  if (!settle()) return std::nullopt;
  return protocols::at_ns(near_.front().t);
}

bool Scheduler::step() {
  if (!settle()) return false;
  Entry e = near_.front();
  std::pop_heap(near_.begin(), near_.end(), Later{});
  near_.pop_back();
  Slot& s = slots_[e.slot];
  s.live = false;  // not pending any more: cancelling it from inside is a no-op
  Instant t = protocols::at_ns(e.t);
  assert(t >= now_ && "time never goes backwards");
  now_ = t;
  ++events_run_;
  // Run in place (slots do not move); the slot is reused only after the call.
  s.cb();
  s.cb = nullptr;
  release(e.slot);
  return true;
}

void Scheduler::run_until(Instant limit) {
  for (;;) {
    std::optional<Instant> t = next_time();
    if (!t || *t > limit) break;
    step();
  }
  if (limit > now_) now_ = limit;
}

std::uint64_t Scheduler::run(std::uint64_t max_events) {
  std::uint64_t n = 0;
  while (n < max_events && step()) ++n;
  return n;
}

}  // namespace sim
