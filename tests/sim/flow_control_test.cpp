// Flow control (RFC 9293 §3.8.6) and back-pressure: a receiver that stops reading closes its
// window, the sender probes the zero window on the persist timer without ever timing the
// connection out, the window update lets the rest through in order; a FIN behind held bytes
// is told after them; a writer hears when its backlog has drained; IMAP's FETCH answers in
// parts and holds the commands pipelined behind it.
#include <catch2/catch.hpp>

#include "../protocols/imap_session_helper.hpp"
#include "sim/trace_format.hpp"
#include "sim/world.hpp"
#include "world_fixture.hpp"

using namespace std::chrono_literals;
using namespace sim;

namespace {

struct Reader {
  TcpStack* tcp = nullptr;
  ConnId conn = 0;
  std::string data;
  std::vector<std::string> events;  // "data N" and "fin", in the order the application heard them
};

// b listens on port 9 and does not read until told to (set_reading).
void listen_paused(World& w, Reader& r) {
  TcpStack& tcp = w.host("b")->tcp();
  r.tcp = &tcp;
  tcp.listen(9, [&tcp, &r](ConnId c) {
    r.conn = c;
    tcp.set_reading(c, false);
    TcpCallbacks cb;
    cb.on_data = [&r](std::string_view d) {
      r.data.append(d);
      r.events.push_back("data " + std::to_string(d.size()));
    };
    cb.on_peer_fin = [&r] { r.events.push_back("fin"); };
    return cb;
  });
}

std::string pattern(std::size_t n) {
  std::string s(n, '\0');
  for (std::size_t i = 0; i < n; ++i) s[i] = static_cast<char>('a' + (i * 7 + i / 991) % 26);
  return s;
}

struct Seg {
  Instant t;
  SegmentRecord s;
};
std::vector<Seg> sent_by(const World& w, const char* host) {
  std::vector<Seg> out;
  HostId h = 0;
  for (HostId i = 0; i < w.trace().hosts().size(); ++i)
    if (w.trace().host_name(i) == host) h = i;
  for (const auto& e : w.trace().entries())
    if (auto* s = std::get_if<SegmentRecord>(&e.record); s && s->event == SegmentEvent::Sent && s->from == h)
      out.push_back({e.t, *s});
  return out;
}

}  // namespace

