// The mail server's queue manager: when each recipient is tried, deferred, failed or
// delivered, and when the queue is run again (retry_policy.hpp).
#include "protocols/message/address.hpp"
#include "protocols/message/trace_fields.hpp"
#include "sim/mail_server_host.hpp"
#include "sim/world.hpp"

namespace sim {

namespace {
std::string domain_of(const std::string& address) {
  std::size_t at = address.rfind('@');
  std::string d = at == std::string::npos ? "" : address.substr(at + 1);
  for (char& c : d) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return d;
}
std::string local_of(const std::string& address) {
  std::size_t at = address.rfind('@');
  std::string l = at == std::string::npos ? address : address.substr(0, at);
  for (char& c : l) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return l;
}
bool due(const QueueRecipient& r, Instant now) {
  if (r.status == RcptStatus::Pending) return true;
  return r.status == RcptStatus::Deferred && r.next_attempt && *r.next_attempt <= now;
}
}  // namespace

void MailServerHost::trace_queue(const QueuedMessage& m, const std::string& rcpt, QueueAction action, QueueReason why,
                                 std::string arg, std::string text, std::optional<Instant> next, Duration waited) {
  kernel().record(QueueRecord{id(), action, why, m.id, rcpt, std::move(arg), std::move(text), waited, next});
}

void MailServerHost::save(const QueuedMessage& m) { queue_.store(m); }

void MailServerHost::enqueue(QueuedMessage m) {
  save(m);  // on disk before anyone is told it is accepted
  for (const auto& r : m.rcpts)
    trace_queue(m, r.address, QueueAction::Queued, m.mail_from.empty() ? QueueReason::FromNull : QueueReason::From, m.mail_from);
  std::string mid = m.id;
  active_[mid] = std::move(m);
  after(Duration::zero(), [this, mid] { attempt_message(mid); });
}

void MailServerHost::wake_at(Instant t) {
  if (wake_ && *wake_ <= t && kernel().sched.pending(wake_event_)) return;
  kernel().sched.cancel(wake_event_);
  wake_ = t;
  wake_event_ = at(std::max(t, kernel().now()), [this] { queue_run(); });
}

void MailServerHost::queue_run() {
  wake_.reset();
  std::vector<std::string> ids;
  for (const auto& [mid, m] : active_) ids.push_back(mid);
  for (const std::string& mid : ids) attempt_message(mid);
  // Next run: the first queue run at or after the earliest deferred recipient's time.
  std::optional<Instant> earliest;
  for (const auto& [mid, m] : active_)
    for (const auto& r : m.rcpts)
      if (r.status == RcptStatus::Deferred && r.next_attempt && *r.next_attempt > kernel().now() &&
          (!earliest || *r.next_attempt < *earliest))
        earliest = r.next_attempt;
  if (earliest) wake_at(policy_.next_queue_run(boot_time_, *earliest));
}

void MailServerHost::attempt_message(const std::string& mid) {
  auto it = active_.find(mid);
  if (it == active_.end()) return;
  QueuedMessage& m = it->second;
  Instant now = kernel().now();
  std::vector<std::string> remote_domains;
  bool local_done = false;
  for (auto& r : m.rcpts) {
    if (!due(r, now)) continue;
    std::string d = domain_of(r.address);
    if (is_local_domain(d)) {
      trace_queue(m, r.address, QueueAction::Attempt, QueueReason::Local);
      deliver_local(m, r);
      local_done = true;
    } else if (!in_flight_.count({mid, d}) &&
               std::find(remote_domains.begin(), remote_domains.end(), d) == remote_domains.end()) {
      remote_domains.push_back(d);
    }
  }
  if (local_done) settle(m);  // may erase m
  for (const std::string& d : remote_domains) deliver_remote(mid, d);
}

void MailServerHost::deliver_local(QueuedMessage& m, QueueRecipient& r) {
  std::string user = local_of(r.address);
  bool known = user == "postmaster";
  for (const auto& u : spec_.users) known |= u.name == user;
  ++r.attempts;
  r.last_attempt = kernel().now();
  if (!known) {
    fail(m, r, "550 5.1.1 <" + r.address + ">: Recipient address rejected: User unknown in local recipient table", "5.1.1");
    return;
  }
  if (disk_full_) {
    defer(m, r, "452 4.3.1 Insufficient system storage (mailbox disk full)", "4.3.1");
    return;
  }
  // RFC 5321 §4.4: final delivery puts the reverse-path at the top ("<>" for a bounce).
  protocols::store::Outcome res =
      store_->append(user, "INBOX", protocols::message::return_path_field(m.mail_from) + m.data, {}, kernel().now());
  if (!res) {
    defer(m, r, "451 4.3.0 local delivery failed: " + res.error, "4.3.0");
    return;
  }
  r.status = RcptStatus::Delivered;
  r.remote_mta = name();
  trace_queue(m, r.address, QueueAction::Delivered, QueueReason::ToMailbox, user);
  sync_store();
}

void MailServerHost::defer(QueuedMessage& m, QueueRecipient& r, const std::string& reason, const std::string& enhanced) {
  Instant now = kernel().now();
  r.last_error = reason;
  r.enhanced = enhanced;
  if (!r.first_failure) r.first_failure = now;
  Duration interval = r.last_interval;
  std::optional<Instant> next = policy_.next_attempt(m.arrival, *r.first_failure, now, &interval);
  r.last_interval = interval;
  if (!next) {
    // Past the queue lifetime: give up; the DSN keeps the last temporary status (as Postfix).
    r.status = RcptStatus::Failed;
    trace_queue(m, r.address, QueueAction::Expired, QueueReason::GaveUp, {}, reason, std::nullopt, now - m.arrival);
    return;
  }
  r.status = RcptStatus::Deferred;
  Instant run = policy_.next_queue_run(boot_time_, *next);
  r.next_attempt = run;
  trace_queue(m, r.address, QueueAction::Deferred, QueueReason::Diagnostic, {}, reason, run);
  wake_at(run);
  if (policy_.delay_warning && !r.delay_warned && now - m.arrival >= *policy_.delay_warning && !m.mail_from.empty()) {
    r.delay_warned = true;
    notify(m, {&r}, true);
  }
}

void MailServerHost::fail(QueuedMessage& m, QueueRecipient& r, const std::string& reason, const std::string& enhanced) {
  r.status = RcptStatus::Failed;
  r.last_error = reason;
  r.enhanced = enhanced;
  trace_queue(m, r.address, QueueAction::Failed, QueueReason::Diagnostic, {}, reason);
}

void MailServerHost::settle(QueuedMessage& m) {
  std::vector<const QueueRecipient*> failed;
  for (auto& r : m.rcpts)
    if (r.status == RcptStatus::Failed && !r.notified) {
      r.notified = true;
      failed.push_back(&r);
    }
  if (!failed.empty()) {
    if (m.mail_from.empty()) deliver_to_postmaster(m);  // a bounce is never bounced
    else notify(m, failed, false);
  }
  if (m.done()) {
    queue_.remove(m.id);
    trace_queue(m, "", QueueAction::Removed, QueueReason::AllDone);
    active_.erase(m.id);
  } else {
    save(m);
  }
}

std::vector<QueuedMessage> MailServerHost::queue_snapshot() const {
  std::vector<QueuedMessage> out;
  for (const auto& [mid, m] : active_) out.push_back(m);
  return out;
}

bool MailServerHost::is_local_domain(const std::string& domain) const {
  for (const auto& d : spec_.domains)
    if (d == domain) return true;
  return false;
}

}  // namespace sim
