// The webmail pages as complete UTF-8 HTML documents: sign-in, folder listing, one
// message, compose, and errors. Every string from a message, a user or a folder name is
// HTML-escaped; every link is built with percent-encoded query values; forms post
// application/x-www-form-urlencoded in UTF-8 (accept-charset). Plain HTML with a little
// inline CSS and no JavaScript; each page has a Chinese/English switch (?lang=zh|en).
// Leaves out: paging of long folders, sorting, search.
#pragma once
#include <string>

#include "protocols/webmail/text.hpp"
#include "protocols/webmail/views.hpp"

namespace protocols::webmail {

struct LoginView {
  std::string user;  // prefilled after a failed attempt
  Notice notice = Notice::None;  // LoginFailed or LoggedOut
};

struct ComposeView {
  std::string user;
  std::string to, subject, body;  // prefilled (a reply, or a failed send kept)
  std::string error;              // why the last send failed, shown as text; "" for none
};

struct ErrorView {
  int status = 500;
  std::string detail;  // shown as text under the standard sentence
  std::string user;    // "" when not signed in: a link back to sign-in is shown
};

std::string render_login(const LoginView& view, Lang lang);
std::string render_inbox(const InboxView& view, Lang lang);
std::string render_message(const MessageView& view, Lang lang);
std::string render_compose(const ComposeView& view, Lang lang);
std::string render_error(const ErrorView& view, Lang lang);

}  // namespace protocols::webmail
