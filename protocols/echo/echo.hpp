// A line-echo service (in the spirit of RFC 862, line by line) and its client, as sans-IO
// engines. It exists to show TCP working end to end before any mail protocol is involved,
// and to exercise the generic host adapter with the smallest possible engine.
#pragma once
#include <deque>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "protocols/session_events.hpp"
#include "protocols/transmit.hpp"

namespace protocols::echo {

constexpr std::size_t kMaxLine = 1000;

struct LineEchoed {  // client: the server sent a line back
  std::string line;
};

class Server {
 public:
  using Event = std::variant<CommandReceived, ReplySent, StateChanged, PeerViolation>;
  void handle_connected(Instant) {}
  void handle_bytes(std::string_view bytes, Instant now);
  void handle_eof(Instant) { eof_ = true; }
  void handle_timeout(Instant) {}
  std::optional<Transmit> poll_transmit();
  std::optional<Event> poll_event();
  std::optional<Instant> poll_timeout() const { return std::nullopt; }
  bool wants_close() const { return eof_ && out_.empty(); }

 private:
  std::string buf_;
  std::deque<Transmit> out_;
  std::deque<Event> events_;
  bool eof_ = false;
};

class Client {
 public:
  using Event = std::variant<CommandReceived, ReplySent, StateChanged, PeerViolation, LineEchoed>;
  explicit Client(std::vector<std::string> lines) : lines_(lines.begin(), lines.end()) {}
  void handle_connected(Instant now);
  void handle_bytes(std::string_view bytes, Instant now);
  void handle_eof(Instant) { done_ = true; }
  void handle_timeout(Instant) {}
  std::optional<Transmit> poll_transmit();
  std::optional<Event> poll_event();
  std::optional<Instant> poll_timeout() const { return std::nullopt; }
  bool wants_close() const { return done_ && out_.empty(); }

 private:
  void send_next();
  std::deque<std::string> lines_;
  std::string buf_;
  std::deque<Transmit> out_;
  std::deque<Event> events_;
  bool done_ = false;
};

}  // namespace protocols::echo
