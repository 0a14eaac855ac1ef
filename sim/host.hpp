// A host of the world: a node with a TCP and a UDP stack, a resolver, a disk that survives
// power cycles, and services listening on ports. Powering off loses everything volatile
// (connections, timers, memory) and keeps the disk; stopping a service closes its listening
// socket (new connections are refused with RST) and resets its open sessions.
// Kinds (mail server, user agent, DNS server, echo) derive from it.
#pragma once
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "sim/kernel.hpp"
#include "sim/network.hpp"
#include "sim/scenario.hpp"
#include "sim/tcp.hpp"
#include "sim/udp.hpp"

namespace sim {

class World;
class Resolver;

class Host {
 public:
  Host(World& w, NodeId id, const HostSpec& spec);
  virtual ~Host();
  Host(const Host&) = delete;
  Host& operator=(const Host&) = delete;

  const std::string& name() const { return name_; }
  const std::string& kind() const { return kind_; }
  NodeId id() const { return id_; }
  Ipv4 ip() const;
  bool powered() const { return powered_; }

  void power_off();
  void power_on();
  bool stop_service(std::uint16_t port);
  bool start_service(std::uint16_t port);
  bool has_service(std::uint16_t port) const { return services_.count(port) != 0; }

  // Called once at t = 0 and again after each power-on: start services, schedule work.
  virtual void boot() {}
  // Called when power goes: drop volatile state (the disk stays).
  virtual void crash() {}
  // Mail-layer faults (hang, reply, greylist, disk-full) land here; false = not applicable.
  virtual bool apply_fault(const std::string& action, const std::string& value, std::uint16_t port);

  TcpStack& tcp() { return *tcp_; }
  UdpStack& udp() { return *udp_; }
  Resolver& resolver() { return *resolver_; }
  Kernel& kernel();
  NodeId world_node_of(Ipv4 ip) const;
  World& world() { return world_; }
  std::map<std::string, std::string>& disk() { return disk_; }

  // A timer that dies with the power. Any void() callable; the guard closure around it is
  // built straight into the scheduler's event slot (inline up to 128 bytes in all).
  template <class F>
  EventId at(Instant t, F&& fn) {
    const std::uint64_t gen = generation_;
    return sched().at(t, [this, gen, fn = std::forward<F>(fn)]() mutable {
      if (gen == generation_ && powered_) fn();
    });
  }
  template <class F>
  EventId after(Duration d, F&& fn) { return at(sched().now() + d, std::forward<F>(fn)); }
  // The same timer in a place reserved with Scheduler::reserve_order().
  template <class F>
  EventId at_reserved(Instant t, std::uint64_t order, F&& fn) {
    const std::uint64_t gen = generation_;
    return sched().at_reserved(t, order, [this, gen, fn = std::forward<F>(fn)]() mutable {
      if (gen == generation_ && powered_) fn();
    });
  }

 protected:
  // Registers a service; it listens whenever the host is powered and the service started.
  void add_service(std::uint16_t port, TcpStack::AcceptFn on_accept);
  // Remembers an open session of a service so that stopping it resets the session.
  void track_session(std::uint16_t port, ConnId c);

  World& world_;

 private:
  void deliver(Packet&& p);
  Scheduler& sched();

  NodeId id_;
  std::string name_, kind_;
  bool powered_ = true;
  std::uint64_t generation_ = 0;
  std::unique_ptr<TcpStack> tcp_;
  std::unique_ptr<UdpStack> udp_;
  std::unique_ptr<Resolver> resolver_;
  std::map<std::string, std::string> disk_;
  struct Service {
    TcpStack::AcceptFn on_accept;
    bool started = true;
    std::vector<ConnId> sessions;
    std::size_t pruned_at = 0;
  };
  std::map<std::uint16_t, Service> services_;
};

}  // namespace sim
