// Transcript lines and their filters; host state folded from queue and mailbox records;
// view settings as text.
#include <catch2/catch.hpp>

#include "fixtures.hpp"
#include "visual/host_state.hpp"
#include "visual/transcript.hpp"
#include "visual/terms.hpp"
#include "visual/view_settings_io.hpp"

using namespace vtest;
using namespace visual;

TEST_CASE("the transcript hides segments unless asked and stops at the playback time", "[visual][transcript]") {
  sim::RunResult r = smtp_run();
  auto rows = transcript_rows(r.trace);
  REQUIRE(rows.size() == r.trace.size());
  TranscriptFilter f;
  auto shown = filter_rows(rows, f, ms(260));
  REQUIRE(shown.size() == 3);  // connect, MAIL command, 250 reply
  CHECK(rows[shown[1]].prefix == "C:");
  CHECK(rows[shown[1]].text == "MAIL FROM:<alice@a.example>");
  CHECK(rows[shown[2]].prefix == "S:");
  f.segments = true;
  CHECK(filter_rows(rows, f, ms(260)).size() == 12);
  f.segments = false;
  std::vector<std::size_t> records;
  for (std::size_t i = 0; i < rows.size(); ++i)
    if (!rows[i].segment) records.push_back(i);
  CHECK(filter_rows(rows, records, f, ms(260)) == shown);
}

TEST_CASE("the transcript filters by host, protocol and connection", "[visual][transcript]") {
  sim::RunResult r = smtp_run();
  auto rows = transcript_rows(r.trace);
  const auto end = ms(1000);
  TranscriptFilter f;
  f.proto = Proto::SMTP;
  auto smtp = filter_rows(rows, f, end);
  CHECK(smtp.size() == 4);  // command, reply, two queue records
  f.proto.reset();
  f.host = 2;  // mail.b.example
  for (auto i : filter_rows(rows, f, end)) CHECK((rows[i].from == 2 || rows[i].to == 2));
  CHECK(filter_rows(rows, f, end).size() == 4);  // connect, command, reply, mailbox
  f.host = sim::kNoHost;
  f.conn = 1;
  CHECK(filter_rows(rows, f, end).size() == 3);
  f.conn = 7;
  CHECK(filter_rows(rows, f, end).empty());
  CHECK(connections_of(rows) == std::vector<sim::ConnId>{1});
}

TEST_CASE("a server's queue and mailboxes are folded from the trace at the playback time", "[visual][hosts]") {
  sim::RunResult r = smtp_run();
  HostState before = host_state_at(r.trace, 0, ms(289));
  CHECK(before.queue.empty());
  HostState deferred = host_state_at(r.trace, 0, ms(300));
  REQUIRE(deferred.queue.size() == 1);
  CHECK(deferred.queue[0].action == sim::QueueAction::Deferred);
  REQUIRE(deferred.queue[0].last_error);
  CHECK(sim::text::queue_reason(sim::TextLang::En, *deferred.queue[0].last_error) == "451 4.3.0 try later");
  CHECK(deferred.queue[0].next_attempt == ms(900));
  CHECK(host_state_at(r.trace, 0, ms(310)).queue.empty());  // delivered leaves the queue
  r.trace.append(ms(320), queue_record(0, "Q2", "carol@c.example", sim::QueueAction::Queued, "from <alice@a.example>", std::nullopt));
  r.trace.append(ms(330), queue_record(0, "Q2", "", sim::QueueAction::Removed, "every recipient delivered or failed", std::nullopt));
  REQUIRE(host_state_at(r.trace, 0, ms(325)).queue.size() == 1);
  CHECK(host_state_at(r.trace, 0, ms(330)).queue.empty());  // a whole-message removal ends it, adds no line
  HostState b = host_state_at(r.trace, 2, ms(310));
  REQUIRE(b.mailboxes.size() == 1);
  CHECK(b.mailboxes[0].messages == 1);
  CHECK_FALSE(b.powered);
  CHECK(host_state_at(r.trace, 2, ms(299)).powered);
}

