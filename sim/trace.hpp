// The trace: the append-only record of a run. Every view (animation, ladder, transcript,
// pcap, lessons, exercises, tests) reads it; none reaches into a protocol object instead.
// Records name hosts by index into the trace's own host table, so the trace stands alone.
#pragma once
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <iterator>
#include <stdexcept>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "protocols/dns/dns_message.hpp"
#include "protocols/label.hpp"
#include "protocols/time.hpp"

namespace sim {

using protocols::Duration;
using protocols::Instant;
using protocols::Label;
using protocols::Proto;

using HostId = std::uint32_t;
using ConnId = std::uint32_t;
constexpr HostId kNoHost = UINT32_MAX;

// TCP flag bits as on the wire.
enum TcpFlag : std::uint8_t { kFin = 0x01, kSyn = 0x02, kRst = 0x04, kPsh = 0x08, kAck = 0x10 };
std::string tcp_flags_string(std::uint8_t flags);  // "SYN,ACK", "PSH,ACK", "FIN,ACK", "RST"

enum class SegmentEvent : std::uint8_t { Sent, Delivered, Dropped };

struct SegmentRecord {
  SegmentEvent event = SegmentEvent::Sent;
  HostId from = kNoHost, to = kNoHost;  // the segment's source and destination hosts
  ConnId conn = 0;
  std::uint16_t sport = 0, dport = 0;
  std::uint8_t flags = 0;
  std::uint32_t seq = 0, ack = 0;
  std::uint16_t window = 0;
  std::uint16_t mss = 0;  // MSS option on SYN segments, 0 when absent
  std::uint32_t len = 0;
  bool retransmission = false;
  bool udp = false;     // a UDP datagram (DNS): no flags, seq or ack
  HostId at = kNoHost;  // Dropped: where (the host or router whose outgoing link lost it)
  std::string reason;   // Dropped: "loss", "link down", "host off", "no route"
  std::vector<Label> labels;
  // The payload bytes (shared by the sent, delivered and dropped records of one packet),
  // for the inspector's raw view and pcap export. Null when the payload is empty.
  std::shared_ptr<const std::string> payload;
};

// Connection life: opened, established, refused (RST to a SYN), timed out, reset, closed.
enum class ConnEvent : std::uint8_t { Connect, Established, Refused, Timeout, Reset, Closed };
std::string_view to_string(ConnEvent e);  // "connect", "established", ...
// Why a connection ended as it did; None for connect and established.
enum class ConnDetail : std::uint8_t { None, Aborted, RstToSyn, ResetByPeer, SynUnanswered, RetransmissionsUnanswered };

struct ConnRecord {
  ConnEvent event = ConnEvent::Connect;
  HostId from = kNoHost, to = kNoHost;
  ConnId conn = 0;
  std::uint16_t port = 0;
  ConnDetail detail = ConnDetail::None;
  std::uint8_t syn_retries = 0;  // SynUnanswered: how many times the SYN was resent
};
// The detail as JSONL writes it: "aborted", "RST in answer to SYN", "reset by peer",
// "no answer to SYN after 5 retries", "retransmissions unanswered"; empty for None.
std::string conn_detail_code(const ConnRecord& r);

enum class DnsEvent : std::uint8_t { Query, Retry, Answer, Timeout };
std::string_view to_string(DnsEvent e);  // "query", "retry", "answer", "timeout"

struct DnsRecord {
  DnsEvent event = DnsEvent::Query;
  HostId from = kNoHost, to = kNoHost;  // resolver host and DNS server host
  std::string qname;
  protocols::dns::RrType qtype = protocols::dns::RrType::A;
  protocols::dns::Rcode rcode = protocols::dns::Rcode::NoError;  // answers only
  std::vector<std::string> answers;  // "10 mx1.b.example", "192.0.2.25"
  std::uint16_t id = 0;
};

// The fault vocabulary of docs/faults.md, in its order, and Invalid for input that did not
// parse as a fault at all.
enum class FaultAction : std::uint8_t {
  PowerOff, PowerOn, StopService, StartService, LinkDown, LinkUp, Loss, Latency, Hang, Reply,
  Greylist, DiskFull, DiskOk, MaxSessions, MaxCommands, DropAfter, Invalid
};
std::string_view to_string(FaultAction a);  // "power-off", ..., "invalid"
std::optional<FaultAction> fault_action_of(std::string_view name);
// Who caused a fault: the scenario file, --fault, the input log (front end, console,
// lesson), the chaos run, the benchmark, a test.
enum class FaultSource : std::uint8_t { Scenario, Cli, Input, Chaos, Bench, Test };
std::string_view to_string(FaultSource s);  // "scenario", "cli", "input", "chaos", "bench", "test"
// Why a fault was not applied.
enum class FaultRefusal : std::uint8_t {
  None, Unparsed, UnknownHost, UnknownTarget, NoLink, NoLinks, BadValue, NoService, NotApplicable
};
std::string_view to_string(FaultRefusal r);  // "", "unparsed", "unknown-host", ...

struct FaultRecord {
  FaultAction action = FaultAction::Invalid;
  std::string target;  // "mail.b.example", "mail.b.example:25", "a-b"; Invalid: the input text
  std::string value;   // as given: "20%", "300ms", "RCPT 451"; empty when none
  FaultSource source = FaultSource::Scenario;
  bool applied = true;
  FaultRefusal reason = FaultRefusal::None;
  std::string detail;  // Unparsed: the parser's message (docs/faults.md's wording)
  double loss = 0;     // Loss, applied: the probability the value names, 0..1
  Duration latency{};  // Latency, applied: the one-way delay the value names
};
// What the old "(not applied: ...)" text said, for the JSONL `reason_text`: e.g.
// "unknown host 'x'", "x has no service on port 25".
std::string fault_refusal_text(const FaultRecord& r);

struct CommandRecord {
  Proto proto = Proto::RAW;
  HostId from = kNoHost, to = kNoHost;
  ConnId conn = 0;
  std::string verb, line, tag;
  bool tls = false;  // it travelled inside TLS (STARTTLS): the wire showed only ciphertext
};

struct ReplyRecord {
  Proto proto = Proto::RAW;
  HostId from = kNoHost, to = kNoHost;
  ConnId conn = 0;
  int code = 0;
  std::string enhanced, status, tag;
  std::vector<std::string> lines;
  bool tls = false;  // it travelled inside TLS (STARTTLS): the wire showed only ciphertext
};

struct StateRecord {
  Proto proto = Proto::RAW;
  HostId host = kNoHost;
  ConnId conn = 0;
  std::string from, to;
};

enum class QueueAction : std::uint8_t { Queued, Attempt, Deferred, Delivered, Failed, DelayedDsn, Bounced, Expired, Removed };
std::string_view to_string(QueueAction a);  // "queued", ..., "delayed-dsn", ...
// What a queue record's reason says, with its arguments `arg` and `text`:
// Diagnostic: text is the reply or error as an MTA logs it ("451 4.3.0 try later");
// From: arg the sender; FromNull: a notification (null sender); ToMx: arg the domain;
// Local: local delivery; Relayed: arg the next hop, text its reply; ToMailbox: arg the
// user; Notification: arg the DSN's queue id, text the address it goes to; Postmaster: a
// bounce of a bounce stops; GaveUp: `waited` in the queue, text the last error; AllDone:
// every recipient delivered or failed; None: no reason.
enum class QueueReason : std::uint8_t {
  None, Diagnostic, From, FromNull, ToMx, Local, Relayed, ToMailbox, Notification, Postmaster, GaveUp, AllDone
};

struct QueueRecord {
  HostId host = kNoHost;
  QueueAction action = QueueAction::Queued;
  QueueReason why = QueueReason::None;
  std::string msg;   // queue id
  std::string rcpt;  // empty for whole-message actions
  std::string arg, text;
  Duration waited{};
  std::optional<Instant> next_attempt;
};
// The reason as JSONL writes it (English, as before: "from <alice@a.example>").
std::string queue_reason_code(const QueueRecord& r);

// One message's flags as IMAP names them (RFC 3501 §2.3.2), space-separated, system flags
// first: \Seen \Flagged $Work; empty for none.
struct MessageFlags {
  std::uint32_t uid = 0;
  std::string flags;
  bool operator==(const MessageFlags&) const = default;
};

// A mail server's store changes (protocols/store's ChangeKind, same order), then what a
// user agent records of its own: a POP3 download, a text part read, a scripted user action,
// and what it hears in IDLE of other devices.
enum class MailboxAction : std::uint8_t {
  Append, Expunge, Flags, Copy, Move, Create, Delete, Rename, Subscribe,
  Download, ReadTextPart, UserAction, SeesFlags, SeesExpunge, SeesNewMail, Folders, SeesNewFolder, SeesFolderGone
};
std::string_view to_string(MailboxAction a);  // "append", ..., "read text part", "sees flags", ...
bool is_store_change(MailboxAction a);

// What a mailbox record says beyond its kind and UIDs.
struct MailboxDetail {
  // Changes that set flags or bring messages with them (append, flags, copy, move, and a
  // rename of INBOX): each message's flags after the change, by UID in the record's
  // `folder`, in the order of its `uids`.
  std::vector<MessageFlags> flags;
  // Copy and move: the source folder and its UIDs; rename: the old name.
  std::string source_folder;
  std::vector<std::uint32_t> source_uids;
};

struct MailboxRecord {
  HostId host = kNoHost;
  MailboxAction action = MailboxAction::Append;
  std::uint32_t number = 0;  // ReadTextPart: bytes; SeesFlags/SeesExpunge: message number; SeesNewMail: count
  std::string user, folder;
  std::vector<std::uint32_t> uids;  // store changes; ReadTextPart and UserAction: the one UID
  // Download: the UIDL; SeesFlags: the flag names; Folders: the folder names joined by ", ";
  // UserAction: the verb (create, move, copy, +flags, -flags) then, after a space, its
  // folder or flag.
  std::string text;
  // Null when there is nothing more to say. Kept out of line, shared by the record's copies.
  std::shared_ptr<const MailboxDetail> detail = {};

