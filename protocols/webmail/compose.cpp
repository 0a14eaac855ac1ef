// Building the message of a webmail Send (RFC 5322, RFC 2045-2047 via message_builder).
#include "protocols/webmail/compose.hpp"

#include "protocols/message/charset.hpp"
#include "protocols/message/message_builder.hpp"

namespace protocols::webmail {

namespace msg = protocols::message;

ComposedMessage compose_message(const Send& send, const msg::Mailbox& from, const msg::DateTime& date,
                                std::string_view seed) {
  ComposedMessage out;
  // Browsers separate several addresses with commas or semicolons; RFC 5322 wants commas.
  std::string to = send.to;
  for (char& c : to)
    if (c == ';') c = ',';
  auto list = msg::parse_address_list(to);
  if (!list) {
    out.error = "invalid recipient address list: " + send.to;
    return out;
  }
  out.recipients = msg::mailboxes_of(*list);
  if (out.recipients.empty()) {
    out.error = "no recipient";
    return out;
  }
  for (const auto& m : out.recipients)
    if (m.domain.empty()) {
      out.error = "recipient without a domain: " + m.local_part;
      out.recipients.clear();
      return out;
    }
  msg::MessageSpec spec;
  spec.from = from;
  spec.to = out.recipients;
  // Header text must stay on one line (RFC 5322 §2.2: CR and LF only as CRLF folding):
  // a pasted line break in the subject becomes one space.
  std::string subject;
  for (char c : msg::sanitize_utf8(send.subject)) {
    bool brk = c == '\r' || c == '\n' || c == '\t';
    if (!brk) subject += c;
    else if (subject.empty() || subject.back() != ' ') subject += ' ';
  }
  spec.subject = subject;
  spec.date = date;
  spec.text = msg::sanitize_utf8(send.body);
  spec.seed = std::string(seed);
  out.message = msg::build_message(spec);
  return out;
}

}  // namespace protocols::webmail
