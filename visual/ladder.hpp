// The ladder (sequence) diagram's rows: one arrow per flight, or with TCP folded only the
// flights that carry a command, reply or query; each SMTP row tagged with its phase
// (connection establishment until MAIL, mail transfer until QUIT, then connection release,
// as the course teaches them: SYLLABUS.md §2); faults and queue decisions appear between the
// arrows at their place in time.
#pragma once
#include <cstddef>
#include <optional>
#include <vector>

#include "visual/flights.hpp"

namespace visual {

enum class SmtpPhase { None, Establishment, Transfer, Release };

// A row is either a flight (an arrow) or an event drawn across the lanes: a fault, or a
// queue decision of a mail server (deferred, delivered, failed, bounced).
struct LadderRow {
  std::size_t flight = 0;  // flight rows
  SmtpPhase phase = SmtpPhase::None;
  std::optional<std::size_t> event;  // event rows: the trace entry
  protocols::Instant t{};            // when the row happens (a flight's send time)
  std::size_t entry = 0;             // the trace entry the row stands for
  // A message's content split over several segments (all labelled alike, "message (5069
  // bytes)"): this is segment `part` of `parts` on its connection, so the rows differ.
  int part = 0, parts = 0;
};

// Faults and the queue decisions deferred, delivered, failed and bounced.
bool is_ladder_event(const sim::Record& r);

std::vector<LadderRow> ladder_rows(const FlightIndex& flights, const sim::Trace& trace, bool fold_tcp);

}  // namespace visual
