// Message flags (RFC 3501 §2.3.2): parsing, set operations, canonical order.
#include "protocols/store/flags.hpp"

#include <algorithm>
#include <array>

namespace protocols::store {
namespace {

constexpr std::array<SystemFlag, 5> kAll = {SystemFlag::Seen, SystemFlag::Answered, SystemFlag::Flagged,
                                            SystemFlag::Deleted, SystemFlag::Draft};

bool iequal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

// RFC 3501 §9: flag-keyword = atom; atom-specials exclude ( ) { SP CTL % * " \ ]
bool valid_keyword(std::string_view s) {
  if (s.empty() || s.size() > 200) return false;
  for (unsigned char c : s) {
    if (c <= 0x20 || c >= 0x7f) return false;
    if (std::string_view("(){%*\"\\]").find(static_cast<char>(c)) != std::string_view::npos) return false;
  }
  return true;
}

}  // namespace

std::string_view to_string(SystemFlag f) {
  switch (f) {
    case SystemFlag::Seen: return "\\Seen";
    case SystemFlag::Answered: return "\\Answered";
    case SystemFlag::Flagged: return "\\Flagged";
    case SystemFlag::Deleted: return "\\Deleted";
    case SystemFlag::Draft: return "\\Draft";
  }
  return "";
}

std::optional<SystemFlag> system_flag_of(std::string_view name) {
  for (SystemFlag f : kAll)
    if (iequal(name, to_string(f))) return f;
  return std::nullopt;
}

void Flags::set(SystemFlag f, bool on) {
  if (on) system = static_cast<std::uint8_t>(system | static_cast<std::uint8_t>(f));
  else system = static_cast<std::uint8_t>(system & ~static_cast<std::uint8_t>(f));
}

bool Flags::add(std::string_view name) {
  if (auto f = system_flag_of(name)) {
    set(*f, true);
    return true;
  }
  if (!valid_keyword(name)) return false;
  for (const auto& k : keywords)
    if (iequal(k, name)) return true;
  keywords.emplace_back(name);
  std::sort(keywords.begin(), keywords.end());
  return true;
}

void Flags::remove(std::string_view name) {
  if (auto f = system_flag_of(name)) {
    set(*f, false);
    return;
  }
  std::erase_if(keywords, [&](const std::string& k) { return iequal(k, name); });
}

void Flags::add_all(const Flags& other) {
  system = static_cast<std::uint8_t>(system | other.system);
  for (const auto& k : other.keywords) add(k);
}

void Flags::remove_all(const Flags& other) {
  system = static_cast<std::uint8_t>(system & ~other.system);
  for (const auto& k : other.keywords) remove(k);
}

std::vector<std::string> Flags::names() const {
  std::vector<std::string> out;
  for (SystemFlag f : kAll)
    if (has(f)) out.emplace_back(store::to_string(f));
  out.insert(out.end(), keywords.begin(), keywords.end());
  return out;
}

std::string Flags::to_string() const {
  std::string s;
  for (const auto& n : names()) {
    if (!s.empty()) s += ' ';
    s += n;
  }
  return s;
}

}  // namespace protocols::store
