// RFC 5322 header section: splitting a raw message into ordered header fields and a body,
// unfolding (§2.2.3) and folding long fields when writing (§2.1.1: 78 recommended, 998 max).
// Tolerates bare LF line ends and over-long lines on input (recorded, not rejected).
// Leaves out: obsolete syntax beyond what unfolding covers (§4.5), header-field semantics
// (see address.hpp, date.hpp, mime_part.hpp), and any character-set decoding of values.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace protocols::message {

struct ByteRange {
  std::size_t begin = 0;
  std::size_t end = 0;  // one past the last byte
  std::size_t size() const { return end - begin; }
  bool operator==(const ByteRange&) const = default;
};

struct HeaderField {
  std::string name;       // as written, without the colon
  std::string raw_value;  // everything after the colon, folding line breaks kept, final CRLF not
  std::string value;      // unfolded (§2.2.3: CRLF before WSP removed), trimmed at both ends
  ByteRange range;        // the whole field, including its final line break
};

struct HeaderBlock {
  std::vector<HeaderField> fields;
  ByteRange range;              // header fields plus the empty line that ends them
  std::size_t body_offset = 0;  // first byte of the body (== range.end)
  bool has_empty_line = false;  // false: input ended (or a non-header line began) without one
  bool overlong_line = false;   // some line exceeded 998 characters (§2.1.1)
  std::size_t skipped_lines = 0;  // malformed lines dropped (leading continuation lines)

  // First field with this name (case-insensitive), or nullptr.
  const HeaderField* find(std::string_view name) const;
  // Unfolded value of the first field with this name, or "" when absent.
  std::string get(std::string_view name) const;
  std::vector<const HeaderField*> find_all(std::string_view name) const;
};

// Parses the header section at the start of `message` (RFC 5322 §2.1, §2.2). Never fails:
// the header ends at the first empty line, at the first line that is neither a field
// (name ":" ...) nor a continuation, or at the end of input. Offsets are relative to
// message.data().
HeaderBlock parse_headers(std::string_view message);

// Unfolds a raw field value (§2.2.3) and trims it.
std::string unfold(std::string_view raw_value);

// Writes "Name: value\r\n", folding at whitespace so lines stay within `limit` characters
// where the value allows it (§2.2.3 folds only where whitespace already is). Existing line
// breaks in `value` are treated as whitespace, and every run of whitespace (quoted strings
// included) is written as one space; a word longer than the line stays whole.
std::string fold_header(std::string_view name, std::string_view value, std::size_t limit = 78);

constexpr std::size_t kMaxLineLength = 998;  // RFC 5322 §2.1.1, excluding CR LF
constexpr std::size_t kRecommendedLineLength = 78;

}  // namespace protocols::message
