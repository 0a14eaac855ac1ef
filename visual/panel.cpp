// Panel placement and the Begin/End pair every panel shares.
#include "visual/panel.hpp"

#include <string>

namespace visual {

void Panel::draw(Frame& f, ImVec2 pos, ImVec2 size) {
  ImGui::SetNextWindowPos(pos);
  ImGui::SetNextWindowSize(size);
  std::string name = std::string(f.t(title_)) + "###" + key_;
  ImGuiWindowFlags flags = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse |
                           ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus | flags_;
  if (f.reveal && f.reveal->panel != lessons::ViewPanel::Auto && f.reveal->panel == focus_) {
    ImGui::SetNextWindowFocus();  // a step's "view": {"panel": ...}
    f.reveal->panel = lessons::ViewPanel::Auto;
  }
  if (ImGui::Begin(name.c_str(), nullptr, flags)) contents(f);
  ImGui::End();
}

std::string clock_text(protocols::Instant t) { return protocols::format_clock(t); }

void section(const char* title) {
  ImGui::Spacing();
  ImGui::TextDisabled("%s", title);
  ImGui::Separator();
}

// `text` cut to at most `width` pixels in the current font, with "…" when cut.
std::string fit_text(const std::string& text, float width) {
  if (ImGui::CalcTextSize(text.c_str()).x <= width) return text;
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    const std::size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if (ImGui::CalcTextSize((out + text.substr(i, len) + "…").c_str()).x > width) break;
    out += text.substr(i, len);
    i += len;
  }
  return out.empty() ? std::string() : out + "…";
}

std::string show_crlf(const std::string& wire) {
  std::string out;
  for (char c : wire) {
    if (c == '\r') out += "␍";
    else if (c == '\n') out += "␊\n";
    else out += c;
  }
  return out;
}

}  // namespace visual
