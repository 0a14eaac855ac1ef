// The event list (Packet Tracer's simulation mode): a row per record with its last and at
// device, its type and its information in the reader's language; the type check boxes; and
// the panel in the window, where a click selects the record for the inspector.
#include <catch2/catch.hpp>

#include <imgui_internal.h>

#include "fixtures.hpp"
#include "headless_imgui.hpp"
#include "visual/event_list.hpp"

using namespace visual;
using vtest::ms;

namespace {
bool has_chinese(const std::string& s) {
  for (unsigned char c : s)
    if (c >= 0xE4 && c <= 0xE9) return true;  // lead bytes of U+4000..U+9FFF
  return false;
}
}  // namespace

TEST_CASE("the event list has a row per record with its devices and type", "[visual][events]") {
  const sim::RunResult r = vtest::smtp_run();
  const std::vector<EventRow> rows = event_rows(r.trace, Lang::En);
  REQUIRE(rows.size() == r.trace.size());
  for (std::size_t i = 0; i < rows.size(); ++i) CHECK(rows[i].entry == i);
  // The SYN: sent at mail.a.example (no last device), delivered at mail.b.example from it.
  CHECK(rows[1].type == EventType::Tcp);
  CHECK(rows[1].at == 0);
  CHECK(rows[1].last == sim::kNoHost);
  CHECK(rows[2].at == 2);
  CHECK(rows[2].last == 0);
  // A segment carrying MAIL FROM is an SMTP PDU, says so first, and was lost at the router.
  CHECK(rows[5].type == EventType::Smtp);
  CHECK(rows[5].info.starts_with("MAIL FROM:<alice@a.example>"));
  CHECK(rows[6].type == EventType::Smtp);
  CHECK(rows[6].at == 1);
  CHECK(rows[6].last == 0);
  CHECK(rows[6].info.find("loss") != std::string::npos);
  // The command is recorded where it arrived and was parsed; the reply where it is sent.
  CHECK(rows[9].type == EventType::Smtp);
  CHECK(rows[9].at == 2);
  CHECK(rows[9].last == 0);
  CHECK(rows[10].at == 2);
  CHECK(rows[10].last == sim::kNoHost);
  CHECK(rows[0].type == EventType::Tcp);  // the connection event
  CHECK(rows[15].type == EventType::Queue);
  CHECK(rows[15].at == 0);
  CHECK(rows[16].type == EventType::Mailbox);
  CHECK(rows[16].at == 2);
  CHECK(rows[17].type == EventType::Fault);
  CHECK(rows[17].at == sim::kNoHost);
}

TEST_CASE("the event list speaks the reader's language round the protocol text", "[visual][events][i18n]") {
  const sim::RunResult r = vtest::smtp_run();
  const std::vector<EventRow> zh = event_rows(r.trace, Lang::Zh), en = event_rows(r.trace, Lang::En);
  for (const EventRow& row : en) CHECK_FALSE(has_chinese(row.info));
  CHECK(has_chinese(zh[6].info));   // dropped, and why
  CHECK(has_chinese(zh[15].info));  // deferred
  CHECK(zh[9].info == "MAIL FROM:<alice@a.example>");  // protocol text as sent
  for (std::size_t t = 0; t < kEventTypes; ++t) {
    CHECK_FALSE(has_chinese(event_type_name(static_cast<EventType>(t), Lang::En)));
    CHECK(std::string(event_type_name(static_cast<EventType>(t), Lang::Zh)).size() > 0);
  }
  CHECK(std::string(event_type_name(EventType::Queue, Lang::Zh)) == "队列");
}

TEST_CASE("the event list's check boxes hide a type, and it ends at the playback time", "[visual][events]") {
  const sim::RunResult r = vtest::smtp_run();
  const std::vector<EventRow> rows = event_rows(r.trace, Lang::En);
  EventFilter all;
  CHECK(filter_events(rows, all, r.end).size() == rows.size());
  CHECK(filter_events(rows, all, ms(30)).size() == 5);  // up to the 220's arrival
  EventFilter no_smtp;
  no_smtp.show[static_cast<std::size_t>(EventType::Smtp)] = false;
  const std::vector<std::size_t> shown = filter_events(rows, no_smtp, r.end);
  for (std::size_t i : shown) CHECK(rows[i].type != EventType::Smtp);
  std::size_t smtp = 0;
  for (const EventRow& row : rows) smtp += row.type == EventType::Smtp;
  CHECK(smtp >= 8);
  CHECK(shown.size() == rows.size() - smtp);
  // A selected record the filter hides falls back to the row before it.
  CHECK(row_of_entry(rows, shown, 9) == std::optional<std::size_t>(2));
  CHECK(row_of_entry(rows, shown, 15) == std::optional<std::size_t>(15));
}

TEST_CASE("the window shows the event list in the transcript's place, a click selects", "[visual][events][ui]") {
  vtest::HeadlessImGui gui;
  App app(Model(vtest::smtp_scenario(), vtest::smtp_run()), ViewSettings{}, gui.fonts);
  app.playback().t = ms(400);
  gui.frame(app);
  CHECK(ImGui::FindWindowByName("###transcript")->Active);
  app.settings().show_events = true;
  gui.frame(app);
  gui.frame(app);
  ImGuiWindow* w = ImGui::FindWindowByName("###events");
  REQUIRE(w);
  CHECK(w->Active);
  CHECK_FALSE(ImGui::FindWindowByName("###transcript")->Active);
  // A click on a row selects its record, and the inspector shows it.
  ImGuiIO& io = ImGui::GetIO();
  io.MousePos = ImVec2(w->Pos.x + 30, w->Pos.y + w->Size.y * 0.6f);
  gui.frame(app);
  io.MouseDown[0] = true;
  gui.frame(app);
  io.MouseDown[0] = false;
  gui.frame(app);
  REQUIRE(app.selection().selected.has_value());
  gui.frame(app);
  CHECK(app.report().inspector == app.selection().selected);
}
