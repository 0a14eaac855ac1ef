// Ranks hosts by their role on the mail path, fills in the rest from their neighbours, and
// stacks hosts of equal rank in a column.
#include "visual/topology_layout.hpp"

#include <algorithm>
#include <cmath>
#include <deque>
#include <map>
#include <optional>

namespace visual {

namespace {
std::string domain_of(const std::string& address) {
  auto at = address.rfind('@');
  return at == std::string::npos ? std::string() : address.substr(at + 1);
}

std::vector<std::vector<sim::HostId>> neighbours(const sim::Topology& topo) {
  std::vector<std::vector<sim::HostId>> n(topo.hosts.size());
  for (const auto& l : topo.links) {
    if (l.a >= n.size() || l.b >= n.size()) continue;
    n[l.a].push_back(l.b);
    n[l.b].push_back(l.a);
  }
  return n;
}

// Ranks from the mail path of the first user agent that sends: 0 sender, 1 its server,
// 3 the server for the recipient's domain, 4 the recipient's user agent.
std::vector<std::optional<double>> mail_ranks(const sim::ScenarioSpec& sc, const sim::Topology& topo) {
  std::vector<std::optional<double>> rank(topo.hosts.size());
  std::map<std::string, sim::HostId> id;
  for (sim::HostId i = 0; i < topo.hosts.size(); ++i) id[topo.hosts[i].name] = i;
  auto set = [&](const std::string& name, double r) {
    auto it = id.find(name);
    if (it != id.end() && !rank[it->second]) rank[it->second] = r;
  };
  for (const auto& h : sc.hosts) {
    if (h.kind != "user-agent" || h.agent.sends.empty()) continue;
    set(h.name, 0);
    set(h.agent.server, 1);
    for (const auto& send : h.agent.sends)
      for (const auto& to : send.to) {
        std::string dom = domain_of(to);
        for (const auto& s : sc.hosts)
          if (s.kind == "mail-server" && std::count(s.mail.domains.begin(), s.mail.domains.end(), dom)) set(s.name, 3);
        for (const auto& u : sc.hosts)
          if (u.kind == "user-agent" && domain_of(u.agent.address) == dom) set(u.name, 4);
      }
  }
  return rank;
}

// A crowded world (hundreds of hosts) as rings: the best-connected host (the Internet
// router) in the middle, its neighbours (mail servers, DNS) on a ring round it, and each
// remaining host fanned out beyond the neighbour it hangs from. Columns along the mail path
// would stack dozens of servers on top of each other.
std::vector<Point> ring_layout(const sim::Topology& topo, const std::vector<std::vector<sim::HostId>>& nb) {
  const std::size_t n = topo.hosts.size();
  const double pi = 3.14159265358979323846;
  std::vector<Point> at(n, Point{0.5f, 0.5f});
  std::size_t hub = 0;
  for (std::size_t i = 1; i < n; ++i)
    if (nb[i].size() > nb[hub].size()) hub = i;
  std::vector<int> placed(n, 0);
  placed[hub] = 1;
  std::vector<sim::HostId> ring;
  for (sim::HostId j : nb[hub])
    if (!placed[j]) {
      placed[j] = 1;
      ring.push_back(j);
    }
  std::vector<double> angle(n, 0);
  for (std::size_t k = 0; k < ring.size(); ++k) {
    angle[ring[k]] = 2 * pi * double(k) / double(ring.size());
    at[ring[k]] = {float(0.5 + 0.27 * std::cos(angle[ring[k]])), float(0.5 + 0.3 * std::sin(angle[ring[k]]))};
  }
  const double slot = ring.empty() ? 0 : 2 * pi / double(ring.size());
  for (sim::HostId parent : ring) {
    std::vector<sim::HostId> kids;
    for (sim::HostId j : nb[parent])
      if (!placed[j]) {
        placed[j] = 1;
        kids.push_back(j);
      }
    for (std::size_t k = 0; k < kids.size(); ++k) {
      double a = angle[parent] + slot * 0.8 * ((double(k) + 0.5) / double(kids.size()) - 0.5);
      at[kids[k]] = {float(0.5 + 0.48 * std::cos(a)), float(0.5 + 0.5 * std::sin(a))};
    }
  }
  return at;
}
}  // namespace

std::vector<Point> layout_hosts(const sim::ScenarioSpec& sc, const sim::Topology& topo) {
  const std::size_t n = topo.hosts.size();
  auto nb = neighbours(topo);
  if (n > 60) return ring_layout(topo, nb);
  std::vector<std::optional<double>> rank = mail_ranks(sc, topo);
  if (std::none_of(rank.begin(), rank.end(), [](const auto& r) { return r.has_value(); }) && n > 0) {
    // No mail path: hop distance from the first client-like host.
    sim::HostId start = 0;
    for (sim::HostId i = 0; i < n; ++i)
      if (topo.hosts[i].kind == "user-agent" || topo.hosts[i].kind == "echo-client") { start = i; break; }
    for (sim::HostId b = 0; b < n; ++b) {
      std::vector<sim::HostId> r = route(topo, start, b);
      if (r.size() > 1 || b == start) rank[b] = double(r.size() - 1);
    }
  }
  for (int pass = 0; pass < 8; ++pass) {  // others sit between their ranked neighbours
    for (std::size_t i = 0; i < n; ++i) {
      if (rank[i]) continue;
      double sum = 0;
      int k = 0;
      for (auto j : nb[i]) if (rank[j] && topo.hosts[j].kind != "dns-server") { sum += *rank[j]; ++k; }
      if (k) rank[i] = sum / k + (topo.hosts[i].kind == "router" || k > 1 ? 0 : 0.5);
    }
  }
  std::map<double, std::vector<std::size_t>> columns;  // rank -> hosts, top to bottom
  std::vector<std::size_t> dns;
  for (std::size_t i = 0; i < n; ++i) {
    if (topo.hosts[i].kind == "dns-server") dns.push_back(i);
    else columns[rank[i].value_or(0)].push_back(i);
  }
  std::vector<Point> pos(n);
  const float cols = float(std::max<std::size_t>(columns.size(), 1));
  int c = 0;
  for (auto& [r, hosts] : columns) {
    float x = columns.size() == 1 ? 0.5f : float(c) / (cols - 1);
    for (std::size_t k = 0; k < hosts.size(); ++k)
      pos[hosts[k]] = {x, (float(k) + 1) / float(hosts.size() + 1) * (dns.empty() ? 1.f : 0.72f)};
    ++c;
  }
  for (std::size_t k = 0; k < dns.size(); ++k)  // DNS along the bottom, centred
    pos[dns[k]] = {(float(k) + 1) / float(dns.size() + 1), 0.92f};
  return pos;
}

std::vector<sim::HostId> route(const sim::Topology& topo, sim::HostId a, sim::HostId b) {
  const std::size_t n = topo.hosts.size();
  if (a >= n || b >= n) return {a, b};
  if (a == b) return {a};
  auto nb = neighbours(topo);
  std::vector<sim::HostId> prev(n, sim::kNoHost);
  std::deque<sim::HostId> todo{a};
  prev[a] = a;
  while (!todo.empty()) {
    sim::HostId h = todo.front();
    todo.pop_front();
    if (h == b) break;
    for (auto j : nb[h])
      if (prev[j] == sim::kNoHost) { prev[j] = h; todo.push_back(j); }
  }
  if (prev[b] == sim::kNoHost) return {a, b};
  std::vector<sim::HostId> path{b};
  while (path.back() != a) path.push_back(prev[path.back()]);
  std::reverse(path.begin(), path.end());
  return path;
}

}  // namespace visual