TEST_CASE("link faults change the links they name", "[visual][hosts]") {
  sim::RunResult r = smtp_run();
  r.trace.append(ms(320), fault_record(sim::FaultAction::LinkDown, "router-mail.b.example"));
  r.trace.append(ms(330), fault_record(sim::FaultAction::LinkUp, "mail.b.example-router"));
  sim::FaultRecord loss = fault_record(sim::FaultAction::Loss, "mail.a.example", "20%");
  loss.loss = 0.2;  // as World::apply_fault reads the value
  r.trace.append(ms(340), loss);
  sim::FaultRecord latency = fault_record(sim::FaultAction::Latency, "router-mail.b.example", "300ms");
  latency.latency = std::chrono::milliseconds(300);
  r.trace.append(ms(350), latency);
  r.trace.append(ms(360), fault_record(sim::FaultAction::LinkDown, "router", "", sim::FaultRefusal::NoLinks));
  auto at = [&](int t) { return links_at(r.trace, r.topology, ms(t)); };
  CHECK(at(319)[1].up);
  CHECK_FALSE(at(325)[1].up);
  CHECK(at(325)[0].up);
  CHECK(at(330)[1].up);
  CHECK(at(339)[0].loss == 0);
  CHECK(at(340)[0].loss == Approx(0.2));
  CHECK(at(340)[1].loss == 0);
  CHECK(at(349)[1].latency == std::chrono::milliseconds(5));
  CHECK(at(350)[1].latency == std::chrono::milliseconds(300));
  CHECK(at(400)[0].up);  // a refused fault changes nothing
  auto starts_down = links_at(r.trace, state_entries_of(r.trace), r.topology, ms(0), {true, false});
  CHECK(starts_down[0].up);
  CHECK_FALSE(starts_down[1].up);
  CHECK(links_at(r.trace, state_entries_of(r.trace), r.topology, ms(330), {true, false})[1].up);  // link-up at 330
}

TEST_CASE("view settings survive a save and restore, language excepted", "[visual][settings]") {
  ViewSettings s;
  s.fold_tcp = false;
  s.filter.segments = true;
  s.loss_percent = 35;
  s.latency_ms = 1200;
  s.drag = {{0, 0}, {0.25f, -0.5f}};
  s.canvas_zoom = 2.5f;
  s.canvas_pan = {0.1f, -0.2f};
  s.lang = Lang::En;
  ViewSettings back;
  settings_from_text(settings_to_text(s), back);
  CHECK_FALSE(back.fold_tcp);
  CHECK(back.filter.segments);
  CHECK(back.loss_percent == 35);
  CHECK(back.latency_ms == 1200);
  REQUIRE(back.drag.size() == 2);
  CHECK(back.drag[1].x == Approx(0.25));
  CHECK(back.drag[1].y == Approx(-0.5));
  CHECK(back.canvas_zoom == Approx(2.5));
  CHECK(back.canvas_pan.y == Approx(-0.2));
  CHECK(back.lang == Lang::Zh);  // from the command line each time, not restored
  ViewSettings junk;
  settings_from_text("fold_tcp\nlatency_ms = -4\ndrag.x = 1 2\nloss_percent = 250\ncanvas = 900 0 0\n", junk);
  CHECK(junk.canvas_zoom == 1);
  CHECK(junk.fold_tcp);
  CHECK(junk.latency_ms == 300);
  CHECK(junk.loss_percent == 20);
  CHECK(junk.drag.empty());
}

TEST_CASE("transcript words follow the language, protocol text does not", "[visual][transcript][i18n]") {
  sim::RunResult r = smtp_run();
  auto en = transcript_rows(r.trace, Lang::En);
  auto zh = transcript_rows(r.trace, Lang::Zh);
  CHECK(en[0].text == "connect mail.a.example > mail.b.example:25");
  CHECK(zh[0].text == "发起连接 mail.a.example > mail.b.example:25");
  CHECK(zh[6].text.find("丢弃") == 0);
  CHECK(zh[6].text.find("丢包") != std::string::npos);
  CHECK(zh[9].text == en[9].text);  // MAIL FROM as sent
  CHECK(zh[15].text.find("推迟") != std::string::npos);
  CHECK(zh[15].text.find("451 4.3.0 try later") != std::string::npos);
  CHECK(term(Lang::Zh, "no such word") == "no such word");
  CHECK(term(Lang::En, "delivered") == "delivered");
}

