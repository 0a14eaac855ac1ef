// HTTP responses of the webmail: an HTML page (200 or an error status), 303 See Other after
// a form post (RFC 9110 §15.4.4: the browser follows with GET, so reloading does not post
// again), sign-in and sign-out cookies (RFC 6265 §4.1: HttpOnly, SameSite=Lax, Path=/),
// 401 with the sign-in page, 404/405, and attachment downloads (RFC 6266
// Content-Disposition with an RFC 8187 UTF-8 filename*).
// Every page carries Cache-Control: no-store (mail is private), X-Content-Type-Options:
// nosniff and a Content-Security-Policy that forbids scripts, so an escaped-through
// <script> in a message could not run even if escaping failed.
// Leaves out: Secure cookies (the simulated network has no TLS), ETags and caching.
#pragma once
#include <string>
#include <string_view>

#include "protocols/http/message.hpp"
#include "protocols/webmail/render.hpp"
#include "protocols/webmail/text.hpp"
#include "protocols/webmail/views.hpp"

namespace protocols::webmail {

// text/html; charset=utf-8 with the safety headers and a "lang" cookie remembering `lang`.
http::Response html_response(std::string html, Lang lang, int status = 200);
// 303 See Other to `location` (a path with query, e.g. "/inbox?folder=INBOX&lang=zh").
http::Response redirect_response(std::string location);
// After a good sign-in: 303 to the inbox, setting the session cookie.
http::Response login_response(std::string_view session_id, Lang lang);
// After sign-out: 303 to the sign-in page, expiring the session cookie (Max-Age=0).
http::Response logout_response(Lang lang);
// 401 with the sign-in page. RFC 9110 §11.6.1 requires WWW-Authenticate on 401; no
// registered scheme describes a sign-in form, so a "FormBased" challenge names the form.
http::Response unauthorized_response(Lang lang);
// An error page with `status` (400, 404, 405 with Allow, 415, 500...).
http::Response error_response(const ErrorView& view, Lang lang, std::string_view allow = "");
// The decoded part as a download.
http::Response attachment_response(const AttachmentData& a);

}  // namespace protocols::webmail
