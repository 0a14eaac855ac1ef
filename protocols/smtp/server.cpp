// SMTP server session: the input loop (commands, AUTH responses, message data), the end of
// data and the host's decision, replies, timers and faults. Command handlers live in
// server_commands.cpp, the AUTH exchange in server_auth.cpp.
#include "protocols/smtp/server.hpp"
#include "protocols/take_front.hpp"

#include <cassert>

#include "protocols/smtp/dot_stuffing.hpp"
#include "protocols/smtp/line_reader.hpp"
#include "protocols/smtp/reply_catalogue.hpp"

namespace protocols::smtp {

std::string_view to_string(ServerState s) {
  switch (s) {
    case ServerState::Connected: return "CONNECTED";
    case ServerState::Greeted: return "GREETED";
    case ServerState::Ready: return "READY";
    case ServerState::Auth: return "AUTH";
    case ServerState::Mail: return "MAIL";
    case ServerState::Rcpt: return "RCPT";
    case ServerState::Data: return "DATA";
    case ServerState::DataDone: return "DATA-DONE";
    case ServerState::Tls: return "TLS";
    case ServerState::Closed: return "CLOSED";
  }
  return "?";
}

std::string_view to_string(FaultPhase p) {
  switch (p) {
    case FaultPhase::Greeting: return "GREETING";
    case FaultPhase::Ehlo: return "EHLO";
    case FaultPhase::Mail: return "MAIL";
    case FaultPhase::Rcpt: return "RCPT";
    case FaultPhase::Data: return "DATA";
    case FaultPhase::Dot: return "DOT";
  }
  return "?";
}

Server::Server(ServerConfig config, std::string client_ip, Greylist* greylist)
    : config_(std::move(config)),
      client_ip_(std::move(client_ip)),
      external_greylist_(greylist) {
  envelope_.client_ip = client_ip_;
}

void Server::handle_connected(Instant now) {
  assert(state_ == ServerState::Connected && "handle_connected called twice");
  if (faults_.hang) return;  // the fault: TCP is up but the server never speaks
  greeted_ = true;
  // RFC 5321 §3.1: the server may refuse with 554 (then only QUIT is served) or 421.
  if (config_.over_connection_limit) {
    set_state(ServerState::Greeted);
    send_reply(make_reply(421, "4.7.0", config_.hostname + " Error: too many connections"));
  } else if (auto f = forced(FaultPhase::Greeting)) {
    if (f->permanent()) no_service_ = true;
    set_state(ServerState::Greeted);
    send_reply(*f);
    if (f->transient()) set_state(ServerState::Closed);  // only 421 is a valid 4xx greeting
  } else {
    set_state(ServerState::Greeted);
    send_reply(make_reply(220, "", config_.hostname + " " + config_.greeting_text));
  }
  rearm(now);
}

void Server::handle_bytes(std::string_view bytes, Instant now) {
  // In Tls the bytes belong to the handshake below; plaintext here would be an injection.
  if (state_ == ServerState::Closed || state_ == ServerState::Tls || faults_.hang || !greeted_) return;
  in_.append(bytes);
  process(now);
}

void Server::handle_eof(Instant now) {
  (void)now;
  if (state_ == ServerState::Closed) return;
  if (state_ == ServerState::Data) violation("connection closed during DATA; message discarded");
  timers_.disarm_all();
  set_state(ServerState::Closed);
}

void Server::handle_timeout(Instant now) {
  if (state_ == ServerState::Closed) return;
  if (!timers_.expired(now)) return;
  if (state_ == ServerState::Tls) {  // no plaintext 421 in the middle of a handshake
    violation("TLS handshake timed out");
    timers_.disarm_all();
    set_state(ServerState::Closed);
    return;
  }
  // RFC 5321 §4.5.3.2.7: after the server timeout, close with 421.
  violation("client timed out");
  send_reply(make_reply(421, "4.4.2", config_.hostname + " Error: timeout exceeded"));
}

void Server::shutdown(Instant now) {
  (void)now;
  if (state_ == ServerState::Closed) return;
  if (!greeted_) {  // a hung server says nothing, it just goes away
    set_state(ServerState::Closed);
    return;
  }
  // RFC 5321 §3.8: a server that must shut down answers 421 and closes.
  send_reply(make_reply(421, "4.3.2", config_.hostname + " Service shutting down, closing transmission channel"));
}

void Server::handle_tls_established(Instant now) {
  assert(state_ == ServerState::Tls && "handle_tls_established without STARTTLS");
  // RFC 3207 §4.2: discard what the client said before TLS (EHLO, AUTH); it must EHLO again.
  tls_active_ = true;
  authenticated_user_.clear();
  helo_only_ = false;
  reset_transaction();
  envelope_.helo.clear();
  envelope_.esmtp = false;
  set_state(ServerState::Greeted);
  rearm(now);
}

void Server::accept_message(std::string queue_id, Instant now) {
  assert(awaiting_decision_ && "accept_message without a pending message");
  awaiting_decision_ = false;
  // The client left (or shutdown() ran) while the host was storing: nobody to tell.
  if (state_ == ServerState::Closed) return;
  reset_transaction();
  set_state(ServerState::Ready);
  send_reply(make_reply(250, "2.0.0", "Ok: queued as " + queue_id));
  rearm(now);
  process(now);  // pipelined commands that arrived behind the "."
}

void Server::reject_message(Reply reply, Instant now) {
  assert(awaiting_decision_ && "reject_message without a pending message");
  assert(reply.code >= 400 && reply.code < 600 && "a rejection must be 4xx or 5xx");
  awaiting_decision_ = false;
  if (state_ == ServerState::Closed) return;
  reset_transaction();
  set_state(ServerState::Ready);
  send_reply(std::move(reply));
  rearm(now);
  process(now);
}

std::optional<Transmit> Server::poll_transmit() {
  return take_front(transmits_);
}

std::optional<ServerEvent> Server::poll_event() {
  return take_front(events_);
}

std::optional<Instant> Server::poll_timeout() const { return timers_.earliest(); }

void Server::process(Instant now) {
  while (state_ != ServerState::Closed && state_ != ServerState::DataDone && state_ != ServerState::Tls && !in_.empty()) {
    if (discarding_) {
      const std::size_t lf = in_.find('\n');
      in_.erase(0, lf == std::string::npos ? in_.size() : lf + 1);
      discarding_ = lf == std::string::npos;
      continue;
    }
    const std::size_t limit = state_ == ServerState::Data ? config_.max_line_length + 2 : kCommandLineMax;
    const LinePolicy policy = config_.tolerate_bare_lf ? LinePolicy::TolerateBareLf : LinePolicy::StrictCrlf;
    LineResult r = read_line(in_, limit, policy);
    if (r.status == LineResult::Status::NeedMore) break;
    if (state_ != ServerState::Data && state_ != ServerState::Auth && too_many_commands()) break;
    if (r.status == LineResult::Status::Invalid) {
      in_.erase(0, r.consumed);
      discarding_ = !r.terminated;
      on_invalid_line(r.reason);
      continue;
    }
    const std::string line(r.line);
    in_.erase(0, r.consumed);
    if (r.bare_lf) violation("line ended by bare LF (RFC 5321 §2.3.8)");
    switch (state_) {
      case ServerState::Data: on_data_line(line, now); break;
      case ServerState::Auth: on_auth_line(line); break;
      default: on_command_line(line, now); break;
    }
  }
  rearm(now);
}

bool Server::too_many_commands() {
  if (config_.max_commands == 0 || ++commands_ <= config_.max_commands) return false;
  // A flood of commands (valid or not) ends the session: 421 closes it (RFC 5321 §3.8).
  violation("more than " + std::to_string(config_.max_commands) + " commands on one connection");
  send_reply(make_reply(421, "4.7.0", config_.hostname + " Error: too many commands"));
  return true;
}

void Server::on_invalid_line(const std::string& reason) {
  violation(reason);
  if (state_ == ServerState::Data) {
    // RFC 5321 §4.5.3.1.6: text lines are limited to 1000 octets; refuse the message at ".".
    data_line_too_long_ = true;
    return;
  }
  if (state_ == ServerState::Auth) {
    auth_step_ = AuthStep::None;
    set_state(ServerState::Ready);
    send_reply(make_reply(501, "5.5.2", "Error: authentication response " + reason));
    return;
  }
  // RFC 5321 §4.5.3.1.10: "500 Line too long".
  send_reply(make_reply(500, "5.5.2", "Error: " + reason));
}

void Server::on_data_line(std::string_view line, Instant now) {
  if (is_end_of_data(line)) {
    end_of_data(now);
    return;
  }
  std::string_view text = unstuff_line(line);  // RFC 5321 §4.5.2 rule 2
  data_size_ += text.size() + 2;
  // Stop storing past the limit but keep counting, to answer 552 at the end (RFC 1870 §6.3).
  if (data_size_ <= config_.max_message_size) {
    data_.append(text);
    data_.append("\r\n");
  }
}

void Server::end_of_data(Instant now) {
  (void)now;
  // RFC 5321 §4.1.1.4: "<CRLF>.<CRLF>" ends the mail data. Reported like a command, so
  // transcripts show the textbook's "." before the reply that takes responsibility.
  events_.emplace_back(CommandReceived{Proto::SMTP, ".", ".", ""});
  if (data_line_too_long_) {
    reset_transaction();
    set_state(ServerState::Ready);
    send_reply(make_reply(500, "5.5.2", "Error: line too long in message data"));
    return;
  }
  if (data_size_ > config_.max_message_size) {
    // RFC 1870 §6.3: a message over the declared limit is refused with 552.
    reset_transaction();
    set_state(ServerState::Ready);
    send_reply(make_reply(552, "5.3.4", "Error: message file too big"));
    return;
  }
  std::optional<Reply> refuse = forced(FaultPhase::Dot);
  if (!refuse && faults_.disk_full) refuse = make_reply(452, "4.3.1", "Insufficient system storage");
  if (refuse) {
    reset_transaction();
    set_state(ServerState::Ready);
    send_reply(*refuse);
    return;
  }
  events_.emplace_back(MessageReceived{envelope_, std::move(data_)});
  awaiting_decision_ = true;
  data_.clear();
  set_state(ServerState::DataDone);
}

void Server::send_reply(Reply r) {
  // RFC 2034 §3: enhanced codes go with ESMTP; a HELO client gets plain RFC 821 replies.
  if (helo_only_) r.enhanced.clear();
  std::string wire = format_reply(r);
  ReplySent sent{Proto::SMTP, r.code, r.enhanced, "", "", {}};
  sent.lines.reserve(r.lines.empty() ? 1 : r.lines.size());
  for (std::size_t pos = 0; pos < wire.size();) {
    const std::size_t end = wire.find("\r\n", pos);
    sent.lines.push_back(wire.substr(pos, end - pos));
    pos = end + 2;
  }
  transmits_.push_back(Transmit{std::move(wire), Label{Proto::SMTP, LabelKind::Reply, label_text(first_line(r))}});
  events_.emplace_back(std::move(sent));
  // RFC 5321 §3.8: 421 closes the channel; so does 221 after QUIT (handled by cmd_quit).
  if (r.code == 421) {
    timers_.disarm_all();
    set_state(ServerState::Closed);
  }
}

void Server::set_state(ServerState s) {
  if (s == state_) return;
  events_.emplace_back(StateChanged{Proto::SMTP, std::string(to_string(state_)), std::string(to_string(s))});
  state_ = s;
}

void Server::reset_transaction() {
  // RFC 5321 §4.1.1.5: the envelope and data go; the session (HELO, AUTH) stays.
  Envelope kept;
  kept.helo = envelope_.helo;
  kept.esmtp = envelope_.esmtp;
  kept.auth_user = authenticated_user_;
  kept.client_ip = client_ip_;
  kept.tls = tls_active_;
  envelope_ = std::move(kept);
  rcpt_attempts_ = 0;
  data_.clear();
  data_size_ = 0;
  data_line_too_long_ = false;
}

void Server::rearm(Instant now) {
  timers_.disarm_all();
  switch (state_) {
    case ServerState::Greeted:
    case ServerState::Ready:
    case ServerState::Auth:
    case ServerState::Mail:
    case ServerState::Rcpt:
    case ServerState::Tls: timers_.arm(ServerTimer::NextCommand, now + config_.command_timeout); break;
    case ServerState::Data: timers_.arm(ServerTimer::DataInput, now + config_.data_timeout); break;
    default: break;  // Connected (hung), DataDone (the host decides), Closed
  }
}

void Server::violation(std::string what) { events_.emplace_back(PeerViolation{Proto::SMTP, std::move(what)}); }

std::optional<Reply> Server::forced(FaultPhase phase) const {
  for (const auto& f : faults_.forced)
    if (f.phase == phase) return catalogue_reply(f.code);
  return std::nullopt;
}

Reply Server::catalogue_reply(int code) const {
  const ReplyCodeInfo* info = find_reply_code(code);
  if (!info) return make_reply(code, "", "Forced reply");
  std::string text(info->text);
  if (auto p = text.find("<domain>"); p != std::string::npos) text.replace(p, 8, config_.hostname);
  return make_reply(code, std::string(info->default_enhanced), text);
}

}  // namespace protocols::smtp
