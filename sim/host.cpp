// Host lifecycle: power, services, guarded timers, packet demultiplexing.
#include "sim/host.hpp"

#include "sim/resolver.hpp"
#include "sim/world.hpp"

namespace sim {

Host::Host(World& w, NodeId id, const HostSpec& spec)
    : world_(w), id_(id), name_(spec.name), kind_(spec.kind) {
  tcp_ = std::make_unique<TcpStack>(w.kernel(), w.network(), id);
  udp_ = std::make_unique<UdpStack>(w.network(), id);
  resolver_ = std::make_unique<Resolver>(*this);
  w.network().set_receiver(id, [this](Packet&& p) { deliver(std::move(p)); });
}

Host::~Host() = default;

Ipv4 Host::ip() const { return world_.network().ip_of(id_); }
Kernel& Host::kernel() { return world_.kernel(); }
NodeId Host::world_node_of(Ipv4 ip) const { return world_.network().node_of(ip); }

void Host::deliver(Packet&& p) {
  if (p.proto == kProtoTcp) tcp_->receive(std::move(p));
  else udp_->receive(p);
}

Scheduler& Host::sched() { return kernel().sched; }

void Host::add_service(std::uint16_t port, TcpStack::AcceptFn on_accept) {
  Service& s = services_[port];
  s.on_accept = std::move(on_accept);
  if (powered_ && s.started) {
    tcp_->unlisten(port);
    tcp_->listen(port, [this, port](ConnId c) { return services_[port].on_accept(c); });
  }
}

void Host::track_session(std::uint16_t port, ConnId c) {
  auto it = services_.find(port);
  if (it == services_.end()) return;
  auto& v = it->second.sessions;
  // Forget finished sessions now and then (amortised: when the list has doubled), not on
  // every accept: a busy server has thousands of connections in TIME-WAIT.
  if (v.size() >= 2 * it->second.pruned_at + 16) {
    std::erase_if(v, [this](ConnId x) { return !tcp_->exists(x); });
    it->second.pruned_at = v.size();
  }
  v.push_back(c);
}

bool Host::stop_service(std::uint16_t port) {
  auto it = services_.find(port);
  if (it == services_.end()) return false;
  it->second.started = false;
  tcp_->unlisten(port);
  std::vector<ConnId> sessions = std::move(it->second.sessions);
  for (ConnId c : sessions) tcp_->abort(c);
  return true;
}

bool Host::start_service(std::uint16_t port) {
  auto it = services_.find(port);
  if (it == services_.end()) return false;
  it->second.started = true;
  if (powered_ && !tcp_->listening(port))
    tcp_->listen(port, [this, port](ConnId c) { return services_[port].on_accept(c); });
  return true;
}

void Host::power_off() {
  if (!powered_) return;
  powered_ = false;
  ++generation_;  // every timer of the old life is now stale
  tcp_->power_off();
  udp_->power_off();
  resolver_->power_off();
  for (auto& [port, s] : services_) s.sessions.clear();
  crash();
  world_.network().set_node_up(id_, false);
}

void Host::power_on() {
  if (powered_) return;
  powered_ = true;
  ++generation_;
  world_.network().set_node_up(id_, true);
  services_.clear();  // boot() registers them again, as a real host's init would
  boot();
}

bool Host::apply_fault(const std::string&, const std::string&, std::uint16_t) { return false; }

}  // namespace sim
