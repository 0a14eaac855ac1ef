// Virtual TCP, the segments that belong to no connection yet: demultiplexing by
// (local port, remote address, remote port), a SYN to a listening port handed to
// on_listen_syn, and a reset for anything else (RFC 9293 §3.10.7.1).
// The connection's own state machine is in tcp.cpp.
#include "sim/tcp.hpp"

namespace sim {

void TcpStack::send_rst_for(const Packet& p) {
  // RFC 9293 §3.10.7.1: a segment to a closed port gets a reset.
  if (p.flags & kRst) return;
  Packet r;
  r.src = p.dst;
  r.dst = p.src;
  r.sport = p.dport;
  r.dport = p.sport;
  r.conn = p.conn;
  if (p.flags & kAck) {
    r.seq = p.ack;
    r.flags = kRst;
  } else {
    r.seq = 0;
    r.ack = p.seq + std::uint32_t(p.payload.size()) + ((p.flags & kSyn) ? 1 : 0) + ((p.flags & kFin) ? 1 : 0);
    r.flags = kRst | kAck;
  }
  net_.send(self_, std::move(r));
}

void TcpStack::receive(Packet&& p) {
  if (p.proto != kProtoTcp) return;
  auto it = by_key_.find(Key{p.dport, p.src, p.sport});
  if (it != by_key_.end()) {
    on_segment(*it->second, std::move(p));
    return;
  }
  if ((p.flags & kSyn) && !(p.flags & kAck) && listeners_.count(p.dport)) {
    on_listen_syn(std::move(p));
    return;
  }
  send_rst_for(p);
}

}  // namespace sim
