// What the web page's address asks for: `?lesson=04_receiver_down&step=3&lang=zh`, so a
// teacher links a lesson's step (an exercise's question, a scenario) from the slides.
// Names are file names without ".json" from the bundled course and scenarios; nothing else
// is reachable through the address. Pure parsing: tested natively, used by web/main.cpp.
#pragma once
#include <string>
#include <string_view>

namespace visual {

enum class PageItem { Lesson, Exercise, Scenario };

struct PageRequest {
  PageItem item = PageItem::Lesson;
  std::string name = "01_email_parts";  // the default lesson, as the bare `mailsim` opens
  int step = 0;                         // 0-based: a lesson's step or an exercise's question
  std::string lang = "zh";
  bool presenter = false;
};

// Parses a query string (with or without its leading '?'): lesson, exercise or scenario
// (one of them), step or question (from 1), lang (zh or en), presenter (1). False with a
// message in the language asked for (else Chinese) in `error`; `out` then holds what was
// understood, so the page still opens something.
bool parse_page_request(std::string_view query, PageRequest* out, std::string* error);

// The bundled file a request names: lessons under `content_dir`, exercises under its
// exercises/, scenarios under `assets_dir`/scenarios (else the course's scenarios/).
std::string page_request_path(const PageRequest& r, const std::string& content_dir, const std::string& assets_dir);

}  // namespace visual
