// POP3 client engine: the fetch job as a queue of commands, one in flight, replies parsed
// as single-line or multi-line (RFC 1939 §3). See pop3_client.hpp.
#include "protocols/pop3/pop3_client.hpp"
#include "protocols/take_front.hpp"

#include <charconv>
#include <utility>

#include "protocols/pop3/md5.hpp"

namespace protocols::pop3 {
namespace {

std::optional<unsigned> number_of(std::string_view s) {
  unsigned v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

// "1 abc" -> (1, "abc")
std::optional<std::pair<unsigned, std::string>> numbered(std::string_view line) {
  std::size_t sp = line.find(' ');
  if (sp == std::string_view::npos) return std::nullopt;
  auto n = number_of(line.substr(0, sp));
  if (!n) return std::nullopt;
  std::string rest(line.substr(sp + 1));
  if (std::size_t sp2 = rest.find(' '); sp2 != std::string::npos) rest.resize(sp2);
  return std::make_pair(*n, rest);
}

// Whether a reply to this command line is multi-line when positive (RFC 1939 §5-§7, 2449 §5).
bool multiline_reply(std::string_view line) {
  std::string verb;
  std::size_t sp = line.find(' ');
  for (char c : line.substr(0, sp)) verb += static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
  bool has_arg = sp != std::string_view::npos && sp + 1 < line.size();
  if (verb == "CAPA" || verb == "RETR" || verb == "TOP") return true;
  if (verb == "LIST" || verb == "UIDL") return !has_arg;
  return false;
}

}  // namespace

std::string_view to_string(Mode m) {
  return m == Mode::DownloadAndDelete ? "download-and-delete" : "download-and-keep";
}

Client::Client(ClientJob job, SeenMemory memory) : job_(std::move(job)), memory_(std::move(memory)) {}

void Client::handle_connected(Instant) { in_flight_ = Pending{Step::Greeting, {}, false, 0}; }

void Client::send_raw(std::string line) {
  bool ml = multiline_reply(line);
  raw_.push_back(Pending{Step::Raw, std::move(line), ml, 0});
  send_next();
}

void Client::queue(Step step, std::string line, bool multiline, unsigned number) {
  queue_.push_back(Pending{step, std::move(line), multiline, number});
}

void Client::send_next() {
  if (in_flight_ || done_) return;
  if (!raw_.empty()) {
    in_flight_ = raw_.front();
    raw_.erase(raw_.begin());
  } else if (!queue_.empty()) {
    in_flight_ = queue_.front();
    queue_.pop_front();
  } else {
    return;
  }
  out_.push_back(Transmit{in_flight_->line + "\r\n", Label{Proto::POP3, LabelKind::Command, label_text(in_flight_->line)}});
}

void Client::set_state(State s) {
  if (s == state_) return;
  events_.push_back(StateChanged{Proto::POP3, std::string(to_string(state_)), std::string(to_string(s))});
  state_ = s;
}

void Client::finish(bool ok, std::string reason, bool connection_lost) {
  if (finished_) return;
  finished_ = true;
  done_ = true;
  events_.push_back(JobFinished{ok, std::move(reason), downloaded_, deleted_, connection_lost && failure_.empty()});
}

void Client::handle_bytes(std::string_view bytes, Instant now) {
  if (done_) return;
  inbuf_.append(bytes);
  std::size_t start = 0;
  for (std::size_t lf; !done_ && (lf = inbuf_.find('\n', start)) != std::string::npos; start = lf + 1) {
    std::string line = inbuf_.substr(start, lf - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (status_line_) {  // collecting a multi-line body up to the "." line
      if (line == ".") {
        std::string status = std::exchange(*status_line_, {});
        status_line_.reset();
        on_reply(true, status, std::exchange(body_, {}), now);
      } else {
        body_.push_back(std::move(line));
      }
      continue;
    }
    bool ok = line.rfind("+OK", 0) == 0;
    if (!ok && line.rfind("-ERR", 0) != 0) {
      events_.push_back(PeerViolation{Proto::POP3, "reply is neither +OK nor -ERR: " + label_text(line)});
      finish(false, "malformed reply from server");
      break;
    }
    if (!in_flight_) {
      events_.push_back(PeerViolation{Proto::POP3, "reply without a command: " + label_text(line)});
      continue;
    }
    if (ok && in_flight_->multiline) status_line_ = line;
    else on_reply(ok, line, {}, now);
  }
  inbuf_.erase(0, std::min(start, inbuf_.size()));
  if (!status_line_ && inbuf_.size() > 64 * kMaxResponseLine) {
    events_.push_back(PeerViolation{Proto::POP3, "reply line too long"});
    finish(false, "reply line too long");
  }
}

void Client::handle_eof(Instant) {
  if (!finished_) finish(false, failure_.empty() ? "connection closed by server" : failure_, true);
  done_ = true;
}

void Client::handle_timeout(Instant) {}

std::optional<Transmit> Client::poll_transmit() {
  return take_front(out_);
}

std::optional<ClientEvent> Client::poll_event() {
  return take_front(events_);
}

std::string Client::uid_of(unsigned number) const {
  auto it = uids_.find(number);
  return it == uids_.end() ? std::string() : it->second;
}

void Client::on_reply(bool ok, const std::string& status, const std::vector<std::string>& body, Instant now) {
  Pending p = *in_flight_;
  in_flight_.reset();
  events_.push_back(ReplyReceived{ok, p.line, status, body.size()});
  auto fail_and_quit = [&](std::string why) {
    failure_ = std::move(why);
    queue_.clear();
    queue(Step::Quit, "QUIT", false);
  };
  switch (p.step) {
    case Step::Greeting: {
      if (!ok) { finish(false, "server refused the session: " + status); return; }
      // RFC 1939 §7: the APOP timestamp is the msg-id in angle brackets in the greeting.
      std::size_t lt = status.find('<'), gt = status.find('>', lt == std::string::npos ? 0 : lt);
      if (lt != std::string::npos && gt != std::string::npos) timestamp_ = status.substr(lt, gt - lt + 1);
      queue(Step::Capa, "CAPA", true);
      if (job_.use_apop) {
        if (timestamp_.empty()) fail_and_quit("server offers no APOP timestamp");
        else queue(Step::Apop, "APOP " + job_.user + " " + md5_hex(timestamp_ + job_.password), false);
      } else {
        queue(Step::User, "USER " + job_.user, false);
      }
      break;
    }
    case Step::Capa: break;  // informative only; the job uses RFC 1939 commands
    case Step::User:
      if (ok) queue_.push_front(Pending{Step::Pass, "PASS " + job_.password, false, 0});
      else fail_and_quit("USER refused: " + status);
      break;
    case Step::Pass:
    case Step::Apop:
      if (!ok) { fail_and_quit("authentication failed: " + status); break; }
      set_state(State::Transaction);
      queue(Step::Stat, "STAT", false);
      queue(Step::Uidl, "UIDL", true);
      queue(Step::List, "LIST", true);
      break;
    case Step::Stat: break;
    case Step::Uidl:
      uidl_ok_ = ok;
      for (const auto& l : body)
        if (auto e = numbered(l)) uids_[e->first] = e->second;
      break;
    case Step::List:
      if (!ok) { fail_and_quit("LIST failed: " + status); break; }
      for (const auto& l : body)
        if (auto e = numbered(l)) sizes_[e->first] = number_of(e->second).value_or(0);
      plan_messages(now);
      break;
    case Step::Top:
      if (ok) events_.push_back(HeadersFetched{p.number, uid_of(p.number), unstuff_lines(body)});
      break;
    case Step::Retr:
      if (ok) {
        ++downloaded_;
        std::string uid = uid_of(p.number);
        if (job_.mode == Mode::DownloadAndKeep && !uid.empty()) memory_.first_seen.emplace(uid, now);
        events_.push_back(MessageDownloaded{p.number, uid, unstuff_lines(body)});
      }
      break;
    case Step::Dele:
      if (ok) {
        ++deleted_;
        events_.push_back(MessageDeleted{p.number, uid_of(p.number)});
      }
      break;
    case Step::Quit:
      if (ok && state_ == State::Transaction) {
        set_state(State::Update);  // RFC 1939 §6: the server removes the marked messages now
        // Forget UIDs that are no longer on the server: deleted now or gone since.
        std::map<std::string, Instant> kept;
        for (const auto& [n, uid] : uids_)
          if (auto it = memory_.first_seen.find(uid); it != memory_.first_seen.end()) kept.insert(*it);
        for (const auto& d : deleted_uids_) kept.erase(d);
        if (uidl_ok_) memory_.first_seen = std::move(kept);
      }
      finish(ok && failure_.empty(), failure_.empty() ? (ok ? "" : "QUIT failed: " + status) : failure_);
      return;
    case Step::Raw: break;
  }
  send_next();
}

void Client::plan_messages(Instant now) {
  if (job_.mode == Mode::DownloadAndKeep && !uidl_ok_) {
    // Without UIDL the client cannot tell old messages from new ones (RFC 1939 §7).
    failure_ = "server has no UIDL; download-and-keep needs it";
    queue(Step::Quit, "QUIT", false);
    return;
  }
  for (const auto& [n, size] : sizes_) {
    std::string num = std::to_string(n);
    std::string uid = uid_of(n);
    if (job_.list_with_top) queue(Step::Top, "TOP " + num + " " + std::to_string(job_.top_lines), true, n);
    if (job_.mode == Mode::DownloadAndDelete) {
      if (job_.retrieve) queue(Step::Retr, "RETR " + num, true, n);
      queue(Step::Dele, "DELE " + num, false, n);
      deleted_uids_.push_back(uid);
      continue;
    }
    auto seen = memory_.first_seen.find(uid);
    if (seen == memory_.first_seen.end() && job_.retrieve) queue(Step::Retr, "RETR " + num, true, n);
    if (seen != memory_.first_seen.end() && job_.keep_for && now - seen->second >= *job_.keep_for) {
      queue(Step::Dele, "DELE " + num, false, n);
      deleted_uids_.push_back(uid);
    }
  }
  queue(Step::Quit, "QUIT", false);
}

}  // namespace protocols::pop3
