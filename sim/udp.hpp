// UDP datagrams (RFC 768) for a host: bind a port to a handler, send to an address.
#pragma once
#include <functional>
#include <map>
#include <string>

#include "sim/network.hpp"

namespace sim {

class UdpStack {
 public:
  using Handler = std::function<void(const Packet&)>;
  UdpStack(Network& net, NodeId self) : net_(net), self_(self) {}
  bool bind(std::uint16_t port, Handler h) { return handlers_.emplace(port, std::move(h)).second; }
  void unbind(std::uint16_t port) { handlers_.erase(port); }
  std::uint16_t ephemeral_port();
  void send(Ipv4 dst, std::uint16_t dport, std::uint16_t sport, std::string payload, Label label);
  void receive(const Packet& p);  // unbound ports drop silently (no ICMP modelled)
  void power_off() { handlers_.clear(); }

 private:
  Network& net_;
  NodeId self_;
  std::uint16_t next_port_ = 32768;
  std::map<std::uint16_t, Handler> handlers_;
};

}  // namespace sim
