// Design mode: the palette, the canvas, the layout of the three panels and the keys (the
// property panel is design_properties.cpp).
#include "visual/design_panels.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "visual/canvas_draw.hpp"
#include "visual/strcat.hpp"

namespace visual {

namespace {

// Layout places (0..1) to the canvas and back; margins leave room for icons and names.
struct DesignCanvas {
  ImVec2 origin, size;
  float margin = 48;
  ImVec2 at(sim::Place p) const {
    return ImVec2(origin.x + margin + p.x * (size.x - 2 * margin), origin.y + margin + p.y * (size.y - 2 * margin));
  }
  sim::Place place(ImVec2 s) const {
    return sim::Place{std::clamp((s.x - origin.x - margin) / std::max(1.f, size.x - 2 * margin), 0.f, 1.f),
                      std::clamp((s.y - origin.y - margin) / std::max(1.f, size.y - 2 * margin), 0.f, 1.f)};
  }
};

float distance_to_segment(ImVec2 p, ImVec2 a, ImVec2 b) {
  const float dx = b.x - a.x, dy = b.y - a.y, len2 = dx * dx + dy * dy;
  const float k = len2 > 0 ? std::clamp(((p.x - a.x) * dx + (p.y - a.y) * dy) / len2, 0.f, 1.f) : 0.f;
  return std::hypot(p.x - (a.x + k * dx), p.y - (a.y + k * dy));
}

std::string str_at(const sim::ScenarioEditor& e, const std::string& ptr) {
  const sim::ScenarioJson* v = e.at(ptr);
  return v && v->is_string() ? v->get<std::string>() : "";
}

}  // namespace

const char* kind_name(Lang lang, const std::string& kind) {
  if (kind == "user-agent") return tr(lang, Id::KindUserAgent);
  if (kind == "mail-server") return tr(lang, Id::KindMailServer);
  if (kind == "dns-server") return tr(lang, Id::KindDns);
  if (kind == "router") return tr(lang, Id::KindRouter);
  if (kind == "webmail-server") return tr(lang, Id::KindWebmail);
  if (kind == "browser") return tr(lang, Id::KindBrowser);
  if (kind == "echo-server") return tr(lang, Id::KindEchoServer);
  if (kind == "echo-client") return tr(lang, Id::KindEchoClient);
  return tr(lang, Id::KindOther);
}

// ---- palette ----

void DesignPalettePanel::contents(Frame& f) {
  DesignSession& d = *f.design;
  section(f.t(Id::DesignDevices));
  const float icon_h = kIconHalfH * 1.1f + 6;
  for (const std::string& kind : sim::design_host_kinds()) {
    ImGui::PushID(kind.c_str());
    const ImVec2 top = ImGui::GetCursorScreenPos();
    const bool picked = d.placing == kind;
    if (ImGui::Selectable("##kind", picked, 0, ImVec2(0, icon_h))) d.placing = picked ? "" : kind;
    if (ImGui::BeginDragDropSource()) {
      ImGui::SetDragDropPayload(kDesignKindPayload, kind.c_str(), kind.size() + 1);
      ImGui::TextUnformatted(kind_name(f.settings.lang, kind));
      ImGui::EndDragDropSource();
    }
    ImDrawList* dl = ImGui::GetWindowDrawList();
    draw_host_icon(dl, ImVec2(top.x + kIconHalfW * 0.55f + 4, top.y + icon_h / 2), kind, 0.5f, true, picked);
    dl->AddText(ImVec2(top.x + kIconHalfW * 1.2f + 10, top.y + (icon_h - ImGui::GetTextLineHeight()) / 2),
                colors::kText, kind_name(f.settings.lang, kind));
    ImGui::PopID();
  }
  ImGui::Spacing();
  ImGui::PushTextWrapPos(0);
  ImGui::TextDisabled("%s", f.t(Id::DesignHint));
  ImGui::PopTextWrapPos();

  section(f.t(Id::DesignTemplates));
  for (const DesignTemplate& t : design_templates())
    if (ImGui::Button(f.t(t.name), ImVec2(-1, 0))) d.use_template(t);

  section(f.t(Id::FilePath));
  char path[1024];
  std::snprintf(path, sizeof path, "%s", d.path.c_str());
  ImGui::SetNextItemWidth(-1);
  if (ImGui::InputText("##path", path, sizeof path)) d.path = path;
  if (ImGui::Button(f.t(Id::Open))) d.open(d.path);
  ImGui::SameLine();
  if (ImGui::Button(f.t(Id::Save))) d.save();
  ImGui::SameLine();
  ImGui::BeginDisabled(!d.editor.can_undo());
  if (ImGui::Button(f.t(Id::Undo))) d.editor.undo();
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::BeginDisabled(!d.editor.can_redo());
  if (ImGui::Button(f.t(Id::Redo))) d.editor.redo();
  ImGui::EndDisabled();
  if (!d.message.empty()) {
    ImGui::PushTextWrapPos(0);
    const std::string shown = d.message_ok ? cat(f.t(d.message_kind), " ", d.message) : d.message;
    ImGui::TextColored(d.message_ok ? ImVec4(0.5f, 0.9f, 0.5f, 1) : ImVec4(1, 0.45f, 0.4f, 1), "%s", shown.c_str());
    ImGui::PopTextWrapPos();
  }
  d.fix_selection();
}

// ---- canvas ----

void DesignCanvasPanel::contents(Frame& f) {
  DesignSession& d = *f.design;
  sim::ScenarioEditor& e = d.editor;
  d.fix_selection();
  ImGuiIO& io = ImGui::GetIO();
  DesignCanvas cv{ImGui::GetCursorScreenPos(), ImGui::GetContentRegionAvail()};
  if (cv.size.x < 50 || cv.size.y < 50) return;
  ImGui::InvisibleButton("##canvas", cv.size, ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonRight);
  const bool hovered = ImGui::IsItemHovered();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 mouse = io.MousePos;
  const std::vector<sim::Place>& places = e.places();
  const std::size_t n = std::min(e.host_count(), places.size());

  // What is under the mouse: a host's icon first, else a link's line.
  std::optional<std::size_t> over_host, over_link;
  for (std::size_t i = n; i-- > 0;) {
    const ImVec2 c = cv.at(places[i]);
    if (std::abs(mouse.x - c.x) <= kIconHalfW && std::abs(mouse.y - c.y) <= kIconHalfH) {
      over_host = i;
      break;
    }
  }
  const sim::ScenarioJson* links = e.at("/links");
  const std::size_t link_count = links && links->is_array() ? links->size() : 0;
  auto link_ends = [&](std::size_t k) -> std::optional<std::pair<ImVec2, ImVec2>> {
    std::optional<std::size_t> a = e.host_index(str_at(e, cat("/links/", std::to_string(k), "/a")));
    std::optional<std::size_t> b = e.host_index(str_at(e, cat("/links/", std::to_string(k), "/b")));
    if (!a || !b || *a >= n || *b >= n) return std::nullopt;
    return std::pair{cv.at(places[*a]), cv.at(places[*b])};
  };
  if (!over_host && hovered)
    for (std::size_t k = 0; k < link_count; ++k)
      if (auto ends = link_ends(k); ends && distance_to_segment(mouse, ends->first, ends->second) < 6) over_link = k;

  // Clicks: place a picked device, select, start a move or a link.
  if (hovered && ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
    if (!d.placing.empty()) {
      d.select_host(e.add_host(d.placing, cv.place(mouse)));
      d.placing.clear();
    } else if (over_host) {
      d.host = over_host;
      d.link.reset();
      if (io.KeyShift) d.linking_from = over_host;
      else {
        dragging_ = over_host;
        const sim::Place at = cv.place(mouse);
        grab_ = sim::Place{at.x - places[*over_host].x, at.y - places[*over_host].y};
      }
    } else if (over_link) {
      d.link = over_link;
      d.host.reset();
    } else {
      d.clear_selection();
    }
  }
  if (hovered && ImGui::IsMouseClicked(ImGuiMouseButton_Right) && over_host) d.linking_from = over_host;
  if (dragging_ && ImGui::IsMouseDown(ImGuiMouseButton_Left) && *dragging_ < n) {
    if (ImGui::IsMouseDragging(ImGuiMouseButton_Left, 2)) {
      const sim::Place at = cv.place(mouse);
      e.move_host(e.host_name(*dragging_), sim::Place{std::clamp(at.x - grab_.x, 0.f, 1.f), std::clamp(at.y - grab_.y, 0.f, 1.f)});
    }
  } else {
    dragging_.reset();
  }
  if (d.linking_from && !ImGui::IsMouseDown(ImGuiMouseButton_Left) && !ImGui::IsMouseDown(ImGuiMouseButton_Right)) {
    if (over_host && *over_host != *d.linking_from && *d.linking_from < n)
      e.add_link(e.host_name(*d.linking_from), e.host_name(*over_host));
    d.linking_from.reset();
  }
  // A device dragged from the palette.
  if (ImGui::BeginDragDropTarget()) {
    if (const ImGuiPayload* p = ImGui::AcceptDragDropPayload(kDesignKindPayload)) {
      d.select_host(e.add_host(static_cast<const char*>(p->Data), cv.place(mouse)));
      d.placing.clear();
    }
    ImGui::EndDragDropTarget();
  }

  // Links, then hosts over them.
  for (std::size_t k = 0; k < link_count; ++k) {
    auto ends = link_ends(k);
    if (!ends) continue;
    const bool sel = d.link == k, hot = over_link == k;
    const sim::ScenarioJson* up = e.at(cat("/links/", std::to_string(k), "/up"));
    const ImU32 col = sel ? colors::kHighlight : hot ? colors::kText : colors::kLinkUp;
    if (up && up->is_boolean() && !up->get<bool>()) draw_dashed_line(dl, ends->first, ends->second, colors::kLinkDown, 2);
    else dl->AddLine(ends->first, ends->second, col, sel ? 3.5f : 2.f);
    if (!e.problems_at(cat("/links/", std::to_string(k)), true).empty()) {
      const ImVec2 mid((ends->first.x + ends->second.x) / 2, (ends->first.y + ends->second.y) / 2);
      dl->AddCircleFilled(mid, 7, colors::kLinkDown);
      dl->AddText(ImVec2(mid.x - 2, mid.y - ImGui::GetTextLineHeight() / 2), colors::kText, "!");
    }
  }
  if (d.linking_from && *d.linking_from < n) dl->AddLine(cv.at(places[*d.linking_from]), mouse, colors::kHighlight, 2.5f);
  for (std::size_t i = 0; i < n; ++i) {
    const ImVec2 c = cv.at(places[i]);
    const bool sel = d.host == i;
    draw_host_icon(dl, c, e.host_kind(i), 1.f, true, sel || over_host == i);
    const std::string name = e.host_name(i);
    const ImVec2 ts = ImGui::CalcTextSize(name.c_str());
    dl->AddText(ImVec2(c.x - ts.x / 2, c.y + kIconHalfH + 2), sel ? colors::kHighlight : colors::kText, name.c_str());
    if (!e.problems_at(cat("/hosts/", std::to_string(i)), true).empty()) {  // the loader has something to say
      const ImVec2 badge(c.x + kIconHalfW - 4, c.y - kIconHalfH + 4);
      dl->AddCircleFilled(badge, 8, colors::kLinkDown);
      dl->AddText(ImVec2(badge.x - 2, badge.y - ImGui::GetTextLineHeight() / 2), colors::kText, "!");
    }
  }
  // What the mouse is about to do.
  const char* status = !d.placing.empty() ? f.t(Id::DesignPlacing) : d.linking_from ? f.t(Id::DesignLinking) : nullptr;
  if (status) dl->AddText(ImVec2(cv.origin.x + 8, cv.origin.y + 6), colors::kTextDim, status);
  if (!d.placing.empty() && hovered) draw_host_icon(dl, mouse, d.placing, 0.8f, true, false);
}

// ---- layout and keys ----

void DesignView::draw(Frame& f, ImVec2 pos, ImVec2 size) {
  const float left = size.x * 0.17f, right = size.x * 0.3f;
  palette_.draw(f, pos, ImVec2(left, size.y));
  ImGui::PushStyleColor(ImGuiCol_WindowBg, ImGui::ColorConvertU32ToFloat4(colors::kCanvasBg));
  canvas_.draw(f, ImVec2(pos.x + left, pos.y), ImVec2(size.x - left - right, size.y));
  ImGui::PopStyleColor();
  properties_.draw(f, ImVec2(pos.x + size.x - right, pos.y), ImVec2(right, size.y));
}

void DesignView::keyboard(DesignSession& d) {
  ImGuiIO& io = ImGui::GetIO();
  if (io.WantTextInput) return;
  auto pressed = [](ImGuiKey k) { return ImGui::IsKeyPressed(ImGui::GetKeyIndex(k), true); };
  if (io.KeyCtrl && pressed(ImGuiKey_Z)) io.KeyShift ? d.editor.redo() : d.editor.undo();
  if (io.KeyCtrl && pressed(ImGuiKey_Y)) d.editor.redo();
  if (pressed(ImGuiKey_Delete)) d.delete_selected();
  if (pressed(ImGuiKey_Escape)) {
    d.placing.clear();
    d.linking_from.reset();
  }
  d.fix_selection();
}

}  // namespace visual
