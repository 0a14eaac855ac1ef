// MIME parameter parsing (RFC 2045 §5.1, RFC 2183, RFC 2231 §3-§4) and encoding.
#include "protocols/message/mime_params.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <map>
#include <optional>

#include "protocols/message/ascii.hpp"
#include "protocols/message/charset.hpp"
#include "protocols/message/encoded_word.hpp"

namespace protocols::message {

namespace {

bool is_tspecial(char c) { return c != '\0' && std::strchr("()<>@,;:\\\"/[]?=", c); }

bool is_token_char(char c) {
  auto u = static_cast<unsigned char>(c);
  return u > 32 && u < 127 && !is_tspecial(c);
}

struct Scanner {
  std::string_view s;
  std::size_t pos = 0;

  void skip_cfws() {  // RFC 2045 §5.1 allows RFC 822 comments and whitespace around tokens
    while (pos < s.size()) {
      char c = s[pos];
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        ++pos;
      } else if (c == '(') {
        int depth = 0;
        while (pos < s.size()) {
          char d = s[pos++];
          if (d == '\\') ++pos;
          else if (d == '(') ++depth;
          else if (d == ')' && --depth == 0) break;
        }
      } else {
        break;
      }
    }
    if (pos > s.size()) pos = s.size();
  }

  std::string token() {
    skip_cfws();
    std::size_t b = pos;
    while (pos < s.size() && is_token_char(s[pos])) ++pos;
    return std::string(s.substr(b, pos - b));
  }

  std::optional<std::string> quoted() {
    std::string out;
    ++pos;  // opening quote
    while (pos < s.size()) {
      char c = s[pos++];
      if (c == '"') return out;
      if (c == '\\' && pos < s.size()) c = s[pos++];
      if (c == '\r' || c == '\n') continue;
      out += c;
    }
    return out;  // lenient: unterminated quoted string runs to the end
  }

  bool eat(char c) {
    skip_cfws();
    if (pos < s.size() && s[pos] == c) {
      ++pos;
      return true;
    }
    return false;
  }

  // Skips to the next ';' outside quotes, or the end (error recovery).
  void skip_to_semicolon() {
    bool in_quote = false;
    while (pos < s.size()) {
      char c = s[pos];
      if (c == ';' && !in_quote) return;
      ++pos;
      if (c == '\\' && in_quote) ++pos;
      else if (c == '"') in_quote = !in_quote;
    }
    if (pos > s.size()) pos = s.size();
  }
};

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

std::string percent_decode(std::string_view s) {  // RFC 2231 §4 extended-other-values
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hex_value(s[i + 1]) >= 0 && hex_value(s[i + 2]) >= 0) {
      out += char(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

struct Section {
  bool extended;  // name*N* or name*: value is charset'lang'%XX encoded
  std::string raw;
};

struct RawParam {
  std::string plain;  // name=value
  bool has_plain = false;
  std::map<int, Section> sections;  // name*N / name*N* / name* (as section 0)
};

// Parameters by name, in first-appearance order (std::map keeps output deterministic).
struct RawParams {
  std::vector<std::string> order;
  std::map<std::string, RawParam> by_name;
};

// Files one "attr=value" under its base name. RFC 2231 §3-4: attr may be name*, name*N or
// name*N*; the first occurrence of each section wins. False if attr is malformed.
bool add_raw(RawParams& raw, const std::string& attr, std::string val) {
  std::string name = attr;
  std::optional<int> section;
  bool extended = false;
  std::size_t star = attr.find('*');
  if (star != std::string::npos) {
    name = attr.substr(0, star);
    std::string rest = attr.substr(star + 1);
    if (rest.empty() || rest.back() == '*') extended = true;  // name* or name*N*
    if (!rest.empty() && rest.back() == '*') rest.pop_back();
    auto digit = [](char c) { return c >= '0' && c <= '9'; };
    if (rest.empty()) section = 0;
    else if (rest.size() <= 4 && std::all_of(rest.begin(), rest.end(), digit)) section = std::stoi(rest);
    else return false;
  }
  if (!raw.by_name.count(name)) raw.order.push_back(name);
  RawParam& rp = raw.by_name[name];
  if (section) {
    if (!rp.sections.count(*section)) rp.sections[*section] = Section{extended, std::move(val)};
  } else if (!rp.has_plain) {
    rp.plain = std::move(val);
    rp.has_plain = true;
  }
  return true;
}

// The decoded value: RFC 2231 sections when there are any from 0, else the plain value
// (RFC 2047-decoded, for old writers).
std::string assemble(const RawParam& rp) {
  if (rp.sections.empty() || rp.sections.begin()->first != 0) return decode_encoded_words(rp.plain);
  // §3: join sections 0, 1, 2... in order, stopping at the first gap.
  std::string bytes, charset;
  int expect = 0;
  for (const auto& [n, sec] : rp.sections) {
    if (n != expect++) break;
    std::string_view piece = sec.raw;
    if (sec.extended && n == 0) {  // §4: charset'language'value on the first section
      std::size_t q1 = piece.find('\'');
      std::size_t q2 = q1 == std::string_view::npos ? q1 : piece.find('\'', q1 + 1);
      if (q2 != std::string_view::npos) {
        charset = std::string(piece.substr(0, q1));
        piece = piece.substr(q2 + 1);
      }
    }
    bytes += sec.extended ? percent_decode(piece) : std::string(piece);
  }
  auto utf8 = to_utf8(bytes, charset.empty() ? "us-ascii" : charset);
  return utf8 ? *utf8 : sanitize_utf8(bytes);
}

}  // namespace

std::string ParameterizedValue::param(std::string_view name) const {
  for (const auto& p : params)
    if (iequals(p.name, name)) return p.value;
  return {};
}

bool ParameterizedValue::has(std::string_view name) const {
  for (const auto& p : params)
    if (iequals(p.name, name)) return true;
  return false;
}

bool is_mime_token(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), is_token_char);
}

