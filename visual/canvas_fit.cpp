// The topology canvas's margins from what its hosts need round them (canvas_fit.hpp).
#include "visual/canvas_fit.hpp"

#include <algorithm>

namespace visual {

namespace {
// How far a host's icon, name and frame reach from its icon's centre.
struct Reach {
  float left = 0, right = 0, up = 0, down = 0;
};

Reach reach_of(const CanvasFitInput& in, std::size_t h, int place) {
  const Box icon{-in.icon_half_w, -in.icon_half_h, in.icon_half_w, in.icon_half_h};
  const Box frame = in.names ? host_frame(icon, name_box(in, h, 0, 0, place)) : host_frame(icon, icon);
  return {-frame.x0, frame.x1, -frame.y0, frame.y1};
}
}  // namespace

float icon_scale(float width, float height, bool presenter, bool crowded) {
  const float fit = std::clamp(std::min(width / 950.f, height / 420.f), 0.6f, 1.f);
  return (presenter ? 1.5f : 1.2f) * fit * (crowded ? 0.55f : 1.f);
}

Box name_box(const CanvasFitInput& in, std::size_t host, float x, float y, int place) {
  const float w = host < in.name_w.size() ? in.name_w[host] : 0;
  const float top = name_top(in.at[host], y, in.icon_half_h + in.name_gap, in.line, place);
  return {x - w / 2, top, x + w / 2, top + in.line};
}

Box host_frame(const Box& icon, const Box& name) {
  return {std::min(icon.x0, name.x0) - kFramePad, std::min(icon.y0, name.y0) - kFramePad,
          std::max(icon.x1, name.x1) + kFramePad, std::max(icon.y1, name.y1) + kFramePad};
}

std::size_t pick_spot(const std::vector<Box>& candidates, const std::vector<Box>& taken, const std::vector<Box>& icons) {
  auto area = [](const Box& a, const Box& b) {
    const float w = std::min(a.x1, b.x1) - std::max(a.x0, b.x0), h = std::min(a.y1, b.y1) - std::max(a.y0, b.y0);
    return w > 0 && h > 0 ? w * h : 0.f;
  };
  std::size_t best = 0;
  float best_cost = -1;
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    float cost = 0;
    for (const Box& t : taken) cost += area(candidates[i], t);
    for (const Box& t : icons) cost += 10 * area(candidates[i], t);
    if (cost == 0) return i;
    if (best_cost < 0 || cost < best_cost) best = i, best_cost = cost;
  }
  return best;
}

namespace {
CanvasFit fit_at_scale(const CanvasFitInput& in) {
  CanvasFit fit;
  const std::size_t n = in.at.size();
  // The "in flight" count above, the legend below: a line each and a little air.
  const float band_top = in.line + 8, band_bottom = in.line + 10;
  fit.room = {0, band_top, in.width, in.height - band_bottom};
  // Each host needs its reach on every side; a host at layout x sits at
  // margin + x * (width - 2 margin), so the margins follow from the reaches by a few rounds
  // (each round's margins are at least the last's; they settle at once for real layouts).
  fit.name_line.assign(n, 0);
  float mx = in.icon_half_w + kFramePad, mt = band_top, mb = band_bottom;
  for (int round = 0; round < 24; ++round) {
    const float w = std::max(1.f, in.width - 2 * mx), h = std::max(1.f, in.height - mt - mb);
    if (in.names) fit.name_line = name_lines(in.at, in.name_w, w);
    float need_x = 0, need_t = 0, need_b = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const Reach r = reach_of(in, i, fit.name_line[i]);
      need_x = std::max({need_x, r.left - in.at[i].x * w, r.right - (1 - in.at[i].x) * w});
      need_t = std::max(need_t, r.up - in.at[i].y * h);
      need_b = std::max(need_b, r.down - (1 - in.at[i].y) * h);
    }
    const float nx = std::max(mx, need_x), nt = std::max(mt, band_top + need_t), nb = std::max(mb, band_bottom + need_b);
    if (nx == mx && nt == mt && nb == mb) break;
    mx = nx, mt = nt, mb = nb;
  }
  fit.margin_x = mx;
  fit.margin_top = mt;
  fit.margin_bottom = mb;
  const float w = in.width - 2 * mx, h = in.height - mt - mb;
  for (std::size_t i = 0; i < n; ++i) {
    const float x = mx + in.at[i].x * w, y = mt + in.at[i].y * h;
    fit.icon.push_back({x - in.icon_half_w, y - in.icon_half_h, x + in.icon_half_w, y + in.icon_half_h});
    fit.name.push_back(in.names ? name_box(in, i, x, y, fit.name_line[i]) : fit.icon.back());
    fit.frame.push_back(host_frame(fit.icon.back(), fit.name.back()));
  }
  return fit;
}

}  // namespace

CanvasFit fit_canvas(const CanvasFitInput& in) {
  // Hosts stacked in a column of a short canvas (a projector's 720 lines) can come closer
  // than an icon and its name: smaller icons then, down to 60%.
  CanvasFit fit;
  for (float shrink : {1.f, 0.9f, 0.8f, 0.7f, 0.6f}) {
    CanvasFitInput smaller = in;
    smaller.icon_half_w *= shrink;
    smaller.icon_half_h *= shrink;
    smaller.name_gap *= shrink;
    fit = fit_at_scale(smaller);
    fit.shrink = shrink;
    bool clear = true;
    for (std::size_t a = 0; a < fit.icon.size() && clear; ++a)
      for (std::size_t b = 0; b < fit.icon.size() && clear; ++b)
        if (a != b)
          clear = !fit.icon[a].overlaps(fit.icon[b]) && !(in.names && (fit.name[a].overlaps(fit.name[b]) || fit.name[a].overlaps(fit.icon[b])));
    if (clear) break;
  }
  return fit;
}

}  // namespace visual
