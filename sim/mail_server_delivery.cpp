// Remote delivery: one SMTP transaction per (message, destination domain), trying the MX
// hosts in order; each recipient ends delivered, deferred (4xx, connection trouble) or
// failed (5xx), as RFC 5321 §4.2.5 and §5.1 and real MTAs have it.
#include "protocols/dns/dns_message.hpp"
#include "sim/mail_server_host.hpp"
#include "sim/world.hpp"
#if MAILSIM_HAVE_TLS
#include "sim/tls_context.hpp"
#endif

namespace sim {

namespace smtp = protocols::smtp;

struct MailServerHost::Attempt {
  std::string id, domain;
  std::vector<std::string> rcpts;
  std::vector<MxTarget> targets;
  std::size_t next = 0;
  MxTarget current;
  ConnId conn = 0;
  std::map<std::string, smtp::Reply> rcpt_replies;
  std::optional<smtp::Reply> final_reply;   // the reply to the end of DATA
  std::optional<smtp::Reply> session_reply; // a reply that ended the session early (greeting, MAIL)
  std::string failure;                      // why the session ended early, in words
  int serial = 0;        // which target's session is current (events of older ones are stale)
  bool decided = false;  // the current session's outcome has been applied
  bool tls_failure = false;  // TLS required and not to be had (RFC 3463 X.7.4)
};

namespace {
bool job_tls_wanted(protocols::TlsPolicy p) { return p != protocols::TlsPolicy::None; }
std::string domain_of(const std::string& a) {
  std::size_t at = a.rfind('@');
  std::string d = at == std::string::npos ? "" : a.substr(at + 1);
  for (char& c : d) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return d;
}
std::string reply_text(const smtp::Reply& r) {
  std::string s = std::to_string(r.code);
  if (!r.enhanced.empty()) s += " " + r.enhanced;
  if (!r.lines.empty()) s += " " + r.lines.front();
  return s;
}
std::string status_of(const smtp::Reply& r) {
  if (!r.enhanced.empty()) return r.enhanced;
  return r.code >= 500 ? "5.0.0" : "4.0.0";
}
}  // namespace

void MailServerHost::deliver_remote(const std::string& mid, const std::string& domain) {
  auto it = active_.find(mid);
  if (it == active_.end()) return;
  auto a = std::make_shared<Attempt>();
  a->id = mid;
  a->domain = domain;
  Instant now = kernel().now();
  for (auto& r : it->second.rcpts) {
    bool due = r.status == RcptStatus::Pending || (r.status == RcptStatus::Deferred && r.next_attempt && *r.next_attempt <= now);
    if (due && domain_of(r.address) == domain) {
      r.next_attempt.reset();  // in flight: the outcome sets the next time, if any
      a->rcpts.push_back(r.address);
      trace_queue(it->second, r.address, QueueAction::Attempt, QueueReason::ToMx, domain);
    }
  }
  if (a->rcpts.empty()) return;
  in_flight_.insert({mid, domain});
  lookup_mx(*this, domain, [this, a](const MxResult& mx) {
    if (mx.status == MxResult::Status::Ok) {
      a->targets = mx.targets;
      try_target(a);
      return;
    }
    a->failure = mx.reason;
    a->session_reply = smtp::Reply{mx.status == MxResult::Status::Permanent ? 550 : 450, mx.enhanced, {mx.reason}};
    finish_attempt(a, "");
  });
}

void MailServerHost::try_target(std::shared_ptr<Attempt> a) {
  auto it = active_.find(a->id);
  if (it == active_.end() || a->next >= a->targets.size()) {
    finish_attempt(a, a->failure);
    return;
  }
  a->current = a->targets[a->next++];
  int serial = ++a->serial;
  a->decided = false;
  a->rcpt_replies.clear();
  a->final_reply.reset();
  a->session_reply.reset();
  a->tls_failure = false;
  smtp::ClientJob job;
  job.helo_name = name();
  job.mail_from = it->second.mail_from;
  job.rcpts = a->rcpts;
  job.data = it->second.data;
  job.tls = spec_.tls_outbound;
  NodeId peer = world_.network().node_of(a->current.ip);
  auto s = std::make_unique<OutSession>(
      *this, peer,
      [this, a, serial](OutSession&, smtp::ClientEvent& e) {
        if (serial == a->serial && !a->decided) on_outbound_event(a, e);
      },
      [this, a, serial](OutSession& ss, CloseReason why) {
        ConnId c = ss.conn();
        std::string err;
        std::string where = a->current.host + "[" + protocols::dns::format_ipv4(a->current.ip) + "]:25";
        if (why == CloseReason::Refused) err = "connect to " + where + ": Connection refused";
        else if (why == CloseReason::ConnectTimeout) err = "connect to " + where + ": Connection timed out";
        else if (why == CloseReason::Reset) err = "lost connection with " + where + " (reset by peer)";
        else if (why == CloseReason::RetransmitTimeout) err = "conversation with " + where + " timed out";
        after(Duration::zero(), [this, c] { outbound_.erase(c); });
        if (serial != a->serial || a->decided) return;
        a->decided = true;
        finish_attempt(a, err);
      },
      std::in_place, std::move(job));
#if MAILSIM_HAVE_TLS
  // The certificate must name the MX host this attempt connects to (RFC 7672 §3.2 would ask
  // DANE; without it the MX name is what a verifying MTA checks).
  if (job_tls_wanted(spec_.tls_outbound) && kernel().tls) s->enable_tls(kernel().tls->client(a->current.host));
#endif
  ConnId c = tcp().connect(a->current.ip, 25, s->callbacks());
  s->bind(c);
  a->conn = c;
  outbound_[c] = std::move(s);
}

void MailServerHost::on_outbound_event(std::shared_ptr<Attempt> a, smtp::ClientEvent& e) {
  if (auto* r = std::get_if<smtp::RecipientResult>(&e)) a->rcpt_replies[r->rcpt] = r->reply;
  else if (auto* b = std::get_if<smtp::BodyConverted>(&e)) {
    // RFC 6152 §3: the next hop lacks 8BITMIME; Sendmail and Postfix log this conversion too.
    NoteRecord n = make_note(id(), NoteCode::Converted8Bit, a->id, a->current.host);
    n.n[0] = static_cast<std::int64_t>(b->quoted_printable);
    n.n[1] = static_cast<std::int64_t>(b->base64);
    n.n[2] = static_cast<std::int64_t>(b->bytes_before);
    n.n[3] = static_cast<std::int64_t>(b->bytes_after);
    kernel().record(std::move(n));
  } else if (auto* m = std::get_if<smtp::MessageResult>(&e)) {
    // The reply to "." decides: record it now, while QUIT and the close follow.
    a->final_reply = m->reply;
    a->decided = true;
    finish_attempt(a, "");
  } else if (auto* f = std::get_if<smtp::SessionFailed>(&e)) {
    std::string where = a->current.host + "[" + protocols::dns::format_ipv4(a->current.ip) + "]";
    if (f->reason == "tls") {
      a->tls_failure = true;
      // TLS required and not to be had: defer (Postfix's smtp_tls_security_level=encrypt
      // words it so); the next attempt may find it offered again.
      if (f->reply) a->failure = "TLS is required, but host " + where + " refused to start TLS: " + reply_text(*f->reply);
      else if (f->phase == smtp::ClientState::Tls) a->failure = "TLS is required, but the TLS handshake with host " + where + " failed";
      else a->failure = "TLS is required, but was not offered by host " + where;
    } else if (f->reason == "conversion" && f->reply) {
      // The client's own verdict, not the server's: say so (Postfix words it the same way).
      a->session_reply = *f->reply;
      a->failure = "message not sent to host " + where + ": " + reply_text(*f->reply);
    } else if (f->reply) {
      a->session_reply = *f->reply;
      a->failure = "host " + where + " said: " + reply_text(*f->reply) + " (in reply to " +
                   std::string(smtp::to_string(f->phase)) + ")";
    } else if (f->reason == "timeout") {
      a->failure = "conversation with " + where + " timed out while in state " + std::string(smtp::to_string(f->phase));
    } else if (f->reason == "eof") {
      a->failure = "lost connection with " + where + " while in state " + std::string(smtp::to_string(f->phase));
    } else {
      a->failure = f->reason;
    }
    // A lost connection is decided when TCP reports why (refused, timed out, reset).
    if (f->reason == "eof") return;
    a->decided = true;
    finish_attempt(a, "");
  }
}

void MailServerHost::finish_attempt(std::shared_ptr<Attempt> a, const std::string& connect_error) {
  auto it = active_.find(a->id);
  if (it == active_.end()) return;
  QueuedMessage& m = it->second;
  bool transaction = a->final_reply.has_value() || !a->rcpt_replies.empty();
  // Nothing was said about the recipients: a connection failure or an early 4xx (a 421
  // greeting) moves on to the next MX host (RFC 5321 §5.1); a 5xx there fails them all.
  if (!transaction && !(a->session_reply && a->session_reply->code >= 500)) {
    if (!connect_error.empty()) a->failure = connect_error;
    else if (a->session_reply) a->failure = "host " + a->current.host + " said: " + reply_text(*a->session_reply);
    if (a->next < a->targets.size()) {
      try_target(a);
      return;
    }
  }
  in_flight_.erase({a->id, a->domain});
  for (auto& r : m.rcpts) {
    if (std::find(a->rcpts.begin(), a->rcpts.end(), r.address) == a->rcpts.end()) continue;
    ++r.attempts;
    r.last_attempt = kernel().now();
    r.remote_mta = a->current.host;
    auto rr = a->rcpt_replies.find(r.address);
    const std::string said = "host " + a->current.host + " said: ";
    if (rr != a->rcpt_replies.end() && rr->second.code >= 400) {
      if (rr->second.code >= 500) fail(m, r, said + reply_text(rr->second), status_of(rr->second));
      else defer(m, r, said + reply_text(rr->second), status_of(rr->second));
    } else if (rr != a->rcpt_replies.end() && a->final_reply) {
      const smtp::Reply& f = *a->final_reply;
      if (f.code < 400) {
        r.status = RcptStatus::Delivered;
        trace_queue(m, r.address, QueueAction::Delivered, QueueReason::Relayed, a->current.host, reply_text(f));
      } else if (f.code >= 500) {
        fail(m, r, said + reply_text(f), status_of(f));
      } else {
        defer(m, r, said + reply_text(f), status_of(f));
      }
    } else if (a->session_reply && a->session_reply->code >= 500) {
      fail(m, r, a->failure.empty() ? said + reply_text(*a->session_reply) : a->failure, status_of(*a->session_reply));
    } else {
      std::string why = a->failure.empty() ? connect_error : a->failure;
      if (why.empty()) why = "lost connection with " + a->current.host;
      defer(m, r, why, a->tls_failure ? "4.7.4" : a->session_reply ? status_of(*a->session_reply) : "4.4.1");
    }
  }
  settle(m);
}

}  // namespace sim
