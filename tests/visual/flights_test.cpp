// Pairing sent segments with their fate, where their pills are at a playback time, the
// ladder's rows, and what codes and commands mean.
#include <catch2/catch.hpp>

#include "fixtures.hpp"
#include "visual/flights.hpp"
#include "visual/ladder.hpp"
#include "visual/model.hpp"
#include "visual/reply_meaning.hpp"

using namespace vtest;
using visual::FlightIndex;
using visual::PillStyle;

TEST_CASE("each sent segment is paired with its own delivery", "[visual][flights]") {
  sim::RunResult r = smtp_run();
  FlightIndex idx(r.trace);
  REQUIRE(idx.flights().size() == 6);
  const auto& syn = idx.flights()[0];
  CHECK(syn.t0 == ms(0));
  CHECK(syn.t1 == ms(10));
  CHECK(syn.text == "SYN");
  CHECK(syn.style == PillStyle::TcpControl);
  CHECK(idx.flights()[1].text == "220 mail.b.example ESMTP");
}

TEST_CASE("a dropped original and its retransmission resolve in send order", "[visual][flights]") {
  FlightIndex idx(smtp_run().trace);
  const auto& first = idx.flights()[2];
  const auto& again = idx.flights()[3];
  CHECK(first.dropped);
  CHECK(first.dropped_at == 1);
  CHECK(first.t1 == ms(45));
  CHECK_FALSE(first.retransmission);
  CHECK_FALSE(again.dropped);
  CHECK(again.retransmission);
  CHECK(again.t0 == ms(240));
  CHECK(again.t1 == ms(250));
}

TEST_CASE("a pill sits at lerp(t_sent, t_delivered, playback time)", "[visual][flights]") {
  FlightIndex idx(smtp_run().trace);
  const auto& syn = idx.flights()[0];
  CHECK(FlightIndex::progress(syn, ms(0)) == Approx(0.0));
  CHECK(FlightIndex::progress(syn, ms(5)) == Approx(0.5));
  CHECK(FlightIndex::progress(syn, ms(7) + std::chrono::microseconds(500)) == Approx(0.75));
  CHECK(FlightIndex::progress(syn, ms(12)) == Approx(1.0));
}

TEST_CASE("only segments in the air, or dropped and fading, are visible", "[visual][flights]") {
  FlightIndex idx(smtp_run().trace);
  CHECK(idx.visible_at(ms(5)) == std::vector<std::size_t>{0});
  CHECK(idx.visible_at(ms(15)).empty());
  CHECK(idx.visible_at(ms(25)) == std::vector<std::size_t>{1});
  // Dropped at 45 after 5 ms of flight: fades for max(40 ms, 5 ms).
  CHECK(idx.visible_at(ms(60)) == std::vector<std::size_t>{2});
  CHECK(FlightIndex::opacity(idx.flights()[2], ms(65)) == Approx(0.5));
  CHECK(idx.visible_at(ms(90)).empty());
  CHECK(idx.visible_at(ms(245)) == std::vector<std::size_t>{3});
}

TEST_CASE("a segment carrying several labels says how many more ride along", "[visual][flights]") {
  sim::Trace t;
  t.add_host("a");
  t.add_host("b");
  auto s = seg(sim::SegmentEvent::Sent, 0, 1, 7, sim::kPsh | sim::kAck, 60,
               {Label{Proto::SMTP, LabelKind::Command, "MAIL FROM:<a@a.example>"},
                Label{Proto::SMTP, LabelKind::Command, "RCPT TO:<b@b.example>"},
                Label{Proto::SMTP, LabelKind::Command, "DATA"}});
  t.append(ms(0), s);
  s.event = sim::SegmentEvent::Delivered;
  t.append(ms(3), s);
  FlightIndex idx(t);
  REQUIRE(idx.flights().size() == 1);
  CHECK(idx.flights()[0].text == "MAIL FROM:<a@a.example> +2");
  CHECK(idx.flights()[0].style == PillStyle::Smtp);
}

TEST_CASE("reply pills are coloured by code class and protocol", "[visual][flights]") {
  using visual::reply_style;
  CHECK(reply_style(Proto::SMTP, "250 2.1.0 Ok") == PillStyle::Reply2);
  CHECK(reply_style(Proto::SMTP, "354 End data with <CR><LF>.<CR><LF>") == PillStyle::Reply3);
  CHECK(reply_style(Proto::SMTP, "451 4.3.0 Try later") == PillStyle::Reply4);
  CHECK(reply_style(Proto::SMTP, "550 5.1.1 No such user") == PillStyle::Reply5);
  CHECK(reply_style(Proto::POP3, "-ERR no such message") == PillStyle::Reply5);
  CHECK(reply_style(Proto::IMAP, "a1 NO [AUTHENTICATIONFAILED]") == PillStyle::Reply4);
  CHECK(reply_style(Proto::HTTP, "HTTP/1.1 200 OK") == PillStyle::Reply2);
  CHECK_FALSE(reply_style(Proto::SMTP, "MAIL FROM:<a@b>").has_value());
  CHECK(visual::style_of_label({Proto::SMTP, LabelKind::Command, "QUIT"}) == PillStyle::Smtp);
}