  const std::vector<MessageFlags>& flags() const { return detail ? detail->flags : kNoFlags; }
  const std::string& source_folder() const { return detail ? detail->source_folder : kNone; }
  const std::vector<std::uint32_t>& source_uids() const { return detail ? detail->source_uids : kNoUids; }

 private:
  static inline const std::vector<MessageFlags> kNoFlags{};
  static inline const std::string kNone{};
  static inline const std::vector<std::uint32_t> kNoUids{};
};
// A user agent's own mailbox record (its UIDs and text are set on the result).
inline MailboxRecord device_mailbox(HostId host, MailboxAction action, std::string user, std::string folder,
                                    std::uint32_t number = 0) {
  MailboxRecord r;
  r.host = host;
  r.action = action;
  r.number = number;
  r.user = std::move(user);
  r.folder = std::move(folder);
  return r;
}
// "uid 3,4" (empty for none): how JSONL writes a list of UIDs.
std::string uid_list_text(const std::vector<std::uint32_t>& uids);
// The record's `msg` as JSONL writes it (docs/trace.md): "uid 3,4", "UIDL 1", "message 2", ...
std::string mailbox_msg_code(const MailboxRecord& r);

// What a host notes that is not a protocol exchange. Arguments by code:
// Echoed: text the line; Page: text the request line, arg the reason phrase, more the
// page's <title>, n[0] the status; Converted8Bit: arg the queue id, text the next hop, n[0..3]
// quoted-printable parts, base64 parts, bytes before, bytes after; Pop3Check: n[0] ok,
// n[1] downloaded, n[2] deleted, n[3] how it ended (Pop3End), text the server's reply when
// one ended it (Pop3End::Failed); Composes: text the subject, n[0] recipients, n[1] bytes; OutboxAccepted:
// arg the server; OutboxRejected: arg the server, text why; OutboxRetry: n[0] ns until the
// retry, text why; TelnetFailed: arg the target, text why; TlsEstablished (a TLS handshake
// finished on connection n[0]): arg the version, text the cipher suite, more the session's
// key in the NSS key log format ("CLIENT_RANDOM <hex> <hex>", for the pcap's key log);
// TlsFailed: n[0] the connection, text why ("certificate expired", ...).
enum class NoteCode : std::uint8_t {
  Echoed, Page, Converted8Bit, Pop3Check, Composes, OutboxAccepted, OutboxRejected, OutboxRetry, TelnetFailed,
  TlsEstablished, TlsFailed
};
std::string_view to_string(NoteCode c);  // "echoed", "page", "8bit-converted", ...

// How a POP3 check ended: its QUIT answered +OK (the marked messages are deleted now,
// RFC 1939 §6), or the session broke off before that (nothing is deleted).
enum class Pop3End : std::uint8_t { Done, ServerClosed, TimedOut, Reset, Refused, Failed };

struct NoteRecord {
  HostId host = kNoHost;
  NoteCode code = NoteCode::Echoed;
  std::string arg, text, more;
  std::int64_t n[4] = {0, 0, 0, 0};
};
// A note with the arguments its code uses (the numbers are set on the result).
inline NoteRecord make_note(HostId host, NoteCode code, std::string arg = {}, std::string text = {}, std::string more = {}) {
  NoteRecord r;
  r.host = host;
  r.code = code;
  r.arg = std::move(arg);
  r.text = std::move(text);
  r.more = std::move(more);
  return r;
}
// The note's text as JSONL writes it, in English: "echoed: hello", "outbox: message accepted
// by mail.a.example" (docs/trace.md).
std::string note_text_code(const NoteRecord& r);

using Record = std::variant<SegmentRecord, ConnRecord, DnsRecord, FaultRecord, CommandRecord,
                            ReplyRecord, StateRecord, QueueRecord, MailboxRecord, NoteRecord>;
std::string_view kind_of(const Record& r);  // "segment", "conn", "dns", ...

struct TraceEntry {
  std::uint64_t n = 0;
  Instant t{};
  Record record;

