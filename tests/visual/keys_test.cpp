// The F1 list of keys (Id::KeysHelp) and the keys the window handles cannot drift apart:
// every key ImGui can report (its named keys, with and without Shift; F1..F12 in both
// backends' numbering; every printable character) is pressed in a lesson window, and the
// ones that change anything (playback, speed, selection, the step, a setting, a popup) must
// be exactly the ones the list names; the Chinese list has a line for each English one.
#include <catch2/catch.hpp>

#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <imgui_internal.h>

#include "headless_imgui.hpp"
#include "lessons/lesson.hpp"
#include "visual/lesson_session.hpp"

using namespace visual;

namespace {

// What a key could change.
struct Observed {
  protocols::Instant t{};
  bool playing = false;
  double speed = 0;
  std::optional<std::size_t> selected;
  std::size_t step = 0;
  int popups = 0;
  bool show_keys = false, fold_tcp = false, presenter = false, segments = false;
  int fault_host = -1;
  Lang lang = Lang::Zh;
  float canvas_zoom = 1;
  bool operator==(const Observed&) const = default;
};

Observed observe(App& app) {
  const ViewSettings& v = app.settings();
  return {app.playback().t, app.playback().playing, app.playback().speed, app.selection().selected,
          app.lesson()->step_index(), ImGui::GetCurrentContext()->OpenPopupStack.Size, v.show_keys, v.fold_tcp,
          v.presenter, v.filter.segments, v.fault_host, v.lang, v.canvas_zoom};
}

// A lesson two steps in (Page Up has a step to go back to, Page Down one to go on to), paused
// halfway through its run with a record selected (Home, End, the arrows and Esc can act).
struct Window {
  vtest::HeadlessImGui gui;
  std::unique_ptr<App> app;
  Observed rest;

  void open() {
    lessons::LessonLoad l = lessons::load_lesson(lessons::content_dir() + "/02_smtp_phases.json");
    REQUIRE(l.lesson);
    auto session = std::make_unique<LessonSession>(std::move(*l.lesson));
    REQUIRE(session->next());
    REQUIRE(session->next());
    Model first(session->scenario(), session->snapshot());
    app = std::make_unique<App>(std::move(first), ViewSettings{}, gui.fonts);
    app->open_lesson(std::move(session));
    for (int i = 0; i < 400 && (i < 5 || app->playback().playing); ++i) gui.frame(*app, 1.0);
    REQUIRE(app->lesson()->can_next());
    REQUIRE(app->model().trace().size() > 10);
    settle();
  }
  // Back to the resting state between keys.
  void settle() {
    app->playback().playing = false;
    app->playback().speed = 1;
    app->playback().t = app->model().trace().entries()[app->model().trace().size() / 2].t;
    app->selection().select(3);
    app->settings().fault_host = -1;
    app->settings().show_keys = false;
    // Tab moves ImGui's focus into a text field (the telnet console's), which then takes the
    // keys: that is ImGui's, not a binding of the window; put the focus back.
    ImGui::ClearActiveID();
    ImGui::FocusWindow(nullptr);
    gui.frame(*app);
    REQUIRE_FALSE(ImGui::GetIO().WantTextInput);
    rest = observe(*app);
  }
  // True when pressing the key (as `press` does it) changed something; leaves the window
  // at rest again (a new one when a step changed or a popup opened).
  template <class Press>
  bool acts(Press press) {
    ImGuiIO& io = ImGui::GetIO();
    press(io, true);
    gui.frame(*app);
    press(io, false);
    gui.frame(*app);
    const Observed now = observe(*app);
    const bool changed = !(now == rest);
    if (now.step != rest.step || now.popups != rest.popups) open();
    else settle();
    return changed;
  }
};

struct NamedKey {
  ImGuiKey key;
  const char* name;  // as the list writes it
};
constexpr NamedKey kNamed[] = {
    {ImGuiKey_Tab, "Tab"},       {ImGuiKey_LeftArrow, "Left"},   {ImGuiKey_RightArrow, "Right"},
    {ImGuiKey_UpArrow, "Up"},    {ImGuiKey_DownArrow, "Down"},   {ImGuiKey_PageUp, "Page Up"},
    {ImGuiKey_PageDown, "Page Down"}, {ImGuiKey_Home, "Home"},   {ImGuiKey_End, "End"},
    {ImGuiKey_Insert, "Insert"}, {ImGuiKey_Delete, "Delete"},    {ImGuiKey_Backspace, "Backspace"},
    {ImGuiKey_Space, "Space"},   {ImGuiKey_Enter, "Enter"},      {ImGuiKey_Escape, "Esc"},
    {ImGuiKey_KeyPadEnter, "Enter"}, {ImGuiKey_A, "A"}, {ImGuiKey_C, "C"}, {ImGuiKey_V, "V"},
    {ImGuiKey_X, "X"}, {ImGuiKey_Y, "Y"}, {ImGuiKey_Z, "Z"}};

// The key a character comes from on a US keyboard, as the list names it: '=' is the '+'
// key unshifted, '_' the '-' key shifted, 'f' the F key.
std::string key_of_char(char c) {
  if (c == '=') return "+";
  if (c == '_') return "-";
  if (c >= 'a' && c <= 'z') return std::string(1, char(c - 'a' + 'A'));
  return std::string(1, c);
}

// The keys a list names: the text before the two spaces of each line, split at " / "; a
// "Shift+" on the first applies to the line's others ("Shift+Left / Right").
std::set<std::string> listed_keys(const std::string& help, std::size_t* lines) {
  std::set<std::string> out;
  std::istringstream in(help);
  std::string line;
  *lines = 0;
  while (std::getline(in, line)) {
    ++*lines;
    std::string keys = line.substr(0, line.find("  "));
    std::string modifier;
    for (std::size_t at = 0; at != std::string::npos;) {
      const std::size_t cut = keys.find(" / ", at);
      std::string k = keys.substr(at, cut == std::string::npos ? std::string::npos : cut - at);
      at = cut == std::string::npos ? cut : cut + 3;
      if (k.starts_with("Shift+")) modifier = "Shift+", k = k.substr(6);
      out.insert(modifier + k);
    }
  }
  return out;
}

}  // namespace

