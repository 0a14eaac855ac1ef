// The timeline bar: play/pause, step one event or one command/reply either way, jump to the
// next key event, a logarithmic speed slider, and a scrub bar over the whole run with its
// markers (x fault, | retry, o delivery, ! bounce). Time stays in integer ns until the pixel.
#include <algorithm>
#include <cmath>

#include "visual/panels.hpp"

namespace visual {

namespace {
void land(Frame& f, std::optional<Landing> l) {
  if (!l) return;
  f.playback.playing = false;
  f.playback.t = l->t;
  f.selection.select(l->entry);
}

// The scrub bar over the zoom window (the whole run unless zoomed with the mouse wheel;
// a double click zooms out again). Click or drag to seek.
void scrub_bar(Frame& f, float height, float w) {
  const Instant end = f.model.end();
  const TimeWindow win = f.settings.zoom.value_or(TimeWindow{protocols::kEpoch, std::max(end, protocols::at_ns(1))});
  ImVec2 a = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("scrub", ImVec2(w, height));
  const double mouse_frac = std::clamp((ImGui::GetIO().MousePos.x - a.x) / w, 0.f, 1.f);
  if (ImGui::IsItemActive()) {
    f.playback.t = std::min(end, window_instant(win, mouse_frac));
    f.playback.playing = false;
  }
  if (ImGui::IsItemHovered()) {
    float wheel = ImGui::GetIO().MouseWheel;
    if (wheel != 0) f.settings.zoom = zoom_window(win, window_instant(win, mouse_frac), wheel > 0 ? 0.5 : 2.0, end);
    if (ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) f.settings.zoom.reset();
    ImGui::SetTooltip("%s", clock_text(window_instant(win, mouse_frac)).c_str());
  }
  ImDrawList* dl = ImGui::GetWindowDrawList();
  float mid = a.y + height / 2;
  auto x_of = [&](Instant t) { return a.x + float(std::clamp(window_fraction(win, t), 0.0, 1.0)) * w; };
  dl->AddRectFilled(ImVec2(a.x, mid - 3), ImVec2(a.x + w, mid + 3), IM_COL32(80, 85, 95, 255), 3);
  dl->AddRectFilled(ImVec2(a.x, mid - 3), ImVec2(x_of(f.playback.t), mid + 3), IM_COL32(70, 130, 230, 255), 3);
  // Markers closer than a glyph's width draw once (the first of them; overlapping glyphs
  // would be unreadable), and those at the ends stay inside the bar.
  float last_x = -1e9f;
  const float glyph_w = ImGui::CalcTextSize("x").x + 2;
  for (const Marker& m : f.model.markers()) {
    double fr = window_fraction(win, m.t);
    if (fr < 0 || fr > 1) continue;
    if (f.exercise && m.t > f.exercise->limit()) continue;  // no hints past the question
    const char* g = marker_glyph(m.kind);
    ImVec2 ts = ImGui::CalcTextSize(g);
    const float x = std::clamp(x_of(m.t), a.x + ts.x / 2 + 1, a.x + w - ts.x / 2 - 1);
    if (x - last_x < glyph_w) continue;
    last_x = x;
    dl->AddText(ImVec2(x - ts.x / 2, mid - ts.y / 2), marker_color(m.kind), g);
  }
  dl->AddCircleFilled(ImVec2(x_of(f.playback.t), mid), height * 0.3f, IM_COL32(255, 255, 255, 255));
  if (f.settings.zoom) {  // the window's ends, so a zoomed bar is not mistaken for the run
    std::string l = clock_text(win.from), r = clock_text(win.to);
    dl->AddText(ImVec2(a.x, a.y + height - 2), colors::kTextDim, l.c_str());
    dl->AddText(ImVec2(a.x + w - ImGui::CalcTextSize(r.c_str()).x, a.y + height - 2), colors::kTextDim, r.c_str());
  }
}
}  // namespace

void TimelinePanel::contents(Frame& f) {
  const sim::Trace& tr = f.model.trace();
  if (ImGui::Button("|<")) land(f, Landing{0, protocols::kEpoch});
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", clock_text(protocols::kEpoch).c_str());
  ImGui::SameLine();
  if (ImGui::Button("<<")) land(f, step_command(tr, f.playback.t, -1));
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", f.t(Id::StepCommandBack));
  ImGui::SameLine();
  if (ImGui::Button("<")) land(f, step_event(tr, f.playback.t, -1));
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", f.t(Id::StepEventBack));
  ImGui::SameLine();
  if (ImGui::Button(f.playback.playing ? f.t(Id::Pause) : f.t(Id::Play), ImVec2(80, 0))) {
    if (!f.playback.playing && f.playback.t >= f.model.end()) f.playback.t = protocols::kEpoch;
    f.playback.playing = !f.playback.playing;
  }
  ImGui::SameLine();
  if (ImGui::Button(">")) land(f, step_event(tr, f.playback.t, +1));
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", f.t(Id::StepEvent));
  ImGui::SameLine();
  if (ImGui::Button(">>")) land(f, step_command(tr, f.playback.t, +1));
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", f.t(Id::StepCommand));
  ImGui::SameLine();
  if (ImGui::Button(">|")) land(f, next_marker(f.model.markers(), f.playback.t));
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", f.t(Id::NextKeyEvent));
  ImGui::SameLine(0, 20);
  float speed = float(f.playback.speed);
  ImGui::SetNextItemWidth(std::min(220.f, ImGui::GetContentRegionAvail().x * 0.2f));
  if (ImGui::SliderFloat(f.t(Id::Speed), &speed, float(kMinSpeed), float(kMaxSpeed), "%.1fx",
                         ImGuiSliderFlags_Logarithmic))
    f.playback.speed = speed;
  ImGui::SameLine();
  ImGui::Checkbox(f.t(Id::SkipIdle), &f.settings.skip_idle);
  ImGui::SameLine(0, 20);
  ImGui::Text("%s / %s", clock_text(f.playback.t).c_str(), clock_text(f.model.end()).c_str());
  // The second row: the scrub bar, and the markers' legend at its right (on the first row
  // it does not fit beside the buttons in presenter type at 1280 pixels).
  std::string legend[4];
  float legend_w = 0;
  const MarkerKind kinds[] = {MarkerKind::Fault, MarkerKind::Retry, MarkerKind::Delivery, MarkerKind::Bounce};
  for (int i = 0; i < 4; ++i) {
    const MarkerKind k = kinds[i];
    Id name = k == MarkerKind::Fault ? Id::FaultMarker : k == MarkerKind::Retry ? Id::Deferred
              : k == MarkerKind::Delivery ? Id::Delivered : Id::Bounced;
    legend[i] = std::string(marker_glyph(k)) + " " + f.t(name);
    legend_w += ImGui::CalcTextSize(legend[i].c_str()).x + ImGui::GetStyle().ItemSpacing.x;
  }
  const float bar_h = ImGui::GetTextLineHeight() * 1.4f;
  const float bar_w = ImGui::GetContentRegionAvail().x - legend_w - 12;
  scrub_bar(f, bar_h, bar_w);
  ImGui::SameLine(0, 12);
  ImGui::SetCursorPosY(ImGui::GetCursorPosY() + (bar_h - ImGui::GetTextLineHeight()) / 2);
  for (int i = 0; i < 4; ++i) {
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(marker_color(kinds[i])), "%s", legend[i].c_str());
    if (i < 3) ImGui::SameLine();
  }
}

}  // namespace visual
