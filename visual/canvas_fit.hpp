// How the topology canvas fits its hosts: the margins round the layout such that every
// host's icon, its name and the frame a lesson's highlight draws round both lie inside the
// canvas, clear of the "in flight" count along the top and the legend along the bottom.
// Pixels in, boxes out; no ImGui here (topology_panel.cpp draws what this places, and
// tests/visual/canvas_fit_test.cpp checks it over every shipped scenario).
#pragma once
#include <cstddef>
#include <vector>

#include "visual/topology_layout.hpp"

namespace visual {

struct Box {
  float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  bool overlaps(const Box& o) const { return x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1; }
  bool inside(const Box& o) const { return x0 >= o.x0 && y0 >= o.y0 && x1 <= o.x1 && y1 <= o.y1; }
};

struct CanvasFitInput {
  float width = 0, height = 0;         // the canvas, pixels
  float line = 0;                      // the canvas's text line height
  float icon_half_w = 0, icon_half_h = 0;  // an icon's half extents at its scale
  float name_gap = 0;                  // between the icon and its name
  std::vector<Point> at;               // the layout (0..1)
  std::vector<float> name_w;           // each host's name width, pixels
  bool names = true;                   // names drawn (a crowded canvas draws few)
};

struct CanvasFit {
  float margin_x = 0, margin_top = 0, margin_bottom = 0;
  std::vector<int> name_line;  // name_lines() at this width
  // Per host, in canvas pixels, the layout placed at zoom 1 with no pan or drag.
  std::vector<Box> icon, name, frame;
  Box room;  // where hosts may go: the canvas less the top and bottom text bands
  float shrink = 1;  // the icons' scale was multiplied by this to keep hosts apart
};

// Space kept round icon and name by the highlight frame.
constexpr float kFramePad = 5;

// The icons' scale for a canvas of this size (presenter mode: larger; a crowded world:
// smaller).
float icon_scale(float width, float height, bool presenter, bool crowded);

// The margins for the icon size asked, or for icons made smaller (CanvasFit::shrink) where
// hosts would otherwise run into each other.
CanvasFit fit_canvas(const CanvasFitInput& in);

// Which of the candidate boxes for a pill (in order of preference: where it is, then along
// its link and further off it) to take: the first clear of `taken` (names, link labels,
// pills placed) and of `icons`; when none is, the one covering the least of them, an icon
// counting ten times as much (a pill over a host hides which host it is).
std::size_t pick_spot(const std::vector<Box>& candidates, const std::vector<Box>& taken, const std::vector<Box>& icons);

// Where the name of a host goes, given its icon's centre (x, y) and the fit's name_line.
Box name_box(const CanvasFitInput& in, std::size_t host, float x, float y, int place);
// The highlight frame round an icon and its name.
Box host_frame(const Box& icon, const Box& name);

}  // namespace visual
