// IMAP server responses as a client reads them (RFC 3501 §7, §9 response): continuation
// requests "+ text", untagged "* ..." (status OK/NO/BAD/PREAUTH/BYE, or data such as
// "3 EXISTS", "1 FETCH (...)", "SEARCH 1 2", "LIST (...) "/" INBOX"), and tagged completions
// "a1 OK [code] text". Leaves out: validating the text against every RFC 3501 production.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocols/imap/imap_parser.hpp"

namespace protocols::imap {

struct Response {
  enum class Kind : std::uint8_t { Continuation, Untagged, Tagged };
  Kind kind = Kind::Untagged;
  std::string tag;             // tagged: the tag; untagged "*"; continuation "+"
  std::string keyword;         // upper-case: OK NO BAD PREAUTH BYE, or EXISTS FETCH SEARCH LIST ...
  std::optional<std::uint32_t> number;  // "* 3 EXISTS" -> 3
  std::string code;            // "[UIDVALIDITY 3]" -> "UIDVALIDITY 3"
  std::string text;            // human-readable text after the code
  std::vector<Value> values;   // parsed data after the keyword (FETCH, SEARCH, LIST, STATUS, ...)
  std::string line;            // the whole response, literals inline
};

// Parses one framed response (as CommandReader frames it); nullopt when malformed.
std::optional<Response> parse_response(std::string_view framed);

}  // namespace protocols::imap
