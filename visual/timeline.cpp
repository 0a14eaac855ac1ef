// Stepping and seeking over the trace, and the timeline's markers.
#include "visual/timeline.hpp"

#include <algorithm>
#include <cmath>

namespace visual {

std::vector<Marker> markers_of(const sim::Trace& trace) {
  std::vector<Marker> out;
  const auto& es = trace.entries();
  for (std::size_t i = 0; i < es.size(); ++i) {
    const sim::Record& r = es[i].record;
    std::optional<MarkerKind> k;
    if (std::holds_alternative<sim::FaultRecord>(r)) {
      k = MarkerKind::Fault;
    } else if (const auto* q = std::get_if<sim::QueueRecord>(&r)) {
      if (q->action == sim::QueueAction::Deferred) k = MarkerKind::Retry;
      else if (q->action == sim::QueueAction::Delivered) k = MarkerKind::Delivery;
      else if (q->action == sim::QueueAction::Failed || q->action == sim::QueueAction::Bounced ||
               q->action == sim::QueueAction::Expired)
        k = MarkerKind::Bounce;
    }
    if (k) out.push_back({es[i].t, *k, i});
  }
  return out;
}

void advance(Playback& p, double wall_seconds, Instant end) {
  if (!p.playing) return;
  double ns = wall_seconds * p.speed * 1e9;
  Duration d{static_cast<std::int64_t>(std::min(ns, 1e18))};
  p.t = std::min(end, p.t + d);
  if (p.t >= end) p.playing = false;
}

void scale_speed(Playback& p, double factor) {
  p.speed = std::clamp(p.speed * factor, kMinSpeed, kMaxSpeed);
}

bool skip_idle(Playback& p, const sim::Trace& trace, bool anything_visible) {
  if (!p.playing || anything_visible) return false;
  auto next = step_event(trace, p.t, +1);
  if (!next) return false;
  double gap_wall_seconds = double((next->t - p.t).count()) / 1e9 / p.speed;
  if (gap_wall_seconds <= 1.0) return false;
  p.t = next->t;
  return true;
}

TimeWindow zoom_window(TimeWindow w, Instant around, double factor, Instant end) {
  const double kMinSpan = 1e6;  // 1 ms
  double full = std::max(kMinSpan, double(protocols::ns_of(end)));
  double from = double(protocols::ns_of(w.from)), to = double(protocols::ns_of(w.to));
  double at = std::clamp(double(protocols::ns_of(around)), from, to);
  double span = std::clamp((to - from) * factor, kMinSpan, full);
  double k = to > from ? (at - from) / (to - from) : 0.5;
  from = std::clamp(at - k * span, 0.0, full - span);
  return {protocols::at_ns(static_cast<std::int64_t>(from)), protocols::at_ns(static_cast<std::int64_t>(from + span))};
}

double window_fraction(const TimeWindow& w, Instant t) {
  double span = std::max(1.0, double((w.to - w.from).count()));
  return double((t - w.from).count()) / span;
}

Instant window_instant(const TimeWindow& w, double fraction) {
  return w.from + Duration{static_cast<std::int64_t>(fraction * double((w.to - w.from).count()))};
}

namespace {
template <class Pred>
std::optional<Landing> step_if(const sim::Trace& trace, Instant t, int dir, Pred keep) {
  const auto& es = trace.entries();
  auto by_time = [](const sim::TraceEntry& e, Instant v) { return e.t < v; };
  if (dir > 0) {
    auto it = std::upper_bound(es.begin(), es.end(), t,
                               [](Instant v, const sim::TraceEntry& e) { return v < e.t; });
    for (; it != es.end(); ++it)
      if (keep(it->record)) return Landing{static_cast<std::size_t>(it - es.begin()), it->t};
    return std::nullopt;
  }
  auto it = std::lower_bound(es.begin(), es.end(), t, by_time);
  while (it != es.begin()) {
    --it;
    if (keep(it->record)) {
      // Land on the first entry of that instant, so stepping back then forward is stable.
      return Landing{static_cast<std::size_t>(it - es.begin()), it->t};
    }
  }
  return std::nullopt;
}
}  // namespace

std::optional<Landing> step_event(const sim::Trace& trace, Instant t, int dir) {
  return step_if(trace, t, dir, [](const sim::Record&) { return true; });
}

std::optional<Landing> step_command(const sim::Trace& trace, Instant t, int dir) {
  return step_if(trace, t, dir, [](const sim::Record& r) {
    return std::holds_alternative<sim::CommandRecord>(r) || std::holds_alternative<sim::ReplyRecord>(r);
  });
}

std::optional<Landing> next_marker(const std::vector<Marker>& markers, Instant t) {
  auto it = std::upper_bound(markers.begin(), markers.end(), t,
                             [](Instant v, const Marker& m) { return v < m.t; });
  if (it == markers.end()) return std::nullopt;
  return Landing{it->entry, it->t};
}

std::size_t entries_until(const sim::Trace& trace, Instant t) {
  const auto& es = trace.entries();
  auto it = std::upper_bound(es.begin(), es.end(), t,
                             [](Instant v, const sim::TraceEntry& e) { return v < e.t; });
  return static_cast<std::size_t>(it - es.begin());
}

}  // namespace visual
