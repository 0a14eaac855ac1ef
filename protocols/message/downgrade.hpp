// 8-bit to 7-bit down-conversion of a MIME message (RFC 6152 §3, RFC 1652 §3), for an SMTP
// client whose message has 8-bit content and whose server did not advertise 8BITMIME.
// Every leaf part whose body holds a byte >= 0x80 is re-encoded and its
// Content-Transfer-Encoding field replaced; multiparts and message/rfc822 are descended
// into (RFC 2046 §5.2.1 forbids encoding those, so their own field becomes 7bit); parts
// that are already 7-bit are copied byte for byte.
// The encoding follows Sendmail's mime8to7 (sendmail/mime.c): base64 when more than one
// byte in eight has the high bit set (Chinese or Japanese text, where quoted-printable
// would triple the size and be unreadable anyway), when the part is not text/*, or when it
// is labelled binary; quoted-printable otherwise (mostly-ASCII text such as French or
// German). Postfix always uses quoted-printable; both add X-MIME-Autoconverted.
// Header fields cannot be converted (RFC 6152 §3: a non-ASCII header would need RFC 2047
// words, which is a change of content, not of encoding): a message with 8-bit bytes in a
// header is refused unless the caller may send them (SMTPUTF8, RFC 6531 §3.1).
// Leaves out: the 72-character base64 lines of Sendmail (we write RFC 2045's 76), and
// conversion of message/partial or message/external-body parts with 8-bit content
// (refused, as RFC 2046 §5.2 forbids encoding them).
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace protocols::message {

enum class DowngradeStatus {
  Unchanged,     // nothing needed converting; `message` is the input as it was
  Converted,     // `message` is 7-bit in every body (headers too unless allowed 8-bit)
  NotPossible,   // an 8-bit header field, or an 8-bit part that may not be encoded
};

struct Downgrade {
  DowngradeStatus status = DowngradeStatus::Unchanged;
  std::string message;            // the result, CR LF line ends (empty when NotPossible)
  std::size_t quoted_printable = 0;  // leaf parts re-encoded to each encoding
  std::size_t base64 = 0;
  bool headers_8bit = false;      // some header field still has 8-bit bytes (allowed ones)
  std::string problem;            // NotPossible: "8-bit bytes in header field Subject"
};

struct DowngradeOptions {
  bool allow_8bit_headers = false;  // the server offers SMTPUTF8 (RFC 6531)
  std::string converted_by;         // host name for X-MIME-Autoconverted; "" to omit it
};

// `message` should have CR LF line ends (SMTP's form); bare LF is read as a line end too.
Downgrade downgrade_8bit(std::string_view message, const DowngradeOptions& options = {});

// Sendmail's choice for one part body: true for base64, false for quoted-printable.
bool prefers_base64(std::string_view body, bool is_text, bool binary);

}  // namespace protocols::message
