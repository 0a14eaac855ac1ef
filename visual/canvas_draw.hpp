// Drawing primitives for the topology canvas: host icons by kind (laptop for a user agent,
// browser window, terminal for the telnet console,
// server box for a mail server, DNS box, router), dashed lines, and a labelled pill.
#pragma once
#include <imgui.h>

#include <string>

namespace visual {

// Half extents of a host icon at scale 1.
constexpr float kIconHalfW = 30, kIconHalfH = 24;

void draw_host_icon(ImDrawList* dl, ImVec2 c, const std::string& kind, float scale, bool powered, bool highlight);
// A crowded canvas's host: a user agent as a small disc, a mail server as a blue square
// with an envelope's flap; dark with a red ring when powered off.
void draw_host_dot(ImDrawList* dl, ImVec2 centre, const std::string& kind, float scale, bool powered, bool highlight);
void draw_dashed_line(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 col, float thickness, float dash = 8);
// A rounded pill centred at c; returns its rectangle (min, max) for hit testing.
struct PillRect {
  ImVec2 min, max;
};
// The rectangle draw_pill() would fill for `text` centred at c.
PillRect pill_rect(ImVec2 c, const std::string& text);
PillRect draw_pill(ImDrawList* dl, ImVec2 c, const std::string& text, ImU32 fill, float alpha, bool outlined,
                   bool crossed, bool highlight);

}  // namespace visual