TEST_CASE("the ladder folds TCP control away and brackets SMTP phases", "[visual][ladder]") {
  sim::RunResult r = smtp_run();
  FlightIndex idx(r.trace);
  auto folded = visual::ladder_rows(idx, r.trace, true);
  auto full = visual::ladder_rows(idx, r.trace, false);
  CHECK(full.size() == 9);    // six flights, a deferral, a fault, a delivery
  REQUIRE(folded.size() == 8);  // the SYN is gone
  using P = visual::SmtpPhase;
  CHECK(full[0].phase == P::Establishment);  // the SYN of a connection that speaks SMTP
  CHECK(folded[0].phase == P::Establishment);  // 220 greeting
  CHECK(folded[1].phase == P::Transfer);       // MAIL FROM
  CHECK(folded[3].phase == P::Transfer);       // 250 after MAIL
  CHECK(folded[4].phase == P::Release);        // QUIT
  REQUIRE(folded[5].event);
  CHECK(*folded[5].event == 15u);  // queue: deferred
  CHECK(folded[5].t == ms(290));
  CHECK(*folded[6].event == 17u);  // the fault (the mailbox record is not a ladder event)
  CHECK(*folded[7].event == 18u);  // queue: delivered
  for (std::size_t i = 1; i < full.size(); ++i) CHECK(full[i - 1].entry < full[i].entry);
}

TEST_CASE("a command and a reply are paired with the segments that carried them", "[visual][selection]") {
  visual::Model m(smtp_scenario(), smtp_run());
  // Entry 9 is MAIL parsed at mail.b, carried by the retransmitted segment sent as entry 7
  // and delivered as entry 8 (not by the dropped original, entry 5).
  CHECK(m.counterpart(9) == 7u);
  CHECK(m.counterpart(7) == 9u);
  CHECK(m.counterpart(8) == 9u);
  CHECK_FALSE(m.counterpart(5).has_value());
  // Entry 10 is the 250 reply, sent as entry 11.
  CHECK(m.counterpart(10) == 11u);
  CHECK(m.counterpart(11) == 10u);
  CHECK_FALSE(m.counterpart(0).has_value());
}

TEST_CASE("on a lossy real run every arrival and drop pairs with an earlier send", "[visual][flights]") {
  sim::ScenarioSpec s = echo_scenario();
  s.links[1].loss = 0.3;
  s.hosts[0].echo.lines = {"one", "two", "three", "four", "five", "six"};
  s.until = std::chrono::seconds(120);
  sim::RunResult r = sim::simulate(s, {});
  FlightIndex idx(r.trace);
  std::size_t arrivals = 0, drops = 0, retx = 0;
  for (const auto& e : r.trace.entries())
    if (const auto* g = std::get_if<sim::SegmentRecord>(&e.record); g && g->event != sim::SegmentEvent::Sent) {
      ++arrivals;
      auto fi = idx.flight_of_entry(e.n);
      REQUIRE(fi);
      const auto& f = idx.flights()[*fi];
      CHECK(f.t0 <= f.t1);
      CHECK(f.arrived == e.n);
      drops += f.dropped;
    }
  for (const auto& f : idx.flights()) retx += f.retransmission;
  CHECK(arrivals > 20);
  CHECK(drops > 0);
  CHECK(retx > 0);
}

TEST_CASE("reply codes, enhanced codes and commands are explained from the SMTP catalogue", "[visual][meaning]") {
  using namespace visual;
  CHECK(reply_code_of("250 2.1.0 Ok") == 250);
  CHECK(reply_code_of("354-go on") == 354);
  CHECK_FALSE(reply_code_of("2500 nope").has_value());
  CHECK_FALSE(reply_code_of("MAIL FROM:<a@b>").has_value());
  CHECK(enhanced_code_of("550 5.1.1 No such user") == "5.1.1");
  CHECK(enhanced_code_of("220 mail.b.example ESMTP").empty());
  auto m = reply_meaning(Proto::SMTP, 354, Lang::En);
  REQUIRE(m);
  CHECK(m->section.find("RFC 5321") == 0);
  auto zh = reply_meaning(Proto::SMTP, 354, Lang::Zh);
  REQUIRE(zh);
  CHECK(zh->text != m->text);
  CHECK_FALSE(reply_meaning(Proto::POP3, 354, Lang::En).has_value());
  auto e = enhanced_meaning("5.1.1", Lang::En);
  REQUIRE(e);
  CHECK(e->section.find("RFC 3463") == 0);
  auto c = command_meaning(Proto::SMTP, "mail", Lang::Zh);
  REQUIRE(c);
  CHECK(c->syntax.find("MAIL FROM:") == 0);
  CHECK(reply_class_meaning(451, Lang::En)->find("4xx") == 0);
  CHECK_FALSE(reply_class_meaning(650, Lang::En).has_value());
}

