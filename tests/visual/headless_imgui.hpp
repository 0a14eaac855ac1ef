// An ImGui context for the lifetime of a test, with fonts built and a display size, and no
// renderer: the test calls frame() and reads what the App did.
#pragma once
#include <imgui.h>

#include "visual/app.hpp"

namespace vtest {

struct HeadlessImGui {
  visual::Fonts fonts;
  HeadlessImGui() {
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(1600, 900);
    io.DeltaTime = 1.f / 60;
    fonts = visual::load_fonts("", 13.f);
    visual::finish_fonts(fonts);
  }
  ~HeadlessImGui() { ImGui::DestroyContext(); }
  HeadlessImGui(const HeadlessImGui&) = delete;
  HeadlessImGui& operator=(const HeadlessImGui&) = delete;
  void frame(visual::App& app, double wall_seconds = 1.0 / 60) {
    ImGui::NewFrame();
    app.frame(wall_seconds);
    ImGui::Render();
  }
};

}  // namespace vtest
