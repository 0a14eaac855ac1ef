// Parsing the web page's address (page_request.hpp).
#include "visual/page_request.hpp"

#include <charconv>
#include <filesystem>
#include <vector>

namespace visual {

namespace {
struct Param {
  std::string key, value;
};

int hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// application/x-www-form-urlencoded: '+' is a space, %XX a byte.
std::string decode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') out += ' ';
    else if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
      out += static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2]));
      i += 2;
    } else out += s[i];
  }
  return out;
}

std::vector<Param> split(std::string_view q) {
  if (!q.empty() && q.front() == '?') q.remove_prefix(1);
  std::vector<Param> out;
  while (!q.empty()) {
    std::size_t amp = q.find('&');
    std::string_view part = q.substr(0, amp);
    q = amp == std::string_view::npos ? std::string_view{} : q.substr(amp + 1);
    if (part.empty()) continue;
    std::size_t eq = part.find('=');
    out.push_back({decode(part.substr(0, eq)), eq == std::string_view::npos ? "" : decode(part.substr(eq + 1))});
  }
  return out;
}

// A bundled file's name: letters, digits, '_' and '-' only (no path, no "..").
bool good_name(const std::string& n) {
  if (n.empty() || n.size() > 80) return false;
  for (char c : n)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) return false;
  return true;
}

std::string say(bool zh, const std::string& zh_text, const std::string& en_text) { return zh ? zh_text : en_text; }
}  // namespace

bool parse_page_request(std::string_view query, PageRequest* out, std::string* error) {
  const std::vector<Param> params = split(query);
  for (const Param& p : params)
    if (p.key == "lang" && (p.value == "zh" || p.value == "en")) out->lang = p.value;
  const bool zh = out->lang == "zh";
  int items = 0;
  for (const Param& p : params) {
    if (p.key == "lang") {
      if (p.value != "zh" && p.value != "en") {
        *error = say(zh, "地址参数 lang 只能是 zh 或 en，不是 '" + p.value + "'", "the address's lang is zh or en, not '" + p.value + "'");
        return false;
      }
    } else if (p.key == "lesson" || p.key == "exercise" || p.key == "scenario") {
      if (++items > 1) {
        *error = say(zh, "地址只能指定 lesson、exercise、scenario 中的一个", "the address names one of lesson, exercise, scenario");
        return false;
      }
      if (!good_name(p.value)) {
        *error = say(zh, "地址参数 " + p.key + " 的名称无效：'" + p.value + "'", "not a name for " + p.key + ": '" + p.value + "'");
        return false;
      }
      out->item = p.key == "lesson" ? PageItem::Lesson : p.key == "exercise" ? PageItem::Exercise : PageItem::Scenario;
      out->name = p.value;
    } else if (p.key == "step" || p.key == "question") {
      int n = 0;
      auto [end, ec] = std::from_chars(p.value.data(), p.value.data() + p.value.size(), n);
      if (ec != std::errc{} || end != p.value.data() + p.value.size() || n < 1 || n > 1000) {
        *error = say(zh, "地址参数 " + p.key + " 应是从 1 起的数字，不是 '" + p.value + "'", p.key + " is a number from 1, not '" + p.value + "'");
        return false;
      }
      out->step = n - 1;
    } else if (p.key == "presenter") {
      out->presenter = p.value.empty() || p.value == "1";
    } else {
      *error = say(zh, "未知的地址参数 '" + p.key + "'", "unknown address parameter '" + p.key + "'");
      return false;
    }
  }
  if (out->item == PageItem::Scenario && out->step > 0) {
    *error = say(zh, "step 只用于 lesson 和 exercise", "step goes with a lesson or an exercise");
    out->step = 0;
    return false;
  }
  return true;
}

std::string page_request_path(const PageRequest& r, const std::string& content_dir, const std::string& assets_dir) {
  switch (r.item) {
    case PageItem::Lesson: return content_dir + "/" + r.name + ".json";
    case PageItem::Exercise: return content_dir + "/exercises/" + r.name + ".json";
    case PageItem::Scenario: {
      std::string p = assets_dir + "/scenarios/" + r.name + ".json";
      std::error_code ec;
      return std::filesystem::exists(p, ec) ? p : content_dir + "/scenarios/" + r.name + ".json";
    }
  }
  return {};
}

}  // namespace visual
