// The message a webmail Send action becomes: the form's To (an RFC 5322 §3.4 address
// list), Subject and body (UTF-8) built by message_builder into a 7-bit RFC 5322 / MIME
// message (RFC 2047 Subject, quoted-printable text when needed), plus the envelope
// recipients for SMTP (RCPT TO, RFC 5321 §3.3). Deterministic: the caller passes the date
// and a seed (boundary and Message-ID).
// Leaves out: Cc and Bcc fields, attachments from the browser, drafts.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocols/message/address.hpp"
#include "protocols/message/date.hpp"
#include "protocols/webmail/action.hpp"

namespace protocols::webmail {

struct ComposedMessage {
  std::string message;                               // CR LF line ends
  std::vector<protocols::message::Mailbox> recipients;  // envelope RCPT TO, in order
  std::string error;                                 // non-empty when nothing was built
  bool ok() const { return error.empty(); }
};

ComposedMessage compose_message(const Send& send, const protocols::message::Mailbox& from,
                                 const protocols::message::DateTime& date, std::string_view seed);

}  // namespace protocols::webmail
