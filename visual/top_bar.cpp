// The top bar: title, scenario, language, presenter mode and the playback clock.
#include "visual/panels.hpp"

namespace visual {

void TopBar::contents(Frame& f) {
  const auto& sc = f.model.scenario();
  ImGui::TextUnformatted(f.t(Id::AppTitle));
  ImGui::SameLine();
  const std::string& title = f.settings.lang == Lang::Zh && !sc.title.zh.empty() ? sc.title.zh : sc.title.en;
  ImGui::TextDisabled("|  %s: %s", f.t(Id::Scenario), title.empty() ? sc.name.c_str() : title.c_str());
  ImGui::SameLine(0, 30);
  ImGui::TextUnformatted(f.t(Id::Language));
  ImGui::SameLine();
  if (ImGui::RadioButton("中文", f.settings.lang == Lang::Zh)) f.settings.lang = Lang::Zh;
  ImGui::SameLine();
  if (ImGui::RadioButton("English", f.settings.lang == Lang::En)) f.settings.lang = Lang::En;
  ImGui::SameLine(0, 30);
  ImGui::Checkbox(f.t(Id::Presenter), &f.settings.presenter);
  if (!f.model.input().empty()) {
    ImGui::SameLine(0, 30);
    ImGui::TextColored(ImVec4(1, 0.6f, 0.3f, 1), "%s: %zu", f.t(Id::FaultsApplied), f.model.input().size());
    if (ImGui::IsItemHovered()) {
      ImGui::BeginTooltip();
      for (const auto& e : f.model.input())
        ImGui::Text("%s  %s", clock_text(e.at).c_str(), e.text.c_str());
      ImGui::EndTooltip();
    }
  }
  if (f.model.rerunning()) {
    ImGui::SameLine(0, 30);
    ImGui::TextColored(ImVec4(1, 0.85f, 0.3f, 1), "%s…", f.t(Id::Rerunning));
  }
  std::string clock = clock_text(f.playback.t);
  float w = ImGui::CalcTextSize(clock.c_str()).x;
  ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - w);
  ImGui::TextUnformatted(clock.c_str());
}

}  // namespace visual
