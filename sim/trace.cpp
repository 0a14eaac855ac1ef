// The append-only trace and its host table.
#include "sim/trace.hpp"

#include <cassert>
#include <type_traits>

namespace sim {

std::string tcp_flags_string(std::uint8_t flags) {
  // Order as tcpdump and Wireshark users read them: SYN/FIN/RST first, then PSH, then ACK.
  std::string out;
  auto add = [&](std::uint8_t bit, const char* name) {
    if (!(flags & bit)) return;
    if (!out.empty()) out += ',';
    out += name;
  };
  add(kSyn, "SYN");
  add(kFin, "FIN");
  add(kRst, "RST");
  add(kPsh, "PSH");
  add(kAck, "ACK");
  return out;
}

std::string_view kind_of(const Record& r) {
  static constexpr std::string_view names[] = {"segment", "conn",  "dns",     "fault",   "command",
                                               "reply",   "state", "queue",   "mailbox", "note"};
  static_assert(std::variant_size_v<Record> == std::size(names));
  return names[r.index()];
}

HostId Trace::add_host(std::string name) {
  hosts_.push_back(std::move(name));
  return static_cast<HostId>(hosts_.size() - 1);
}

const std::string& Trace::host_name(HostId id) const {
  static const std::string none = "-";
  return id < hosts_.size() ? hosts_[id] : none;
}

}  // namespace sim

namespace sim {

std::string_view to_string(ConnEvent e) {
  static constexpr std::string_view names[] = {"connect", "established", "refused", "timeout", "reset", "closed"};
  return names[static_cast<int>(e)];
}

std::string conn_detail_code(const ConnRecord& r) {
  switch (r.detail) {
    case ConnDetail::None: return "";
    case ConnDetail::Aborted: return "aborted";
    case ConnDetail::RstToSyn: return "RST in answer to SYN";
    case ConnDetail::ResetByPeer: return "reset by peer";
    case ConnDetail::SynUnanswered: return "no answer to SYN after " + std::to_string(r.syn_retries) + " retries";
    case ConnDetail::RetransmissionsUnanswered: return "retransmissions unanswered";
  }
  return "";
}

std::string_view to_string(DnsEvent e) {
  static constexpr std::string_view names[] = {"query", "retry", "answer", "timeout"};
  return names[static_cast<int>(e)];
}

namespace {
constexpr std::string_view kFaultActions[] = {
    "power-off", "power-on", "stop-service", "start-service", "link-down", "link-up",      "loss",         "latency",
    "hang",      "reply",    "greylist",     "disk-full",     "disk-ok",   "max-sessions", "max-commands",
    "drop-after", "invalid"};
}  // namespace

std::string_view to_string(FaultAction a) { return kFaultActions[static_cast<int>(a)]; }

std::optional<FaultAction> fault_action_of(std::string_view name) {
  for (std::size_t i = 0; i < std::size(kFaultActions); ++i)
    if (kFaultActions[i] == name) return static_cast<FaultAction>(i);
  return std::nullopt;
}

std::string_view to_string(FaultSource s) {
  static constexpr std::string_view names[] = {"scenario", "cli", "input", "chaos", "bench", "test"};
  return names[static_cast<int>(s)];
}

std::string_view to_string(FaultRefusal r) {
  static constexpr std::string_view names[] = {"",         "unparsed",  "unknown-host", "unknown-target", "no-link",
                                               "no-links", "bad-value", "no-service",   "not-applicable"};
  return names[static_cast<int>(r)];
}

std::string fault_refusal_text(const FaultRecord& r) {
  std::string target = r.target.substr(0, r.target.rfind(':'));
  switch (r.reason) {
    case FaultRefusal::None: return "";
    case FaultRefusal::Unparsed: return r.detail;
    case FaultRefusal::UnknownHost: return "unknown host '" + target + "'";
    case FaultRefusal::UnknownTarget: return "unknown host or link '" + target + "'";
    case FaultRefusal::NoLink: return "no link between the hosts of " + target;
    case FaultRefusal::NoLinks: return target + " has no links";
    case FaultRefusal::BadValue: return "bad " + std::string(to_string(r.action)) + " '" + r.value + "'";
    case FaultRefusal::NoService: {
      std::size_t colon = r.target.rfind(':');
      return target + " has no service on port " + (colon == std::string::npos ? "0" : r.target.substr(colon + 1));
    }
    case FaultRefusal::NotApplicable: return "'" + std::string(to_string(r.action)) + "' does not apply to " + target;
  }
  return "";
}

std::string_view to_string(QueueAction a) {
  static constexpr std::string_view names[] = {"queued", "attempt", "deferred", "delivered", "failed",
                                               "delayed-dsn", "bounced", "expired", "removed"};
  return names[static_cast<int>(a)];
}

std::string queue_reason_code(const QueueRecord& r) {
  switch (r.why) {
    case QueueReason::None: return "";
    case QueueReason::Diagnostic: return r.text;
    case QueueReason::From: return "from <" + r.arg + ">";
    case QueueReason::FromNull: return "from <> (a notification)";
    case QueueReason::ToMx: return "to the mail exchangers of " + r.arg;
    case QueueReason::Local: return "local delivery";
    case QueueReason::Relayed: return "relayed to " + r.arg + ": " + r.text;
    case QueueReason::ToMailbox: return "delivered to mailbox " + r.arg + "/INBOX";
    case QueueReason::Notification: return "notification " + r.arg + " to <" + r.text + ">";
    case QueueReason::Postmaster: return "an undeliverable notification goes to the postmaster and stops there";
    case QueueReason::GaveUp:
      return "gave up after " + protocols::format_duration(r.waited) + " in the queue; last error: " + r.text;
    case QueueReason::AllDone: return "every recipient delivered or failed";
  }
  return "";
}

std::string_view to_string(MailboxAction a) {
  static constexpr std::string_view names[] = {
      "append",   "expunge",        "flags",       "copy",       "move",        "create",
      "delete",   "rename",         "subscribe",   "download",   "read text part", "user action",
      "sees flags", "sees expunge", "sees new mail", "folders",  "sees new folder", "sees folder gone"};
  return names[static_cast<int>(a)];
}

bool is_store_change(MailboxAction a) { return a <= MailboxAction::Subscribe; }

std::string uid_list_text(const std::vector<std::uint32_t>& uids) {
  std::string s;
  for (std::uint32_t uid : uids) s += (s.empty() ? "uid " : ",") + std::to_string(uid);
  return s;
}

std::string mailbox_msg_code(const MailboxRecord& r) {
  const std::string n = std::to_string(r.number);
  switch (r.action) {
    case MailboxAction::Download: return "UIDL " + r.text;
    case MailboxAction::ReadTextPart:
      return "uid " + (r.uids.empty() ? std::string("?") : std::to_string(r.uids[0])) + ", " + n + " bytes";
    case MailboxAction::SeesFlags: return "message " + n + ": (" + r.text + ")";
    case MailboxAction::SeesExpunge: return "message " + n;
    case MailboxAction::SeesNewMail: return n + " messages";
    case MailboxAction::Folders: return r.text;
    case MailboxAction::SeesNewFolder:
    case MailboxAction::SeesFolderGone: return "";
    case MailboxAction::UserAction: {
      std::size_t sp = r.text.find(' ');
      std::string verb = r.text.substr(0, sp), what = sp == std::string::npos ? "" : r.text.substr(sp + 1);
      if (verb == "create") return "create " + what;
      std::string uid = "uid " + (r.uids.empty() ? std::string("?") : std::to_string(r.uids[0]));
      if (verb == "move" || verb == "copy") return verb + " " + uid + " to " + what;
      return verb + " " + uid + " " + what;
    }
    default: return uid_list_text(r.uids);
  }
}

std::string_view to_string(NoteCode c) {
  static constexpr std::string_view names[] = {"echoed",         "page",           "8bit-converted",
                                               "pop3-check",     "composes",       "outbox-accepted",
                                               "outbox-rejected", "outbox-retry",  "telnet-failed",
                                               "tls-established", "tls-failed"};
  return names[static_cast<int>(c)];
}

}  // namespace sim