TEST_CASE("the F1 list names every key the window handles, and only those", "[visual][ui][keys]") {
  Window w;
  w.open();
  ImGuiIO& io = ImGui::GetIO();
  // Nothing changes in a frame without a key: the window is at rest.
  w.gui.frame(*w.app);
  REQUIRE(observe(*w.app) == w.rest);

  std::set<std::string> handled;
  for (int k = 0; k < ImGuiKey_COUNT; ++k) io.KeyMap[k] = 400 + k;
  for (const NamedKey& n : kNamed) {
    const int index = 400 + n.key;
    auto press = [&](bool shift) {
      io.KeyShift = shift;
      io.KeysDown[index] = true;
      w.gui.frame(*w.app);
      io.KeysDown[index] = false;
      w.gui.frame(*w.app);
      io.KeyShift = false;
      const Observed now = observe(*w.app);
      if (now.step != w.rest.step || now.popups != w.rest.popups) w.open();
      else w.settle();
      return now;
    };
    const Observed rest = w.rest, plain = press(false), shifted = press(true);
    if (!(plain == rest)) handled.insert(n.name);
    // With Shift: a binding of its own when it does something the plain key does not.
    if (!(shifted == rest) && !(shifted == plain)) handled.insert(std::string("Shift+") + n.name);
  }
  // Function keys: GLFW numbers them from 290, SDL's scancodes from 58.
  for (int f = 1; f <= 12; ++f)
    for (int index : {289 + f, 57 + f})
      if (w.acts([&](ImGuiIO& o, bool down) { o.KeysDown[index] = down; })) handled.insert("F" + std::to_string(f));
  for (char c = 33; c < 127; ++c)
    if (w.acts([&](ImGuiIO& o, bool down) {
          if (down) o.AddInputCharacter(static_cast<unsigned>(c));
        }))
      handled.insert(key_of_char(c));

  std::size_t en_lines = 0, zh_lines = 0;
  const std::set<std::string> listed = listed_keys(tr(Lang::En, Id::KeysHelp), &en_lines);
  listed_keys(tr(Lang::Zh, Id::KeysHelp), &zh_lines);
  std::string handled_text, listed_text;
  for (const auto& k : handled) handled_text += "[" + k + "] ";
  for (const auto& k : listed) listed_text += "[" + k + "] ";
  INFO("handled: " << handled_text << "\nlisted:  " << listed_text);
  CHECK(handled == listed);
  CHECK(zh_lines == en_lines);
  CHECK(handled.size() >= 10);  // the test itself sees the keys act
}