TEST_CASE("the transcript's running filter gives filter_rows' answer as time moves both ways", "[visual][transcript]") {
  sim::RunResult r = sim::simulate(echo_scenario(), sim::RunOptions{});
  auto rows = transcript_rows(r.trace);
  std::vector<std::size_t> records;
  for (std::size_t i = 0; i < rows.size(); ++i)
    if (!rows[i].segment) records.push_back(i);
  REQUIRE(rows.size() > 20);
  const std::int64_t end_ms = protocols::ns_of(r.end) / 1'000'000;
  RowFilter running;
  TranscriptFilter f;
  std::uint64_t gen = 1;
  // Forward, back, a filter change, segments on and off, and new rows (a re-run).
  const std::int64_t times[] = {0, 5, 1000, 1050, 1040, end_ms / 2, end_ms, 3, end_ms, end_ms / 3};
  for (int round = 0; round < 4; ++round) {
    if (round == 1) f.host = 0;
    if (round == 2) f.segments = true;
    if (round == 3) ++gen;
    for (std::int64_t t : times) {
      INFO("round " << round << " at " << t << " ms");
      const std::vector<std::size_t>& got = running.update(rows, f.segments ? nullptr : &records, f, ms(t), gen);
      CHECK(got == (f.segments ? filter_rows(rows, f, ms(t)) : filter_rows(rows, records, f, ms(t))));
    }
  }
}

TEST_CASE("host state kept from frame to frame equals the fold from the start", "[visual][hosts]") {
  sim::RunResult r = smtp_run();
  r.trace.append(ms(320), queue_record(0, "Q2", "carol@c.example", sim::QueueAction::Queued, "from <alice@a.example>", std::nullopt));
  r.trace.append(ms(330), queue_record(0, "Q2", "", sim::QueueAction::Removed, "every recipient delivered or failed", std::nullopt));
  auto per_host = state_entries_by_host(r.trace, state_entries_of(r.trace));
  REQUIRE(per_host.size() == 3);
  HostStates kept;
  auto same = [](const HostState& a, const HostState& b) {
    if (a.powered != b.powered || a.queue.size() != b.queue.size() || a.mailboxes.size() != b.mailboxes.size()) return false;
    for (std::size_t i = 0; i < a.queue.size(); ++i)
      if (a.queue[i].msg != b.queue[i].msg || a.queue[i].action != b.queue[i].action ||
          a.queue[i].last_error.has_value() != b.queue[i].last_error.has_value() || a.queue[i].next_attempt != b.queue[i].next_attempt)
        return false;
    return a.mailboxes == b.mailboxes;  // counts, last actions and listed messages with their flags
  };
  std::uint64_t gen = 7;
  for (std::int64_t t : {0, 289, 300, 305, 310, 299, 325, 330, 400, 100, 400}) {
    if (t == 100) ++gen;  // new rows: start over
    for (sim::HostId h = 0; h < 3; ++h) {
      INFO("host " << h << " at " << t << " ms");
      CHECK(same(kept.at(r.trace, per_host[h], h, ms(t), gen), host_state_at(r.trace, h, ms(t))));
    }
  }
}

TEST_CASE("a dropped segment's line says where and why first, then what was lost, in words", "[visual][transcript][i18n]") {
  const sim::RunResult r = vtest::smtp_run();
  const auto en = visual::transcript_rows(r.trace, visual::Lang::En);
  const auto zh = visual::transcript_rows(r.trace, visual::Lang::Zh);
  // Entry 6: MAIL FROM (29 bytes from seq 101) lost on the router's link.
  CHECK(en[6].text == "dropped at router (loss): mail.a.example > mail.b.example [PSH,ACK] 29 bytes from seq 101");
  CHECK(zh[6].text == "丢弃于 router（丢包）：mail.a.example > mail.b.example [PSH,ACK] 29 字节，序号 101 起");
  CHECK(zh[6].text.find("seq=") == std::string::npos);
  CHECK(zh[6].text.find('@') == std::string::npos);
}
