// Finds text on screen that overlaps other text or is cut off by the edge of its window, from
// a frame's draw data: every glyph ImGui draws is a textured quad whose UVs lie in a font's
// glyph (shapes use the atlas's white pixel or its line texture), so the quads of the draw
// lists are the text items' rectangles, whichever panel drew them and however (ImGui::Text,
// a button's label, ImDrawList::AddText). Debian's libimgui 1.86 has no test engine.
#pragma once
#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace vtest {

struct GlyphBox {
  ImVec2 min, max;  // the quad as drawn
  ImVec4 clip;      // the draw command's clip rectangle
  int list = 0;     // index of the draw list (one per window)
  std::size_t order = 0;  // place in the list, for rebuilding the text around it
  unsigned codepoint = 0;
};

struct TextProblem {
  std::string what;  // a sentence for the test's output
};

namespace detail {
inline bool same(ImVec2 a, ImVec2 b) { return std::abs(a.x - b.x) < 1e-6f && std::abs(a.y - b.y) < 1e-6f; }

// Atlas UV (top-left of a glyph) -> codepoint, over every font of the atlas.
inline std::map<std::pair<float, float>, unsigned> glyph_uvs() {
  std::map<std::pair<float, float>, unsigned> m;
  for (ImFont* f : ImGui::GetIO().Fonts->Fonts)
    for (const ImFontGlyph& g : f->Glyphs) m[{g.U0, g.V0}] = g.Codepoint;
  return m;
}

inline std::string utf8(unsigned cp) {
  std::string s;
  if (cp < 0x80) s += char(cp);
  else if (cp < 0x800) s += char(0xC0 | (cp >> 6)), s += char(0x80 | (cp & 0x3F));
  else s += char(0xE0 | (cp >> 12)), s += char(0x80 | ((cp >> 6) & 0x3F)), s += char(0x80 | (cp & 0x3F));
  return s;
}
}  // namespace detail

// Every glyph quad of the last rendered frame.
inline std::vector<GlyphBox> glyph_boxes() {
  std::vector<GlyphBox> out;
  const ImDrawData* dd = ImGui::GetDrawData();
  if (!dd) return out;
  ImFontAtlas* atlas = ImGui::GetIO().Fonts;
  const ImVec2 white = atlas->TexUvWhitePixel;
  ImVec4 lines(0, 0, 0, 0);  // the anti-aliased lines' texture region
  if (atlas->PackIdLines >= 0) {
    const ImFontAtlasCustomRect* r = atlas->GetCustomRectByIndex(atlas->PackIdLines);
    ImVec2 a, b;
    atlas->CalcCustomRectUV(r, &a, &b);
    lines = ImVec4(a.x, a.y, b.x, b.y);
  }
  const auto uvs = detail::glyph_uvs();
  for (int li = 0; li < dd->CmdListsCount; ++li) {
    const ImDrawList* dl = dd->CmdLists[li];
    std::size_t order = 0;
    for (const ImDrawCmd& cmd : dl->CmdBuffer) {
      if (cmd.UserCallback) continue;
      for (unsigned k = 0; k + 2 < cmd.ElemCount;) {
        const ImDrawIdx* idx = dl->IdxBuffer.Data + cmd.IdxOffset + k;
        const ImDrawVert& v0 = dl->VtxBuffer[cmd.VtxOffset + idx[0]];
        const bool shape = detail::same(v0.uv, white) ||
                           (v0.uv.x >= lines.x && v0.uv.x <= lines.z && v0.uv.y >= lines.y && v0.uv.y <= lines.w);
        if (shape || k + 5 >= cmd.ElemCount) {
          k += 3;
          continue;
        }
        // A glyph: ImGui writes its quad as (0 1 2)(0 2 3).
        GlyphBox g;
        g.min = ImVec2(1e9f, 1e9f);
        g.max = ImVec2(-1e9f, -1e9f);
        ImVec2 uv_min(1e9f, 1e9f);
        for (int c : {0, 1, 2, 5}) {
          const ImDrawVert& v = dl->VtxBuffer[cmd.VtxOffset + idx[c]];
          g.min = ImVec2(std::min(g.min.x, v.pos.x), std::min(g.min.y, v.pos.y));
          g.max = ImVec2(std::max(g.max.x, v.pos.x), std::max(g.max.y, v.pos.y));
          uv_min = ImVec2(std::min(uv_min.x, v.uv.x), std::min(uv_min.y, v.uv.y));
        }
        auto it = uvs.find({uv_min.x, uv_min.y});
        g.codepoint = it == uvs.end() ? '?' : it->second;
        g.clip = cmd.ClipRect;
        g.list = li;
        g.order = order++;
        out.push_back(g);
        k += 6;
      }
    }
  }
  return out;
}

