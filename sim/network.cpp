// Links, routing and hop-by-hop forwarding; every packet sent, delivered or dropped is
// recorded in the trace as a segment record (UDP datagrams too, with no TCP flags).
#include "sim/network.hpp"

#include <cassert>
#include <queue>

namespace sim {

NodeId Network::add_node(const std::string& name, Ipv4 ip, bool is_router) {
  NodeId id = k_.trace.add_host(name);
  assert(id == nodes_.size() && "nodes and trace hosts share numbering");
  Node n;
  n.name = name;
  n.ip = ip;
  n.router = is_router;
  nodes_.push_back(std::move(n));
  by_ip_.emplace(ip, id);  // keeps the first, as a scan in node order would find
  return id;
}

LinkId Network::add_link(NodeId a, NodeId b, Duration latency, std::uint64_t bandwidth_bps,
                         double loss, std::uint32_t mtu) {
  LinkState l;
  l.a = a;
  l.b = b;
  l.latency = latency;
  l.bandwidth_bps = bandwidth_bps;
  l.loss = loss;
  l.mtu = mtu;
  LinkId id = static_cast<LinkId>(links_.size());
  links_.push_back(l);
  nodes_[a].links.push_back(id);
  nodes_[b].links.push_back(id);
  return id;
}

void Network::compute_routes() {
  // Dijkstra from every node over link latency; ties broken by hops, then by link order,
  // so routes never depend on container iteration order.
  const std::size_t n = nodes_.size();
  next_hop_.assign(n * n, kNoLink);
  struct Dist { std::int64_t lat; std::uint32_t hops; };
  for (NodeId src = 0; src < n; ++src) {
    std::vector<Dist> dist(n, Dist{INT64_MAX, UINT32_MAX});
    std::vector<LinkId> first(n, kNoLink);
    using Item = std::tuple<std::int64_t, std::uint32_t, NodeId>;
    std::priority_queue<Item, std::vector<Item>, std::greater<Item>> pq;
    dist[src] = {0, 0};
    pq.emplace(0, 0, src);
    while (!pq.empty()) {
      auto [d, h, u] = pq.top();
      pq.pop();
      if (d != dist[u].lat || h != dist[u].hops) continue;
      // Routers forward; hosts only originate (a host is never a transit node).
      if (u != src && !nodes_[u].router) continue;
      for (LinkId l : nodes_[u].links) {
        NodeId v = links_[l].a == u ? links_[l].b : links_[l].a;
        Dist nd{d + links_[l].latency.count(), h + 1};
        if (nd.lat < dist[v].lat || (nd.lat == dist[v].lat && nd.hops < dist[v].hops)) {
          dist[v] = nd;
          first[v] = u == src ? l : first[u];
          pq.emplace(nd.lat, nd.hops, v);
        }
      }
    }
    for (NodeId dst = 0; dst < n; ++dst) next_hop_[src * n + dst] = first[dst];
  }
}

NodeId Network::node_of(Ipv4 ip) const {
  auto it = by_ip_.find(ip);
  return it == by_ip_.end() ? kNoHost : it->second;
}

LinkId Network::find_link(NodeId a, NodeId b) const {
  for (LinkId l : nodes_[a].links)
    if ((links_[l].a == a && links_[l].b == b) || (links_[l].a == b && links_[l].b == a)) return l;
  return kNoLink;
}

std::vector<LinkId> Network::links_of(NodeId n) const { return nodes_[n].links; }

void Network::set_link_up(LinkId l, bool up) {
  LinkState& s = links_[l];
  if (s.up && !up) ++s.downs;
  s.up = up;
}

std::uint32_t Network::first_hop_mtu(NodeId from, Ipv4 to) const {
  NodeId dst = node_of(to);
  if (dst == kNoHost) return 1500;
  LinkId l = next_hop_[from * nodes_.size() + dst];
  return l == kNoLink ? 1500 : links_[l].mtu;
}

namespace {
SegmentRecord segment_record(const Packet& p, SegmentEvent ev, NodeId from, NodeId to) {
  SegmentRecord r;
  r.event = ev;
  r.from = from;
  r.to = to;
  r.conn = p.conn;
  r.sport = p.sport;
  r.dport = p.dport;
  r.flags = p.flags;
  r.seq = p.seq;
  r.ack = p.ack;
  r.window = p.window;
  r.mss = p.mss;
  r.len = static_cast<std::uint32_t>(p.payload.size());
  r.retransmission = p.retransmission;
  r.udp = p.proto == kProtoUdp;
  r.labels = p.labels;
  r.payload = p.recorded;
  return r;
}
}  // namespace

void Network::send(NodeId from, Packet&& p) {
  if (k_.trace.keep_segments() && !p.payload.empty())
    p.recorded = std::make_shared<const std::string>(p.payload);
  if (k_.trace.keep_segments())
    k_.record(segment_record(p, SegmentEvent::Sent, from, node_of(p.dst)));
  if (!nodes_[from].up) {
    drop(p, from, "host off");
    return;
  }
  forward(from, std::move(p));
}

void Network::drop(const Packet& p, NodeId at, const char* reason) {
  if (!k_.trace.keep_segments()) return;
  SegmentRecord r = segment_record(p, SegmentEvent::Dropped, node_of(p.src), node_of(p.dst));
  r.at = at;
  r.reason = reason;
  k_.record(std::move(r));
}

void Network::forward(NodeId at, Packet&& p) {
  NodeId dst = node_of(p.dst);
  if (dst == at) {
    if (!nodes_[at].up) {
      drop(p, at, "host off");
      return;
    }
    if (k_.trace.keep_segments())
      k_.record(segment_record(p, SegmentEvent::Delivered, node_of(p.src), dst));
    if (nodes_[at].receiver) nodes_[at].receiver(std::move(p));
    return;
  }
  if (dst == kNoHost || p.ttl == 0) {
    drop(p, at, dst == kNoHost ? "no route" : "ttl expired");
    return;
  }
  LinkId l = next_hop_[at * nodes_.size() + dst];
  if (l == kNoLink) {
    drop(p, at, "no route");
    return;
  }
  LinkState& link = links_[l];
  if (!link.up) {
    drop(p, at, "link down");
    return;
  }
  if (p.wire_size() > link.mtu) {
    drop(p, at, "exceeds MTU");
    return;
  }
  int dir = link.a == at ? 0 : 1;
  NodeId next = dir == 0 ? link.b : link.a;
  // Serialisation behind whatever is already queued in this direction (FIFO), then latency.
  Instant start = std::max(k_.now(), link.free_at[dir]);
  Duration ser{link.bandwidth_bps ? std::int64_t(p.wire_size()) * 8 * 1'000'000'000 /
                                        std::int64_t(link.bandwidth_bps)
                                  : 0};
  link.free_at[dir] = start + ser;
  if (k_.rng.chance(link.loss)) {
    drop(p, at, "loss");
    return;
  }
  if (nodes_[at].router && at != node_of(p.src)) --p.ttl;
  k_.sched.at(start + ser + link.latency, [this, at, next, l, downs = link.downs, pkt = std::move(p)]() mutable {
    if (links_[l].downs != downs) {  // the link went down while the packet was on it
      drop(pkt, at, "link down");
      return;
    }
    if (!nodes_[next].up) {
      drop(pkt, next, "host off");
      return;
    }
    forward(next, std::move(pkt));
  });
}

}  // namespace sim
