// Reading fill-in answers as students write them (see grader_forms.hpp).
#include "lessons/grader_forms.hpp"

#include <array>
#include <cctype>
#include <cstdlib>
#include <utility>

namespace lessons {

namespace {

// White space out, full-width punctuation to ASCII, letters to lower case.
std::string squeeze(std::string_view text) {
  std::string s(text);
  static const std::array<std::pair<std::string_view, char>, 4> wide = {
      {{"：", ':'}, {"，", ','}, {"．", '.'}, {"\u3000", ' '}}};
  for (const auto& [from, to] : wide)
    for (std::size_t p; (p = s.find(from)) != std::string::npos;) s.replace(p, from.size(), 1, to);
  std::string out;
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (std::isspace(u)) continue;
    out += u < 0x80 ? static_cast<char>(std::tolower(u)) : c;
  }
  return out;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// A unit word as parse_duration's unit ("ms", "s", "m", "h", "d", "us", "ns").
std::optional<std::string_view> unit_of(std::string_view word) {
  struct Unit {
    std::string_view canonical;
    std::array<std::string_view, 8> words;
  };
  static const std::array<Unit, 7> units = {{
      {"ns", {"ns", "nanosecond", "nanoseconds", "纳秒"}},
      {"us", {"us", "µs", "μs", "microsecond", "microseconds", "微秒"}},
      {"ms", {"ms", "msec", "msecs", "millisecond", "milliseconds", "毫秒"}},
      {"s", {"s", "sec", "secs", "second", "seconds", "秒", "秒钟"}},
      {"m", {"m", "min", "mins", "minute", "minutes", "分", "分钟"}},
      {"h", {"h", "hr", "hrs", "hour", "hours", "小时", "个小时", "钟头"}},
      {"d", {"d", "day", "days", "天", "日"}},
  }};
  for (const Unit& u : units)
    for (std::string_view w : u.words)
      if (!w.empty() && w == word) return u.canonical;
  return std::nullopt;
}

}  // namespace

std::optional<protocols::Duration> read_duration_answer(std::string_view text) {
  const std::string s = squeeze(text);
  protocols::Duration total{};
  std::size_t i = 0;
  bool any = false;
  while (i < s.size()) {
    std::size_t n = i;
    while (n < s.size() && (is_digit(s[n]) || s[n] == '.')) ++n;
    std::size_t u = n;
    while (u < s.size() && !is_digit(s[u]) && s[u] != '.') ++u;
    if (n == i) return std::nullopt;  // a unit with no number before it
    std::string number = s.substr(i, n - i);
    std::optional<std::string_view> unit = unit_of(std::string_view(s).substr(n, u - n));
    if (!unit && !(u == n && number.find_first_not_of("0.") == std::string::npos)) return std::nullopt;
    auto d = protocols::parse_duration(number + std::string(unit.value_or("s")));
    if (!d) return std::nullopt;
    total += *d;
    any = true;
    i = u;
  }
  if (!any) return std::nullopt;
  return total;
}

std::optional<double> read_number_answer(std::string_view text) {
  std::string s = squeeze(text);
  std::size_t start = !s.empty() && (s[0] == '-' || s[0] == '+') ? 1 : 0;
  std::size_t dot = s.find('.');
  std::string whole = s.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
  if (whole.find(',') != std::string::npos) {  // thousands separators: 1,234,567
    std::string plain;
    std::size_t group = 0, groups = 0;
    for (char c : whole + ",") {
      if (c != ',') {
        plain += c;
        ++group;
        continue;
      }
      if (group == 0 || group > 3 || (groups > 0 && group != 3)) return std::nullopt;
      ++groups;
      group = 0;
    }
    s = s.substr(0, start) + plain + (dot == std::string::npos ? "" : s.substr(dot));
  }
  if (s.size() == start || !is_digit(s[start])) return std::nullopt;
  char* end = nullptr;
  double v = std::strtod(s.c_str(), &end);
  if (!end || *end != '\0') return std::nullopt;
  return v;
}

std::optional<ClockAnswer> read_clock_answer(std::string_view text) {
  const std::string s = squeeze(text);
  auto two = [&](std::size_t at) -> std::optional<int> {
    if (at + 2 > s.size() || !is_digit(s[at]) || !is_digit(s[at + 1])) return std::nullopt;
    return (s[at] - '0') * 10 + (s[at + 1] - '0');
  };
  std::size_t colon = s.find(':');
  if (colon == std::string::npos || colon == 0 || colon > 2) return std::nullopt;
  for (std::size_t k = 0; k < colon; ++k)
    if (!is_digit(s[k])) return std::nullopt;
  int h = std::atoi(s.substr(0, colon).c_str());
  std::optional<int> m = two(colon + 1);
  if (!m || h > 23 || *m > 59) return std::nullopt;
  ClockAnswer c{h * 3600 + *m * 60, 60};
  if (s.size() == colon + 3) return c;
  std::optional<int> sec = s.size() == colon + 6 && s[colon + 3] == ':' ? two(colon + 4) : std::nullopt;
  if (!sec || *sec > 59) return std::nullopt;
  return ClockAnswer{c.seconds + *sec, 1};
}

}  // namespace lessons