TEST_CASE("a MAIL the server refuses starts no mail transfer: the phase follows the reply", "[visual][ladder]") {
  // 220; MAIL FROM without brackets gets 501 (lesson 03_commands_by_hand step 9); MAIL
  // FROM:<...> gets 250; then a second connection's MAIL waits for its reply.
  using E = sim::SegmentEvent;
  using protocols::Label;
  using protocols::LabelKind;
  using protocols::Proto;
  sim::Trace t;
  for (const char* h : {"client", "router", "server"}) t.add_host(h);
  auto both = [&](int at, sim::HostId from, sim::HostId to, std::uint32_t seq, const Label& l) {
    t.append(ms(at), seg(E::Sent, from, to, seq, sim::kPsh | sim::kAck, 10, {l}));
    t.append(ms(at + 5), seg(E::Delivered, from, to, seq, sim::kPsh | sim::kAck, 10, {l}));
  };
  auto command = [&](int at, const char* verb, const char* line) {
    t.append(ms(at), sim::CommandRecord{Proto::SMTP, 0, 2, 1, verb, line, ""});
  };
  auto reply = [&](int at, int code, const char* line) {
    t.append(ms(at), sim::ReplyRecord{Proto::SMTP, 2, 0, 1, code, "", "", "", {line}});
  };
  reply(0, 220, "220 server");
  both(0, 2, 0, 500, {Proto::SMTP, LabelKind::Reply, "220 server"});
  both(10, 0, 2, 100, {Proto::SMTP, LabelKind::Command, "MAIL FROM:you@c.example"});
  command(15, "MAIL", "MAIL FROM:you@c.example");
  reply(15, 501, "501 Bad sender address syntax");
  both(20, 2, 0, 510, {Proto::SMTP, LabelKind::Reply, "501 Bad sender address syntax"});
  both(30, 0, 2, 110, {Proto::SMTP, LabelKind::Command, "MAIL FROM:<you@c.example>"});
  command(35, "MAIL", "MAIL FROM:<you@c.example>");
  reply(35, 250, "250 Ok");
  both(40, 2, 0, 520, {Proto::SMTP, LabelKind::Reply, "250 Ok"});
  FlightIndex idx(t);
  const auto rows = visual::ladder_rows(idx, t, true);
  REQUIRE(rows.size() == 5);
  using P = visual::SmtpPhase;
  CHECK(rows[0].phase == P::Establishment);  // 220
  CHECK(rows[1].phase == P::Establishment);  // MAIL refused
  CHECK(rows[2].phase == P::Establishment);  // its 501
  CHECK(rows[3].phase == P::Transfer);       // MAIL accepted
  CHECK(rows[4].phase == P::Transfer);       // its 250

  // A 451 (RFC 5321 §4.2.2, temporary) leaves it too; a MAIL not answered yet starts it.
  sim::Trace t2;
  for (const char* h : {"client", "router", "server"}) t2.add_host(h);
  std::swap(t, t2);
  reply(0, 220, "220 server");
  both(0, 2, 0, 500, {Proto::SMTP, LabelKind::Reply, "220 server"});
  both(10, 0, 2, 100, {Proto::SMTP, LabelKind::Command, "MAIL FROM:<a@b.example>"});
  command(15, "MAIL", "MAIL FROM:<a@b.example>");
  reply(15, 451, "451 try later");
  both(20, 2, 0, 510, {Proto::SMTP, LabelKind::Reply, "451 try later"});
  both(30, 0, 2, 110, {Proto::SMTP, LabelKind::Command, "MAIL FROM:<a@b.example>"});
  FlightIndex idx2(t);
  const auto rows2 = visual::ladder_rows(idx2, t, true);
  REQUIRE(rows2.size() == 4);
  CHECK(rows2[1].phase == P::Establishment);
  CHECK(rows2[2].phase == P::Establishment);
  CHECK(rows2[3].phase == P::Transfer);
}
