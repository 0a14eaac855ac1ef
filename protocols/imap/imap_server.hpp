// IMAP4rev1 server engine (sans-IO, docs/engines.md), RFC 3501: greeting (§7.1.1), the four
// states (§3) with one set_state(), the command table (§6: CAPABILITY NOOP LOGOUT LOGIN
// SELECT EXAMINE CREATE DELETE RENAME SUBSCRIBE UNSUBSCRIBE LIST LSUB STATUS APPEND CHECK
// CLOSE EXPUNGE SEARCH FETCH STORE COPY UID), untagged updates from other sessions' changes
// on the shared store (§7.3.1 EXISTS, §7.3.2 RECENT, §7.4.1 EXPUNGE — never during FETCH,
// STORE or SEARCH — and §7.4.2 FETCH FLAGS), the autologout timer (§5.4); extensions IDLE
// (RFC 2177), UIDPLUS (RFC 4315: APPENDUID, COPYUID, UID EXPUNGE), MOVE (RFC 6851),
// NAMESPACE (RFC 2342), LITERAL+ (RFC 7888); AUTHENTICATE PLAIN (RFC 4616, with SASL-IR,
// RFC 4959), ID (RFC 2971) and ENABLE (RFC 5161) are in imap_session_extensions.cpp. FETCH
// is in imap_fetch.cpp, SEARCH in imap_search.cpp. Malformed input gets BAD, failures NO;
// the session goes on.
// Leaves out: STARTTLS and LOGINDISABLED, SASL mechanisms other than PLAIN, mailbox name
// UTF-7, \Noselect, CONDSTORE/QRESYNC (so ENABLE enables nothing).
#pragma once
#include <array>
#include <chrono>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include "protocols/imap/imap_parser.hpp"
#include "protocols/imap/imap_types.hpp"
#include "protocols/session_events.hpp"
#include "protocols/store/store.hpp"
#include "protocols/transmit.hpp"

namespace protocols::imap {

// A FETCH answers in parts of about this many bytes (at least one message each): the host
// asks for the next part (handle_writable) once the connection has room, so a client that
// pipelines FETCH 1:* and never reads does not make the server build the mailbox in memory.
// Commands that come meanwhile wait their turn (RFC 3501 §5.5 lets a server run them in order).
constexpr std::size_t kFetchBudget = 256 * 1024;

struct ServerConfig {
  std::string hostname = "imap.example";
  Duration autologout = std::chrono::minutes(30);  // RFC 3501 §5.4: at least 30 minutes
  Limits limits;
  // Limits of a server on a real port (0: none). Past max_commands commands on one
  // connection the server sends "* BYE too many commands" and closes (RFC 3501 §7.1.5); a
  // host whose cap on simultaneous sessions is reached sets over_connection_limit and the
  // greeting is "* BYE too many connections" (§7.1.1: the server refuses the connection).
  std::size_t max_commands = 0;
  bool over_connection_limit = false;
  // The moment the store's Instant zero stands for, as Unix seconds: a simulated server's
  // store counts from the start of the run, and INTERNALDATE, APPEND's date and SEARCH's
  // SINCE/BEFORE/ON speak calendar time. 0: the store's instants are Unix time already.
  std::int64_t epoch_unix = 0;
};

struct Authenticated {
  std::string user;
};
struct AuthenticationFailed {
  std::string user;
  std::string reason;
};
struct MailboxSelected {
  std::string folder;
  bool read_only = false;
};
struct StoreChanged {
  store::Change change;
};
struct IdleStarted {};
struct IdleEnded {};
struct AutologoutExpired {};

using ServerEvent = std::variant<CommandReceived, ReplySent, StateChanged, PeerViolation, Authenticated,
                                 AuthenticationFailed, MailboxSelected, StoreChanged, IdleStarted, IdleEnded,
                                 AutologoutExpired>;

class Server {
 public:
  Server(store::Store& store, ServerConfig config);

  void handle_connected(Instant now);
  void handle_bytes(std::string_view bytes, Instant now);
  void handle_eof(Instant now);
  void handle_timeout(Instant now);
  // The host calls this after any session changed the store: an IDLE session reports the
  // changes at once (RFC 2177); others report them after their next command.
  void handle_store_changed(Instant now);

