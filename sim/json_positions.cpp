// Recursive-descent scanner over raw JSON text recording each value's line and column
// (json_positions.hpp). Strings are decoded only as far as needed to build object keys
// (escapes, \uXXXX with surrogate pairs); numbers and literals are skipped, not converted.
#include "sim/json_positions.hpp"

#include <set>

namespace sim {
namespace {

constexpr int kMaxDepth = 512;

class Scanner {
 public:
  Scanner(std::string_view text, JsonPositions& out) : text_(text), out_(out) {}

  void run() {
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") i_ = 3;  // a byte order mark takes no column
    skip_space();
    value("", TextPos{}, 0);
  }

 private:
  std::string_view text_;
  JsonPositions& out_;
  std::size_t i_ = 0;
  int line_ = 1, col_ = 1;
  bool failed_ = false;

  bool at_end() const { return i_ >= text_.size(); }
  char peek() const { return at_end() ? '\0' : text_[i_]; }
  TextPos here() const { return {line_, col_}; }

  void advance() {
    unsigned char c = static_cast<unsigned char>(text_[i_++]);
    if (c == '\n') { ++line_; col_ = 1; }
    else if ((c & 0xC0) != 0x80 && c != '\r') ++col_;  // continuation bytes share a column
  }

  void skip_space() {
    while (!at_end() && (peek() == ' ' || peek() == '\t' || peek() == '\n' || peek() == '\r'))
      advance();
  }

  bool expect(char c) {
    if (peek() != c) { failed_ = true; return false; }
    advance();
    return true;
  }

  void value(const std::string& pointer, TextPos key, int depth) {
    if (failed_ || at_end()) { failed_ = true; return; }
    out_.values[pointer] = JsonValuePos{here(), key};
    if (depth > kMaxDepth) { failed_ = true; return; }
    char c = peek();
    if (c == '{') object(pointer, depth);
    else if (c == '[') array(pointer, depth);
    else if (c == '"') string(nullptr);
    else scalar();
  }

  void object(const std::string& pointer, int depth) {
    advance();
    skip_space();
    std::set<std::string> seen;
    if (peek() == '}') { advance(); return; }
    while (!failed_) {
      skip_space();
      TextPos key_pos = here();
      std::string key;
      if (peek() != '"') { failed_ = true; return; }
      string(&key);
      std::string child = json_pointer_append(pointer, key);
      if (!seen.insert(key).second) out_.duplicate_keys.push_back(child);
      skip_space();
      if (!expect(':')) return;
      skip_space();
      value(child, key_pos, depth + 1);
      skip_space();
      if (peek() == ',') { advance(); continue; }
      expect('}');
      return;
    }
  }

  void array(const std::string& pointer, int depth) {
    advance();
    skip_space();
    if (peek() == ']') { advance(); return; }
    for (std::size_t index = 0; !failed_; ++index) {
      skip_space();
      value(json_pointer_append(pointer, std::to_string(index)), TextPos{}, depth + 1);
      skip_space();
      if (peek() == ',') { advance(); continue; }
      expect(']');
      return;
    }
  }

  void scalar() {
    std::size_t start = i_;
    while (!at_end()) {
      char c = peek();
      if (c == ',' || c == '}' || c == ']' || c == ' ' || c == '\t' || c == '\n' || c == '\r')
        break;
      advance();
    }
    if (i_ == start) failed_ = true;
  }

  static void put_utf8(std::string& s, unsigned cp) {
    if (cp < 0x80) s += static_cast<char>(cp);
    else if (cp < 0x800) {
      s += static_cast<char>(0xC0 | (cp >> 6));
      s += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      s += static_cast<char>(0xE0 | (cp >> 12));
      s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      s += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      s += static_cast<char>(0xF0 | (cp >> 18));
      s += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      s += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  bool hex4(unsigned* out) {
    unsigned v = 0;
    for (int k = 0; k < 4; ++k) {
      if (at_end()) return false;
      char c = peek();
      unsigned d = c >= '0' && c <= '9' ? c - '0'
                   : c >= 'a' && c <= 'f' ? c - 'a' + 10
                   : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                          : 16u;
      if (d == 16) return false;
      v = v * 16 + d;
      advance();
    }
    *out = v;
    return true;
  }

  // Scans a string starting at its opening quote; decodes it into *out when given.
  void string(std::string* out) {
    advance();
    while (!at_end() && peek() != '"') {
      if (peek() != '\\') {
        if (out) *out += peek();
        advance();
        continue;
      }
      advance();
      if (at_end()) break;
      char e = peek();
      advance();
      if (e != 'u') {
        static constexpr std::string_view from = "\"\\/bfnrt", to = "\"\\/\b\f\n\r\t";
        std::size_t k = from.find(e);
        if (k == std::string_view::npos) { failed_ = true; return; }
        if (out) *out += to[k];
        continue;
      }
      unsigned cp = 0;
      if (!hex4(&cp)) { failed_ = true; return; }
      if (cp >= 0xD800 && cp < 0xDC00 && peek() == '\\') {
        advance();
        unsigned low = 0;
        if (peek() != 'u') { failed_ = true; return; }
        advance();
        if (!hex4(&low)) { failed_ = true; return; }
        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
      }
      if (out) put_utf8(*out, cp);
    }
    expect('"');
  }
};

std::string parent_of(const std::string& pointer) {
  std::size_t slash = pointer.rfind('/');
  return slash == std::string::npos ? std::string() : pointer.substr(0, slash);
}

}  // namespace

TextPos JsonPositions::value_at(const std::string& pointer) const {
  std::string p = pointer;
  while (true) {
    auto it = values.find(p);
    if (it != values.end()) return it->second.value;
    if (p.empty()) return TextPos{1, 1};
    p = parent_of(p);
  }
}

TextPos JsonPositions::key_at(const std::string& pointer) const {
  auto it = values.find(pointer);
  if (it != values.end() && it->second.key.line > 0) return it->second.key;
  return value_at(pointer);
}

JsonPositions scan_json_positions(std::string_view text) {
  JsonPositions out;
  Scanner(text, out).run();
  return out;
}

TextPos position_of_offset(std::string_view text, std::size_t offset) {
  TextPos pos{1, 1};
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\n') { ++pos.line; pos.col = 1; }
    else if ((c & 0xC0) != 0x80 && c != '\r') ++pos.col;
  }
  return pos;
}

std::string json_pointer_append(const std::string& pointer, std::string_view token) {
  std::string out = pointer + "/";
  for (char c : token) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

}  // namespace sim
