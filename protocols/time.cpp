// Formatting and parsing of simulated times and durations.
#include "protocols/time.hpp"

#include <cstdint>
#include <cstdio>
#include <utility>

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

namespace {
// One term: digits, an optional fraction, a unit. Returns the unit's rank (0 = d .. 6 = ns)
// and the value, or nullopt; `i` moves past the term.
struct Term { int rank; Duration value; };
std::optional<Term> parse_term(std::string_view text, std::size_t& i) {
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
  std::size_t u = i;
  while (i < text.size() && text[i] >= 'a' && text[i] <= 'z') ++i;
  std::string_view unit = text.substr(u, i - u);
  static constexpr std::pair<std::string_view, std::int64_t> kUnits[] = {
      {"d", 86'400'000'000'000}, {"h", 3'600'000'000'000}, {"m", 60'000'000'000},
      {"s", 1'000'000'000},      {"ms", 1'000'000},        {"us", 1'000},  {"ns", 1}};
  for (int rank = 0; rank < 7; ++rank) {
    auto [name, mult] = kUnits[rank];
    if (unit != name) continue;
    if (whole > INT64_MAX / mult - 1) return std::nullopt;
    return Term{rank, Duration{whole * mult + frac * mult / frac_scale}};
  }
  return std::nullopt;
}
}  // namespace

std::optional<Duration> parse_duration(std::string_view text) {
  if (text == "0") return Duration{0};
  // Terms from the largest unit down, as format_duration writes them without the spaces:
  // "24h1m", "1d2h30m", "1m30.5s". A unit may not repeat or grow ("1m1h" is refused).
  Duration total{0};
  int last_rank = -1;
  std::size_t i = 0;
  if (text.empty()) return std::nullopt;
  while (i < text.size()) {
    std::optional<Term> t = parse_term(text, i);
    if (!t || t->rank <= last_rank) return std::nullopt;
    if (total.count() > INT64_MAX - t->value.count()) return std::nullopt;
    total += t->value;
    last_rank = t->rank;
  }
  return total;
}

}  // namespace protocols
