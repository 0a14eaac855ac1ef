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

// Punctuation that closes what comes before it and so may not begin a line (after UAX #14's
// CL, CP, EX, IS and the Chinese rules for line starts).
bool closing_punctuation(std::string_view unit) {
  static constexpr std::string_view kClosing[] = {".", ",", ":", ";", "!", "?", ")", "]", "}", "%",
                                                  "，", "。", "、", "；", "：", "！", "？", "）", "」",
                                                  "』", "》", "】", "”", "’", "…"};
  for (std::string_view p : kClosing)
    if (unit.substr(0, p.size()) == p) return true;
  return false;
}

// Punctuation that opens what comes after it and so may not end a line (UAX #14's OP).
bool opening_punctuation(std::string_view ch) {
  static constexpr std::string_view kOpening[] = {"（", "「", "『", "《", "【", "“", "‘"};
  for (std::string_view p : kOpening)
    if (ch == p) return true;
  return false;
}

// Bold is drawn in the highlight colour, code in light blue on a dark chip, in the
// monospace face (so l, I and 1 differ) when it has the code's characters.
void rich_text(const std::vector<lessons::Span>& spans, float width) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float lh = ImGui::GetTextLineHeightWithSpacing() + 2;
  auto font_of = [&](const lessons::Span& sp) { return sp.code ? code_font_for(sp.text) : ImGui::GetFont(); };
  const std::vector<PlacedText> placed = layout_rich_text(
      spans, width, [](std::string_view t) { return ImGui::CalcTextSize(t.data(), t.data() + t.size()).x; },
      [&](const lessons::Span& sp, std::string_view t) {
        ImFont* f = font_of(sp);
        return f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, t.data(), t.data() + t.size()).x;
      });
  int lines = 1;
  for (const PlacedText& p : placed) {
    const lessons::Span& sp = spans[p.span];
    const ImU32 col = sp.bold ? colors::kHighlight : sp.code ? IM_COL32(140, 200, 255, 255) : colors::kText;
    const ImVec2 at(origin.x + p.x, origin.y + lh * static_cast<float>(p.line));
    const float h = ImGui::GetTextLineHeight();
    if (sp.code) dl->AddRectFilled(ImVec2(at.x - 1, at.y - 1), ImVec2(at.x + p.width + 1, at.y + h + 1), IM_COL32(45, 55, 75, 255), 3);
    ImFont* font = font_of(sp);
    dl->AddText(font, font->FontSize, at, col, p.text.data(), p.text.data() + p.text.size());
    lines = std::max(lines, p.line + 1);
  }
  ImGui::Dummy(ImVec2(width, lh * static_cast<float>(lines)));
}

// Where the unit starting at s[i] ends: an ASCII word with the spaces after it, or one other
// character; opening punctuation takes the unit after it along ("（connection " moves as one).
std::size_t unit_end(const std::string& s, std::size_t i) {
  std::size_t j = i;
  if (static_cast<unsigned char>(s[i]) < 0x80) {
    while (j < s.size() && s[j] != ' ' && s[j] != '\n' && static_cast<unsigned char>(s[j]) < 0x80) ++j;
    while (j < s.size() && s[j] == ' ') ++j;
    return j == i ? i + 1 : j;
  }
  j = std::min(s.size(), i + utf8_len(static_cast<unsigned char>(s[i])));
  if (opening_punctuation(std::string_view(s.data() + i, j - i)) && j < s.size() && s[j] != '\n') return unit_end(s, j);
  return j;
}

}  // namespace

std::vector<PlacedText> layout_rich_text(const std::vector<lessons::Span>& spans, float width,
                                         const std::function<float(std::string_view)>& measure,
                                         const std::function<float(const lessons::Span&, std::string_view)>& measure_span) {
  auto width_of = [&](const lessons::Span& sp, std::string_view t) { return measure_span ? measure_span(sp, t) : measure(t); };
  std::vector<PlacedText> out;
  float x = 0;
  int line = 0;
  for (std::size_t k = 0; k < spans.size(); ++k) {
    const std::string& s = spans[k].text;
    std::size_t i = 0;
    while (i < s.size()) {
      if (s[i] == '\n') {
        x = 0;
        ++line;
        ++i;
        continue;
      }
      std::size_t j = unit_end(s, i);
      std::string_view unit(s.data() + i, j - i);
      float w = width_of(spans[k], unit);
      // Opening punctuation that ends its span moves on with the next span's first unit.
      float glue = 0;
      if (j == s.size() && k + 1 < spans.size() && !spans[k + 1].text.empty() && spans[k + 1].text[0] != '\n' &&
          opening_punctuation(unit))
        glue = width_of(spans[k + 1], std::string_view(spans[k + 1].text.data(), unit_end(spans[k + 1].text, 0)));
      if (x > 0 && x + w + glue > width && !closing_punctuation(unit)) {
        x = 0;
        ++line;
        if (unit[0] == ' ') {  // a line does not begin with the spaces that ended the last
          i = j;
          continue;
        }
      }
      std::string_view core = unit.substr(0, unit.find_last_not_of(' ') + 1);
      if (x == 0 && w > width && core.size() > 1 && width_of(spans[k], core) > width) {  // longer than a line
        j = i + utf8_len(static_cast<unsigned char>(s[i]));
        unit = std::string_view(s.data() + i, j - i);
        w = width_of(spans[k], unit);
      }
      out.push_back(PlacedText{k, unit, x, w, line});
      x += w;
      i = j;
    }
  }
  return out;
}

void emphasis_text(const std::string& text, float width) {
  std::string error;
  std::vector<lessons::Span> spans = lessons::parse_emphasis(text, &error);
  if (spans.empty() && !text.empty()) spans.push_back({text});  // the loader rejects this; draw it plain
  rich_text(spans, width);
}


}  // namespace visual
