// HTML escaping for text and attribute values (HTML Living Standard §13.1.2.6: in text, '<'
// and '&' must not start markup; in double-quoted attribute values '"' and '&' must be
// escaped; escaping all five of & < > " ' covers both), and the shared page frame of the
// webmail: doctype, UTF-8 meta, a little inline CSS, the header bar with the language switch.
// Leaves out: any JavaScript; external style sheets and images.
#pragma once
#include <string>
#include <string_view>

#include "protocols/webmail/form.hpp"
#include "protocols/webmail/text.hpp"

namespace protocols::webmail {

// Escapes & < > " ' so the result is safe in text and in quoted attribute values.
// Invalid UTF-8 is replaced by U+FFFD first.
std::string html_escape(std::string_view text);

// "/inbox?folder=INBOX&lang=en": a link to `path` with `query` and the given language.
std::string page_url(std::string_view path, const Params& query, Lang lang);

struct PageFrame {
  std::string title;     // plain text, escaped here
  std::string user;      // "" on pages before sign-in: no user bar
  std::string path;      // this page, for the language switch
  Params query;          // this page's query, without lang
};

// A complete UTF-8 HTML document around `body_html` (already escaped markup).
std::string render_page(const PageFrame& frame, std::string_view body_html, Lang lang);

// "1.2 KB", "532 B", "3.4 MB" (powers of 1024).
std::string format_size(std::size_t bytes);

}  // namespace protocols::webmail
