// Transparency of the SMTP DATA body (RFC 5321 §4.5.2): the sender doubles a leading '.'
// on every line and ends the body with "<CRLF>.<CRLF>"; the receiver drops one leading '.'.
// Leaves out: nothing; 8-bit content passes untouched (the BODY=8BITMIME parameter only
// declares it, RFC 6152).
#pragma once
#include <string>
#include <string_view>

namespace protocols::smtp {

// The message with every line ended by CR LF (a bare LF becomes CR LF, a missing last line
// end is added, RFC 5321 §4.1.1.4), without stuffing: what the receiver will store.
std::string normalize_line_ends(std::string_view message);

// The wire form of a body: normalized, each line beginning with '.' given one more '.',
// then ".\r\n" (RFC 5321 §4.5.2 rule 1).
std::string dot_stuff(std::string_view message);

// Receiver side, one line without its CR LF: is this the end-of-data line "."?
inline bool is_end_of_data(std::string_view line) { return line == "."; }
// Receiver side (RFC 5321 §4.5.2 rule 2): drop the first '.' of a line that begins with one.
inline std::string_view unstuff_line(std::string_view line) {
  return (!line.empty() && line.front() == '.') ? line.substr(1) : line;
}

}  // namespace protocols::smtp
