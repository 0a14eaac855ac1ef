// The topology's placement over every shipped scenario (and the lessons' console host): no
// host lies on a link it is not on, no two host names (nor a name and an icon) overlap, and
// the mail's path reads left to right, at the canvas sizes of a 1280x720 and a 1920x1080
// window.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "sim/external_host.hpp"
#include "sim/scenario_loader.hpp"
#include "fixtures.hpp"
#include "visual/design_session.hpp"  // topology_of: the topology simulate() builds
#include "visual/canvas_draw.hpp"
#include "visual/topology_layout.hpp"

namespace {

struct Box {
  float x0, y0, x1, y1;
  bool overlaps(const Box& o) const { return x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1; }
};

float dist_to_segment(float px, float py, float ax, float ay, float bx, float by) {
  const float dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy;
  const float k = len2 > 0 ? std::clamp(((px - ax) * dx + (py - ay) * dy) / len2, 0.f, 1.f) : 0;
  return std::hypot(px - (ax + k * dx), py - (ay + k * dy));
}

// The placement checked in a canvas of w x h pixels (the panel's margins taken off), icons
// at `scale` and names in a 17-pixel face (about 8.5 pixels a character).
void check_layout(const std::string& file, const sim::ScenarioSpec& sc, float w, float h, float scale) {
  const sim::Topology topo = visual::topology_of(sc);
  const std::vector<visual::Point> at = visual::layout_hosts(sc, topo);
  REQUIRE(at.size() == topo.hosts.size());
  const float iw = visual::kIconHalfW * scale, ih = visual::kIconHalfH * scale, line = 20;
  auto px = [&](sim::HostId i) { return std::pair{at[i].x * w, at[i].y * h}; };
  std::vector<Box> icons, labels;
  std::vector<float> name_w;
  for (const auto& host : topo.hosts) name_w.push_back(8.5f * float(host.name.size()));
  const std::vector<int> lines = visual::name_lines(at, name_w, w);
  for (sim::HostId i = 0; i < topo.hosts.size(); ++i) {
    auto [x, y] = px(i);
    const float lw = name_w[i];
    icons.push_back({x - iw, y - ih, x + iw, y + ih});
    const float ly = visual::name_top(at[i], y, ih + 4, line, lines[i]);
    labels.push_back({x - lw / 2, ly, x + lw / 2, ly + line});
  }
  for (sim::HostId i = 0; i < topo.hosts.size(); ++i) {
    CAPTURE(file, w, h, topo.hosts[i].name);
    // No host within an icon's reach of a link it is not an end of.
    auto [x, y] = px(i);
    for (const auto& l : topo.links) {
      if (l.a == i || l.b == i) continue;
      auto [ax, ay] = px(l.a);
      auto [bx, by] = px(l.b);
      CAPTURE(topo.hosts[l.a].name, topo.hosts[l.b].name);
      CHECK(dist_to_segment(x, y, ax, ay, bx, by) > ih + 4);
    }
    for (sim::HostId j = 0; j < topo.hosts.size(); ++j) {
      if (j == i) continue;
      CAPTURE(topo.hosts[j].name);
      CHECK_FALSE(labels[i].overlaps(labels[j]));
      CHECK_FALSE(labels[i].overlaps(icons[j]));
      if (j > i) CHECK_FALSE(icons[i].overlaps(icons[j]));
    }
  }
  // The mail's path left to right, its hosts in order of x.
  const std::vector<sim::HostId> path = visual::main_path(sc, topo);
  CAPTURE(file);
  CHECK(path.size() >= 2);
  for (std::size_t k = 1; k < path.size(); ++k) CHECK(at[path[k - 1]].x < at[path[k]].x);
}

}  // namespace

TEST_CASE("every shipped scenario is laid out with its mail's path left to right and nothing on a link",
          "[visual][layout]") {
  const std::vector<std::string> files = vtest::shipped_scenarios(MAILSIM_SOURCE_DIR);
  REQUIRE(files.size() >= 10);
  for (const std::string& file : files) {
    sim::LoadResult l = sim::load_scenario(file);
    REQUIRE(l.ok());
    // The canvas of a 1280x720 window (what is left inside its margins, icons shrunk to
    // fit) and of a 1920x1080 one.
    check_layout(file, *l.scenario, 520, 180, 0.87f);
    check_layout(file, *l.scenario, 1000, 520, 1.2f);
    // With the telnet console's host (lesson 03_commands_by_hand) linked to a server.
    sim::ScenarioSpec with_console = *l.scenario;
    std::string server;
    for (const auto& h : with_console.hosts)
      if (h.kind == "mail-server" && server.empty()) server = h.name;
    if (!server.empty()) sim::attach_external_host(with_console, server);
    check_layout(file + " + console", with_console, 520, 180, 0.87f);
  }
}

TEST_CASE("the mail's path runs from the sender to the recipient's agent", "[visual][layout]") {
  sim::LoadResult d = sim::load_scenario(std::string(MAILSIM_SOURCE_DIR) + "/assets/scenarios/default.json");
  REQUIRE(d.ok());
  sim::Topology t = visual::topology_of(*d.scenario);
  std::vector<std::string> names;
  for (sim::HostId h : visual::main_path(*d.scenario, t)) names.push_back(t.hosts[h].name);
  CHECK(names == std::vector<std::string>{"alice-pc", "mail.a.example", "internet", "mail.b.example", "bob-pc"});
  // Lesson 10's world starts at a browser and passes its webmail server.
  sim::LoadResult w = sim::load_scenario(std::string(MAILSIM_SOURCE_DIR) + "/lessons/content/scenarios/webmail.json");
  REQUIRE(w.ok());
  t = visual::topology_of(*w.scenario);
  names.clear();
  for (sim::HostId h : visual::main_path(*w.scenario, t)) names.push_back(t.hosts[h].name);
  CHECK(names == std::vector<std::string>{"alice-browser", "webmail.a.example", "mail.a.example", "internet",
                                          "mail.b.example", "bob-laptop"});
}