ParameterizedValue parse_parameterized(std::string_view text) {
  ParameterizedValue out;
  Scanner sc{text};
  // The leading value: "type/subtype" or a disposition token, comments removed.
  sc.skip_cfws();
  std::string v = sc.token();
  if (sc.eat('/')) {
    v += '/';
    v += sc.token();
  }
  out.value = to_lower(v);
  RawParams raw;
  while (true) {
    sc.skip_cfws();
    if (sc.pos >= text.size()) break;
    if (!sc.eat(';')) {  // junk after the value or a parameter: skip it
      out.malformed = true;
      sc.skip_to_semicolon();
      continue;
    }
    std::string attr = to_lower(sc.token());
    if (attr.empty()) {
      sc.skip_cfws();
      if (sc.pos < text.size() && text[sc.pos] != ';') {
        out.malformed = true;
        sc.skip_to_semicolon();
      }
      continue;  // ";;" or a trailing ";" is harmless
    }
    if (!sc.eat('=')) {
      out.malformed = true;
      sc.skip_to_semicolon();
      continue;
    }
    sc.skip_cfws();
    std::string val = (sc.pos < text.size() && text[sc.pos] == '"') ? *sc.quoted() : sc.token();
    if (!add_raw(raw, attr, std::move(val))) out.malformed = true;
  }
  for (const auto& name : raw.order) out.params.push_back({name, assemble(raw.by_name[name])});
  return out;
}

namespace {
std::string quote_if_needed(std::string_view v) {
  if (is_mime_token(v)) return std::string(v);
  std::string out = "\"";
  for (char c : v) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

bool attribute_char(char c) {  // RFC 2231 §7 attribute-char, minus "'" and "%"
  return is_token_char(c) && c != '*' && c != '\'' && c != '%';
}
}  // namespace

std::string encode_parameter(std::string_view name, std::string_view value) {
  if (!needs_encoding(value, 900)) return ";\r\n\t" + std::string(name) + "=" + quote_if_needed(value);
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::vector<std::string> pieces(1);
  for (std::size_t i = 0; i < value.size();) {
    // Keep UTF-8 characters whole within one continuation, for readers that decode pieces.
    std::size_t n = std::min(utf8_sequence_length(static_cast<unsigned char>(value[i])),
                             value.size() - i);
    std::string enc;
    for (std::size_t k = 0; k < n; ++k) {
      char c = value[i + k];
      if (attribute_char(c)) {
        enc += c;
      } else {
        auto u = static_cast<unsigned char>(c);
        enc += '%';
        enc += kHex[u >> 4];
        enc += kHex[u & 15];
      }
    }
    if (pieces.back().size() + enc.size() > 60) pieces.emplace_back();
    pieces.back() += enc;
    i += n;
  }
  std::string out;
  if (pieces.size() == 1) {
    out += ";\r\n\t" + std::string(name) + "*=UTF-8''" + pieces[0];
  } else {
    for (std::size_t k = 0; k < pieces.size(); ++k)
      out += ";\r\n\t" + std::string(name) + "*" + std::to_string(k) + "*=" +
             (k == 0 ? "UTF-8''" : "") + pieces[k];
  }
  // The RFC 2047 form for readers without RFC 2231 (technically not allowed, widely read).
  std::string words;
  // Lines: "\tname=\"word" first, then "\t word", the last one closed by a quote.
  std::size_t first = name.size() + 4 < 40 ? 76 - (name.size() + 4) : 36;
  for (const auto& w : encode_words(value, first, 72)) {
    if (!words.empty()) words += "\r\n\t ";
    words += w;
  }
  out += ";\r\n\t" + std::string(name) + "=\"" + words + "\"";
  return out;
}

}  // namespace protocols::message
