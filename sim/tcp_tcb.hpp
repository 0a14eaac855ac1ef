// Virtual TCP's transmission control block (RFC 9293 §3.3.1): the state of one connection.
// Internal to sim/tcp*.cpp.
#pragma once
#include <deque>
#include <map>
#include <string>

#include "sim/tcp.hpp"

namespace sim {

struct TcpStack::Tcb {
  ConnId id = 0;
  TcpState state = TcpState::Closed;
  std::uint16_t lport = 0, rport = 0;
  Ipv4 rip = 0;
  bool active = false;
  bool accepted = false;  // passive side: the application has been given the connection
  TcpCallbacks cb;
  // Send side. Stream offset o has sequence number iss + 1 + o.
  std::uint32_t iss = 0, snd_una = 0, snd_nxt = 0, snd_wnd = kRecvWindow;
  // Bytes from una_off on (unacknowledged, then unsent) are sbuf[head..]; the acknowledged
  // prefix is dropped in bulk once it is large, so an ACK costs O(1), not a memmove.
  std::string sbuf;
  std::size_t head = 0;
  std::uint64_t una_off = 0;  // offset of sbuf[head]
  std::size_t pending() const { return sbuf.size() - head; }
  void consume(std::size_t n) {
    head += n;
    if (head == sbuf.size()) { sbuf.clear(); head = 0; }
    else if (head > (1u << 16) && head * 2 > sbuf.size()) { sbuf.erase(0, head); head = 0; }
  }
  std::uint64_t nxt_off = 0;  // next offset to send
  std::uint64_t high_off = 0; // highest offset ever sent
  struct LabelRange { std::uint64_t begin, end; Label label; };
  std::deque<LabelRange> labels;
  bool fin_queued = false, fin_sent = false, fin_acked = false, fin_ever = false;
  std::uint32_t fin_seq = 0;
  std::uint32_t mss = 536;
  std::uint64_t cwnd = 0, ssthresh = 1u << 30;
  int dupacks = 0;
  // RFC 6298 timer.
  Duration srtt{}, rttvar{}, rto = kInitialRto;
  bool have_rtt = false;
  int retries = 0;
  bool syn_resent = false;  // our SYN or SYN,ACK went out more than once (Karn: no sample)
  EventId rto_timer;
  bool probing = false;
  std::uint32_t probe_seq = 0;
  Instant probe_sent{};
  // Receive side.
  Instant syn_time{};
  std::uint32_t irs = 0, rcv_nxt = 0;
  std::map<std::uint32_t, std::string> ooo;  // out of order, by sequence number
  bool peer_fin = false;
  std::uint32_t peer_fin_seq = 0;
  bool ack_pending = false;
  EventId tw_timer;

  // Flow control (tcp_flow.cpp). Receive side: while the application is not reading, what
  // arrives waits in rbuf and the window shrinks by as much.
  bool reading = true;
  std::string rbuf;
  bool fin_deferred = false;            // the peer's FIN came behind held bytes: told after them
  std::uint32_t adv_wnd = kRecvWindow;  // the window this side last advertised
  // Send side: the persist timer probes a zero window; probe_end is one past the last byte a
  // probe carried (its ACK is acceptable); drain_mark is notify_drained's (0: nobody waits).
  EventId persist_timer;
  Duration persist{};
  std::uint64_t probe_end = 0;
  bool reopened = false;  // a zero window opened again: output() at the end of this segment
  std::size_t drain_mark = 0;

  std::uint32_t seq_of(std::uint64_t off) const { return iss + 1 + std::uint32_t(off); }
};

}  // namespace sim
