// SMTP server session as a sans-IO engine (docs/engines.md): RFC 5321 §3-§4 with the ESMTP
// extensions SIZE (RFC 1870), 8BITMIME (RFC 6152), PIPELINING (RFC 2920),
// ENHANCEDSTATUSCODES (RFC 2034/3463), SMTPUTF8 (RFC 6531) and, on the submission port,
// AUTH PLAIN/LOGIN (RFC 4954, RFC 4616). Faults (hang, forced replies, greylisting, disk
// full) come from FaultConfig, which the host may change at any moment.
// STARTTLS (RFC 3207) when the config offers it: the session agrees (TlsUpgradeAgreed), the
// host runs the handshake below it and calls handle_tls_established(), and the session
// starts over from the greeting state (§4.2), no longer offering STARTTLS.
// Leaves out: CHUNKING/BDAT, DSN parameters, VRFY/EXPN answers (VRFY gives 252,
// EXPN 502), real greylisting delays.
#pragma once
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocols/smtp/reply.hpp"
#include "protocols/smtp/server_config.hpp"
#include "protocols/smtp/server_events.hpp"
#include "protocols/smtp/timers.hpp"
#include "protocols/transmit.hpp"

namespace protocols::smtp {

// RFC 5321 names no formal states; these follow its prose (§3.1 session initiation, §3.2
// client initiation, §3.3 mail transaction, §4.1.1.4 DATA, §3.8 termination).
enum class ServerState : std::uint8_t {
  Connected,  // TCP up, no greeting sent yet (or never, when hung)
  Greeted,    // 220 sent, awaiting EHLO/HELO (§3.1)
  Ready,      // session open, no mail transaction (§4.1.4 "initial state")
  Auth,       // AUTH exchange, 334 sent, awaiting the client's response (RFC 4954 §4)
  Mail,       // MAIL accepted, no recipient accepted yet (§3.3)
  Rcpt,       // at least one recipient accepted (§3.3)
  Data,       // 354 sent, receiving message data (§4.1.1.4)
  DataDone,   // final "." received, awaiting the host's accept/reject
  Tls,        // 220 sent to STARTTLS: the TLS handshake runs below (RFC 3207 §4)
  Closed,     // 221 or 421 sent, or the peer closed
};
std::string_view to_string(ServerState s);

// The server's command table as data (verb and the states where it is in sequence), so the
// front end can draw the state diagram from the table the engine really uses.
struct CommandRule {
  std::string_view verb;
  std::vector<ServerState> allowed;
};
std::vector<CommandRule> server_command_rules();

class Server {
 public:
  // `greylist` may be shared by the host across sessions; when null the session keeps its own.
  explicit Server(ServerConfig config, std::string client_ip = {}, Greylist* greylist = nullptr);

  void set_faults(FaultConfig faults) { faults_ = std::move(faults); }
  const FaultConfig& faults() const { return faults_; }

  void handle_connected(Instant now);
  void handle_bytes(std::string_view bytes, Instant now);
  void handle_eof(Instant now);
  void handle_timeout(Instant now);
  void shutdown(Instant now);  // the host is going down: 421 4.3.2 and close
  // The TLS handshake the session agreed to is done: RFC 3207 §4.2, start over (EHLO again).
  void handle_tls_established(Instant now);
  bool tls_active() const { return tls_active_; }

  // Exactly once after each MessageReceived: the message is safe ("250 2.0.0 Ok: queued as ID")
  // or refused (the given reply, e.g. 451 4.3.0 or 554 5.6.0). If the client has gone in the
  // meantime nothing is sent; an accepted message then stays accepted (the client will
  // retry it: a possible duplicate, RFC 1047, which is the safe side).
  void accept_message(std::string queue_id, Instant now);
  void reject_message(Reply reply, Instant now);

  std::optional<Transmit> poll_transmit();
  std::optional<ServerEvent> poll_event();
  std::optional<Instant> poll_timeout() const;
  bool wants_close() const { return state_ == ServerState::Closed; }

  ServerState state() const { return state_; }
  const Envelope& envelope() const { return envelope_; }
  const ServerConfig& config() const { return config_; }

 private:
  friend struct CommandTable;
  enum class AuthStep : std::uint8_t { None, PlainResponse, LoginUser, LoginPassword };

  // server.cpp: input loop, data, replies, timers
  void process(Instant now);
  bool too_many_commands();  // counts a command line; true once past the limit (421 sent)
  void on_invalid_line(const std::string& reason);
  void on_data_line(std::string_view line, Instant now);
  void end_of_data(Instant now);
  void send_reply(Reply r);
  void set_state(ServerState s);
  void reset_transaction();
  void rearm(Instant now);
  void violation(std::string what);
  std::optional<Reply> forced(FaultPhase phase) const;
  Reply catalogue_reply(int code) const;

  // server_commands.cpp: dispatch and command handlers
  void on_command_line(std::string_view line, Instant now);
  Reply bad_helo_argument(std::string_view verb);  // 501 5.5.4 for a control character
  Reply cmd_helo(std::string_view args);
  Reply cmd_ehlo(std::string_view args);
  Reply cmd_mail(std::string_view args);
  Reply cmd_rcpt(std::string_view args);
  Reply cmd_data(std::string_view args);
  Reply cmd_rset(std::string_view args);
  Reply cmd_noop(std::string_view args);
  Reply cmd_vrfy(std::string_view args);
  Reply cmd_help(std::string_view args);
  Reply cmd_quit(std::string_view args);
  Reply cmd_auth(std::string_view args);
  Reply cmd_starttls(std::string_view args);
  Reply cmd_not_implemented(std::string_view args);
  Reply sequence_error(std::string_view verb) const;
  static std::string_view find_syntax(std::string_view verb);
  std::optional<Reply> check_mail_params(const std::vector<std::pair<std::string, std::string>>& p);
  Reply rcpt_policy(const std::string& rcpt);

  // server_auth.cpp: RFC 4954 exchange
  void on_auth_line(std::string_view line);
  Reply finish_plain(std::string_view decoded);
  Reply check_credentials(const std::string& user, const std::string& password,
                          std::string_view mechanism);

  ServerConfig config_;
  FaultConfig faults_;
  std::string client_ip_;
  Greylist own_greylist_;
  Greylist* external_greylist_;  // the host's, or null
  Greylist& greylist() { return external_greylist_ ? *external_greylist_ : own_greylist_; }

  ServerState state_ = ServerState::Connected;
  std::string in_;
  bool discarding_ = false;     // skipping the rest of an over-long line
  bool helo_only_ = false;      // HELO, not EHLO: no ESMTP, no enhanced codes (RFC 2034 §3)
  bool no_service_ = false;     // greeted with 554: only QUIT works (RFC 5321 §3.1)
  bool greeted_ = false;
  std::size_t commands_ = 0;    // command lines so far (ServerConfig::max_commands)
  bool closing_ = false;
  bool starting_tls_ = false;   // STARTTLS answered 220: the rest of the input is discarded
  bool tls_active_ = false;
  bool awaiting_decision_ = false;  // MessageReceived emitted, no accept/reject yet        // QUIT answered: close after the 221
  Envelope envelope_;
  std::size_t rcpt_attempts_ = 0;
  std::string data_;
  std::size_t data_size_ = 0;
  bool data_line_too_long_ = false;
  AuthStep auth_step_ = AuthStep::None;
  std::string auth_login_user_;
  std::string authenticated_user_;

  TimerTable<ServerTimer> timers_;
  std::deque<Transmit> transmits_;
  std::deque<ServerEvent> events_;
};

}  // namespace protocols::smtp
