// User agent: compose with the MIME builder, keep an outbox on disk, submit with AUTH.
#include "sim/user_agent_host.hpp"

#include <algorithm>

#include "protocols/message/address.hpp"
#include "protocols/message/message_builder.hpp"
#include "protocols/message/trace_fields.hpp"
#include "sim/world.hpp"
#if MAILSIM_HAVE_TLS
#include "sim/tls_context.hpp"
#endif

namespace sim {

namespace smtp = protocols::smtp;
namespace msg = protocols::message;

namespace {
const std::string kOutbox = "outbox/";

// Deterministic attachment bytes of a given size (the scenario says only how big).
std::string filler(std::uint64_t size, const std::string& seed) {
  std::uint64_t x = msg::fnv1a64(seed);
  std::string s(size, '\0');
  for (char& c : s) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    c = static_cast<char>(x & 0xFF);
  }
  return s;
}

std::string encode_outgoing(const std::vector<std::string>& rcpts, const std::string& data) {
  std::string head;
  for (const auto& r : rcpts) head += r + "\n";
  return head + "\n" + data;
}
}  // namespace

UserAgentHost::UserAgentHost(World& w, NodeId id, const HostSpec& spec) : Host(w, id, spec), spec_(spec.agent) {}
UserAgentHost::~UserAgentHost() = default;

void UserAgentHost::boot() {
  // The sends are queued one at a time, each when the one before it runs, but in the places
  // they would hold had they all been queued now: a long schedule (100,000 messages) does
  // not sit in the event queue, and the run is the same.
  send_order_.clear();
  next_send_ = 0;
  for (std::size_t i = 0; i < spec_.sends.size(); ++i)  // a past send is not replayed after a reboot
    if (protocols::kEpoch + spec_.sends[i].at >= kernel().now()) send_order_.push_back(i);
  std::stable_sort(send_order_.begin(), send_order_.end(),
                   [this](std::size_t a, std::size_t b) { return spec_.sends[a].at < spec_.sends[b].at; });
  send_places_ = kernel().sched.reserve_order(spec_.sends.size());
  queue_next_send();
  after(Duration::zero(), [this] { submit_next(); });  // an outbox left on disk goes out
  schedule_checks();
  for (const ImapActionSpec& a : spec_.read.actions) {
    Instant when = protocols::kEpoch + a.at;
    if (when < kernel().now()) continue;
    at(when, [this, a] { imap_action(a); });
  }
}

void UserAgentHost::queue_next_send() {
  if (next_send_ == send_order_.size()) return;
  const std::size_t i = send_order_[next_send_++];
  at_reserved(protocols::kEpoch + spec_.sends[i].at, send_places_ + i, [this, i] {
    queue_next_send();
    compose_and_send(spec_.sends[i]);
  });
}

void UserAgentHost::schedule_checks() {
  if (spec_.read.protocol.empty()) return;
  Instant first = protocols::kEpoch + spec_.read.at;
  Instant now = kernel().now();
  if (first < now) {
    if (!spec_.read.every) return;
    // After a reboot: the next check on the same grid.
    std::int64_t k = ((now - first).count() + spec_.read.every->count() - 1) / spec_.read.every->count();
    first = first + *spec_.read.every * k;
  }
  at(first, [this] { reading_tick(); });
}

// A member, not a lambda that holds a shared_ptr to itself: that cycle was never freed
// (LeakSanitizer, found by the sanitizer stage in CI).
void UserAgentHost::reading_tick() {
  check_mail();
  if (spec_.read.every) after(*spec_.read.every, [this] { reading_tick(); });
}

void UserAgentHost::check_mail() {
  if (spec_.read.protocol == "pop3") check_pop3();
  else if (spec_.read.protocol == "imap") check_imap();
}

std::vector<std::string> UserAgentHost::local_messages() {
  std::vector<std::string> out;
  for (auto it = disk().lower_bound("local/"); it != disk().end() && it->first.starts_with("local/"); ++it)
    out.push_back(it->second);
  return out;
}

namespace {
std::string save_memory(const protocols::pop3::SeenMemory& m) {
  std::string out;
  for (const auto& [uid, t] : m.first_seen) out += uid + " " + std::to_string(protocols::ns_of(t)) + "\n";
  return out;
}
protocols::pop3::SeenMemory load_memory(const std::string& text) {
  protocols::pop3::SeenMemory m;
  std::size_t p = 0;
  while (p < text.size()) {
    std::size_t nl = text.find('\n', p), sp = text.find(' ', p);
    if (nl == std::string::npos || sp == std::string::npos || sp > nl) break;
    m.first_seen[text.substr(p, sp - p)] = protocols::at_ns(std::stoll(text.substr(sp + 1, nl - sp - 1)));
    p = nl + 1;
  }
  return m;
}
}  // namespace

