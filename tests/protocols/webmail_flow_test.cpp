// The webmail application over the HTTP engines: a browser (http::Client) signs in, lists
// the inbox, opens a message and sends one, against an http::Server whose host answers
// with webmail::parse_request and the renderers over an in-memory mailbox. This is the
// shape of the simulated webmail host; the mail store here is a plain vector.
#include <catch2/catch.hpp>

#include <map>

#include "protocols/http/client.hpp"
#include "protocols/http/server.hpp"
#include "protocols/webmail/action.hpp"
#include "protocols/webmail/compose.hpp"
#include "protocols/webmail/form.hpp"
#include "protocols/webmail/html.hpp"
#include "protocols/webmail/render.hpp"
#include "protocols/webmail/responses.hpp"

using namespace protocols;
using namespace protocols::webmail;

namespace {

struct StoredMessage {
  std::uint32_t uid;
  std::string raw;
  bool seen;
};

// A host: session table, one mailbox, outgoing mail collected.
struct Host {
  std::vector<StoredMessage> inbox;
  std::map<std::string, std::string> sessions;
  std::vector<ComposedMessage> outbox;

  http::Response answer(const http::Request& req) {
    Lang lang = request_lang(req);
    Action action = parse_request(req);
    std::string user;
    if (auto it = sessions.find(session_cookie(req)); it != sessions.end()) user = it->second;
    if (requires_session(action) && user.empty()) return unauthorized_response(lang);
    if (auto* bad = std::get_if<Invalid>(&action)) return error_response(ErrorView{bad->status, bad->reason, user}, lang, bad->allow);
    if (std::holds_alternative<ShowLogin>(action)) return html_response(render_login({}, lang), lang);
    if (auto* login = std::get_if<Login>(&action)) {
      if (login->user != "bob" || login->password != "秘密") return html_response(render_login({login->user, Notice::LoginFailed}, lang), lang, 200);
      sessions["s-1"] = "bob";
      return login_response("s-1", lang);
    }
    if (auto* list = std::get_if<ListFolder>(&action)) {
      InboxView v{user, list->folder, {"INBOX"}, {}, Notice::None, ""};
      for (const auto& m : inbox) v.rows.push_back(inbox_row(m.uid, m.raw, m.raw.size(), m.seen));
      return html_response(render_inbox(v, lang), lang);
    }
    if (auto* show = std::get_if<ShowMessage>(&action)) {
      for (auto& m : inbox)
        if (m.uid == show->uid) {
          m.seen = true;
          MessageView v = message_view(m.raw, show->folder, m.uid);
          v.user = user;
          return html_response(render_message(v, lang), lang);
        }
      return error_response(ErrorView{404, "", user}, lang);
    }
    if (auto* send = std::get_if<Send>(&action)) {
      ComposedMessage c = compose_message(*send, message::Mailbox{"", "bob", "b.example"}, {}, "flow");
      if (!c.ok()) return html_response(render_compose({user, send->to, send->subject, send->body, c.error}, lang), lang);
      outbox.push_back(c);
      return redirect_response(page_url("/inbox", {{"folder", "INBOX"}}, lang));
    }
    return error_response(ErrorView{500, "not in this test", user}, lang);
  }
};

// Browser and server over a lossless link; stops when the client has its responses.
std::vector<http::ResponseReceived> exchange(Host& host, std::vector<http::Request> requests) {
  http::Server server;
  http::Client client;
  server.handle_connected(kEpoch);
  client.handle_connected(kEpoch);
  for (auto& r : requests) client.send(std::move(r), kEpoch);
  std::vector<http::ResponseReceived> got;
  for (int step = 0; !client.idle(); ++step) {
    REQUIRE(step < 100);
    while (auto t = client.poll_transmit()) server.handle_bytes(t->bytes, kEpoch);
    while (auto e = server.poll_event())
      if (auto* r = std::get_if<http::RequestReceived>(&*e)) server.respond(host.answer(*r), kEpoch);
    while (auto t = server.poll_transmit()) client.handle_bytes(t->bytes, kEpoch);
    while (auto e = client.poll_event())
      if (auto* r = std::get_if<http::ResponseReceived>(&*e)) got.push_back(*r);
  }
  return got;
}

http::Request request(std::string method, std::string target, std::string body = "") {
  http::Request r;
  r.method = std::move(method);
  r.target = std::move(target);
  r.headers = {{"Host", "webmail.b.example"}, {"Cookie", "session=s-1"}};
  if (!body.empty()) r.headers.push_back({"Content-Type", "application/x-www-form-urlencoded"});
  r.body = std::move(body);
  return r;
}

}  // namespace

TEST_CASE("webmail over HTTP: sign in, list, read and send", "[protocols][webmail]") {
  Host host;
  host.inbox.push_back({1, "From: a@a.example\r\nSubject: =?UTF-8?B?5L2g5aW9?=\r\n\r\nhi <there>\r\n", false});

  auto before = exchange(host, {request("GET", "/inbox")});
  REQUIRE(before.size() == 1);
  CHECK(before[0].status == 401);  // no session yet

  auto login = exchange(host, {request("POST", "/login", "user=bob&password=%E7%A7%98%E5%AF%86&lang=en")});
  REQUIRE(login.size() == 1);
  CHECK(login[0].status == 303);
  CHECK(http::header_value(login[0].headers, "Set-Cookie").rfind("session=s-1;", 0) == 0);

  auto pages = exchange(host, {request("GET", "/inbox?lang=en"), request("GET", "/message?folder=INBOX&uid=1"),
                               request("POST", "/send", "to=carol%40c.example&subject=Hi&body=%E4%BD%A0%E5%A5%BD"),
                               request("GET", "/message?folder=INBOX&uid=2")});
  REQUIRE(pages.size() == 4);
  CHECK(pages[0].status == 200);
  CHECK(pages[0].body.find("你好") != std::string::npos);
  CHECK(pages[0].body.find("class=\"unread\"") != std::string::npos);
  CHECK(pages[1].body.find("hi &lt;there&gt;") != std::string::npos);
  CHECK(host.inbox[0].seen);
  CHECK(pages[2].status == 303);
  REQUIRE(host.outbox.size() == 1);
  CHECK(host.outbox[0].recipients.at(0).addr_spec() == "carol@c.example");
  CHECK(pages[3].status == 404);
}

TEST_CASE("random requests never crash the webmail router", "[protocols][webmail]") {
  const std::vector<std::string> paths = {"/", "/login", "/inbox", "/message", "/attachment", "/compose",
                                          "/send", "/move", "/logout", "/x", "", "%", "/inbox%"};
  const std::vector<std::string> bits = {"folder=", "uid=", "part=", "to=", "&", "%E4", "%", "+", "1", "0",
                                         "99999999999", "1.2", ".", "=", "lang=en", "\xFF"};
  std::uint32_t x = 12345;
  auto next = [&] { return x = x * 1103515245u + 12345u; };
  for (int i = 0; i < 3000; ++i) {
    std::string q;
    for (int k = next() % 6; k > 0; --k) q += bits[next() % bits.size()];
    http::Request r;
    r.method = (next() % 2) ? "GET" : "POST";
    r.target = paths[next() % paths.size()] + "?" + q;
    r.body = q;
    r.headers = {{"Content-Type", "application/x-www-form-urlencoded"}, {"Cookie", q}};
    Action a = parse_request(r);
    request_lang(r);
    session_cookie(r);
    if (auto* bad = std::get_if<Invalid>(&a)) CHECK(bad->status >= 400);
  }
}
