// Message flags as IMAP defines them (RFC 3501 §2.3.2): the system flags \Seen \Answered
// \Flagged \Deleted \Draft and user keywords. \Recent is per session, not stored here.
// Leaves out: RFC 5788 keyword registry semantics ($Junk etc. are just keywords).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace protocols::store {

enum class SystemFlag : std::uint8_t { Seen = 1, Answered = 2, Flagged = 4, Deleted = 8, Draft = 16 };

struct Flags {
  std::uint8_t system = 0;
  std::vector<std::string> keywords;  // sorted, unique; compared case-insensitively on add

  bool has(SystemFlag f) const { return (system & static_cast<std::uint8_t>(f)) != 0; }
  void set(SystemFlag f, bool on);
  // "\Seen" (any case) or a keyword atom; false when the name is not a valid flag
  // (\Recent and other backslash names cannot be stored: RFC 3501 §2.3.2).
  bool add(std::string_view name);
  void remove(std::string_view name);
  void add_all(const Flags& other);
  void remove_all(const Flags& other);
  // "\Seen \Flagged kw1" order: system flags in enum order, then keywords.
  std::vector<std::string> names() const;
  std::string to_string() const;  // names joined by spaces
  bool operator==(const Flags&) const = default;
};

// Maps "\seen" to SystemFlag::Seen; nullopt for anything else.
std::optional<SystemFlag> system_flag_of(std::string_view name);
std::string_view to_string(SystemFlag f);

}  // namespace protocols::store
