// Messages carried by SMTP connections, for the inspector's MIME tree and exercise answers
// (lessons/expression.hpp): the client's byte
// stream of a connection is rebuilt from the payloads of its delivered segments (in sequence
// order, each byte once, so retransmissions do not double it), the message is cut out
// between "DATA" and the terminating "<CRLF>.<CRLF>" with dot-stuffing removed
// (RFC 5321 §4.1.1.4, §4.5.2), and parsed by protocols/message (RFC 2045-2049).
// Leaves out: BDAT/CHUNKING (RFC 3030) and more than one message per connection.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "protocols/message/mime_part.hpp"
#include "sim/trace.hpp"

namespace sim {

struct CarriedMessage {
  ConnId conn = 0;
  HostId from = kNoHost, to = kNoHost;
  std::string bytes;  // the message as the server received it, dot-stuffing removed
  // The envelope sender: MAIL FROM's reverse-path ("" for the null path "<>"), unset when
  // the stream holds no MAIL command that parses. Lessons compare it with the header From.
  std::optional<std::string> envelope_from;
  protocols::message::MimePart root;
};

// The bytes one side sent on a connection, as delivered, in sequence order.
std::string delivered_stream(const Trace& trace, ConnId conn, HostId from);
// The message inside an SMTP client stream, if it contains a complete DATA section.
std::optional<std::string> message_in_smtp_stream(const std::string& stream);
// The reverse-path of the last MAIL command before DATA in an SMTP client stream.
std::optional<std::string> envelope_from_in_smtp_stream(const std::string& stream);
// Every message carried by an SMTP connection in the trace, in connection order.
std::vector<CarriedMessage> carried_messages(const Trace& trace);

}  // namespace sim
