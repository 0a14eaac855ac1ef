// Events of an SMTP client session: every reply it parsed, and the outcomes a mail queue
// needs to mark each recipient delivered (2xx), deferred (4xx, EOF, timeout) or failed (5xx).
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "protocols/session_events.hpp"
#include "protocols/smtp/reply.hpp"

namespace protocols::smtp {

// What the client is waiting for (RFC 5321 §3: session initiation, mail transaction, end).
enum class ClientState : std::uint8_t {
  Idle,      // not connected yet
  Greeting,  // awaiting the 220 (§3.1)
  Hello,     // EHLO or HELO sent (§4.1.1.1)
  Auth,      // AUTH sent (RFC 4954 §4)
  Mail,      // MAIL sent (§4.1.1.2)
  Rcpt,      // RCPT sent (§4.1.1.3)
  Data,      // DATA sent, awaiting 354 (§4.1.1.4)
  Body,      // body and "." sent, awaiting the final reply (§4.1.1.4)
  Quit,      // QUIT sent (§4.1.1.10)
  Tls,       // 220 to STARTTLS received: the TLS handshake runs below (RFC 3207 §4)
  Closed,
};
std::string_view to_string(ClientState s);

// Every reply the client parsed, with the command it answered ("MAIL", "RCPT", "raw", ...).
struct ReplyReceived {
  Reply reply;
  std::string for_command;
};

struct GreetingReceived {
  Reply reply;
};

// EHLO (esmtp) or HELO answered 250; `extensions` are the EHLO keyword lines, upper-cased keyword.
struct EhloCompleted {
  Reply reply;
  std::vector<std::string> extensions;
  bool esmtp = true;
};

struct AuthCompleted {
  Reply reply;  // 235
};

// One RCPT answered: 2xx accepted (so far), 4xx deferred, 5xx failed for good.
struct RecipientResult {
  std::string rcpt;
  Reply reply;
};

// The reply to the final ".": it applies to every recipient in `accepted` (2xx delivered,
// 4xx deferred, 5xx failed). RFC 5321 §6.1: after 250 the receiver is responsible.
struct MessageResult {
  Reply reply;
  std::vector<std::string> accepted;
};

// The message had 8-bit content and the server did not offer 8BITMIME: the client
// re-encoded it to 7 bit before MAIL (RFC 6152 §3). Counts of leaf parts per encoding.
struct BodyConverted {
  std::size_t quoted_printable = 0;
  std::size_t base64 = 0;
  std::size_t bytes_before = 0, bytes_after = 0;
};

// The session ended before a MessageResult. Each recipient in `unresolved` takes this
// outcome: 4xx reply, "eof" or "timeout" defer it; a 5xx reply fails it. With reason
// "conversion" the reply is the client's own (554 5.6.3, RFC 3463): the message needed a
// down-conversion that is impossible (8-bit header fields, no 8BITMIME nor SMTPUTF8), so
// the client sent QUIT instead of MAIL.
struct SessionFailed {
  ClientState phase = ClientState::Idle;
  std::optional<Reply> reply;
  // "reply", "eof", "timeout", "no valid recipients", "conversion", "tls" (TLS required and
  // not offered, refused or failed: the client does not go on in clear)
  std::string reason;
  std::vector<std::string> unresolved;
};

using ClientEvent = std::variant<CommandReceived, ReplySent, StateChanged, PeerViolation, ReplyReceived,
                                 GreetingReceived, EhloCompleted, AuthCompleted, RecipientResult,
                                 BodyConverted, MessageResult, SessionFailed, TlsUpgradeAgreed>;

}  // namespace protocols::smtp
