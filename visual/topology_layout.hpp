// Automatic placement of hosts on the canvas, left to right along the mail path: sender's
// user agent, its submission server, routers, the receiving mail server, the receiver's user
// agent; DNS servers below. Positions are normalised to [0,1] x [0,1]; the canvas scales
// them and the user may drag hosts (the drag offsets live in ViewSettings).
#pragma once
#include <vector>

#include "sim/run.hpp"

namespace visual {

struct Point {
  float x = 0, y = 0;
};

std::vector<Point> layout_hosts(const sim::ScenarioSpec& scenario, const sim::Topology& topo);

// Hosts a packet from `a` to `b` passes (a and b included), by fewest hops over the links;
// just {a, b} when no path is known.
std::vector<sim::HostId> route(const sim::Topology& topo, sim::HostId a, sim::HostId b);

}  // namespace visual
