// The webmail pages (HTML Living Standard; forms per §4.10, escaping per html.hpp).
#include "protocols/webmail/render.hpp"

#include <algorithm>

#include "protocols/webmail/html.hpp"

namespace protocols::webmail {

namespace {

std::string t(Msg m, Lang l) { return std::string(tr(m, l)); }

std::string notice_html(Notice n, const std::string& detail, Lang l) {
  Msg m;
  bool ok = true;
  switch (n) {
    case Notice::None: return "";
    case Notice::MessageSent: m = Msg::MessageSent; break;
    case Notice::MessageMoved: m = Msg::MessageMoved; break;
    case Notice::LoggedOut: m = Msg::LoggedOut; break;
    case Notice::SendFailed: m = Msg::SendFailed, ok = false; break;
    case Notice::MoveFailed: m = Msg::MoveFailed, ok = false; break;
    case Notice::LoginFailed: m = Msg::LoginFailed, ok = false; break;
    default: return "";
  }
  std::string out = std::string("<p class=\"") + (ok ? "notice" : "error") + "\" role=\"status\">" + t(m, l);
  if (!detail.empty()) out += " " + html_escape(detail);
  return out + "</p>\n";
}

// A hidden form field; values are attribute-escaped.
std::string hidden(std::string_view name, std::string_view value) {
  return "<input type=\"hidden\" name=\"" + html_escape(name) + "\" value=\"" + html_escape(value) + "\">";
}

std::string lang_field(Lang l) { return hidden("lang", to_string(l)); }

std::string folder_nav(const std::vector<std::string>& folders, const std::string& current, Lang l) {
  if (folders.empty()) return "";
  std::string out = "<nav class=\"folders\">" + t(Msg::Folders, l) + ": ";
  for (const auto& f : folders) {
    if (f == current) out += "<strong>" + html_escape(f) + "</strong> ";
    else out += "<a href=\"" + html_escape(page_url("/inbox", {{"folder", f}}, l)) + "\">" + html_escape(f) + "</a> ";
  }
  return out + "</nav>\n";
}

}  // namespace

std::string render_login(const LoginView& v, Lang l) {
  std::string body = "<h1>" + t(Msg::LoginTitle, l) + "</h1>\n" + notice_html(v.notice, "", l);
  body += "<form method=\"post\" action=\"/login\" accept-charset=\"UTF-8\">\n" + lang_field(l) + "\n";
  body += "<label for=\"user\">" + t(Msg::User, l) + "</label><input type=\"text\" id=\"user\" name=\"user\" value=\"" +
          html_escape(v.user) + "\" autocomplete=\"username\" required>\n";
  body += "<label for=\"password\">" + t(Msg::Password, l) +
          "</label><input type=\"password\" id=\"password\" name=\"password\" autocomplete=\"current-password\">\n";
  body += "<p><button type=\"submit\">" + t(Msg::SignIn, l) + "</button></p>\n</form>";
  return render_page(PageFrame{t(Msg::LoginTitle, l), "", "/login", {}}, body, l);
}

std::string render_inbox(const InboxView& v, Lang l) {
  std::string body = "<h1>" + html_escape(v.folder) + "</h1>\n";
  body += notice_html(v.notice, v.notice_detail, l);
  body += folder_nav(v.folders, v.folder, l);
  body += "<p>" + std::to_string(v.rows.size()) + " " + t(v.rows.size() == 1 ? Msg::OneMessage : Msg::Messages, l) + "</p>\n";
  if (v.rows.empty()) {
    body += "<p>" + t(Msg::NoMessages, l) + "</p>";
  } else {
    body += "<table>\n<thead><tr><th>" + t(Msg::From, l) + "</th><th>" + t(Msg::Subject, l) + "</th><th>" +
            t(Msg::Date, l) + "</th><th class=\"size\">" + t(Msg::Size, l) + "</th></tr></thead>\n<tbody>\n";
    for (const auto& r : v.rows) {
      std::string url = page_url("/message", {{"folder", v.folder}, {"uid", std::to_string(r.uid)}}, l);
      std::string subject = r.subject.empty() ? t(Msg::NoSubject, l) : html_escape(r.subject);
      body += std::string("<tr") + (r.seen ? "" : " class=\"unread\"") + "><td>" + html_escape(r.from) + "</td><td>";
      if (!r.seen) body += "<span title=\"" + t(Msg::Unread, l) + "\">&#9679;</span> ";
      body += "<a href=\"" + html_escape(url) + "\">" + subject + "</a>";
      if (r.has_attachments) body += " <span title=\"" + t(Msg::Attachments, l) + "\">&#128206;</span>";
      body += "</td><td>" + html_escape(r.date) + "</td><td class=\"size\">" + format_size(r.size) + "</td></tr>\n";
    }
    body += "</tbody>\n</table>";
  }
  return render_page(PageFrame{v.folder, v.user, "/inbox", {{"folder", v.folder}}}, body, l);
}

std::string render_message(const MessageView& v, Lang l) {
  std::string subject = v.subject.empty() ? t(Msg::NoSubject, l) : html_escape(v.subject);
  std::string body = "<h1>" + subject + "</h1>\n<dl class=\"head\">\n";
  auto field = [&](Msg name, const std::string& value) {
    if (!value.empty()) body += "<dt>" + t(name, l) + "</dt><dd>" + html_escape(value) + "</dd>\n";
  };
  field(Msg::From, v.from);
  field(Msg::To, v.to);
  field(Msg::Cc, v.cc);
  field(Msg::Date, v.date);
  body += "</dl>\n<p><a href=\"" + html_escape(page_url("/inbox", {{"folder", v.folder}}, l)) + "\">" +
          t(Msg::BackToFolder, l) + "</a>";
  if (!v.reply_to_address.empty()) {
    std::string re = v.subject.rfind("Re:", 0) == 0 ? v.subject : "Re: " + v.subject;
    body += " | <a href=\"" + html_escape(page_url("/compose", {{"to", v.reply_to_address}, {"subject", re}}, l)) +
            "\">" + t(Msg::Reply, l) + "</a>";
  }
  body += "</p>\n";
  if (v.text_from_html) body += "<p><em>" + t(Msg::HtmlAsText, l) + "</em></p>\n";
  if (v.text.empty() && !v.text_from_html) body += "<p><em>" + t(Msg::TextNotShown, l) + "</em></p>\n";
  else body += "<pre class=\"body\">" + html_escape(v.text) + "</pre>\n";
  if (!v.attachments.empty()) {
    body += "<h2>" + t(Msg::Attachments, l) + "</h2>\n<ul>\n";
    for (const auto& a : v.attachments) {
      std::string url = page_url("/attachment", {{"folder", v.folder}, {"uid", std::to_string(v.uid)}, {"part", a.part}}, l);
      body += "<li>" + html_escape(a.filename) + " (" + html_escape(a.media_type) + ", " + format_size(a.size) +
              ") <a href=\"" + html_escape(url) + "\" download>" + t(Msg::Download, l) + "</a></li>\n";
    }
    body += "</ul>\n";
  }
  // The Move control only when there is another folder to move to.
  if (std::any_of(v.folders.begin(), v.folders.end(), [&](const std::string& f) { return f != v.folder; })) {
    body += "<form method=\"post\" action=\"/move\" accept-charset=\"UTF-8\">" + lang_field(l) +
            hidden("folder", v.folder) + hidden("uid", std::to_string(v.uid)) + "<label for=\"to\">" +
            t(Msg::MoveTo, l) + "</label><select id=\"to\" name=\"to\">";
    for (const auto& f : v.folders)
      if (f != v.folder) body += "<option value=\"" + html_escape(f) + "\">" + html_escape(f) + "</option>";
    body += "</select> <button type=\"submit\">" + t(Msg::Move, l) + "</button></form>\n";
  }
  return render_page(PageFrame{v.subject.empty() ? t(Msg::NoSubject, l) : v.subject, v.user, "/message",
                               {{"folder", v.folder}, {"uid", std::to_string(v.uid)}}},
                     body, l);
}

std::string render_compose(const ComposeView& v, Lang l) {
  std::string body = "<h1>" + t(Msg::Compose, l) + "</h1>\n";
  if (!v.error.empty()) body += "<p class=\"error\" role=\"alert\">" + t(Msg::SendFailed, l) + ": " + html_escape(v.error) + "</p>\n";
  body += "<form method=\"post\" action=\"/send\" accept-charset=\"UTF-8\">\n" + lang_field(l) + "\n";
  body += "<label for=\"to\">" + t(Msg::To, l) + "</label><input type=\"text\" id=\"to\" name=\"to\" value=\"" +
          html_escape(v.to) + "\" required>\n";
  body += "<label for=\"subject\">" + t(Msg::Subject, l) + "</label><input type=\"text\" id=\"subject\" name=\"subject\" value=\"" +
          html_escape(v.subject) + "\">\n";
  body += "<label for=\"body\">" + t(Msg::Body, l) + "</label><textarea id=\"body\" name=\"body\" rows=\"14\">" +
          html_escape(v.body) + "</textarea>\n";
  body += "<p><button type=\"submit\">" + t(Msg::Send, l) + "</button></p>\n</form>";
  return render_page(PageFrame{t(Msg::Compose, l), v.user, "/compose", {}}, body, l);
}

std::string render_error(const ErrorView& v, Lang l) {
  Msg sentence = Msg::ServerError;
  switch (v.status) {
    case 400: sentence = Msg::BadRequest; break;
    case 401: sentence = Msg::Unauthorized; break;
    case 404: sentence = Msg::NotFound; break;
    case 405: sentence = Msg::MethodNotAllowed; break;
    case 415: sentence = Msg::UnsupportedMediaType; break;
    default: break;
  }
  std::string body = "<h1>" + t(Msg::ErrorTitle, l) + " " + std::to_string(v.status) + "</h1>\n<p class=\"error\">" +
                     t(sentence, l) + "</p>\n";
  if (!v.detail.empty()) body += "<p><code>" + html_escape(v.detail) + "</code></p>\n";
  if (v.user.empty())
    body += "<p><a href=\"" + html_escape(page_url("/login", {}, l)) + "\">" + t(Msg::BackToLogin, l) + "</a></p>";
  else
    body += "<p><a href=\"" + html_escape(page_url("/inbox", {{"folder", "INBOX"}}, l)) + "\">INBOX</a></p>";
  return render_page(PageFrame{t(Msg::ErrorTitle, l), v.user, "/", {}}, body, l);
}

}  // namespace protocols::webmail
