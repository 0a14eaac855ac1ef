// SMTP client session as a sans-IO engine (docs/engines.md): delivers one ClientJob —
// greeting, EHLO (HELO fallback, RFC 5321 §4.1.4), AUTH PLAIN (RFC 4954, RFC 4616), MAIL
// with SIZE/BODY/SMTPUTF8, RCPT per recipient, DATA with dot-stuffing (§4.5.2), QUIT —
// pipelined when the server offers PIPELINING (RFC 2920 §3.1), with the client timeouts of
// RFC 5321 §4.5.3.2. send_raw() lets lessons and the telnet console type any line.
// An 8-bit message goes with BODY=8BITMIME when offered, else down-converted to 7 bit
// (RFC 6152 §3, protocols/message/downgrade.hpp); 8-bit header fields need SMTPUTF8, and
// without it the recipients fail with 554 5.6.3 before MAIL is sent.
// STARTTLS (RFC 3207) by the job's policy: opportunistic (when offered, else in clear) or
// required (never in clear: the session fails with reason "tls"); after the handshake the
// host calls handle_tls_established() and the client says EHLO again (§4.2).
// Leaves out: CHUNKING, DSN parameters, several messages per session, AUTH LOGIN
// on the client side (the server supports it).
#pragma once
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocols/smtp/client_events.hpp"
#include "protocols/smtp/timers.hpp"
#include "protocols/tls_policy.hpp"
#include "protocols/transmit.hpp"

namespace protocols::smtp {

using protocols::TlsPolicy;

struct ClientJob {
  std::string helo_name = "client.example";
  std::optional<std::string> auth_user;  // AUTH PLAIN when set and offered
  std::string auth_password;
  std::string mail_from;                 // empty: the null reverse-path "<>" (bounces)
  std::vector<std::string> rcpts;
  std::string data;                      // the message (RFC 5322), unstuffed; LF or CR LF
  bool prefer_ehlo = true;
  bool interactive = false;              // lessons/telnet: only send_raw() lines are sent
  TlsPolicy tls = TlsPolicy::None;
};

class Client {
 public:
  explicit Client(ClientJob job);

  void handle_connected(Instant now);
  void handle_bytes(std::string_view bytes, Instant now);
  void handle_eof(Instant now);
  void handle_timeout(Instant now);
  // Sends one line as typed (CR LF added). Its reply is reported as ReplyReceived{"raw"}.
  void send_raw(std::string_view line, Instant now);
  // The TLS handshake the session agreed to is done (RFC 3207 §4.2: EHLO again), or failed.
  void handle_tls_established(Instant now);
  void handle_tls_failed(Instant now);
  bool tls_active() const { return tls_active_; }

  std::optional<Transmit> poll_transmit();
  std::optional<ClientEvent> poll_event();
  std::optional<Instant> poll_timeout() const { return timers_.earliest(); }
  bool wants_close() const { return state_ == ClientState::Closed; }

  ClientState state() const { return state_; }
  const std::vector<std::string>& extensions() const { return extensions_; }
  bool has_extension(std::string_view keyword) const;

 private:
  enum class Kind : std::uint8_t { Greeting, Ehlo, Helo, Auth, Mail, Rcpt, Data, Body, Quit, Raw, StartTls };
  struct Pending {
    Kind kind;
    std::size_t rcpt = 0;
    bool ignore = false;  // a pipelined reply whose outcome is already decided
  };

  void on_reply(const Reply& r, Instant now);
  void on_hello_reply(const Pending& p, const Reply& r, Instant now);
  void on_transaction_reply(const Pending& p, const Reply& r, Instant now);
  void after_hello(Instant now);
  bool start_tls_if_wanted(Instant now);
  void on_starttls_reply(const Reply& r, Instant now);
  void start_mail(Instant now);
  void send_rcpt(std::size_t i, Instant now);
  void send_body(Instant now);
  void send_command(std::string line, Kind kind, Instant now, std::size_t rcpt = 0);
  void send_quit(Instant now);
  void fail(ClientState phase, std::optional<Reply> reply, std::string reason);
  bool prepare_body(bool& utf8);
  std::vector<std::string> unresolved() const;
  void set_state(ClientState s);
  void rearm(Instant now);
  static ClientState state_of(Kind k);
  static ClientTimer timer_of(Kind k);

  ClientJob job_;
  ClientState state_ = ClientState::Idle;
  std::string in_;
  std::deque<Pending> pending_;
  std::vector<std::string> extensions_;
  bool pipelining_ = false;
  bool tls_tried_ = false;   // STARTTLS sent (or found not offered) in this session
  bool tls_active_ = false;
  bool mail_failed_ = false;
  bool finished_ = false;  // MessageResult or SessionFailed emitted
  bool quit_after_data_ = false;  // QUIT waits for a pipelined DATA's reply
  bool raw_data_ = false;  // a raw DATA got 354: raw lines are body lines until "."
  std::vector<std::string> accepted_;
  std::vector<bool> resolved_;  // per recipient: refused at RCPT (4xx/5xx)
  std::string body_;  // the message as sent: CR LF line ends, down-converted if need be
  bool eight_bit_ = false;  // body_ has a byte >= 0x80
  std::size_t rcpt_replies_ = 0;

  TimerTable<ClientTimer> timers_;
  std::deque<Transmit> transmits_;
  std::deque<ClientEvent> events_;
};

}  // namespace protocols::smtp
