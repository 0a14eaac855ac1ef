// The web page's address: what a teacher's link opens, and the errors a broken link gets.
#include <catch2/catch.hpp>

#include "visual/page_request.hpp"

using visual::PageItem;
using visual::PageRequest;

namespace {
PageRequest parse_ok(std::string_view q) {
  PageRequest r;
  std::string error;
  INFO(q);
  CHECK(visual::parse_page_request(q, &r, &error));
  CHECK(error.empty());
  return r;
}
std::string parse_error(std::string_view q) {
  PageRequest r;
  std::string error;
  CHECK_FALSE(visual::parse_page_request(q, &r, &error));
  return error;
}
}  // namespace

TEST_CASE("the page's address opens a lesson at a step in a language", "[visual][page]") {
  PageRequest r = parse_ok("?lesson=04_receiver_down&step=3&lang=en");
  CHECK(r.item == PageItem::Lesson);
  CHECK(r.name == "04_receiver_down");
  CHECK(r.step == 2);
  CHECK(r.lang == "en");
  CHECK(visual::page_request_path(r, "/c", "/a") == "/c/04_receiver_down.json");

  PageRequest d = parse_ok("");
  CHECK(d.item == PageItem::Lesson);
  CHECK(d.name == "01_email_parts");
  CHECK(d.lang == "zh");

  PageRequest e = parse_ok("exercise=05_retry_quiz&question=2&presenter=1");
  CHECK(e.item == PageItem::Exercise);
  CHECK(e.step == 1);
  CHECK(e.presenter);
  CHECK(visual::page_request_path(e, "/c", "/a") == "/c/exercises/05_retry_quiz.json");

  PageRequest s = parse_ok("?scenario=outage&lang=zh&");
  CHECK(s.item == PageItem::Scenario);
  CHECK(visual::page_request_path(s, "/c", "/nonexistent") == "/c/scenarios/outage.json");
  CHECK(parse_ok("?lesson=%30%31_email_parts").name == "01_email_parts");
}

TEST_CASE("a broken link says what is wrong, in the language it asked for", "[visual][page]") {
  CHECK(parse_error("?lesson=../../etc/passwd&lang=en") == "not a name for lesson: '../../etc/passwd'");
  CHECK(parse_error("?lesson=a/b").find("名称无效") != std::string::npos);
  CHECK(parse_error("?lesson=x&step=0&lang=en") == "step is a number from 1, not '0'");
  CHECK(parse_error("?lesson=x&step=3x&lang=en") == "step is a number from 1, not '3x'");
  CHECK(parse_error("?lesson=x&exercise=y&lang=en") == "the address names one of lesson, exercise, scenario");
  CHECK(parse_error("?lang=fr") == "地址参数 lang 只能是 zh 或 en，不是 'fr'");
  CHECK(parse_error("?colour=red&lang=en") == "unknown address parameter 'colour'");
  CHECK(parse_error("?scenario=outage&step=2&lang=en") == "step goes with a lesson or an exercise");
  // What was understood before the error still opens.
  PageRequest r;
  std::string error;
  visual::parse_page_request("?lesson=04_receiver_down&lang=en&colour=red", &r, &error);
  CHECK(r.name == "04_receiver_down");
  CHECK(r.lang == "en");
}
