// Segments in flight: each SegmentRecord Sent paired with the Delivered or Dropped record of
// the same segment, so the canvas can draw a pill at lerp(t_sent, t_arrived, playback time)
// and the ladder an arrow from one lane to the other. Built once per run from the trace; a
// view holds no copy of model state beyond this index.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "sim/trace.hpp"
#include "visual/i18n.hpp"

namespace visual {

using protocols::Duration;
using protocols::Instant;

// How a pill or arrow is coloured: by protocol, with replies by code class.
enum class PillStyle { TcpControl, Smtp, Pop3, Imap, Http, Dns, Other, Reply2, Reply3, Reply4, Reply5 };

struct Flight {
  std::size_t sent = 0;                // trace entry index of the Sent record
  std::optional<std::size_t> arrived;  // entry index of Delivered or Dropped; none = never
  Instant t0{}, t1{};                  // sent, delivered/dropped (t1 = t0 when never)
  sim::HostId from = sim::kNoHost, to = sim::kNoHost;
  sim::HostId dropped_at = sim::kNoHost;  // set when dropped
  sim::ConnId conn = 0;
  bool udp = false;
  bool dropped = false;
  bool retransmission = false;
  bool has_payload_label = false;  // carries a Command/Reply/Query label (kept when TCP folds)
  std::string text;                // first label's text, else the TCP flags
  PillStyle style = PillStyle::Other;
};

// How long a dropped segment stays on screen fading out, in simulated time it is a share of
// the flight; the canvas also keeps it at least this long.
constexpr Duration kDropFade = std::chrono::milliseconds(40);

class FlightIndex {
 public:
  explicit FlightIndex(const sim::Trace& trace);

  const std::vector<Flight>& flights() const { return flights_; }
  // Indices of flights on screen at `t`: in the air (t0 <= t < t1), or dropped and still
  // fading (t1 <= t < t1 + fade, fade = max(kDropFade, its flight time)).
  std::vector<std::size_t> visible_at(Instant t) const;
  // Where along its path a flight is at `t`, 0 at the sender, 1 at the receiver.
  static double progress(const Flight& f, Instant t);
  // 1 while in the air; for a dropped flight after t1, falls to 0 over the fade.
  static double opacity(const Flight& f, Instant t);
  // The flight whose Sent or arrival record is `entry`, if any.
  std::optional<std::size_t> flight_of_entry(std::size_t entry) const;

 private:
  std::vector<Flight> flights_;  // ordered by t0 (the Sent records' trace order)
  std::vector<std::size_t> by_entry_;  // entry index -> flight index + 1, 0 = none
  Duration longest_{};                 // longest time a flight stays visible
};

PillStyle style_of_label(const protocols::Label& l);
// Pill style for a reply code of a protocol ("250" -> Reply2, "+OK" -> Reply2, "NO" -> Reply4).
std::optional<PillStyle> reply_style(protocols::Proto proto, std::string_view text);

// A label's text as a pill or an arrow shows it in `lang`: the words the engines put round
// protocol text ("message (702 bytes)", "answer 10 mail.b.example", "query MX b.example")
// in the reader's language; the protocol text itself (commands, replies, media types, DNS
// data) as it is on the wire.
std::string pill_label(const std::string& text, Lang lang);

}  // namespace visual
