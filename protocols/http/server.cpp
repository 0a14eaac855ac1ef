// HTTP/1.1 server connection engine (RFC 9112; RFC 9110 for status codes and semantics).
#include "protocols/http/server.hpp"
#include "protocols/take_front.hpp"

#include <cassert>

namespace protocols::http {

namespace {

template <class Q>
auto pop(Q& q) -> std::optional<typename Q::value_type> {
  return take_front(q);
}


// The last transfer coding of a Transfer-Encoding list.
std::string last_coding(const std::string& te) {
  std::string_view v = te;
  std::size_t comma = v.rfind(',');
  if (comma != std::string_view::npos) v.remove_prefix(comma + 1);
  while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
  v = v.substr(0, v.find(';'));
  while (!v.empty() && v.back() == ' ') v.remove_suffix(1);
  return std::string(v);
}

std::string first_word(std::string_view s) {
  s = s.substr(0, s.find_first_of(" \r\n"));
  return std::string(s.substr(0, 32));
}

}  // namespace

std::string_view to_string(ServerState s) {
  switch (s) {
    case ServerState::Idle: return "Idle";
    case ServerState::AwaitingResponse: return "Awaiting response";
    case ServerState::Closing: return "Closing";
  }
  return "?";
}

void Server::set_state(ServerState s) {
  if (s == state_) return;
  events_.push_back(StateChanged{Proto::HTTP, std::string(to_string(state_)), std::string(to_string(s))});
  state_ = s;
}

void Server::handle_connected(Instant now) { rearm_idle(now); }

// Between requests the keep-alive timer runs; once a request has begun, the request timer.
void Server::rearm_idle(Instant now) {
  if (state_ != ServerState::Idle) {
    timers_.disarm(ServerTimer::KeepAliveIdle);
    timers_.disarm(ServerTimer::RequestReceive);
    return;
  }
  if (buf_.empty() && !in_body_) {
    timers_.disarm(ServerTimer::RequestReceive);
    timers_.arm(ServerTimer::KeepAliveIdle, now + config_.keep_alive_timeout);
  } else if (!timers_.armed(ServerTimer::RequestReceive)) {
    timers_.disarm(ServerTimer::KeepAliveIdle);
    timers_.arm(ServerTimer::RequestReceive, now + config_.request_timeout);
  }
}

void Server::handle_bytes(std::string_view bytes, Instant now) {
  if (state_ == ServerState::Closing) return;  // §9.6: nothing after the closing request is read
  buf_.append(bytes);
  // While the host works, pipelined input is only buffered; more than one largest request
  // can hold is a flood: drop it and close after the pending response (RFC 9112 §9.6).
  if (state_ == ServerState::AwaitingResponse && buf_.size() > config_.limits.max_head + config_.max_body) {
    events_.push_back(PeerViolation{Proto::HTTP, "pipelined input beyond the request limits while a response is due"});
    buf_.clear();
    close_after_ = true;
    return;
  }
  process(now);
}

void Server::handle_eof(Instant now) {
  peer_eof_ = true;
  process(now);
}

void Server::handle_timeout(Instant now) {
  while (auto t = timers_.take_expired(now)) {
    if (state_ != ServerState::Idle) continue;
    if (*t == ServerTimer::KeepAliveIdle) {
      // RFC 9112 §9.5: a server SHOULD close an idle connection after a timeout, quietly.
      set_state(ServerState::Closing);
      timers_ = {};
    } else {
      // RFC 9110 §15.5.9: 408, the server would like to close this unused connection.
      reject(408, "request not completed in time", true, now);
    }
  }
}

void Server::process(Instant now) {
  while (state_ == ServerState::Idle) {
    bool progressed = in_body_ ? read_body() : read_head(now);
    if (state_ != ServerState::Idle) break;
    if (in_body_ && !progressed) break;
    if (!in_body_ && body_kind_ != Body::None) {  // body complete
      body_kind_ = Body::None;
      dispatch(now);
      continue;
    }
    if (!progressed) break;
  }
  if (state_ == ServerState::Idle && peer_eof_) {
    if (!buf_.empty() || in_body_)
      events_.push_back(PeerViolation{Proto::HTTP, "connection closed in the middle of a request"});
    set_state(ServerState::Closing);
    timers_ = {};
    return;
  }
  rearm_idle(now);
}

// Returns true when a head was taken from the buffer (or rejected).
bool Server::read_head(Instant now) {
  if (buf_.empty()) return false;
  HeadResult head = parse_head(buf_, config_.limits, &scan_);
  if (head.status == HeadStatus::NeedMore) {
    if (head.consumed > 0) {  // RFC 9112 §2.2: empty lines before a request are ignored
      buf_.erase(0, head.consumed);
      scan_ = 0;
    }
    return false;
  }
  if (head.status == HeadStatus::Invalid) {
    std::string line = buf_.substr(0, std::min(buf_.find('\n'), std::size_t{200}));
    if (!line.empty() && line.back() == '\r') line.pop_back();
    events_.push_back(CommandReceived{Proto::HTTP, first_word(line), label_text(line, 200), ""});
    reject(head.error_status, head.reason, true, now);  // the message boundary is lost
    return true;
  }
  buf_.erase(0, head.consumed);
  scan_ = 0;
  begin_request(head, now);
  return true;
}

void Server::begin_request(const HeadResult& head, Instant now) {
  events_.push_back(CommandReceived{Proto::HTTP, first_word(head.start_line), head.start_line, ""});
  auto line = parse_request_line(head.start_line);
  if (!line) {
    // RFC 9112 §3: an invalid request-line SHOULD be answered with 400.
    std::string last = head.start_line.substr(head.start_line.rfind(' ') + 1);
    if (last.size() == 8 && last.substr(0, 5) == "HTTP/" && last[5] != '1' && is_http_version(last))
      return reject(505, "HTTP major version " + std::string(1, last[5]) + " is not supported", true, now);
    return reject(400, "invalid request line", true, now);
  }
  // RFC 9110 §6.2: a server answers a major version it does not support with 505.
  if (line->version[5] != '1') return reject(505, "HTTP version " + line->version + " is not supported", true, now);

  current_ = RequestReceived{};
  current_.method = line->method;
  current_.target = line->target;
  current_.version = line->version;
  current_.headers = head.headers;
  deferred_status_ = 0;
  const bool v10 = line->version == "HTTP/1.0";
  // RFC 9112 §9.3: HTTP/1.1 persists unless "close"; HTTP/1.0 persists only with keep-alive.
  keep_alive_10_ = v10 && has_token(head.headers, "Connection", "keep-alive");
  close_after_ = has_token(head.headers, "Connection", "close") || (v10 && !keep_alive_10_);

  // RFC 9112 §3.2: a server MUST respond 400 to an HTTP/1.1 request that lacks Host or has
  // more than one. The framing is intact, so the connection can go on.
  int hosts = 0;
  for (const auto& h : head.headers) hosts += iequals(h.name, "Host") ? 1 : 0;
  if (!v10 && hosts != 1) {
    deferred_status_ = 400;
    deferred_reason_ = hosts == 0 ? "Host header field missing" : "more than one Host header field";
  }

  if (!choose_framing(head.headers, v10, now)) return;

  // RFC 9110 §10.1.1: Expect: 100-continue is the only expectation; others get 417.
  if (auto expect = find_header(head.headers, "Expect")) {
    if (!iequals(*expect, "100-continue")) {
      if (!deferred_status_) {
        deferred_status_ = 417;
        deferred_reason_ = "unsupported expectation \"" + std::string(*expect) + "\"";
      }
    } else if (body_kind_ != Body::None && !v10 && buf_.empty() && !deferred_status_) {
      out_.push_back(Transmit{"HTTP/1.1 100 Continue\r\n\r\n", Label{Proto::HTTP, LabelKind::Reply, "100 Continue"}});
      events_.push_back(ReplySent{Proto::HTTP, 100, "", "", "", {"HTTP/1.1 100 Continue"}});
    }
  }

  if (body_kind_ == Body::None) return dispatch(now);
  in_body_ = true;
}

// RFC 9112 §6.3: how the request's content is delimited. False when the request was
// rejected because of its framing.
bool Server::choose_framing(const Headers& headers, bool v10, Instant now) {
  const bool has_te = find_header(headers, "Transfer-Encoding").has_value();
  const bool has_cl = find_header(headers, "Content-Length").has_value();
  if (has_te) {
    // RFC 9112 §6.1: Transfer-Encoding in an HTTP/1.0 request is faulty framing: 400, close.
    if (v10) {
      reject(400, "Transfer-Encoding in an HTTP/1.0 request", true, now);
      return false;
    }
    // §6.1: chunked must be the final coding of a request; codings not understood -> 501.
    std::string te = header_value(headers, "Transfer-Encoding");
    if (!iequals(last_coding(te), "chunked") || te.find(',') != std::string::npos) {
      reject(501, "transfer coding \"" + te + "\" not implemented", true, now);
      return false;
    }
    // §6.1: with both Content-Length and Transfer-Encoding, Transfer-Encoding wins and the
    // server MUST close the connection after responding.
    if (has_cl) close_after_ = true;
    body_kind_ = Body::Chunked;
    chunked_.emplace(config_.max_body);
  } else if (has_cl) {
    auto n = parse_content_length(header_value(headers, "Content-Length"));
    // §6.3 rule 5: an invalid Content-Length in a request is unrecoverable: 400 and close.
    if (!n) {
      reject(400, "invalid Content-Length", true, now);
      return false;
    }
    // RFC 9110 §15.5.14: 413; the server closes since it will not read the content.
    if (*n > config_.max_body) {
      reject(413, "content of " + std::to_string(*n) + " octets exceeds " + std::to_string(config_.max_body), true,
             now);
      return false;
    }
    body_kind_ = *n > 0 ? Body::Length : Body::None;
    body_remaining_ = *n;
  } else {
    body_kind_ = Body::None;  // §6.3 rule 7: a request without either has no content
  }
  return true;
}

// Returns true when it consumed bytes; clears in_body_ when the body is complete.
bool Server::read_body() {
  if (buf_.empty()) return false;
  if (body_kind_ == Body::Length) {
    std::size_t n = std::min(body_remaining_, buf_.size());
    current_.body.append(buf_, 0, n);
    buf_.erase(0, n);
    body_remaining_ -= n;
    if (body_remaining_ == 0) in_body_ = false;
    return n > 0;
  }
  std::size_t used = 0;
  auto st = chunked_->feed(buf_, used, current_.body);
  buf_.erase(0, used);
  if (st == ChunkedDecoder::Status::Complete) in_body_ = false;
  if (st == ChunkedDecoder::Status::Invalid) {
    in_body_ = false;
    deferred_status_ = chunked_->too_large() ? 413 : 400;
    deferred_reason_ = chunked_->error();
    close_after_ = true;  // the rest of the stream cannot be framed
    buf_.clear();
    return true;
  }
  return used > 0;
}

void Server::dispatch(Instant now) {
  in_body_ = false;
  if (deferred_status_) return reject(deferred_status_, deferred_reason_, close_after_, now);
  head_request_ = current_.method == "HEAD";
  set_state(ServerState::AwaitingResponse);
  rearm_idle(now);
  events_.push_back(std::move(current_));
  current_ = RequestReceived{};
}

void Server::respond(Response response, Instant now) {
  assert(state_ == ServerState::AwaitingResponse && "respond() without a request awaiting an answer");
  bool close = close_after_ || has_token(response.headers, "Connection", "close");
  send_response(std::move(response), head_request_, close, now);
  process(now);  // a pipelined request may be waiting in the buffer (RFC 9112 §9.3.2)
}

void Server::reject(int status, const std::string& reason, bool close, Instant now) {
  events_.push_back(PeerViolation{Proto::HTTP, std::to_string(status) + " " + reason});
  Response r;
  r.status = status;
  r.headers.push_back(Header{"Content-Type", "text/plain; charset=utf-8"});
  r.body = std::to_string(status) + " " + std::string(reason_phrase(status)) + ": " + reason + "\n";
  if (close) {
    buf_.clear();
    in_body_ = false;
  }
  send_response(std::move(r), false, close, now);
}

void Server::send_response(Response response, bool head_request, bool close, Instant now) {
  if (close && !has_token(response.headers, "Connection", "close"))
    response.headers.push_back(Header{"Connection", "close"});
  else if (!close && keep_alive_10_ && !has_token(response.headers, "Connection", "keep-alive"))
    response.headers.push_back(Header{"Connection", "keep-alive"});
  std::string line = status_line(response);
  std::string reason = line.substr(line.find(' ') + 1);
  out_.push_back(Transmit{serialize_response_head(response), Label{Proto::HTTP, LabelKind::Reply, label_text(reason)}});
  if (!head_request && status_has_body(response.status) && !response.body.empty())
    out_.push_back(Transmit{response.body, Label{Proto::HTTP, LabelKind::Data, body_label(response.headers, response.body.size())}});
  events_.push_back(ReplySent{Proto::HTTP, response.status, "", "", "", {line}});
  keep_alive_10_ = false;
  if (close) {
    set_state(ServerState::Closing);
    timers_ = {};
    return;
  }
  set_state(ServerState::Idle);
  close_after_ = false;
  rearm_idle(now);
}

std::optional<Transmit> Server::poll_transmit() { return pop(out_); }
std::optional<Server::Event> Server::poll_event() { return pop(events_); }

}  // namespace protocols::http
