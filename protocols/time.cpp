// Formatting and parsing of simulated times and durations.
#include "protocols/time.hpp"

#include <cstdio>

namespace protocols {

std::string format_clock(Instant t) {
  std::int64_t ns = ns_of(t);
  const char* sign = "+";
  if (ns < 0) { sign = "-"; ns = -ns; }
  std::int64_t ms = ns / 1'000'000;
  std::int64_t days = ms / 86'400'000;
  ms %= 86'400'000;
  char buf[64];
  if (days > 0)
    std::snprintf(buf, sizeof buf, "%lldd+%02lld:%02lld:%02lld.%03lld", (long long)days,
                  (long long)(ms / 3'600'000), (long long)(ms / 60'000 % 60),
                  (long long)(ms / 1000 % 60), (long long)(ms % 1000));
  else
    std::snprintf(buf, sizeof buf, "%s%02lld:%02lld:%02lld.%03lld", sign, (long long)(ms / 3'600'000),
                  (long long)(ms / 60'000 % 60), (long long)(ms / 1000 % 60), (long long)(ms % 1000));
  return buf;
}

std::string format_duration(Duration d) {
  std::int64_t ns = d.count();
  if (ns == 0) return "0s";
  std::string out;
  if (ns < 0) { out = "-"; ns = -ns; }
  struct Unit { std::int64_t ns; const char* name; };
  static constexpr Unit units[] = {{86'400'000'000'000, "d"}, {3'600'000'000'000, "h"},
                                   {60'000'000'000, "m"}, {1'000'000'000, "s"},
                                   {1'000'000, "ms"}, {1'000, "us"}, {1, "ns"}};
  bool first = true;
  for (const Unit& u : units) {
    if (ns >= u.ns) {
      if (!first) out += ' ';
      out += std::to_string(ns / u.ns) + u.name;
      ns %= u.ns;
      first = false;
    }
  }
  return out;
}

std::optional<Duration> parse_duration(std::string_view text) {
  if (text.empty()) return std::nullopt;
  std::size_t i = 0;
  std::int64_t whole = 0;
  bool digits = false;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
    if (whole > 1'000'000'000'000LL) return std::nullopt;
    whole = whole * 10 + (text[i] - '0');
    ++i;
    digits = true;
  }
  std::int64_t frac = 0, frac_scale = 1;
  if (i < text.size() && text[i] == '.') {
    ++i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      if (frac_scale < 1'000'000'000) { frac = frac * 10 + (text[i] - '0'); frac_scale *= 10; }
      ++i;
      digits = true;
    }
  }
  if (!digits) return std::nullopt;
  std::string_view unit = text.substr(i);
  std::int64_t mult;
  if (unit == "ns") mult = 1;
  else if (unit == "us") mult = 1'000;
  else if (unit == "ms") mult = 1'000'000;
  else if (unit == "s") mult = 1'000'000'000;
  else if (unit == "m") mult = 60'000'000'000;
  else if (unit == "h") mult = 3'600'000'000'000;
  else if (unit == "d") mult = 86'400'000'000'000;
  else if (unit.empty() && whole == 0 && frac == 0) mult = 1;
  else return std::nullopt;
  if (whole > INT64_MAX / mult) return std::nullopt;
  return Duration{whole * mult + frac * mult / frac_scale};
}

}  // namespace protocols
