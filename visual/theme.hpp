// Colours, style and fonts. Pills are coloured by protocol and replies by code class; the
// presenter theme raises contrast and type size for a projector. Fonts: Noto Sans CJK SC with
// every glyph the string table, the SMTP catalogue and the scenario use, Noto Sans Mono CJK
// SC for code and raw bytes, or ImGui's default font (with a warning on stderr) when the CJK
// font is absent.
#pragma once
#include <imgui.h>

#include <memory>
#include <string>
#include <string_view>

#include "visual/flights.hpp"
#include "visual/timeline.hpp"

namespace visual {

constexpr const char* kCjkFontPath = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";

constexpr int kCjkSansIndex = 2;  // Noto Sans CJK SC in the collection
constexpr int kCjkMonoIndex = 7;  // Noto Sans Mono CJK SC: l, I and 1 differ, columns line up

struct Fonts {
  ImFont* normal = nullptr;
  ImFont* large = nullptr;  // presenter mode
  // Code chips, raw bytes, hex and base64: Noto Sans Mono CJK at the same two sizes, with
  // the Latin glyphs only (text with Chinese in it stays in the sans face).
  ImFont* mono = nullptr;
  ImFont* mono_large = nullptr;
  bool cjk = false;
  // Glyph ranges the atlas points into; kept alive as long as the fonts are.
  std::shared_ptr<ImVector<ImWchar>> ranges, mono_ranges;
  // Custom atlas rectangles for ␍ and ␊ (no installed font has the Control Pictures block),
  // one pair per font (normal, large, mono, mono large), painted by finish_fonts().
  int control_rects[4][2] = {{-1, -1}, {-1, -1}, {-1, -1}, {-1, -1}};
};

// The monospace face of the current font's size for `text`, or the current font when the
// text has characters the monospace face does not carry (Chinese) or there is none. Found
// in the atlas by its name, so callers need no Fonts at hand.
ImFont* code_font_for(std::string_view text);
// Pushes code_font_for(text) for the lifetime of the object.
struct CodeFont {
  explicit CodeFont(std::string_view text) { ImGui::PushFont(code_font_for(text)); }
  ~CodeFont() { ImGui::PopFont(); }
  CodeFont(const CodeFont&) = delete;
  CodeFont& operator=(const CodeFont&) = delete;
};

// Adds the fonts to the current context's atlas (before it is built). `extra_text` lists
// further characters to include (scenario titles and descriptions).
Fonts load_fonts(const std::string& extra_text, float base_size = 17.f);

// Builds the atlas and paints the ␍ ␊ glyphs into it; call once after load_fonts() and
// before the renderer uploads the texture.
void finish_fonts(const Fonts& f);

void apply_style(bool presenter);

ImU32 pill_color(PillStyle s);
ImU32 marker_color(MarkerKind k);
const char* marker_glyph(MarkerKind k);

namespace colors {
constexpr ImU32 kLinkUp = IM_COL32(150, 160, 175, 255);
constexpr ImU32 kLinkDown = IM_COL32(220, 50, 50, 255);
constexpr ImU32 kLinkLossy = IM_COL32(235, 160, 40, 255);
constexpr ImU32 kHostFill = IM_COL32(235, 240, 248, 255);
constexpr ImU32 kHostOff = IM_COL32(90, 90, 95, 255);
constexpr ImU32 kHostEdge = IM_COL32(40, 60, 90, 255);
constexpr ImU32 kHighlight = IM_COL32(255, 210, 0, 255);
constexpr ImU32 kCanvasBg = IM_COL32(24, 28, 36, 255);
constexpr ImU32 kText = IM_COL32(235, 235, 235, 255);
constexpr ImU32 kTextDim = IM_COL32(160, 165, 175, 255);
constexpr ImU32 kPhase = IM_COL32(120, 140, 200, 90);
}  // namespace colors

}  // namespace visual
