// IMAP date-time and date (RFC 3501 §9), via the RFC 5322 date code of protocols/message.
#include "protocols/imap/imap_date.hpp"

#include "protocols/message/date.hpp"

namespace protocols::imap {
namespace {

std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// "d-Mon-yyyy" -> "d Mon yyyy" for the RFC 5322 parser.
std::optional<std::string> date_part(std::string_view s) {
  std::size_t a = s.find('-');
  std::size_t b = a == std::string_view::npos ? a : s.find('-', a + 1);
  if (b == std::string_view::npos || a == 0 || a > 2 || b - a != 4 || s.size() - b - 1 != 4) return std::nullopt;
  std::string out(s);
  out[a] = ' ';
  out[b] = ' ';
  return out;
}

}  // namespace

std::int64_t day_of_unix_seconds(std::int64_t seconds) { return floor_div(seconds, 86400); }
std::int64_t day_of(Instant t) { return day_of_unix_seconds(floor_div(ns_of(t), 1'000'000'000)); }

std::string format_internal_date(Instant t) {
  // format_date gives "Wed, 17 Jul 1996 02:44:25 +0000"; IMAP wants "17-Jul-1996 02:44:25 +0000".
  std::string d = message::format_date(floor_div(ns_of(t), 1'000'000'000), 0);
  std::string rest = d.substr(d.find(", ") + 2);
  if (rest.size() > 11) {
    rest[2] = '-';
    rest[6] = '-';
  }
  return rest;
}

std::optional<Instant> parse_date_time(std::string_view s) {
  // RFC 3501 §9: date-time = DQUOTE date-day-fixed "-" date-month "-" date-year SP time SP zone DQUOTE
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);  // date-day-fixed may be " 7"
  std::size_t sp = s.find(' ');
  if (sp == std::string_view::npos) return std::nullopt;
  auto date = date_part(s.substr(0, sp));
  if (!date) return std::nullopt;
  std::string_view rest = s.substr(sp + 1);
  if (rest.size() != 14 || rest[8] != ' ' || (rest[9] != '+' && rest[9] != '-')) return std::nullopt;
  auto parsed = message::parse_date(*date + " " + std::string(rest));
  if (!parsed) return std::nullopt;
  return at_ns(parsed->unix_seconds * 1'000'000'000);
}

std::optional<std::int64_t> parse_search_date(std::string_view s) {
  auto date = date_part(s);
  if (!date) return std::nullopt;
  auto parsed = message::parse_date(*date + " 00:00:00 +0000");
  if (!parsed) return std::nullopt;
  return day_of_unix_seconds(parsed->unix_seconds);
}

}  // namespace protocols::imap
