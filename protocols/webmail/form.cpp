// URL-encoded forms, query strings and cookies (WHATWG URL §5.1, RFC 3986 §2, RFC 6265 §5.4).
#include "protocols/webmail/form.hpp"

#include "protocols/message/charset.hpp"

namespace protocols::webmail {

namespace {
int hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}
}  // namespace

std::string percent_decode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '%' && i + 2 < text.size() && hex(text[i + 1]) >= 0 && hex(text[i + 2]) >= 0) {
      out += static_cast<char>(hex(text[i + 1]) * 16 + hex(text[i + 2]));
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

std::string percent_encode(std::string_view bytes) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : bytes) {
    // RFC 3986 §2.3: unreserved = ALPHA / DIGIT / "-" / "." / "_" / "~"
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
        c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

Params parse_urlencoded(std::string_view text) {
  Params out;
  while (!text.empty()) {
    std::size_t amp = text.find('&');
    std::string_view pair = text.substr(0, amp);
    text.remove_prefix(amp == std::string_view::npos ? text.size() : amp + 1);
    if (pair.empty()) continue;
    std::size_t eq = pair.find('=');
    std::string_view name = pair.substr(0, eq);
    std::string_view value = eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1);
    out.emplace_back(message::sanitize_utf8(percent_decode(name, true)),
                     message::sanitize_utf8(percent_decode(value, true)));
  }
  return out;
}

std::string build_urlencoded(const Params& params) {
  std::string out;
  for (const auto& [name, value] : params) {
    if (!out.empty()) out += '&';
    out += percent_encode(name);
    out += '=';
    out += percent_encode(value);
  }
  return out;
}

std::string param(const Params& params, std::string_view name, std::string_view fallback) {
  for (const auto& [n, v] : params)
    if (n == name) return v;
  return std::string(fallback);
}

bool has_param(const Params& params, std::string_view name) {
  for (const auto& p : params)
    if (p.first == name) return true;
  return false;
}

Target split_target(std::string_view target) {
  target = target.substr(0, target.find('#'));
  std::size_t q = target.find('?');
  Target t;
  t.path = message::sanitize_utf8(percent_decode(target.substr(0, q), false));
  if (q != std::string_view::npos) t.query = parse_urlencoded(target.substr(q + 1));
  return t;
}

Params parse_cookies(std::string_view header) {
  // RFC 6265 §4.2.1: cookie-string = cookie-pair *( ";" SP cookie-pair ); user agents
  // differ in spacing, so whitespace around pairs is trimmed.
  Params out;
  while (!header.empty()) {
    std::size_t semi = header.find(';');
    std::string_view pair = trim(header.substr(0, semi));
    header.remove_prefix(semi == std::string_view::npos ? header.size() : semi + 1);
    std::size_t eq = pair.find('=');
    if (eq == std::string_view::npos) continue;
    std::string_view name = trim(pair.substr(0, eq));
    std::string_view value = trim(pair.substr(eq + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
    if (!name.empty()) out.emplace_back(std::string(name), std::string(value));
  }
  return out;
}

}  // namespace protocols::webmail
