// Lesson and exercise text in the window: **bold** and `code` (lessons/emphasis.hpp) drawn as
// emphasis and wrapped word by word (Chinese character by character).
#include "visual/rich_text.hpp"

#include <algorithm>

#include "lessons/emphasis.hpp"
#include "visual/theme.hpp"

namespace visual {

const std::string& local(const sim::Localized& t, Lang lang) {
  return lang == Lang::Zh && !t.zh.empty() ? t.zh : t.en;
}

namespace {

// Length in bytes of the UTF-8 sequence starting with `c`.
std::size_t utf8_len(unsigned char c) { return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4; }

// Draws spans wrapped to `width`: an ASCII word (with the spaces after it) or one other
// character is the unit that moves to the next line; "\n" breaks. Bold is drawn in the
// highlight colour, code in light blue on a dark chip.
void rich_text(const std::vector<lessons::Span>& spans, float width) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float lh = ImGui::GetTextLineHeightWithSpacing() + 2;
  float x = 0, y = 0;
  for (const lessons::Span& sp : spans) {
    const ImU32 col = sp.bold ? colors::kHighlight : sp.code ? IM_COL32(140, 200, 255, 255) : colors::kText;
    const std::string& s = sp.text;
    std::size_t i = 0;
    while (i < s.size()) {
      if (s[i] == '\n') {
        x = 0;
        y += lh;
        ++i;
        continue;
      }
      std::size_t j = i;
      if (static_cast<unsigned char>(s[i]) < 0x80) {
        while (j < s.size() && s[j] != ' ' && s[j] != '\n' && static_cast<unsigned char>(s[j]) < 0x80) ++j;
        while (j < s.size() && s[j] == ' ') ++j;
        if (j == i) j = i + 1;
      } else {
        j = std::min(s.size(), i + utf8_len(static_cast<unsigned char>(s[i])));
      }
      const char* b = s.data() + i;
      const char* e = s.data() + j;
      ImVec2 sz = ImGui::CalcTextSize(b, e);
      if (x > 0 && x + sz.x > width) {
        x = 0;
        y += lh;
        if (*b == ' ') {  // a line does not begin with the spaces that ended the last
          i = j;
          continue;
        }
      }
      ImVec2 at(origin.x + x, origin.y + y);
      if (sp.code) dl->AddRectFilled(ImVec2(at.x - 1, at.y - 1), ImVec2(at.x + sz.x + 1, at.y + sz.y + 1), IM_COL32(45, 55, 75, 255), 3);
      dl->AddText(at, col, b, e);
      x += sz.x;
      i = j;
    }
  }
  ImGui::Dummy(ImVec2(width, y + lh));
}

}  // namespace

void emphasis_text(const std::string& text, float width) {
  std::string error;
  std::vector<lessons::Span> spans = lessons::parse_emphasis(text, &error);
  if (spans.empty() && !text.empty()) spans.push_back({text});  // the loader rejects this; draw it plain
  rich_text(spans, width);
}


}  // namespace visual
