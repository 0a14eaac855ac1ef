// Host icons (laptop, browser, terminal, mail/web/DNS server, router), dashed lines and
// pills, drawn with ImDrawList.
#include "visual/canvas_draw.hpp"

#include <algorithm>
#include <cmath>

#include "visual/theme.hpp"

namespace visual {

namespace {
ImU32 with_alpha(ImU32 c, float a) {
  unsigned alpha = static_cast<unsigned>(((c >> IM_COL32_A_SHIFT) & 0xFF) * a);
  return (c & ~IM_COL32_A_MASK) | (alpha << IM_COL32_A_SHIFT);
}

void laptop(ImDrawList* dl, ImVec2 c, float s, ImU32 fill, ImU32 edge) {
  ImVec2 a(c.x - 22 * s, c.y - 18 * s), b(c.x + 22 * s, c.y + 8 * s);
  dl->AddRectFilled(a, b, fill, 3 * s);
  dl->AddRect(a, b, edge, 3 * s, 0, 2 * s);
  dl->AddRectFilled(ImVec2(a.x + 4 * s, a.y + 4 * s), ImVec2(b.x - 4 * s, b.y - 4 * s), IM_COL32(70, 110, 170, 255));
  dl->AddQuadFilled(ImVec2(c.x - 28 * s, c.y + 16 * s), ImVec2(c.x + 28 * s, c.y + 16 * s),
                    ImVec2(c.x + 23 * s, c.y + 9 * s), ImVec2(c.x - 23 * s, c.y + 9 * s), edge);
}

void server(ImDrawList* dl, ImVec2 c, float s, ImU32 fill, ImU32 edge, bool envelope) {
  ImVec2 a(c.x - 20 * s, c.y - 24 * s), b(c.x + 20 * s, c.y + 24 * s);
  dl->AddRectFilled(a, b, fill, 3 * s);
  dl->AddRect(a, b, edge, 3 * s, 0, 2 * s);
  for (int i = 1; i < 3; ++i) {
    float y = a.y + i * 16 * s;
    dl->AddLine(ImVec2(a.x, y), ImVec2(b.x, y), edge, 1.5f * s);
  }
  for (int i = 0; i < 3; ++i)
    dl->AddCircleFilled(ImVec2(b.x - 7 * s, a.y + (8 + 16 * i) * s), 2.5f * s, IM_COL32(60, 200, 90, 255));
  if (envelope) {  // a small envelope on the front: this server keeps mail
    ImVec2 e0(a.x + 5 * s, a.y + 4 * s), e1(a.x + 22 * s, a.y + 13 * s);
    dl->AddRectFilled(e0, e1, IM_COL32(255, 255, 255, 255));
    dl->AddRect(e0, e1, edge);
    dl->AddLine(e0, ImVec2((e0.x + e1.x) / 2, (e0.y + e1.y) / 2 + 1), edge);
    dl->AddLine(ImVec2(e1.x, e0.y), ImVec2((e0.x + e1.x) / 2, (e0.y + e1.y) / 2 + 1), edge);
  }
}

void router(ImDrawList* dl, ImVec2 c, float s, ImU32 fill, ImU32 edge) {
  dl->AddCircleFilled(c, 20 * s, fill);
  dl->AddCircle(c, 20 * s, edge, 0, 2 * s);
  for (int i = 0; i < 4; ++i) {  // four arrows: packets forwarded in every direction
    float ang = float(i) * 1.5708f + 0.785f;
    ImVec2 d(std::cos(ang), std::sin(ang));
    ImVec2 p0(c.x + d.x * 5 * s, c.y + d.y * 5 * s), p1(c.x + d.x * 15 * s, c.y + d.y * 15 * s);
    dl->AddLine(p0, p1, edge, 2 * s);
    ImVec2 n(-d.y, d.x);
    dl->AddTriangleFilled(p1, ImVec2(p1.x - d.x * 5 * s + n.x * 4 * s, p1.y - d.y * 5 * s + n.y * 4 * s),
                          ImVec2(p1.x - d.x * 5 * s - n.x * 4 * s, p1.y - d.y * 5 * s - n.y * 4 * s), edge);
  }
}

void dns_box(ImDrawList* dl, ImVec2 c, float s, ImU32 fill, ImU32 edge) {
  ImVec2 a(c.x - 24 * s, c.y - 18 * s), b(c.x + 24 * s, c.y + 18 * s);
  dl->AddRectFilled(a, b, fill, 8 * s);
  dl->AddRect(a, b, edge, 8 * s, 0, 2 * s);
  const char* t = "DNS";
  ImVec2 ts = ImGui::CalcTextSize(t);
  dl->AddText(ImVec2(c.x - ts.x / 2, c.y - ts.y / 2), edge, t);
}

// A browser window: a title bar with three dots, an address bar, a page.
void browser(ImDrawList* dl, ImVec2 c, float s, ImU32 fill, ImU32 edge) {
  ImVec2 a(c.x - 26 * s, c.y - 20 * s), b(c.x + 26 * s, c.y + 20 * s);
  dl->AddRectFilled(a, b, fill, 4 * s);
  dl->AddRectFilled(a, ImVec2(b.x, a.y + 9 * s), IM_COL32(70, 110, 170, 255), 4 * s, ImDrawFlags_RoundCornersTop);
  for (int i = 0; i < 3; ++i) dl->AddCircleFilled(ImVec2(a.x + (6 + 6 * i) * s, a.y + 4.5f * s), 2 * s, fill);
  dl->AddRect(ImVec2(a.x + 5 * s, a.y + 12 * s), ImVec2(b.x - 5 * s, a.y + 19 * s), edge, 2 * s, 0, 1.2f * s);
  for (int i = 0; i < 3; ++i)  // lines of a page
    dl->AddLine(ImVec2(a.x + 6 * s, a.y + (25 + 5 * i) * s), ImVec2(b.x - (10 + 8 * i) * s, a.y + (25 + 5 * i) * s),
                edge, 1.5f * s);
  dl->AddRect(a, b, edge, 4 * s, 0, 2 * s);
}

// A terminal: a dark screen with a prompt and a cursor (the telnet console's host).
void terminal(ImDrawList* dl, ImVec2 c, float s, ImU32 fill, ImU32 edge) {
  ImVec2 a(c.x - 26 * s, c.y - 20 * s), b(c.x + 26 * s, c.y + 20 * s);
  dl->AddRectFilled(a, b, IM_COL32(20, 24, 30, 255), 4 * s);
  dl->AddRect(a, b, fill, 4 * s, 0, 2.5f * s);
  const ImU32 green = IM_COL32(90, 230, 120, 255);
  ImVec2 p(a.x + 8 * s, a.y + 10 * s);
  dl->AddLine(p, ImVec2(p.x + 7 * s, p.y + 6 * s), green, 2.5f * s);  // ">"
  dl->AddLine(ImVec2(p.x + 7 * s, p.y + 6 * s), ImVec2(p.x, p.y + 12 * s), green, 2.5f * s);
  dl->AddLine(ImVec2(p.x + 11 * s, p.y + 13 * s), ImVec2(p.x + 22 * s, p.y + 13 * s), green, 2.5f * s);  // "_"
  (void)edge;
}

// A web server with a globe: the webmail server (HTTP in front of a mail server).
void web_server(ImDrawList* dl, ImVec2 c, float s, ImU32 fill, ImU32 edge) {
  server(dl, c, s, fill, edge, false);
  const ImVec2 g(c.x - 6 * s, c.y - 13 * s);
  dl->AddCircleFilled(g, 7 * s, IM_COL32(230, 120, 40, 255));
  dl->AddCircle(g, 7 * s, edge, 0, 1.2f * s);
  dl->AddLine(ImVec2(g.x - 7 * s, g.y), ImVec2(g.x + 7 * s, g.y), edge, 1.2f * s);
  dl->AddLine(ImVec2(g.x, g.y - 7 * s), ImVec2(g.x, g.y + 7 * s), edge, 1.2f * s);
}
}  // namespace

void draw_host_dot(ImDrawList* dl, ImVec2 c, const std::string& kind, float s, bool powered, bool highlight) {
  if (highlight) dl->AddCircleFilled(c, 16 * s, IM_COL32(255, 210, 0, 60), 8);
  const ImU32 fill = !powered ? colors::kHostOff : kind == "mail-server" ? IM_COL32(90, 150, 235, 255) : colors::kHostFill;
  if (kind == "mail-server") {  // a square with an envelope's flap
    const float r = 11 * s;
    dl->AddRectFilled(ImVec2(c.x - r, c.y - r), ImVec2(c.x + r, c.y + r), fill);
    dl->AddLine(ImVec2(c.x - r, c.y - r), ImVec2(c.x, c.y), colors::kHostEdge, 1.5f);
    dl->AddLine(ImVec2(c.x + r, c.y - r), ImVec2(c.x, c.y), colors::kHostEdge, 1.5f);
  } else {
    dl->AddCircleFilled(c, 9 * s, fill, 8);
  }
  if (!powered) dl->AddCircle(c, 13 * s, colors::kLinkDown, 8, 2.5f);
}

void draw_host_icon(ImDrawList* dl, ImVec2 c, const std::string& kind, float s, bool powered, bool highlight) {
  ImU32 fill = powered ? colors::kHostFill : colors::kHostOff;
  ImU32 edge = colors::kHostEdge;
  if (highlight) dl->AddCircleFilled(c, 38 * s, IM_COL32(255, 210, 0, 60));
  if (kind == "user-agent" || kind == "echo-client") laptop(dl, c, s, fill, edge);
  else if (kind == "mail-server") server(dl, c, s, fill, edge, true);
  else if (kind == "dns-server") dns_box(dl, c, s, fill, edge);
  else if (kind == "router") router(dl, c, s, fill, edge);
  else if (kind == "browser") browser(dl, c, s, fill, edge);
  else if (kind == "external") terminal(dl, c, s, fill, edge);
  else if (kind == "webmail-server") web_server(dl, c, s, fill, edge);
  else server(dl, c, s, fill, edge, false);
  if (!powered) {  // a red power symbol: this host is off
    dl->AddCircle(ImVec2(c.x + 22 * s, c.y - 22 * s), 8 * s, colors::kLinkDown, 0, 2.5f * s);
    dl->AddLine(ImVec2(c.x + 22 * s, c.y - 32 * s), ImVec2(c.x + 22 * s, c.y - 22 * s), colors::kLinkDown, 2.5f * s);
  }
}

void draw_dashed_line(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 col, float thickness, float dash) {
  float dx = b.x - a.x, dy = b.y - a.y;
  float len = std::sqrt(dx * dx + dy * dy);
  if (len < 1) return;
  for (float d = 0; d < len; d += 2 * dash) {
    float e = std::min(len, d + dash);
    dl->AddLine(ImVec2(a.x + dx * d / len, a.y + dy * d / len), ImVec2(a.x + dx * e / len, a.y + dy * e / len), col,
                thickness);
  }
}

namespace {
constexpr float kPillPadX = 7, kPillPadY = 2;
}

PillRect pill_rect(ImVec2 c, const std::string& text) {
  ImVec2 ts = ImGui::CalcTextSize(text.c_str());
  return {ImVec2(c.x - ts.x / 2 - kPillPadX, c.y - ts.y / 2 - kPillPadY),
          ImVec2(c.x + ts.x / 2 + kPillPadX, c.y + ts.y / 2 + kPillPadY)};
}

PillRect draw_pill(ImDrawList* dl, ImVec2 c, const std::string& text, ImU32 fill, float alpha, bool outlined,
                   bool crossed, bool highlight) {
  const ImVec2 pad(kPillPadX, kPillPadY);
  PillRect rect = pill_rect(c, text);
  ImVec2 a = rect.min, b = rect.max;
  float r = (b.y - a.y) / 2;
  dl->AddRectFilled(a, b, with_alpha(fill, alpha), r);
  if (outlined)  // a retransmitted copy: drawn with a bright ring
    dl->AddRect(ImVec2(a.x - 2, a.y - 2), ImVec2(b.x + 2, b.y + 2), with_alpha(IM_COL32(255, 255, 255, 255), alpha), r + 2,
                0, 2);
  if (highlight) dl->AddRect(ImVec2(a.x - 4, a.y - 4), ImVec2(b.x + 4, b.y + 4), colors::kHighlight, r + 4, 0, 2.5f);
  dl->AddText(ImVec2(a.x + pad.x, a.y + pad.y), with_alpha(IM_COL32(255, 255, 255, 255), alpha), text.c_str());
  if (crossed) {  // an X just before the pill, so its text stays readable while it fades
    ImU32 x = with_alpha(IM_COL32(255, 40, 40, 255), std::max(alpha, 0.4f));
    ImVec2 m(a.x - 12, c.y);
    dl->AddLine(ImVec2(m.x - 8, m.y - 8), ImVec2(m.x + 8, m.y + 8), x, 4);
    dl->AddLine(ImVec2(m.x - 8, m.y + 8), ImVec2(m.x + 8, m.y - 8), x, 4);
  }
  return {a, b};
}

}  // namespace visual
