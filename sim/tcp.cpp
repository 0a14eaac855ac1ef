// Virtual TCP: see tcp.hpp for what is modelled and what is left out.
#include "sim/tcp.hpp"
#include "sim/tcp_tcb.hpp"

#include <algorithm>
#include <cassert>
#include <utility>

namespace sim {

std::string_view to_string(TcpState s) {
  static constexpr std::string_view names[] = {
      "CLOSED",   "LISTEN",    "SYN-SENT", "SYN-RECEIVED", "ESTABLISHED", "FIN-WAIT-1",
      "FIN-WAIT-2", "CLOSE-WAIT", "CLOSING", "LAST-ACK",   "TIME-WAIT"};
  return names[static_cast<int>(s)];
}

std::string_view to_string(CloseReason r) {
  switch (r) {
    case CloseReason::Normal: return "closed";
    case CloseReason::Refused: return "refused";
    case CloseReason::ConnectTimeout: return "timeout";
    case CloseReason::Reset: return "reset";
    case CloseReason::RetransmitTimeout: return "retransmit-timeout";
    case CloseReason::Aborted: return "aborted";
  }
  return "?";
}

namespace {
// RFC 9293 §3.4: sequence numbers compare modulo 2^32.
bool seq_lt(std::uint32_t a, std::uint32_t b) { return std::int32_t(a - b) < 0; }
bool seq_le(std::uint32_t a, std::uint32_t b) { return std::int32_t(a - b) <= 0; }
bool seq_gt(std::uint32_t a, std::uint32_t b) { return std::int32_t(a - b) > 0; }
constexpr Duration kSynFallbackRto = std::chrono::seconds(3);  // RFC 6298 §5.7
}  // namespace

TcpStack::TcpStack(Kernel& k, Network& net, NodeId self) : k_(k), net_(net), self_(self) {}
TcpStack::~TcpStack() = default;

TcpStack::Tcb* TcpStack::find(ConnId c) const {
  auto it = conns_.find(c);
  return it == conns_.end() ? nullptr : it->second.get();
}

TcpState TcpStack::state(ConnId c) const {
  Tcb* t = find(c);
  return t ? t->state : TcpState::Closed;
}

std::size_t TcpStack::unacked_bytes(ConnId c) const {
  Tcb* t = find(c);
  return t ? t->pending() : 0;
}

Ipv4 TcpStack::remote_ip(ConnId c) const {
  Tcb* t = find(c);
  return t ? t->rip : 0;
}

bool TcpStack::listen(std::uint16_t port, AcceptFn on_accept) {
  return listeners_.emplace(port, std::move(on_accept)).second;
}

void TcpStack::unlisten(std::uint16_t port) { listeners_.erase(port); }

TcpStack::Tcb& TcpStack::create(ConnId id, std::uint16_t lport, Ipv4 rip, std::uint16_t rport) {
  auto t = std::make_unique<Tcb>();
  t->id = id;
  t->lport = lport;
  t->rip = rip;
  t->rport = rport;
  t->iss = k_.rng.next_u32();  // RFC 9293 §3.4.1: ISN not predictable
  t->snd_una = t->iss;
  t->snd_nxt = t->iss + 1;
  t->mss = std::max<std::uint32_t>(net_.first_hop_mtu(self_, rip), 88) - 40;
  t->cwnd = 10ull * t->mss;  // RFC 6928 initial window
  Tcb& ref = *t;
  by_key_[Key{lport, rip, rport}] = &ref;
  conns_[id] = std::move(t);
  return ref;
}

void TcpStack::destroy(ConnId c, std::optional<CloseReason> notify) {
  Tcb* t = find(c);
  if (!t) return;
  k_.sched.cancel(t->rto_timer);
  k_.sched.cancel(t->tw_timer);
  k_.sched.cancel(t->persist_timer);
  bool tell = notify && (t->active || t->accepted);
  std::function<void(CloseReason)> on_closed = std::move(t->cb.on_closed);
  by_key_.erase(Key{t->lport, t->rip, t->rport});
  conns_.erase(c);
  if (tell && on_closed) on_closed(*notify);
}

void TcpStack::set_state(Tcb& t, TcpState s) { t.state = s; }

ConnId TcpStack::connect(Ipv4 dst, std::uint16_t port, TcpCallbacks cb) {
  ConnId id = k_.next_conn++;
  std::uint16_t lport;
  do {
    lport = next_port_;
    next_port_ = next_port_ == 65535 ? 49152 : next_port_ + 1;
  } while (by_key_.count(Key{lport, dst, port}));
  Tcb& t = create(id, lport, dst, port);
  t.active = true;
  t.cb = std::move(cb);
  set_state(t, TcpState::SynSent);
  k_.record(ConnRecord{ConnEvent::Connect, self_, net_.node_of(dst), id, port});
  t.syn_time = k_.now();
  send_segment(t, kSyn, t.iss, 0, 0, false);
  arm_rto(t);
  return id;
}

void TcpStack::send(ConnId c, std::string_view bytes, const Label& label) {
  Tcb* t = find(c);
  if (!t || bytes.empty() || t->fin_queued) return;
  std::uint64_t begin = t->una_off + t->pending();
  t->sbuf.append(bytes);
  t->labels.push_back({begin, begin + bytes.size(), label});
  if (t->state == TcpState::Established || t->state == TcpState::CloseWait) output(*t);
}

void TcpStack::close(ConnId c) {
  Tcb* t = find(c);
  if (!t || t->fin_queued) return;
  if (t->state == TcpState::SynSent) {
    destroy(c, std::nullopt);
    return;
  }
  t->fin_queued = true;
  if (t->state == TcpState::Established || t->state == TcpState::CloseWait) output(*t);
}

void TcpStack::abort(ConnId c) {
  Tcb* t = find(c);
  if (!t) return;
  if (t->state != TcpState::SynSent) send_segment(*t, kRst | kAck, t->seq_of(t->nxt_off), 0, 0, false);
  k_.record(ConnRecord{ConnEvent::Reset, self_, net_.node_of(t->rip), c, t->rport, ConnDetail::Aborted});
  destroy(c, std::nullopt);
}

void TcpStack::power_off() {
  for (auto& [id, t] : conns_) {
    k_.sched.cancel(t->rto_timer);
    k_.sched.cancel(t->tw_timer);
    k_.sched.cancel(t->persist_timer);
  }
  conns_.clear();
  by_key_.clear();
  listeners_.clear();
}

void TcpStack::send_segment(Tcb& t, std::uint8_t flags, std::uint32_t seq, std::uint64_t off,
                            std::uint32_t len, bool retrans) {
  Packet p;
  p.src = net_.ip_of(self_);
  p.dst = t.rip;
  p.proto = kProtoTcp;
  p.sport = t.lport;
  p.dport = t.rport;
  p.seq = seq;
  p.flags = flags;
  if (flags & kAck) p.ack = t.rcv_nxt;
  t.adv_wnd = rcv_wnd(t);
  p.window = static_cast<std::uint16_t>(t.adv_wnd);
  if (flags & kSyn) p.mss = static_cast<std::uint16_t>(t.mss);
  p.retransmission = retrans;
  p.conn = t.id;
  if (len) {
    std::uint64_t rel = off - t.una_off;
    p.payload = t.sbuf.substr(t.head + rel, len);
    for (const auto& lr : t.labels) {  // ordered by offset
      if (lr.begin >= off + len) break;
      if (lr.end > off) p.labels.push_back(lr.label);
    }
  }
  if (flags & kAck) t.ack_pending = false;
  net_.send(self_, std::move(p));
}

void TcpStack::send_ack(Tcb& t) { send_segment(t, kAck, t.seq_of(t.nxt_off) + (t.fin_sent ? 1 : 0), 0, 0, false); }

void TcpStack::output(Tcb& t) {
  for (;;) {
    std::uint64_t end = t.una_off + t.pending();
    std::uint64_t unsent = end - t.nxt_off;
    std::uint64_t in_flight = t.nxt_off - t.una_off;
    std::uint64_t wnd = std::min<std::uint64_t>(t.snd_wnd, t.cwnd);
    if (unsent == 0 || in_flight >= wnd) break;
    std::uint32_t len = static_cast<std::uint32_t>(std::min<std::uint64_t>({t.mss, unsent, wnd - in_flight}));
    bool retrans = t.nxt_off < std::max(t.high_off, t.probe_end);
    std::uint8_t flags = kAck | (len == unsent ? kPsh : 0);
    if (!t.probing && !retrans) {
      t.probing = true;
      t.probe_seq = t.seq_of(t.nxt_off + len);
      t.probe_sent = k_.now();
    }
    send_segment(t, flags, t.seq_of(t.nxt_off), t.nxt_off, len, retrans);
    t.nxt_off += len;
    t.high_off = std::max(t.high_off, t.nxt_off);
    t.snd_nxt = t.seq_of(t.nxt_off);
    if (!k_.sched.pending(t.rto_timer)) arm_rto(t);
  }
  if (t.fin_queued && !t.fin_sent && t.nxt_off == t.una_off + t.pending()) {
    t.fin_seq = t.seq_of(t.nxt_off);
    t.fin_sent = true;
    t.fin_ever = true;
    t.snd_nxt = t.fin_seq + 1;
    if (t.state == TcpState::Established) set_state(t, TcpState::FinWait1);
    else if (t.state == TcpState::CloseWait) set_state(t, TcpState::LastAck);
    send_segment(t, kFin | kAck, t.fin_seq, 0, 0, false);
    if (!k_.sched.pending(t.rto_timer)) arm_rto(t);
  }
  if (t.ack_pending) send_ack(t);
}

void TcpStack::arm_rto(Tcb& t) {
  k_.sched.cancel(t.rto_timer);
  ConnId id = t.id;
  t.rto_timer = k_.sched.after(t.rto, [this, id] { on_rto(id); });
}

void TcpStack::retransmit_first(Tcb& t) {
  switch (t.state) {
    case TcpState::SynSent:
      t.syn_resent = true;
      send_segment(t, kSyn, t.iss, 0, 0, true);
      return;
    case TcpState::SynReceived:
      t.syn_resent = true;
      send_segment(t, kSyn | kAck, t.iss, 0, 0, true);
      return;
    default: break;
  }
  if (t.nxt_off > t.una_off) {
    std::uint32_t len = static_cast<std::uint32_t>(std::min<std::uint64_t>(t.mss, t.nxt_off - t.una_off));
    send_segment(t, kAck | (len == t.pending() ? kPsh : 0), t.snd_una,
                 t.una_off, len, true);
  } else if (t.fin_sent && !t.fin_acked) {
    send_segment(t, kFin | kAck, t.fin_seq, 0, 0, true);
  }
}

void TcpStack::on_rto(ConnId c) {
  Tcb* t = find(c);
  if (!t) return;
  t->rto_timer = EventId{};
  bool handshake = t->state == TcpState::SynSent || t->state == TcpState::SynReceived;
  if (++t->retries > (handshake ? kSynRetries : kDataRetries)) {
    if (t->state == TcpState::SynSent) {
      k_.record(ConnRecord{ConnEvent::Timeout, self_, net_.node_of(t->rip), c, t->rport, ConnDetail::SynUnanswered,
                           static_cast<std::uint8_t>(kSynRetries)});
      destroy(c, CloseReason::ConnectTimeout);
    } else {
      k_.record(ConnRecord{ConnEvent::Timeout, self_, net_.node_of(t->rip), c, t->rport,
                           ConnDetail::RetransmissionsUnanswered});
      destroy(c, CloseReason::RetransmitTimeout);
    }
    return;
  }
  // RFC 6298 §5.5: back off the timer; RFC 5681 §3.1: collapse the window to one segment.
  t->rto = std::min<Duration>(t->rto * 2, kMaxRto);
  std::uint64_t flight = t->nxt_off - t->una_off;
  t->ssthresh = std::max<std::uint64_t>(flight / 2, 2ull * t->mss);
  t->cwnd = t->mss;
  t->probing = false;  // Karn: no RTT sample from a retransmitted segment
  t->dupacks = 0;
  if (!handshake && t->nxt_off > t->una_off) {
    std::uint32_t len = static_cast<std::uint32_t>(std::min<std::uint64_t>(t->mss, flight));
    t->nxt_off = t->una_off + len;  // go back: resend the rest as the window reopens
    if (t->fin_sent && !t->fin_acked) t->fin_sent = false;
  }
  retransmit_first(*t);
  arm_rto(*t);
}

void TcpStack::rtt_sample(Tcb& t, Duration r) {
  // RFC 6298 §2: SRTT and RTTVAR from one measurement per flight; RTO clamped to [1 s, 60 s].
  if (!t.have_rtt) {
    t.srtt = r;
    t.rttvar = r / 2;
    t.have_rtt = true;
  } else {
    Duration diff = t.srtt > r ? t.srtt - r : r - t.srtt;
    t.rttvar = (t.rttvar * 3 + diff) / 4;
    t.srtt = (t.srtt * 7 + r) / 8;
  }
  t.rto = std::clamp<Duration>(t.srtt + std::max<Duration>(std::chrono::milliseconds(1), t.rttvar * 4),
                               kMinRto, kMaxRto);
}

void TcpStack::handle_ack(Tcb& t, const Packet& p, bool& fin_acked) {
  if (!(p.flags & kAck)) return;
  // Acceptable: anything up to the highest sequence ever sent (after a go-back, ACKs may
  // cover data the receiver had buffered out of order), counting our FIN.
  std::uint32_t high = t.seq_of(std::max(t.high_off, t.probe_end)) + (t.fin_ever ? 1 : 0);
  const std::uint32_t old_wnd = t.snd_wnd;
  t.snd_wnd = p.window;
  if (seq_gt(p.ack, t.snd_una) && seq_le(p.ack, high)) {
    std::uint64_t acked = p.ack - t.snd_una;
    std::uint64_t data = std::min<std::uint64_t>(acked, t.pending());
    t.consume(data);
    t.una_off += data;
    t.nxt_off = std::max(t.nxt_off, t.una_off);
    t.high_off = std::max(t.high_off, t.una_off);  // a zero-window probe's byte was taken
    while (!t.labels.empty() && t.labels.front().end <= t.una_off) t.labels.pop_front();
    if (t.fin_ever && seq_gt(p.ack, t.fin_seq)) {
      if (!t.fin_acked) fin_acked = true;
      t.fin_acked = true;
    }
    t.snd_una = p.ack;
    if (t.probing && seq_le(t.probe_seq, p.ack)) {
      rtt_sample(t, k_.now() - t.probe_sent);
      t.probing = false;
    }
    t.retries = 0;
    t.dupacks = 0;
    t.cwnd += t.cwnd < t.ssthresh ? std::min<std::uint64_t>(data, t.mss)
                                  : std::max<std::uint64_t>(1, std::uint64_t(t.mss) * t.mss / t.cwnd);
    if (t.una_off == t.high_off && (!t.fin_sent || t.fin_acked)) k_.sched.cancel(t.rto_timer);
    else arm_rto(t);
  } else if (p.ack == t.snd_una && p.payload.empty() && !(p.flags & (kSyn | kFin)) &&
             t.high_off > t.una_off && p.window == old_wnd) {  // RFC 5681 §2: same window
    // RFC 5681 §3.2: the third duplicate ACK triggers a fast retransmit.
    if (++t.dupacks == 3) {
      t.ssthresh = std::max<std::uint64_t>((t.nxt_off - t.una_off) / 2, 2ull * t.mss);
      t.cwnd = t.ssthresh + 3ull * t.mss;
      t.probing = false;
      retransmit_first(t);
    }
  }
  if (t.snd_wnd == 0) {
    zero_window(t);
  } else if (k_.sched.pending(t.persist_timer) || old_wnd == 0) {
    k_.sched.cancel(t.persist_timer);
    t.persist = Duration{};
    t.reopened = true;
  }
}

void TcpStack::handle_payload(Tcb& t, Packet& p, std::string& delivered, bool& got_fin) {
  bool can_receive = t.state == TcpState::Established || t.state == TcpState::FinWait1 ||
                     t.state == TcpState::FinWait2;
  if (!p.payload.empty() && can_receive) {
    std::uint32_t seq = p.seq;
    std::string data = std::move(p.payload);
    if (seq_lt(seq, t.rcv_nxt)) {  // trim what we already have
      std::uint32_t dup = t.rcv_nxt - seq;
      data = dup >= data.size() ? std::string() : data.substr(dup);
      seq = t.rcv_nxt;
    }
    const std::uint32_t wnd = rcv_wnd(t);  // less than kRecvWindow only while not reading
    if (!data.empty() && seq_lt(seq - t.rcv_nxt, wnd)) {
      if (seq == t.rcv_nxt) {
        if (data.size() > wnd) data.resize(wnd);  // past the window: the sender sends it again
        t.rcv_nxt += std::uint32_t(data.size());
        delivered += data;
        // Pull in what arrived early and is now contiguous.
        for (auto it = t.ooo.begin(); it != t.ooo.end();) {
          std::uint32_t s = it->first;
          if (seq_gt(s, t.rcv_nxt)) { ++it; continue; }
          std::uint32_t skip = t.rcv_nxt - s;
          if (skip < it->second.size()) {
            delivered.append(it->second, skip, std::string::npos);
            t.rcv_nxt += std::uint32_t(it->second.size() - skip);
          }
          it = t.ooo.erase(it);
          it = t.ooo.begin();
        }
      } else {
        auto& slot = t.ooo[seq];
        if (slot.size() < data.size()) slot = std::move(data);
      }
    }
    t.ack_pending = true;  // every data segment is acknowledged (a duplicate ACK if out of order)
  }
  if (p.flags & kFin) {
    t.peer_fin = true;
    t.peer_fin_seq = p.seq + std::uint32_t(p.payload.size());
    t.ack_pending = true;
  }
  if (t.peer_fin && t.peer_fin_seq == t.rcv_nxt && can_receive) {
    t.rcv_nxt += 1;  // FIN takes one sequence number
    got_fin = true;
  }
}

void TcpStack::enter_time_wait(Tcb& t) {
  set_state(t, TcpState::TimeWait);
  k_.sched.cancel(t.rto_timer);
  k_.sched.cancel(t.tw_timer);
  ConnId id = t.id;
  t.tw_timer = k_.sched.after(kTimeWait, [this, id] { destroy(id, std::nullopt); });
}

void TcpStack::on_segment(Tcb& t, Packet&& p) {
  ConnId id = t.id;
  if (p.flags & kRst) {
    // RFC 9293 §3.10.7.4: a reset in the window ends the connection.
    if (t.state == TcpState::SynSent) {
      if ((p.flags & kAck) && p.ack == t.iss + 1) {
        k_.record(ConnRecord{ConnEvent::Refused, self_, net_.node_of(t.rip), id, t.rport, ConnDetail::RstToSyn});
        destroy(id, CloseReason::Refused);
      }
      return;
    }
    if (t.state != TcpState::TimeWait)
      k_.record(ConnRecord{ConnEvent::Reset, net_.node_of(t.rip), self_, id, t.rport, ConnDetail::ResetByPeer});
    destroy(id, CloseReason::Reset);
    return;
  }
  bool connected = false;
  if (t.state == TcpState::SynSent) {
    if (!(p.flags & kSyn) || !(p.flags & kAck) || p.ack != t.iss + 1) return;
    t.irs = p.seq;
    t.rcv_nxt = p.seq + 1;
    if (p.mss) t.mss = std::min<std::uint32_t>(t.mss, p.mss);
    t.snd_una = p.ack;
    t.snd_wnd = p.window;
    // RFC 6298 §2: the handshake gives the first RTT sample, unless the SYN (or SYN,ACK) was
    // sent more than once: the answer may be to either copy (§3, Karn). Then §5.7: an RTO
    // that backed off below 3 s while waiting is 3 s when data transmission begins.
    if (!t.syn_resent) rtt_sample(t, k_.now() - t.syn_time);
    else t.rto = std::max(t.rto, kSynFallbackRto);
    t.retries = 0;
    k_.sched.cancel(t.rto_timer);
    set_state(t, TcpState::Established);
    k_.record(ConnRecord{ConnEvent::Established, self_, net_.node_of(t.rip), id, t.rport});
    send_ack(t);  // the third segment of the handshake
    connected = true;
  } else if (p.flags & kSyn) {
    if (t.state == TcpState::SynReceived && p.seq == t.irs) {
      t.syn_resent = true;
      send_segment(t, kSyn | kAck, t.iss, 0, 0, true);  // our SYN,ACK was lost
    } else {
      send_ack(t);
    }
    return;
  } else if (t.state == TcpState::SynReceived) {
    if (!(p.flags & kAck)) return;
    if (p.ack != t.iss + 1) {
      send_rst_for(p);
      return;
    }
    t.snd_una = p.ack;
    t.snd_wnd = p.window;
    if (!t.syn_resent) rtt_sample(t, k_.now() - t.syn_time);  // as on the active side
    else t.rto = std::max(t.rto, kSynFallbackRto);
    t.retries = 0;
    k_.sched.cancel(t.rto_timer);
    set_state(t, TcpState::Established);
    auto it = listeners_.find(t.lport);
    if (it == listeners_.end()) {  // the service stopped during the handshake
      send_segment(t, kRst | kAck, t.snd_una, 0, 0, false);
      destroy(id, std::nullopt);
      return;
    }
    t.cb = it->second(id);
    t.accepted = true;
    connected = true;
  } else {
    bool fin_acked = false;
    handle_ack(t, p, fin_acked);
    if (fin_acked) {
      if (t.state == TcpState::FinWait1) set_state(t, TcpState::FinWait2);
      else if (t.state == TcpState::Closing) {  // simultaneous close: both FINs now done
        enter_time_wait(t);
        auto on_closed = std::move(t.cb.on_closed);
        t.cb = TcpCallbacks{};
        if (on_closed) on_closed(CloseReason::Normal);
        return;
      } else if (t.state == TcpState::LastAck) {
        destroy(id, CloseReason::Normal);
        return;
      }
    }
  }
  if (t.state == TcpState::TimeWait) {
    if (p.flags & kFin) {  // the peer did not get our ACK of its FIN
      send_ack(t);
      enter_time_wait(t);
    }
    return;
  }
  std::string delivered;
  bool got_fin = false;
  handle_payload(t, p, delivered, got_fin);
  if (got_fin) {
    if (t.state == TcpState::Established) set_state(t, TcpState::CloseWait);
    else if (t.state == TcpState::FinWait1) set_state(t, t.fin_acked ? TcpState::TimeWait : TcpState::Closing);
    else if (t.state == TcpState::FinWait2) set_state(t, TcpState::TimeWait);
  }
  bool time_wait = t.state == TcpState::TimeWait;
  // Tell the application last: it may send, close or abort from inside a callback.
  if (connected && t.cb.on_connected) {
    auto cb = t.cb.on_connected;
    cb();
  }
  Tcb* tp = find(id);
  bool tell_fin = got_fin;
  if (tp && !tp->reading) {  // held until the application reads again (set_reading)
    tp->rbuf += delivered;
    delivered.clear();
  }
  if (tp && tell_fin && !tp->rbuf.empty()) tp->fin_deferred = true, tell_fin = false;
  if (tp && !delivered.empty() && tp->cb.on_data) {
    auto cb = tp->cb.on_data;
    cb(delivered);
    tp = find(id);
  }
  if (tp && tell_fin && tp->cb.on_peer_fin) {
    auto cb = tp->cb.on_peer_fin;
    cb();
    tp = find(id);
  }
  if (tp && tp->drain_mark && tp->pending() < tp->drain_mark && tp->cb.on_drained) {
    tp->drain_mark = 0;
    auto cb = tp->cb.on_drained;
    cb();
    tp = find(id);
  }
  if (!tp) return;
  if (tp->state == TcpState::Established || tp->state == TcpState::CloseWait) output(*tp);
  else if (std::exchange(tp->reopened, false)) output(*tp);
  else if (tp->ack_pending) send_ack(*tp);
  tp->reopened = false;
  if (time_wait && tp->state == TcpState::TimeWait) {
    enter_time_wait(*tp);
    auto on_closed = tp->cb.on_closed;
    tp->cb = TcpCallbacks{};
    if (on_closed) on_closed(CloseReason::Normal);
  }
}

void TcpStack::on_listen_syn(Packet&& p) {
  Tcb& t = create(p.conn, p.dport, p.src, p.sport);
  t.irs = p.seq;
  t.rcv_nxt = p.seq + 1;
  if (p.mss) t.mss = std::min<std::uint32_t>(t.mss, p.mss);
  t.snd_wnd = p.window;
  set_state(t, TcpState::SynReceived);
  t.syn_time = k_.now();
  send_segment(t, kSyn | kAck, t.iss, 0, 0, false);
  arm_rto(t);
}

}  // namespace sim
