// Routing of webmail requests to typed actions.
#include "protocols/webmail/action.hpp"

#include "protocols/webmail/form.hpp"

namespace protocols::webmail {

namespace {

enum class Allow { Get, Post, Both };

struct Route {
  std::string_view path;
  Allow allow;
};

constexpr Route kRoutes[] = {
    {"/", Allow::Get},          {"/login", Allow::Both},      {"/logout", Allow::Both},
    {"/inbox", Allow::Get},     {"/message", Allow::Get},     {"/attachment", Allow::Get},
    {"/compose", Allow::Get},   {"/send", Allow::Post},       {"/move", Allow::Post},
};

std::string_view allow_value(Allow a) {
  switch (a) {
    case Allow::Get: return "GET, HEAD";
    case Allow::Post: return "POST";
    case Allow::Both: return "GET, HEAD, POST";
  }
  return "";
}

bool valid_section(std::string_view s) {
  // RFC 3501 §6.4.5: section-part = nz-number *("." nz-number)
  if (s.empty()) return false;
  while (!s.empty()) {
    std::size_t dot = s.find('.');
    if (!parse_uid(s.substr(0, dot))) return false;
    if (dot == std::string_view::npos) break;
    s.remove_prefix(dot + 1);
    if (s.empty()) return false;
  }
  return true;
}

Invalid missing(std::string_view what) { return Invalid{400, "missing or invalid parameter \"" + std::string(what) + "\"", ""}; }

Action get_action(std::string_view path, const Params& q) {
  if (path == "/" ) return ListFolder{"INBOX"};
  if (path == "/login") return ShowLogin{param(q, "out") == "1"};
  if (path == "/logout") return Logout{};
  if (path == "/inbox") {
    std::string folder = param(q, "folder", "INBOX");
    if (folder.empty()) return missing("folder");
    std::string done = param(q, "done");
    if (done != "sent" && done != "moved") done.clear();  // a notice only for what the server says
    return ListFolder{folder, done};
  }
  if (path == "/compose") return ShowCompose{param(q, "to"), param(q, "subject"), param(q, "body")};
  std::string folder = param(q, "folder");
  auto uid = parse_uid(param(q, "uid"));
  if (folder.empty()) return missing("folder");
  if (!uid) return missing("uid");
  if (path == "/message") return ShowMessage{folder, *uid};
  std::string part = param(q, "part");
  if (!valid_section(part)) return missing("part");
  return GetAttachment{folder, *uid, part};
}

Action post_action(std::string_view path, const Params& f) {
  if (path == "/login") {
    if (!has_param(f, "user") || !has_param(f, "password")) return missing("user");
    return Login{param(f, "user"), param(f, "password")};
  }
  if (path == "/logout") return Logout{};
  if (path == "/send") return Send{param(f, "to"), param(f, "subject"), param(f, "body")};
  std::string folder = param(f, "folder");
  auto uid = parse_uid(param(f, "uid"));
  std::string to = param(f, "to");
  if (folder.empty()) return missing("folder");
  if (!uid) return missing("uid");
  if (to.empty()) return missing("to");
  return Move{folder, *uid, to};
}

}  // namespace

std::optional<std::uint32_t> parse_uid(std::string_view text) {
  if (text.empty() || text.size() > 10 || text[0] == '0') return std::nullopt;
  std::uint64_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + static_cast<std::uint64_t>(c - '0');
  }
  if (v > 0xFFFFFFFFu) return std::nullopt;
  return static_cast<std::uint32_t>(v);
}

Action parse_request(const http::Request& request) {
  Target t = split_target(request.target);
  const Route* route = nullptr;
  for (const auto& r : kRoutes)
    if (r.path == t.path) route = &r;
  if (!route) return Invalid{404, "no page at " + t.path, ""};

  const bool is_get = request.method == "GET" || request.method == "HEAD";
  const bool is_post = request.method == "POST";
  const bool allowed = (is_get && route->allow != Allow::Post) || (is_post && route->allow != Allow::Get);
  // RFC 9110 §15.5.6: 405 MUST carry Allow with the methods the target supports.
  if (!allowed) return Invalid{405, request.method + " not allowed on " + t.path, std::string(allow_value(route->allow))};
  if (is_get) return get_action(t.path, t.query);

  // HTML §4.10.21.8: a form without enctype is sent as application/x-www-form-urlencoded.
  std::string type(http::find_header(request.headers, "Content-Type").value_or(""));
  type = type.substr(0, type.find(';'));
  while (!type.empty() && type.back() == ' ') type.pop_back();
  if (!http::iequals(type, "application/x-www-form-urlencoded") && !(type.empty() && request.body.empty()))
    return Invalid{415, "form content type \"" + type + "\" is not supported", ""};
  return post_action(t.path, parse_urlencoded(request.body));
}

Lang request_lang(const http::Request& request) {
  Target t = split_target(request.target);
  std::string q = param(t.query, "lang");
  if (q == "zh") return Lang::Zh;
  if (q == "en") return Lang::En;
  for (const auto& h : request.headers) {
    if (!http::iequals(h.name, "Cookie")) continue;
    std::string c = param(parse_cookies(h.value), "lang");
    if (c == "zh") return Lang::Zh;
    if (c == "en") return Lang::En;
  }
  std::string accept(http::find_header(request.headers, "Accept-Language").value_or(""));
  // RFC 9110 §12.5.4: the first listed language is the most preferred when no q differs.
  if (accept.size() >= 2 && http::iequals(accept.substr(0, 2), "en")) return Lang::En;
  return Lang::Zh;
}

std::string session_cookie(const http::Request& request) {
  for (const auto& h : request.headers) {
    if (!http::iequals(h.name, "Cookie")) continue;
    Params c = parse_cookies(h.value);
    if (has_param(c, "session")) return param(c, "session");
  }
  return "";
}

bool requires_session(const Action& action) {
  return !std::holds_alternative<ShowLogin>(action) && !std::holds_alternative<Login>(action) &&
         !std::holds_alternative<Invalid>(action);
}

}  // namespace protocols::webmail
