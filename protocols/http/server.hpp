// HTTP/1.1 server connection as a sans-IO engine (docs/engines.md): it parses requests
// (RFC 9112 §2-§7), hands each one to the host as RequestReceived and waits for the host's
// respond(): the engine knows no application, and a host may need to do IMAP or SMTP work
// before it can answer. Persistent connections (§9.3: HTTP/1.1 keeps the connection open
// unless "Connection: close"; HTTP/1.0 only with "Connection: keep-alive"); pipelined
// requests (§9.3.2) are read one after another and answered in order, the next request is
// handed over only after the previous one was answered.
// Errors the engine answers itself: 400 (syntax, framing, Host, §3.2 / §6.3), 408 (request
// timer), 413 (body cap), 414 (request line over 8 KiB), 417 (unknown Expect), 431 (head
// over 32 KiB), 501 (transfer coding other than chunked, §6.1), 505 (major version not 1).
// After an error that leaves the message boundary unknown the connection is closed
// (§6.3 rule 5, §9.6 "Connection: close"); 400 for Host and 417 keep the connection.
// Leaves out: "Expect: 100-continue" is answered with 100 at once (no host decision), the
// response is never chunked (the host gives the whole body), no upgrade (101), no TLS.
#pragma once
#include <cstddef>
#include <deque>
#include <optional>
#include <string>
#include <variant>

#include "protocols/http/chunked.hpp"
#include "protocols/http/head_parser.hpp"
#include "protocols/http/message.hpp"
#include "protocols/http/timers.hpp"
#include "protocols/session_events.hpp"
#include "protocols/transmit.hpp"

namespace protocols::http {

struct ServerConfig {
  HeadLimits limits;                     // 8 KiB request line, 32 KiB head
  std::size_t max_body = 1024 * 1024;    // larger request content is answered with 413
  Duration keep_alive_timeout = kServerTimers[0].duration;
  Duration request_timeout = kServerTimers[1].duration;
};

// A connection has no states in RFC 9112; these are h11's names for the server side.
enum class ServerState : std::uint8_t {
  Idle,              // reading the next request (or waiting for one)
  AwaitingResponse,  // a request was handed to the host; respond() is due
  Closing,           // the last response is queued; close after sending it
};
std::string_view to_string(ServerState s);

// A complete request for the host to answer with Server::respond().
struct RequestReceived : Request {};

class Server {
 public:
  using Event = std::variant<CommandReceived, ReplySent, StateChanged, PeerViolation, RequestReceived>;

  explicit Server(ServerConfig config = {}) : config_(config) {}

  void handle_connected(Instant now);
  void handle_bytes(std::string_view bytes, Instant now);
  void handle_eof(Instant now);
  void handle_timeout(Instant now);

  // Answers the request of the last RequestReceived (asserts that one is awaiting).
  // Content-Length is added; the body is dropped for HEAD requests; "Connection: close"
  // in `response` closes the connection after it is sent.
  void respond(Response response, Instant now);

  std::optional<Transmit> poll_transmit();
  std::optional<Event> poll_event();
  std::optional<Instant> poll_timeout() const { return timers_.earliest(); }
  bool wants_close() const { return state_ == ServerState::Closing && out_.empty(); }

  ServerState state() const { return state_; }
  bool awaiting_response() const { return state_ == ServerState::AwaitingResponse; }

 private:
  enum class Body : std::uint8_t { None, Length, Chunked };
  void process(Instant now);
  bool read_head(Instant now);
  bool read_body();
  void begin_request(const HeadResult& head, Instant now);
  bool choose_framing(const Headers& headers, bool v10, Instant now);
  void dispatch(Instant now);
  void reject(int status, const std::string& reason, bool close, Instant now);
  void send_response(Response response, bool head_request, bool close, Instant now);
  void set_state(ServerState s);
  void rearm_idle(Instant now);

  ServerConfig config_;
  ServerState state_ = ServerState::Idle;
  TimerTable<ServerTimer> timers_;
  std::string buf_;
  std::size_t scan_ = 0;
  bool peer_eof_ = false;

  // The request being read.
  bool in_body_ = false;
  Body body_kind_ = Body::None;
  std::size_t body_remaining_ = 0;
  std::optional<ChunkedDecoder> chunked_;
  RequestReceived current_;
  bool close_after_ = false;  // answer, then close
  bool keep_alive_10_ = false;  // HTTP/1.0 request with Connection: keep-alive
  bool head_request_ = false;  // the awaiting request is HEAD: answer without content
  int deferred_status_ = 0;   // an error found in the head that leaves framing intact
  std::string deferred_reason_;

  std::deque<Transmit> out_;
  std::deque<Event> events_;
};

}  // namespace protocols::http
