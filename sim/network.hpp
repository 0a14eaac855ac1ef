// The virtual network: nodes (hosts and routers) joined by point-to-point links with
// latency, bandwidth (serialisation delay behind a FIFO per direction), loss, MTU and an
// up/down state; static shortest-path routing (by latency, ties by hop count then link
// order) computed from the topology; hop-by-hop forwarding of IPv4 packets.
// Left out: ARP, fragmentation (a packet over a link's MTU is dropped, as with DF set),
// dynamic routing (a down link is not routed around: the textbook's point is the retry).
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include "sim/kernel.hpp"
#include "sim/packet.hpp"

namespace sim {

using NodeId = HostId;  // nodes and trace hosts share numbering
using LinkId = std::uint32_t;
constexpr LinkId kNoLink = UINT32_MAX;

struct LinkState {
  NodeId a = kNoHost, b = kNoHost;
  Duration latency{};
  std::uint64_t bandwidth_bps = 0;
  double loss = 0;
  std::uint32_t mtu = 1500;
  bool up = true;
  // How many times the link went down: a packet on the wire when it does is lost (it
  // carries the count from when it left, and a different count on arrival drops it).
  std::uint32_t downs = 0;
  Instant free_at[2]{};  // when each direction's transmitter is next idle (0: a->b, 1: b->a)
};

class Network {
 public:
  using Receiver = std::function<void(Packet&&)>;

  explicit Network(Kernel& k) : k_(k) {}

  NodeId add_node(const std::string& name, Ipv4 ip, bool is_router);
  LinkId add_link(NodeId a, NodeId b, Duration latency, std::uint64_t bandwidth_bps, double loss,
                  std::uint32_t mtu);
  void compute_routes();

  void set_receiver(NodeId n, Receiver r) { nodes_[n].receiver = std::move(r); }
  void set_node_up(NodeId n, bool up) { nodes_[n].up = up; }
  bool node_up(NodeId n) const { return nodes_[n].up; }

  // Sends a packet from node `from`; it travels hop by hop and reaches the destination
  // node's receiver, or is dropped (and recorded) on the way.
  void send(NodeId from, Packet&& p);

  NodeId node_of(Ipv4 ip) const;
  Ipv4 ip_of(NodeId n) const { return nodes_[n].ip; }
  const std::string& name_of(NodeId n) const { return nodes_[n].name; }
  std::size_t node_count() const { return nodes_.size(); }
  LinkState& link(LinkId l) { return links_[l]; }
  // Takes a link down (every packet on it is lost, those already on the wire too) or up.
  void set_link_up(LinkId l, bool up);
  const std::vector<LinkState>& links() const { return links_; }
  LinkId find_link(NodeId a, NodeId b) const;
  std::vector<LinkId> links_of(NodeId n) const;
  // MTU of the first link a packet from `from` to `to` takes (for the MSS option).
  std::uint32_t first_hop_mtu(NodeId from, Ipv4 to) const;

 private:
  struct Node {
    std::string name;
    Ipv4 ip = 0;
    bool router = false;
    bool up = true;
    std::vector<LinkId> links;
    Receiver receiver;
  };
  void forward(NodeId at, Packet&& p);
  void drop(const Packet& p, NodeId at, const char* reason);

  Kernel& k_;
  std::vector<Node> nodes_;
  std::unordered_map<Ipv4, NodeId> by_ip_;  // the first node with each address (node_of, per hop)
  std::vector<LinkState> links_;
  std::vector<LinkId> next_hop_;  // [from * n + to]
};

}  // namespace sim
