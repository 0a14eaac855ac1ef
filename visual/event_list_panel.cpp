// The event list (event_list.hpp) in the transcript's place: a check box per type, then a
// table of time, last device, at device, type and information up to the playback time; a
// click selects the record, so the inspector, the ladder and the pill follow.
#include <algorithm>

#include "visual/panels.hpp"

namespace visual {

namespace {
ImU32 type_color(EventType t) {
  switch (t) {
    case EventType::Tcp: return pill_color(PillStyle::TcpControl);
    case EventType::Dns: return pill_color(PillStyle::Dns);
    case EventType::Smtp: return pill_color(PillStyle::Smtp);
    case EventType::Pop3: return pill_color(PillStyle::Pop3);
    case EventType::Imap: return pill_color(PillStyle::Imap);
    case EventType::Http: return pill_color(PillStyle::Http);
    case EventType::Queue: return IM_COL32(255, 205, 90, 255);
    case EventType::Mailbox: return IM_COL32(150, 220, 160, 255);
    case EventType::Fault: return IM_COL32(255, 100, 100, 255);
    case EventType::Other:
    case EventType::Count: break;
  }
  return colors::kTextDim;
}

// Keeps the next control on this line when `width` (plus spacing) still fits.
void same_line_if_fits(float width) {
  float right = ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x * 2 + width;
  if (right <= ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x) ImGui::SameLine();
}
}  // namespace

const std::vector<EventRow>& EventListPanel::rows(Frame& f) {
  const std::uint64_t key = f.model.generation() * 2 + (f.settings.lang == Lang::Zh);
  if (built_for_ != key) {
    rows_ = event_rows(f.model.trace(), f.settings.lang);
    built_for_ = key;
  }
  return rows_;
}

void EventListPanel::contents(Frame& f) {
  // Back to the transcript, then the types.
  if (ImGui::SmallButton(f.t(Id::Transcript))) f.settings.show_events = false;
  for (std::size_t i = 0; i < kEventTypes; ++i) {
    const char* name = event_type_name(static_cast<EventType>(i), f.settings.lang);
    same_line_if_fits(ImGui::GetFrameHeight() + ImGui::CalcTextSize(name).x);
    ImGui::PushID(static_cast<int>(i));
    ImGui::PushStyleColor(ImGuiCol_Text, type_color(static_cast<EventType>(i)));
    ImGui::Checkbox(name, &f.settings.events.show[i]);
    ImGui::PopStyleColor();
    ImGui::PopID();
  }
  const std::vector<EventRow>& all = rows(f);
  const std::vector<std::size_t> shown = filter_events(all, f.settings.events, f.playback.t);
  const sim::Trace& tr = f.model.trace();
  auto host = [&](sim::HostId h) { return h == sim::kNoHost ? std::string("-") : tr.host_name(h); };
  const ImGuiTableFlags flags = ImGuiTableFlags_ScrollY | ImGuiTableFlags_ScrollX | ImGuiTableFlags_RowBg |
                                ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_Resizable | ImGuiTableFlags_SizingFixedFit;
  if (!ImGui::BeginTable("events", 5, flags)) return;
  const float em = ImGui::GetFontSize();
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn(f.t(Id::Time), 0, em * 5.5f);
  ImGui::TableSetupColumn(f.t(Id::EventLastDevice), 0, em * 7);
  ImGui::TableSetupColumn(f.t(Id::EventAtDevice), 0, em * 7);
  ImGui::TableSetupColumn(f.t(Id::EventTypeColumn), 0, em * 3.5f);
  ImGui::TableSetupColumn(f.t(Id::EventInfo), 0, em * 30);
  ImGui::TableHeadersRow();
  // The selected record's row, scrolled into the middle when the selection changes.
  std::optional<std::size_t> scroll_to;
  if (f.selection.selected != followed_) {
    followed_ = f.selection.selected;
    if (followed_) scroll_to = row_of_entry(all, shown, *followed_);
  }
  const float line = ImGui::GetTextLineHeightWithSpacing();
  if (scroll_to) {
    const auto pos = std::find(shown.begin(), shown.end(), *scroll_to) - shown.begin();
    ImGui::SetScrollY(std::max(0.f, float(pos) * line - (ImGui::GetWindowHeight() - line) / 2));
  }
  if (shown.empty()) {
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(4);
    ImGui::TextDisabled("%s", f.t(Id::NoRecords));
  }
  ImGuiListClipper clip;
  clip.Begin(static_cast<int>(shown.size()), line);
  while (clip.Step()) {
    for (int i = clip.DisplayStart; i < clip.DisplayEnd; ++i) {
      const EventRow& r = all[shown[i]];
      ImGui::TableNextRow();
      ImGui::TableSetColumnIndex(0);
      ImGui::PushID(i);
      const std::string when = clock_text(r.t);
      if (ImGui::Selectable(when.c_str(), f.selection.is(r.entry), ImGuiSelectableFlags_SpanAllColumns)) {
        f.selection.select(r.entry);
        followed_ = r.entry;  // a click does not scroll the list under the pointer
      }
      if (ImGui::IsItemHovered()) f.selection.hover(r.entry);
      ImGui::PopID();
      ImGui::TableSetColumnIndex(1);
      ImGui::TextUnformatted(host(r.last).c_str());
      ImGui::TableSetColumnIndex(2);
      ImGui::TextUnformatted(host(r.at).c_str());
      ImGui::TableSetColumnIndex(3);
      ImGui::PushStyleColor(ImGuiCol_Text, type_color(r.type));
      ImGui::TextUnformatted(event_type_name(r.type, f.settings.lang));
      ImGui::PopStyleColor();
      ImGui::TableSetColumnIndex(4);
      ImGui::TextUnformatted(r.info.c_str());
    }
  }
  // Like the transcript: the newest row stays in view while playing or after a seek.
  if (!scroll_to && (f.playback.playing || f.time_moved) && f.selection.follow) ImGui::SetScrollHereY(1.0f);
  ImGui::EndTable();
}

}  // namespace visual
