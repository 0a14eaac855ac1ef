// pcap export: the bytes are parsed back here, independently of the writer, and checked
// field by field against the trace: global and record headers, Ethernet, IPv4 and TCP/UDP
// headers with their checksums recomputed, payloads, DNS messages, retransmissions, and a
// capture taken at one host.
#include <catch2/catch.hpp>

#include <map>
#include <set>
#include <sstream>

#include "protocols/dns/dns_message.hpp"
#include "sim/pcap_writer.hpp"
#include "sim/resolver.hpp"
#include "sim/run.hpp"
#include "sim/world.hpp"
#include "world_fixture.hpp"

using namespace std::chrono_literals;
using namespace sim;
namespace dns = protocols::dns;

namespace {

std::uint32_t be16(const std::string& b, std::size_t at) {
  return std::uint32_t(std::uint8_t(b.at(at))) << 8 | std::uint8_t(b.at(at + 1));
}
std::uint32_t be32(const std::string& b, std::size_t at) { return be16(b, at) << 16 | be16(b, at + 2); }
std::uint32_t le32(const std::string& b, std::size_t at) {
  std::uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = v << 8 | std::uint8_t(b.at(at + i));
  return v;
}

// One's-complement sum of 16-bit words; a header with a right checksum sums to 0xffff.
std::uint32_t ones_sum(const std::string& b, std::size_t from, std::size_t n, std::uint32_t acc = 0) {
  for (std::size_t i = 0; i < n; i += 2) acc += i + 1 < n ? be16(b, from + i) : std::uint32_t(std::uint8_t(b[from + i])) << 8;
  while (acc >> 16) acc = (acc & 0xffff) + (acc >> 16);
  return acc;
}

struct Frame {
  std::uint32_t sec = 0, frac = 0;
  std::string eth_dst, eth_src;  // 6 bytes each
  std::uint32_t ethertype = 0;
  std::string ip;                // from the IPv4 header on
  std::uint32_t ip_id = 0, ttl = 0, proto = 0, src = 0, dst = 0, flags_frag = 0;
  bool ip_checksum_ok = false, l4_checksum_ok = false;
  std::uint32_t sport = 0, dport = 0, seq = 0, ack = 0, tcp_flags = 0, window = 0, header_len = 0;
  std::uint32_t mss = 0, udp_len = 0, l4_checksum = 0;
  std::string payload;
};

struct Capture {
  std::uint32_t magic = 0, version_major = 0, version_minor = 0, snaplen = 0, linktype = 0;
  std::vector<Frame> frames;
};

Frame parse_frame(const std::string& f) {
  Frame x;
  x.eth_dst = f.substr(0, 6);
  x.eth_src = f.substr(6, 6);
  x.ethertype = be16(f, 12);
  const std::size_t ip = 14;
  REQUIRE(std::uint8_t(f.at(ip)) == 0x45);  // version 4, IHL 5
  std::uint32_t total = be16(f, ip + 2);
  REQUIRE(total == f.size() - 14);
  x.ip = f.substr(ip);
  x.ip_id = be16(f, ip + 4);
  x.flags_frag = be16(f, ip + 6);
  x.ttl = std::uint8_t(f[ip + 8]);
  x.proto = std::uint8_t(f[ip + 9]);
  x.src = be32(f, ip + 12);
  x.dst = be32(f, ip + 16);
  x.ip_checksum_ok = ones_sum(f, ip, 20) == 0xffff;
  const std::size_t l4 = ip + 20;
  const std::uint32_t l4_len = total - 20;
  std::uint32_t pseudo = (x.src >> 16) + (x.src & 0xffff) + (x.dst >> 16) + (x.dst & 0xffff) + x.proto + l4_len;
  x.l4_checksum_ok = ones_sum(f, l4, l4_len, pseudo) == 0xffff;
  x.sport = be16(f, l4);
  x.dport = be16(f, l4 + 2);
  if (x.proto == 6) {
    x.seq = be32(f, l4 + 4);
    x.ack = be32(f, l4 + 8);
    x.header_len = (std::uint8_t(f[l4 + 12]) >> 4) * 4u;
    x.tcp_flags = std::uint8_t(f[l4 + 13]);
    x.window = be16(f, l4 + 14);
    x.l4_checksum = be16(f, l4 + 16);
    CHECK(be16(f, l4 + 18) == 0);  // urgent pointer
    if (x.header_len == 24 && f[l4 + 20] == 2 && f[l4 + 21] == 4) x.mss = be16(f, l4 + 22);
  } else {
    x.header_len = 8;
    x.udp_len = be16(f, l4 + 4);
    x.l4_checksum = be16(f, l4 + 6);
  }
  x.payload = f.substr(l4 + x.header_len);
  return x;
}

Capture parse(const std::string& b) {
  Capture c;
  REQUIRE(b.size() >= 24);
  c.magic = le32(b, 0);
  c.version_major = std::uint8_t(b[4]) | std::uint8_t(b[5]) << 8;
  c.version_minor = std::uint8_t(b[6]) | std::uint8_t(b[7]) << 8;
  c.snaplen = le32(b, 16);
  c.linktype = le32(b, 20);
  std::size_t at = 24;
  while (at < b.size()) {
    REQUIRE(at + 16 <= b.size());
    std::uint32_t incl = le32(b, at + 8), orig = le32(b, at + 12);
    REQUIRE(incl == orig);
    REQUIRE(at + 16 + incl <= b.size());
    Frame f = parse_frame(b.substr(at + 16, incl));
    f.sec = le32(b, at);
    f.frac = le32(b, at + 4);
    c.frames.push_back(std::move(f));
    at += 16 + incl;
  }
  return c;
}

std::string export_pcap(const Trace& t, const Topology& topo, const PcapOptions& opt = {}) {
  std::ostringstream out;
  std::string error;
  REQUIRE(write_pcap(t, topo, out, opt, &error));
  CHECK(error.empty());
  return out.str();
}

std::string mac(HostId h) { return std::string("\x02\x00\x00\x00", 4) + char(h >> 8) + char(h & 0xff); }

ScenarioSpec echo_world(double loss, int lines) {
  ScenarioSpec s = test::three_hosts(loss);
  s.hosts[0].kind = "echo-client";
  s.hosts[0].echo.connect_to = "b";
  s.hosts[0].echo.at = 1s;
  for (int i = 0; i < lines; ++i) s.hosts[0].echo.lines.push_back("line " + std::to_string(i) + std::string(i * 40, 'x'));
  s.hosts[2].kind = "echo-server";
  return s;
}

std::vector<std::pair<Instant, SegmentRecord>> sent_segments(const Trace& t) {
  std::vector<std::pair<Instant, SegmentRecord>> v;
  for (const auto& e : t.entries())
    if (auto* s = std::get_if<SegmentRecord>(&e.record); s && s->event == SegmentEvent::Sent) v.emplace_back(e.t, *s);
  return v;
}

std::uint32_t ip_of(const Topology& topo, HostId h) { return *dns::parse_ipv4(topo.hosts.at(h).ip); }

}  // namespace

