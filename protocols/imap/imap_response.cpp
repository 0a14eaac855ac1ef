// IMAP response parsing for the client engine (RFC 3501 §7, §9).
#include "protocols/imap/imap_response.hpp"

#include <charconv>

namespace protocols::imap {
namespace {

std::string upper(std::string_view s) {
  std::string u(s);
  for (char& c : u)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
  return u;
}

bool is_status(const std::string& k) { return k == "OK" || k == "NO" || k == "BAD" || k == "PREAUTH" || k == "BYE"; }

// "[CODE args] text" -> code, text (RFC 3501 §7.1 resp-text-code)
void split_text(std::string_view rest, Response& r) {
  if (!rest.empty() && rest.front() == '[') {
    std::size_t close = rest.find(']');
    if (close != std::string_view::npos) {
      r.code = std::string(rest.substr(1, close - 1));
      rest = rest.substr(close + 1);
      if (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
    }
  }
  r.text = std::string(rest);
}

}  // namespace

std::optional<Response> parse_response(std::string_view framed) {
  Response r;
  r.line = std::string(framed);
  if (framed.empty()) return std::nullopt;
  if (framed.front() == '+') {
    r.kind = Response::Kind::Continuation;
    r.tag.assign(1, '+');
    std::string_view t = framed.substr(1);
    if (!t.empty() && t.front() == ' ') t.remove_prefix(1);
    r.text.assign(t.data(), t.size());
    return r;
  }
  std::size_t sp = framed.find(' ');
  if (sp == std::string_view::npos || sp == 0) return std::nullopt;
  r.tag = std::string(framed.substr(0, sp));
  r.kind = r.tag == "*" ? Response::Kind::Untagged : Response::Kind::Tagged;
  std::string_view rest = framed.substr(sp + 1);
  // "* 3 EXISTS": a number first.
  if (r.kind == Response::Kind::Untagged && !rest.empty() && rest.front() >= '0' && rest.front() <= '9') {
    std::size_t nsp = rest.find(' ');
    std::uint32_t n = 0;
    std::string_view digits = rest.substr(0, nsp);
    auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
    if (ec != std::errc() || p != digits.data() + digits.size() || nsp == std::string_view::npos) return std::nullopt;
    r.number = n;
    rest = rest.substr(nsp + 1);
  }
  std::size_t ksp = rest.find(' ');
  r.keyword = upper(rest.substr(0, ksp));
  rest = ksp == std::string_view::npos ? std::string_view() : rest.substr(ksp + 1);
  if (r.keyword.empty()) return std::nullopt;
  if (r.kind == Response::Kind::Tagged && !is_status(r.keyword)) return std::nullopt;
  if (is_status(r.keyword)) {
    split_text(rest, r);
    return r;
  }
  if (r.keyword == "CAPABILITY" || r.keyword == "SEARCH") {
    r.text = std::string(rest);
  }
  // Data responses: parse what follows as values (FETCH list, LIST attributes, STATUS ...).
  Limits limits;
  limits.max_depth = 64;
  auto values = parse_values(rest, limits);
  if (!values) return std::nullopt;
  r.values = std::move(*values);
  return r;
}

}  // namespace protocols::imap
