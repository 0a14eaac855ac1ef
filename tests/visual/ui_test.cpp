// The whole window driven without a display: an ImGui context with no renderer (fonts
// built to a texture in memory, NewFrame/Render called by the test), on a real run of the
// echo world; a fault click appends to the input log and re-runs simulate().
#include <imgui.h>
#include <imgui_internal.h>

#include <catch2/catch.hpp>
#include <cstring>

#include "fixtures.hpp"
#include "headless_imgui.hpp"
#include "visual/app.hpp"
#include "visual/fault_actions.hpp"
#include "visual/panels.hpp"
#include "visual/rich_text.hpp"
#include "sim/scenario_loader.hpp"

using namespace vtest;
using namespace visual;

TEST_CASE("a fault click makes an input event at the playback time", "[visual][faults]") {
  sim::InputEvent e = fault_event(ms(12'003) + std::chrono::microseconds(250'000), "power-off", "mail.b.example", "");
  CHECK(e.kind == "fault");
  CHECK(e.text == "power-off mail.b.example");
  CHECK(e.at == ms(12'253));
  CHECK(fault_event(ms(0), "loss", "a-b", "20%").text == "loss a-b 20%");
  bool has_reply = false;
  for (const auto& a : faults_for_kind("mail-server")) has_reply |= a.action == "reply" && a.value == "RCPT 550";
  CHECK(has_reply);
  for (const auto& a : faults_for_kind("router")) CHECK(a.action != "reply");
}

TEST_CASE("a host's fault menu names its port and the slider values", "[visual][faults]") {
  sim::TopologyHost mx{"mail.b.example", "mail-server", "198.51.100.10"};
  auto menu = fault_menu(mx, ms(1'000), 35, 120, Lang::En);
  auto find = [&](const std::string& text) {
    for (const auto& item : menu)
      if (item.event.text == text) return true;
    return false;
  };
  CHECK(find("power-off mail.b.example"));
  CHECK(find("stop-service mail.b.example:25"));
  CHECK(find("loss mail.b.example 35%"));
  CHECK(find("latency mail.b.example 120ms"));
  CHECK(find("reply mail.b.example RCPT 550"));
  CHECK(find("reply mail.b.example GREETING 421"));
  CHECK(find("disk-full mail.b.example"));
  for (const auto& item : menu) {
    CHECK(item.event.at == ms(1'000));
    CHECK(item.event.kind == "fault");
  }
  auto pc = fault_menu({"bob-pc", "user-agent", "198.51.100.20"}, ms(0), 20, 300, Lang::Zh);
  for (const auto& item : pc) {
    CHECK(item.event.text.find("stop-service") == std::string::npos);
    CHECK(item.event.text.find("reply") == std::string::npos);
  }
  CHECK(pc.front().label == "断电");
}

TEST_CASE("a fault clicked mid-run re-runs the world and keeps the trace before it", "[visual][faults]") {
  HeadlessImGui gui;
  App app(Model(echo_scenario()), ViewSettings{}, gui.fonts);
  const sim::Trace before = app.model().trace();
  REQUIRE(before.size() > 10);
  const Instant click = ms(1'050);
  app.playback().t = click;
  app.click_fault(fault_event(click, "power-off", "server.example", ""));
  gui.frame(app);
  app.model().wait_for_reruns();
  REQUIRE(app.model().input().size() == 1);
  CHECK(app.model().input()[0].text == "power-off server.example");
  const sim::Trace& after = app.model().trace();
  std::size_t same = 0;
  while (same < before.size() && before.entries()[same].t < click) ++same;
  REQUIRE(after.size() >= same);
  for (std::size_t i = 0; i < same; ++i) CHECK(after.entries()[i].t == before.entries()[i].t);
  bool fault_seen = false;
  for (const auto& e : after.entries())
    if (auto* f = std::get_if<sim::FaultRecord>(&e.record)) fault_seen |= f->action == sim::FaultAction::PowerOff && e.t == click;
  CHECK(fault_seen);
  CHECK(after.size() != before.size());
}

TEST_CASE("the window draws every panel in both languages and in presenter mode", "[visual][ui]") {
  HeadlessImGui gui;
  App app(Model(smtp_scenario(), smtp_run()), ViewSettings{}, gui.fonts);
  for (Lang lang : {Lang::Zh, Lang::En})
    for (bool presenter : {false, true}) {
      app.settings().lang = lang;
      app.settings().presenter = presenter;
      for (Instant t : {ms(0), ms(5), ms(60), ms(245), ms(400)}) {
        app.playback().t = t;
        gui.frame(app);
      }
      CHECK(ImGui::GetDrawData()->TotalVtxCount > 1000);
    }
  CHECK(app.settings().drag.size() == 3);
}

TEST_CASE("selecting a transcript line selects the segment that carried it too", "[visual][ui]") {
  HeadlessImGui gui;
  App app(Model(smtp_scenario(), smtp_run()), ViewSettings{}, gui.fonts);
  app.playback().t = ms(400);
  app.selection().select(9);  // MAIL FROM as parsed by mail.b.example
  gui.frame(app);
  CHECK(app.selection().peer == 7u);
  CHECK(app.selection().is(7));
  app.selection().select(4);  // the 220's arrival: carries no command record
  gui.frame(app);
  CHECK_FALSE(app.selection().peer.has_value());
}

TEST_CASE("space plays and pauses, arrows step, plus and minus change speed", "[visual][ui]") {
  HeadlessImGui gui;
  App app(Model(smtp_scenario(), smtp_run()), ViewSettings{}, gui.fonts);
  ImGuiIO& io = ImGui::GetIO();
  io.KeyMap[ImGuiKey_Space] = 32;
  io.KeyMap[ImGuiKey_RightArrow] = 262;
  auto tap = [&](int key) {
    io.KeysDown[key] = true;
    gui.frame(app);
    io.KeysDown[key] = false;
    gui.frame(app);
  };
  tap(262);
  CHECK(app.playback().t == ms(10));
  CHECK(app.selection().selected == 2u);
  tap(32);
  CHECK(app.playback().playing);
  io.AddInputCharacter('+');
  gui.frame(app);
  CHECK(app.playback().speed == Approx(2.0));
}

TEST_CASE("every string exists in Chinese and English", "[visual][i18n]") {
  for (int i = 0; i < static_cast<int>(Id::Count); ++i) {
    CHECK(std::strlen(tr(Lang::En, static_cast<Id>(i))) > 0);
    CHECK(std::strlen(tr(Lang::Zh, static_cast<Id>(i))) > 0);
  }
  CHECK(std::string(tr(Lang::Zh, Id::PhaseConnect)) == "连接建立");
  CHECK(lang_from_string("zh-CN") == Lang::Zh);
  CHECK(lang_from_string("en") == Lang::En);
}

TEST_CASE("faults clicked while a re-run is under way join the next run", "[visual][faults]") {
  Model m(echo_scenario());
  m.request_input(fault_event(ms(1'050), "loss", "router-server.example", "30%"));
  m.request_input(fault_event(ms(1'060), "latency", "client.example-router", "50ms"));
  m.wait_for_reruns();
  REQUIRE(m.input().size() == 2);
  CHECK(m.input()[1].text == "latency client.example-router 50ms");
  CHECK_FALSE(m.rerunning());
  sim::RunOptions o;
  o.seed = echo_scenario().seed;
  o.input = m.input();
  CHECK(sim::simulate(echo_scenario(), o).trace.size() == m.trace().size());
}

TEST_CASE("the model runs the scenario with the scenario's own seed", "[visual][model]") {
  sim::ScenarioSpec s = echo_scenario();
  s.seed = 77;
  s.links[1].loss = 0.3;
  Model m(s);
  sim::RunOptions o;
  o.seed = 77;
  sim::RunResult r = sim::simulate(s, o);
  REQUIRE(m.trace().size() == r.trace.size());
  for (std::size_t i = 0; i < r.trace.size(); ++i) CHECK(m.trace().entries()[i].t == r.trace.entries()[i].t);
}

TEST_CASE("a line typed in the telnet console is answered by the simulated server", "[visual][telnet]") {
  sim::LoadResult l = sim::load_scenario(std::string(MAILSIM_SOURCE_DIR) + "/assets/scenarios/textbook.json");
  REQUIRE(l.ok());
  HeadlessImGui ui;
  App app(Model(*l.scenario), ViewSettings{}, ui.fonts);
  std::size_t hosts_before = app.model().topology().hosts.size();
  app.model().request_input(sim::InputEvent{ms(2'000), "telnet", "mail.b.example:25", "HELO student"});
  app.model().request_input(sim::InputEvent{ms(3'000), "telnet", "mail.b.example:25", "FROB"});
  app.model().wait_for_reruns();
  ui.frame(app);  // the panels draw the grown world (the console host joined it)
  CHECK(app.model().topology().hosts.size() == hosts_before + 1);
  std::vector<int> codes;
  for (const auto& e : app.model().trace().entries())
    if (auto* r = std::get_if<sim::ReplyRecord>(&e.record); r && app.model().trace().host_name(r->to) == "real-client")
      codes.push_back(r->code);
  CHECK(codes == std::vector<int>{220, 250, 500, 421});  // 421: left idle, the server times out (5 min)
}

TEST_CASE("the wheel zooms the canvas about the pointer, a drag pans it, a double click resets", "[visual][ui]") {
  HeadlessImGui gui;
  App app(Model(smtp_scenario(), smtp_run()), ViewSettings{}, gui.fonts);
  ImGuiIO& io = ImGui::GetIO();
  io.MousePos = ImVec2(800, 200);  // over the topology canvas, away from the hosts
  gui.frame(app);
  gui.frame(app);
  io.MouseWheel = 2;
  gui.frame(app);
  io.MouseWheel = 0;
  CHECK(app.settings().canvas_zoom == Approx(1.44));
  CHECK(app.settings().canvas_pan.y != 0);  // the point under the pointer stayed put
  const Point before = app.settings().canvas_pan;
  io.MouseDown[1] = true;  // right-drag pans
  gui.frame(app);
  for (int i = 0; i < 5; ++i) {
    io.MousePos.x += 20;
    gui.frame(app);
  }
  io.MouseDown[1] = false;
  gui.frame(app);
  CHECK(app.settings().canvas_pan.x > before.x);
  for (int i = 0; i < 2; ++i) {  // double click on the background
    io.MouseDown[0] = true;
    gui.frame(app);
    io.MouseDown[0] = false;
    gui.frame(app);
  }
  CHECK(app.settings().canvas_zoom == 1);
  CHECK(app.settings().canvas_pan.x == 0);
}

TEST_CASE("presenter mode: F opens a host's fault menu, and the highlight follows the exchange", "[visual][ui]") {
  HeadlessImGui gui;
  App app(Model(smtp_scenario(), smtp_run()), ViewSettings{}, gui.fonts);
  app.settings().presenter = true;
  app.settings().filter.host = 2;  // mail.b.example, as a click on its icon does
  ImGuiIO& io = ImGui::GetIO();
  gui.frame(app);  // the windows appear (a new window's focus would close a popup)
  gui.frame(app);
  io.AddInputCharacter('F');
  gui.frame(app);
  CHECK(app.settings().fault_host == -1);  // the hosts panel took it and opened the menu
  CHECK(ImGui::GetCurrentContext()->OpenPopupStack.Size == 1);
  gui.frame(app);
  bool popup = false;
  for (int i = 0; i < ImGui::GetDrawData()->CmdListsCount; ++i) {
    const char* owner = ImGui::GetDrawData()->CmdLists[i]->_OwnerName;
    popup |= owner && std::string(owner).find("Popup") != std::string::npos;
  }
  CHECK(popup);
  // Playing, the selection is the latest command or reply at the playback time.
  app.settings().filter.host = sim::kNoHost;
  app.playback().t = ms(255);
  app.playback().playing = true;
  app.playback().speed = 0.1;
  gui.frame(app, 0.01);
  auto latest = step_command(app.model().trace(), app.playback().t + protocols::Duration{1}, -1);
  REQUIRE(latest);
  CHECK(app.selection().selected == latest->entry);
}

TEST_CASE("the hosts panel lists a mail server's retry values, limits and offered extensions in both languages", "[visual][hosts]") {
  sim::MailServerSpec m;
  m.retry.preset = "postfix";
  m.max_message_size = 10 * 1024 * 1024;
  m.max_recipients = 100;
  m.advertise_8bitmime = false;
  const auto en = visual::mail_server_settings(m, visual::Lang::En);
  REQUIRE(en.size() == 5);
  CHECK(en[0] == "retry policy: postfix");
  CHECK(en[1].find("queue run every 5m") != std::string::npos);
  CHECK(en[1].find("give up after 5d") != std::string::npos);
  CHECK(en[3] == "  largest message 10240 KiB · recipients per message 100");
  CHECK(en[4] == "  EHLO: 8BITMIME not offered · SMTPUTF8 offered");
  const auto zh = visual::mail_server_settings(m, visual::Lang::Zh);
  REQUIRE(zh.size() == 5);
  CHECK(zh[4] == "  EHLO: 8BITMIME 不支持 · SMTPUTF8 支持");
  for (std::size_t i = 0; i < en.size(); ++i) CHECK(zh[i] != en[i]);
}

TEST_CASE("lesson text wraps by word, and closing punctuation never begins a line", "[visual][lesson][text]") {
  // One unit of width per byte of ASCII, two per Chinese character.
  auto measure = [](std::string_view t) {
    float w = 0;
    for (std::size_t i = 0; i < t.size(); ++i) w += static_cast<unsigned char>(t[i]) < 0x80 ? 1 : (t[i] & 0x40 ? 2 : 0);
    return w;
  };
  auto lines = [](const std::vector<visual::PlacedText>& placed) {
    std::vector<std::string> out;
    for (const auto& p : placed) {
      if (out.size() <= static_cast<std::size_t>(p.line)) out.resize(p.line + 1);
      out[p.line] += std::string(p.text);
    }
    return out;
  };
  // "on the server" ends exactly at the width: its ":" stays with it, "in" goes on.
  std::vector<lessons::Span> en{{"sets the flag "}, {"on the server", true}, {": in the Hosts panel"}};
  auto placed = visual::layout_rich_text(en, 27, measure);
  CHECK(lines(placed) == std::vector<std::string>{"sets the flag on the server: ", "in the Hosts panel"});
  REQUIRE(placed.size() > 6);
  CHECK(placed[6].text == ": ");
  CHECK(placed[6].span == 2);
  CHECK(placed[6].x == 27);  // past the width by the colon and its space
  // Chinese wraps by character; "。" and "：" stay at the end of the line before.
  std::vector<lessons::Span> zh{{"服务器上已读。下一行：好"}};
  CHECK(lines(visual::layout_rich_text(zh, 12, measure)) == std::vector<std::string>{"服务器上已读。", "下一行：好"});
  CHECK(lines(visual::layout_rich_text(zh, 6, measure)) == std::vector<std::string>{"服务器", "上已读。", "下一行：", "好"});
  // "（" would fit at the end of the first line, but moves on with "已".
  std::vector<lessons::Span> open{{"标志显示（已读）"}};
  CHECK(lines(visual::layout_rich_text(open, 10, measure)) == std::vector<std::string>{"标志显示", "（已读）"});
  // Without punctuation a word that does not fit moves on, and the line does not begin with
  // the spaces before it.
  std::vector<lessons::Span> plain{{"abc def  ghi"}};
  CHECK(lines(visual::layout_rich_text(plain, 7, measure)) == std::vector<std::string>{"abc ", "def  ", "ghi"});
  // An English word inside Chinese brackets is never split: "（connection " moves as one,
  // also when the bracket ends a span before a code span.
  std::vector<lessons::Span> bracket{{"服务器拒绝（connection refused）"}};
  for (float w = 14; w <= 30; w += 1) {
    CAPTURE(w);
    for (const std::string& l : lines(visual::layout_rich_text(bracket, w, measure))) {
      CHECK((l.find("onnection") == std::string::npos || l.find("connection") != std::string::npos));
      CHECK_FALSE(l.ends_with("（"));
    }
  }
  std::vector<lessons::Span> chip{{"服务器返回（"}, {"connection refused", false, true}, {"）"}};
  CHECK(lines(visual::layout_rich_text(chip, 16, measure)) ==
        std::vector<std::string>{"服务器返回", "（connection ", "refused）"});
  // A word longer than the line breaks by character rather than running past the edge.
  std::vector<lessons::Span> long_word{{"ab dGhpcyBpcyBiYXNlNjQ="}};
  for (const auto& p : visual::layout_rich_text(long_word, 10, measure)) CHECK((p.x + p.width <= 10));
  // Code measured in its own face.
  std::vector<lessons::Span> code{{"ab "}, {"cd", false, true}};
  auto wide_code = [](const lessons::Span& sp, std::string_view t) { return float(t.size()) * (sp.code ? 3 : 1); };
  auto p = visual::layout_rich_text(code, 100, measure, wide_code);
  REQUIRE(p.size() == 2);
  CHECK(p[1].width == 6);
}
