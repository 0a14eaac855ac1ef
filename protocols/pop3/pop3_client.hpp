// POP3 client engine (sans-IO, docs/engines.md) running one mail-fetch job: greeting, CAPA
// (RFC 2449 §5), USER/PASS or APOP (RFC 1939 §7), STAT, UIDL, LIST, then for each message
// optionally TOP n (headers for a list view), RETR, and DELE according to the mode:
//   download-and-delete: every message is downloaded and deleted;
//   download-and-keep: messages stay on the server; only UIDs not seen before are
//   downloaded; with keep_for, a message first seen at least that long ago is deleted.
// The seen-UID memory is plain data the host owns: passed in, taken back with memory().
// Leaves out: AUTH/SASL, STLS, pipelining (one command in flight at a time).
#pragma once
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "protocols/pop3/pop3_types.hpp"
#include "protocols/session_events.hpp"
#include "protocols/transmit.hpp"

namespace protocols::pop3 {

enum class Mode : std::uint8_t { DownloadAndDelete, DownloadAndKeep };
std::string_view to_string(Mode m);

struct ClientJob {
  std::string user;
  std::string password;
  bool use_apop = false;
  Mode mode = Mode::DownloadAndDelete;
  std::optional<Duration> keep_for;  // download-and-keep: delete once first seen this long ago
  bool list_with_top = false;        // TOP n <top_lines> for each message before RETR
  unsigned top_lines = 0;
  bool retrieve = true;              // false: list only (with TOP), download no bodies
};

// UIDL unique-id -> when this client first saw it (RFC 1939 §7 UIDL).
struct SeenMemory {
  std::map<std::string, Instant> first_seen;
  bool operator==(const SeenMemory&) const = default;
};

struct ReplyReceived {
  bool ok = false;
  std::string command;  // the command line it answers
  std::string line;     // the status line
  std::size_t body_lines = 0;
};
struct HeadersFetched {
  unsigned number = 0;
  std::string uid;
  std::string text;  // unstuffed, CR LF line ends
};
struct MessageDownloaded {
  unsigned number = 0;
  std::string uid;
  std::string bytes;  // unstuffed, CR LF line ends
};
struct MessageDeleted {
  unsigned number = 0;
  std::string uid;
};
struct JobFinished {
  bool ok = false;
  std::string reason;
  std::size_t downloaded = 0;
  std::size_t deleted = 0;   // DELE answered +OK (removed only if QUIT was, RFC 1939 §6)
  bool connection_lost = false;  // ended by the connection closing, not by a reply
};

using ClientEvent = std::variant<StateChanged, PeerViolation, ReplyReceived, HeadersFetched, MessageDownloaded,
                                 MessageDeleted, JobFinished>;

class Client {
 public:
  explicit Client(ClientJob job, SeenMemory memory = {});

  void handle_connected(Instant now);
  void handle_bytes(std::string_view bytes, Instant now);
  void handle_eof(Instant now);
  void handle_timeout(Instant now);

  std::optional<Transmit> poll_transmit();
  std::optional<ClientEvent> poll_event();
  std::optional<Instant> poll_timeout() const { return std::nullopt; }
  bool wants_close() const { return done_; }

  // A line sent as is when no reply is outstanding (lessons send wrong commands on purpose).
  void send_raw(std::string line);

  State state() const { return state_; }
  const SeenMemory& memory() const { return memory_; }

 private:
  enum class Step : std::uint8_t { Greeting, Capa, User, Pass, Apop, Stat, Uidl, List, Top, Retr, Dele, Quit, Raw };
  struct Pending {
    Step step;
    std::string line;
    bool multiline = false;
    unsigned number = 0;
  };

  void queue(Step step, std::string line, bool multiline, unsigned number = 0);
  void send_next();
  void on_reply(bool ok, const std::string& status, const std::vector<std::string>& body, Instant now);
  void plan_messages(Instant now);
  void finish(bool ok, std::string reason, bool connection_lost = false);
  void set_state(State s);
  std::string uid_of(unsigned number) const;

  ClientJob job_;
  SeenMemory memory_;
  State state_ = State::Authorization;
  std::string timestamp_;
  std::deque<Pending> queue_;
  std::optional<Pending> in_flight_;
  std::vector<Pending> raw_;
  std::string inbuf_;
  std::optional<std::string> status_line_;  // multi-line reply being collected
  std::vector<std::string> body_;
  std::map<unsigned, std::string> uids_;      // from UIDL
  std::map<unsigned, std::size_t> sizes_;     // from LIST
  bool uidl_ok_ = false;
  std::vector<std::string> deleted_uids_;
  std::string failure_;  // why the job failed; QUIT is still sent
  std::size_t downloaded_ = 0, deleted_ = 0;
  bool finished_ = false;
  bool done_ = false;
  std::deque<Transmit> out_;
  std::deque<ClientEvent> events_;
};

}  // namespace protocols::pop3
