// See line_reader.hpp.
#include "protocols/smtp/line_reader.hpp"

namespace protocols::smtp {

LineResult read_line(std::string_view buffer, std::size_t max_octets, LinePolicy policy) {
  LineResult r;
  const std::size_t lf = buffer.find('\n');
  if (lf == std::string_view::npos) {
    // RFC 5321 §4.5.3.1: a line can never exceed the limit, so stop buffering once it does.
    if (buffer.size() >= max_octets) {
      r.status = LineResult::Status::Invalid;
      r.consumed = buffer.size();
      r.terminated = false;
      r.reason = "line too long";
    }
    return r;
  }
  const bool crlf = lf > 0 && buffer[lf - 1] == '\r';
  const std::size_t total = lf + 1;
  // The limit counts CR LF (RFC 5321 §4.5.3.1.4-5); a tolerated bare LF line is measured as
  // the CR LF line it stands for, so that it still fits when written out again.
  if (total + (crlf ? 0 : 1) > max_octets) {
    r.status = LineResult::Status::Invalid;
    r.consumed = total;
    r.terminated = true;
    r.reason = "line too long";
    return r;
  }
  if (!crlf && policy == LinePolicy::StrictCrlf) {
    // RFC 5321 §2.3.8: lines end with CR LF only.
    r.status = LineResult::Status::Invalid;
    r.consumed = total;
    r.terminated = true;
    r.reason = "bare LF";
    return r;
  }
  r.status = LineResult::Status::Complete;
  r.consumed = total;
  r.line = buffer.substr(0, crlf ? lf - 1 : lf);
  r.bare_lf = !crlf;
  return r;
}

}  // namespace protocols::smtp
