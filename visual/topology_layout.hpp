// Automatic placement of hosts on the canvas, the mail's path read left to right on one row:
// the sender's user agent (or browser, then its webmail server), its submission server,
// routers, the receiving mail server, the receiver's user agent. Hosts off that path hang
// above or below the path host they are linked to (DNS servers below), fanned out
// sideways so no host sits on another host's link; more hosts of an end of the path (a
// second device of the recipient, several clients of one server) stack in that end's
// column. Positions are normalised to [0,1] x [0,1]; the canvas scales them and the user
// may drag hosts (the drag offsets live in ViewSettings).
#pragma once
#include <vector>

#include "sim/run.hpp"

namespace visual {

struct Point {
  float x = 0, y = 0;
};

std::vector<Point> layout_hosts(const sim::ScenarioSpec& scenario, const sim::Topology& topo);

// The hosts of the mail's path in order, sender first (for a world without mail, the path
// of its first client to the server it talks to); empty when there is none.
std::vector<sim::HostId> main_path(const sim::ScenarioSpec& scenario, const sim::Topology& topo);

// The row of the main path: a host placed above it has its name drawn above its icon, so
// the name does not lie across the link that runs down from it.
constexpr float kPathRow = 0.45f;
inline bool label_above(Point p) { return p.y < kPathRow - 0.05f; }

// Which of two places each host's name takes, 0 or 1: names on one row of hosts that would
// run into each other at this canvas width (`name_w`: each name's width in pixels,
// `canvas_w`: the layout's width in pixels) take turns. Place 0 is under the icon (over it
// for a host above the path row); place 1 is over the icon (a line further up for a host
// above the path row).
std::vector<int> name_lines(const std::vector<Point>& at, const std::vector<float>& name_w, float canvas_w);
// The top of a host's name, from its icon's centre `y`, half height `icon_h` and the line
// height, given its place from name_lines().
inline float name_top(Point p, float y, float icon_h, float line, int place) {
  if (label_above(p)) return y - icon_h - line * float(1 + place);
  return place == 0 ? y + icon_h : y - icon_h - line;
}

// Hosts a packet from `a` to `b` passes (a and b included), by fewest hops over the links;
// just {a, b} when no path is known.
std::vector<sim::HostId> route(const sim::Topology& topo, sim::HostId a, sim::HostId b);

}  // namespace visual
