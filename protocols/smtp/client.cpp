// SMTP client session: replies are matched to the commands that caused them through a FIFO
// of pending commands, which is what makes pipelining (RFC 2920 §3.1) and send_raw() work.
#include "protocols/smtp/client.hpp"
#include "protocols/take_front.hpp"

#include <cassert>

#include "protocols/codec/base64.hpp"
#include "protocols/message/ascii.hpp"
#include "protocols/message/downgrade.hpp"
#include "protocols/message/header.hpp"
#include "protocols/smtp/dot_stuffing.hpp"
#include "protocols/smtp/path.hpp"

namespace protocols::smtp {

std::string_view to_string(ClientState s) {
  switch (s) {
    case ClientState::Idle: return "IDLE";
    case ClientState::Greeting: return "GREETING";
    case ClientState::Hello: return "HELLO";
    case ClientState::Auth: return "AUTH";
    case ClientState::Mail: return "MAIL";
    case ClientState::Rcpt: return "RCPT";
    case ClientState::Data: return "DATA";
    case ClientState::Body: return "BODY";
    case ClientState::Quit: return "QUIT";
    case ClientState::Tls: return "TLS";
    case ClientState::Closed: return "CLOSED";
  }
  return "?";
}

Client::Client(ClientJob job) : job_(std::move(job)), resolved_(job_.rcpts.size(), false) {
  assert((job_.interactive || !job_.rcpts.empty()) && "a delivery job needs at least one recipient");
}

void Client::handle_connected(Instant now) {
  assert(state_ == ClientState::Idle && "handle_connected called twice");
  pending_.push_back({Kind::Greeting});
  set_state(ClientState::Greeting);
  rearm(now);
}

void Client::handle_bytes(std::string_view bytes, Instant now) {
  if (state_ == ClientState::Closed) return;
  if (state_ == ClientState::Tls) return;  // the handshake's bytes go to the TLS stage, not here
  in_.append(bytes);
  while (state_ != ClientState::Closed && state_ != ClientState::Tls) {
    ReplyParse p = parse_reply(in_);
    if (p.status == ReplyParse::Status::NeedMore) break;
    in_.erase(0, p.consumed);
    if (p.status == ReplyParse::Status::Invalid) {
      events_.emplace_back(PeerViolation{Proto::SMTP, p.reason});
      continue;
    }
    on_reply(p.reply, now);
  }
}

void Client::handle_eof(Instant now) {
  (void)now;
  if (state_ == ClientState::Closed) return;
  // RFC 5321 §3.8: a connection lost before the final reply leaves the mail with us.
  if (!job_.interactive && !finished_) fail(state_, std::nullopt, "eof");
  timers_.disarm_all();
  set_state(ClientState::Closed);
}

void Client::handle_timeout(Instant now) {
  if (state_ == ClientState::Closed || !timers_.expired(now)) return;
  // RFC 5321 §4.5.3.2: give up on the attempt; the queue will retry.
  if (!finished_) fail(state_, std::nullopt, "timeout");
  timers_.disarm_all();
  set_state(ClientState::Closed);
}

void Client::send_raw(std::string_view line, Instant now) {
  assert(state_ != ClientState::Idle && state_ != ClientState::Closed && "send_raw needs an open session");
  std::string text(line);
  if (raw_data_) {
    // A body line after a raw DATA: no reply comes until the ".".
    const bool end = is_end_of_data(text);
    transmits_.push_back(Transmit{text + "\r\n", Label{Proto::SMTP, end ? LabelKind::Command : LabelKind::Data, label_text(text)}});
    if (end) {
      raw_data_ = false;
      pending_.push_back({Kind::Raw});
      rearm(now);
    }
    return;
  }
  send_command(std::move(text), Kind::Raw, now);
}

void Client::handle_tls_established(Instant now) {
  assert(state_ == ClientState::Tls && "handle_tls_established without STARTTLS");
  // RFC 3207 §4.2: forget what the server said in clear and ask again.
  tls_active_ = true;
  extensions_.clear();
  pipelining_ = false;
  send_command("EHLO " + job_.helo_name, Kind::Ehlo, now);
}

void Client::handle_tls_failed(Instant now) {
  (void)now;
  if (state_ == ClientState::Closed) return;
  if (!job_.interactive) fail(ClientState::Tls, std::nullopt, "tls");
  timers_.disarm_all();
  set_state(ClientState::Closed);
}

std::optional<Transmit> Client::poll_transmit() {
  return take_front(transmits_);
}

std::optional<ClientEvent> Client::poll_event() {
  return take_front(events_);
}

bool Client::has_extension(std::string_view keyword) const {
  for (const auto& e : extensions_)
    if (e.substr(0, e.find(' ')) == keyword) return true;
  return false;
}

void Client::on_reply(const Reply& r, Instant now) {
  if (pending_.empty()) {
    // An unsolicited reply: RFC 5321 §3.8 allows only 421 (the server is going away).
    events_.emplace_back(ReplyReceived{r, ""});
    if (r.code == 421) {
      if (!finished_ && !job_.interactive) fail(state_, r, "reply");
      timers_.disarm_all();
      set_state(ClientState::Closed);
    } else {
      events_.emplace_back(PeerViolation{Proto::SMTP, "reply without a command: " + first_line(r)});
    }
    return;
  }
  const Pending p = pending_.front();
  pending_.pop_front();
  static constexpr std::string_view kNames[] = {"greeting", "EHLO", "HELO", "AUTH", "MAIL", "RCPT", "DATA", ".", "QUIT", "raw", "STARTTLS"};
  events_.emplace_back(ReplyReceived{r, std::string(kNames[static_cast<int>(p.kind)])});
  if (p.kind == Kind::Quit || r.code == 421) {
    // RFC 5321 §3.8: 421 ends the session whatever the command was.
    if (r.code == 421 && !finished_ && !job_.interactive) fail(state_of(p.kind), r, "reply");
    timers_.disarm_all();
    set_state(ClientState::Closed);
    return;
  }
  if (p.kind == Kind::StartTls) {
    on_starttls_reply(r, now);
    if (state_ == ClientState::Tls) {
      rearm(now);
      return;
    }
  } else if (p.kind == Kind::Raw) {
    if (r.code == 354) raw_data_ = true;
    if (r.code == 221) {
      timers_.disarm_all();
      set_state(ClientState::Closed);
      return;
    }
  } else if (p.kind == Kind::Greeting || p.kind == Kind::Ehlo || p.kind == Kind::Helo || p.kind == Kind::Auth) {
    on_hello_reply(p, r, now);
  } else if (!p.ignore) {
    on_transaction_reply(p, r, now);
  } else if (p.kind == Kind::Data) {
    if (r.code == 354) {  // a lax server opened DATA with no recipient: end it at once
      transmits_.push_back(Transmit{".\r\n", Label{Proto::SMTP, LabelKind::Command, "."}});
      pending_.push_back({Kind::Body, 0, true});
    }
    if (quit_after_data_) {
      quit_after_data_ = false;
      send_command("QUIT", Kind::Quit, now);
    }
  }
  if (!pending_.empty()) set_state(state_of(pending_.front().kind));
  rearm(now);
}

void Client::on_hello_reply(const Pending& p, const Reply& r, Instant now) {
  switch (p.kind) {
    case Kind::Greeting:
      if (r.code == 220) {
        events_.emplace_back(GreetingReceived{r});
        if (job_.interactive) return;
        if (job_.prefer_ehlo) send_command("EHLO " + job_.helo_name, Kind::Ehlo, now);
        else send_command("HELO " + job_.helo_name, Kind::Helo, now);
        return;
      }
      if (job_.interactive) return;
      fail(ClientState::Greeting, r, "reply");  // RFC 5321 §3.1: 554 means no service here
      send_quit(now);
      return;
    case Kind::Ehlo:
      if (r.code == 250) {
        extensions_.clear();
        for (std::size_t i = 1; i < r.lines.size(); ++i) {
          std::string ext = r.lines[i];
          const std::size_t sp = ext.find(' ');
          extensions_.push_back(to_upper(ext.substr(0, sp)) + (sp == std::string::npos ? "" : ext.substr(sp)));
        }
        pipelining_ = has_extension("PIPELINING");
        events_.emplace_back(EhloCompleted{r, extensions_, true});
        if (!job_.interactive) after_hello(now);
        return;
      }
      // RFC 5321 §4.1.4 / §3.2: a server that does not know EHLO answers 500/502; use HELO.
      if (!job_.interactive && (r.code == 500 || r.code == 502)) {
        send_command("HELO " + job_.helo_name, Kind::Helo, now);
        return;
      }
      break;
    case Kind::Helo:
      if (r.code == 250) {
        extensions_.clear();
        pipelining_ = false;
        events_.emplace_back(EhloCompleted{r, {}, false});
        if (!job_.interactive) after_hello(now);
        return;
      }
      break;
    case Kind::Auth:
      if (r.code == 235) {
        events_.emplace_back(AuthCompleted{r});
        if (!job_.interactive) start_mail(now);
        return;
      }
      break;
    default: return;
  }
  if (job_.interactive) return;
  fail(state_of(p.kind), r, "reply");
  send_quit(now);
}

bool Client::start_tls_if_wanted(Instant now) {
  if (job_.tls == TlsPolicy::None || tls_active_ || tls_tried_) return false;
  tls_tried_ = true;
  if (has_extension("STARTTLS")) {
    send_command("STARTTLS", Kind::StartTls, now);
    return true;
  }
  if (job_.tls == TlsPolicy::Opportunistic) return false;  // in clear, as RFC 3207 §4.1 allows
  // Required and not offered (perhaps stripped on the way: RFC 3207 §6): stop here.
  fail(ClientState::Hello, std::nullopt, "tls");
  send_quit(now);
  return true;
}

void Client::on_starttls_reply(const Reply& r, Instant now) {
  if (r.code == 220) {
    // RFC 3207 §4.2: bytes the server sent behind its 220 came before TLS; drop them.
    if (!in_.empty())
      events_.emplace_back(PeerViolation{Proto::SMTP, "data after 220 to STARTTLS discarded (" + std::to_string(in_.size()) + " bytes)"});
    in_.clear();
    set_state(ClientState::Tls);
    events_.emplace_back(TlsUpgradeAgreed{Proto::SMTP});
    return;
  }
  if (job_.interactive) return;
  if (job_.tls == TlsPolicy::Required) {
    fail(ClientState::Hello, r, "tls");
    send_quit(now);
    return;
  }
  after_hello(now);  // opportunistic: go on in clear
}

void Client::after_hello(Instant now) {
  if (start_tls_if_wanted(now)) return;
  if (job_.auth_user) {
    // RFC 4954 §4 + RFC 4616 §2: AUTH PLAIN base64(authzid NUL authcid NUL passwd).
    for (const auto& e : extensions_) {
      if (e.rfind("AUTH ", 0) == 0 && (to_upper(e) + " ").find(" PLAIN ") != std::string::npos) {
        std::string creds = std::string(1, '\0') + *job_.auth_user + std::string(1, '\0') + job_.auth_password;
        send_command("AUTH PLAIN " + codec::base64_encode(creds), Kind::Auth, now);
        return;
      }
    }
  }
  start_mail(now);
}

// Makes body_ and says whether it needs BODY=8BITMIME; sets utf8 when its header fields
// need SMTPUTF8. False (and the session failed) when it cannot be sent to this server.
bool Client::prepare_body(bool& utf8) {
  body_ = normalize_line_ends(job_.data);
  eight_bit_ = has_non_ascii(body_);
  if (!eight_bit_) return true;
  namespace msg = protocols::message;
  const bool smtputf8 = has_extension("SMTPUTF8");
  if (has_extension("8BITMIME")) {
    // RFC 6531 §3.4: UTF-8 header fields are sent with SMTPUTF8 (which implies 8BITMIME).
    if (smtputf8 && !msg::is_seven_bit(body_.substr(0, msg::parse_headers(body_).body_offset))) utf8 = true;
    return true;
  }
  // RFC 6152 §3 (RFC 1652 §3): no 8BITMIME, so convert to 7 bit or do not send at all.
  const std::size_t before = body_.size();
  msg::Downgrade d = msg::downgrade_8bit(body_, {smtputf8, job_.helo_name});
  if (d.status == msg::DowngradeStatus::NotPossible) {
    // RFC 3463 X.6.3: conversion required but not supported. Failed here, not deferred:
    // the same server will not learn 8BITMIME by the next attempt.
    fail(ClientState::Mail,
         Reply{554, "5.6.3", {"Conversion required but not supported: " + d.problem +
                              ", and the server offers neither 8BITMIME nor SMTPUTF8"}},
         "conversion");
    return false;
  }
  body_ = std::move(d.message);
  eight_bit_ = d.headers_8bit;  // only allowed header fields are left 8-bit
  utf8 = utf8 || d.headers_8bit;
  events_.emplace_back(BodyConverted{d.quoted_printable, d.base64, before, body_.size()});
  return true;
}

void Client::start_mail(Instant now) {
  bool utf8 = has_non_ascii(job_.mail_from);
  for (const auto& r : job_.rcpts) utf8 = utf8 || has_non_ascii(r);
  if (!prepare_body(utf8)) {
    send_quit(now);
    return;
  }
  std::string line = "MAIL FROM:<" + job_.mail_from + ">";
  if (has_extension("SIZE")) line += " SIZE=" + std::to_string(body_.size());  // RFC 1870 §6
  if (eight_bit_ && has_extension("8BITMIME")) line += " BODY=8BITMIME";  // RFC 6152
  if (utf8 && has_extension("SMTPUTF8")) line += " SMTPUTF8";  // RFC 6531 §3.4
  send_command(std::move(line), Kind::Mail, now);
  if (pipelining_) {
    // RFC 2920 §3.1: MAIL, every RCPT and DATA may go in one group; DATA ends the group.
    for (std::size_t i = 0; i < job_.rcpts.size(); ++i) send_rcpt(i, now);
    send_command("DATA", Kind::Data, now);
  }
}

void Client::send_rcpt(std::size_t i, Instant now) {
  send_command("RCPT TO:<" + job_.rcpts[i] + ">", Kind::Rcpt, now, i);
}

void Client::on_transaction_reply(const Pending& p, const Reply& r, Instant now) {
  switch (p.kind) {
    case Kind::Mail:
      if (r.positive()) {
        if (!pipelining_) {
          if (job_.rcpts.empty()) {
            fail(ClientState::Mail, r, "no valid recipients");
            send_quit(now);
          } else {
            send_rcpt(0, now);
          }
        }
        return;
      }
      fail(ClientState::Mail, r, "reply");
      for (auto& q : pending_) q.ignore = true;  // pipelined RCPT/DATA replies are moot
      send_quit(now);
      return;
    case Kind::Rcpt: {
      events_.emplace_back(RecipientResult{job_.rcpts[p.rcpt], r});
      if (r.positive()) accepted_.push_back(job_.rcpts[p.rcpt]);
      else resolved_[p.rcpt] = true;
      if (++rcpt_replies_ < job_.rcpts.size()) {
        if (!pipelining_) send_rcpt(p.rcpt + 1, now);
        return;
      }
      if (accepted_.empty()) {
        fail(ClientState::Rcpt, r, "no valid recipients");
        send_quit(now);
        return;
      }
      if (!pipelining_) send_command("DATA", Kind::Data, now);
      return;
    }
    case Kind::Data:
      if (r.code == 354) {
        send_body(now);
        return;
      }
      fail(ClientState::Data, r, "reply");
      send_quit(now);
      return;
    case Kind::Body:
      finished_ = true;
      events_.emplace_back(MessageResult{r, accepted_});
      send_quit(now);
      return;
    default: return;
  }
}

void Client::send_body(Instant now) {
  // RFC 5321 §4.5.2: stuffed body and "<CRLF>.<CRLF>" as one unit.
  transmits_.push_back(Transmit{dot_stuff(body_), Label{Proto::SMTP, LabelKind::Data,
                                                        "message (" + std::to_string(body_.size()) + " bytes)"}});
  pending_.push_back({Kind::Body});
  rearm(now);
}

void Client::send_command(std::string line, Kind kind, Instant now, std::size_t rcpt) {
  Label label{Proto::SMTP, LabelKind::Command, label_text(line)};
  transmits_.push_back(Transmit{line + "\r\n", std::move(label)});
  pending_.push_back({kind, rcpt, false});
  if (pending_.size() == 1) set_state(state_of(kind));
  rearm(now);
}

void Client::send_quit(Instant now) {
  // RFC 2920 §3.1: a pipelined DATA still awaits its reply; should it be 354 the server is
  // reading the body, so "." has to come before QUIT.
  for (auto& q : pending_) {
    if (q.kind == Kind::Data) {
      q.ignore = true;
      quit_after_data_ = true;
      return;
    }
  }
  send_command("QUIT", Kind::Quit, now);
}

void Client::fail(ClientState phase, std::optional<Reply> reply, std::string reason) {
  if (finished_) return;
  finished_ = true;
  events_.emplace_back(SessionFailed{phase, std::move(reply), std::move(reason), unresolved()});
}

std::vector<std::string> Client::unresolved() const {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < job_.rcpts.size(); ++i)
    if (!resolved_[i]) out.push_back(job_.rcpts[i]);
  return out;
}

