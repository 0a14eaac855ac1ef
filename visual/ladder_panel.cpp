// The ladder (sequence) diagram: a lane per host, one arrow per flight (or, with TCP folded,
// per command, reply or query), a timestamp per row, SMTP phases bracketed at the left.
// Rows appear as their segment is sent; an arrow still in flight is drawn part way.
#include <algorithm>
#include <cmath>
#include <map>

#include "visual/canvas_draw.hpp"
#include "visual/panels.hpp"
#include "visual/strcat.hpp"

namespace visual {

namespace {
ImU32 phase_color(SmtpPhase p) {
  switch (p) {
    case SmtpPhase::Establishment: return IM_COL32(90, 160, 255, 255);
    case SmtpPhase::Transfer: return IM_COL32(80, 200, 120, 255);
    case SmtpPhase::Release: return IM_COL32(200, 140, 255, 255);
    case SmtpPhase::None: break;
  }
  return IM_COL32(0, 0, 0, 0);
}
// A fault or queue decision between the arrows: its transcript text across the lanes, in
// the colour of its timeline marker, a dashed rule under a fault.
void event_row(Frame& f, ImDrawList* dl, ImVec2 p, ImVec2 size, std::size_t entry, float indent, int id) {
  ImGui::PushID(id);
  if (ImGui::InvisibleButton("event", size)) f.selection.select(entry);
  if (ImGui::IsItemHovered()) f.selection.hover(entry);
  ImGui::PopID();
  if (f.selection.is(entry)) dl->AddRectFilled(p, ImVec2(p.x + size.x, p.y + size.y), IM_COL32(255, 210, 0, 40));
  const sim::TraceEntry& e = f.model.trace().entries()[entry];
  const bool fault = std::holds_alternative<sim::FaultRecord>(e.record);
  const auto* q = std::get_if<sim::QueueRecord>(&e.record);
  MarkerKind kind = fault ? MarkerKind::Fault
                    : q->action == sim::QueueAction::Deferred ? MarkerKind::Retry
                    : q->action == sim::QueueAction::Delivered ? MarkerKind::Delivery : MarkerKind::Bounce;
  const float y = p.y + size.y * 0.25f;
  dl->AddText(ImVec2(p.x, y), colors::kTextDim, clock_text(e.t).c_str());
  std::string text = cat(marker_glyph(kind), "  ", f.model.rows(f.settings.lang)[entry].text);
  dl->AddText(ImVec2(p.x + indent + 8, y), marker_color(kind), text.c_str());
  if (fault) draw_dashed_line(dl, ImVec2(p.x + indent, p.y + size.y - 3), ImVec2(p.x + size.x, p.y + size.y - 3),
                              marker_color(kind), 1.5f, 6);
}

// A lesson step's record: its row scrolled to the middle of the list, for a few frames after
// the step has directed the views (view_state.hpp Reveal). True while it does.
bool reveal_row(Frame& f, const std::vector<LadderRow>& rows, std::size_t shown, float row_h) {
  if (!f.reveal || f.reveal->ladder_frames <= 0 || !f.reveal->row) return false;
  --f.reveal->ladder_frames;
  auto end = rows.begin() + static_cast<std::ptrdiff_t>(shown);
  auto it = std::lower_bound(rows.begin(), end, *f.reveal->row, [](const LadderRow& r, std::size_t e) { return r.entry < e; });
  if (it == end || it->entry != *f.reveal->row) return false;
  const float y = float(it - rows.begin()) * row_h;
  ImGui::SetScrollY(std::max(0.f, y - (ImGui::GetWindowHeight() - row_h) / 2));
  return true;
}

// What tells one segment of a message from the next: "1/4" and its first line of content
// ("MIME-Version: 1.0", "--boundary", a line of base64), cut short.
std::string part_text(Frame& f, const LadderRow& r, const Flight& g) {
  const auto& seg = std::get<sim::SegmentRecord>(f.model.trace().entries()[g.sent].record);
  std::string out = cat("  ", std::to_string(r.part), "/", std::to_string(r.parts));
  if (!seg.payload) return out;
  std::string_view p = *seg.payload;
  std::size_t start = p.find_first_not_of("\r\n");
  if (start == std::string_view::npos) return out;
  std::string_view line = p.substr(start, p.find_first_of("\r\n", start) - start);
  constexpr std::size_t kShown = 28;
  out += cat("  ", std::string(line.substr(0, kShown)), line.size() > kShown ? "…" : "");
  return out;
}

Id phase_name(SmtpPhase p) {
  return p == SmtpPhase::Establishment ? Id::PhaseConnect : p == SmtpPhase::Transfer ? Id::PhaseTransfer : Id::PhaseRelease;
}
}  // namespace

void LadderPanel::contents(Frame& f) {
  ImGui::Checkbox(f.t(Id::FoldTcp), &f.settings.fold_tcp);
  const auto& topo = f.model.topology();
  const auto& fl = f.model.flights().flights();
  const auto& rows = f.model.ladder(f.settings.fold_tcp);
  const Instant now = f.playback.t;
  // Lanes: every host that sends or receives a flight, except routers, left to right as on
  // the canvas.
  std::vector<sim::HostId> lanes = f.model.ladder_hosts(f.settings.fold_tcp);
  // A lesson step's hosts have lanes even before they send anything (a client whose SYNs
  // are still to come, a server that answers nothing).
  if (f.reveal)
    for (sim::HostId h : f.reveal->lanes)
      if (h < topo.hosts.size() && std::find(lanes.begin(), lanes.end(), h) == lanes.end()) lanes.push_back(h);
  auto x_of_layout = [&](sim::HostId h) {
    float dx = h < f.settings.drag.size() ? f.settings.drag[h].x : 0;
    return f.model.layout()[h].x + dx + f.model.layout()[h].y * 0.01f;
  };
  std::sort(lanes.begin(), lanes.end(), [&](auto a, auto b) { return x_of_layout(a) < x_of_layout(b); });
  std::map<sim::HostId, std::size_t> lane_of;
  for (std::size_t i = 0; i < lanes.size(); ++i) lane_of[lanes[i]] = i;
  if (f.report) f.report->lanes = lanes, f.report->fold_tcp = f.settings.fold_tcp;

  const float time_w = ImGui::CalcTextSize("+00:00:00.000 ").x, bar_w = 8;
  ImVec2 origin = ImGui::GetCursorScreenPos();
  const float width = ImGui::GetContentRegionAvail().x;
  float phase_w = 0, name_w = 0;
  for (Id id : {Id::PhaseConnect, Id::PhaseTransfer, Id::PhaseRelease})
    phase_w = std::max(phase_w, ImGui::CalcTextSize(f.t(id)).x);
  for (auto h : lanes) name_w = std::max(name_w, ImGui::CalcTextSize(topo.hosts[h].name.c_str()).x);
  const float lane_x0 = origin.x + time_w + bar_w + std::max(phase_w + 12, name_w / 2 + 4);
  const float right = name_w / 2 + 8;
  const float lane_dx = lanes.size() > 1 ? (width - (lane_x0 - origin.x) - right) / float(lanes.size() - 1) : 0;
  auto lane_x = [&](sim::HostId h) {
    auto it = lane_of.find(h);
    return it == lane_of.end() ? lane_x0 : lane_x0 + lane_dx * float(it->second);
  };
  ImDrawList* dl = ImGui::GetWindowDrawList();
  // Lane headers: side by side where they fit, else on two staggered rows; none for
  // dozens of lanes (a smear: a lane's name is then in its arrows' tooltips).
  // Narrow lanes take turns on up to four rows of names; a name wider than its room then is
  // cut with "…" (the arrows' tooltips have it whole).
  const float lh = ImGui::GetTextLineHeight();
  const int name_rows = lanes.size() > 1 && lane_dx > 0 ? std::clamp(int(std::ceil((name_w + 8) / lane_dx)), 1, 4) : 1;
  const float name_room = lanes.size() > 1 ? lane_dx * float(name_rows) - 8 : width;
  if (lanes.size() <= 12 || lane_dx >= name_w * 0.6f)
    for (std::size_t i = 0; i < lanes.size(); ++i) {
      const std::string n = fit_text(topo.hosts[lanes[i]].name, name_room);
      const float y = origin.y + lh * float(i % name_rows);
      dl->AddText(ImVec2(lane_x(lanes[i]) - ImGui::CalcTextSize(n.c_str()).x / 2, y), colors::kText, n.c_str());
    }
  ImGui::Dummy(ImVec2(width, lh * float(name_rows) + 4));

  // Rows whose segment has been sent by the playback time (rows are in send order).
  std::size_t shown = static_cast<std::size_t>(
      std::upper_bound(rows.begin(), rows.end(), now, [&](Instant t, const LadderRow& r) { return t < r.t; }) -
      rows.begin());
  ImGui::BeginChild("rows");
  // Rows exactly row_h apart, as the clipper assumes.
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(ImGui::GetStyle().ItemSpacing.x, 0));
  if (shown == 0) ImGui::TextDisabled("%s", f.t(Id::NoRecords));
  ImDrawList* cdl = ImGui::GetWindowDrawList();
  const float row_h = ImGui::GetTextLineHeight() * 1.9f;
  ImGuiListClipper clip;
  clip.Begin(static_cast<int>(shown), row_h);
  float top = ImGui::GetWindowPos().y, bottom = top + ImGui::GetWindowSize().y;
  const bool revealed = reveal_row(f, rows, shown, row_h);
  for (auto h : lanes) cdl->AddLine(ImVec2(lane_x(h), top), ImVec2(lane_x(h), bottom), IM_COL32(110, 120, 140, 255), 1.5f);
  while (clip.Step()) {
    for (int i = clip.DisplayStart; i < clip.DisplayEnd; ++i) {
      const LadderRow& r = rows[i];
      ImVec2 p = ImGui::GetCursorScreenPos();
      if (f.report) f.report->ladder.push_back({r.entry, p.y, p.y + row_h, p.y >= top - 1 && p.y + row_h <= bottom + 1});
      if (r.event) {
        event_row(f, cdl, p, ImVec2(width, row_h), *r.event, time_w + bar_w, i);
        continue;
      }
      const Flight& g = fl[r.flight];
      ImGui::PushID(i);
      if (ImGui::InvisibleButton("row", ImVec2(width, row_h))) f.selection.select(g.sent);
      if (ImGui::IsItemHovered()) {
        f.selection.hover(g.sent);
        const sim::Trace& tr = f.model.trace();
        ImGui::SetTooltip("%s\n%s → %s\n%s → %s", g.text.c_str(), tr.host_name(g.from).c_str(), tr.host_name(g.to).c_str(),
                          clock_text(g.t0).c_str(), clock_text(g.t1).c_str());
      }
      ImGui::PopID();
      // The arrow a lesson step is about (an RST for a refused connection) lights up with it.
      bool hl = f.selection.is(g.sent) ||
                (f.reveal && f.reveal->row == g.sent && f.reveal->entry && f.reveal->entry == f.selection.selected);
      if (hl) cdl->AddRectFilled(p, ImVec2(p.x + width, p.y + row_h), IM_COL32(255, 210, 0, 40));
      cdl->AddText(ImVec2(p.x, p.y + row_h * 0.25f), colors::kTextDim, clock_text(g.t0).c_str());
      if (r.phase != SmtpPhase::None) {
        cdl->AddRectFilled(ImVec2(p.x + time_w, p.y), ImVec2(p.x + time_w + bar_w, p.y + row_h), phase_color(r.phase));
        bool starts = i == 0 || rows[i - 1].event || rows[i - 1].phase != r.phase || fl[rows[i - 1].flight].conn != g.conn;
        if (starts)
          cdl->AddText(ImVec2(p.x + time_w + bar_w + 4, p.y + row_h * 0.25f), phase_color(r.phase), f.t(phase_name(r.phase)));
      }
      float x0 = lane_x(g.from), x1 = lane_x(g.to);
      float y0 = p.y + row_h * 0.55f, y1 = p.y + row_h * 0.9f;
      double prog = FlightIndex::progress(g, now);
      if (g.dropped) prog = std::min(prog, 0.5);
      float xe = x0 + (x1 - x0) * float(prog), ye = y0 + (y1 - y0) * float(prog);
      ImU32 col = pill_color(g.style);
      // Still on its way (a step that pauses as a reply is sent): where it is going, dashed
      // and dim, and a dot where it is, so the row is an arrow even at its first instant.
      if (prog < 1 && !g.dropped) {
        draw_dashed_line(cdl, ImVec2(x0, y0), ImVec2(x1, y1), (col & 0x00FFFFFF) | IM_COL32(0, 0, 0, 110), 1.5f, 5);
        cdl->AddCircleFilled(ImVec2(xe, ye), 3.5f, col);
      }
      cdl->AddLine(ImVec2(x0, y0), ImVec2(xe, ye), col, g.retransmission ? 3.f : 2.f);
      if (g.dropped && now >= g.t1) {
        cdl->AddLine(ImVec2(xe - 6, ye - 6), ImVec2(xe + 6, ye + 6), IM_COL32(255, 50, 50, 255), 3);
        cdl->AddLine(ImVec2(xe - 6, ye + 6), ImVec2(xe + 6, ye - 6), IM_COL32(255, 50, 50, 255), 3);
      } else if (prog >= 1) {
        float d = x1 > x0 ? -9.f : 9.f;
        cdl->AddTriangleFilled(ImVec2(x1, y1), ImVec2(x1 + d, y1 - 5), ImVec2(x1 + d, y1 + 4), col);
      }
      const std::string label = pill_label(g.text, f.settings.lang);
      std::string text = g.retransmission ? cat("[", f.t(Id::Retransmission), "] ", label) : label;
      if (r.parts > 0) text += part_text(f, r, g);
      // Centred over the arrow, but never over the time and phase columns at the left nor
      // past the right edge (cut with "…" when it does not fit between).
      const float left = std::min(x0, x1) + 4, right_edge = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x - 4;
      text = fit_text(text, right_edge - left);
      float tw = ImGui::CalcTextSize(text.c_str()).x;
      float tx = std::max(std::min((x0 + x1) / 2 - tw / 2, right_edge - tw), left);
      cdl->AddText(ImVec2(tx, p.y), col | IM_COL32(60, 60, 60, 0), text.c_str());
    }
  }
  // Like a log console: stay at the newest line while playing, after a seek, or while the
  // list is already scrolled to its end; a user who scrolled up is left there.
  bool at_end = ImGui::GetScrollY() >= ImGui::GetScrollMaxY() - 1;
  if (!revealed && (f.playback.playing || f.time_moved || at_end) && f.selection.follow) ImGui::SetScrollHereY(1.0f);
  ImGui::PopStyleVar();
  ImGui::EndChild();
}

}  // namespace visual
