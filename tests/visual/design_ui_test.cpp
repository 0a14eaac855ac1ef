// Design mode driven without a display (issue 16): the mouse on the design canvas places,
// links, moves and selects hosts through the editor's operations; Ctrl+Z, Ctrl+Y and Delete
// edit; the property panel draws every kind of host and link; templates load; and switching
// to Simulate runs the edited world from time 0 (the textbook template delivers to bob).
#include <imgui.h>

#include <catch2/catch.hpp>

#include "headless_imgui.hpp"
#include "sim/trace.hpp"
#include "visual/app.hpp"
#include "visual/design_session.hpp"

using namespace vtest;
using namespace visual;

namespace {

const std::string kTemplates = std::string(MAILSIM_SOURCE_DIR) + "/assets/templates";

std::unique_ptr<App> design_app(HeadlessImGui& ui) {
  auto app = std::make_unique<App>(Model(sim::ScenarioSpec{}, sim::RunResult{}), ViewSettings{}, ui.fonts);
  auto d = std::make_unique<DesignSession>();
  d->templates_dir = kTemplates;
  d->path = "untitled.json";
  app->open_design(std::move(d));
  return app;
}

// One frame with the mouse at `at`, the left button down or up.
void mouse(HeadlessImGui& ui, App& app, ImVec2 at, bool down, bool shift = false) {
  ImGuiIO& io = ImGui::GetIO();
  io.MousePos = at;
  io.MouseDown[0] = down;
  io.KeyShift = shift;
  ui.frame(app);
}

void press(HeadlessImGui& ui, App& app, ImGuiKey key, bool ctrl) {
  ImGuiIO& io = ImGui::GetIO();
  io.KeyMap[key] = 400 + key;  // the headless context has no backend to map keys
  io.KeyCtrl = ctrl;
  io.KeysDown[400 + key] = true;
  ui.frame(app);
  io.KeysDown[400 + key] = false;
  io.KeyCtrl = false;
  ui.frame(app);
}

int mailbox_appends(const sim::Trace& trace, const std::string& host, const std::string& user) {
  int n = 0;
  for (const auto& e : trace.entries())
    if (auto* m = std::get_if<sim::MailboxRecord>(&e.record))
      n += trace.host_name(m->host) == host && m->user == user && to_string(m->action) == "append";
  return n;
}

}  // namespace

TEST_CASE("the design canvas places, links, moves and deletes hosts with the mouse and keys", "[visual][design]") {
  HeadlessImGui ui;
  std::unique_ptr<App> owner = design_app(ui);
  App& app = *owner;
  DesignSession& d = *app.design();
  ui.frame(app);
  // A device picked in the palette, placed by a click on the canvas.
  d.placing = "mail-server";
  mouse(ui, app, ImVec2(500, 300), true);
  mouse(ui, app, ImVec2(500, 300), false);
  REQUIRE(d.editor.host_count() == 1);
  CHECK(d.editor.host_kind(0) == "mail-server");
  CHECK(d.placing.empty());
  CHECK(d.host == std::optional<std::size_t>(0));
  d.placing = "user-agent";
  mouse(ui, app, ImVec2(900, 300), true);
  mouse(ui, app, ImVec2(900, 300), false);
  REQUIRE(d.editor.host_count() == 2);
  CHECK(d.editor.doc()["hosts"][1]["server"] == d.editor.host_name(0));  // submits to the mail server

  // Shift+drag from one host to the other draws a link.
  mouse(ui, app, ImVec2(500, 300), true, true);
  for (float x = 520; x <= 900; x += 40) mouse(ui, app, ImVec2(x, 300), true, true);
  mouse(ui, app, ImVec2(900, 300), false, true);
  REQUIRE(d.editor.at("/links/0"));
  CHECK(d.editor.link_index(d.editor.host_name(0), d.editor.host_name(1)));

  // A plain drag moves the host: many frames, one undo step.
  const sim::Place before = d.editor.places()[0];
  mouse(ui, app, ImVec2(500, 300), true);
  for (float y = 310; y <= 450; y += 20) mouse(ui, app, ImVec2(500, y), true);
  mouse(ui, app, ImVec2(500, 450), false);
  CHECK(d.editor.places()[0].y > before.y + 0.1f);
  press(ui, app, ImGuiKey_Z, true);
  CHECK(d.editor.places()[0] == before);
  press(ui, app, ImGuiKey_Y, true);
  CHECK(d.editor.places()[0].y > before.y + 0.1f);

  // A click on the link's middle selects it; Delete removes it, and Ctrl+Z brings it back.
  d.editor.move_host(d.editor.host_name(0), before);
  mouse(ui, app, ImVec2(700, 300), true);
  mouse(ui, app, ImVec2(700, 300), false);
  REQUIRE(d.link == std::optional<std::size_t>(0));
  press(ui, app, ImGuiKey_Delete, false);
  CHECK_FALSE(d.editor.at("/links/0"));
  press(ui, app, ImGuiKey_Z, true);
  CHECK(d.editor.at("/links/0"));
  // A click on empty canvas clears the selection: the panel shows the scenario's fields.
  mouse(ui, app, ImVec2(700, 600), true);
  mouse(ui, app, ImVec2(700, 600), false);
  CHECK_FALSE(d.host);
  CHECK_FALSE(d.link);
}

TEST_CASE("every template loads, every host kind and link draws, and Simulate runs the world", "[visual][design]") {
  HeadlessImGui ui;
  std::unique_ptr<App> owner = design_app(ui);
  App& app = *owner;
  DesignSession& d = *app.design();
  for (const DesignTemplate& t : design_templates()) {
    INFO(t.file);
    REQUIRE(d.use_template(t));
    CHECK(d.editor.problems().empty());
    for (Lang lang : {Lang::En, Lang::Zh}) {
      app.settings().lang = lang;
      for (std::size_t i = 0; i < d.editor.host_count(); ++i) {
        d.host = i;
        ui.frame(app);
      }
      d.clear_selection();
      d.link = 0;
      ui.frame(app);
      d.clear_selection();
      ui.frame(app);
    }
  }
  // Every kind from the palette, half-built, with its problems on screen.
  REQUIRE(d.use_template(design_templates()[0]));
  for (const std::string& kind : sim::design_host_kinds()) {
    d.select_host(d.editor.add_host(kind, {0.5f, 0.5f}));
    ui.frame(app);
  }
  CHECK_FALSE(d.editor.problems().empty());
  d.simulate_request = true;  // refused: the loader does not accept the world yet
  ui.frame(app);
  CHECK(d.designing);

  REQUIRE(d.use_template(design_templates()[1]));  // the textbook path
  d.simulate_request = true;
  ui.frame(app);
  CHECK_FALSE(d.designing);
  CHECK(app.model().topology().hosts.size() == 5);
  CHECK(app.playback().t == protocols::kEpoch);
  CHECK(mailbox_appends(app.model().trace(), "mail.b.example", "bob") == 1);
  for (int i = 0; i < 3; ++i) ui.frame(app);  // the usual views of the run
  // Back to Design: the world is as it was left.
  d.designing = true;
  ui.frame(app);
  CHECK(d.editor.host_count() == 5);
}
