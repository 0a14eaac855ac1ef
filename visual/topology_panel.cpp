// The topology canvas: hosts as icons placed along the mail path (draggable), links as
// lines (dashed red when down), and every segment in flight as a pill at
// lerp(t_sent, t_arrived, playback time) along its route; dropped segments fade out with an
// X where they were lost, retransmissions are outlined.
#include <algorithm>
#include <cmath>
#include <optional>

#include "visual/canvas_draw.hpp"
#include "visual/canvas_fit.hpp"
#include "visual/host_state.hpp"
#include "visual/panels.hpp"
#include "visual/strcat.hpp"

namespace visual {

namespace {
// Layout points (0..1 across the canvas, less its margins) to the screen, zoomed about the
// canvas's centre and panned (ViewSettings::canvas_zoom, canvas_pan).
struct Canvas {
  ImVec2 origin, size;
  float margin_x, margin_top, margin_bottom;  // room for the icons and names at the edges
  float zoom = 1;
  Point pan{};
  float w() const { return size.x - 2 * margin_x; }
  float h() const { return size.y - margin_top - margin_bottom; }
  ImVec2 at(Point p) const {
    return ImVec2(origin.x + margin_x + ((p.x - 0.5f) * zoom + 0.5f + pan.x) * w(),
                  origin.y + margin_top + ((p.y - 0.5f) * zoom + 0.5f + pan.y) * h());
  }
  // A screen distance in layout units (dragging a host).
  Point unit(ImVec2 d) const { return {d.x / (w() * zoom), d.y / (h() * zoom)}; }
};

// The mouse over the canvas background: the wheel zooms about the pointer, dragging with
// the right or middle button (or the left, off the hosts) pans, a double click resets.
void pan_and_zoom(Frame& f, const Canvas& cv) {
  ImGuiIO& io = ImGui::GetIO();
  if (!ImGui::IsWindowHovered() || !ImGui::IsMouseHoveringRect(cv.origin, ImVec2(cv.origin.x + cv.size.x, cv.origin.y + cv.size.y)))
    return;
  ViewSettings& v = f.settings;
  if (io.MouseWheel != 0) {
    // Keep the layout point under the pointer where it is.
    const float old_zoom = v.canvas_zoom;
    const float z = std::clamp(old_zoom * std::pow(1.2f, io.MouseWheel), kMinCanvasZoom, kMaxCanvasZoom);
    const float mx = (io.MousePos.x - cv.origin.x - cv.margin_x) / cv.w() - 0.5f - v.canvas_pan.x;
    const float my = (io.MousePos.y - cv.origin.y - cv.margin_top) / cv.h() - 0.5f - v.canvas_pan.y;
    v.canvas_pan.x += mx - mx * z / old_zoom;
    v.canvas_pan.y += my - my * z / old_zoom;
    v.canvas_zoom = z;
  }
  const bool on_host = ImGui::IsAnyItemActive() || ImGui::IsAnyItemHovered();
  for (ImGuiMouseButton b : {ImGuiMouseButton_Right, ImGuiMouseButton_Middle, ImGuiMouseButton_Left}) {
    if (b == ImGuiMouseButton_Left && on_host) continue;
    const ImVec2 from = io.MouseClickedPos[b];  // a drag that began on the canvas
    const bool began_here = from.x >= cv.origin.x && from.y >= cv.origin.y && from.x < cv.origin.x + cv.size.x &&
                            from.y < cv.origin.y + cv.size.y;
    if (began_here && ImGui::IsMouseDragging(b)) {
      v.canvas_pan.x += io.MouseDelta.x / cv.w();
      v.canvas_pan.y += io.MouseDelta.y / cv.h();
    }
  }
  if (ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left) && !on_host) {
    v.canvas_zoom = 1;
    v.canvas_pan = {};
  }
}

float path_length(const std::vector<ImVec2>& pts) {
  float total = 0;
  for (std::size_t i = 1; i < pts.size(); ++i) total += std::hypot(pts[i].x - pts[i - 1].x, pts[i].y - pts[i - 1].y);
  return total;
}

// The point `frac` of the way along the polyline.
ImVec2 along(const std::vector<ImVec2>& pts, double frac, ImVec2* dir) {
  float want = float(frac) * path_length(pts);
  for (std::size_t i = 1; i < pts.size(); ++i) {
    float seg = std::hypot(pts[i].x - pts[i - 1].x, pts[i].y - pts[i - 1].y);
    if (seg <= 0) continue;
    *dir = ImVec2((pts[i].x - pts[i - 1].x) / seg, (pts[i].y - pts[i - 1].y) / seg);
    if (want <= seg || i + 1 == pts.size()) {
      float k = std::min(1.f, want / seg);
      return ImVec2(pts[i - 1].x + (pts[i].x - pts[i - 1].x) * k, pts[i - 1].y + (pts[i].y - pts[i - 1].y) * k);
    }
    want -= seg;
  }
  *dir = ImVec2(1, 0);
  return pts.front();
}

// At most `max` characters (UTF-8 aware), with "…" when cut.
std::string shorten(const std::string& s, std::size_t max) {
  std::size_t chars = 0, i = 0;
  while (i < s.size() && chars < max) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    i += c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    ++chars;
  }
  return i >= s.size() ? s : s.substr(0, i) + "…";
}

