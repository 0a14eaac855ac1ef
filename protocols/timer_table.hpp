// The small table of RFC-named timers every sans-IO engine keeps (STYLE.md): one optional
// deadline per timer of a closed enum (which ends with kCount), the earliest for
// poll_timeout(), and the one that has expired for handle_timeout(). Each protocol lists its
// timers with their RFC values in a TimerRow table beside its enum.
#pragma once
#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

#include "protocols/time.hpp"

namespace protocols {

template <typename E>
struct TimerRow {
  E timer;
  std::string_view name;
  std::string_view rfc;
  Duration duration;
};

template <typename E>
class TimerTable {
 public:
  void arm(E t, Instant at) { at_[index(t)] = at; }
  void disarm(E t) { at_[index(t)].reset(); }
  void disarm_all() { at_.fill(std::nullopt); }
  bool armed(E t) const { return at_[index(t)].has_value(); }
  std::optional<Instant> earliest() const {
    std::optional<Instant> best;
    for (const auto& a : at_)
      if (a && (!best || *a < *best)) best = a;
    return best;
  }
  // The armed timer with the earliest deadline at or before `now`.
  std::optional<E> expired(Instant now) const {
    std::optional<std::size_t> best;
    for (std::size_t i = 0; i < at_.size(); ++i)
      if (at_[i] && *at_[i] <= now && (!best || *at_[i] < *at_[*best])) best = i;
    if (!best) return std::nullopt;
    return static_cast<E>(*best);
  }
  // The same, disarmed on return.
  std::optional<E> take_expired(Instant now) {
    std::optional<E> e = expired(now);
    if (e) disarm(*e);
    return e;
  }

 private:
  static constexpr std::size_t index(E t) { return static_cast<std::size_t>(t); }
  std::array<std::optional<Instant>, static_cast<std::size_t>(E::kCount)> at_{};
};

}  // namespace protocols