namespace sim {

namespace {
std::string pop3_check_text(const NoteRecord& r) {
  const auto end = static_cast<Pop3End>(r.n[3]);
  std::string s = "POP3 check " + std::string(end == Pop3End::Done ? "done" : "failed") + ": " +
                  std::to_string(r.n[1]) + " downloaded, ";
  if (end == Pop3End::Done) s += std::to_string(r.n[2]) + " deleted on the server";
  else if (r.n[2]) s += std::to_string(r.n[2]) + " marked for deletion but kept (no QUIT)";
  else s += "none deleted";
  switch (end) {
    case Pop3End::Done: break;
    case Pop3End::ServerClosed: s += " (connection closed by server)"; break;
    case Pop3End::TimedOut: s += " (connection timed out)"; break;
    case Pop3End::Reset: s += " (connection reset)"; break;
    case Pop3End::Refused: s += " (connection refused)"; break;
    case Pop3End::Failed: s += " (" + r.text + ")"; break;
  }
  return s;
}
}  // namespace

std::string note_text_code(const NoteRecord& r) {
  switch (r.code) {
    case NoteCode::Echoed: return "echoed: " + r.text;
    case NoteCode::Page:
      return "page " + r.text + " -> " + std::to_string(r.n[0]) + " " + r.arg + (r.more.empty() ? "" : " \"" + r.more + "\"");
    case NoteCode::Converted8Bit: {
      std::string how;
      if (r.n[0]) how += std::to_string(r.n[0]) + " part(s) to quoted-printable";
      if (r.n[1]) how += std::string(how.empty() ? "" : ", ") + std::to_string(r.n[1]) + " part(s) to base64";
      return r.arg + ": " + r.text + " does not offer 8BITMIME; 8-bit message converted to 7 bit (" + how + ", " +
             std::to_string(r.n[2]) + " -> " + std::to_string(r.n[3]) + " bytes)";
    }
    case NoteCode::Pop3Check: return pop3_check_text(r);
    case NoteCode::Composes:
      return "composes \"" + r.text + "\" to " + std::to_string(r.n[0]) + " recipient(s), " + std::to_string(r.n[1]) + " bytes";
    case NoteCode::OutboxAccepted: return "outbox: message accepted by " + r.arg;
    case NoteCode::OutboxRejected: return "outbox: message rejected by " + r.arg + ": " + r.text;
    case NoteCode::OutboxRetry:
      return "outbox: will try again in " + protocols::format_duration(Duration(r.n[0])) +
             (r.text.empty() ? "" : " (" + r.text + ")");
    case NoteCode::TelnetFailed: return "telnet " + r.arg + ": " + r.text;
    case NoteCode::TlsEstablished: return "TLS established on connection " + std::to_string(r.n[0]) + ": " + r.arg + ", " + r.text;
    case NoteCode::TlsFailed: return "TLS failed on connection " + std::to_string(r.n[0]) + ": " + r.text;
  }
  return "";
}

}  // namespace sim

