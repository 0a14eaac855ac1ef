// What a host tells an SMTP server session: the fixed settings (ServerConfig, plain data from
// the scenario) and the faults a student can switch on at any moment (FaultConfig), plus the
// greylisting memory that outlives one connection.
// Relay policy (never an open relay, RFC 5321 §7.1, RFC 6409 §4.3): a recipient in a local
// domain is accepted from anyone; any other recipient only from an authenticated client.
#pragma once
#include <cstddef>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "protocols/smtp/timers.hpp"

namespace protocols::smtp {

// RFC 6409 §3.1: port 587 is message submission (AUTH required); port 25 is relay (MTA to MTA).
enum class PortRole { Relay, Submission };

struct Account {
  std::string user;      // AUTH identity, e.g. "alice" or "alice@a.example"
  std::string password;
};

struct ServerConfig {
  std::string hostname = "mx.example";
  PortRole role = PortRole::Relay;
  std::vector<std::string> local_domains;  // lower-case
  std::vector<std::string> local_users;    // mailboxes that exist, "bob@b.example"
  std::vector<Account> accounts;           // for AUTH PLAIN / LOGIN
  std::size_t max_message_size = 10 * 1024 * 1024;  // RFC 1870 SIZE, bytes of unstuffed data
  std::size_t max_recipients = 100;        // RFC 5321 §4.5.3.1.8: at least 100
  Duration command_timeout = kServerTimers[0].duration;  // RFC 5321 §4.5.3.2.7
  Duration data_timeout = kServerTimers[1].duration;
  // RFC 5321 §4.5.3.1.6: a text line of the message is at most 998 octets before its CR LF
  // (that least is also this setting's floor); a longer line gets 500 5.5.2 at the final ".".
  std::size_t max_line_length = 998;
  bool tolerate_bare_lf = true;            // accept LF alone as a line end (noted as a violation)
  // EHLO keywords that can be switched off to show an older server: without 8BITMIME a
  // client down-converts 8-bit bodies (RFC 6152 §3); without SMTPUTF8, UTF-8 addresses and
  // header fields cannot be sent (RFC 6531 §3.2). A switched-off keyword's MAIL parameter
  // (BODY=, SMTPUTF8) is refused with 555 like any unknown one (RFC 5321 §4.1.1.11).
  bool advertise_8bitmime = true;
  bool advertise_smtputf8 = true;
  std::string greeting_text = "ESMTP MailSim";
  // Limits of a server on a real port (0: none). Past max_commands command lines on one
  // connection the server answers 421 4.7.0 and closes (RFC 5321 §3.8 lets it close with
  // 421 at any time); a host whose cap on simultaneous sessions is reached sets
  // over_connection_limit and the session greets with 421 4.7.0 and closes (§3.1).
  std::size_t max_commands = 0;
  bool over_connection_limit = false;
  // RFC 3207: offer STARTTLS (the host must then be able to put TLS under the session);
  // with auth_requires_tls, AUTH is neither offered nor accepted before TLS (§4.1 allows a
  // server to demand TLS first: 530 5.7.0 Must issue a STARTTLS command first).
  bool starttls = false;
  bool auth_requires_tls = false;
};

// The phase a forced reply replaces (the fault panel's "answer 421/451/452/550/552 at ...").
enum class FaultPhase { Greeting, Ehlo, Mail, Rcpt, Data, Dot };
std::string_view to_string(FaultPhase p);

struct ForcedReply {
  FaultPhase phase = FaultPhase::Mail;
  int code = 451;  // text and enhanced code come from the reply catalogue
};

struct FaultConfig {
  bool hang = false;                 // accept TCP but never greet nor answer
  std::vector<ForcedReply> forced;   // the first matching phase wins
  bool greylisting = false;          // 451 4.7.1 on the first try of each (sender, recipient)
  bool disk_full = false;            // 452 4.3.1 at MAIL, RCPT and end of data
};

// Triplet memory of a greylisting server (sender, recipient; the client IP is left out so a
// retry from another MX host passes). Owned by the host so it outlives a session.
class Greylist {
 public:
  // True the first time a pair is seen (the caller answers 451), false afterwards.
  bool first_attempt(const std::string& sender, const std::string& rcpt) {
    return seen_.insert({sender, rcpt}).second;
  }
  std::size_t size() const { return seen_.size(); }

 private:
  std::set<std::pair<std::string, std::string>> seen_;
};

}  // namespace protocols::smtp
