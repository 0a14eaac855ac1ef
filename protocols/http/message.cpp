// HTTP/1.1 message values and their wire form (RFC 9112 §2-§6, RFC 9110 §15).
#include "protocols/http/message.hpp"

#include <algorithm>

namespace protocols::http {

namespace {
char lower(char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; }
std::string_view trim_ows(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}
void write_fields(std::string& out, const Headers& h) {
  for (const auto& f : h) {
    out += f.name;
    out += ": ";
    out += f.value;
    out += "\r\n";
  }
}
}  // namespace

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

std::optional<std::string_view> find_header(const Headers& h, std::string_view name) {
  for (const auto& f : h)
    if (iequals(f.name, name)) return std::string_view(f.value);
  return std::nullopt;
}

// RFC 9110 §8.6: Content-Length = 1*DIGIT; a list of identical values ("42, 42") may be
// taken as one value, anything else is invalid.
std::optional<std::size_t> parse_content_length(std::string_view joined) {
  std::optional<std::size_t> result;
  std::string_view v = joined;
  while (true) {
    std::size_t comma = v.find(',');
    std::string_view item = v.substr(0, comma);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (item.empty() || item.size() > 15) return std::nullopt;
    std::size_t n = 0;
    for (char c : item) {
      if (c < '0' || c > '9') return std::nullopt;
      n = n * 10 + static_cast<std::size_t>(c - '0');
    }
    if (result && *result != n) return std::nullopt;
    result = n;
    if (comma == std::string_view::npos) return result;
    v.remove_prefix(comma + 1);
  }
}

std::string header_value(const Headers& h, std::string_view name) {
  std::string out;
  for (const auto& f : h) {
    if (!iequals(f.name, name)) continue;
    if (!out.empty()) out += ", ";
    out += f.value;
  }
  return out;
}

bool has_token(const Headers& h, std::string_view name, std::string_view token) {
  for (const auto& f : h) {
    if (!iequals(f.name, name)) continue;
    std::string_view v = f.value;
    while (!v.empty()) {
      std::size_t comma = v.find(',');
      std::string_view item = trim_ows(v.substr(0, comma));
      if (iequals(item, token)) return true;
      if (comma == std::string_view::npos) break;
      v.remove_prefix(comma + 1);
    }
  }
  return false;
}

std::string_view reason_phrase(int status) {
  switch (status) {
    case 100: return "Continue";
    case 101: return "Switching Protocols";
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 206: return "Partial Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 303: return "See Other";
    case 304: return "Not Modified";
    case 307: return "Temporary Redirect";
    case 308: return "Permanent Redirect";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 411: return "Length Required";
    case 413: return "Content Too Large";
    case 414: return "URI Too Long";
    case 415: return "Unsupported Media Type";
    case 417: return "Expectation Failed";
    case 422: return "Unprocessable Content";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    case 505: return "HTTP Version Not Supported";
    default: return "Unknown";
  }
}

bool status_has_body(int status) {
  return !(status < 200 || status == 204 || status == 304);
}

std::string request_line(const Request& r) { return r.method + " " + r.target + " " + r.version; }

std::string status_line(const Response& r) {
  std::string reason = r.reason.empty() ? std::string(reason_phrase(r.status)) : r.reason;
  return r.version + " " + std::to_string(r.status) + " " + reason;
}

std::string serialize_request_head(const Request& r) {
  std::string out = request_line(r) + "\r\n";
  write_fields(out, r.headers);
  // RFC 9112 §6.2: a user agent SHOULD send Content-Length when the request has content.
  if (!r.body.empty() && !find_header(r.headers, "Content-Length") &&
      !find_header(r.headers, "Transfer-Encoding"))
    out += "Content-Length: " + std::to_string(r.body.size()) + "\r\n";
  out += "\r\n";
  return out;
}

std::string serialize_response_head(const Response& r) {
  std::string out = status_line(r) + "\r\n";
  write_fields(out, r.headers);
  // RFC 9110 §8.6: a server MUST NOT send Content-Length in 1xx or 204 responses.
  if (status_has_body(r.status) && !find_header(r.headers, "Content-Length") &&
      !find_header(r.headers, "Transfer-Encoding"))
    out += "Content-Length: " + std::to_string(r.body.size()) + "\r\n";
  out += "\r\n";
  return out;
}

std::string serialize_request(const Request& r) { return serialize_request_head(r) + r.body; }

std::string serialize_response(const Response& r, bool head_request) {
  std::string out = serialize_response_head(r);
  if (!head_request && status_has_body(r.status)) out += r.body;
  return out;
}

std::string body_label(const Headers& h, std::size_t size) {
  std::string type(find_header(h, "Content-Type").value_or("application/octet-stream"));
  type = type.substr(0, type.find(';'));
  while (!type.empty() && type.back() == ' ') type.pop_back();
  return type + " (" + std::to_string(size) + " bytes)";
}

}  // namespace protocols::http
