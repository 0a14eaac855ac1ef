// Lesson and exercise text in the window: the language's text of a pair, and text with the
// lessons' simple emphasis (**bold**, `code`) drawn wrapped to a width.
#pragma once
#include <imgui.h>

#include <string>

#include "sim/scenario.hpp"
#include "visual/i18n.hpp"

namespace visual {

// The Chinese text when the language is Chinese and there is one, else the English.
const std::string& local(const sim::Localized& t, Lang lang);
// Draws `text` with its emphasis, wrapped to `width`, as one item of the current window.
void emphasis_text(const std::string& text, float width);

}  // namespace visual
