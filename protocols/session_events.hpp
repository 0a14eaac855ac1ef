// Events every sans-IO session engine reports, whatever its protocol. The generic host
// adapter in sim/ turns these into trace records; protocol-specific events (a message
// accepted, a recipient refused) travel beside them in each engine's own event variant.
#pragma once
#include <string>
#include <vector>

#include "protocols/label.hpp"
#include "protocols/time.hpp"

namespace protocols {

// A server parsed a complete command from its peer.
struct CommandReceived {
  Proto proto = Proto::RAW;
  std::string verb;  // upper-case verb: "MAIL", "RETR", "FETCH", "GET"
  std::string line;  // the command line without CR LF (a password is kept: the wire is plain text)
  std::string tag;   // IMAP tag, empty otherwise
};

// A server emitted a complete reply.
struct ReplySent {
  Proto proto = Proto::RAW;
  int code = 0;                    // SMTP 3-digit code; HTTP status; 0 where the protocol has none
  std::string enhanced;            // RFC 3463 "2.1.0" when present
  std::string status;              // POP3 "+OK"/"-ERR"; IMAP "OK"/"NO"/"BAD"/"*"; empty otherwise
  std::string tag;                 // IMAP tag or "*"
  std::vector<std::string> lines;  // reply lines without CR LF
};

// The session moved from one RFC state to another.
struct StateChanged {
  Proto proto = Proto::RAW;
  std::string from;
  std::string to;
};

// The peer broke a protocol rule; the session answered with the protocol's error and goes on.
struct PeerViolation {
  Proto proto = Proto::RAW;
  std::string what;
};

// Both ends agreed to start TLS on the connection (SMTP STARTTLS, RFC 3207; POP3 STLS and
// IMAP STARTTLS, RFC 2595): every byte after the agreeing reply is TLS. The host puts a TLS
// stage under the engine and tells it handle_tls_established() when the handshake is done.
struct TlsUpgradeAgreed {
  Proto proto = Proto::RAW;
};

}  // namespace protocols
