// Base64 (RFC 4648 §4), as MIME (RFC 2045 §6.8) and SMTP AUTH (RFC 4954) use it.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace protocols::codec {

// Encodes; when line_length > 0, inserts CR LF every line_length output characters
// (MIME uses 76) and after the last line.
std::string base64_encode(std::string_view data, std::size_t line_length = 0);

// Strict decode (AUTH): only the alphabet and trailing '=' padding, length a multiple of 4.
std::optional<std::string> base64_decode_strict(std::string_view text);

// Lenient decode (MIME bodies, RFC 2045 §6.8): skips line breaks and characters outside the
// alphabet, stops at padding; never fails.
std::string base64_decode_lenient(std::string_view text);

}  // namespace protocols::codec
