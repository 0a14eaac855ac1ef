// Response builders of the webmail (RFC 9110 §15, RFC 6265, RFC 6266, RFC 8187).
#include "protocols/webmail/responses.hpp"

#include "protocols/webmail/form.hpp"
#include "protocols/webmail/html.hpp"

namespace protocols::webmail {

namespace {
void add_safety_headers(http::Headers& h) {
  h.push_back({"Cache-Control", "no-store"});
  h.push_back({"X-Content-Type-Options", "nosniff"});
  h.push_back({"Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'"});
}

// RFC 6266 §4.1 / RFC 8187 §3.2: filename*=UTF-8''%E4%BD%A0.txt plus an ASCII fallback.
std::string content_disposition(std::string_view filename) {
  std::string ascii;
  for (unsigned char c : filename) ascii += (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') ? char(c) : '_';
  return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + percent_encode(filename);
}
}  // namespace

http::Response html_response(std::string html, Lang lang, int status) {
  http::Response r;
  r.status = status;
  r.headers.push_back({"Content-Type", "text/html; charset=utf-8"});
  r.headers.push_back({"Content-Language", lang == Lang::Zh ? "zh-CN" : "en"});
  add_safety_headers(r.headers);
  r.headers.push_back({"Set-Cookie", "lang=" + std::string(to_string(lang)) + "; Path=/; SameSite=Lax"});
  r.body = std::move(html);
  return r;
}

http::Response redirect_response(std::string location) {
  http::Response r;
  r.status = 303;
  r.headers.push_back({"Location", std::move(location)});
  r.headers.push_back({"Cache-Control", "no-store"});
  return r;
}

http::Response login_response(std::string_view session_id, Lang lang) {
  http::Response r = redirect_response(page_url("/inbox", {{"folder", "INBOX"}}, lang));
  r.headers.push_back({"Set-Cookie", "session=" + std::string(session_id) + "; Path=/; HttpOnly; SameSite=Lax"});
  return r;
}

http::Response logout_response(Lang lang) {
  http::Response r = redirect_response(page_url("/login", {{"out", "1"}}, lang));
  r.headers.push_back({"Set-Cookie", "session=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax"});
  return r;
}

http::Response unauthorized_response(Lang lang) {
  http::Response r = html_response(render_login(LoginView{}, lang), lang, 401);
  r.headers.push_back({"WWW-Authenticate", "FormBased realm=\"MailSim webmail\", action=\"/login\""});
  return r;
}

http::Response error_response(const ErrorView& view, Lang lang, std::string_view allow) {
  http::Response r = html_response(render_error(view, lang), lang, view.status);
  if (!allow.empty()) r.headers.push_back({"Allow", std::string(allow)});  // RFC 9110 §15.5.6
  return r;
}

http::Response attachment_response(const AttachmentData& a) {
  http::Response r;
  std::string type = a.media_type.empty() ? "application/octet-stream" : a.media_type;
  r.headers.push_back({"Content-Type", type});
  r.headers.push_back({"Content-Disposition", content_disposition(a.filename)});
  add_safety_headers(r.headers);
  r.body = a.data;
  return r;
}

}  // namespace protocols::webmail