TEST_CASE("a receiver that does not read closes its window, the sender probes it and never times out",
          "[sim][tcp][flow]") {
  World w(test::three_hosts(), 11);
  Reader r;
  listen_paused(w, r);
  TcpStack& a = w.host("a")->tcp();
  const std::string bytes = pattern(300'000);
  ConnId c = 0;
  std::optional<CloseReason> closed;
  TcpCallbacks cb;
  cb.on_connected = [&] { a.send(c, bytes, Label{}); };
  cb.on_closed = [&](CloseReason why) { closed = why; };
  c = a.connect(*w.address_of("b"), 9, cb);
  w.run_until(protocols::kEpoch + 20min);

  // Exactly one window's worth was taken and held; nothing reached the application.
  CHECK(r.data.empty());
  CHECK(r.tcp->receive_window(r.conn) == 0);
  CHECK(a.unacked_bytes(c) == bytes.size() - kRecvWindow);
  CHECK(a.state(c) == TcpState::Established);  // 20 minutes of zero window: still open
  CHECK_FALSE(closed);

  // b's ACKs announce the shrinking window down to 0; a's probes are one byte each, on a
  // timer that backs off (doubling, up to the 60 s maximum RTO).
  bool zero_seen = false;
  for (const Seg& s : sent_by(w, "b")) zero_seen |= (s.s.flags & kAck) && s.s.window == 0;
  CHECK(zero_seen);
  std::vector<Instant> probes;
  for (const Seg& s : sent_by(w, "a"))
    if (s.s.len == 1) probes.push_back(s.t);
  REQUIRE(probes.size() >= 5);
  Duration first = probes[1] - probes[0], second = probes[2] - probes[1];
  CHECK(second == 2 * first);
  CHECK(probes.back() - probes[probes.size() - 2] == kMaxRto);

  // Reading again hands over the held window, announces the window, and the rest follows.
  r.tcp->set_reading(r.conn, true);
  CHECK(r.data.size() == kRecvWindow);
  w.run_until(w.now() + 30s);
  CHECK(r.data == bytes);
  CHECK(a.unacked_bytes(c) == 0);
  CHECK(r.tcp->receive_window(r.conn) == kRecvWindow);
}

TEST_CASE("a FIN that arrives behind held bytes is told after them", "[sim][tcp][flow]") {
  World w(test::three_hosts(), 12);
  Reader r;
  listen_paused(w, r);
  TcpStack& a = w.host("a")->tcp();
  ConnId c = 0;
  TcpCallbacks cb;
  cb.on_connected = [&] {
    a.send(c, "last words\r\n", Label{});
    a.close(c);
  };
  c = a.connect(*w.address_of("b"), 9, cb);
  w.run_until(protocols::kEpoch + 5s);
  CHECK(r.events.empty());
  CHECK(r.tcp->state(r.conn) == TcpState::CloseWait);  // TCP took the FIN; the application waits
  r.tcp->set_reading(r.conn, true);
  CHECK(r.events == std::vector<std::string>{"data 12", "fin"});
  CHECK(r.data == "last words\r\n");
}

TEST_CASE("a writer is told once when its backlog has drained below the mark it asked for", "[sim][tcp][flow]") {
  World w(test::three_hosts(), 13);
  TcpStack& b = w.host("b")->tcp();
  std::string got;
  b.listen(9, [&got](ConnId) {
    TcpCallbacks cb;
    cb.on_data = [&got](std::string_view d) { got.append(d); };
    return cb;
  });
  TcpStack& a = w.host("a")->tcp();
  const std::string bytes = pattern(200'000);
  ConnId c = 0;
  int drained = 0;
  std::size_t backlog_then = 0;
  TcpCallbacks cb;
  cb.on_connected = [&] {
    a.send(c, bytes, Label{});
    a.notify_drained(c, 50'000);
  };
  cb.on_drained = [&] {
    ++drained;
    backlog_then = a.unacked_bytes(c);
  };
  c = a.connect(*w.address_of("b"), 9, cb);
  w.run_until(protocols::kEpoch + 30s);
  CHECK(got == bytes);
  CHECK(drained == 1);
  CHECK(backlog_then < 50'000);
  CHECK(backlog_then > 0);  // told while bytes were still on their way, not at the end
}

TEST_CASE("IMAP FETCH 1:* answers in parts and holds the commands pipelined behind it", "[imap][flow]") {
  using namespace protocols;
  store::Store st;
  st.add_user("bob", "pw");
  const std::size_t messages = 12;
  const std::string body = pattern(100'000);
  for (std::size_t i = 0; i < messages; ++i)
    st.append("bob", "INBOX", "Subject: m" + std::to_string(i) + "\r\n\r\n" + body + "\r\n", {}, Instant{});
  imap_test::Session s(st);
  s.say("a LOGIN bob pw");
  s.say("b SELECT INBOX");
  std::string part = s.feed("c FETCH 1:* (BODY.PEEK[])\r\nd NOOP\r\n");
  // One part: at least the budget, less than the budget and one message more.
  CHECK(part.size() >= imap::kFetchBudget);
  CHECK(part.size() < imap::kFetchBudget + body.size() + 200);
  CHECK(s.server.has_more());
  CHECK(part.find("c OK") == std::string::npos);
  CHECK(part.find("d OK") == std::string::npos);  // NOOP waits behind the FETCH
  std::string all = part;
  int parts = 1;
  while (s.server.has_more()) {
    s.server.handle_writable(Instant{});
    all += s.drain();
    ++parts;
  }
  CHECK(static_cast<std::size_t>(parts) >= messages * body.size() / imap::kFetchBudget);
  std::size_t fetches = 0;
  for (std::size_t at = 0; (at = all.find(" FETCH (BODY[] {", at)) != std::string::npos; ++at) ++fetches;
  CHECK(fetches == messages);
  std::size_t c_ok = all.find("c OK FETCH completed"), d_ok = all.find("d OK NOOP completed");
  REQUIRE(c_ok != std::string::npos);
  REQUIRE(d_ok != std::string::npos);
  CHECK(c_ok < d_ok);
  CHECK(all.rfind(" FETCH (", c_ok) < c_ok);  // every response before the tagged OK
}

TEST_CASE("a FETCH that fits in one part is answered at once, as before", "[imap][flow]") {
  protocols::store::Store st = imap_test::sample_store();
  imap_test::Session s(st);
  s.say("a LOGIN mrc secret");
  s.say("b SELECT INBOX");
  std::string out = s.say("c FETCH 1:* (BODY.PEEK[])");
  CHECK_FALSE(s.server.has_more());
  CHECK(out.find("c OK FETCH completed") != std::string::npos);
}