void UserAgentHost::check_pop3() {
  if (pop3_) return;  // the previous check is still running
  std::optional<Ipv4> server = world_.address_of(spec_.server);
  if (!server) return;
  protocols::pop3::ClientJob job;
  job.user = spec_.address.substr(0, spec_.address.find('@'));
  job.password = spec_.password;
  job.use_apop = spec_.read.apop;
  job.mode = spec_.read.mode == "keep" ? protocols::pop3::Mode::DownloadAndKeep : protocols::pop3::Mode::DownloadAndDelete;
  job.keep_for = spec_.read.keep_for;
  std::string user = job.user;
  pop3_ = std::make_unique<Pop3Session>(
      *this, world_.network().node_of(*server),
      [this, user](Pop3Session& ss, protocols::pop3::ClientEvent& e) {
        if (auto* m = std::get_if<protocols::pop3::MessageDownloaded>(&e)) {
          std::string& counter = disk()["local-counter"];
          int k = counter.empty() ? 1 : std::stoi(counter) + 1;
          counter = std::to_string(k);
          char key[32];
          std::snprintf(key, sizeof key, "local/%08d", k);
          disk()[key] = m->bytes;
          MailboxRecord d = device_mailbox(id(), MailboxAction::Download, user, "(this device)");
          d.text = m->uid;
          kernel().record(std::move(d));
        } else if (auto* f = std::get_if<protocols::pop3::JobFinished>(&e)) {
          // Finished while the session is still open: QUIT answered (done), the server
          // closed (its FIN), or the client gave up. Finished as the connection is lost
          // (closed, not open): the close reason, given next, says how.
          if (!ss.open()) pop3_cut_ = *f;
          else note_pop3_check(*f, f->ok ? Pop3End::Done : f->connection_lost ? Pop3End::ServerClosed : Pop3End::Failed);
        }
      },
      [this](Pop3Session& ss, CloseReason r) {
        if (pop3_cut_) {
          Pop3End end = r == CloseReason::ConnectTimeout || r == CloseReason::RetransmitTimeout ? Pop3End::TimedOut
                        : r == CloseReason::Reset                                               ? Pop3End::Reset
                        : r == CloseReason::Refused                                             ? Pop3End::Refused
                                                                                                : Pop3End::Reset;
          note_pop3_check(*pop3_cut_, end);
          pop3_cut_.reset();
        }
        disk()["pop3-seen"] = save_memory(ss.engine().memory());
        after(Duration::zero(), [this] { pop3_.reset(); });
      },
      std::in_place, job, load_memory(disk()["pop3-seen"]));
  ConnId c = tcp().connect(*server, 110, pop3_->callbacks());
  pop3_->bind(c);
}

void UserAgentHost::note_pop3_check(const protocols::pop3::JobFinished& f, Pop3End end) {
  NoteRecord n = make_note(id(), NoteCode::Pop3Check);
  n.text = end == Pop3End::Failed ? f.reason : "";
  n.n[0] = f.ok;
  n.n[1] = static_cast<std::int64_t>(f.downloaded);
  n.n[2] = static_cast<std::int64_t>(f.deleted);  // DELE answered +OK: deleted only once QUIT is (RFC 1939 §6)
  n.n[3] = static_cast<std::int64_t>(end);
  kernel().record(std::move(n));
}

void UserAgentHost::crash() {
  session_.reset();
  pop3_.reset();
  imap_.reset();
  imap_idling_ = false;
  imap_todo_.clear();  // what the person meant to do died with the device
  imap_action_tag_.clear();
  imap_folders_.reset();
  sending_.clear();
}

std::size_t UserAgentHost::outbox_size() const {
  std::size_t n = 0;
  for (auto it = const_cast<UserAgentHost*>(this)->disk().lower_bound(kOutbox);
       it != const_cast<UserAgentHost*>(this)->disk().end() && it->first.starts_with(kOutbox); ++it)
    ++n;
  return n;
}