void Client::set_state(ClientState s) {
  if (s == state_) return;
  events_.emplace_back(StateChanged{Proto::SMTP, std::string(to_string(state_)), std::string(to_string(s))});
  state_ = s;
}

void Client::rearm(Instant now) {
  timers_.disarm_all();
  if (state_ == ClientState::Tls) {  // the handshake gets a command's time (RFC 5321 §4.5.3.2)
    timers_.arm(ClientTimer::Command, now + kClientTimers[static_cast<std::size_t>(ClientTimer::Command)].duration);
    return;
  }
  if (pending_.empty()) return;
  const ClientTimer t = timer_of(pending_.front().kind);
  timers_.arm(t, now + kClientTimers[static_cast<std::size_t>(t)].duration);
}

ClientState Client::state_of(Kind k) {
  switch (k) {
    case Kind::Greeting: return ClientState::Greeting;
    case Kind::Ehlo:
    case Kind::Helo: return ClientState::Hello;
    case Kind::Auth: return ClientState::Auth;
    case Kind::Mail: return ClientState::Mail;
    case Kind::Rcpt: return ClientState::Rcpt;
    case Kind::Data: return ClientState::Data;
    case Kind::Body: return ClientState::Body;
    case Kind::Quit: return ClientState::Quit;
    case Kind::Raw:
    case Kind::StartTls: return ClientState::Hello;
  }
  return ClientState::Idle;
}

ClientTimer Client::timer_of(Kind k) {
  switch (k) {
    case Kind::Greeting: return ClientTimer::Greeting;
    case Kind::Mail: return ClientTimer::Mail;
    case Kind::Rcpt: return ClientTimer::Rcpt;
    case Kind::Data: return ClientTimer::DataInitiation;
    case Kind::Body: return ClientTimer::DataTermination;
    default: return ClientTimer::Command;
  }
}

}  // namespace protocols::smtp