  TraceEntry() = default;
  // Builds the record in place (Trace::append). Spelled out: clang 14, which the fuzz
  // build uses, has no parenthesised aggregate initialisation for emplace_back.
  template <class R>
  TraceEntry(std::uint64_t n_, Instant t_, R&& r) : n(n_), t(t_), record(std::forward<R>(r)) {}
};

// About how many bytes of memory a record takes (the entry and what it owns), for the window.
std::size_t record_bytes(const Record& r);

// The trace's entries, kept in chunks of fixed capacity: appending never moves an entry, so a
// long run pays no reallocation copies and never holds two copies of its trace at once, and a
// reference to an entry stays valid while the trace grows. Indexed like a vector.
// With a window (mailsim serve), whole chunks are let go from the front once the entries hold
// more than the window's bytes: index 0 is then the oldest entry kept, whose `n` says where
// it stands in the whole trace.
class TraceEntries {
 public:
  static constexpr std::size_t kChunk = 1024;

  class const_iterator {
   public:
    using iterator_category = std::random_access_iterator_tag;
    using value_type = TraceEntry;
    using difference_type = std::ptrdiff_t;
    using pointer = const TraceEntry*;
    using reference = const TraceEntry&;
    const_iterator() = default;
    const_iterator(const TraceEntries* c, std::size_t i) : c_(c), i_(i) {}
    reference operator*() const { return (*c_)[i_]; }
    pointer operator->() const { return &(*c_)[i_]; }
    reference operator[](difference_type d) const { return (*c_)[i_ + d]; }
    const_iterator& operator++() { ++i_; return *this; }
    const_iterator operator++(int) { auto t = *this; ++i_; return t; }
    const_iterator& operator--() { --i_; return *this; }
    const_iterator operator--(int) { auto t = *this; --i_; return t; }
    const_iterator& operator+=(difference_type d) { i_ += d; return *this; }
    const_iterator& operator-=(difference_type d) { i_ -= d; return *this; }
    friend const_iterator operator+(const_iterator a, difference_type d) { return a += d; }
    friend const_iterator operator+(difference_type d, const_iterator a) { return a += d; }
    friend const_iterator operator-(const_iterator a, difference_type d) { return a -= d; }
    friend difference_type operator-(const_iterator a, const_iterator b) {
      return static_cast<difference_type>(a.i_) - static_cast<difference_type>(b.i_);
    }
    friend bool operator==(const_iterator a, const_iterator b) { return a.i_ == b.i_; }
    friend bool operator!=(const_iterator a, const_iterator b) { return a.i_ != b.i_; }
    friend bool operator<(const_iterator a, const_iterator b) { return a.i_ < b.i_; }
    friend bool operator>(const_iterator a, const_iterator b) { return a.i_ > b.i_; }
    friend bool operator<=(const_iterator a, const_iterator b) { return a.i_ <= b.i_; }
    friend bool operator>=(const_iterator a, const_iterator b) { return a.i_ >= b.i_; }

