// Binary heap of (time, sequence, slot); callbacks live in a slot pool with generations so
// that a cancelled or fired event's id can never cancel a later event reusing its slot.
#include "sim/scheduler.hpp"

#include <algorithm>
#include <cassert>

namespace sim {

EventId Scheduler::at(Instant t, Callback cb) {
  assert(t >= now_ && "Scheduler::at: an event may not be scheduled in the past");
  if (t < now_) t = now_;
  std::uint32_t slot;
  if (!free_.empty()) {
    slot = free_.back();
    free_.pop_back();
  } else {
    slot = static_cast<std::uint32_t>(slots_.size());
    slots_.emplace_back();
  }
  Slot& s = slots_[slot];
  s.cb = std::move(cb);
  s.live = true;
  heap_.push_back(Entry{protocols::ns_of(t), next_seq_++, slot});
  std::push_heap(heap_.begin(), heap_.end(), later);
  return EventId{slot, s.generation};
}

bool Scheduler::cancel(EventId id) {
  if (!pending(id)) return false;
  Slot& s = slots_[id.slot];
  s.live = false;
  s.cb = nullptr;
  return true;
}

bool Scheduler::pending(EventId id) const {
  return id.valid() && id.slot < slots_.size() && slots_[id.slot].generation == id.generation &&
         slots_[id.slot].live;
}

void Scheduler::drop_dead_top() {
  while (!heap_.empty() && !slots_[heap_.front().slot].live) {
    std::uint32_t slot = heap_.front().slot;
    std::pop_heap(heap_.begin(), heap_.end(), later);
    heap_.pop_back();
    ++slots_[slot].generation;
    free_.push_back(slot);
  }
}

std::optional<Instant> Scheduler::next_time() {
  drop_dead_top();
  if (heap_.empty()) return std::nullopt;
  return protocols::at_ns(heap_.front().t);
}

bool Scheduler::step() {
  drop_dead_top();
  if (heap_.empty()) return false;
  Entry e = heap_.front();
  std::pop_heap(heap_.begin(), heap_.end(), later);
  heap_.pop_back();
  Slot& s = slots_[e.slot];
  Callback cb = std::move(s.cb);
  s.cb = nullptr;
  s.live = false;
  ++s.generation;
  free_.push_back(e.slot);
  Instant t = protocols::at_ns(e.t);
  assert(t >= now_ && "time never goes backwards");
  now_ = t;
  ++events_run_;
  cb();
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
