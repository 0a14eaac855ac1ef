// One language on screen and one word per concept: every string of the window's catalogue
// in Chinese has no English words but protocol terms, and in English no Chinese; pills say
// "message (702 bytes)" in the reader's language; and neither the course nor the catalogue
// uses a word docs/glossary.md lists as "do not use".
#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "visual/flights.hpp"
#include "visual/i18n.hpp"

using namespace visual;

namespace {

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Words of two or more ASCII letters.
std::vector<std::string> english_words(const std::string& s) {
  std::vector<std::string> out;
  std::string w;
  for (char c : s + " ") {
    if (std::isalpha(static_cast<unsigned char>(c))) w += c;
    else {
      if (w.size() >= 2) out.push_back(w);
      w.clear();
    }
  }
  return out;
}

bool has_chinese(const std::string& s) {
  for (std::size_t i = 0; i + 2 < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0xE0 || c >= 0xF0) continue;
    const unsigned cp = ((c & 0x0F) << 12) | ((s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3F);
    if ((cp >= 0x3000 && cp <= 0x9FFF) || (cp >= 0xFF00 && cp <= 0xFFEF)) return true;
  }
  return false;
}

// Protocol text and names that stay as they are in Chinese: protocols, commands, IMAP
// flags, key names, the program's name; HTTP's method, header name and reason phrase
// ("303 See Other", "Location", "GET"), the IP layer.
const std::set<std::string> kProtocolWords = {
    "MailSim", "SMTP", "ESMTP", "TCP", "DNS", "IMAP", "POP", "HTTP", "MIME", "RFC", "UID", "HELO", "EHLO",
    "MAIL", "RCPT", "DATA", "QUIT", "me", "Telnet", "Seen", "Answered", "Flagged", "Deleted", "Draft",
    "xx", "Page", "Down", "Up", "Home", "End", "Shift", "Esc", "SMTPUTF", "BITMIME", "Ok",
    "GET", "Location", "See", "Other", "IP", "MTU", "Ctrl", "Del"};

struct GlossaryRow {
  std::string concept_;
  std::vector<std::string> avoid_zh, avoid_en;
};

std::vector<std::string> split_variants(const std::string& cell) {
  std::vector<std::string> out;
  std::string v;
  std::istringstream in(cell);
  while (std::getline(in, v, '/')) {
    v.erase(0, v.find_first_not_of(' '));
    v.erase(v.find_last_not_of(' ') + 1);
    if (!v.empty()) out.push_back(v);
  }
  return out;
}

std::vector<GlossaryRow> glossary() {
  std::vector<GlossaryRow> rows;
  std::istringstream in(read(std::string(MAILSIM_SOURCE_DIR) + "/docs/glossary.md"));
  std::string line;
  while (std::getline(in, line)) {
    if (!line.starts_with("| ") || line.starts_with("| English") || line.starts_with("|--")) continue;
    std::vector<std::string> cells;
    std::string c;
    std::istringstream l(line.substr(1));
    while (std::getline(l, c, '|')) cells.push_back(c);
    if (cells.size() < 4) continue;
    rows.push_back({cells[0], split_variants(cells[2]), split_variants(cells[3])});
  }
  return rows;
}

std::vector<std::string> course_files() {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::recursive_directory_iterator(std::string(MAILSIM_SOURCE_DIR) + "/lessons/content"))
    if (e.path().extension() == ".json") out.push_back(e.path().string());
  return out;
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

TEST_CASE("with Chinese on screen the catalogue has no English but protocol text, with English no Chinese",
          "[visual][i18n][glossary]") {
  for (int i = 0; i < static_cast<int>(Id::Count); ++i) {
    const std::string zh = tr(Lang::Zh, static_cast<Id>(i)), en = tr(Lang::En, static_cast<Id>(i));
    CAPTURE(i, zh, en);
    for (const std::string& w : english_words(zh)) {
      CAPTURE(w);
      CHECK(kProtocolWords.count(w) == 1);
    }
    CHECK_FALSE(has_chinese(en));
  }
  // The test itself can fail: an English word in a Chinese string is found.
  CHECK(english_words("回复 421（service not available）").size() == 3);
}

TEST_CASE("pills speak the reader's language round the protocol text", "[visual][i18n]") {
  CHECK(pill_label("message (702 bytes)", Lang::Zh) == "邮件内容（702 字节）");
  CHECK(pill_label("message (702 bytes)", Lang::En) == "message (702 bytes)");
  CHECK(pill_label("text/html (1432 bytes)", Lang::Zh) == "text/html（1432 字节）");
  CHECK(pill_label("literal (12 bytes)", Lang::Zh) == "字面量（12 字节）");
  CHECK(pill_label("answer 10 mail.b.example", Lang::Zh) == "应答 10 mail.b.example");
  CHECK(pill_label("query MX b.example", Lang::Zh) == "查询 MX b.example");
  CHECK(pill_label("answer 10 mail.b.example", Lang::En) == "answer 10 mail.b.example");
  // Protocol text is left as it is.
  CHECK(pill_label("250 2.0.0 Ok (5 bytes)", Lang::Zh) == "250 2.0.0 Ok (5 bytes)");
  CHECK(pill_label("MAIL FROM:<alice@a.example>", Lang::Zh) == "MAIL FROM:<alice@a.example>");
  for (const char* label : {"message (702 bytes)", "literal (3 bytes)", "answer 10 mail.b.example", "query MX b.example"})
    for (const std::string& w : english_words(pill_label(label, Lang::Zh))) {
      CAPTURE(label, w);
      CHECK((w == "MX" || w == "mail" || w == "example"));
    }
}

TEST_CASE("the course and the window use the glossary's terms, none of its 'do not use' words",
          "[visual][i18n][glossary]") {
  const std::vector<GlossaryRow> rows = glossary();
  REQUIRE(rows.size() >= 10);
  std::size_t avoided = 0;
  for (const auto& r : rows) avoided += r.avoid_zh.size() + r.avoid_en.size();
  REQUIRE(avoided >= 8);
  std::vector<std::pair<std::string, std::string>> texts;  // where, text
  for (const std::string& f : course_files()) texts.emplace_back(f, read(f));
  for (int i = 0; i < static_cast<int>(Id::Count); ++i) {
    texts.emplace_back("i18n zh " + std::to_string(i), tr(Lang::Zh, static_cast<Id>(i)));
    texts.emplace_back("i18n en " + std::to_string(i), tr(Lang::En, static_cast<Id>(i)));
  }
  for (const auto& [where, text] : texts)
    for (const auto& r : rows) {
      for (const std::string& w : r.avoid_zh) {
        CAPTURE(where, r.concept_, w);
        CHECK(text.find(w) == std::string::npos);
      }
      for (const std::string& w : r.avoid_en) {
        CAPTURE(where, r.concept_, w);
        CHECK(lower(text).find(lower(w)) == std::string::npos);
      }
    }
  // The fault menu and the narration name the same action.
  CHECK(std::string(tr(Lang::Zh, Id::PowerOn)) == "通电");
  CHECK(std::string(tr(Lang::Zh, Id::PowerOff)) == "断电");
}
