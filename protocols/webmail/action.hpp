// The webmail's routes: an HTTP request becomes one typed action, independent of how the
// host fetches or sends mail (IMAP and SMTP, or a local store). The host does the work
// between parse_request() and the renderers of render.hpp.
//   GET  /login[?out=1]              ShowLogin        POST /login   (user, password)  Login
//   GET  / , /inbox?folder=NAME[&done=sent|moved]  ListFolder   GET /message?folder=&uid=  ShowMessage
//   GET  /attachment?folder=&uid=&part=  GetAttachment  GET /compose[?to=&subject=]  ShowCompose
//   POST /send  (to, subject, body)  Send             POST /move (folder, uid, to)    Move
//   GET or POST /logout              Logout
// HEAD is accepted wherever GET is (RFC 9110 §9.3.2). POST bodies must be
// application/x-www-form-urlencoded (else 415); a wrong method is 405 with Allow
// (RFC 9110 §15.5.6); an unknown path is 404; a missing or malformed parameter is 400.
// `out` and `done` come from the server's own redirects (POST, redirect, GET): the page
// after a logout, a send or a move says what happened.
// Leaves out: CSRF tokens (the session cookie is SameSite=Lax instead), multipart uploads.
#pragma once
#include <cstdint>
#include <optional>
#include <string_view>
#include <string>
#include <variant>

#include "protocols/http/message.hpp"
#include "protocols/webmail/text.hpp"

namespace protocols::webmail {

struct ShowLogin {
  bool logged_out = false;  // ?out=1, where a logout redirects
};
struct Login {
  std::string user;
  std::string password;
};
struct Logout {};
struct ListFolder {
  std::string folder = "INBOX";
  std::string done;  // ?done=sent or moved, where a send or a move redirects; else empty
};
struct ShowMessage {
  std::string folder;
  std::uint32_t uid = 0;
};
struct GetAttachment {
  std::string folder;
  std::uint32_t uid = 0;
  std::string part;  // IMAP section number, "2" or "1.2"
};
struct ShowCompose {
  std::string to, subject, body;  // prefilled (a reply)
};
struct Send {
  std::string to;       // address list as typed
  std::string subject;  // UTF-8
  std::string body;     // UTF-8, line breaks as the browser sent them (CR LF)
};
struct Move {
  std::string folder;  // where the message is now
  std::uint32_t uid = 0;
  std::string to;  // destination folder
};
// The request cannot be served: the status to answer (400, 404, 405, 415) and why.
struct Invalid {
  int status = 400;
  std::string reason;
  std::string allow;  // for 405: the Allow field value
};

using Action = std::variant<ShowLogin, Login, Logout, ListFolder, ShowMessage, GetAttachment, ShowCompose, Send,
                            Move, Invalid>;

Action parse_request(const http::Request& request);

// Page language: ?lang=zh|en, else the "lang" cookie, else Accept-Language ("en..." first
// -> English), else Chinese.
Lang request_lang(const http::Request& request);

// The "session" cookie value, "" when there is none.
std::string session_cookie(const http::Request& request);

// Every action but ShowLogin, Login and Invalid needs a signed-in session.
bool requires_session(const Action& action);

// RFC 3501 §9 nz-number: 1..4294967295, decimal, no sign or leading zero.
std::optional<std::uint32_t> parse_uid(std::string_view text);

}  // namespace protocols::webmail
