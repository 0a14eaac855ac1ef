// The transcript: what has happened up to the playback time, one line per record, filtered
// by host, protocol and connection; long runs scroll through ImGuiListClipper.
#include <algorithm>

#include "visual/panels.hpp"
#include "visual/strcat.hpp"

namespace visual {

namespace {
using protocols::Proto;
constexpr Proto kProtos[] = {Proto::SMTP, Proto::POP3, Proto::IMAP, Proto::HTTP, Proto::DNS, Proto::TCP, Proto::ECHO};

ImVec4 row_color(const TranscriptRow& r) {
  if (r.prefix == "C:") return ImVec4(0.55f, 0.75f, 1, 1);
  if (r.prefix == "S:") {  // by class, as the ladder and the pills colour them: a 550 in red
    if (auto style = r.proto ? reply_style(*r.proto, r.text) : std::nullopt)
      return ImGui::ColorConvertU32ToFloat4(pill_color(*style) | IM_COL32(40, 40, 40, 0));
    return ImVec4(0.5f, 0.9f, 0.55f, 1);
  }
  if (r.prefix == "!") return ImVec4(1, 0.4f, 0.4f, 1);
  if (r.prefix == "Q") return ImVec4(1, 0.8f, 0.35f, 1);
  if (r.segment) return ImVec4(0.6f, 0.62f, 0.66f, 1);
  return ImVec4(0.85f, 0.85f, 0.85f, 1);
}

// Keeps the next control on this line when `width` (plus spacing) still fits, so the
// filter row wraps instead of running out of the panel in presenter mode.
void same_line_if_fits(float width) {
  float right = ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x * 2 + width;
  if (right <= ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x) ImGui::SameLine();
}

// A lesson step's record: its line scrolled to the middle of the list, for a few frames after
// the step has directed the views (view_state.hpp Reveal). True while it does.
bool reveal_line(Frame& f, const std::vector<TranscriptRow>& rows, const std::vector<std::size_t>& shown) {
  if (!f.reveal || f.reveal->transcript_frames <= 0 || !f.reveal->entry) return false;
  --f.reveal->transcript_frames;
  const std::size_t want = *f.reveal->entry;
  auto it = std::lower_bound(shown.begin(), shown.end(), want,
                             [&](std::size_t row, std::size_t e) { return rows[row].entry < e; });
  if (it == shown.end() || rows[*it].entry != want) return false;
  const float line = ImGui::GetTextLineHeightWithSpacing();
  const float y = float(it - shown.begin()) * line;
  ImGui::SetScrollY(std::max(0.f, y - (ImGui::GetWindowHeight() - line) / 2));
  return true;
}

void filters(Frame& f) {
  TranscriptFilter& flt = f.settings.filter;
  const auto& hosts = f.model.topology().hosts;
  const float em = ImGui::GetFontSize();
  ImGui::SetNextItemWidth(em * 9);
  const char* hname = flt.host < hosts.size() ? hosts[flt.host].name.c_str() : f.t(Id::All);
  if (ImGui::BeginCombo(f.t(Id::FilterHost), hname)) {
    if (ImGui::Selectable(f.t(Id::All), flt.host == sim::kNoHost)) flt.host = sim::kNoHost;
    for (sim::HostId h = 0; h < hosts.size(); ++h)
      if (ImGui::Selectable(hosts[h].name.c_str(), flt.host == h)) flt.host = h;
    ImGui::EndCombo();
  }
  same_line_if_fits(em * 5.5f + ImGui::CalcTextSize(f.t(Id::FilterProto)).x);
  ImGui::SetNextItemWidth(em * 5.5f);
  std::string pname = flt.proto ? std::string(protocols::to_string(*flt.proto)) : f.t(Id::All);
  if (ImGui::BeginCombo(f.t(Id::FilterProto), pname.c_str())) {
    if (ImGui::Selectable(f.t(Id::All), !flt.proto)) flt.proto.reset();
    for (Proto p : kProtos)
      if (ImGui::Selectable(std::string(protocols::to_string(p)).c_str(), flt.proto == p)) flt.proto = p;
    ImGui::EndCombo();
  }
  same_line_if_fits(em * 4.5f + ImGui::CalcTextSize(f.t(Id::FilterConn)).x);
  ImGui::SetNextItemWidth(em * 4.5f);
  std::string cname = flt.conn ? std::to_string(*flt.conn) : f.t(Id::All);
  if (ImGui::BeginCombo(f.t(Id::FilterConn), cname.c_str())) {
    if (ImGui::Selectable(f.t(Id::All), !flt.conn)) flt.conn.reset();
    for (sim::ConnId c : connections_of(f.model.rows()))
      if (ImGui::Selectable(std::to_string(c).c_str(), flt.conn == c)) flt.conn = c;
    ImGui::EndCombo();
  }
  same_line_if_fits(em * 1.5f + ImGui::CalcTextSize(f.t(Id::ShowSegments)).x);
  ImGui::Checkbox(f.t(Id::ShowSegments), &flt.segments);
  // The same records as Packet Tracer's event list: a table with a check box per type.
  same_line_if_fits(ImGui::CalcTextSize(f.t(Id::EventList)).x + em);
  if (ImGui::SmallButton(f.t(Id::EventList))) f.settings.show_events = true;
}
}  // namespace

void TranscriptPanel::contents(Frame& f) {
  filters(f);
  const auto& rows = f.model.rows(f.settings.lang);
  const std::vector<std::size_t>& shown =
      rows_.update(rows, f.settings.filter.segments ? nullptr : &f.model.record_rows(), f.settings.filter, f.playback.t,
                   f.model.generation() * 2 + (f.settings.lang == Lang::Zh));
  ImGui::BeginChild("lines", ImVec2(0, 0), false, ImGuiWindowFlags_HorizontalScrollbar);
  if (shown.empty()) ImGui::TextDisabled("%s", f.t(Id::NoRecords));
  const bool revealed = reveal_line(f, rows, shown);
  // The visible lines: the child less its horizontal scroll bar when it has one.
  const float top = ImGui::GetWindowPos().y,
              bottom = top + ImGui::GetWindowHeight() - (ImGui::GetScrollMaxX() > 0 ? ImGui::GetStyle().ScrollbarSize : 0);
  ImGuiListClipper clip;
  clip.Begin(static_cast<int>(shown.size()), ImGui::GetTextLineHeightWithSpacing());
  while (clip.Step()) {
    for (int i = clip.DisplayStart; i < clip.DisplayEnd; ++i) {
      const TranscriptRow& r = rows[shown[i]];
      ImGui::PushID(i);
      std::string line = clock_text(r.t) + "  " + r.prefix + " " + r.text;
      ImGui::PushStyleColor(ImGuiCol_Text, row_color(r));
      if (ImGui::Selectable(line.c_str(), f.selection.is(r.entry))) f.selection.select(r.entry);
      ImGui::PopStyleColor();
      if (f.report) {
        const float y0 = ImGui::GetItemRectMin().y, y1 = ImGui::GetItemRectMax().y;
        // A Selectable's rectangle takes in the spacing around its text: that much may be cut.
        const float slack = ImGui::GetStyle().ItemSpacing.y;
        f.report->transcript.push_back({r.entry, y0, y1, y0 >= top - slack && y1 <= bottom + slack});
      }
      if (ImGui::IsItemHovered()) {
        f.selection.hover(r.entry);
        const sim::Trace& tr = f.model.trace();
        if (r.from != sim::kNoHost && r.to != sim::kNoHost)
          ImGui::SetTooltip("%s → %s%s", tr.host_name(r.from).c_str(), tr.host_name(r.to).c_str(),
                            r.conn ? cat("  ", f.t(Id::Conn), " ", std::to_string(*r.conn)).c_str() : "");
      }
      ImGui::PopID();
    }
  }
  // Like a log console: stay at the newest line while playing, after a seek, or while the
  // list is already scrolled to its end; a user who scrolled up is left there.
  bool at_end = ImGui::GetScrollY() >= ImGui::GetScrollMaxY() - 1;
  if (!revealed && (f.playback.playing || f.time_moved || at_end) && f.selection.follow) ImGui::SetScrollHereY(1.0f);
  ImGui::EndChild();
}

}  // namespace visual
