// Fill-in answers as students write them: durations with spaces and Chinese units, numbers
// with thousands separators and a tolerance, clock times for moments of the run; each form
// graded right when it means the answer and wrong when it does not.
#include <catch2/catch.hpp>

#include "lessons/grader.hpp"
#include "lessons/grader_forms.hpp"

using lessons::json;
using namespace std::chrono_literals;

namespace {

// A fill-in question expecting `expected` of `kind`, as run_exercise would place it.
struct Fill {
  lessons::Question q;
  lessons::PlacedQuestion pq;
  Fill(json expected, lessons::AnswerKind kind) {
    q.id = "q";
    q.type = lessons::QuestionType::Fill;
    pq.expected = std::move(expected);
    pq.kind = kind;
    pq.start_unix = 1767574800;  // Mon, 05 Jan 2026 09:00:00 +0800
    pq.zone_offset_minutes = 480;
  }
  bool right(const std::string& given) {
    pq.question = &q;
    return lessons::is_correct(pq, json(given));
  }
};

}  // namespace

TEST_CASE("durations are read with spaces, English and Chinese units", "[lessons][grader]") {
  CHECK(lessons::read_duration_answer("50 ms") == 50ms);
  CHECK(lessons::read_duration_answer("0.05 s") == 50ms);
  CHECK(lessons::read_duration_answer("50毫秒") == 50ms);
  CHECK(lessons::read_duration_answer("3秒") == 3s);
  CHECK(lessons::read_duration_answer("1 h 30 m") == 90min);
  CHECK(lessons::read_duration_answer("1小时30分钟") == 90min);
  CHECK(lessons::read_duration_answer("2 Minutes 3 sec") == 123s);
  CHECK(lessons::read_duration_answer("3 days") == 72h);
  CHECK(lessons::read_duration_answer("63 s") == 63s);
  CHECK(lessons::read_duration_answer("0") == 0s);
  CHECK(!lessons::read_duration_answer("50"));       // a unit is required
  CHECK(!lessons::read_duration_answer("ms"));       // and a number
  CHECK(!lessons::read_duration_answer("5 parsecs"));
  CHECK(!lessons::read_duration_answer(""));
}

TEST_CASE("a duration answer is right in any form within its tolerance", "[lessons][grader]") {
  Fill f(json("50ms"), lessons::AnswerKind::Duration);
  for (const char* right : {"50ms", "50 ms", "0.05 s", "0.05s", "50毫秒", "50.2 ms"}) CHECK(f.right(right));
  for (const char* wrong : {"50", "55 ms", "0.5 s", "50 s", "五十毫秒", ""}) CHECK(!f.right(wrong));
  Fill g(json("1h 30m 0.2s"), lessons::AnswerKind::Duration);
  CHECK(g.right("1 h 30 m"));
  CHECK(g.right("90 minutes"));
  CHECK(g.right("1小时30分"));
  CHECK(!g.right("1 h 45 m"));
  Fill h(json("3s 1ms"), lessons::AnswerKind::Duration);
  CHECK(h.right("3秒"));
  CHECK(!h.right("4秒"));
  h.q.tolerance = 500ms;
  CHECK(h.right("3.4 s"));
  CHECK(!h.right("3.6 s"));
}

TEST_CASE("numbers are read with or without thousands separators", "[lessons][grader]") {
  CHECK(lessons::read_number_answer("1,234,567") == 1234567.0);
  CHECK(lessons::read_number_answer("1234567") == 1234567.0);
  CHECK(lessons::read_number_answer(" 1 234 567 ") == 1234567.0);
  CHECK(lessons::read_number_answer("1，234") == 1234.0);
  CHECK(lessons::read_number_answer("-2.5") == -2.5);
  CHECK(!lessons::read_number_answer("1,23,4567"));
  CHECK(!lessons::read_number_answer("12,34"));
  CHECK(!lessons::read_number_answer(",123"));
  CHECK(!lessons::read_number_answer("12a"));
  CHECK(!lessons::read_number_answer("six"));
}

TEST_CASE("a number answer is right exactly, or within its tolerance", "[lessons][grader]") {
  Fill f(json(1234567), lessons::AnswerKind::Number);
  CHECK(f.right("1,234,567"));
  CHECK(f.right("1234567"));
  CHECK(!f.right("1,234,568"));
  CHECK(!f.right("1.234.567"));
  f.q.number_tolerance = 10;
  CHECK(f.right("1,234,577"));
  CHECK(f.right("1234557"));
  CHECK(!f.right("1,234,578"));
}

TEST_CASE("a moment of the run is also right as a clock time in the scenario's zone", "[lessons][grader]") {
  CHECK(lessons::read_clock_answer("14:05")->seconds == 14 * 3600 + 5 * 60);
  CHECK(lessons::read_clock_answer("14:05")->precision == 60);
  CHECK(lessons::read_clock_answer("14：05：30")->seconds == 14 * 3600 + 5 * 60 + 30);
  CHECK(!lessons::read_clock_answer("25:00"));
  CHECK(!lessons::read_clock_answer("14:5"));
  CHECK(!lessons::read_clock_answer("14:05:3"));
  // The run starts at 09:00 +0800; the answer is 5 h 5 min 30.02 s in, at 14:05:30.
  Fill f(json("5h 5m 30s 20ms"), lessons::AnswerKind::Duration);
  f.pq.moment = true;
  CHECK(f.right("14:05:30"));
  CHECK(f.right("14:05"));
  CHECK(f.right("5 h 5 m 30 s"));
  CHECK(!f.right("14:35"));
  CHECK(!f.right("02:05"));
  CHECK(lessons::expected_text(f.pq, lessons::Lang::En) == "5h 5m 30s 20ms (14:05:30)");
  // Three days in: the clock time is read on the day nearest the answer.
  Fill g(json("3d 30m"), lessons::AnswerKind::Duration);
  g.pq.moment = true;
  CHECK(g.right("09:30"));
  CHECK(!g.right("10:30"));
  // A duration that is not a moment takes no clock time.
  Fill h(json("5h 5m 30s"), lessons::AnswerKind::Duration);
  CHECK(!h.right("14:05:30"));
}

TEST_CASE("the hint fits the answer and never gives it", "[lessons][grader]") {
  Fill d(json("50ms"), lessons::AnswerKind::Duration);
  d.pq.question = &d.q;
  CHECK(lessons::answer_hint(d.pq, lessons::Lang::En).find("duration") != std::string::npos);
  CHECK(lessons::answer_hint(d.pq, lessons::Lang::Zh).find("时长") != std::string::npos);
  CHECK(lessons::answer_hint(d.pq, lessons::Lang::Zh).find("354") == std::string::npos);
  Fill n(json(354), lessons::AnswerKind::Number);
  n.pq.question = &n.q;
  CHECK(lessons::answer_hint(n.pq, lessons::Lang::En).find("number") != std::string::npos);
  CHECK(lessons::answer_hint(n.pq, lessons::Lang::En).find("354") == std::string::npos);
  d.pq.moment = true;
  CHECK(lessons::answer_hint(d.pq, lessons::Lang::Zh).find("钟点") != std::string::npos);
}