std::string UserAgentHost::compose(const SendSpec& s, int n) {
  const ScenarioSpec& sc = world_.spec();
  msg::MessageSpec m;
  if (auto from = msg::parse_addr_spec(spec_.address)) m.from = *from;
  for (const auto& t : s.to)
    if (auto mb = msg::parse_addr_spec(t)) m.to.push_back(*mb);
  for (const auto& c : s.cc)
    if (auto mb = msg::parse_addr_spec(c)) m.cc.push_back(*mb);
  m.subject = s.subject;
  m.date = msg::DateTime{sc.start_unix + protocols::ns_of(kernel().now()) / 1'000'000'000, sc.zone_offset_minutes};
  m.text = s.body;
  m.seed = name() + "/" + std::to_string(n) + "/" + std::to_string(protocols::ns_of(kernel().now()));
  for (const AttachmentSpec& a : s.attachments) {
    msg::Attachment att;
    att.filename = a.filename;
    att.media_type = a.content_type;
    att.data = a.text.empty() ? filler(a.size, m.seed + a.filename) : a.text;
    m.attachments.push_back(att);
  }
  return msg::build_message(m);
}

void UserAgentHost::compose_and_send(const SendSpec& s) {
  int n = ++composed_;
  std::string data = compose(s, n);
  std::vector<std::string> rcpts = s.to;
  rcpts.insert(rcpts.end(), s.cc.begin(), s.cc.end());
  // Outbox files are numbered by a counter on the disk, so they go out in order.
  std::string& counter = disk()["outbox-counter"];
  int k = counter.empty() ? 1 : std::stoi(counter) + 1;
  counter = std::to_string(k);
  char key[32];
  std::snprintf(key, sizeof key, "%08d", k);
  disk()[kOutbox + key] = encode_outgoing(rcpts, data);
  NoteRecord note = make_note(id(), NoteCode::Composes, {}, s.subject);
  note.n[0] = static_cast<std::int64_t>(rcpts.size());
  note.n[1] = static_cast<std::int64_t>(data.size());
  kernel().record(std::move(note));
  submit_next();
}

void UserAgentHost::submit_next() {
  if (session_ || kernel().sched.pending(retry_)) return;
  auto it = disk().lower_bound(kOutbox);
  if (it == disk().end() || !it->first.starts_with(kOutbox)) return;
  std::optional<Ipv4> server = world_.address_of(spec_.server);
  if (!server) return;
  std::string key = it->first;
  const std::string& stored = it->second;
  std::size_t split = stored.find("\n\n");
  smtp::ClientJob job;
  job.helo_name = name();
  job.mail_from = spec_.address;
  job.auth_user = spec_.address.substr(0, spec_.address.find('@'));
  job.auth_password = spec_.password;
  for (std::size_t p = 0; p < split;) {
    std::size_t nl = stored.find('\n', p);
    job.rcpts.push_back(stored.substr(p, nl - p));
    p = nl + 1;
  }
  job.data = stored.substr(split + 2);
  job.tls = spec_.tls;
  sending_ = key;
  auto accepted = std::make_shared<bool>(false);
  auto permanent = std::make_shared<bool>(false);
  auto why = std::make_shared<std::string>();
  session_ = std::make_unique<Session>(
      *this, world_.network().node_of(*server), smtp::Client(job),
      [accepted, permanent, why](Session&, smtp::ClientEvent& e) {
        if (auto* m = std::get_if<smtp::MessageResult>(&e)) {
          *accepted = m->reply.code >= 200 && m->reply.code < 300;
          *permanent = m->reply.code >= 500;
          *why = std::to_string(m->reply.code) + (m->reply.lines.empty() ? "" : " " + m->reply.lines.front());
        } else if (auto* f = std::get_if<smtp::SessionFailed>(&e)) {
          // TLS required and not to be had is never final: the server may offer it later.
          *permanent = f->reply && f->reply->code >= 500 && f->reason != "tls";
          *why = f->reason == "tls" ? "tls" + (f->reply ? ": " + smtp::first_line(*f->reply) : std::string())
                 : f->reply ? smtp::first_line(*f->reply) : f->reason;
        }
      },
      [this, key, accepted, permanent, why](Session&, CloseReason r) {
        std::string w = *why;
        if (w.empty() && r != CloseReason::Normal) w = "connection " + std::string(to_string(r));
        on_end(key, *accepted, *permanent, w);
      });
#if MAILSIM_HAVE_TLS
  if (job.tls != protocols::TlsPolicy::None && kernel().tls) session_->enable_tls(kernel().tls->client(spec_.server));
#endif
  ConnId c = tcp().connect(*server, 587, session_->callbacks());
  session_->bind(c);
}

void UserAgentHost::on_end(const std::string& key, bool accepted, bool permanent, const std::string& why) {
  after(Duration::zero(), [this] { session_.reset(); });
  sending_.clear();
  if (accepted) {
    disk().erase(key);
    kernel().record(make_note(id(), NoteCode::OutboxAccepted, spec_.server));
    after(Duration::zero(), [this] { submit_next(); });
  } else if (permanent) {
    disk().erase(key);
    kernel().record(make_note(id(), NoteCode::OutboxRejected, spec_.server, why));
    after(Duration::zero(), [this] { submit_next(); });
  } else {
    NoteRecord n = make_note(id(), NoteCode::OutboxRetry, {}, why);
    n.n[0] = kOutboxRetry.count();
    kernel().record(std::move(n));
    retry_ = after(kOutboxRetry, [this] { submit_next(); });
  }
}

}  // namespace sim
