// Character-set conversion to UTF-8 for MIME text (RFC 2046 §4.1.2 charset parameter,
// RFC 2047 encoded words, RFC 2231 parameter values). UTF-8, US-ASCII and ISO-8859-1 are
// converted here; GB2312, GBK, GB18030 and any other name go through glibc iconv(3).
// GB2312 and GBK labels are decoded as GB18030, their superset, as the WHATWG Encoding
// Standard does, because real mail labelled GB2312 routinely carries GBK characters.
// Invalid sequences become U+FFFD. Leaves out: encoding from UTF-8 to other charsets.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace protocols::message {

// Converts `bytes` in `charset` (case-insensitive, may carry an RFC 2231 "*lang" suffix) to
// UTF-8. nullopt when the charset is unknown.
std::optional<std::string> to_utf8(std::string_view bytes, std::string_view charset);

// Replaces every invalid UTF-8 sequence with U+FFFD.
std::string sanitize_utf8(std::string_view bytes);

// Length of the UTF-8 sequence starting with lead byte `c` (1 for invalid lead bytes).
std::size_t utf8_sequence_length(unsigned char c);

}  // namespace protocols::message
