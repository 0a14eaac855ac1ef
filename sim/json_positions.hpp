// Where each value of a JSON text stands: nlohmann::json keeps no positions, so this small
// scanner walks the raw text and maps every value's JSON pointer (RFC 6901, "/hosts/2/ip")
// to its 1-based line and column, and for object members also the position of the key.
// Columns count UTF-8 characters (code points), not bytes: "你好" advances the column by 2;
// a tab counts as one column. Lines end at LF (a CR before it is part of no column).
// Leaves out: validation. Run it on text nlohmann already accepted; on malformed text it
// stops at the first error and keeps what it had mapped so far. Nesting past 512 levels is
// not mapped (nlohmann accepts it; no scenario needs it).
#pragma once
#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace sim {

struct TextPos {
  int line = 0;  // 1-based; 0 = unknown
  int col = 0;   // 1-based, in UTF-8 characters
};

struct JsonValuePos {
  TextPos value;  // first character of the value
  TextPos key;    // the opening quote of its key, for object members; unknown otherwise
};

struct JsonPositions {
  std::map<std::string, JsonValuePos> values;  // by JSON pointer; "" is the root
  // Keys that occur twice in one object (nlohmann keeps the last): pointer of the later one.
  std::vector<std::string> duplicate_keys;

  // The position of the value at pointer, else of its nearest mapped ancestor, else 1:1.
  TextPos value_at(const std::string& pointer) const;
  // The key's position for object members, else as value_at.
  TextPos key_at(const std::string& pointer) const;
};

JsonPositions scan_json_positions(std::string_view text);

// Line and column of a byte offset (0-based) into text; offsets past the end give the
// position just after the last character.
TextPos position_of_offset(std::string_view text, std::size_t offset);

// Appends one reference token to a JSON pointer, escaping '~' and '/' (RFC 6901 §3).
std::string json_pointer_append(const std::string& pointer, std::string_view token);

}  // namespace sim