void legend(Frame& f, ImDrawList* dl, ImVec2 at) {
  struct Item {
    const char* name;
    PillStyle style;
  };
  const Item items[] = {{"SMTP", PillStyle::Smtp}, {"POP3", PillStyle::Pop3}, {"IMAP", PillStyle::Imap},
                        {"HTTP", PillStyle::Http}, {"DNS", PillStyle::Dns},   {"TCP", PillStyle::TcpControl},
                        {"2xx", PillStyle::Reply2}, {"3xx", PillStyle::Reply3}, {"4xx", PillStyle::Reply4},
                        {"5xx", PillStyle::Reply5}};
  float h = ImGui::GetTextLineHeight();
  dl->AddText(at, colors::kTextDim, f.t(Id::Legend));
  at.x += ImGui::CalcTextSize(f.t(Id::Legend)).x + 10;
  for (const Item& it : items) {
    dl->AddRectFilled(at, ImVec2(at.x + h * 0.8f, at.y + h * 0.8f), pill_color(it.style), 3);
    at.x += h;
    dl->AddText(at, colors::kText, it.name);
    at.x += ImGui::CalcTextSize(it.name).x + 12;
  }
}
}  // namespace

void TopologyPanel::contents(Frame& f) {
  const auto& topo = f.model.topology();
  const auto& layout = f.model.layout();
  const sim::Trace& trace = f.model.trace();
  const Instant now = f.playback.t;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  // A crowded world (a stress scenario of hundreds of hosts) is drawn lighter: user agents
  // as dots and mail servers as squares, no link delays, names only for servers (a hovered
  // host shows its own): the labels would overlap into noise, and each costs the renderer.
  const bool crowded = topo.hosts.size() > 60;
  // ... and without anti-aliasing, which doubles the vertices of every shape: a software
  // renderer (llvmpipe on a classroom PC) pays for each.
  const ImDrawListFlags aa = dl->Flags;
  if (crowded) dl->Flags &= ~(ImDrawListFlags_AntiAliasedLines | ImDrawListFlags_AntiAliasedLinesUseTex | ImDrawListFlags_AntiAliasedFill);
  // Icons as large as the canvas allows (presenter mode: larger), and presenter type only
  // where the canvas has the height for it; else the names would run into each other.
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  float s = icon_scale(avail.x, avail.y, f.settings.presenter, crowded);
  const bool small_type = f.settings.presenter && avail.y < 450;
  if (small_type) ImGui::PushFont(f.fonts.normal);
  const float lh = ImGui::GetTextLineHeight();
  // Margins from what the hosts need round them: icon, name, the highlight's frame
  // (canvas_fit.hpp), clear of the count above and the legend below.
  CanvasFitInput need{avail.x, avail.y, lh, kIconHalfW * s, kIconHalfH * s, 4 * s, layout, {}, !crowded};
  for (const auto& host : topo.hosts) need.name_w.push_back(ImGui::CalcTextSize(host.name.c_str()).x);
  const CanvasFit fit = fit_canvas(need);
  s *= fit.shrink;
  need.icon_half_w *= fit.shrink, need.icon_half_h *= fit.shrink, need.name_gap *= fit.shrink;
  const std::vector<int> name_line = f.settings.canvas_zoom == 1 || crowded
                                         ? fit.name_line
                                         : name_lines(layout, need.name_w, (avail.x - 2 * fit.margin_x) * f.settings.canvas_zoom);
  Canvas cv{ImGui::GetCursorScreenPos(), avail, fit.margin_x, fit.margin_top, fit.margin_bottom,
            f.settings.canvas_zoom, f.settings.canvas_pan};
  dl->PushClipRect(cv.origin, ImVec2(cv.origin.x + cv.size.x, cv.origin.y + cv.size.y), true);
  // The canvas colour is the window's own background (App::frame sets it): a second fill of
  // the whole canvas would cost a software renderer a millisecond a frame.
  f.settings.drag.resize(topo.hosts.size());
  std::vector<ImVec2> pos(topo.hosts.size());
  for (std::size_t h = 0; h < pos.size(); ++h)
    pos[h] = cv.at({layout[h].x + f.settings.drag[h].x, layout[h].y + f.settings.drag[h].y});

  // The text already on the canvas (delays, names): pills keep off it.
  std::vector<PillRect> placed;
  std::vector<LinkView> links = links_at(trace, f.model.state_entries(), topo, now, f.model.links_initially_up());
  for (std::size_t i = 0; i < topo.links.size(); ++i) {
    const auto& l = topo.links[i];
    if (l.a >= pos.size() || l.b >= pos.size()) continue;
    ImVec2 m((pos[l.a].x + pos[l.b].x) / 2, (pos[l.a].y + pos[l.b].y) / 2);
    if (!links[i].up) {
      draw_dashed_line(dl, pos[l.a], pos[l.b], colors::kLinkDown, 3 * s);
      dl->AddLine(ImVec2(m.x - 8, m.y - 8), ImVec2(m.x + 8, m.y + 8), colors::kLinkDown, 3);
      dl->AddLine(ImVec2(m.x - 8, m.y + 8), ImVec2(m.x + 8, m.y - 8), colors::kLinkDown, 3);
    } else {
      dl->AddLine(pos[l.a], pos[l.b], links[i].loss > 0 ? colors::kLinkLossy : colors::kLinkUp, 2.5f * s);
    }
    if (crowded) continue;
    // The link's one-way delay (and loss), where the pills do not run: left of the line.
    std::string label = protocols::format_duration(links[i].latency);
    if (links[i].loss > 0) label += cat(" · ", std::to_string(static_cast<int>(links[i].loss * 100 + 0.5)), "%");
    ImVec2 ts = ImGui::CalcTextSize(label.c_str());
    float dx = pos[l.b].x - pos[l.a].x, dy = pos[l.b].y - pos[l.a].y, len = std::max(1.f, std::hypot(dx, dy));
    ImVec2 side(dy / len, -dx / len);  // left of a->b; pills keep to the right of travel
    if (side.y > 0 || (side.y == 0 && side.x > 0)) side = ImVec2(-side.x, -side.y);  // prefer above
    ImVec2 at(m.x + side.x * (10 + ts.y) - ts.x / 2, m.y + side.y * (6 + ts.y) - ts.y / 2);
    if (std::abs(dy) > std::abs(dx)) at = ImVec2(m.x + 10, m.y - ts.y / 2);  // vertical link: to its right
    dl->AddText(at, links[i].loss > 0 ? colors::kLinkLossy : colors::kTextDim, label.c_str());
    placed.push_back({at, ImVec2(at.x + ts.x, at.y + ts.y)});
  }

  // What the lesson's step points at: a pulsing ring round each host and a glow on each link.
  if (f.lesson && !f.lesson->finished()) {
    const lessons::Highlight& hl = f.lesson->player().highlight();
    const float pulse = 0.6f + 0.4f * float(std::sin(ImGui::GetTime() * 4));
    const ImU32 glow = (colors::kHighlight & 0x00FFFFFF) | (static_cast<ImU32>(200 * pulse) << 24);
    auto host_index = [&](const std::string& name) -> std::optional<std::size_t> {
      for (std::size_t h = 0; h < topo.hosts.size(); ++h)
        if (topo.hosts[h].name == name) return h;
      return std::nullopt;
    };
    for (const std::string& l : hl.links) {
      for (std::size_t cut = l.find('-'); cut != std::string::npos; cut = l.find('-', cut + 1)) {
        auto a = host_index(l.substr(0, cut)), b = host_index(l.substr(cut + 1));
        if (a && b) {
          dl->AddLine(pos[*a], pos[*b], glow, 9 * s);
          break;
        }
      }
    }
    // A frame round the icon and its name (a ring would run over the name and be cut off
    // at the canvas's edge); the margins leave room for it.
    for (const std::string& name : hl.hosts)
      if (auto h = host_index(name)) {
        const Box icon{pos[*h].x - kIconHalfW * s, pos[*h].y - kIconHalfH * s, pos[*h].x + kIconHalfW * s,
                       pos[*h].y + kIconHalfH * s};
        const Box frame = host_frame(icon, crowded ? icon : name_box(need, *h, pos[*h].x, pos[*h].y, name_line[*h]));
        dl->AddRect(ImVec2(frame.x0, frame.y0), ImVec2(frame.x1, frame.y1), glow, 6, 0, 3 * s);
      }
  }

  for (sim::HostId h = 0; h < pos.size(); ++h) {
    const auto& host = topo.hosts[h];
    ImGui::SetCursorScreenPos(ImVec2(pos[h].x - kIconHalfW * s, pos[h].y - kIconHalfH * s));
    ImGui::PushID(static_cast<int>(h));
    ImGui::InvisibleButton("host", ImVec2(2 * kIconHalfW * s, 2 * kIconHalfH * s));
    if (ImGui::IsItemActive() && ImGui::IsMouseDragging(ImGuiMouseButton_Left)) {
      Point d = cv.unit(ImGui::GetIO().MouseDelta);
      f.settings.drag[h].x += d.x;
      f.settings.drag[h].y += d.y;
    }
    // A click that did not drag filters the transcript to this host (again: all hosts).
    const ImGuiIO& io = ImGui::GetIO();
    if (ImGui::IsItemDeactivated() && io.MouseDragMaxDistanceSqr[0] < io.MouseDragThreshold * io.MouseDragThreshold)
      f.settings.filter.host = f.settings.filter.host == h ? sim::kNoHost : h;
    bool hovered = ImGui::IsItemHovered();
    if (hovered) ImGui::SetTooltip("%s\n%s", host.name.c_str(), host.ip.c_str());
    ImGui::PopID();
    bool powered = powered_at(trace, f.model.state_entries(h), h, now);
    if (crowded && (host.kind == "user-agent" || host.kind == "mail-server"))
      draw_host_dot(dl, pos[h], host.kind, s, powered, hovered || f.settings.filter.host == h);
    else draw_host_icon(dl, pos[h], host.kind, s, powered, hovered || f.settings.filter.host == h);
    if (crowded && host.kind == "user-agent" && !hovered) continue;
    // The name under the icon, or over it for a host above the path row (under it runs the
    // host's own link down to the path) and where names on a row take turns.
    const Box nb = name_box(need, h, pos[h].x, pos[h].y, name_line[h]);
    dl->AddText(ImVec2(nb.x0, nb.y0), colors::kText, host.name.c_str());
    if (!crowded) placed.push_back({ImVec2(nb.x0, nb.y0), ImVec2(nb.x1, nb.y1)});
  }
  // Pills keep off the icons too (a reply just sent sits by its sender, not on it).
  std::vector<Box> icons;
  if (!crowded)
    for (const ImVec2& p : pos) icons.push_back({p.x - kIconHalfW * s, p.y - kIconHalfH * s, p.x + kIconHalfW * s, p.y + kIconHalfH * s});

  const FlightIndex& index = f.model.flights();
  std::vector<std::size_t> vis = index.visible_at(now);
  std::optional<std::size_t> hovered_entry;
  for (std::size_t fi : vis) {
    const Flight& fl = index.flights()[fi];
    std::vector<sim::HostId> hops = route(topo, fl.from, fl.dropped && fl.dropped_at != sim::kNoHost ? fl.dropped_at : fl.to);
    std::vector<ImVec2> pts;
    for (auto h : hops)
      if (h < pos.size()) pts.push_back(pos[h]);
    if (pts.size() == 1) pts.push_back(pts.front());  // lost at its own sender (host off)
    if (pts.empty()) continue;
    // Long lines (a 220 banner, a long MAIL FROM) are shortened on the canvas; the tooltip
    // and the inspector have them whole.
    const std::string pill_text = shorten(pill_label(fl.text, f.settings.lang), 26);
    // Keep to the right of the direction of travel, so the two directions do not overlap;
    // segments sent in a burst travel together: queue them up behind each other along the
    // link they ride (stacked sideways they would sit on another link).
    const float len = path_length(pts), pill_w = pill_rect(ImVec2(0, 0), pill_text).max.x * 2 + 6;
    const double frac = FlightIndex::progress(fl, now);
    // Candidates: where it is, then behind, ahead, further behind... by half a pill, each
    // beside the link and then further off it (so it stays near where it is on its way);
    // the first clear of the text, the icons and the pills already placed wins
    // (canvas_fit.hpp pick_spot).
    const PillRect r0 = pill_rect(ImVec2(0, 0), pill_text);
    std::vector<ImVec2> centres;
    std::vector<Box> boxes;
    for (int tries = 0; tries < 12; ++tries)
      for (int side = 0; side < 3; ++side) {
        const float back = float((tries + 1) / 2) * pill_w * 0.5f * (tries % 2 ? 1.f : -1.f);
        ImVec2 dir;
        ImVec2 c = along(pts, len > 0 ? std::clamp(frac - back / len, 0.0, 1.0) : frac, &dir);
        const float off = 16 * s + float(side) * (r0.max.y - r0.min.y + 4);
        c = ImVec2(c.x - dir.y * off, c.y + dir.x * off);
        // Inside the canvas: a pill at a host on the edge would be cut off.
        c.x = std::clamp(c.x, cv.origin.x - r0.min.x + 2, std::max(cv.origin.x - r0.min.x + 2, cv.origin.x + cv.size.x - r0.max.x - 2));
        c.y = std::clamp(c.y, cv.origin.y - r0.min.y + 2, std::max(cv.origin.y - r0.min.y + 2, cv.origin.y + cv.size.y - r0.max.y - 2));
        centres.push_back(c);
        boxes.push_back({c.x + r0.min.x, c.y + r0.min.y, c.x + r0.max.x, c.y + r0.max.y});
      }
    std::vector<Box> taken;
    for (const PillRect& p : placed) taken.push_back({p.min.x, p.min.y, p.max.x, p.max.y});
    const ImVec2 c = centres[pick_spot(boxes, taken, icons)];
    placed.push_back(pill_rect(c, pill_text));
    float alpha = float(FlightIndex::opacity(fl, now));
    bool crossed = fl.dropped && now >= fl.t1;
    PillRect r = draw_pill(dl, c, pill_text, pill_color(fl.style), alpha, fl.retransmission, crossed,
                           f.selection.is(fl.sent) || (fl.arrived && f.selection.is(*fl.arrived)));
    if (ImGui::IsMouseHoveringRect(r.min, r.max) && ImGui::IsWindowHovered()) {
      hovered_entry = fl.sent;
      ImGui::SetTooltip("%s\n%s → %s\n%s → %s", fl.text.c_str(), trace.host_name(fl.from).c_str(),
                        trace.host_name(fl.to).c_str(), clock_text(fl.t0).c_str(), clock_text(fl.t1).c_str());
      if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) f.selection.select(fl.sent);
    }
  }
  if (hovered_entry) f.selection.hover(*hovered_entry);

  dl->PopClipRect();
  dl->Flags = aa;
  pan_and_zoom(f, cv);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s: %zu", f.t(Id::InFlight), vis.size());
  dl->AddText(ImVec2(cv.origin.x + 8, cv.origin.y + 6), colors::kTextDim, buf);
  legend(f, dl, ImVec2(cv.origin.x + 8, cv.origin.y + cv.size.y - lh - 6));
  if (small_type) ImGui::PopFont();
}

}  // namespace visual
