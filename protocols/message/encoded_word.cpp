// RFC 2047 encoded-word decoding and UTF-8 B encoding.
#include "protocols/message/encoded_word.hpp"

#include <optional>

#include "protocols/codec/base64.hpp"
#include "protocols/message/ascii.hpp"
#include "protocols/message/charset.hpp"

namespace protocols::message {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// §4.2: Q encoding — "_" is 0x20, "=XX" a byte, everything else literal.
std::string q_decode(std::string_view t) {
  std::string out;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (t[i] == '_') {
      out += ' ';
    } else if (t[i] == '=' && i + 2 < t.size() && hex_value(t[i + 1]) >= 0 &&
               hex_value(t[i + 2]) >= 0) {
      out += char(hex_value(t[i + 1]) * 16 + hex_value(t[i + 2]));
      i += 2;
    } else {
      out += t[i];
    }
  }
  return out;
}

struct Word {
  std::size_t begin, end;  // the whole "=?...?=" in the input
  std::string decoded;
};

// §2: encoded-word = "=?" charset "?" encoding "?" encoded-text "?=". Tries at `pos`.
std::optional<Word> match_word(std::string_view s, std::size_t pos) {
  if (s.compare(pos, 2, "=?") != 0) return std::nullopt;
  std::size_t q1 = s.find('?', pos + 2);
  if (q1 == std::string_view::npos || q1 == pos + 2) return std::nullopt;
  if (q1 + 2 >= s.size() || s[q1 + 2] != '?') return std::nullopt;
  char enc = ascii_lower(s[q1 + 1]);
  if (enc != 'b' && enc != 'q') return std::nullopt;
  std::size_t text_begin = q1 + 3;
  std::size_t close = s.find("?=", text_begin);
  if (close == std::string_view::npos) return std::nullopt;
  std::string_view charset = s.substr(pos + 2, q1 - pos - 2);
  std::string_view text = s.substr(text_begin, close - text_begin);
  for (char c : text)  // encoded-text holds no spaces or "?" (§2)
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') return std::nullopt;
  std::string bytes = enc == 'b' ? codec::base64_decode_lenient(text) : q_decode(text);
  auto utf8 = to_utf8(bytes, charset);
  if (!utf8) return std::nullopt;
  return Word{pos, close + 2, std::move(*utf8)};
}

}  // namespace

std::string decode_encoded_words(std::string_view s) {
  std::string out;
  std::size_t pos = 0;
  std::size_t plain_begin = 0;
  bool last_was_word = false;
  while (pos < s.size()) {
    std::size_t cand = s.find("=?", pos);
    if (cand == std::string_view::npos) break;
    auto w = match_word(s, cand);
    if (!w) {
      pos = cand + 1;
      continue;
    }
    std::string_view between = s.substr(plain_begin, cand - plain_begin);
    // §6.2: linear white space between two adjacent encoded words is ignored.
    bool only_ws = trim(between).empty();
    if (!(last_was_word && only_ws)) out += sanitize_utf8(between);
    out += w->decoded;
    last_was_word = true;
    pos = plain_begin = w->end;
  }
  out += sanitize_utf8(s.substr(plain_begin));
  return out;
}

bool needs_encoding(std::string_view text, std::size_t max_word) {
  std::size_t run = 0;
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (u >= 0x80 || (u < 0x20 && c != '\t') || u == 0x7F) return true;
    run = (c == ' ' || c == '\t') ? 0 : run + 1;
    if (run > max_word) return true;
  }
  // Text that already looks like an encoded word must be encoded to survive a reader.
  return text.find("=?") != std::string_view::npos;
}

std::vector<std::string> encode_words(std::string_view utf8_in, std::size_t first_max,
                                      std::size_t max) {
  static constexpr std::string_view kPrefix = "=?UTF-8?B?";
  static constexpr std::size_t kOverhead = 12;  // "=?UTF-8?B?" + "?="
  std::string utf8 = sanitize_utf8(utf8_in);
  std::vector<std::string> words;
  std::size_t i = 0;
  while (i < utf8.size()) {
    std::size_t limit = words.empty() ? first_max : max;
    if (limit < kOverhead + 8) limit = kOverhead + 8;  // room for one 4-byte character
    std::size_t max_bytes = (limit - kOverhead) / 4 * 3;
    std::size_t take = 0;
    while (i + take < utf8.size()) {
      std::size_t n = utf8_sequence_length(static_cast<unsigned char>(utf8[i + take]));
      if (take + n > max_bytes) break;
      take += n;
    }
    if (take == 0) take = std::min(utf8.size() - i, max_bytes);  // cannot happen after sanitize
    std::string w(kPrefix);
    w += codec::base64_encode(std::string_view(utf8).substr(i, take));
    w += "?=";
    words.push_back(std::move(w));
    i += take;
  }
  return words;
}

std::string encode_header_text(std::string_view utf8, std::size_t first_max) {
  std::string out;
  for (const auto& w : encode_words(utf8, first_max)) {
    if (!out.empty()) out += ' ';
    out += w;
  }
  return out;
}

}  // namespace protocols::message
