// IMAP dates (RFC 3501 §9 date-time "17-Jul-1996 02:44:25 -0700" for INTERNALDATE and
// APPEND, date "1-Feb-1994" for SEARCH SINCE/BEFORE/ON). An Instant is read as nanoseconds
// since the Unix epoch, UTC. Leaves out: zones other than numeric offsets.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "protocols/time.hpp"

namespace protocols::imap {

std::string format_internal_date(Instant t);               // "17-Jul-1996 02:44:25 +0000"
std::optional<Instant> parse_date_time(std::string_view s);  // date-time, zone applied
std::optional<std::int64_t> parse_search_date(std::string_view s);  // days since 1970-01-01
std::int64_t day_of(Instant t);                                   // days since 1970-01-01 (UTC)
std::int64_t day_of_unix_seconds(std::int64_t seconds);

}  // namespace protocols::imap
