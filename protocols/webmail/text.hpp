// Every user-visible string of the webmail pages, in Chinese and English, in one table so
// that no page carries a string in one language only; and the page language of a request.
// Leaves out: other languages and plural forms (counts are written as "N" plus a noun that
// needs no plural in either language).
#pragma once
#include <cstdint>
#include <string_view>

namespace protocols::webmail {

enum class Lang : std::uint8_t { Zh, En };
std::string_view to_string(Lang l);  // "zh" / "en" (also the BCP 47 tag written in <html lang>)

enum class Msg : std::uint8_t {
  AppTitle, LoginTitle, User, Password, SignIn, LoginFailed, LoggedOut, SignedInAs, Logout,
  Folders, Compose, From, To, Cc, Subject, Date, Size, NoMessages, Unread, NoSubject,
  Attachments, Download, MoveTo, Move, Send, Body, BackToFolder, MessageSent, MessageMoved,
  SendFailed, MoveFailed, ErrorTitle, BadRequest, NotFound, Unauthorized, MethodNotAllowed,
  UnsupportedMediaType, ServerError, Language, Messages, TextNotShown, HtmlAsText, Reply,
  BackToLogin, OneMessage, kCount,
};

std::string_view tr(Msg m, Lang l);

}  // namespace protocols::webmail
