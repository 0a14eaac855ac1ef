// POP3 server engine (sans-IO, docs/engines.md): RFC 1939 in full — greeting with an APOP
// timestamp (§4, §7), USER/PASS (§7), APOP (§7), STAT, LIST, RETR, DELE, NOOP, RSET (§5),
// QUIT and the UPDATE state (§6), TOP and UIDL (§7), byte-stuffed multi-line responses
// (§3), the autologout timer (§3) and exclusive maildrop access (§8); RFC 2449 CAPA, line
// lengths (§4) and response codes [IN-USE] (§8.1.2), plus [AUTH] (RFC 3206).
// The maildrop is one folder of a user in the shared store. Leaves out: AUTH/SASL (RFC 1734,
// 5034), STLS (RFC 2595), LOGIN-DELAY and EXPIRE policies (RFC 2449 §6.5-6.6).
#pragma once
#include <array>
#include <chrono>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "protocols/pop3/pop3_types.hpp"
#include "protocols/session_events.hpp"
#include "protocols/store/store.hpp"
#include "protocols/transmit.hpp"

namespace protocols::pop3 {

struct ServerConfig {
  std::string hostname = "pop.example";
  // The APOP timestamp in the greeting, e.g. "<1896.697170952@dbc.mtview.ca.us>". Empty:
  // "<seconds.nanoseconds@hostname>" of the connection time (deterministic, unique per time).
  std::string apop_timestamp;
  std::string folder = "INBOX";
  Duration autologout = std::chrono::minutes(10);  // RFC 1939 §3: at least 10 minutes
  std::size_t max_command_line = kMaxCommandLine;
  bool allow_user_pass = true;
  bool allow_apop = true;
  // Limits of a server on a real port (0: none). Past max_commands lines on one connection
  // the server answers "-ERR [SYS/TEMP] too many commands" (RFC 3206 §4) and closes without
  // UPDATE; a host whose cap on simultaneous sessions is reached sets over_connection_limit
  // and the session greets with "-ERR [SYS/TEMP] too many connections" and closes.
  std::size_t max_commands = 0;
  bool over_connection_limit = false;
};

struct Authenticated {
  std::string user;
  std::string mechanism;  // "USER/PASS" or "APOP"
};
struct AuthenticationFailed {
  std::string user;
  std::string mechanism;
  std::string reason;
};
struct MessageRetrieved {
  unsigned number = 0;
  std::uint32_t uid = 0;
  std::size_t bytes = 0;
  bool top = false;  // TOP rather than RETR
};
struct StoreChanged {
  store::Change change;
};
struct AutologoutExpired {};

using ServerEvent = std::variant<CommandReceived, ReplySent, StateChanged, PeerViolation, Authenticated,
                                 AuthenticationFailed, MessageRetrieved, StoreChanged, AutologoutExpired>;

class Server {
 public:
  Server(store::Store& store, ServerConfig config);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  void handle_connected(Instant now);
  void handle_bytes(std::string_view bytes, Instant now);
  void handle_eof(Instant now);
  void handle_timeout(Instant now);

  std::optional<Transmit> poll_transmit();
  std::optional<ServerEvent> poll_event();
  std::optional<Instant> poll_timeout() const;
  bool wants_close() const { return closing_; }

  State state() const { return state_; }

  // The command table as data (verb, the states it is valid in), so a view can draw the
  // state diagram from the same table the server dispatches with.
  struct CommandSpec {
    std::string_view verb;
    std::vector<State> states;
  };
  static std::vector<CommandSpec> command_specs();
  const std::string& timestamp() const { return timestamp_; }

  // A reply before framing: status line text and, for multi-line replies, the body.
  struct Reply {
    bool ok = true;
    std::string text;
    bool multiline = false;
    std::string body;  // unstuffed; byte-stuffed when sent
  };

 private:
  struct Entry {
    std::uint32_t uid = 0;
    std::shared_ptr<const std::string> raw;  // CR LF line ends
    bool deleted = false;
  };
  struct Command;
  using Handler = Reply (Server::*)(const std::vector<std::string>& args, Instant now);

  void process_line(std::string_view line, Instant now);
  void send_reply(const Reply& r);
  void set_state(State s);
  void close_session();
  Reply begin_transaction(const std::string& user, const std::string& mechanism);
  Entry* message(const std::string& arg, Reply& error);
  std::string unique_id(const Entry& e) const;

  Reply cmd_user(const std::vector<std::string>& a, Instant now);
  Reply cmd_pass(const std::vector<std::string>& a, Instant now);
  Reply cmd_apop(const std::vector<std::string>& a, Instant now);
  Reply cmd_capa(const std::vector<std::string>& a, Instant now);
  Reply cmd_stat(const std::vector<std::string>& a, Instant now);
  Reply cmd_list(const std::vector<std::string>& a, Instant now);
  Reply cmd_retr(const std::vector<std::string>& a, Instant now);
  Reply cmd_top(const std::vector<std::string>& a, Instant now);
  Reply cmd_dele(const std::vector<std::string>& a, Instant now);
  Reply cmd_noop(const std::vector<std::string>& a, Instant now);
  Reply cmd_rset(const std::vector<std::string>& a, Instant now);
  Reply cmd_uidl(const std::vector<std::string>& a, Instant now);
  Reply cmd_quit(const std::vector<std::string>& a, Instant now);
  static const std::vector<Command>& commands();

  store::Store& store_;
  ServerConfig config_;
  State state_ = State::Authorization;
  std::string timestamp_;
  std::string pending_user_;
  std::string user_;
  std::optional<std::uint64_t> lock_;
  std::uint32_t uidvalidity_ = 0;
  std::vector<Entry> entries_;
  std::string inbuf_;
  bool discarding_ = false;  // inside an over-long line: drop up to its LF
  bool closing_ = false;
  std::size_t commands_ = 0;  // lines so far (ServerConfig::max_commands)
  std::array<std::optional<Instant>, 1> timers_{};
  std::deque<Transmit> out_;
  std::deque<ServerEvent> events_;
};

}  // namespace protocols::pop3
