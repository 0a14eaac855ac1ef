// HTTP/1.1 message head parsing (RFC 9112 §2.2, §3, §4, §5).
#include "protocols/http/head_parser.hpp"

namespace protocols::http {

namespace {

bool is_tchar(char c) {
  // RFC 9110 §5.6.2: tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." /
  // "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA
  if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
  switch (c) {
    case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+':
    case '-': case '.': case '^': case '_': case '`': case '|': case '~':
      return true;
    default:
      return false;
  }
}

std::string_view trim_ows(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Offset just past the empty line that ends the head, searching from `from`; npos if none.
std::size_t find_head_end(std::string_view buf, std::size_t from) {
  for (std::size_t i = from; i < buf.size(); ++i) {
    if (buf[i] != '\n') continue;
    if (i + 1 < buf.size() && buf[i + 1] == '\n') return i + 2;
    if (i + 2 < buf.size() && buf[i + 1] == '\r' && buf[i + 2] == '\n') return i + 3;
  }
  return std::string_view::npos;
}

HeadResult invalid(int status, std::string reason) {
  HeadResult r;
  r.status = HeadStatus::Invalid;
  r.error_status = status;
  r.reason = std::move(reason);
  return r;
}

// Splits the head into lines without their line ends.
std::string_view next_line(std::string_view& rest) {
  std::size_t nl = rest.find('\n');
  std::string_view line = rest.substr(0, nl);
  rest.remove_prefix(nl == std::string_view::npos ? rest.size() : nl + 1);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

}  // namespace

bool is_token(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!is_tchar(c)) return false;
  return true;
}

bool is_http_version(std::string_view v) {
  return v.size() == 8 && v.substr(0, 5) == "HTTP/" && v[5] >= '0' && v[5] <= '9' &&
         v[6] == '.' && v[7] >= '0' && v[7] <= '9';
}

HeadResult parse_head(std::string_view buf, const HeadLimits& limits, std::size_t* scan_from) {
  // RFC 9112 §2.2: a server SHOULD ignore at least one empty line (CRLF) received before
  // the request-line.
  std::size_t skip = 0;
  while (skip < buf.size() && (buf[skip] == '\n' || (buf[skip] == '\r' && skip + 1 < buf.size() && buf[skip + 1] == '\n')))
    skip += buf[skip] == '\r' ? 2 : 1;
  if (skip > limits.max_start_line) return invalid(400, "too many empty lines before the request line");
  std::string_view head = buf.substr(skip);
  if (head.empty() || (head.size() == 1 && head[0] == '\r')) {
    HeadResult r;
    r.consumed = skip;  // only empty lines so far: the caller may drop them
    return r;
  }

  std::size_t first_nl = head.find('\n');
  std::size_t start_len = first_nl == std::string_view::npos ? head.size() : first_nl;
  if (start_len > limits.max_start_line)
    return invalid(414, "start line longer than " + std::to_string(limits.max_start_line) + " octets");
  if (first_nl == std::string_view::npos) return HeadResult{};

  std::size_t from = scan_from && *scan_from > skip + 2 ? *scan_from - skip - 2 : 0;
  std::size_t end = find_head_end(head, from);
  if (end == std::string_view::npos) {
    if (head.size() > limits.max_head)
      return invalid(431, "header section longer than " + std::to_string(limits.max_head) + " octets");
    if (scan_from) *scan_from = buf.size();
    return HeadResult{};
  }
  if (end > limits.max_head)
    return invalid(431, "header section longer than " + std::to_string(limits.max_head) + " octets");

  HeadResult r;
  std::string_view rest = head.substr(0, end);
  std::string_view start = next_line(rest);
  for (char c : start)
    if (c == '\r' || c == '\0') return invalid(400, "control character in the start line");
  r.start_line = std::string(start);
  for (;;) {
    std::string_view line = next_line(rest);
    if (line.empty()) break;
    if (line.front() == ' ' || line.front() == '\t') {
      // RFC 9112 §5.2: obs-fold. A server MUST reject it with 400 (or replace it); a user
      // agent MUST replace each obs-fold with one or more SP.
      if (!limits.allow_obs_fold || r.headers.empty()) return invalid(400, "obsolete line folding");
      r.headers.back().value += " ";
      r.headers.back().value += std::string(trim_ows(line));
      continue;
    }
    std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) return invalid(400, "field line without a colon");
    std::string_view name = line.substr(0, colon);
    // RFC 9112 §5.1: no whitespace is allowed between the field name and colon; a server
    // MUST reject such a request with 400.
    if (!is_token(name)) return invalid(400, "invalid field name \"" + std::string(name) + "\"");
    std::string_view value = trim_ows(line.substr(colon + 1));
    for (char c : value)
      // RFC 9110 §5.5: CR, LF and NUL in a field value are invalid and dangerous.
      if (c == '\r' || c == '\0') return invalid(400, "control character in field " + std::string(name));
    r.headers.push_back(Header{std::string(name), std::string(value)});
  }
  r.status = HeadStatus::Complete;
  r.consumed = skip + end;
  if (scan_from) *scan_from = 0;
  return r;
}

std::optional<RequestLine> parse_request_line(std::string_view line) {
  std::size_t sp1 = line.find(' ');
  if (sp1 == std::string_view::npos) return std::nullopt;
  std::size_t sp2 = line.find(' ', sp1 + 1);
  if (sp2 == std::string_view::npos || line.find(' ', sp2 + 1) != std::string_view::npos)
    return std::nullopt;
  RequestLine r{std::string(line.substr(0, sp1)), std::string(line.substr(sp1 + 1, sp2 - sp1 - 1)),
                std::string(line.substr(sp2 + 1))};
  if (!is_token(r.method) || r.target.empty() || !is_http_version(r.version)) return std::nullopt;
  for (unsigned char c : r.target)
    if (c <= 0x20 || c == 0x7F) return std::nullopt;  // RFC 9112 §3.2: no whitespace in the target
  return r;
}

std::optional<StatusLine> parse_status_line(std::string_view line) {
  // RFC 9112 §4: status-line = HTTP-version SP status-code SP [ reason-phrase ]; a client
  // SHOULD accept a missing final SP.
  if (line.size() < 12 || line[8] != ' ' || !is_http_version(line.substr(0, 8))) return std::nullopt;
  StatusLine s;
  s.version = std::string(line.substr(0, 8));
  for (int i = 9; i < 12; ++i) {
    if (line[i] < '0' || line[i] > '9') return std::nullopt;
    s.status = s.status * 10 + (line[i] - '0');
  }
  if (s.status < 100) return std::nullopt;
  if (line.size() > 12) {
    if (line[12] != ' ') return std::nullopt;
    s.reason = std::string(line.substr(13));
  }
  return s;
}

}  // namespace protocols::http
