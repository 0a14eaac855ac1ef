// HTTP/1.1 client connection engine (RFC 9112 §3-§7, §9).
#include "protocols/http/client.hpp"
#include "protocols/take_front.hpp"

#include <cassert>

namespace protocols::http {

namespace {

template <class Q>
auto pop(Q& q) -> std::optional<typename Q::value_type> {
  return take_front(q);
}


}  // namespace

void Client::send(Request request, Instant now) {
  Outgoing o;
  o.line = request_line(request);
  o.head = request.method == "HEAD";
  o.head_bytes = serialize_request_head(request);
  o.body = std::move(request.body);
  if (!o.body.empty()) o.body_label = body_label(request.headers, o.body.size());
  queue_.push_back(std::move(o));
  write_ready(now);
}

void Client::send_raw(std::string bytes, Instant now) {
  Outgoing o;
  std::string_view first(bytes);
  first = first.substr(0, first.find('\n'));
  o.line = label_text(first, 200);
  o.head = first.substr(0, 5) == "HEAD ";
  o.head_bytes = std::move(bytes);
  queue_.push_back(std::move(o));
  write_ready(now);
}

void Client::handle_connected(Instant now) {
  connected_ = true;
  write_ready(now);
}

void Client::write_ready(Instant now) {
  if (!connected_ || closed_) return;
  // RFC 9112 §9.3.2: a client MAY pipeline; without it, wait for each response.
  while (!queue_.empty() && (config_.pipeline || sent_.empty())) {
    Outgoing o = std::move(queue_.front());
    queue_.pop_front();
    out_.push_back(Transmit{o.head_bytes, Label{Proto::HTTP, LabelKind::Command, label_text(o.line)}});
    if (!o.body.empty()) out_.push_back(Transmit{o.body, Label{Proto::HTTP, LabelKind::Data, o.body_label}});
    o.head_bytes.clear();
    o.body.clear();
    sent_.push_back(std::move(o));
  }
  if (!sent_.empty() && !timers_.armed(ClientTimer::Response))
    timers_.arm(ClientTimer::Response, now + config_.response_timeout);
}

void Client::handle_bytes(std::string_view bytes, Instant now) {
  if (closed_) return;
  buf_.append(bytes);
  if (!sent_.empty()) timers_.arm(ClientTimer::Response, now + config_.response_timeout);
  while (!closed_) {
    bool progressed = in_body_ ? read_body() : read_head(now);
    if (closed_) break;
    if (!in_body_ && body_kind_ != Body::None) {
      body_kind_ = Body::None;
      complete(now);
      continue;
    }
    if (!progressed) break;
  }
}

void Client::fail(const std::string& why) {
  events_.push_back(PeerViolation{Proto::HTTP, why});
  closed_ = true;
  timers_ = {};
}

bool Client::read_head(Instant now) {
  if (buf_.empty()) return false;
  if (sent_.empty()) {
    fail("response bytes with no request outstanding");
    return false;
  }
  HeadResult head = parse_head(buf_, config_.limits, &scan_);
  if (head.status == HeadStatus::NeedMore) return false;
  if (head.status == HeadStatus::Invalid) {
    fail("invalid response head: " + head.reason);
    return false;
  }
  auto line = parse_status_line(head.start_line);
  if (!line) {
    fail("invalid status line \"" + label_text(head.start_line) + "\"");
    return false;
  }
  buf_.erase(0, head.consumed);
  scan_ = 0;
  if (line->status < 200 && line->status != 101) return true;  // RFC 9110 §15.2: interim, skip

  current_ = ResponseReceived{sent_.front().line, line->version, line->status, line->reason, head.headers, {}};
  close_after_ = has_token(head.headers, "Connection", "close") ||
                 (line->version == "HTTP/1.0" && !has_token(head.headers, "Connection", "keep-alive"));
  // RFC 9112 §6.3, in order: (1) HEAD, 1xx, 204, 304 have no content; (4) chunked as final
  // coding; other codings read until close; (5) invalid Content-Length is unrecoverable;
  // (6) Content-Length; (8) otherwise read until the server closes.
  if (sent_.front().head || !status_has_body(line->status)) {
    body_kind_ = Body::Length;
    body_remaining_ = 0;
    in_body_ = false;
    return true;
  }
  if (find_header(head.headers, "Transfer-Encoding")) {
    std::string te = header_value(head.headers, "Transfer-Encoding");
    std::string last = te.substr(te.rfind(',') == std::string::npos ? 0 : te.rfind(',') + 1);
    while (!last.empty() && last.front() == ' ') last.erase(0, 1);
    if (iequals(last, "chunked")) {
      body_kind_ = Body::Chunked;
      chunked_.emplace(config_.max_body);
    } else {
      body_kind_ = Body::UntilClose;
      close_after_ = true;
    }
  } else if (find_header(head.headers, "Content-Length")) {
    auto n = parse_content_length(header_value(head.headers, "Content-Length"));
    if (!n) {
      fail("invalid Content-Length in response");
      return false;
    }
    if (*n > config_.max_body) {
      fail("response content larger than " + std::to_string(config_.max_body) + " octets");
      return false;
    }
    body_kind_ = Body::Length;
    body_remaining_ = *n;
  } else {
    body_kind_ = Body::UntilClose;
    close_after_ = true;
  }
  in_body_ = !(body_kind_ == Body::Length && body_remaining_ == 0);
  (void)now;
  return true;
}

bool Client::read_body() {
  if (buf_.empty()) return false;
  switch (body_kind_) {
    case Body::Length: {
      std::size_t n = std::min(body_remaining_, buf_.size());
      current_.body.append(buf_, 0, n);
      buf_.erase(0, n);
      body_remaining_ -= n;
      if (body_remaining_ == 0) in_body_ = false;
      return n > 0;
    }
    case Body::Chunked: {
      std::size_t used = 0;
      auto st = chunked_->feed(buf_, used, current_.body);
      buf_.erase(0, used);
      if (st == ChunkedDecoder::Status::Invalid) {
        fail("invalid chunked content: " + chunked_->error());
        return false;
      }
      if (st == ChunkedDecoder::Status::Complete) in_body_ = false;
      return used > 0;
    }
    case Body::UntilClose:
      if (current_.body.size() + buf_.size() > config_.max_body) {
        fail("response content larger than " + std::to_string(config_.max_body) + " octets");
        return false;
      }
      current_.body += buf_;
      buf_.clear();
      return false;
    case Body::None: break;
  }
  return false;
}

void Client::complete(Instant now) {
  sent_.pop_front();
  events_.push_back(std::move(current_));
  current_ = ResponseReceived{};
  timers_.disarm(ClientTimer::Response);
  if (close_after_) {
    // RFC 9112 §9.6: after "Connection: close" the client MUST NOT send further requests.
    closed_ = true;
    if (!sent_.empty())
      events_.push_back(PeerViolation{Proto::HTTP, "server closed with pipelined requests unanswered"});
    return;
  }
  write_ready(now);
}

void Client::handle_eof(Instant now) {
  if (closed_) return;
  if (in_body_ && body_kind_ == Body::UntilClose) {
    in_body_ = false;
    body_kind_ = Body::None;
    close_after_ = true;
    complete(now);
    return;
  }
  if (!sent_.empty() || !buf_.empty() || in_body_)
    events_.push_back(PeerViolation{Proto::HTTP, in_body_ || !buf_.empty() ? "connection closed in the middle of a response"
                                                                          : "connection closed before the response"});
  closed_ = true;
  timers_ = {};
}

void Client::handle_timeout(Instant now) {
  while (auto t = timers_.take_expired(now)) {
    if (*t != ClientTimer::Response || sent_.empty()) continue;
    events_.push_back(ResponseTimedOut{sent_.front().line});
    closed_ = true;
    timers_ = {};
  }
}

bool Client::wants_close() const {
  if (!out_.empty()) return false;
  return closed_ || (finish_ && idle());
}

std::vector<std::string> Client::unsent() const {
  std::vector<std::string> lines;
  for (const auto& o : queue_) lines.push_back(o.line);
  return lines;
}

std::optional<Transmit> Client::poll_transmit() { return pop(out_); }
std::optional<Client::Event> Client::poll_event() { return pop(events_); }

}  // namespace protocols::http
