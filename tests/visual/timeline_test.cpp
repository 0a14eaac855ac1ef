// Stepping, seeking and markers over a hand-built trace.
#include <catch2/catch.hpp>

#include "fixtures.hpp"
#include "visual/timeline.hpp"

using namespace vtest;
using namespace visual;

TEST_CASE("stepping one event lands on the next record after the playback time", "[visual][timeline]") {
  sim::RunResult r = smtp_run();
  auto l = step_event(r.trace, ms(0), +1);
  REQUIRE(l);
  CHECK(l->t == ms(10));
  CHECK(l->entry == 2);
  auto back = step_event(r.trace, ms(10), -1);
  REQUIRE(back);
  CHECK(back->t == ms(0));
  CHECK_FALSE(step_event(r.trace, ms(310), +1));
  CHECK_FALSE(step_event(r.trace, ms(0), -1));
}

TEST_CASE("stepping one command or reply skips segments and queue records", "[visual][timeline]") {
  sim::RunResult r = smtp_run();
  auto c = step_command(r.trace, ms(0), +1);
  REQUIRE(c);
  CHECK(c->t == ms(250));
  CHECK(std::holds_alternative<sim::CommandRecord>(r.trace.entries()[c->entry].record));
  auto reply = step_command(r.trace, c->t, +1);
  REQUIRE(reply);
  CHECK(std::holds_alternative<sim::ReplyRecord>(r.trace.entries()[reply->entry].record));
  auto back = step_command(r.trace, reply->t, -1);
  REQUIRE(back);
  CHECK(back->entry == c->entry);
}

TEST_CASE("markers show faults, retries, deliveries and jump lands on the next", "[visual][timeline]") {
  sim::RunResult r = smtp_run();
  auto m = markers_of(r.trace);
  REQUIRE(m.size() == 3);
  CHECK(m[0].kind == MarkerKind::Retry);
  CHECK(m[1].kind == MarkerKind::Fault);
  CHECK(m[2].kind == MarkerKind::Delivery);
  auto j = next_marker(m, ms(291));  // the mailbox record at 295 is no marker
  REQUIRE(j);
  CHECK(j->t == ms(300));
}

TEST_CASE("playback advances by wall time times speed and stops at the end", "[visual][timeline]") {
  Playback p;
  p.playing = true;
  p.speed = 0.1;
  advance(p, 0.5, ms(400));
  CHECK(p.t == ms(50));
  p.speed = 1000;
  advance(p, 1.0, ms(400));
  CHECK(p.t == ms(400));
  CHECK_FALSE(p.playing);
  scale_speed(p, 1e9);
  CHECK(p.speed == kMaxSpeed);
  scale_speed(p, 1e-12);
  CHECK(p.speed == kMinSpeed);
  CHECK(entries_until(smtp_run().trace, ms(10)) == 3);
}

TEST_CASE("playing skips a quiet stretch longer than a wall second, not a short one", "[visual][timeline]") {
  sim::RunResult r = smtp_run();
  Playback p;
  p.playing = true;
  p.t = ms(50);  // next record at 240 ms
  CHECK_FALSE(skip_idle(p, r.trace, false));  // 190 ms at 1x is under a wall second
  p.speed = 0.1;  // now 1.9 wall seconds away
  CHECK_FALSE(skip_idle(p, r.trace, true));   // something still on the wire
  CHECK(skip_idle(p, r.trace, false));
  CHECK(p.t == ms(240));
  p.playing = false;
  p.t = ms(50);
  CHECK_FALSE(skip_idle(p, r.trace, false));  // paused: stays
}

TEST_CASE("zooming the timeline keeps the instant under the mouse and stays inside the run", "[visual][timeline]") {
  const Instant end = ms(400);
  TimeWindow all{ms(0), end};
  TimeWindow z = zoom_window(all, ms(100), 0.5, end);
  CHECK(z.to - z.from == std::chrono::milliseconds(200));
  CHECK(window_fraction(z, ms(100)) == Approx(0.25));  // 100 ms was a quarter in, still is
  TimeWindow in = zoom_window(z, z.from, 0.5, end);  // the left edge stays put
  CHECK(in.from == z.from);
  CHECK(in.to - in.from == std::chrono::milliseconds(100));
  TimeWindow edge = zoom_window(TimeWindow{ms(10), ms(110)}, ms(60), 2, end);  // would start before 0
  CHECK(edge.from == ms(0));
  CHECK(edge.to == ms(200));
  TimeWindow tiny = all;
  for (int i = 0; i < 40; ++i) tiny = zoom_window(tiny, ms(200), 0.5, end);
  CHECK(tiny.to - tiny.from == std::chrono::milliseconds(1));
  TimeWindow out = zoom_window(z, ms(300), 8, end);
  CHECK(out.from == ms(0));
  CHECK(out.to == end);
  CHECK(window_instant(z, 0.5) == z.from + (z.to - z.from) / 2);
}
