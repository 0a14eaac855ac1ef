// What the page tells its end-to-end test (tests/web/page_browser.py), through two exported
// functions the test calls from JavaScript: where a widget with a given label was drawn in
// the last frame (so the test clicks the real button with the real mouse, wherever the
// layout puts it), and the playback's state (to check that the click did what it says).
// Widget places come from Dear ImGui's item hooks (IMGUI_ENABLE_TEST_ENGINE, set for the
// page's ImGui build in web/web.cmake); they record, and change nothing on screen.
#include "web/page_probe.hpp"

#include <emscripten.h>
#include <imgui.h>
#include <imgui_internal.h>

#include <cstdarg>
#include <cstdio>
#include <string>
#include <unordered_map>

namespace {
struct Item {
  ImRect rect;
  std::string label;
  int frame = -1;
};
std::unordered_map<ImGuiID, Item> g_items;  // the page's one ImGui context's items
visual::App* g_app = nullptr;
std::string g_reply;  // the last answer, alive until the next call
}  // namespace

void ImGuiTestEngineHook_ItemAdd(ImGuiContext* ctx, const ImRect& bb, ImGuiID id) {
  Item& it = g_items[id];
  it.rect = bb;
  it.frame = ctx->FrameCount;
}

void ImGuiTestEngineHook_ItemInfo(ImGuiContext*, ImGuiID id, const char* label, ImGuiItemStatusFlags) {
  auto it = g_items.find(id);
  if (it != g_items.end() && label) it->second.label = label;
}

void ImGuiTestEngineHook_Log(ImGuiContext*, const char*, ...) {}

const char* ImGuiTestEngine_FindItemDebugLabel(ImGuiContext*, ImGuiID id) {
  auto it = g_items.find(id);
  return it == g_items.end() ? nullptr : it->second.label.c_str();
}

namespace web {
void start_probe(visual::App* app) {
  g_app = app;
  ImGui::GetCurrentContext()->TestEngineHookItems = true;
}
}  // namespace web

extern "C" {
// "x y w h" in canvas pixels of the widget drawn last frame whose label (before any "##")
// is `label`, or "" when there was none.
EMSCRIPTEN_KEEPALIVE const char* mailsim_item(const char* label) {
  g_reply.clear();
  const int frame = ImGui::GetFrameCount();
  for (const auto& [id, it] : g_items) {
    if (it.frame < frame - 1 || it.label.substr(0, it.label.find("##")) != label) continue;
    char buf[96];
    std::snprintf(buf, sizeof buf, "%.0f %.0f %.0f %.0f", it.rect.Min.x, it.rect.Min.y, it.rect.GetWidth(), it.rect.GetHeight());
    g_reply = buf;
    break;
  }
  return g_reply.c_str();
}

// The playback and what is open, as JSON.
EMSCRIPTEN_KEEPALIVE const char* mailsim_state() {
  if (!g_app) return "{}";
  visual::App& a = *g_app;
  char buf[256];
  std::snprintf(buf, sizeof buf,
                R"({"t_ns":%lld,"end_ns":%lld,"playing":%s,"lesson_step":%d,"exercise":%s,"records":%zu,"lang":"%s"})",
                static_cast<long long>(protocols::ns_of(a.playback().t)), static_cast<long long>(protocols::ns_of(a.model().end())),
                a.playback().playing ? "true" : "false", a.lesson() ? static_cast<int>(a.lesson()->step_index()) : -1,
                a.exercise() ? "true" : "false", a.model().trace().size(),
                a.settings().lang == visual::Lang::Zh ? "zh" : "en");
  g_reply = buf;
  return g_reply.c_str();
}
}
