// Virtual TCP: handshake numbers, bulk transfer under loss, back-off, RST, FIN, link and
// host failures. Each test builds a small world and reads what happened from its trace.
#include <catch2/catch.hpp>

#include "sim/trace_format.hpp"
#include "sim/world.hpp"
#include "world_fixture.hpp"

using namespace std::chrono_literals;
using namespace sim;

namespace {

std::vector<SegmentRecord> segments(const Trace& t, SegmentEvent ev) {
  std::vector<SegmentRecord> out;
  for (const auto& e : t.entries())
    if (auto* s = std::get_if<SegmentRecord>(&e.record); s && s->event == ev) out.push_back(*s);
  return out;
}

std::vector<std::pair<Instant, SegmentRecord>> sent_with_time(const Trace& t) {
  std::vector<std::pair<Instant, SegmentRecord>> out;
  for (const auto& e : t.entries())
    if (auto* s = std::get_if<SegmentRecord>(&e.record); s && s->event == SegmentEvent::Sent) out.push_back({e.t, *s});
  return out;
}

struct Sink {
  std::string data;
  bool fin = false;
  std::optional<CloseReason> closed;
};

// b listens on port 9; every connection's bytes go to `sink`.
void listen_sink(World& w, Sink& sink, bool close_on_fin = true) {
  TcpStack& tcp = w.host("b")->tcp();
  tcp.listen(9, [&tcp, &sink, close_on_fin](ConnId c) {
    TcpCallbacks cb;
    cb.on_data = [&sink](std::string_view d) { sink.data.append(d); };
    cb.on_peer_fin = [&tcp, &sink, c, close_on_fin] {
      sink.fin = true;
      if (close_on_fin) tcp.close(c);
    };
    cb.on_closed = [&sink](CloseReason r) { sink.closed = r; };
    return cb;
  });
}

std::string random_bytes(std::size_t n, std::uint64_t seed) {
  Rng r(seed);
  std::string s(n, '\0');
  for (char& c : s) c = static_cast<char>(r.next_u32() & 0xFF);
  return s;
}

}  // namespace

TEST_CASE("the three-way handshake carries the right sequence and acknowledgement numbers", "[sim][tcp]") {
  World w(test::three_hosts(), 7);
  Sink sink;
  listen_sink(w, sink);
  bool connected = false;
  TcpCallbacks cb;
  cb.on_connected = [&] { connected = true; };
  w.host("a")->tcp().connect(*w.address_of("b"), 9, cb);
  w.run_until(protocols::kEpoch + 1s);
  REQUIRE(connected);
  auto sent = segments(w.trace(), SegmentEvent::Sent);
  REQUIRE(sent.size() >= 3);
  CHECK(tcp_flags_string(sent[0].flags) == "SYN");
  CHECK(tcp_flags_string(sent[1].flags) == "SYN,ACK");
  CHECK(tcp_flags_string(sent[2].flags) == "ACK");
  CHECK(sent[1].ack == sent[0].seq + 1);
  CHECK(sent[2].seq == sent[0].seq + 1);
  CHECK(sent[2].ack == sent[1].seq + 1);
  CHECK(sent[0].conn == sent[1].conn);
  CHECK(w.host("a")->tcp().state(sent[0].conn) == TcpState::Established);
}

TEST_CASE("one MiB of random bytes over a link with 5% loss arrives whole and in order", "[sim][tcp]") {
  World w(test::three_hosts(0.05), 11);
  Sink sink;
  listen_sink(w, sink);
  std::string payload = random_bytes(1 << 20, 3);
  TcpStack& a = w.host("a")->tcp();
  ConnId c = 0;
  TcpCallbacks cb;
  cb.on_connected = [&] {
    a.send(c, payload, Label{protocols::Proto::RAW, protocols::LabelKind::Data, "bulk"});
    a.close(c);
  };
  std::optional<CloseReason> client_closed;
  cb.on_closed = [&](CloseReason r) { client_closed = r; };
  c = a.connect(*w.address_of("b"), 9, cb);
  w.run_until(protocols::kEpoch + 1h);
  REQUIRE(sink.data.size() == payload.size());
  REQUIRE(sink.data == payload);
  REQUIRE(sink.fin);
  CHECK(client_closed == CloseReason::Normal);
  auto dropped = segments(w.trace(), SegmentEvent::Dropped);
  CHECK(!dropped.empty());
  bool any_retrans = false;
  for (auto& s : segments(w.trace(), SegmentEvent::Sent)) any_retrans |= s.retransmission;
  CHECK(any_retrans);
}

