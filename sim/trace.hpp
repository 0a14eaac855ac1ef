// The trace: the append-only record of a run. Every view (animation, ladder, transcript,
// pcap, lessons, exercises, tests) reads it; none reaches into a protocol object instead.
// Records name hosts by index into the trace's own host table, so the trace stands alone.
#pragma once
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <stdexcept>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

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
struct ConnRecord {
  std::string event;  // "connect", "established", "refused", "timeout", "reset", "closed"
  HostId from = kNoHost, to = kNoHost;
  ConnId conn = 0;
  std::uint16_t port = 0;
  std::string detail;
};

struct DnsRecord {
  std::string event;  // "query", "answer", "timeout", "retry"
  HostId from = kNoHost, to = kNoHost;  // resolver host and DNS server host
  std::string qname;
  std::string qtype;  // "A", "MX"
  std::string rcode;  // "NOERROR", "NXDOMAIN" on answers
  std::vector<std::string> answers;  // "10 mx1.b.example", "192.0.2.25"
  std::uint16_t id = 0;
};

struct FaultRecord {
  std::string action;  // "power-off", "link-down", "loss", ...
  std::string target;  // "mail.b.example", "mail.b.example:25", "a-b"
  std::string value;   // "20%", "300ms", "451"; empty when none
  std::string source;  // "scenario", "cli", "input"
};

struct CommandRecord {
  Proto proto = Proto::RAW;
  HostId from = kNoHost, to = kNoHost;
  ConnId conn = 0;
  std::string verb, line, tag;
};

struct ReplyRecord {
  Proto proto = Proto::RAW;
  HostId from = kNoHost, to = kNoHost;
  ConnId conn = 0;
  int code = 0;
  std::string enhanced, status, tag;
  std::vector<std::string> lines;
};

struct StateRecord {
  Proto proto = Proto::RAW;
  HostId host = kNoHost;
  ConnId conn = 0;
  std::string from, to;
};

struct QueueRecord {
  HostId host = kNoHost;
  std::string msg;     // queue id
  std::string rcpt;    // empty for whole-message actions
  std::string action;  // queued, attempt, deferred, delivered, failed, delayed-dsn, bounced, expired
  std::string reason;
  std::optional<Instant> next_attempt;
};

// One message's flags as IMAP names them (RFC 3501 §2.3.2), space-separated, system flags
// first: \Seen \Flagged $Work; empty for none.
struct MessageFlags {
  std::uint32_t uid = 0;
  std::string flags;
  bool operator==(const MessageFlags&) const = default;
};

// What a mail server's store change did beyond its kind and UIDs.
struct MailboxDetail {
  // Changes that set flags or bring messages with them (append, flags, copy, move, and a
  // rename of INBOX): each message's flags after the change, by UID in the record's
  // `folder`, in the order of its `msg`.
  std::vector<MessageFlags> flags;
  // Copy and move: the source folder and its UIDs ("uid 3,4"); rename: the old name.
  std::string source_folder, source_msg;
};

struct MailboxRecord {
  HostId host = kNoHost;
  std::string user, folder, action, msg;
  // Null when there is nothing more to say. Kept out of line, shared by the record's copies:
  // the mailbox record is the largest kind, and the variant makes every trace entry its size.
  std::shared_ptr<const MailboxDetail> detail = {};

  const std::vector<MessageFlags>& flags() const { return detail ? detail->flags : kNoFlags; }
  const std::string& source_folder() const { return detail ? detail->source_folder : kNone; }
  const std::string& source_msg() const { return detail ? detail->source_msg : kNone; }

 private:
  static inline const std::vector<MessageFlags> kNoFlags{};
  static inline const std::string kNone{};
};

// Free text from a host, e.g. the echo service or a user agent's intent ("alice composes").
struct NoteRecord {
  HostId host = kNoHost;
  std::string text;
};

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

// The trace's entries, kept in chunks of fixed capacity: appending never moves an entry, so a
// long run pays no reallocation copies and never holds two copies of its trace at once, and a
// reference to an entry stays valid while the trace grows. Indexed like a vector.
class TraceEntries {
 public:
  static constexpr std::size_t kChunk = 8192;

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
    if (size_ % kChunk == 0) chunks_.emplace_back().reserve(kChunk);  // never grows past this
    const TraceEntry& e = chunks_.back().emplace_back(std::forward<A>(a)...);
    ++size_;
    return e;
  }

 private:
  std::vector<std::vector<TraceEntry>> chunks_;
  std::size_t size_ = 0;
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
    return entries_.emplace_back(entries_.size(), t, std::forward<R>(r));
  }
  const TraceEntries& entries() const { return entries_; }
  std::size_t size() const { return entries_.size(); }
  // When false, segment records are not kept (large benchmarks); other kinds always are.
  void set_keep_segments(bool keep) { keep_segments_ = keep; }
  bool keep_segments() const { return keep_segments_; }

 private:
  std::vector<std::string> hosts_;
  TraceEntries entries_;
  bool keep_segments_ = true;
};

}  // namespace sim
