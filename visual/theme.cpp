// Theme and font loading.
#include "visual/theme.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "protocols/smtp/reply_catalogue.hpp"
#include "visual/i18n.hpp"

namespace visual {

namespace {
constexpr const char* kMonoName = "mono";  // the atlas name code_font_for() looks for
constexpr float kLargeScale = 1.6f;        // presenter type over normal type
}  // namespace

ImFont* code_font_for(std::string_view text) {
  ImFont* current = ImGui::GetFont();
  ImFont* mono = nullptr;
  for (ImFont* f : ImGui::GetIO().Fonts->Fonts)
    if (f->ConfigData && std::string_view(f->ConfigData->Name) == kMonoName && f->FontSize == current->FontSize) mono = f;
  if (!mono) return current;
  for (std::size_t i = 0; i < text.size();) {  // every character must be in the monospace face
    const unsigned char c = static_cast<unsigned char>(text[i]);
    const std::size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    unsigned cp = len == 1 ? c : len == 2 ? c & 0x1F : len == 3 ? c & 0x0F : c & 0x07;
    for (std::size_t k = 1; k < len && i + k < text.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    if (cp >= 0x20 && cp <= 0xFFFF && !mono->FindGlyphNoFallback(static_cast<ImWchar>(cp))) return current;
    i += len;
  }
  return mono;
}

Fonts load_fonts(const std::string& extra_text, float base_size) {
  ImGuiIO& io = ImGui::GetIO();
  Fonts f;
  if (!std::filesystem::exists(kCjkFontPath)) {
    std::fprintf(stderr, "mailsim: %s not found; Chinese text will not display (install fonts-noto-cjk)\n",
                 kCjkFontPath);
    ImFontConfig cfg;
    cfg.SizePixels = base_size;
    f.normal = io.Fonts->AddFontDefault(&cfg);
    cfg.SizePixels = base_size * kLargeScale;
    f.large = io.Fonts->AddFontDefault(&cfg);
    return f;
  }
  ImFontGlyphRangesBuilder b;
  b.AddRanges(io.Fonts->GetGlyphRangesDefault());
  b.AddRanges(io.Fonts->GetGlyphRangesChineseSimplifiedCommon());
  for (int i = 0; i < static_cast<int>(Id::Count); ++i) b.AddText(tr(Lang::Zh, static_cast<Id>(i)));
  b.AddText("→←·…—–§");
  b.AddText(extra_text.c_str());
  // The SMTP catalogue's Chinese may use characters beyond the common set.
  for (const auto& r : protocols::smtp::reply_codes()) b.AddText(r.meaning_zh.data(), r.meaning_zh.data() + r.meaning_zh.size());
  for (const auto& e : protocols::smtp::enhanced_codes()) b.AddText(e.meaning_zh.data(), e.meaning_zh.data() + e.meaning_zh.size());
  for (const auto& c : protocols::smtp::commands()) b.AddText(c.meaning_zh.data(), c.meaning_zh.data() + c.meaning_zh.size());
  f.ranges = std::make_shared<ImVector<ImWchar>>();
  b.BuildRanges(f.ranges.get());
  ImFontConfig cfg;
  cfg.FontNo = kCjkSansIndex;
  cfg.OversampleH = 1;
  cfg.OversampleV = 1;
  f.normal = io.Fonts->AddFontFromFileTTF(kCjkFontPath, base_size, &cfg, f.ranges->Data);
  f.large = io.Fonts->AddFontFromFileTTF(kCjkFontPath, base_size * kLargeScale, &cfg, f.ranges->Data);
  ImFontGlyphRangesBuilder mb;  // the monospace face: Latin, and the few marks raw text uses
  mb.AddRanges(io.Fonts->GetGlyphRangesDefault());
  mb.AddText("…·→←");
  f.mono_ranges = std::make_shared<ImVector<ImWchar>>();
  mb.BuildRanges(f.mono_ranges.get());
  ImFontConfig mcfg = cfg;
  mcfg.FontNo = kCjkMonoIndex;
  std::snprintf(mcfg.Name, sizeof mcfg.Name, "%s", kMonoName);
  f.mono = io.Fonts->AddFontFromFileTTF(kCjkFontPath, base_size, &mcfg, f.mono_ranges->Data);
  f.mono_large = io.Fonts->AddFontFromFileTTF(kCjkFontPath, base_size * kLargeScale, &mcfg, f.mono_ranges->Data);
  f.cjk = f.normal && f.large;
  if (f.cjk) {
    ImFont* fonts[4] = {f.normal, f.large, f.mono, f.mono_large};
    for (int i = 0; i < 4; ++i) {
      if (!fonts[i]) continue;
      const float size = base_size * (i % 2 ? kLargeScale : 1.f);  // FontSize is set only by the build
      int k = std::max(1, (static_cast<int>(size) + 4) / 9);  // pixel scale of the 3x5 letters
      int w = 6 * k + k / 2 + 3, h = static_cast<int>(size);
      for (int g = 0; g < 2; ++g)
        f.control_rects[i][g] = io.Fonts->AddCustomRectFontGlyph(fonts[i], g == 0 ? 0x240D : 0x240A, w, h, float(w + 1));
    }
  }
  if (!f.cjk) {
    std::fprintf(stderr, "mailsim: could not load %s; using the default font\n", kCjkFontPath);
    f.normal = f.large = io.Fonts->AddFontDefault();
    f.mono = f.mono_large = nullptr;
  }
  return f;
}

namespace {
// 3x5 pixel letters for the control pictures: C R (carriage return) and L F (line feed).
constexpr const char* kLetters[4][5] = {
    {".##", "#..", "#..", "#..", ".##"},  // C
    {"##.", "#.#", "##.", "#.#", "#.#"},  // R
    {"#..", "#..", "#..", "#..", "###"},  // L
    {"###", "#..", "##.", "#..", "#.."},  // F
};

void paint_letter(unsigned char* px, int tex_w, int x0, int y0, int letter, int k) {
  for (int r = 0; r < 5; ++r)
    for (int c = 0; c < 3; ++c) {
      if (kLetters[letter][r][c] != '#') continue;
      for (int dy = 0; dy < k; ++dy)
        for (int dx = 0; dx < k; ++dx) {
          unsigned char* p = px + 4 * ((y0 + r * k + dy) * tex_w + (x0 + c * k + dx));
          p[0] = p[1] = p[2] = p[3] = 255;
        }
    }
}
}  // namespace

void finish_fonts(const Fonts& f) {
  ImFontAtlas* atlas = ImGui::GetIO().Fonts;
  unsigned char* px = nullptr;
  int tw = 0, th = 0;
  atlas->GetTexDataAsRGBA32(&px, &tw, &th);
  for (int i = 0; i < 4; ++i)
    for (int g = 0; g < 2; ++g) {
      if (f.control_rects[i][g] < 0) continue;
      const ImFontAtlasCustomRect* r = atlas->GetCustomRectByIndex(f.control_rects[i][g]);
      int k = std::max(1, (r->Height + 4) / 9);
      int top = r->Height / 8;
      // Like the Unicode control pictures: first letter high on the left, second lower right.
      paint_letter(px, tw, r->X + 1, r->Y + top, g * 2, k);
      paint_letter(px, tw, r->X + 2 + 3 * k + k / 2, r->Y + top + 2 * k, g * 2 + 1, k);
    }
}

void apply_style(bool presenter) {
  ImGuiStyle& s = ImGui::GetStyle();
  s = ImGuiStyle();
  ImGui::StyleColorsDark(&s);
  s.WindowRounding = 4;
  s.FrameRounding = 3;
  s.WindowPadding = ImVec2(8, 6);
  s.ItemSpacing = ImVec2(7, 5);
  if (presenter) {  // high contrast: black panels, white text, bright frames
    ImVec4* c = s.Colors;
    c[ImGuiCol_WindowBg] = ImVec4(0, 0, 0, 1);
    c[ImGuiCol_ChildBg] = ImVec4(0, 0, 0, 1);
    c[ImGuiCol_Text] = ImVec4(1, 1, 1, 1);
    c[ImGuiCol_TitleBg] = c[ImGuiCol_TitleBgActive] = ImVec4(0.1f, 0.2f, 0.45f, 1);
    c[ImGuiCol_Border] = ImVec4(0.9f, 0.9f, 0.9f, 0.8f);
    c[ImGuiCol_FrameBg] = ImVec4(0.18f, 0.18f, 0.22f, 1);
    s.WindowBorderSize = 2;
  }
}

ImU32 pill_color(PillStyle s) {
  switch (s) {
    case PillStyle::TcpControl: return IM_COL32(130, 135, 145, 255);
    case PillStyle::Smtp: return IM_COL32(70, 130, 230, 255);
    case PillStyle::Pop3: return IM_COL32(160, 90, 220, 255);
    case PillStyle::Imap: return IM_COL32(30, 170, 170, 255);
    case PillStyle::Http: return IM_COL32(230, 120, 40, 255);
    case PillStyle::Dns: return IM_COL32(200, 100, 160, 255);
    case PillStyle::Other: return IM_COL32(110, 150, 110, 255);
    case PillStyle::Reply2: return IM_COL32(40, 170, 70, 255);
    case PillStyle::Reply3: return IM_COL32(50, 110, 220, 255);
    case PillStyle::Reply4: return IM_COL32(235, 160, 20, 255);
    case PillStyle::Reply5: return IM_COL32(215, 45, 45, 255);
  }
  return IM_COL32_WHITE;
}

ImU32 marker_color(MarkerKind k) {
  switch (k) {
    case MarkerKind::Fault: return IM_COL32(230, 60, 60, 255);
    case MarkerKind::Retry: return IM_COL32(235, 170, 30, 255);
    case MarkerKind::Delivery: return IM_COL32(60, 190, 90, 255);
    case MarkerKind::Bounce: return IM_COL32(230, 60, 200, 255);
  }
  return IM_COL32_WHITE;
}

const char* marker_glyph(MarkerKind k) {
  switch (k) {
    case MarkerKind::Fault: return "x";
    case MarkerKind::Retry: return "|";
    case MarkerKind::Delivery: return "o";
    case MarkerKind::Bounce: return "!";
  }
  return "?";
}

}  // namespace visual
