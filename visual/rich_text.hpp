// Lesson and exercise text in the window: the language's text of a pair, and text with the
// lessons' simple emphasis (**bold**, `code`) drawn wrapped to a width.
#pragma once
#include <imgui.h>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "lessons/emphasis.hpp"
#include "sim/scenario.hpp"
#include "visual/i18n.hpp"

namespace visual {

// The Chinese text when the language is Chinese and there is one, else the English.
const std::string& local(const sim::Localized& t, Lang lang);
// Draws `text` with its emphasis, wrapped to `width`, as one item of the current window.
void emphasis_text(const std::string& text, float width);

// Where each piece of wrapped text goes (emphasis_text draws these). An ASCII word with the
// spaces after it, or one other character, is the unit that moves to the next line; "\n"
// breaks; a word wider than the whole line breaks by character. Opening punctuation moves
// with the word after it, so "（connection refused）" never breaks inside "connection".
// Closing punctuation (".", ",", ":", ")", "，", "。", "：", "）" ...) never begins a
// line: it stays at the end of the one before, a little past the width if need be; Chinese
// opening punctuation ("（", "「", "《", "“" ...) never ends one: it moves on with what follows.
struct PlacedText {
  std::size_t span;       // index into the spans
  std::string_view text;  // a view into that span's text
  float x, width;
  int line;
};
// `measure_span`, when given, measures a piece of a span in that span's face (code in the
// monospace face); else `measure` measures all text.
std::vector<PlacedText> layout_rich_text(const std::vector<lessons::Span>& spans, float width,
                                         const std::function<float(std::string_view)>& measure,
                                         const std::function<float(const lessons::Span&, std::string_view)>& measure_span = {});

}  // namespace visual
