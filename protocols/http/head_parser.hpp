// Incremental parsing of an HTTP/1.1 message head over the caller's buffer: the start line
// and the field section up to the empty line (RFC 9112 §2.1, §2.2, §5), then the request
// line (§3) or the status line (§4). The parser never reads input itself; it answers
// Complete (with the bytes consumed) / NeedMore / Invalid (with the reason and the status
// a server should answer), in the style of picohttpparser.
// Rules enforced: lines end in LF with an optional CR (§2.2 allows a bare LF); empty lines
// before a request line are skipped (§2.2); no whitespace between field name and colon
// (§5.1: MUST reject with 400); obsolete line folding is rejected in requests and replaced
// by a space in responses (§5.2); CR, LF or NUL in a value is rejected (RFC 9110 §5.5);
// configurable limits on the start line (8 KiB -> 414) and the whole head (32 KiB -> 431).
// Leaves out: the absolute-form and authority-form targets are accepted as text, not split.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "protocols/http/message.hpp"

namespace protocols::http {

struct HeadLimits {
  std::size_t max_start_line = 8 * 1024;  // request line (RFC 9112 §3: at least 8000 octets)
  std::size_t max_head = 32 * 1024;       // start line plus field section
  bool allow_obs_fold = false;            // true when reading responses (RFC 9112 §5.2)
};

enum class HeadStatus { Complete, NeedMore, Invalid };

struct HeadResult {
  HeadStatus status = HeadStatus::NeedMore;
  std::size_t consumed = 0;  // bytes of the head, including skipped empty lines before it;
                             // for NeedMore, the empty lines that may already be dropped
  std::string start_line;    // without the line end
  Headers headers;
  int error_status = 0;      // for Invalid: 400, 414 or 431
  std::string reason;        // for Invalid: what rule was broken
};

// Parses the head at the start of `buf`. `scan_from` is an optimisation for repeated calls
// on a growing buffer: the caller passes the value left by the previous call (start at 0)
// so that already scanned bytes are not searched again for the empty line.
HeadResult parse_head(std::string_view buf, const HeadLimits& limits, std::size_t* scan_from = nullptr);

struct RequestLine {
  std::string method, target, version;
};
// RFC 9112 §3: method SP request-target SP HTTP-version, exactly one SP each.
std::optional<RequestLine> parse_request_line(std::string_view line);

struct StatusLine {
  std::string version;
  int status = 0;
  std::string reason;
};
// RFC 9112 §4: HTTP-version SP 3DIGIT SP [reason-phrase].
std::optional<StatusLine> parse_status_line(std::string_view line);

// RFC 9112 §2.3: "HTTP/" DIGIT "." DIGIT.
bool is_http_version(std::string_view v);
// RFC 9110 §5.6.2 token.
bool is_token(std::string_view s);

}  // namespace protocols::http
