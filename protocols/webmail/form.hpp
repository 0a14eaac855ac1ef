// What a browser sends besides the method: the request target split into path and query,
// application/x-www-form-urlencoded bodies and queries (WHATWG URL Standard §5.1
// "application/x-www-form-urlencoded parsing": '&' separates pairs, '+' is a space, %XX is
// a byte; RFC 3986 §2.1 percent-encoding), decoded as UTF-8 (HTML §4.10.21.8: forms are
// submitted in the page's encoding, which is UTF-8 here); Cookie header parsing (RFC 6265
// §4.2.1, §5.4) and percent-encoding for building links.
// Invalid percent sequences are kept as written and invalid UTF-8 becomes U+FFFD, as the
// WHATWG parser does. Leaves out: multipart/form-data (file upload) and other charsets.
#pragma once
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace protocols::webmail {

using Params = std::vector<std::pair<std::string, std::string>>;

// %XX to bytes; with plus_is_space, '+' becomes ' '. Bad sequences are kept as written.
// The result is raw bytes (not yet checked as UTF-8).
std::string percent_decode(std::string_view text, bool plus_is_space);

// Percent-encodes every byte except RFC 3986 §2.3 unreserved characters; for query values
// and path segments.
std::string percent_encode(std::string_view bytes);

// Parses "a=1&b=%E4%BD%A0+x" into ordered pairs, names and values UTF-8 (U+FFFD for bad bytes).
Params parse_urlencoded(std::string_view text);
// Builds "a=1&b=%E4%BD%A0" (spaces as %20).
std::string build_urlencoded(const Params& params);

// The first value of `name`, or `fallback` when absent.
std::string param(const Params& params, std::string_view name, std::string_view fallback = "");
bool has_param(const Params& params, std::string_view name);

struct Target {
  std::string path;  // percent-decoded, UTF-8
  Params query;
};
// "/inbox?folder=INBOX" -> {"/inbox", {{"folder","INBOX"}}}; a fragment is dropped.
Target split_target(std::string_view target);

// "session=abc; lang=zh" -> pairs. Values in DQUOTEs are unquoted (RFC 6265 §4.1.1);
// pairs without '=' are skipped (§5.2 step 1 ignores them).
Params parse_cookies(std::string_view cookie_header);

}  // namespace protocols::webmail
