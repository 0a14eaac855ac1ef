// With a display (e.g. under xvfb-run), run_gui renders a moment of a real run to a PNG.
// Skipped without DISPLAY.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>

#include "fixtures.hpp"
#include "sim/scenario_loader.hpp"
#include "visual/app_window.hpp"

TEST_CASE("run_gui writes a screenshot of a moment of the run", "[visual][screenshot]") {
  if (!std::getenv("DISPLAY")) {
    WARN("no DISPLAY: screenshot test skipped");
    return;
  }
  const char* out = std::getenv("MAILSIM_SHOT");
  std::string path = out ? out : "/tmp/mailsim_visual_test.png";
  std::filesystem::remove(path);
  visual::GuiOptions o;
  o.screenshot_path = path;
  o.lang = std::getenv("MAILSIM_LANG") ? std::getenv("MAILSIM_LANG") : "zh";
  o.presenter = std::getenv("MAILSIM_PRESENTER") != nullptr;
  if (const char* at = std::getenv("MAILSIM_AT")) o.screenshot_at = protocols::parse_duration(at);
  REQUIRE(visual::run_gui(vtest::echo_scenario(), o) == visual::kGuiOk);
  CHECK(std::filesystem::file_size(path) > 10'000);
}

TEST_CASE("run_window renders a hand-built SMTP trace with a drop and a retransmission", "[visual][screenshot]") {
  if (!std::getenv("DISPLAY")) {
    WARN("no DISPLAY: screenshot test skipped");
    return;
  }
  const char* out = std::getenv("MAILSIM_SHOT_SMTP");
  std::string path = out ? out : "/tmp/mailsim_visual_smtp.png";
  std::filesystem::remove(path);
  visual::GuiOptions o;
  o.screenshot_path = path;
  o.lang = std::getenv("MAILSIM_LANG") ? std::getenv("MAILSIM_LANG") : "zh";
  o.presenter = std::getenv("MAILSIM_PRESENTER") != nullptr;
  o.screenshot_at = std::chrono::milliseconds(std::getenv("MAILSIM_AT_MS") ? std::atoi(std::getenv("MAILSIM_AT_MS")) : 265);
  REQUIRE(visual::run_window(visual::Model(vtest::smtp_scenario(), vtest::smtp_run()), o) == visual::kGuiOk);
  CHECK(std::filesystem::file_size(path) > 10'000);
}

TEST_CASE("the SDL2 backend renders too, and bench mode prints frame times", "[visual][screenshot]") {
  if (!std::getenv("DISPLAY")) {
    WARN("no DISPLAY: screenshot test skipped");
    return;
  }
  std::string path = "/tmp/mailsim_visual_sdl.png";
  std::filesystem::remove(path);
  visual::GuiOptions o;
  o.backend = "sdl2";
  o.lang = "en";
  o.screenshot_path = path;
  REQUIRE(visual::run_gui(vtest::echo_scenario(), o) == visual::kGuiOk);
  CHECK(std::filesystem::file_size(path) > 10'000);
  visual::GuiOptions b;
  b.bench_frames = 30;
  CHECK(visual::run_gui(vtest::echo_scenario(), b) == visual::kGuiOk);
}

TEST_CASE("an unknown backend is refused", "[visual][screenshot]") {
  visual::GuiOptions o;
  o.backend = "vulkan";
  CHECK(visual::run_gui(vtest::echo_scenario(), o) == visual::kGuiFailed);
}

TEST_CASE("without a display run_gui says so and returns the no-display code", "[visual][screenshot]") {
  const char* d = std::getenv("DISPLAY");
  std::string saved = d ? d : "";
  unsetenv("DISPLAY");
  unsetenv("WAYLAND_DISPLAY");
  visual::GuiOptions o;
  o.screenshot_path = "/tmp/mailsim_visual_offscreen.png";
  std::filesystem::remove(o.screenshot_path);
  CHECK(visual::run_gui(vtest::echo_scenario(), o) == visual::kGuiNoDisplay);
  // SDL may render with no display at all (its offscreen driver), which serves a
  // screenshot; when it cannot, it too must answer with the no-display code.
  o.backend = "sdl2";
  int rc = visual::run_gui(vtest::echo_scenario(), o);
  CHECK((rc == visual::kGuiNoDisplay || (rc == visual::kGuiOk && std::filesystem::exists(o.screenshot_path))));
  if (d) setenv("DISPLAY", saved.c_str(), 1);
}

TEST_CASE("run_gui shows the shipped default scenario", "[visual][screenshot]") {
  if (!std::getenv("DISPLAY")) {
    WARN("no DISPLAY: screenshot test skipped");
    return;
  }
  sim::LoadResult lr = sim::load_scenario(MAILSIM_SOURCE_DIR "/assets/scenarios/default.json");
  REQUIRE(lr.ok());
  std::string path = "/tmp/mailsim_visual_default.png";
  std::filesystem::remove(path);
  visual::GuiOptions o;
  o.screenshot_path = path;
  o.lang = std::getenv("MAILSIM_LANG") ? std::getenv("MAILSIM_LANG") : "zh";
  REQUIRE(visual::run_gui(*lr.scenario, o) == visual::kGuiOk);
  CHECK(std::filesystem::file_size(path) > 10'000);
}

TEST_CASE("run_window shows a real lossy run at its first drop", "[visual][screenshot]") {
  if (!std::getenv("DISPLAY")) {
    WARN("no DISPLAY: screenshot test skipped");
    return;
  }
  sim::ScenarioSpec s = vtest::echo_scenario();
  s.links[1].loss = 0.3;
  s.hosts[0].echo.lines = {"one", "two", "three", "four", "five", "six"};
  s.until = std::chrono::seconds(120);
  visual::Model m(s);
  std::optional<protocols::Instant> drop;
  for (const auto& f : m.flights().flights())
    if (f.dropped) { drop = f.t1; break; }
  REQUIRE(drop);
  visual::GuiOptions o;
  o.screenshot_path = "/tmp/mailsim_visual_lossy.png";
  o.lang = std::getenv("MAILSIM_LANG") ? std::getenv("MAILSIM_LANG") : "en";
  o.screenshot_at = *drop - protocols::kEpoch + std::chrono::milliseconds(5);
  std::filesystem::remove(o.screenshot_path);
  REQUIRE(visual::run_window(std::move(m), o) == visual::kGuiOk);
  CHECK(std::filesystem::file_size(o.screenshot_path) > 10'000);
}

TEST_CASE("run_window shows the MIME tree of a message on the wire", "[visual][screenshot]") {
  if (!std::getenv("DISPLAY")) {
    WARN("no DISPLAY: screenshot test skipped");
    return;
  }
  sim::RunResult r = vtest::smtp_run();
  std::string body = vtest::kMime.substr(0, 100), rest = vtest::kMime.substr(100);
  r.trace = vtest::smtp_stream({"EHLO a.example\r\nMAIL FROM:<alice@a.example>\r\n", "DATA\r\n", body, rest + ".\r\n"});
  r.end = vtest::ms(60);
  visual::GuiOptions o;
  o.screenshot_path = "/tmp/mailsim_visual_mime.png";
  o.lang = std::getenv("MAILSIM_LANG") ? std::getenv("MAILSIM_LANG") : "zh";
  o.screenshot_at = std::chrono::milliseconds(32);
  std::filesystem::remove(o.screenshot_path);
  REQUIRE(visual::run_window(visual::Model(vtest::smtp_scenario(), std::move(r)), o) == visual::kGuiOk);
  CHECK(std::filesystem::file_size(o.screenshot_path) > 10'000);
}
