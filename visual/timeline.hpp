// Playback over a finished run: the playback time, the speed, and where "step", "seek" and
// "jump" land in the trace; plus the markers the timeline bar draws (fault x, retry |,
// delivery o, bounce !). Pure logic on the trace, tested without a display.
#pragma once
#include <cstddef>
#include <optional>
#include <vector>

#include "sim/trace.hpp"

namespace visual {

using protocols::Duration;
using protocols::Instant;

enum class MarkerKind { Fault, Retry, Delivery, Bounce };

struct Marker {
  Instant t{};
  MarkerKind kind = MarkerKind::Fault;
  std::size_t entry = 0;
};

// Markers in trace order: FaultRecord -> Fault; QueueRecord deferred/attempt-scheduled ->
// Retry; delivered -> Delivery; failed/bounced/expired -> Bounce. (A mailbox delivery has
// its server's "delivered" queue record beside it, so mailbox records add no marker.)
std::vector<Marker> markers_of(const sim::Trace& trace);

// Playback state: one value the timeline panel and the keyboard change.
struct Playback {
  Instant t{};
  bool playing = false;
  double speed = 1.0;  // simulated seconds per wall second, 0.1 .. 1e6
};

constexpr double kMinSpeed = 0.1;
constexpr double kMaxSpeed = 1e6;

// Advances a playing playback by `wall_seconds` of real time, stopping at `end`.
void advance(Playback& p, double wall_seconds, Instant end);
// Multiplies the speed by `factor`, clamped to [kMinSpeed, kMaxSpeed].
void scale_speed(Playback& p, double factor);

// While playing with nothing on the wire, moves the playback straight to the next record
// when it is more than a wall second away at the current speed (a queue waiting 30 minutes
// for its next run need not be watched). Returns whether it skipped.
bool skip_idle(Playback& p, const sim::Trace& trace, bool anything_visible);

// The stretch of the run the scrub bar shows; zooming keeps the instant under the mouse in
// place, never leaves [0, end] and never shows less than a millisecond.
struct TimeWindow {
  Instant from{}, to{};
};
TimeWindow zoom_window(TimeWindow w, Instant around, double factor, Instant end);
// Where t falls in the window, 0 at `from`, 1 at `to` (outside: below 0 or above 1).
double window_fraction(const TimeWindow& w, Instant t);
Instant window_instant(const TimeWindow& w, double fraction);

// The entry index a step lands on, with its time, or none at either end.
struct Landing {
  std::size_t entry = 0;
  Instant t{};
};

// Next (dir > 0) or previous (dir < 0) trace entry strictly after / before time t.
std::optional<Landing> step_event(const sim::Trace& trace, Instant t, int dir);
// Same, but only CommandRecord and ReplyRecord entries (step one command/reply).
std::optional<Landing> step_command(const sim::Trace& trace, Instant t, int dir);
// The next marker strictly after t.
std::optional<Landing> next_marker(const std::vector<Marker>& markers, Instant t);
// The number of trace entries at or before t (what "has happened" by the playback time).
std::size_t entries_until(const sim::Trace& trace, Instant t);

}  // namespace visual
