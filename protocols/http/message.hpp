// HTTP/1.1 messages as plain values: Request, Response, header fields, reason phrases, and
// their serialisation on the wire (RFC 9112 §2.1 message format, §3 request line, §4 status
// line, §5 field lines, §6.2 Content-Length; RFC 9110 §15 status codes).
// Serialisation adds Content-Length where the body needs framing; it never adds Date
// (RFC 9110 §6.6.1: an origin server without a reliable clock MUST NOT send Date, and the
// engines have no clock) nor Server.
// Leaves out: HTTP/2 and HTTP/3 framing, content codings (gzip), ranges, caching headers.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace protocols::http {

struct Header {
  std::string name;   // as written; compared case-insensitively (RFC 9110 §5.1)
  std::string value;  // leading and trailing whitespace removed (RFC 9112 §5.1)
  bool operator==(const Header&) const = default;
};
using Headers = std::vector<Header>;

// The first field line with this name, or nullopt.
std::optional<std::string_view> find_header(const Headers& h, std::string_view name);
// Every value of the field, joined with ", " as RFC 9110 §5.3 allows; "" when absent.
std::string header_value(const Headers& h, std::string_view name);
// RFC 9110 §8.6: Content-Length (all fields joined by header_value); a list of identical
// values counts as one; anything else, or no value, is nullopt.
std::optional<std::size_t> parse_content_length(std::string_view joined);
// True when the comma-separated list field `name` holds `token` (case-insensitive), as in
// "Connection: keep-alive, close" (RFC 9110 §5.6.1 lists, §7.6.1 Connection).
bool has_token(const Headers& h, std::string_view name, std::string_view token);
// Case-insensitive ASCII comparison.
bool iequals(std::string_view a, std::string_view b);

struct Request {
  std::string method = "GET";  // case-sensitive token (RFC 9110 §9.1)
  std::string target = "/";    // origin-form "/path?query" (RFC 9112 §3.2.1)
  std::string version = "HTTP/1.1";
  Headers headers;
  std::string body;  // decoded (chunked framing removed)
  bool operator==(const Request&) const = default;
};

struct Response {
  int status = 200;
  std::string reason;  // "" means the standard phrase for `status`
  Headers headers;
  std::string body;
  std::string version = "HTTP/1.1";
  bool operator==(const Response&) const = default;
};

// RFC 9110 §15 reason phrases ("Not Found"); "Unknown" for codes it does not list.
std::string_view reason_phrase(int status);

// RFC 9110 §6.4.1: 1xx, 204 and 304 responses never carry content.
bool status_has_body(int status);

// "GET /inbox HTTP/1.1".
std::string request_line(const Request& r);
// "HTTP/1.1 200 OK".
std::string status_line(const Response& r);

// Request head (request line, fields, empty line). Adds Content-Length when the body is
// not empty and neither Content-Length nor Transfer-Encoding is given.
std::string serialize_request_head(const Request& r);
// Response head; adds Content-Length (of r.body) unless the status has no body or the
// headers already frame it. For a HEAD request pass head_request=true: the head is the
// same as for GET (RFC 9110 §9.3.2), the caller sends no body.
std::string serialize_response_head(const Response& r);
std::string serialize_request(const Request& r);
std::string serialize_response(const Response& r, bool head_request = false);

// "text/html (1234 bytes)": what a Data label on a body shows.
std::string body_label(const Headers& h, std::size_t size);

}  // namespace protocols::http
