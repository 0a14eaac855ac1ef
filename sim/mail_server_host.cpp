// Mail server host: life cycle, faults, and the inbound SMTP and submission services.
#include "sim/mail_server_host.hpp"

#include <cstdlib>

#include "protocols/dns/dns_message.hpp"
#include "protocols/message/date.hpp"
#include "protocols/message/trace_fields.hpp"
#include "sim/fault_spec.hpp"
#include "sim/world.hpp"
#if MAILSIM_HAVE_TLS
#include "sim/tls_context.hpp"
#endif

namespace sim {

namespace smtp = protocols::smtp;

MailServerHost::MailServerHost(World& w, NodeId id, const HostSpec& spec)
    : Host(w, id, spec), spec_(spec.mail), policy_(make_retry_policy(spec.mail.retry)), queue_(disk()) {}

MailServerHost::~MailServerHost() = default;

void MailServerHost::boot() {
  boot_time_ = kernel().now();
  // Memory is empty after a power cycle: what is on the disk is all there is.
  // The mail store lives on the host's disk (like a Maildir): it is written as each change
  // happens and outlives the power. Created on first boot.
  bool first_boot = !store_;
  if (first_boot) store_ = std::make_unique<protocols::store::Store>();
  for (const auto& u : spec_.users) store_->add_user(u.name, u.password);
  store_->add_user("postmaster", "");
  if (first_boot) load_initial_mailboxes();
  store_seq_ = store_->change_seq();
  active_.clear();
  in_flight_.clear();
  for (const std::string& qid : queue_.ids()) {
    std::optional<QueuedMessage> m = queue_.load(qid);
    if (!m) continue;
    // Recipients tried when the power went have no answer: try them again. An attempt
    // clears next_attempt in memory, and a save for another recipient of the same message
    // (a deferral from another domain) writes that to disk: left alone, such a recipient
    // would never be due again and the message would sit in the queue for ever.
    for (QueueRecipient& r : m->rcpts)
      if (r.status == RcptStatus::Deferred && !r.next_attempt) r.next_attempt = kernel().now();
    active_[qid] = std::move(*m);
  }
  add_service(25, [this](ConnId c) { return accept_smtp(c, 25); });
  add_service(587, [this](ConnId c) { return accept_smtp(c, 587); });
  add_service(110, [this](ConnId c) { return accept_pop3(c); });
  add_service(143, [this](ConnId c) { return accept_imap(c); });
  if (!active_.empty()) wake_at(kernel().now());
}

// The mailboxes the scenario gives its users at the start (Maildir or .eml files, read by the
// loader): the world begins with them, so they are not traced as deliveries. A Maildir file
// name's time is a wall-clock time; internal dates count from the scenario's start.
void MailServerHost::load_initial_mailboxes() {
  for (const auto& u : spec_.users) {
    for (const std::string& f : u.folders)
      if (!store_->folder(u.name, f)) store_->create(u.name, f);
    for (const InitialMessage& m : u.mailbox) {
      if (!store_->folder(u.name, m.folder)) store_->create(u.name, m.folder);
      Instant date = m.unix_time ? protocols::at_ns((*m.unix_time - world().spec().start_unix) * 1'000'000'000)
                                 : protocols::kEpoch;
      store_->append(u.name, m.folder, m.bytes, m.flags, date);
    }
  }
}

void MailServerHost::crash() {
  inbound_.clear();
  inbound_port_.clear();
  outbound_.clear();
  pop3_.clear();
  imap_.clear();
  admitted_.clear();
  active_.clear();
  in_flight_.clear();
  wake_.reset();
  // What was on disk stays; what was only in memory goes: reading the store back from its
  // on-disk form drops the POP3 maildrop locks and the change log of the sessions that died.
  if (auto back = protocols::store::Store::deserialize(store_->serialize())) *store_ = std::move(*back);
  store_seq_ = store_->change_seq();
}

void MailServerHost::sync_store() {
  // Every change since the last look becomes a mailbox record, and the store goes to disk.
  std::vector<protocols::store::Change> changes = store_->changes_since(store_seq_);
  if (changes.empty()) return;
  for (const auto& c : changes) {
    // MailboxAction's first values are the store's change kinds, in the same order.
    MailboxRecord m{id(), static_cast<MailboxAction>(c.kind), 0, c.user, c.folder, c.uids};
    // The flags as the change left them: the store may have moved on since (an EXPUNGE in
    // the same burst of commands), so they come with the change, not from the folder now.
    MailboxDetail d;
    for (std::size_t i = 0; i < c.flags.size() && i < c.uids.size(); ++i)
      d.flags.push_back(MessageFlags{c.uids[i], c.flags[i].to_string()});
    d.source_folder = c.source_folder;
    d.source_uids = c.source_uids;
    if (!d.flags.empty() || !d.source_folder.empty() || !d.source_uids.empty())
      m.detail = std::make_shared<const MailboxDetail>(std::move(d));
    kernel().record(std::move(m));
  }
  store_seq_ = store_->change_seq();
  // IMAP sessions (an idling phone, a second device) hear of the change at once.
  for (auto& [c, s] : imap_) {
    s->engine().handle_store_changed(kernel().now());
    s->pump();
  }
}

bool MailServerHost::apply_fault(const std::string& action, const std::string& value, std::uint16_t port) {
  auto each = [&](auto fn) {
    if (port == 0 || port == 25) fn(faults_[0]);
    if (port == 0 || port == 587) fn(faults_[1]);
  };
  if (action == "hang") {
    bool on = value != "off";
    each([&](smtp::FaultConfig& f) { f.hang = on; });
  } else if (action == "greylist") {
    bool on = value != "off";
    each([&](smtp::FaultConfig& f) { f.greylisting = on; });
  } else if (action == "reply") {
    std::optional<ReplyFaultValue> rv = parse_reply_value(value);
    if (!rv) return false;
    std::optional<smtp::FaultPhase> phase;
    if (rv->phase == "GREETING") phase = smtp::FaultPhase::Greeting;
    else if (rv->phase == "EHLO" || rv->phase == "HELO") phase = smtp::FaultPhase::Ehlo;
    else if (rv->phase == "MAIL") phase = smtp::FaultPhase::Mail;
    else if (rv->phase == "RCPT") phase = smtp::FaultPhase::Rcpt;
    else if (rv->phase == "DATA") phase = smtp::FaultPhase::Data;
    else if (rv->phase == "DOT") phase = smtp::FaultPhase::Dot;
    each([&](smtp::FaultConfig& f) {
      if (!phase) {
        f.forced.clear();
        return;
      }
      std::erase_if(f.forced, [&](const smtp::ForcedReply& r) { return r.phase == *phase; });
      f.forced.push_back(smtp::ForcedReply{*phase, rv->code});
    });
  } else if (action == "max-sessions" || action == "max-commands") {
    // Caps of a server on real ports (mailsim serve sets them as input entries, so a replay
    // has them too); they apply to sessions that start from now on. "off" is 0: no cap.
    std::size_t n = value == "off" ? 0 : static_cast<std::size_t>(std::atol(value.c_str()));
    (action == "max-sessions" ? limits_.max_sessions : limits_.max_commands) = n;
    return true;
  } else if (action == "drop-after") {
    // POP3 (110) and IMAP (143) only: SMTP has its reply faults. Sessions open now and later.
    if (port != 0 && port != 110 && port != 143) return false;
    std::string verb = value == "off" ? "" : value;
    if (port != 143) drop_after_[0] = verb;
    if (port != 110) drop_after_[1] = verb;
    for (auto& [c, s] : pop3_) s->set_drop_after(drop_after_[0]);
    for (auto& [c, s] : imap_) s->set_drop_after(drop_after_[1]);
    return true;
  } else if (action == "disk-full" || action == "disk-ok") {
    disk_full_ = action == "disk-full";
    each([&](smtp::FaultConfig& f) { f.disk_full = disk_full_; });
  } else {
    return false;
  }
  for (auto& [c, s] : inbound_) s->engine().set_faults(faults_[inbound_port_[c] == 587 ? 1 : 0]);
  return true;
}

smtp::ServerConfig MailServerHost::server_config(std::uint16_t port) const {
  smtp::ServerConfig c;
  c.hostname = name();
  c.role = port == 587 ? smtp::PortRole::Submission : smtp::PortRole::Relay;
  c.local_domains = spec_.domains;
  for (const auto& u : spec_.users) {
    for (const auto& d : spec_.domains) c.local_users.push_back(u.name + "@" + d);
    c.accounts.push_back(smtp::Account{u.name, u.password});
  }
  for (const auto& d : spec_.domains) c.local_users.push_back("postmaster@" + d);
  c.max_message_size = spec_.max_message_size;
  c.max_recipients = spec_.max_recipients;
  c.advertise_8bitmime = spec_.advertise_8bitmime;
  c.advertise_smtputf8 = spec_.advertise_smtputf8;
  c.max_line_length = spec_.max_line_length;
  // STARTTLS needs the world's certificates (none in a build without TLS: not offered).
  c.starttls = spec_.starttls && world_.kernel().tls;
  c.auth_requires_tls = c.starttls && spec_.auth_requires_tls;
  return c;
}

TcpCallbacks MailServerHost::accept_smtp(ConnId c, std::uint16_t port) {
  NodeId peer = world_.network().node_of(tcp().remote_ip(c));
  smtp::ServerConfig cfg = server_config(port);
  bool admitted = admit(port);
  cfg.over_connection_limit = !admitted;
  cfg.max_commands = limits_.max_commands;
  // Built in place: an engine with its queues is not moved for nothing.
  auto s = std::make_unique<InSession>(
      *this, peer,
      [this](InSession& ss, smtp::ServerEvent& e) { on_inbound_event(ss, e); },
      [this, admitted, port](InSession& ss, CloseReason) {
        if (admitted) release(port);
        ConnId gone = ss.conn();
        // The session object is running this callback: free it once the call is over.
        after(Duration::zero(), [this, gone] {
          inbound_.erase(gone);
          inbound_port_.erase(gone);
        });
      },
      std::in_place, std::move(cfg), protocols::dns::format_ipv4(tcp().remote_ip(c)), &greylist_);
  s->engine().set_faults(faults_[port == 587 ? 1 : 0]);
#if MAILSIM_HAVE_TLS
  if (s->engine().config().starttls) s->enable_tls(kernel().tls->server(name()));
#endif
  s->bind(c);
  track_session(port, c);
  TcpCallbacks cb = s->callbacks();
  inbound_[c] = std::move(s);
  inbound_port_[c] = port;
  return cb;
}

std::string MailServerHost::received_header(const smtp::MessageReceived& m, const std::string& qid, NodeId peer) const {
  protocols::message::ReceivedInfo info;
  info.helo = m.envelope.helo;
  info.reverse_name = world_.host(peer) ? world_.host(peer)->name() : "";
  info.ip = protocols::dns::format_ipv4(world_.network().ip_of(peer));
  info.by = name();
  // RFC 3848: ESMTPS when the message came inside TLS, ESMTPA / ESMTPSA after AUTH.
  info.with = std::string("ESMTP") + (m.envelope.tls ? "S" : "") + (m.envelope.auth_user.empty() ? "" : "A");
  info.id = qid;
  if (m.envelope.rcpts.size() == 1) info.for_recipient = m.envelope.rcpts.front();
  const ScenarioSpec& sc = world_.spec();
  info.unix_seconds = sc.start_unix + protocols::ns_of(world_.now()) / 1'000'000'000;
  info.zone_offset_minutes = sc.zone_offset_minutes;
  return protocols::message::received_field(info);
}

void MailServerHost::on_inbound_event(InSession& s, smtp::ServerEvent& e) {
  auto* m = std::get_if<smtp::MessageReceived>(&e);
  if (!m) return;
  if (disk_full_) {
    s.engine().reject_message(smtp::make_reply(452, "4.3.1", "Insufficient system storage"), kernel().now());
    s.pump();
    return;
  }
  QueuedMessage q;
  q.id = queue_.next_id(kernel().now());
  q.mail_from = m->envelope.mail_from;
  q.arrival = kernel().now();
  Host* peer = world_.host(s.peer());
  q.received_from = (peer ? peer->name() : "?") + " [" + protocols::dns::format_ipv4(world_.network().ip_of(s.peer())) + "]";
  q.data = received_header(*m, q.id, s.peer()) + m->data;
  for (const std::string& r : m->envelope.rcpts) {
    QueueRecipient qr;
    qr.address = r;
    q.rcpts.push_back(qr);
  }
  std::string qid = q.id;
  enqueue(std::move(q));  // written to disk first (RFC 5321 §6.1: responsibility on 250)
  s.engine().accept_message(qid, kernel().now());
  s.pump();
}

bool MailServerHost::admit(std::uint16_t port) {
  std::size_t& n = admitted_[port];
  if (limits_.max_sessions != 0 && n >= limits_.max_sessions) return false;
  ++n;
  return true;
}

void MailServerHost::release(std::uint16_t port) {
  std::size_t& n = admitted_[port];
  if (n > 0) --n;
}

std::string MailServerHost::time_text(Instant t) const {
  const ScenarioSpec& sc = world_.spec();
  return protocols::message::format_date(sc.start_unix + protocols::ns_of(t) / 1'000'000'000, sc.zone_offset_minutes);
}

}  // namespace sim
