// Incremental SMTP line reader over the caller's buffer (picohttpparser style): finds one
// line ended by CR LF, enforcing the RFC 5321 §4.5.3.1 size limits, and reports a bare LF
// (RFC 5321 §2.3.8 allows only CR LF) so the caller can note the violation.
// Leaves out: bare CR handling (a lone CR stays inside the line as data).
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace protocols::smtp {

// RFC 5321 §4.5.3.1.4: command line 512 octets incl. CR LF; §4.5.3.1.6: text line 1000;
// §4.5.3.1.5: reply line 512.
inline constexpr std::size_t kCommandLineMax = 512;
inline constexpr std::size_t kTextLineMax = 1000;
inline constexpr std::size_t kReplyLineMax = 512;

enum class LinePolicy { StrictCrlf, TolerateBareLf };

struct LineResult {
  enum class Status { Complete, NeedMore, Invalid };
  Status status = Status::NeedMore;
  std::size_t consumed = 0;  // Complete/Invalid: bytes to drop from the buffer
  std::string_view line;     // Complete: the line without its terminator (points into buffer)
  bool bare_lf = false;      // Complete: ended by LF alone (tolerated under TolerateBareLf)
  bool terminated = false;   // Invalid: the line's end was found (else skip until the next LF)
  std::string reason;        // Invalid: why
};

// Looks for one line at the start of `buffer`, at most `max_octets` long including CR LF.
// A line over the limit is Invalid ("line too long"): consumed covers it through its LF, or
// the whole buffer when its end has not arrived (terminated == false). A bare LF under
// StrictCrlf is Invalid ("bare LF"), consumed through the LF.
LineResult read_line(std::string_view buffer, std::size_t max_octets, LinePolicy policy);

}  // namespace protocols::smtp