TEST_CASE("a SYN to a powered-off host is retried with exponential back-off, then times out", "[sim][tcp]") {
  World w(test::three_hosts(), 1);
  w.host("b")->power_off();
  std::optional<CloseReason> why;
  Instant closed_at{};
  TcpCallbacks cb;
  cb.on_closed = [&](CloseReason r) { why = r; closed_at = w.now(); };
  w.host("a")->tcp().connect(*w.address_of("b"), 9, cb);
  w.run_until(protocols::kEpoch + 5min);
  REQUIRE(why == CloseReason::ConnectTimeout);
  CHECK(closed_at == protocols::kEpoch + 63s);
  std::vector<Instant> syn_times;
  for (auto& [t, s] : sent_with_time(w.trace()))
    if (s.flags == kSyn) syn_times.push_back(t);
  REQUIRE(syn_times.size() == 6);
  std::vector<Duration> expect = {0s, 1s, 3s, 7s, 15s, 31s};
  for (std::size_t i = 0; i < 6; ++i) CHECK(syn_times[i] - protocols::kEpoch == expect[i]);
}

TEST_CASE("a SYN to a port nobody listens on is answered with RST and the connect is refused", "[sim][tcp]") {
  World w(test::three_hosts(), 1);
  std::optional<CloseReason> why;
  TcpCallbacks cb;
  cb.on_closed = [&](CloseReason r) { why = r; };
  w.host("a")->tcp().connect(*w.address_of("b"), 25, cb);
  w.run_until(protocols::kEpoch + 1s);
  REQUIRE(why == CloseReason::Refused);
  auto sent = segments(w.trace(), SegmentEvent::Sent);
  REQUIRE(sent.size() == 2);
  CHECK(tcp_flags_string(sent[1].flags) == "RST,ACK");
  CHECK(sent[1].ack == sent[0].seq + 1);
}

TEST_CASE("both sides exchange FINs and the active closer waits in TIME-WAIT", "[sim][tcp]") {
  World w(test::three_hosts(), 5);
  Sink sink;
  listen_sink(w, sink);
  TcpStack& a = w.host("a")->tcp();
  ConnId c = 0;
  std::optional<CloseReason> why;
  TcpCallbacks cb;
  cb.on_connected = [&] {
    a.send(c, "hello\r\n", Label{});
    a.close(c);
  };
  cb.on_closed = [&](CloseReason r) { why = r; };
  c = a.connect(*w.address_of("b"), 9, cb);
  w.run_until(protocols::kEpoch + 2s);
  CHECK(sink.data == "hello\r\n");
  CHECK(why == CloseReason::Normal);
  CHECK(sink.closed == CloseReason::Normal);
  CHECK(a.state(c) == TcpState::TimeWait);
  int fins = 0;
  for (auto& s : segments(w.trace(), SegmentEvent::Sent)) fins += (s.flags & kFin) ? 1 : 0;
  CHECK(fins == 2);
  w.run_until(protocols::kEpoch + 2s + kTimeWait);
  CHECK_FALSE(a.exists(c));
}

