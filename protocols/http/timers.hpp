// The HTTP/1.1 connection timers, as closed enums with default durations in a small table
// (RFC 9112 §9.5 "Failures and Timeouts": servers close idle persistent connections after
// a timeout of their choosing; RFC 9110 §15.5.9 408 Request Timeout for a request that did
// not arrive in time). HTTP names no values; the defaults are those common servers ship
// (nginx keepalive_timeout 75 s and client_header_timeout 60 s; Apache KeepAliveTimeout 5 s).
// Leaves out: a timer for sending (the host's TCP retransmission covers a stalled send).
#pragma once
#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "protocols/time.hpp"

namespace protocols::http {

using namespace std::chrono_literals;

enum class ServerTimer : std::uint8_t {
  KeepAliveIdle,   // no request begun on a persistent connection: close quietly (§9.5)
  RequestReceive,  // a request begun but not complete: answer 408 and close (RFC 9110 §15.5.9)
  kCount,
};

enum class ClientTimer : std::uint8_t {
  Response,  // a request sent and its response not complete: give up and close (§9.5)
  kCount,
};

template <typename E>
struct TimerRow {
  E timer;
  std::string_view name;
  std::string_view rfc;
  Duration duration;
};

inline constexpr std::array<TimerRow<ServerTimer>, 2> kServerTimers{{
    {ServerTimer::KeepAliveIdle, "keep-alive idle", "RFC 9112 §9.5", 60s},
    {ServerTimer::RequestReceive, "request receive", "RFC 9110 §15.5.9", 30s},
}};

inline constexpr std::array<TimerRow<ClientTimer>, 1> kClientTimers{{
    {ClientTimer::Response, "response", "RFC 9112 §9.5", 30s},
}};

constexpr std::string_view to_string(ServerTimer t) { return kServerTimers[static_cast<std::size_t>(t)].name; }
constexpr std::string_view to_string(ClientTimer t) { return kClientTimers[static_cast<std::size_t>(t)].name; }

// Deadlines keyed by a timer enum; at most one deadline per timer.
template <typename E>
class TimerTable {
 public:
  void arm(E t, Instant at) { at_[static_cast<std::size_t>(t)] = at; }
  void disarm(E t) { at_[static_cast<std::size_t>(t)].reset(); }
  bool armed(E t) const { return at_[static_cast<std::size_t>(t)].has_value(); }
  std::optional<Instant> earliest() const {
    std::optional<Instant> best;
    for (const auto& a : at_)
      if (a && (!best || *a < *best)) best = a;
    return best;
  }
  // The armed timer with the earliest deadline at or before `now`, disarmed on return.
  std::optional<E> take_expired(Instant now) {
    std::optional<std::size_t> best;
    for (std::size_t i = 0; i < at_.size(); ++i)
      if (at_[i] && *at_[i] <= now && (!best || *at_[i] < *at_[*best])) best = i;
    if (!best) return std::nullopt;
    at_[*best].reset();
    return static_cast<E>(*best);
  }

 private:
  std::array<std::optional<Instant>, static_cast<std::size_t>(E::kCount)> at_{};
};

}  // namespace protocols::http
