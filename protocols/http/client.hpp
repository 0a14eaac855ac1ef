// HTTP/1.1 client connection as a sans-IO engine (docs/engines.md): it writes queued
// requests (RFC 9112 §3, with Content-Length framing) and parses the responses (§4 status
// line, §5 fields, §6.3 message body length: no content for HEAD, 1xx, 204 and 304;
// chunked (§7.1); Content-Length; otherwise until the server closes). Interim 1xx
// responses are skipped (RFC 9110 §15.2). Requests go one at a time by default; with
// `pipeline` every queued request is written at once and responses are matched in order
// (§9.3.2). "Connection: close" in a response ends the connection after it (§9.6).
// send_raw() writes bytes as given, for lessons that send a malformed request on purpose.
// Leaves out: retrying requests after a closed connection (the host opens a new one and
// reads unsent() back), content codings, 101 upgrades, chunked request bodies.
#pragma once
#include <cstddef>
#include <deque>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "protocols/http/chunked.hpp"
#include "protocols/http/head_parser.hpp"
#include "protocols/http/message.hpp"
#include "protocols/http/timers.hpp"
#include "protocols/session_events.hpp"
#include "protocols/transmit.hpp"

namespace protocols::http {

struct ClientConfig {
  HeadLimits limits{8 * 1024, 64 * 1024, true};  // responses may carry obs-fold (RFC 9112 §5.2)
  std::size_t max_body = 64 * 1024 * 1024;
  Duration response_timeout = kClientTimers[0].duration;
  bool pipeline = false;
};

// A complete final response, matched to the request it answers.
struct ResponseReceived {
  std::string request_line;  // "GET /inbox HTTP/1.1" (or the first line of a raw request)
  std::string version;
  int status = 0;
  std::string reason;
  Headers headers;
  std::string body;  // chunked framing removed
};

// The response timer fired with a request unanswered; the connection is given up.
struct ResponseTimedOut {
  std::string request_line;
};

class Client {
 public:
  using Event = std::variant<CommandReceived, ReplySent, StateChanged, PeerViolation, ResponseReceived,
                             ResponseTimedOut>;

  explicit Client(ClientConfig config = {}) : config_(config) {}

  // Queues a request; it is written once connected (and, without pipelining, once every
  // earlier response has arrived). Content-Length is added for a body. `now` starts the
  // response timer when the request is written at once.
  void send(Request request, Instant now);
  // Queues bytes as given (for lessons: a malformed request on purpose). One response is
  // expected for them; the label is their first line.
  void send_raw(std::string bytes, Instant now);
  // Close once every queued request has been answered.
  void finish() { finish_ = true; }

  void handle_connected(Instant now);
  void handle_bytes(std::string_view bytes, Instant now);
  void handle_eof(Instant now);
  void handle_timeout(Instant now);

  std::optional<Transmit> poll_transmit();
  std::optional<Event> poll_event();
  std::optional<Instant> poll_timeout() const { return timers_.earliest(); }
  bool wants_close() const;

  // Nothing queued, nothing awaiting a response.
  bool idle() const { return queue_.empty() && sent_.empty(); }
  // Requests queued but never written (after the connection ended early).
  std::vector<std::string> unsent() const;

 private:
  struct Outgoing {
    std::string line;  // request line (label and ResponseReceived.request_line)
    bool head = false; // HEAD: the response has no content
    std::string head_bytes;
    std::string body;
    std::string body_label;
  };
  enum class Body : std::uint8_t { None, Length, Chunked, UntilClose };
  void write_ready(Instant now);
  bool read_head(Instant now);
  bool read_body();
  void complete(Instant now);
  void fail(const std::string& why);

  ClientConfig config_;
  TimerTable<ClientTimer> timers_;
  std::deque<Outgoing> queue_;  // not yet written
  std::deque<Outgoing> sent_;   // written, awaiting a response
  bool connected_ = false;
  bool finish_ = false;
  bool closed_ = false;       // the connection is over (close, error, timeout, EOF)
  bool close_after_ = false;  // the response being read said Connection: close

  std::string buf_;
  std::size_t scan_ = 0;
  bool in_body_ = false;
  Body body_kind_ = Body::None;
  std::size_t body_remaining_ = 0;
  std::optional<ChunkedDecoder> chunked_;
  ResponseReceived current_;

  std::deque<Transmit> out_;
  std::deque<Event> events_;
};

}  // namespace protocols::http