  std::optional<Transmit> poll_transmit();
  std::optional<ServerEvent> poll_event();
  // A command's answer is not complete yet: call handle_writable when there is room for more.
  bool has_more() const { return fetch_job_ && !closing_; }
  void handle_writable(Instant now);
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

  struct Request {
    std::string tag;
    std::string verb;       // upper-case; for UID commands the verb after UID
    std::vector<Value> args;  // after the verb
    bool uid = false;
    Instant now{};
  };
  struct Reply {
    std::string status = "OK";  // OK, NO, BAD
    std::string text;           // may start with a [response code]
  };

 private:
  struct Command;
  using Handler = Reply (Server::*)(Request& r);

  // The selected mailbox as this session last reported it (sequence numbers are positions).
  struct View {
    std::string folder;
    bool read_only = false;
    std::uint32_t uidvalidity = 0;
    std::vector<std::uint32_t> uids;
    std::map<std::uint32_t, store::Flags> flags;
    std::set<std::uint32_t> recent;
    std::uint32_t recent_from = 0;  // UIDs >= this are \Recent for this session
    std::uint64_t modseq = 0;
  };

  struct FetchJob;  // imap_fetch.cpp
  void run_commands(Instant now);
  void process(const std::string& command, Instant now);
  void finish(const std::string& tag, bool uid, const std::string& verb, const Reply& reply);
  bool fetch_some(FetchJob& job);  // false: more remain
  std::size_t fetch_one(FetchJob& job, std::size_t seq);  // the bytes it wrote, about
  void untagged(std::string text);
  void tagged(const std::string& tag, const Reply& r);
  void continuation(std::string text);
  void set_state(State s);
  void sync(bool allow_expunge);
  void deselect();
  void record(const store::Outcome& o);
  std::vector<std::size_t> resolve(const Value& set, bool uid, std::string& error) const;
  std::string flags_response(std::size_t seq, bool with_uid) const;
  bool read_write() const { return view_ && !view_->read_only; }
  const store::Folder* folder() const;

  Reply cmd_capability(Request& r);
  Reply cmd_noop(Request& r);
  Reply cmd_logout(Request& r);
  Reply cmd_login(Request& r);
  Reply cmd_authenticate(Request& r);  // imap_session_extensions.cpp: AUTHENTICATE, ID, ENABLE
  Reply cmd_id(Request& r);
  Reply cmd_enable(Request& r);
  void sasl_response(const std::string& line);  // the client's line after "+ " (RFC 3501 §6.2.2)
  Reply sasl_plain(std::string_view message);   // RFC 4616 §2: [authzid] NUL authcid NUL passwd
  Reply cmd_select(Request& r);
  Reply cmd_create(Request& r);     // imap_mailbox.cpp: CREATE through APPEND, NAMESPACE
  Reply cmd_delete(Request& r);
  Reply cmd_rename(Request& r);
  Reply cmd_subscribe(Request& r);
  Reply cmd_list(Request& r);
  Reply cmd_status(Request& r);
  Reply cmd_append(Request& r);
  Reply cmd_check(Request& r);
  Reply cmd_close(Request& r);
  Reply cmd_expunge(Request& r);
  Reply cmd_search(Request& r);   // imap_search.cpp
  Reply cmd_fetch(Request& r);    // imap_fetch.cpp
  Reply cmd_store(Request& r);
  Reply cmd_copy(Request& r);     // COPY and MOVE
  Reply cmd_idle(Request& r);
  Reply cmd_namespace(Request& r);
  static const std::vector<Command>& commands();
  // A flag list or single flags from args[from...]; nullopt for \Recent or a bad atom.
  static std::optional<store::Flags> flag_list(const std::vector<Value>& values, std::size_t from);

  store::Store& store_;
  ServerConfig config_;
  State state_ = State::NotAuthenticated;
  std::string user_;
  std::optional<View> view_;
  std::optional<std::string> idle_tag_;
  std::optional<std::string> auth_tag_;  // AUTHENTICATE waiting for the client's response line
  CommandReader reader_;
  bool closing_ = false;
  std::size_t commands_ = 0;  // commands so far (ServerConfig::max_commands)
  std::array<std::optional<Instant>, 1> timers_{};
  std::shared_ptr<FetchJob> fetch_job_;  // a FETCH answered in parts, not finished yet
  std::deque<Transmit> out_;
  std::deque<ServerEvent> events_;
};

}  // namespace protocols::imap
