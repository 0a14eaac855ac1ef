// HTML escaping and the page frame of the webmail.
#include "protocols/webmail/html.hpp"

#include <cstdint>

#include "protocols/message/charset.hpp"

namespace protocols::webmail {

std::string html_escape(std::string_view text) {
  std::string clean = message::sanitize_utf8(text);
  std::string out;
  out.reserve(clean.size() + clean.size() / 8);
  for (char c : clean) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      case '\0': out += "\xEF\xBF\xBD"; break;  // HTML §13.2.5.1: NUL in text is a parse error
      default: out += c;
    }
  }
  return out;
}

std::string page_url(std::string_view path, const Params& query, Lang lang) {
  Params q;
  for (const auto& p : query)
    if (p.first != "lang") q.push_back(p);
  q.emplace_back("lang", std::string(to_string(lang)));
  return std::string(path) + "?" + build_urlencoded(q);
}

namespace {
constexpr std::string_view kStyle =
    "body{font-family:system-ui,'Noto Sans CJK SC','Microsoft YaHei',sans-serif;margin:0;color:#222;background:#f6f7f9}"
    "header{background:#2d5b8a;color:#fff;padding:.6em 1em;display:flex;gap:1em;align-items:center}"
    "header a{color:#fff}header .app{font-weight:bold;flex:1}"
    "main{max-width:60em;margin:1em auto;background:#fff;padding:1em 1.5em;border:1px solid #dde}"
    "table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.35em .5em;border-bottom:1px solid #eee}"
    "tr.unread td{font-weight:bold}td.size,th.size{text-align:right}"
    ".notice{background:#e8f4e8;border:1px solid #9c9;padding:.5em}.error{background:#fbeaea;border:1px solid #d99;padding:.5em}"
    "pre.body{white-space:pre-wrap;font-family:inherit;border-top:1px solid #eee;padding-top:1em}"
    "dl.head{display:grid;grid-template-columns:max-content auto;gap:.2em 1em}dl.head dt{color:#666}dl.head dd{margin:0}"
    "label{display:block;margin:.5em 0 .2em}input[type=text],input[type=password],textarea{width:100%;box-sizing:border-box}"
    "nav.folders a{margin-right:1em}";
}  // namespace

std::string render_page(const PageFrame& frame, std::string_view body_html, Lang lang) {
  Lang other = lang == Lang::Zh ? Lang::En : Lang::Zh;
  std::string out;
  out += "<!DOCTYPE html>\n<html lang=\"";
  out += lang == Lang::Zh ? "zh-CN" : "en";
  out += "\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width\">\n<title>";
  out += html_escape(frame.title);
  out += " - ";
  out += tr(Msg::AppTitle, lang);
  out += "</title>\n<style>";
  out += kStyle;
  out += "</style>\n</head>\n<body>\n<header><span class=\"app\">";
  out += tr(Msg::AppTitle, lang);
  out += "</span>";
  if (!frame.user.empty()) {
    out += "<span>" + std::string(tr(Msg::SignedInAs, lang)) + ": " + html_escape(frame.user) + "</span>";
    out += "<a href=\"" + html_escape(page_url("/inbox", {{"folder", "INBOX"}}, lang)) + "\">INBOX</a>";
    out += "<a href=\"" + html_escape(page_url("/compose", {}, lang)) + "\">" + std::string(tr(Msg::Compose, lang)) + "</a>";
    out += "<a href=\"" + html_escape(page_url("/logout", {}, lang)) + "\">" + std::string(tr(Msg::Logout, lang)) + "</a>";
  }
  out += "<a href=\"" + html_escape(page_url(frame.path, frame.query, other)) + "\" hreflang=\"" +
         std::string(to_string(other)) + "\">" + (other == Lang::Zh ? "中文" : "English") + "</a>";
  out += "</header>\n<main>\n";
  out += body_html;
  out += "\n</main>\n</body>\n</html>\n";
  return out;
}

std::string format_size(std::size_t bytes) {
  if (bytes < 1024) return std::to_string(bytes) + " B";
  // Integer tenths, rounded half up, so no locale can change the decimal point.
  const char* units[] = {"KB", "MB", "GB"};
  std::uint64_t scale = 1024;
  int u = 0;
  while (u < 2 && bytes >= scale * 1024) {
    scale *= 1024;
    ++u;
  }
  std::uint64_t tenths = (static_cast<std::uint64_t>(bytes) * 10 + scale / 2) / scale;
  return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + " " + units[u];
}

}  // namespace protocols::webmail
