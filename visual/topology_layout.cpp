// The mail's path on one row, the hosts off it above and below (see the header).
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

bool client_like(const std::string& kind) {
  return kind == "user-agent" || kind == "browser" || kind == "echo-client" || kind == "external";
}

// The hosts the mail of the scenario's first sender passes, in order: the sender, its
// webmail server (for a browser), its submission server, the server of the first
// recipient's domain, that recipient's user agent. Names missing from the topology are
// skipped.
std::vector<std::string> mail_waypoints(const sim::ScenarioSpec& sc) {
  std::vector<std::string> way;
  std::string to;
  for (const auto& h : sc.hosts) {
    if (h.kind == "user-agent" && !h.agent.sends.empty() && !h.agent.sends.front().to.empty()) {
      way = {h.name, h.agent.server};
      to = h.agent.sends.front().to.front();
    } else if (h.kind == "browser") {
      for (const auto& a : h.browser.actions)
        if (a.what == "send" && !a.to.empty()) {
          way = {h.name, h.browser.webmail};
          for (const auto& w : sc.hosts)
            if (w.name == h.browser.webmail) way.push_back(w.webmail.mail_server);
          to = a.to.substr(0, a.to.find(','));
          break;
        }
    }
    if (!way.empty()) break;
  }
  if (way.empty()) return way;
  const std::string dom = domain_of(to);
  for (const auto& s : sc.hosts)
    if (s.kind == "mail-server" && std::count(s.mail.domains.begin(), s.mail.domains.end(), dom)) {
      way.push_back(s.name);
      break;
    }
  const sim::HostSpec* reader = nullptr;  // the recipient's own agent, else one of the domain
  for (const auto& u : sc.hosts)
    if (u.kind == "user-agent" && u.name != way.front() && domain_of(u.agent.address) == dom &&
        (!reader || u.agent.address == to) && (!reader || reader->agent.address != to))
      reader = &u;
  if (reader) way.push_back(reader->name);
  return way;
}

