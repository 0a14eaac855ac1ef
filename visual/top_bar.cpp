// The top bar: title, scenario (cut to the room left), language, presenter mode, the keys
// (F1), and the playback clock; and the list of keys F1 shows.
#include <algorithm>

#include "visual/design_session.hpp"
#include "visual/panels.hpp"
#include "visual/strcat.hpp"

namespace visual {

namespace {
float button_w(const char* label) { return ImGui::CalcTextSize(label).x + ImGui::GetStyle().FramePadding.x * 2; }
float check_w(const char* label) {
  return ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x + ImGui::CalcTextSize(label).x;
}
}  // namespace

// Design / Simulate (design mode, issue 16): Simulate runs the edited world from time 0, and
// is offered only once the loader accepts it.
void TopBar::mode_switch(Frame& f) {
  DesignSession& d = *f.design;
  if (ImGui::RadioButton(f.t(Id::ModeDesign), d.designing)) d.designing = true;
  ImGui::SameLine();
  const bool ready = d.editor.problems().empty();
  ImGui::BeginDisabled(!ready && d.designing);
  if (ImGui::RadioButton(f.t(Id::ModeSimulate), !d.designing) && d.designing) d.simulate_request = true;
  ImGui::EndDisabled();
  if (!ready && d.designing && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip("%s", f.t(Id::FixFirst));
  ImGui::SameLine(0, 20);
}

void TopBar::contents(Frame& f) {
  const auto& sc = f.model.scenario();
  const ImGuiStyle& st = ImGui::GetStyle();
  const std::string clock = clock_text(f.playback.t);
  const std::string faults = f.model.input().empty() ? "" : cat(f.t(Id::FaultsApplied), ": ", std::to_string(f.model.input().size()));
  const std::string rerun = f.model.rerunning() ? cat(f.t(Id::Rerunning), "…") : "";
  // What must fit on the right of the scenario's title: language, presenter, keys, faults,
  // re-run, clock; the title gets the rest and is cut with "…" when it does not fit.
  float right = ImGui::CalcTextSize(f.t(Id::Language)).x + check_w("中文") + check_w("English") +
                check_w(f.t(Id::Presenter)) + button_w(f.t(Id::KeysHint)) + ImGui::CalcTextSize(clock.c_str()).x +
                st.ItemSpacing.x * 6 + 60;
  if (!faults.empty()) right += ImGui::CalcTextSize(faults.c_str()).x + 20;
  if (!rerun.empty()) right += ImGui::CalcTextSize(rerun.c_str()).x + 20;
  ImGui::TextUnformatted(f.t(Id::AppTitle));
  ImGui::SameLine();
  if (f.design) mode_switch(f);
  std::string title = f.settings.lang == Lang::Zh && !sc.title.zh.empty() ? sc.title.zh : sc.title.en;
  if (title.empty()) title = sc.name;
  if (f.design && f.design->designing) title = f.design->title(f.settings.lang == Lang::Zh);  // the world being built
  const std::string shown = cat("|  ", f.t(Id::Scenario), ": ", title);
  const float room = ImGui::GetContentRegionAvail().x - right;
  ImGui::TextDisabled("%s", fit_text(shown, room).c_str());
  if (ImGui::IsItemHovered() && fit_text(shown, room) != shown) ImGui::SetTooltip("%s", shown.c_str());
  ImGui::SameLine(0, 20);
  ImGui::TextUnformatted(f.t(Id::Language));
  ImGui::SameLine();
  if (ImGui::RadioButton("中文", f.settings.lang == Lang::Zh)) f.settings.lang = Lang::Zh;
  ImGui::SameLine();
  if (ImGui::RadioButton("English", f.settings.lang == Lang::En)) f.settings.lang = Lang::En;
  ImGui::SameLine(0, 20);
  ImGui::Checkbox(f.t(Id::Presenter), &f.settings.presenter);
  ImGui::SameLine();
  if (ImGui::SmallButton(f.t(Id::KeysHint))) f.settings.show_keys = !f.settings.show_keys;
  if (!faults.empty()) {
    ImGui::SameLine(0, 20);
    ImGui::TextColored(ImVec4(1, 0.6f, 0.3f, 1), "%s", faults.c_str());
    if (ImGui::IsItemHovered()) {
      ImGui::BeginTooltip();
      for (const auto& e : f.model.input())
        ImGui::Text("%s  %s", clock_text(e.at).c_str(), e.text.c_str());
      ImGui::EndTooltip();
    }
  }
  if (!rerun.empty()) {
    ImGui::SameLine(0, 20);
    ImGui::TextColored(ImVec4(1, 0.85f, 0.3f, 1), "%s", rerun.c_str());
  }
  float w = ImGui::CalcTextSize(clock.c_str()).x;
  ImGui::SameLine(std::max(ImGui::GetCursorPosX(), ImGui::GetWindowContentRegionMax().x - w));
  ImGui::TextUnformatted(clock.c_str());
}

ImVec2 KeysPanel::size(const Frame& f) {
  const ImVec2 text = ImGui::CalcTextSize(f.t(Id::KeysHelp));
  const ImGuiStyle& st = ImGui::GetStyle();
  return ImVec2(text.x + st.WindowPadding.x * 2 + 8, text.y + ImGui::GetFrameHeight() + st.WindowPadding.y * 2 + 8);
}

void KeysPanel::contents(Frame& f) { ImGui::TextUnformatted(f.t(Id::KeysHelp)); }

}  // namespace visual
