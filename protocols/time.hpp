// The one time type of MailSim: integer nanoseconds on a simulator clock that has no now().
// Every function below the UI that needs the time is handed an Instant; none reads a clock.
#pragma once
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace protocols {

struct SimClock {
  using rep = std::int64_t;
  using period = std::nano;
  using duration = std::chrono::nanoseconds;
  using time_point = std::chrono::time_point<SimClock, duration>;
  static constexpr bool is_steady = true;
  // Deliberately no now(): simulated time is passed in, never read.
};

using Duration = std::chrono::nanoseconds;
using Instant = SimClock::time_point;

constexpr Instant kEpoch{};
constexpr std::int64_t ns_of(Instant t) { return t.time_since_epoch().count(); }
constexpr Instant at_ns(std::int64_t ns) { return Instant{Duration{ns}}; }

// "+HH:MM:SS.mmm", with a day prefix ("2d+07:00:00.000") past 24 h.
std::string format_clock(Instant t);
// "1d 2h 3m 4.5s" style, shortest exact form, for messages and reasons.
std::string format_duration(Duration d);
// Parses "250ms", "30s", "10m", "2h", "3d", "1.5s", "0" (unitless only for zero). No sign.
std::optional<Duration> parse_duration(std::string_view text);

}  // namespace protocols
