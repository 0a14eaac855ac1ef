// The engines' outputs are queues drained by poll_*(): take the front element, if any.
#pragma once
#include <optional>
#include <utility>

namespace protocols {

template <class Queue>
std::optional<typename Queue::value_type> take_front(Queue& q) {
  if (q.empty()) return std::nullopt;
  std::optional<typename Queue::value_type> v(std::move(q.front()));
  q.pop_front();
  return v;
}

}  // namespace protocols