TEST_CASE("an echo run exports one Ethernet/IPv4/TCP frame per sent segment, fields as in the trace", "[sim][pcap]") {
  RunResult r = simulate(echo_world(0.0, 5), RunOptions{});
  Capture c = parse(export_pcap(r.trace, r.topology));
  CHECK(c.magic == 0xa1b23c4d);
  CHECK(c.version_major == 2);
  CHECK(c.version_minor == 4);
  CHECK(c.snaplen >= 65535);
  CHECK(c.linktype == 1);

  auto sent = sent_segments(r.trace);
  REQUIRE(sent.size() > 10);
  REQUIRE(c.frames.size() == sent.size());
  std::map<HostId, std::uint32_t> ids;
  int syns = 0;
  std::string client_bytes;
  for (std::size_t i = 0; i < sent.size(); ++i) {
    const auto& [t, s] = sent[i];
    const Frame& f = c.frames[i];
    INFO("frame " << i);
    std::int64_t ns = protocols::ns_of(t);
    CHECK(f.sec == 1767574800 + ns / 1'000'000'000);
    CHECK(f.frac == ns % 1'000'000'000);
    CHECK(f.eth_dst == mac(s.to));
    CHECK(f.eth_src == mac(s.from));
    CHECK(f.ethertype == 0x0800);
    CHECK(f.ip_checksum_ok);
    CHECK(f.ip_id == ids[s.from]++);
    CHECK(f.flags_frag == 0x4000);  // DF, no fragment offset
    CHECK(f.ttl == 64);
    CHECK(f.proto == 6);
    CHECK(f.src == ip_of(r.topology, s.from));
    CHECK(f.dst == ip_of(r.topology, s.to));
    CHECK(f.l4_checksum_ok);
    CHECK(f.sport == s.sport);
    CHECK(f.dport == s.dport);
    CHECK(f.seq == s.seq);
    CHECK(f.ack == s.ack);
    CHECK(f.tcp_flags == s.flags);
    CHECK(f.window == s.window);
    if (s.flags & kSyn) {
      ++syns;
      CHECK(f.header_len == 24);
      CHECK(f.mss == s.mss);
      CHECK(f.mss == 1460);
    } else {
      CHECK(f.header_len == 20);
    }
    CHECK(f.payload == (s.payload ? *s.payload : std::string()));
    CHECK(f.payload.size() == s.len);
    if (s.from == 0) client_bytes += f.payload;
  }
  CHECK(syns == 2);  // SYN and SYN,ACK
  CHECK(client_bytes.find("line 0\r\n") != std::string::npos);
  CHECK(client_bytes.find("line 4") != std::string::npos);
}

TEST_CASE("a checksum over a flipped payload byte no longer verifies", "[sim][pcap]") {
  // Guards the test's own checksum check: it must be able to fail.
  RunResult r = simulate(echo_world(0.0, 1), RunOptions{});
  std::string bytes = export_pcap(r.trace, r.topology);
  Capture good = parse(bytes);
  std::size_t at = 24, i = 0;
  while (good.frames[i].payload.empty()) at += 16 + le32(bytes, at + 8), ++i;
  bytes[at + 16 + le32(bytes, at + 8) - 1] ^= 0x20;  // last payload byte of the first data frame
  Capture bad = parse(bytes);
  CHECK(good.frames[i].l4_checksum_ok);
  CHECK_FALSE(bad.frames[i].l4_checksum_ok);
  CHECK(bad.frames[i].ip_checksum_ok);
}

TEST_CASE("a DNS lookup exports as UDP datagrams to and from port 53 that decode as DNS", "[sim][pcap][dns]") {
  ScenarioSpec s = test::three_hosts();
  s.dns_records = {{"b.example", "MX", 10, "b", {}}};
  World w(s, 1);
  bool answered = false;
  w.host("a")->resolver().query("b.example", dns::RrType::MX, [&](const DnsResult&) { answered = true; });
  w.run_until(w.now() + 10s);
  REQUIRE(answered);
  Topology topo = w.topology();
  Capture c = parse(export_pcap(w.trace(), topo));
  REQUIRE(c.frames.size() == 2);
  const Frame& q = c.frames[0];
  const Frame& a = c.frames[1];
  for (const Frame& f : {q, a}) {
    CHECK(f.proto == 17);
    CHECK(f.ip_checksum_ok);
    CHECK(f.l4_checksum_ok);
    CHECK(f.l4_checksum != 0);
    CHECK(f.udp_len == 8 + f.payload.size());
  }
  CHECK(q.dport == 53);
  CHECK(q.src == *dns::parse_ipv4("192.0.2.1"));
  CHECK(q.dst == *dns::parse_ipv4("203.0.113.53"));
  CHECK(a.sport == 53);
  CHECK(a.dport == q.sport);
  auto qm = dns::decode(q.payload);
  auto am = dns::decode(a.payload);
  REQUIRE(qm);
  REQUIRE(am);
  CHECK_FALSE(qm->response);
  CHECK(qm->qname == "b.example");
  CHECK(qm->qtype == dns::RrType::MX);
  CHECK(am->response);
  CHECK(am->id == qm->id);
  REQUIRE(am->answers.size() == 1);
  CHECK(am->answers[0].exchange == "b");
}

TEST_CASE("retransmissions in a lossy run appear again with the same sequence numbers", "[sim][pcap]") {
  RunOptions o;
  o.seed = 3;
  RunResult r = simulate(echo_world(0.15, 30), o);
  Capture c = parse(export_pcap(r.trace, r.topology));
  auto sent = sent_segments(r.trace);
  REQUIRE(c.frames.size() == sent.size());
  int retrans = 0;
  for (std::size_t i = 0; i < sent.size(); ++i) {
    if (!sent[i].second.retransmission || c.frames[i].payload.empty()) continue;
    ++retrans;
    const Frame& f = c.frames[i];
    bool earlier = false;
    for (std::size_t j = 0; j < i; ++j) {
      const Frame& g = c.frames[j];
      if (g.src == f.src && g.sport == f.sport && g.dport == f.dport && g.seq == f.seq &&
          g.payload.substr(0, f.payload.size()) == f.payload.substr(0, g.payload.size())) {
        earlier = true;
        CHECK(g.ip_id != f.ip_id);  // a resend is a new IP packet with its own id
      }
    }
    CHECK(earlier);
  }
  CHECK(retrans > 0);
}

TEST_CASE("a capture at one host holds exactly what it sent and what reached it", "[sim][pcap]") {
  RunOptions o;
  o.seed = 5;
  RunResult r = simulate(echo_world(0.1, 20), o);
  const HostId b = 2;
  PcapOptions at_b;
  at_b.capture_at = b;
  Capture whole = parse(export_pcap(r.trace, r.topology));
  Capture local = parse(export_pcap(r.trace, r.topology, at_b));
  std::size_t expected = 0, dropped = 0;
  for (const auto& e : r.trace.entries())
    if (auto* s = std::get_if<SegmentRecord>(&e.record)) {
      expected += (s->event == SegmentEvent::Sent && s->from == b) || (s->event == SegmentEvent::Delivered && s->to == b);
      dropped += s->event == SegmentEvent::Dropped;
    }
  REQUIRE(dropped > 0);
  REQUIRE(local.frames.size() == expected);
  std::multiset<std::string> sent_packets;
  for (const Frame& f : whole.frames) sent_packets.insert(f.ip);
  const std::uint32_t b_ip = ip_of(r.topology, b);
  int arrived = 0;
  for (const Frame& f : local.frames) {
    CHECK((f.src == b_ip || f.dst == b_ip));
    // The same IP packet, id and checksums included, as it left its sender.
    CHECK(sent_packets.count(f.ip) == 1);
    arrived += f.dst == b_ip;
  }
  CHECK(arrived > 0);
}

TEST_CASE("microsecond resolution and another base time are honoured", "[sim][pcap]") {
  RunResult r = simulate(echo_world(0.0, 1), RunOptions{});
  PcapOptions o;
  o.nanosecond = false;
  o.base_unix_seconds = 1'000'000'000;
  Capture c = parse(export_pcap(r.trace, r.topology, o));
  auto sent = sent_segments(r.trace);
  REQUIRE(c.magic == 0xa1b2c3d4);
  REQUIRE(c.frames.size() == sent.size());
  std::int64_t ns = protocols::ns_of(sent[1].first);
  CHECK(c.frames[1].sec == 1'000'000'000 + ns / 1'000'000'000);
  CHECK(c.frames[1].frac == ns % 1'000'000'000 / 1000);
}

TEST_CASE("a topology host without an IPv4 address or an unknown capture host is an error", "[sim][pcap]") {
  RunResult r = simulate(echo_world(0.0, 1), RunOptions{});
  std::ostringstream out;
  std::string error;
  PcapOptions o;
  o.capture_at = 99;
  CHECK_FALSE(write_pcap(r.trace, r.topology, out, o, &error));
  CHECK(error.find("capture host") != std::string::npos);
  Topology broken = r.topology;
  broken.hosts[1].ip = "not-an-ip";
  CHECK_FALSE(write_pcap(r.trace, broken, out, PcapOptions{}, &error));
  CHECK(error.find("not-an-ip") != std::string::npos);
}

TEST_CASE("a packet to an address no host has is left out and the rest is written", "[sim][pcap]") {
  World w(test::three_hosts(), 1);
  w.host("a")->udp().send(*dns::parse_ipv4("192.0.2.99"), 9, 40000, "lost", Label{});
  w.host("a")->udp().send(*dns::parse_ipv4("198.51.100.1"), 9, 40000, "found", Label{});
  w.run_until(w.now() + 1s);
  Capture c = parse(export_pcap(w.trace(), w.topology()));
  REQUIRE(c.frames.size() == 1);
  CHECK(c.frames[0].payload == "found");
  CHECK(c.frames[0].ip_id == 1);  // the left-out packet still took an id
  CHECK(c.frames[0].l4_checksum_ok);
}
