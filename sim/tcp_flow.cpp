// Virtual TCP flow control (RFC 9293 §3.8.6): the receive buffer of an application that is
// not reading, the window it advertises, zero-window probes on the persist timer, and the
// drained notification that lets a writer produce output only as fast as the peer reads.
// The connection's state machine is in tcp.cpp; see tcp.hpp.
#include <algorithm>

#include "sim/tcp.hpp"
#include "sim/tcp_tcb.hpp"

namespace sim {

std::uint32_t TcpStack::rcv_wnd(const Tcb& t) {
  return t.rbuf.size() >= kRecvWindow ? 0 : kRecvWindow - static_cast<std::uint32_t>(t.rbuf.size());
}

std::uint32_t TcpStack::receive_window(ConnId c) const {
  Tcb* t = find(c);
  return t ? rcv_wnd(*t) : 0;
}

void TcpStack::notify_drained(ConnId c, std::size_t below) {
  if (Tcb* t = find(c)) t->drain_mark = below;
}

void TcpStack::set_reading(ConnId c, bool reading) {
  Tcb* t = find(c);
  if (!t || t->reading == reading) return;
  t->reading = reading;
  if (!reading) return;
  // Hand over what waited, then the end of the stream if it came behind it.
  std::string held = std::move(t->rbuf);
  t->rbuf.clear();
  if (!held.empty() && t->cb.on_data) {
    auto cb = t->cb.on_data;
    cb(held);
    if (!(t = find(c))) return;
  }
  if (std::exchange(t->fin_deferred, false) && t->cb.on_peer_fin) {
    auto cb = t->cb.on_peer_fin;
    cb();
    if (!(t = find(c))) return;
  }
  // §3.8.6.2.2 (receiver's side of silly window avoidance): announce the window once it has
  // grown by a full segment or half the buffer since it was last advertised.
  bool receiving = t->state == TcpState::Established || t->state == TcpState::FinWait1 ||
                   t->state == TcpState::FinWait2;
  if (receiving && rcv_wnd(*t) >= t->adv_wnd + std::min<std::uint32_t>(t->mss, kRecvWindow / 2)) send_ack(*t);
}

// An ACK announced a zero window: the receiver is alive but has no room. What was in flight
// is taken back, to go again when the window opens, and the persist timer stands in for the
// retransmission timer (§3.8.6.1), so a window closed for long never times the connection
// out: the peer answers every probe.
void TcpStack::zero_window(Tcb& t) {
  if (t.nxt_off > t.una_off) {
    t.nxt_off = t.una_off;
    t.snd_nxt = t.seq_of(t.nxt_off);
    t.probing = false;  // Karn: those bytes go out again
    if (t.fin_sent && !t.fin_acked) t.fin_sent = false;
  }
  if (t.pending() == 0) return;  // nothing to send (a FIN alone keeps its own timer)
  k_.sched.cancel(t.rto_timer);
  t.retries = 0;
  t.dupacks = 0;
  if (!k_.sched.pending(t.persist_timer)) arm_persist(t);
}

void TcpStack::arm_persist(Tcb& t) {
  if (t.persist == Duration{}) t.persist = t.rto;  // first interval: the current RTO
  k_.sched.cancel(t.persist_timer);
  ConnId id = t.id;
  t.persist_timer = k_.sched.after(t.persist, [this, id] { on_persist(id); });
}

void TcpStack::on_persist(ConnId c) {
  Tcb* t = find(c);
  if (!t) return;
  t->persist_timer = EventId{};
  if (t->snd_wnd > 0 || t->nxt_off >= t->una_off + t->pending()) return;
  // One byte past the closed window: the receiver drops it (or takes it, if its window has
  // opened and the announcement was lost) and answers with an ACK that carries its window.
  bool again = t->nxt_off < std::max(t->high_off, t->probe_end);
  send_segment(*t, kAck, t->seq_of(t->nxt_off), t->nxt_off, 1, again);
  t->probe_end = std::max(t->probe_end, t->nxt_off + 1);
  t->persist = std::min<Duration>(t->persist * 2, kMaxRto);  // backed off like the RTO
  arm_persist(*t);
}

}  // namespace sim