namespace sim {

namespace {
std::size_t text_bytes(const std::string& s) { return s.capacity() > 15 ? s.capacity() + 1 : 0; }  // past SSO
std::size_t label_bytes(const std::vector<Label>& ls) {
  std::size_t n = ls.capacity() * sizeof(Label);
  for (const Label& l : ls) n += text_bytes(l.text);
  return n;
}
}  // namespace

std::size_t record_bytes(const Record& r) {
  std::size_t n = sizeof(TraceEntry);
  std::visit([&](const auto& x) {
    using T = std::decay_t<decltype(x)>;
    if constexpr (std::is_same_v<T, SegmentRecord>) {
      n += text_bytes(x.reason) + label_bytes(x.labels);
      // The payload is shared by the sent, delivered and dropped records of a packet: each
      // counts it, so the window errs on the small side.
      if (x.payload) n += x.payload->size() + 32;
    } else if constexpr (std::is_same_v<T, DnsRecord>) {
      n += text_bytes(x.qname) + x.answers.capacity() * sizeof(std::string);
      for (const auto& a : x.answers) n += text_bytes(a);
    } else if constexpr (std::is_same_v<T, FaultRecord>) {
      n += text_bytes(x.target) + text_bytes(x.value) + text_bytes(x.detail);
    } else if constexpr (std::is_same_v<T, CommandRecord>) {
      n += text_bytes(x.verb) + text_bytes(x.line) + text_bytes(x.tag);
    } else if constexpr (std::is_same_v<T, ReplyRecord>) {
      n += text_bytes(x.enhanced) + text_bytes(x.status) + text_bytes(x.tag) + x.lines.capacity() * sizeof(std::string);
      for (const auto& l : x.lines) n += text_bytes(l);
    } else if constexpr (std::is_same_v<T, StateRecord>) {
      n += text_bytes(x.from) + text_bytes(x.to);
    } else if constexpr (std::is_same_v<T, QueueRecord>) {
      n += text_bytes(x.msg) + text_bytes(x.rcpt) + text_bytes(x.arg) + text_bytes(x.text);
    } else if constexpr (std::is_same_v<T, MailboxRecord>) {
      n += text_bytes(x.user) + text_bytes(x.folder) + text_bytes(x.text) + x.uids.capacity() * 4;
      if (x.detail) n += sizeof(MailboxDetail) + x.detail->flags.size() * sizeof(MessageFlags);
    } else if constexpr (std::is_same_v<T, NoteRecord>) {
      n += text_bytes(x.arg) + text_bytes(x.text) + text_bytes(x.more);
    }
  }, r);
  return n;
}

void TraceEntries::set_window(std::size_t bytes) {
  if (bytes && !window_) {  // count what is held already
    for (std::size_t c = 0; c < chunks_.size(); ++c) {
      chunk_bytes_[c] = 0;
      for (const TraceEntry& e : chunks_[c]) chunk_bytes_[c] += record_bytes(e.record);
      bytes_ += chunk_bytes_[c];
    }
  }
  window_ = bytes;
}

void TraceEntries::drop_old() {
  // Whole chunks from the front (the last, being filled, always stays), so an index is still
  // a chunk and an offset and a reference to a kept entry stays valid.
  std::size_t drop = 0;
  while (drop < chunks_.size() && bytes_ > window_) {
    bytes_ -= chunk_bytes_[drop];
    dropped_ += chunks_[drop].size();
    size_ -= chunks_[drop].size();
    ++drop;
  }
  chunks_.erase(chunks_.begin(), chunks_.begin() + static_cast<std::ptrdiff_t>(drop));
  chunk_bytes_.erase(chunk_bytes_.begin(), chunk_bytes_.begin() + static_cast<std::ptrdiff_t>(drop));
}

}  // namespace sim
