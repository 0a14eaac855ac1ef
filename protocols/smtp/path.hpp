// Parsing of the MAIL FROM / RCPT TO arguments: the path in angle brackets and the ESMTP
// parameters after it (RFC 5321 §4.1.2, §4.1.1.2, §4.1.1.3), and small address helpers.
// Tolerates a space after the colon (common in real clients); drops source routes
// (RFC 5321 §4.1.2 A-d-l, deprecated by Appendix C).
// Leaves out: full Quoted-string validation (a quoted local part is accepted as written).
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace protocols::smtp {

struct PathArgument {
  std::string address;  // "alice@a.example"; empty for the null path "<>"
  std::vector<std::pair<std::string, std::string>> params;  // keyword upper-cased, value as given
};

struct PathParse {
  std::optional<PathArgument> value;
  std::string error;  // when !value
};

// `args` is what follows the verb, e.g. "FROM:<alice@a.example> SIZE=1000"; `keyword` is
// "FROM" or "TO". `allow_null` admits "<>" (MAIL only, RFC 5321 §4.5.5).
PathParse parse_path_argument(std::string_view args, std::string_view keyword, bool allow_null);

// The part after the last '@', lower-cased (domains are case-insensitive, RFC 5321 §2.4).
std::string domain_of(std::string_view address);
// Address with its domain lower-cased; the local part keeps its case (RFC 5321 §2.4).
std::string normalize_address(std::string_view address);
bool has_non_ascii(std::string_view s);
std::string to_upper(std::string_view s);
std::string to_lower(std::string_view s);

}  // namespace protocols::smtp
