// UDP datagrams over the virtual network.
#include "sim/udp.hpp"

namespace sim {

std::uint16_t UdpStack::ephemeral_port() {
  std::uint16_t p = next_port_;
  do next_port_ = next_port_ == 60999 ? 32768 : next_port_ + 1;
  while (handlers_.count(next_port_));
  return p;
}

void UdpStack::send(Ipv4 dst, std::uint16_t dport, std::uint16_t sport, std::string payload, Label label) {
  Packet p;
  p.src = net_.ip_of(self_);
  p.dst = dst;
  p.proto = kProtoUdp;
  p.sport = sport;
  p.dport = dport;
  p.payload = std::move(payload);
  p.labels.push_back(std::move(label));
  net_.send(self_, std::move(p));
}

void UdpStack::receive(const Packet& p) {
  auto it = handlers_.find(p.dport);
  if (it == handlers_.end()) return;
  Handler h = it->second;  // the handler may unbind itself
  h(p);
}

}  // namespace sim
