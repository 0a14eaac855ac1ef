// Test helper: checks a stream of IMAP server output against RFC 3501 §9's response
// grammar, in the coarse form the random-input tests need: every response is a
// continuation ("+" SP text / "+" alone), untagged ("*" SP ...) or tagged (a valid tag, then
// OK, NO or BAD and text); lines end in CR LF; a line that ends in a literal "{n}" is
// followed by exactly n octets and the response goes on; the text of OK/NO/BAD/BYE and
// continuations holds no control character or 8-bit octet (TEXT-CHAR is CHAR minus CR LF).
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace imap_test {

// RFC 3501 §9: tag = 1*<any ASTRING-CHAR except "+">; ASTRING-CHAR = ATOM-CHAR / "]".
inline bool is_tag(std::string_view t) {
  if (t.empty()) return false;
  for (char ch : t) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (c <= 0x20 || c >= 0x7f) return false;
    if (std::string_view("(){%*\"\\+").find(ch) != std::string_view::npos) return false;
  }
  return true;
}

inline bool is_text(std::string_view t) {
  for (char ch : t) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c >= 0x7f) return false;
  }
  return true;
}

struct ImapResponse {
  std::string first_line;  // up to the first literal or CR LF
  std::string tag;         // "*", "+" or the tag
  std::string status;      // OK NO BAD (tagged), or the untagged keyword / number
};

// Splits `out` into responses; on a violation returns nullopt and says why in *why.
inline std::optional<std::vector<ImapResponse>> parse_responses(std::string_view out, std::string* why) {
  std::vector<ImapResponse> rs;
  std::size_t i = 0;
  while (i < out.size()) {
    ImapResponse r;
    bool first = true;
    for (;;) {  // one response: lines joined by literals
      std::size_t crlf = out.find("\r\n", i);
      if (crlf == std::string_view::npos) return *why = "a response line without CR LF", std::nullopt;
      std::string_view line = out.substr(i, crlf - i);
      if (line.find('\n') != std::string_view::npos || line.find('\r') != std::string_view::npos)
        return *why = "a bare CR or LF in: " + std::string(line), std::nullopt;
      if (first) r.first_line = std::string(line);
      first = false;
      i = crlf + 2;
      std::size_t open = line.rfind('{');
      if (line.empty() || line.back() != '}' || open == std::string_view::npos) break;
      std::string_view digits = line.substr(open + 1, line.size() - open - 2);
      if (!digits.empty() && digits.back() == '+') digits.remove_suffix(1);
      if (digits.empty() || digits.find_first_not_of("0123456789") != std::string_view::npos) break;
      std::size_t n = std::stoul(std::string(digits));
      if (i + n > out.size()) return *why = "a literal longer than the output", std::nullopt;
      i += n;  // the literal's octets, then the rest of the response line
    }
    std::string_view l = r.first_line;
    std::size_t sp = l.find(' ');
    r.tag = std::string(l.substr(0, sp));
    std::string_view rest = sp == std::string_view::npos ? std::string_view{} : l.substr(sp + 1);
    r.status = std::string(rest.substr(0, rest.find(' ')));
    if (r.tag == "+") {
      if (!is_text(rest)) return *why = "continuation text: " + std::string(l), std::nullopt;
    } else if (r.tag == "*") {
      if (r.status.empty()) return *why = "an empty untagged response", std::nullopt;
      bool cond = r.status == "OK" || r.status == "NO" || r.status == "BAD" || r.status == "BYE" || r.status == "PREAUTH";
      if (cond && !is_text(rest)) return *why = "untagged status text: " + std::string(l), std::nullopt;
    } else {
      if (!is_tag(r.tag)) return *why = "a tagged response with an invalid tag: " + std::string(l), std::nullopt;
      if (r.status != "OK" && r.status != "NO" && r.status != "BAD")
        return *why = "a tagged response that is not OK, NO or BAD: " + std::string(l), std::nullopt;
      if (!is_text(rest) || rest.size() <= r.status.size() + 1)
        return *why = "a tagged response without valid text: " + std::string(l), std::nullopt;
    }
    rs.push_back(std::move(r));
  }
  return rs;
}

}  // namespace imap_test
