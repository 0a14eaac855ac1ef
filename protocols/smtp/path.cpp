// See path.hpp.
#include "protocols/smtp/path.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstring>

namespace protocols::smtp {
namespace {

bool iequal_prefix(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (std::toupper(static_cast<unsigned char>(s[i])) != prefix[i]) return false;
  return true;
}

// RFC 5321 §4.1.2 Mailbox = Local-part "@" ( Domain / address-literal ); 8-bit bytes are
// let through here (RFC 6531 decides on them with the SMTPUTF8 parameter).
bool valid_mailbox(std::string_view a) {
  const std::size_t at = a.rfind('@');
  if (at == std::string_view::npos || at == 0 || at + 1 == a.size()) return false;
  std::string_view local = a.substr(0, at), domain = a.substr(at + 1);
  const bool quoted = local.size() >= 2 && local.front() == '"' && local.back() == '"';
  for (char c : local) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x21 && !(quoted && u == ' ')) return false;
    if (!quoted && (c == '<' || c == '>' || c == '(' || c == ')' || c == ',' || c == ';' ||
                    c == ':' || c == '\\' || c == '"' || c == '[' || c == ']' || c == '@'))
      return false;
  }
  if (!quoted && (local.front() == '.' || local.back() == '.' ||
                  local.find("..") != std::string_view::npos))
    return false;
  if (domain.front() == '[') return domain.back() == ']';  // address-literal, §4.1.3
  if (domain.front() == '.' || domain.back() == '.' || domain.find("..") != std::string_view::npos)
    return false;
  for (char c : domain) {
    unsigned char u = static_cast<unsigned char>(c);
    if (!(std::isalnum(u) || c == '-' || c == '.' || u >= 0x80)) return false;
  }
  return true;
}

}  // namespace

PathParse parse_path_argument(std::string_view args, std::string_view keyword, bool allow_null) {
  PathParse r;
  if (!iequal_prefix(args, keyword) || args.size() <= keyword.size() || args[keyword.size()] != ':') {
    r.error = "expected " + std::string(keyword) + ":<address>";
    return r;
  }
  std::string_view rest = args.substr(keyword.size() + 1);
  while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);  // lenient, see header
  if (rest.empty() || rest.front() != '<') {
    r.error = "address must be in angle brackets";
    return r;
  }
  const std::size_t close = rest.find('>');
  if (close == std::string_view::npos) {
    r.error = "missing '>'";
    return r;
  }
  std::string_view addr = rest.substr(1, close - 1);
  rest.remove_prefix(close + 1);
  // RFC 5321 §4.1.2: A-d-l ":" before the mailbox is a source route; ignore it (App. C).
  if (!addr.empty() && addr.front() == '@') {
    const std::size_t colon = addr.find(':');
    if (colon == std::string_view::npos) {
      r.error = "bad source route";
      return r;
    }
    addr.remove_prefix(colon + 1);
  }
  PathArgument out;
  if (addr.empty()) {
    if (!allow_null) {
      r.error = "null path not allowed here";
      return r;
    }
  } else if (!valid_mailbox(addr) && !(keyword == "TO" && to_lower(addr) == "postmaster")) {
    // RFC 5321 §4.1.1.3: "<Postmaster>" without a domain must be accepted.
    r.error = "bad address syntax";
    return r;
  }
  out.address = std::string(addr);
  // RFC 5321 §4.1.2: Mail-parameters = esmtp-param *(SP esmtp-param).
  while (!rest.empty()) {
    if (rest.front() != ' ') {
      r.error = "junk after address";
      return r;
    }
    while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
    if (rest.empty()) break;
    const std::size_t end = std::min(rest.find(' '), rest.size());
    std::string_view param = rest.substr(0, end);
    rest.remove_prefix(end);
    const std::size_t eq = param.find('=');
    std::string key = to_upper(param.substr(0, eq));
    if (key.empty() || (eq != std::string_view::npos && eq + 1 == param.size())) {
      r.error = "bad parameter syntax";
      return r;
    }
    out.params.emplace_back(key, eq == std::string_view::npos ? "" : std::string(param.substr(eq + 1)));
  }
  r.value = std::move(out);
  return r;
}

std::string to_upper(std::string_view s) {
  std::string o(s);
  for (char& c : o) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return o;
}

std::string to_lower(std::string_view s) {
  std::string o(s);
  for (char& c : o) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return o;
}

std::string domain_of(std::string_view address) {
  const std::size_t at = address.rfind('@');
  return at == std::string_view::npos ? std::string{} : to_lower(address.substr(at + 1));
}

std::string normalize_address(std::string_view address) {
  const std::size_t at = address.rfind('@');
  if (at == std::string_view::npos) return std::string(address);
  return std::string(address.substr(0, at + 1)) + to_lower(address.substr(at + 1));
}

bool has_non_ascii(std::string_view s) {
  // Eight bytes at a time (every message body is scanned once per hop).
  std::size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    std::uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    if (w & 0x8080808080808080ULL) return true;
  }
  for (; i < s.size(); ++i)
    if (static_cast<unsigned char>(s[i]) >= 0x80) return true;
  return false;
}

}  // namespace protocols::smtp