// The text of the glyphs drawn just before and after `at` on its line, for messages.
inline std::string text_around(const std::vector<GlyphBox>& all, std::size_t at) {
  std::size_t a = at, b = at;
  auto near = [&](std::size_t i, std::size_t j) {
    return all[i].list == all[j].list && std::abs(all[i].max.y - all[j].max.y) < 8 &&
           std::abs(all[j].min.x - all[i].max.x) < 12;
  };
  while (a > 0 && near(a - 1, a)) --a;
  while (b + 1 < all.size() && near(b, b + 1)) ++b;
  std::string s;
  for (std::size_t i = a; i <= b; ++i) s += detail::utf8(all[i].codepoint);
  return s;
}

// Glyphs of different text items drawn over each other, and glyphs cut off by their
// window's edge (sideways unless the window scrolls sideways; at the top or bottom only in a
// window that does not scroll, where a list's rows legitimately pass under the edge).
inline std::vector<TextProblem> text_problems() {
  std::vector<TextProblem> out;
  const std::vector<GlyphBox> g = glyph_boxes();
  const ImDrawData* dd = ImGui::GetDrawData();
  auto window_of = [&](int list) -> ImGuiWindow* {
    const char* name = dd->CmdLists[list]->_OwnerName;
    return name ? ImGui::FindWindowByName(name) : nullptr;
  };
  auto name_of = [&](int list) { return std::string(dd->CmdLists[list]->_OwnerName ? dd->CmdLists[list]->_OwnerName : "?"); };
  // Visible part of each glyph (what its clip rectangle lets through).
  std::vector<ImRect> vis;
  for (const GlyphBox& b : g)
    vis.emplace_back(ImVec2(std::max(b.min.x, b.clip.x), std::max(b.min.y, b.clip.y)),
                     ImVec2(std::min(b.max.x, b.clip.z), std::min(b.max.y, b.clip.w)));
  for (std::size_t i = 0; i < g.size(); ++i) {
    const GlyphBox& b = g[i];
    if (vis[i].GetWidth() <= 0 || vis[i].GetHeight() <= 0) continue;  // wholly hidden
    bool cut_x = b.min.x < b.clip.x - 0.5f || b.max.x > b.clip.z + 0.5f;
    if (cut_x)  // a list the reader can scroll sideways (the transcript's long lines)
      if (ImGuiWindow* w = window_of(b.list); w && (w->Flags & ImGuiWindowFlags_HorizontalScrollbar) && w->ScrollMax.x > 0)
        cut_x = false;
    bool cut_y = b.min.y < b.clip.y - 0.5f || b.max.y > b.clip.w + 0.5f;
    if (cut_y)
      if (ImGuiWindow* w = window_of(b.list); w && (w->ScrollMax.y > 0 || (w->ParentWindow && w->ParentWindow->ScrollMax.y > 0)))
        cut_y = false;
    if (cut_x || cut_y)
      out.push_back({"cut off by the edge of " + name_of(b.list) + ": \"" + text_around(g, i) + "\""});
  }
  // Overlaps, by a grid of 32-pixel cells.
  std::map<std::pair<int, int>, std::vector<std::size_t>> cells;
  for (std::size_t i = 0; i < g.size(); ++i) {
    if (vis[i].GetWidth() <= 0 || vis[i].GetHeight() <= 0) continue;
    for (int cx = int(vis[i].Min.x) / 32; cx <= int(vis[i].Max.x) / 32; ++cx)
      for (int cy = int(vis[i].Min.y) / 32; cy <= int(vis[i].Max.y) / 32; ++cy) cells[{cx, cy}].push_back(i);
  }
  std::map<std::pair<std::size_t, std::size_t>, bool> seen;
  for (const auto& [cell, ids] : cells)
    for (std::size_t x = 0; x < ids.size(); ++x)
      for (std::size_t y = x + 1; y < ids.size(); ++y) {
        const std::size_t i = ids[x], j = ids[y];
        if (seen.count({i, j})) continue;
        seen[{i, j}] = true;
        ImRect r = vis[i];
        r.ClipWithFull(vis[j]);
        if (r.GetWidth() <= 2 || r.GetHeight() <= 2) continue;
        // Neighbours in one run of text may touch; text over text covers a good part of a glyph.
        const float smaller = std::min(vis[i].GetArea(), vis[j].GetArea());
        if (r.GetArea() < 0.2f * smaller) continue;
        out.push_back({"text over text in " + name_of(g[i].list) + " / " + name_of(g[j].list) + ": \"" +
                       text_around(g, i) + "\" and \"" + text_around(g, j) + "\""});
      }
  // One message per text item is enough.
  std::sort(out.begin(), out.end(), [](const TextProblem& a, const TextProblem& b) { return a.what < b.what; });
  out.erase(std::unique(out.begin(), out.end(), [](const TextProblem& a, const TextProblem& b) { return a.what == b.what; }),
            out.end());
  return out;
}

}  // namespace vtest