   private:
    const TraceEntries* c_ = nullptr;
    std::size_t i_ = 0;
  };

  const TraceEntry& operator[](std::size_t i) const { return chunks_[i / kChunk][i % kChunk]; }
  const TraceEntry& at(std::size_t i) const {
    if (i >= size_) throw std::out_of_range("trace entry " + std::to_string(i) + " of " + std::to_string(size_));
    return (*this)[i];
  }
  const TraceEntry& back() const { return (*this)[size_ - 1]; }
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  const_iterator begin() const { return {this, 0}; }
  const_iterator end() const { return {this, size_}; }

  template <class... A>
  const TraceEntry& emplace_back(A&&... a) {
    if (size_ % kChunk == 0) {
      if (window_) drop_old();
      chunks_.emplace_back().reserve(kChunk);  // never grows past this
      chunk_bytes_.push_back(0);
    }
    const TraceEntry& e = chunks_.back().emplace_back(std::forward<A>(a)...);
    ++size_;
    if (window_) {
      std::size_t b = record_bytes(e.record);
      chunk_bytes_.back() += b;
      bytes_ += b;
    }
    return e;
  }
  // Keep about `bytes` of entries (0: all, the default). Chunks already let go stay gone.
  void set_window(std::size_t bytes);
  std::size_t dropped() const { return dropped_; }  // entries let go from the front
  std::size_t total() const { return dropped_ + size_; }
  std::size_t bytes() const { return bytes_; }  // held, as record_bytes counts them (window only)

