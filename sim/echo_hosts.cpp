// Echo server and client hosts.
#include "sim/echo_hosts.hpp"

#include "sim/world.hpp"

namespace sim {

void EchoServerHost::boot() {
  add_service(port_, [this](ConnId c) {
    NodeId peer = world_.network().node_of(tcp().remote_ip(c));
    auto s = std::make_unique<Session>(*this, peer, protocols::echo::Server{}, nullptr,
                                       [this](Session& s, CloseReason) { sessions_.erase(s.conn()); });
    s->bind(c);
    track_session(port_, c);
    TcpCallbacks cb = s->callbacks();
    sessions_[c] = std::move(s);
    return cb;
  });
}

void EchoClientHost::boot() {
  // A client started again after a power cycle does not replay its past schedule.
  if (spec_.connect_to.empty() || kernel().now() > protocols::kEpoch + spec_.at) return;
  at(protocols::kEpoch + spec_.at, [this] {
    std::optional<Ipv4> dst = world_.address_of(spec_.connect_to);
    if (!dst) return;
    NodeId peer = world_.network().node_of(*dst);
    session_ = std::make_unique<Session>(
        *this, peer, protocols::echo::Client{spec_.lines},
        [this](Session&, protocols::echo::Client::Event& e) {
          if (auto* l = std::get_if<protocols::echo::LineEchoed>(&e))
            kernel().record(make_note(id(), NoteCode::Echoed, {}, l->line));
        },
        nullptr);
    ConnId c = tcp().connect(*dst, spec_.port, session_->callbacks());
    session_->bind(c);
  });
}

}  // namespace sim
