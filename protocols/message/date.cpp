// RFC 5322 §3.3 / §4.3 date-time formatting and parsing over a proleptic Gregorian calendar.
#include "protocols/message/date.hpp"

#include <array>
#include <cstdio>

#include "protocols/message/ascii.hpp"

namespace protocols::message {

namespace {
constexpr std::array<const char*, 7> kDays = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};
constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

// Days since 1970-01-01 of a civil date, and back (H. Hinnant's algorithms).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

void civil_from_days(std::int64_t z, std::int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2);
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

struct Cursor {
  std::string_view s;
  std::size_t pos = 0;
  void skip_cfws() {
    while (pos < s.size()) {
      char c = s[pos];
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        ++pos;
      } else if (c == '(') {  // §3.2.2 comment
        int depth = 0;
        while (pos < s.size()) {
          char d = s[pos++];
          if (d == '\\') ++pos;
          else if (d == '(') ++depth;
          else if (d == ')' && --depth == 0) break;
        }
      } else {
        break;
      }
    }
    if (pos > s.size()) pos = s.size();  // a comment ending in "\\" stepped past the end
  }
  std::optional<std::int64_t> number(std::size_t min_digits, std::size_t max_digits) {
    skip_cfws();
    std::size_t b = pos;
    std::int64_t v = 0;
    while (pos < s.size() && pos - b < max_digits && s[pos] >= '0' && s[pos] <= '9')
      v = v * 10 + (s[pos++] - '0');
    if (pos - b < min_digits) return std::nullopt;
    return v;
  }
  std::string word() {
    skip_cfws();
    std::size_t b = pos;
    while (pos < s.size() && ((s[pos] >= 'A' && s[pos] <= 'Z') || (s[pos] >= 'a' && s[pos] <= 'z')))
      ++pos;
    return std::string(s.substr(b, pos - b));
  }
  bool eat(char c) {
    skip_cfws();
    if (pos < s.size() && s[pos] == c) {
      ++pos;
      return true;
    }
    return false;
  }
};

// §4.3 obs-zone: named zones. Military letters are unreliable and read as -0000.
std::optional<int> named_zone(std::string_view z) {
  static const std::pair<const char*, int> kZones[] = {
      {"UT", 0},       {"GMT", 0},      {"EST", -300}, {"EDT", -240}, {"CST", -360},
      {"CDT", -300},   {"MST", -420},   {"MDT", -360}, {"PST", -480}, {"PDT", -420}};
  for (const auto& [name, off] : kZones)
    if (iequals(z, name)) return off;
  if (z.size() == 1) return 0;
  return std::nullopt;
}
}  // namespace

std::string format_date(std::int64_t unix_seconds, int zone_offset_minutes) {
  std::int64_t local = unix_seconds + std::int64_t{zone_offset_minutes} * 60;
  std::int64_t days = floor_div(local, 86400);
  std::int64_t secs = local - days * 86400;
  std::int64_t y;
  unsigned m, d;
  civil_from_days(days, y, m, d);
  int wd = static_cast<int>(((days % 7) + 7) % 7);  // 1970-01-01 was a Thursday
  int off = zone_offset_minutes < 0 ? -zone_offset_minutes : zone_offset_minutes;
  if (y < 0 || y > 9999 || off / 60 > 99) {  // outside what the fixed-width form below holds
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s, %02u %s %04lld %02d:%02d:%02d %c%02d%02d", kDays[wd], d,
                  kMonths[m - 1], static_cast<long long>(y), static_cast<int>(secs / 3600),
                  static_cast<int>(secs / 60 % 60), static_cast<int>(secs % 60),
                  zone_offset_minutes < 0 ? '-' : '+', off / 60, off % 60);
    return buf;
  }
  // The same text without snprintf (a Date and Received field per message): "Thu, 01 Jan
  // 1970 00:00:00 +0000".
  std::string out;
  out.reserve(31);
  auto two = [&out](unsigned v) {
    out += char('0' + v / 10 % 10);
    out += char('0' + v % 10);
  };
  out += kDays[wd];
  out += ", ";
  two(d);
  out += ' ';
  out += kMonths[m - 1];
  out += ' ';
  two(static_cast<unsigned>(y / 100));
  two(static_cast<unsigned>(y % 100));
  out += ' ';
  two(static_cast<unsigned>(secs / 3600));
  out += ':';
  two(static_cast<unsigned>(secs / 60 % 60));
  out += ':';
  two(static_cast<unsigned>(secs % 60));
  out += ' ';
  out += zone_offset_minutes < 0 ? '-' : '+';
  two(static_cast<unsigned>(off / 60));
  two(static_cast<unsigned>(off % 60));
  return out;
}

std::optional<DateTime> parse_date(std::string_view text) {
  Cursor c{text};
  std::size_t save = c.pos;
  std::string w = c.word();
  if (!w.empty()) {  // [ day-of-week "," ]
    if (!c.eat(',')) return std::nullopt;
  } else {
    c.pos = save;
  }
  auto day = c.number(1, 2);
  std::string mon = c.word();
  c.skip_cfws();
  std::size_t year_begin = c.pos;
  auto year = c.number(2, 4);
  if (!day || !year) return std::nullopt;
  std::size_t year_digits = c.pos - year_begin;
  int month = 0;
  for (int i = 0; i < 12; ++i)
    if (iequals(mon, kMonths[i])) month = i + 1;
  if (month == 0 || *day < 1 || *day > 31) return std::nullopt;
  std::int64_t y = *year;
  if (year_digits == 2) y += y < 50 ? 2000 : 1900;  // §4.3 obs-year
  else if (year_digits == 3) y += 1900;
  auto hh = c.number(2, 2);
  if (!hh || !c.eat(':')) return std::nullopt;
  auto mm = c.number(2, 2);
  if (!mm) return std::nullopt;
  std::int64_t ss = 0;
  if (c.eat(':')) {
    auto s = c.number(2, 2);
    if (!s) return std::nullopt;
    ss = *s;
  }
  if (*hh > 23 || *mm > 59 || ss > 60) return std::nullopt;
  c.skip_cfws();
  int zone = 0;
  if (c.pos < text.size() && (text[c.pos] == '+' || text[c.pos] == '-')) {
    char sign = text[c.pos++];
    auto z = c.number(4, 4);
    if (!z || *z % 100 > 59) return std::nullopt;
    zone = static_cast<int>(*z / 100 * 60 + *z % 100) * (sign == '-' ? -1 : 1);
  } else {
    auto named = named_zone(c.word());
    if (!named) return std::nullopt;
    zone = *named;
  }
  std::int64_t days = days_from_civil(y, static_cast<unsigned>(month), static_cast<unsigned>(*day));
  std::int64_t local = days * 86400 + *hh * 3600 + *mm * 60 + ss;
  return DateTime{local - std::int64_t{zone} * 60, zone};
}

}  // namespace protocols::message
