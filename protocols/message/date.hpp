// RFC 5322 §3.3 date-time: formatting from Unix seconds plus a zone offset
// ("Mon, 05 Jan 2026 09:00:00 +0800") and parsing back, including the obsolete zone names
// of §4.3 (UT, GMT, EST..PDT; military zones read as -0000) and two-digit years.
// Leaves out: leap seconds (second 60 is accepted and folded into the next minute) and
// calendars other than the proleptic Gregorian one.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace protocols::message {

struct DateTime {
  std::int64_t unix_seconds = 0;  // the instant, UTC
  int zone_offset_minutes = 0;    // local offset as written (+0800 -> 480)
  bool operator==(const DateTime&) const = default;
};

// "Mon, 05 Jan 2026 09:00:00 +0800": the local time at unix_seconds + offset.
std::string format_date(std::int64_t unix_seconds, int zone_offset_minutes);
inline std::string format_date(const DateTime& d) {
  return format_date(d.unix_seconds, d.zone_offset_minutes);
}

// Parses a date-time with optional day of week, CFWS and obsolete forms; nullopt if invalid.
// Anything after the zone (a comment, "UTC", a stray word) is ignored, as readers do.
std::optional<DateTime> parse_date(std::string_view text);

}  // namespace protocols::message
