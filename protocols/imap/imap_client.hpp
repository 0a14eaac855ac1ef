// IMAP4rev1 client engine (sans-IO, docs/engines.md). Runs a scripted list of commands, one
// in flight at a time: typed helpers (login, select, fetch, store, search, append, copy,
// move, idle/done, ...) that queue a command and return its tag, and send_raw() for a line
// sent as written. Reads responses with their literals (RFC 3501 §4.3, §7), sends literals
// after the server's "+" continuation or at once as {n+} when the server announced LITERAL+
// (RFC 7888), tracks the session state (RFC 3501 §3) and reports each response as an event.
// AUTHENTICATE PLAIN (RFC 4616) sends its response on the command line when the server
// announced SASL-IR (RFC 4959), else after the server's "+"; ID (RFC 2971) and ENABLE
// (RFC 5161) keep what the server answered (server_id(), enabled()).
// Leaves out: other SASL mechanisms, STARTTLS, pipelining several commands, a local cache.
#pragma once
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "protocols/imap/imap_parser.hpp"
#include "protocols/imap/imap_response.hpp"
#include "protocols/imap/imap_types.hpp"
#include "protocols/session_events.hpp"
#include "protocols/transmit.hpp"

namespace protocols::imap {

struct ClientConfig {
  std::string tag_prefix = "a";
  Limits limits{1024 * 1024, 64 * 1024 * 1024, 128 * 1024 * 1024, 64};  // responses: long BODYSTRUCTURE lines
};

// Every response the client parsed (untagged, tagged, continuation).
struct ResponseReceived {
  Response response;
};
// A tagged completion of one of our commands.
struct CommandCompleted {
  std::string tag;
  std::string command;  // the command line as sent (first line)
  std::string status;   // OK NO BAD
  std::string code;
  std::string text;
};
struct MessageFetched {
  std::uint32_t seq = 0;
  std::map<std::string, Value> items;  // "UID", "FLAGS", "BODY[1]", "RFC822.SIZE" ...
};
struct SearchResult {
  std::vector<std::uint32_t> numbers;
};
struct MailboxListed {
  std::vector<std::string> attributes;
  std::string delimiter;
  std::string name;
};
struct ClientIdling {};  // the server accepted IDLE ("+ idling")

using ClientEvent = std::variant<StateChanged, PeerViolation, ResponseReceived, CommandCompleted, MessageFetched,
                                 SearchResult, MailboxListed, ClientIdling>;

class Client {
 public:
  explicit Client(ClientConfig config = {});

  void handle_connected(Instant now);
  void handle_bytes(std::string_view bytes, Instant now);
  void handle_eof(Instant now);
  void handle_timeout(Instant now);

  std::optional<Transmit> poll_transmit();
  std::optional<ClientEvent> poll_event();
  std::optional<Instant> poll_timeout() const { return std::nullopt; }
  bool wants_close() const { return closed_; }

  State state() const { return state_; }
  bool drained() const { return commands_.empty() && !in_flight_; }  // nothing queued or in flight
  const std::vector<std::string>& capabilities() const { return capabilities_; }
  bool has_capability(std::string_view name) const;  // case-insensitive
  const std::map<std::string, std::string>& server_id() const { return server_id_; }  // from "* ID"
  const std::vector<std::string>& enabled() const { return enabled_; }                // from "* ENABLED"

  // Typed commands (RFC 3501 §6 and extensions); each returns the tag it will carry.
  std::string capability();
  std::string noop();
  std::string logout();
  std::string login(std::string_view user, std::string_view password);
  // AUTHENTICATE PLAIN; initial_response: on the command line if the server has SASL-IR.
  std::string authenticate_plain(std::string_view user, std::string_view password, bool initial_response = true);
  // ID with these field/value pairs, or ID NIL when there are none.
  std::string id(const std::vector<std::pair<std::string, std::string>>& fields = {});
  std::string enable(std::string_view capabilities);  // "CONDSTORE UTF8=ACCEPT"
  std::string select(std::string_view mailbox);
  std::string examine(std::string_view mailbox);
  std::string create(std::string_view mailbox);
  std::string remove(std::string_view mailbox);  // DELETE
  std::string rename(std::string_view from, std::string_view to);
  std::string subscribe(std::string_view mailbox);
  std::string unsubscribe(std::string_view mailbox);
  std::string list(std::string_view reference, std::string_view pattern);
  std::string lsub(std::string_view reference, std::string_view pattern);
  std::string status(std::string_view mailbox, std::string_view items);  // items: "(MESSAGES UNSEEN)"
  std::string append(std::string_view mailbox, std::string_view message, std::string_view flags = {});
  std::string check();
  std::string close();
  std::string expunge();
  std::string search(std::string_view criteria, bool uid = false);
  std::string fetch(std::string_view set, std::string_view items, bool uid = false);
  std::string store(std::string_view set, std::string_view item, std::string_view flags, bool uid = false);
  std::string copy(std::string_view set, std::string_view mailbox, bool uid = false);
  std::string move(std::string_view set, std::string_view mailbox, bool uid = false);
  std::string uid_expunge(std::string_view set);
  std::string namespace_();
  std::string idle();
  void done();  // ends IDLE (RFC 2177)
  // A whole line (tag included, if any) sent as written, in turn with the queued commands.
  void send_raw(std::string line);

 private:
  struct Pending {
    std::string tag;    // empty for raw lines
    std::string verb;
    std::string command;  // the whole command with literals, CR LF at the end
    std::string first;    // first line, for labels and events
    std::vector<std::string> chunks;  // split where a synchronizing literal waits for "+"
    std::size_t next_chunk = 0;
    bool idle = false;
    bool raw = false;  // from send_raw: sent as written
    std::string sasl;  // AUTHENTICATE: the base64 response to send
    bool sasl_ir = false;
  };

  std::string queue(std::string verb, std::string args);
  void send_next();
  void send_chunk();
  void on_response(const Response& r);
  void on_tagged(const Response& r);
  void set_state(State s);

  ClientConfig config_;
  State state_ = State::NotAuthenticated;
  CommandReader reader_;
  unsigned next_tag_ = 1;
  std::deque<Pending> commands_;
  std::optional<Pending> in_flight_;
  bool idling_ = false;
  bool done_wanted_ = false;
  bool greeted_ = false;
  bool closed_ = false;
  std::vector<std::string> capabilities_;
  std::map<std::string, std::string> server_id_;
  std::vector<std::string> enabled_;
  std::deque<Transmit> out_;
  std::deque<ClientEvent> events_;
};

}  // namespace protocols::imap
