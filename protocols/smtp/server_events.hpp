// Events of an SMTP server session: the common session events plus what only SMTP has —
// a complete message awaiting the host's decision, and a successful AUTH.
#pragma once
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "protocols/session_events.hpp"

namespace protocols::smtp {

// RFC 5321 §2.3.1: the envelope travels beside the content.
struct Envelope {
  std::string mail_from;            // reverse-path; empty for the null path "<>" (a bounce)
  std::vector<std::string> rcpts;   // accepted forward-paths, in order
  std::string helo;                 // the name the client gave in EHLO/HELO
  bool esmtp = false;               // EHLO (true) or HELO (false)
  std::string auth_user;            // RFC 4954: empty unless the client authenticated
  std::string client_ip;            // as the host gave it, may be empty
  bool body_8bitmime = false;       // MAIL ... BODY=8BITMIME (RFC 6152)
  bool smtputf8 = false;            // MAIL ... SMTPUTF8 (RFC 6531)
  std::optional<std::size_t> declared_size;  // MAIL ... SIZE= (RFC 1870)
  bool tls = false;                 // received over TLS (STARTTLS, RFC 3207)
  bool operator==(const Envelope&) const = default;
};

// The final "." arrived: the server waits for accept_message() or reject_message() before
// it answers, so that 250 is never sent for a message not yet on disk (RFC 5321 §6.1).
struct MessageReceived {
  Envelope envelope;
  std::string data;  // unstuffed, every line ended by CR LF, without the final "."
};

// RFC 4954 §4: the client proved its identity (235 sent).
struct AuthSucceeded {
  std::string user;
  std::string mechanism;  // "PLAIN" or "LOGIN"
};

using ServerEvent = std::variant<CommandReceived, ReplySent, StateChanged, PeerViolation,
                                 MessageReceived, AuthSucceeded, TlsUpgradeAgreed>;

}  // namespace protocols::smtp