// Hosts hanging off one placed host on one side of the path row, fanned out sideways
// (k hosts spread over up to two column widths) so their links do not run through each other.
void fan_out(std::vector<Point>& pos, const std::vector<sim::HostId>& kids, Point parent, float y, float col_w) {
  const std::size_t k = kids.size();
  const float spread = k > 1 ? std::min(1.f, 1.6f / float(k - 1)) * col_w : 0;
  // One alone goes a little to the side: right under its parent it would sit under the
  // parent's name.
  const float alone = k == 1 ? 0.35f * col_w : 0;
  for (std::size_t i = 0; i < k; ++i)
    pos[kids[i]] = {std::clamp(parent.x + alone + (float(i) - float(k - 1) / 2) * spread, 0.f, 1.f), y};
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

std::vector<sim::HostId> main_path(const sim::ScenarioSpec& sc, const sim::Topology& topo) {
  const std::size_t n = topo.hosts.size();
  std::map<std::string, sim::HostId> id;
  for (sim::HostId i = 0; i < n; ++i) id[topo.hosts[i].name] = i;
  std::vector<sim::HostId> way;
  for (const std::string& name : mail_waypoints(sc))
    if (auto it = id.find(name); it != id.end() && (way.empty() || way.back() != it->second)) way.push_back(it->second);
  if (way.size() < 2) {  // no mail: the first client and the server it talks to
    way.clear();
    for (const auto& h : sc.hosts) {
      auto it = id.find(h.name);
      if (it == id.end() || !client_like(h.kind)) continue;
      auto to = id.find(h.echo.connect_to);
      way = {it->second};
      if (to != id.end()) way.push_back(to->second);
      break;
    }
    if (way.size() == 1) {  // else the farthest host from it
      std::size_t best = 0;
      for (sim::HostId b = 0; b < n; ++b) {
        std::size_t hops = route(topo, way[0], b).size();
        if (hops > best && route(topo, way[0], b).size() > 1) best = hops, way.resize(1), way.push_back(b);
      }
    }
  }
  std::vector<sim::HostId> path;
  for (std::size_t i = 0; i < way.size(); ++i) {
    std::vector<sim::HostId> leg = i == 0 ? std::vector<sim::HostId>{way[0]} : route(topo, way[i - 1], way[i]);
    for (sim::HostId h : leg)
      if (std::find(path.begin(), path.end(), h) == path.end()) path.push_back(h);
  }
  return path;
}

std::vector<Point> layout_hosts(const sim::ScenarioSpec& sc, const sim::Topology& topo) {
  const std::size_t n = topo.hosts.size();
  auto nb = neighbours(topo);
  if (n > 60) return ring_layout(topo, nb);
  std::vector<Point> pos(n);
  std::vector<char> placed(n, 0);
  std::vector<sim::HostId> path = main_path(sc, topo);
  if (path.empty() && n > 0) path.push_back(0);
  const float col_w = path.size() > 1 ? 1.f / float(path.size() - 1) : 0.5f;
  for (std::size_t i = 0; i < path.size(); ++i) {
    pos[path[i]] = {path.size() > 1 ? float(i) * col_w : 0.5f, kPathRow};
    placed[path[i]] = 1;
  }
  // More hosts like an end of the path, linked to the same neighbour (the recipient's phone
  // beside their PC, three clients of one router): a column at that end, in scenario order.
  for (std::size_t end : {std::size_t{0}, path.size() - 1}) {
    if (path.size() < 2) break;
    const sim::HostId e = path[end], via = path[end == 0 ? 1 : end - 1];
    std::vector<sim::HostId> stack;
    for (sim::HostId h = 0; h < n; ++h)
      if (h == e || (!placed[h] && topo.hosts[h].kind == topo.hosts[e].kind &&
                     std::count(nb[via].begin(), nb[via].end(), h)))
        stack.push_back(h);
    const float gap = stack.size() > 1 ? std::min(0.45f, 0.9f / float(stack.size() - 1)) : 0;
    for (std::size_t k = 0; k < stack.size(); ++k) {
      pos[stack[k]] = {pos[e].x, kPathRow + (float(k) - float(stack.size() - 1) / 2) * gap};
      placed[stack[k]] = 1;
    }
  }
  // The rest, level by level outwards: a host linked to one placed host hangs above or
  // below it (DNS below, the others on the emptier side); one linked to several sits above,
  // between them.
  for (int level = 1; level < 8; ++level) {
    std::map<sim::HostId, std::vector<sim::HostId>> above, below;
    std::vector<sim::HostId> bridges;
    for (sim::HostId h = 0; h < n; ++h) {
      if (placed[h]) continue;
      std::vector<sim::HostId> at;
      for (sim::HostId j : nb[h])
        if (placed[j] && std::find(at.begin(), at.end(), j) == at.end()) at.push_back(j);
      if (at.size() > 1) bridges.push_back(h);
      if (at.size() != 1) continue;
      const sim::HostId p = at[0];
      const bool outward_down = pos[p].y > kPathRow + 0.01f, outward_up = pos[p].y < kPathRow - 0.01f;
      bool down = topo.hosts[h].kind == "dns-server";
      if (!down) down = outward_down || (!outward_up && above[p].size() > below[p].size());
      (down ? below : above)[p].push_back(h);
    }
    for (auto* side : {&below, &above})  // DNS first: the others then go to the emptier side
      for (auto& [p, kids] : *side) {
        const bool up = side == &above;
        const float y = pos[p].y == kPathRow ? (up ? 0.05f : 0.92f)
                                             : std::clamp(pos[p].y + (up ? -0.2f : 0.2f), 0.02f, 0.98f);
        fan_out(pos, kids, pos[p], y, col_w);
        for (sim::HostId k : kids) placed[k] = 1;
      }
    for (sim::HostId h : bridges) {
      float x = 0;
      int k = 0;
      for (sim::HostId j : nb[h])
        if (placed[j]) x += pos[j].x, ++k;
      pos[h] = {x / float(std::max(k, 1)), 0.05f};
      placed[h] = 1;
    }
  }
  float x = 0;  // hosts linked to nothing: along the bottom
  for (sim::HostId h = 0; h < n; ++h)
    if (!placed[h]) pos[h] = {x, 0.96f}, x = std::min(1.f, x + 0.2f);
  return pos;
}

std::vector<int> name_lines(const std::vector<Point>& at, const std::vector<float>& name_w, float canvas_w) {
  std::vector<int> line(at.size(), 0);
  std::vector<std::size_t> order(at.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return at[a].x < at[b].x; });
  // Per row of hosts (same y) and line: where the last name placed there ends.
  std::map<std::pair<float, int>, float> ends;
  for (std::size_t i : order) {
    const float x0 = at[i].x * canvas_w - name_w[i] / 2 - 6;
    auto free = [&](int l) {
      auto it = ends.find({at[i].y, l});
      return it == ends.end() || it->second <= x0;
    };
    line[i] = free(0) ? 0 : free(1) ? 1 : 0;
    ends[{at[i].y, line[i]}] = x0 + name_w[i] + 12;
  }
  return line;
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