 private:
  void drop_old();
  std::vector<std::vector<TraceEntry>> chunks_;
  std::vector<std::size_t> chunk_bytes_;
  std::size_t size_ = 0, dropped_ = 0, window_ = 0, bytes_ = 0;
};

class Trace {
 public:
  HostId add_host(std::string name);
  const std::string& host_name(HostId id) const;
  const std::vector<std::string>& hosts() const { return hosts_; }

  // Appends a record (a Record or one of its alternatives, built in place in the entry);
  // times must not go backwards.
  template <class R>
  const TraceEntry& append(Instant t, R&& r) {
    assert((entries_.empty() || entries_.back().t <= t) && "trace time never goes backwards");
    const TraceEntry& e = entries_.emplace_back(entries_.total(), t, std::forward<R>(r));
    if (sink_) sink_(e, *this);
    return e;
  }
  // mailsim serve: keep only about `bytes` of the latest records in memory (0: all).
  void set_window(std::size_t bytes) { entries_.set_window(bytes); }
  // Called with each record as it is appended (serve --trace streams them to a file).
  void set_sink(std::function<void(const TraceEntry&, const Trace&)> sink) { sink_ = std::move(sink); }
  const TraceEntries& entries() const { return entries_; }
  std::size_t size() const { return entries_.size(); }
  // When false, segment records are not kept (large benchmarks); other kinds always are.
  void set_keep_segments(bool keep) { keep_segments_ = keep; }
  bool keep_segments() const { return keep_segments_; }

 private:
  std::vector<std::string> hosts_;
  TraceEntries entries_;
  bool keep_segments_ = true;
  std::function<void(const TraceEntry&, const Trace&)> sink_;
};

}  // namespace sim
