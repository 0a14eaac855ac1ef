// Builds one Ethernet/IPv4/TCP-or-UDP frame per chosen segment record and writes them in
// the classic libpcap format (all fields of the file format little-endian, all protocol
// headers in network byte order). The IP identification comes from a counter per sending
// host, counted over every packet the host sent in trace order, so a capture at either end
// shows the same id for the same packet.
#include "sim/pcap_writer.hpp"

#include <deque>
#include <map>
#include <set>
#include <tuple>
#include <vector>

#include "protocols/dns/dns_message.hpp"
#include "sim/packet.hpp"

namespace sim {

namespace {

constexpr std::uint16_t kEtherTypeIpv4 = 0x0800;
constexpr std::uint32_t kLinkTypeEthernet = 1;
constexpr std::uint32_t kSnapLen = 262144;
constexpr std::uint32_t kEthHeader = 14;
constexpr std::uint32_t kMaxIpTotal = 65535;

using Bytes = std::vector<std::uint8_t>;

void put16(Bytes& b, std::uint16_t v) {  // network order
  b.push_back(std::uint8_t(v >> 8));
  b.push_back(std::uint8_t(v));
}
void put32(Bytes& b, std::uint32_t v) {
  put16(b, std::uint16_t(v >> 16));
  put16(b, std::uint16_t(v));
}
void set16(Bytes& b, std::size_t at, std::uint16_t v) {
  b[at] = std::uint8_t(v >> 8);
  b[at + 1] = std::uint8_t(v);
}
void le32(std::ostream& out, std::uint32_t v) {
  char c[4] = {char(v), char(v >> 8), char(v >> 16), char(v >> 24)};
  out.write(c, 4);
}
void le16(std::ostream& out, std::uint16_t v) {
  char c[2] = {char(v), char(v >> 8)};
  out.write(c, 2);
}

// Locally administered, unicast: 02:00:00:00:hh:hh from the host id.
void put_mac(Bytes& b, HostId h) {
  for (std::uint8_t x : {0x02, 0x00, 0x00, 0x00}) b.push_back(x);
  put16(b, std::uint16_t(h));
}

// The header fields that tell one packet from another, to pair a delivered record with the
// sent record of the same packet (and so with the IP id it was given).
using PacketKey = std::tuple<HostId, HostId, bool, std::uint16_t, std::uint16_t, std::uint8_t,
                             std::uint32_t, std::uint32_t, std::uint32_t, bool>;
PacketKey key_of(const SegmentRecord& s) {
  return {s.from, s.to, s.udp, s.sport, s.dport, s.flags, s.seq, s.ack, s.len, s.retransmission};
}

struct Frame {
  Bytes bytes;
  std::string error;
};

Frame build_frame(const SegmentRecord& s, Ipv4 src, Ipv4 dst, std::uint16_t ip_id) {
  Frame f;
  const std::string empty;
  const std::string& payload = s.payload ? *s.payload : empty;
  if (payload.size() != s.len) {
    f.error = "a segment's payload was not kept in the trace";
    return f;
  }
  const bool tcp = !s.udp;
  const std::uint32_t opt_len = tcp && (s.flags & kSyn) && s.mss ? 4 : 0;
  const std::uint32_t l4_len = (tcp ? 20 + opt_len : 8) + s.len;
  if (20 + l4_len > kMaxIpTotal) {
    f.error = "a segment is larger than an IPv4 packet can be";
    return f;
  }
  Bytes& b = f.bytes;
  b.reserve(kEthHeader + 20 + l4_len);
  // Ethernet II: destination, source, type.
  put_mac(b, s.to);
  put_mac(b, s.from);
  put16(b, kEtherTypeIpv4);
  // IPv4 (RFC 791 §3.1): version 4, IHL 5, no TOS, DF set, TTL 64.
  const std::size_t ip = b.size();
  b.push_back(0x45);
  b.push_back(0);
  put16(b, std::uint16_t(20 + l4_len));
  put16(b, ip_id);
  put16(b, 0x4000);
  b.push_back(64);
  b.push_back(tcp ? kProtoTcp : kProtoUdp);
  put16(b, 0);
  put32(b, src);
  put32(b, dst);
  set16(b, ip + 10, internet_checksum(&b[ip], 20));
  // Transport header.
  const std::size_t l4 = b.size();
  put16(b, s.sport);
  put16(b, s.dport);
  if (tcp) {
    put32(b, s.seq);
    put32(b, s.ack);
    b.push_back(std::uint8_t(((20 + opt_len) / 4) << 4));
    b.push_back(s.flags);
    put16(b, s.window);
    put16(b, 0);  // checksum, below
    put16(b, 0);  // urgent pointer
    if (opt_len) {  // RFC 9293 §3.2: kind 2, length 4, MSS
      b.push_back(2);
      b.push_back(4);
      put16(b, s.mss);
    }
  } else {
    put16(b, std::uint16_t(l4_len));
    put16(b, 0);  // checksum, below
  }
  b.insert(b.end(), payload.begin(), payload.end());
  // Pseudo-header: source, destination, zero, protocol, transport length.
  std::uint32_t sum = (src >> 16) + (src & 0xffff) + (dst >> 16) + (dst & 0xffff) +
                      (tcp ? kProtoTcp : kProtoUdp) + l4_len;
  std::uint16_t c = internet_checksum(&b[l4], l4_len, sum);
  if (!tcp && c == 0) c = 0xffff;  // RFC 768: a computed zero is sent as all ones
  set16(b, l4 + (tcp ? 16 : 6), c);
  return f;
}

bool fail(std::string* error, std::string msg) {
  if (error) *error = std::move(msg);
  return false;
}

}  // namespace

std::uint16_t internet_checksum(const std::uint8_t* data, std::size_t n, std::uint32_t sum) {
  std::uint64_t acc = sum;
  for (std::size_t i = 0; i + 1 < n; i += 2) acc += std::uint32_t(data[i]) << 8 | data[i + 1];
  if (n % 2) acc += std::uint32_t(data[n - 1]) << 8;
  while (acc >> 16) acc = (acc & 0xffff) + (acc >> 16);
  return static_cast<std::uint16_t>(~acc & 0xffff);
}

bool write_pcap(const Trace& trace, const Topology& topo, std::ostream& out,
                const PcapOptions& opt, std::string* error) {
  std::vector<Ipv4> ips;
  for (const TopologyHost& h : topo.hosts) {
    auto ip = protocols::dns::parse_ipv4(h.ip);
    if (!ip) return fail(error, "host " + h.name + " has no IPv4 address ('" + h.ip + "')");
    ips.push_back(*ip);
  }
  if (opt.capture_at && *opt.capture_at >= ips.size())
    return fail(error, "the capture host is not in the topology");

  // Global header (pcap-savefile): magic, version 2.4, zone 0, sigfigs 0, snaplen, link type.
  le32(out, opt.nanosecond ? 0xa1b23c4d : 0xa1b2c3d4);
  le16(out, 2);
  le16(out, 4);
  le32(out, 0);
  le32(out, 0);
  le32(out, kSnapLen);
  le32(out, kLinkTypeEthernet);

  std::vector<std::uint16_t> next_id(ips.size(), 0);
  std::map<PacketKey, std::deque<std::uint16_t>> in_flight;  // ids of sent, not yet arrived
  for (const TraceEntry& e : trace.entries()) {
    const auto* s = std::get_if<SegmentRecord>(&e.record);
    if (!s) continue;
    if (s->from >= ips.size())
      return fail(error, "segment record #" + std::to_string(e.n) + " names a host outside the topology");
    std::uint16_t id = 0;
    if (s->event == SegmentEvent::Sent) {
      id = next_id[s->from]++;
      // Sent to an address no host has (dropped with "no route"): the trace keeps no
      // destination address for it, so there is no frame to rebuild.
      if (s->to >= ips.size()) continue;
      if (opt.capture_at) in_flight[key_of(*s)].push_back(id);
    } else if (opt.capture_at) {
      auto it = in_flight.find(key_of(*s));
      if (it != in_flight.end() && !it->second.empty()) {
        id = it->second.front();
        it->second.pop_front();
        if (it->second.empty()) in_flight.erase(it);
      }
    }
    bool take = opt.capture_at
                    ? (s->event == SegmentEvent::Sent && s->from == *opt.capture_at) ||
                          (s->event == SegmentEvent::Delivered && s->to == *opt.capture_at)
                    : s->event == SegmentEvent::Sent;
    if (!take) continue;
    Frame f = build_frame(*s, ips[s->from], ips[s->to], id);
    if (!f.error.empty()) return fail(error, "segment record #" + std::to_string(e.n) + ": " + f.error);
    // Record header: seconds, fraction (ns or µs), captured length, original length.
    std::int64_t ns = (e.t - protocols::kEpoch).count();
    std::int64_t sec = opt.base_unix_seconds + ns / 1'000'000'000;
    std::int64_t frac = ns % 1'000'000'000;
    le32(out, std::uint32_t(sec));
    le32(out, std::uint32_t(opt.nanosecond ? frac : frac / 1000));
    le32(out, std::uint32_t(f.bytes.size()));
    le32(out, std::uint32_t(f.bytes.size()));
    out.write(reinterpret_cast<const char*>(f.bytes.data()), std::streamsize(f.bytes.size()));
  }
  out.flush();
  if (!out) return fail(error, "writing the pcap failed");
  return true;
}

std::string tls_key_log(const Trace& trace) {
  // Both ends of a session note the same line; each is written once.
  std::set<std::string> seen;
  std::string out;
  for (const TraceEntry& e : trace.entries())
    if (auto* n = std::get_if<NoteRecord>(&e.record); n && n->code == NoteCode::TlsEstablished && !n->more.empty())
      if (seen.insert(n->more).second) out += n->more + "\n";
  return out;
}

}  // namespace sim
