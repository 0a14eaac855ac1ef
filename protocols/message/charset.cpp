// Charset conversion to UTF-8 with glibc iconv(3) for everything beyond UTF-8, US-ASCII and
// ISO-8859-1.
#include "protocols/message/charset.hpp"

#include <iconv.h>

#include <cerrno>

#include "protocols/message/ascii.hpp"

namespace protocols::message {

namespace {
constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

void append_code_point(std::string& out, unsigned cp) {
  if (cp < 0x80) {
    out += char(cp);
  } else if (cp < 0x800) {
    out += char(0xC0 | (cp >> 6));
    out += char(0x80 | (cp & 0x3F));
  } else {
    out += char(0xE0 | (cp >> 12));
    out += char(0x80 | ((cp >> 6) & 0x3F));
    out += char(0x80 | (cp & 0x3F));
  }
}

std::optional<std::string> via_iconv(std::string_view bytes, const char* from) {
  iconv_t cd = iconv_open("UTF-8", from);
  if (cd == reinterpret_cast<iconv_t>(-1)) return std::nullopt;
  std::string out;
  char buf[1024];
  char* in = const_cast<char*>(bytes.data());
  std::size_t in_left = bytes.size();
  while (in_left > 0) {
    char* o = buf;
    std::size_t o_left = sizeof buf;
    std::size_t r = iconv(cd, &in, &in_left, &o, &o_left);
    out.append(buf, static_cast<std::size_t>(o - buf));
    if (r != static_cast<std::size_t>(-1)) continue;
    if (errno == E2BIG) continue;
    // EILSEQ (invalid) or EINVAL (truncated at the end): replace one byte and go on.
    out += kReplacement;
    ++in;
    --in_left;
    iconv(cd, nullptr, nullptr, nullptr, nullptr);  // reset shift state
  }
  char* o = buf;
  std::size_t o_left = sizeof buf;
  iconv(cd, nullptr, nullptr, &o, &o_left);  // flush
  out.append(buf, static_cast<std::size_t>(o - buf));
  iconv_close(cd);
  return out;
}
}  // namespace

std::size_t utf8_sequence_length(unsigned char c) {
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) return 2;
  if (c >= 0xE0 && c <= 0xEF) return 3;
  if (c >= 0xF0 && c <= 0xF4) return 4;
  return 1;
}

std::string sanitize_utf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = utf8_sequence_length(c);
    bool ok = c < 0x80 || n > 1;
    if (ok && n > 1) {
      if (i + n > s.size()) ok = false;
      for (std::size_t k = 1; ok && k < n; ++k)
        if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) ok = false;
      if (ok) {  // reject overlong and surrogate forms (RFC 3629 §4)
        auto c1 = static_cast<unsigned char>(s[i + 1]);
        if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 > 0x9F) || (c == 0xF0 && c1 < 0x90) ||
            (c == 0xF4 && c1 > 0x8F))
          ok = false;
      }
    }
    if (ok) {
      out.append(s.substr(i, n));
      i += n;
    } else {
      out += kReplacement;
      ++i;
    }
  }
  return out;
}

std::optional<std::string> to_utf8(std::string_view bytes, std::string_view charset_in) {
  // RFC 2231 §5: a charset in an encoded word may carry "*language".
  std::string cs = to_lower(trim(charset_in.substr(0, charset_in.find('*'))));
  if (cs == "utf-8" || cs == "utf8") return sanitize_utf8(bytes);
  if (cs == "us-ascii" || cs == "ascii" || cs.empty()) {
    std::string out;
    for (char c : bytes) {
      if (static_cast<unsigned char>(c) < 0x80) out += c;
      else out += kReplacement;
    }
    return out;
  }
  if (cs == "iso-8859-1" || cs == "latin1" || cs == "iso_8859-1" || cs == "latin-1") {
    std::string out;
    for (char c : bytes) append_code_point(out, static_cast<unsigned char>(c));
    return out;
  }
  if (cs == "gb2312" || cs == "gbk" || cs == "gb18030" || cs == "cp936" || cs == "x-gbk" ||
      cs == "euc-cn")
    return via_iconv(bytes, "GB18030");
  for (char c : cs) {  // only pass plausible names to iconv
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
              c == '.' || c == ':';
    if (!ok) return std::nullopt;
  }
  return via_iconv(bytes, cs.c_str());
}

}  // namespace protocols::message
