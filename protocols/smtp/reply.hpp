// An SMTP reply as a value: code, RFC 3463 enhanced status code and text lines; the
// formatter that puts it on the wire (multi-line with "250-" continuations, RFC 5321 §4.2.1)
// and an incremental parser for clients (whole reply at once, over the caller's buffer).
// Leaves out: RFC 2034's requirement check that the enhanced code's class matches is lenient
// (a mismatching prefix is kept as text, not treated as an enhanced code).
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace protocols::smtp {

struct Reply {
  int code = 0;
  std::string enhanced;            // "2.1.0", or empty
  std::vector<std::string> lines;  // text of each line, without code and enhanced code
  bool operator==(const Reply&) const = default;

  bool positive() const { return code >= 200 && code < 400; }
  bool transient() const { return code >= 400 && code < 500; }
  bool permanent() const { return code >= 500 && code < 600; }
  std::string text() const;        // the lines joined with " "
};

Reply make_reply(int code, std::string enhanced, std::string text);
Reply make_reply(int code, std::string enhanced, std::vector<std::string> lines);

// RFC 5321 §4.2.1: "250-first\r\n250-second\r\n250 last\r\n"; the enhanced code (RFC 2034 §3)
// opens every line.
std::string format_reply(const Reply& r);
// The first line without CR LF ("250 2.1.0 Ok"), as labels and transcripts show it.
std::string first_line(const Reply& r);

struct ReplyParse {
  enum class Status { Complete, NeedMore, Invalid };
  Status status = Status::NeedMore;
  std::size_t consumed = 0;  // Complete/Invalid: bytes to drop from the buffer
  Reply reply;               // Complete
  std::string reason;        // Invalid
};

// Parses one complete reply from the start of `buffer` (CR LF lines, bare LF tolerated,
// lines at most 512 octets, RFC 5321 §4.5.3.1.5). NeedMore until its last line has arrived.
ReplyParse parse_reply(std::string_view buffer);

}  // namespace protocols::smtp