TEST_CASE("a link that goes down mid-transfer and comes back within the time-out recovers", "[sim][tcp]") {
  World w(test::three_hosts(), 9);
  Sink sink;
  listen_sink(w, sink);
  std::string payload = random_bytes(200'000, 8);
  TcpStack& a = w.host("a")->tcp();
  ConnId c = 0;
  TcpCallbacks cb;
  cb.on_connected = [&] { a.send(c, payload, Label{}); };
  c = a.connect(*w.address_of("b"), 9, cb);
  FaultSpec down{50ms, "link-down", "r-b", "", {}};
  FaultSpec up{20s, "link-up", "r-b", "", {}};
  w.schedule_fault(down, sim::FaultSource::Test);
  w.schedule_fault(up, sim::FaultSource::Test);
  w.run_until(protocols::kEpoch + 10min);
  REQUIRE(sink.data == payload);
  CHECK(a.state(c) == TcpState::Established);
  bool link_drop = false;
  for (auto& s : segments(w.trace(), SegmentEvent::Dropped)) link_drop |= s.reason == "link down";
  CHECK(link_drop);
}

TEST_CASE("an established connection to a host that dies ends in a retransmission time-out", "[sim][tcp]") {
  World w(test::three_hosts(), 2);
  Sink sink;
  listen_sink(w, sink);
  TcpStack& a = w.host("a")->tcp();
  ConnId c = 0;
  std::optional<CloseReason> why;
  TcpCallbacks cb;
  cb.on_closed = [&](CloseReason r) { why = r; };
  c = a.connect(*w.address_of("b"), 9, cb);
  w.run_until(protocols::kEpoch + 1s);
  REQUIRE(a.state(c) == TcpState::Established);
  w.host("b")->power_off();
  a.send(c, "anyone there?\r\n", Label{});
  w.run_until(protocols::kEpoch + 1h);
  REQUIRE(why == CloseReason::RetransmitTimeout);
  int retrans = 0;
  for (auto& s : segments(w.trace(), SegmentEvent::Sent)) retrans += s.retransmission ? 1 : 0;
  CHECK(retrans == kDataRetries);
}

TEST_CASE("a power cycle keeps the disk and loses connections", "[sim][host]") {
  World w(test::three_hosts(), 2);
  Host& b = *w.host("b");
  b.disk()["queue/1"] = "message";
  Sink sink;
  listen_sink(w, sink);
  ConnId c = w.host("a")->tcp().connect(*w.address_of("b"), 9, TcpCallbacks{});
  w.run_until(protocols::kEpoch + 1s);
  REQUIRE(w.host("a")->tcp().state(c) == TcpState::Established);
  b.power_off();
  b.power_on();
  CHECK(b.disk().at("queue/1") == "message");
  CHECK_FALSE(b.tcp().listening(9));
}

TEST_CASE("a simultaneous close passes through CLOSING and both applications are told", "[sim][tcp]") {
  World w(test::three_hosts(), 5);
  TcpStack& b = w.host("b")->tcp();
  std::optional<CloseReason> server_closed, client_closed;
  b.listen(9, [&](ConnId c) {
    TcpCallbacks cb;
    cb.on_connected = [&b, c] { b.close(c); };  // the server closes at once...
    cb.on_closed = [&](CloseReason r) { server_closed = r; };
    return cb;
  });
  TcpStack& a = w.host("a")->tcp();
  ConnId c = 0;
  TcpCallbacks cb;
  cb.on_connected = [&] {
    w.kernel().sched.after(std::chrono::milliseconds(1), [&] { a.close(c); });  // ...and so does the client
  };
  cb.on_closed = [&](CloseReason r) { client_closed = r; };
  c = a.connect(*w.address_of("b"), 9, cb);
  w.run_until(protocols::kEpoch + 5s);
  CHECK(client_closed == CloseReason::Normal);
  CHECK(server_closed == CloseReason::Normal);
}

namespace {
// Times of the first data segment to port 9 sent at or after `from` and of its first
// retransmission.
std::pair<Instant, Instant> first_data_and_resend(const Trace& t, Instant from) {
  std::optional<Instant> first, resend;
  for (const auto& [at, s] : sent_with_time(t)) {
    if (s.dport != 9 || s.len == 0 || at < from) continue;
    if (!first && !s.retransmission) first = at;
    else if (first && s.retransmission && !resend) resend = at;
  }
  REQUIRE(first);
  REQUIRE(resend);
  return {*first, *resend};
}
}  // namespace

// RFC 6298 §3 (Karn): a handshake whose SYN was sent twice gives no RTT sample, since the
// SYN,ACK may answer either copy; §5.7: the RTO is then 3 s when data transmission begins.
// Taking the sample (1.05 s, from the first SYN) would make the RTO 1.05 + 4 * 0.525 = 3.15 s.
TEST_CASE("a retransmitted SYN gives no RTT sample and data starts with a 3 s RTO", "[sim][tcp][karn]") {
  World w(test::three_hosts(), 3);
  Sink sink;
  listen_sink(w, sink);
  w.schedule_fault(FaultSpec{0ms, "link-down", "r-b", "", {}}, sim::FaultSource::Test);  // the first SYN is lost
  w.schedule_fault(FaultSpec{500ms, "link-up", "r-b", "", {}}, sim::FaultSource::Test);  // the second gets through
  w.schedule_fault(FaultSpec{2s, "link-down", "r-b", "", {}}, sim::FaultSource::Test);   // the first data is lost
  TcpStack& a = w.host("a")->tcp();
  bool connected = false;
  TcpCallbacks cb;
  cb.on_connected = [&] { connected = true; };
  ConnId c = a.connect(*w.address_of("b"), 9, cb);
  w.kernel().sched.at(protocols::kEpoch + 2s, [&] { a.send(c, "hello\r\n", Label{}); });
  w.run_until(protocols::kEpoch + 30s);
  REQUIRE(connected);
  int syns = 0;
  for (const auto& [at, s] : sent_with_time(w.trace())) syns += s.flags == kSyn;
  REQUIRE(syns == 2);
  auto [first, resend] = first_data_and_resend(w.trace(), protocols::kEpoch);
  CHECK(first == protocols::kEpoch + 2s);
  CHECK(resend - first == 3s);
}

// Karn on the data path: the ACK of a retransmitted segment gives no RTT sample, and the
// backed-off RTO (2 s) stays until a segment sent once is acknowledged.
TEST_CASE("the ACK of a retransmitted data segment gives no RTT sample and the backed-off RTO stays", "[sim][tcp][karn]") {
  World w(test::three_hosts(), 4);
  Sink sink;
  listen_sink(w, sink);
  TcpStack& a = w.host("a")->tcp();
  ConnId c = a.connect(*w.address_of("b"), 9, TcpCallbacks{});
  w.run_until(protocols::kEpoch + 1s);
  REQUIRE(a.state(c) == TcpState::Established);
  w.schedule_fault(FaultSpec{1s, "link-down", "r-b", "", {}}, sim::FaultSource::Test);
  w.schedule_fault(FaultSpec{1500ms, "link-up", "r-b", "", {}}, sim::FaultSource::Test);
  w.kernel().sched.at(protocols::kEpoch + 1s, [&] { a.send(c, "one\r\n", Label{}); });  // resent at 2 s
  w.run_until(protocols::kEpoch + 5s);
  REQUIRE(sink.data == "one\r\n");
  // A sample from the first copy (1.05 s) would give an RTO of 3.15 s; one from the second
  // copy (50 ms) would give the 1 s floor. Neither may be taken.
  w.schedule_fault(FaultSpec{5s, "link-down", "r-b", "", {}}, sim::FaultSource::Test);
  w.kernel().sched.at(protocols::kEpoch + 5s, [&] { a.send(c, "two\r\n", Label{}); });
  w.run_until(protocols::kEpoch + 20s);
  auto [first, resend] = first_data_and_resend(w.trace(), protocols::kEpoch + 5s);
  CHECK(resend - first == 2s);
}
