// The ladder (sequence) diagram's rows: one arrow per flight, or with TCP folded only the
// flights that carry a command, reply or query; each SMTP row tagged with its phase
// (connection establishment until MAIL, mail transfer until QUIT, then connection release,
// as the course teaches them: SYLLABUS.md §2).
#pragma once
#include <cstddef>
#include <vector>

#include "visual/flights.hpp"

namespace visual {

enum class SmtpPhase { None, Establishment, Transfer, Release };

struct LadderRow {
  std::size_t flight = 0;
  SmtpPhase phase = SmtpPhase::None;
};

std::vector<LadderRow> ladder_rows(const FlightIndex& flights, const sim::Trace& trace, bool fold_tcp);

}  // namespace visual
