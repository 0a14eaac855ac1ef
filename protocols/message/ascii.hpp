// Small ASCII helpers shared by the message-format code: case folding, case-insensitive
// comparison and whitespace trimming. Header names and MIME tokens are ASCII and
// case-insensitive (RFC 5322 §1.2.2, RFC 2045 §5.1); nothing here is locale-dependent.
#pragma once
#include <string>
#include <string_view>

namespace protocols::message {

constexpr char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; }

inline std::string to_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = ascii_lower(c);
  return out;
}

inline bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  return true;
}

constexpr bool is_wsp(char c) { return c == ' ' || c == '\t'; }

// Trims spaces, tabs, CR and LF from both ends.
inline std::string_view trim(std::string_view s) {
  auto ws = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && ws(s.front())) s.remove_prefix(1);
  while (!s.empty() && ws(s.back())) s.remove_suffix(1);
  return s;
}

inline bool is_seven_bit(std::string_view s) {
  for (char c : s)
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  return true;
}

}  // namespace protocols::message
