// Line echo: every CR LF terminated line comes back as it was.
#include "protocols/echo/echo.hpp"

#include "protocols/take_front.hpp"

namespace protocols::echo {

namespace {
std::string first_word(std::string_view line) {
  std::string w(line.substr(0, line.find(' ')));
  for (char& c : w) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return w;
}
}  // namespace

void Server::handle_bytes(std::string_view bytes, Instant) {
  buf_.append(bytes);
  for (;;) {
    std::size_t nl = buf_.find('\n');
    if (nl == std::string::npos) {
      if (buf_.size() > kMaxLine) {
        events_.push_back(PeerViolation{Proto::ECHO, "line longer than 1000 octets"});
        buf_.clear();
      }
      return;
    }
    std::string line = buf_.substr(0, nl);
    buf_.erase(0, nl + 1);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    events_.push_back(CommandReceived{Proto::ECHO, first_word(line), line, ""});
    out_.push_back(Transmit{line + "\r\n", Label{Proto::ECHO, LabelKind::Reply, label_text(line)}});
    events_.push_back(ReplySent{Proto::ECHO, 0, "", "", "", {line}});
  }
}

std::optional<Transmit> Server::poll_transmit() { return take_front(out_); }
std::optional<Server::Event> Server::poll_event() { return take_front(events_); }

void Client::handle_connected(Instant) { send_next(); }

void Client::send_next() {
  if (lines_.empty()) {
    done_ = true;
    return;
  }
  std::string line = std::move(lines_.front());
  lines_.pop_front();
  out_.push_back(Transmit{line + "\r\n", Label{Proto::ECHO, LabelKind::Command, label_text(line)}});
}

void Client::handle_bytes(std::string_view bytes, Instant) {
  buf_.append(bytes);
  std::size_t nl;
  while ((nl = buf_.find('\n')) != std::string::npos) {
    std::string line = buf_.substr(0, nl);
    buf_.erase(0, nl + 1);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    events_.push_back(LineEchoed{line});
    send_next();
  }
}

std::optional<Transmit> Client::poll_transmit() { return take_front(out_); }
std::optional<Client::Event> Client::poll_event() { return take_front(events_); }

}  // namespace protocols::echo
