// Delivery status notifications (RFC 3464) from MAILER-DAEMON: "failed" when recipients are
// given up, "delayed" when the warning time passes. They are sent with the null reverse
// path MAIL FROM:<> (RFC 5321 §4.5.5), and one that cannot be delivered goes to the local
// postmaster and stops there: a bounce is never bounced.
#include "protocols/message/address.hpp"
#include "protocols/message/dsn.hpp"
#include "protocols/message/trace_fields.hpp"
#include "sim/mail_server_host.hpp"
#include "sim/world.hpp"

namespace sim {

namespace msg = protocols::message;

namespace {
msg::DateTime date_of(const ScenarioSpec& sc, Instant t) {
  return msg::DateTime{sc.start_unix + protocols::ns_of(t) / 1'000'000'000, sc.zone_offset_minutes};
}
}  // namespace

void MailServerHost::notify(const QueuedMessage& m, const std::vector<const QueueRecipient*>& rcpts, bool delayed) {
  const ScenarioSpec& sc = world_.spec();
  msg::DsnSpec d;
  d.report.reporting_mta = name();
  d.report.arrival_date = date_of(sc, m.arrival);
  for (const QueueRecipient* r : rcpts) {
    msg::DsnRecipient dr;
    dr.final_recipient = r->address;
    dr.action = delayed ? msg::DsnAction::Delayed : msg::DsnAction::Failed;
    dr.status = r->enhanced.empty() ? (delayed ? "4.0.0" : "5.0.0") : r->enhanced;
    if (r->remote_mta != name()) dr.remote_mta = r->remote_mta;
    dr.diagnostic_code = r->last_error;
    if (r->last_attempt) dr.last_attempt = date_of(sc, *r->last_attempt);
    if (delayed) dr.will_retry_until = date_of(sc, m.arrival + policy_.queue_lifetime);
    d.report.recipients.push_back(dr);
  }
  d.postmaster_host = name();
  if (auto mb = msg::parse_addr_spec(m.mail_from)) d.to = *mb;
  d.date = date_of(sc, kernel().now());
  d.original = m.data;
  d.seed = name() + "/" + m.id + (delayed ? "/delayed/" : "/failed/") + std::to_string(protocols::ns_of(kernel().now()));

  QueuedMessage n;
  n.id = queue_.next_id(kernel().now());
  n.mail_from = "";  // the null reverse path
  n.arrival = kernel().now();
  n.received_from = "MAILER-DAEMON (local)";
  n.data = msg::build_dsn(d);
  QueueRecipient to;
  to.address = m.mail_from;
  n.rcpts.push_back(to);
  QueueAction what = delayed ? QueueAction::DelayedDsn : QueueAction::Bounced;
  for (const QueueRecipient* r : rcpts) trace_queue(m, r->address, what, QueueReason::Notification, n.id, m.mail_from);
  enqueue(std::move(n));
}

void MailServerHost::deliver_to_postmaster(const QueuedMessage& m) {
  // A failed bounce has the null reverse path: "Return-Path: <>" (RFC 5321 §4.4).
  store_->append("postmaster", "INBOX", msg::return_path_field(m.mail_from) + m.data, {}, kernel().now());
  trace_queue(m, "postmaster", QueueAction::Delivered, QueueReason::Postmaster);
  sync_store();
}

}  // namespace sim
