// Webmail request decoding: percent-decoding, url-encoded forms (UTF-8 Chinese), targets,
// cookies, and every route parsed into its action.
#include <catch2/catch.hpp>

#include "protocols/webmail/action.hpp"
#include "protocols/webmail/form.hpp"

using namespace protocols;
using namespace protocols::webmail;

namespace {
http::Request req(std::string method, std::string target, std::string body = "",
                  std::string type = "application/x-www-form-urlencoded") {
  http::Request r;
  r.method = std::move(method);
  r.target = std::move(target);
  r.headers = {{"Host", "webmail.b.example"}};
  if (!body.empty()) r.headers.push_back({"Content-Type", type});
  r.body = std::move(body);
  return r;
}
}  // namespace

TEST_CASE("form decoding turns plus into space and percent bytes into UTF-8 Chinese", "[protocols][webmail]") {
  Params p = parse_urlencoded("to=bob%40b.example&subject=%E4%BD%A0%E5%A5%BD+%E4%B8%96%E7%95%8C&body=a%2Bb%3Dc&flag");
  REQUIRE(p.size() == 4);
  CHECK(p[0] == std::pair<std::string, std::string>{"to", "bob@b.example"});
  CHECK(p[1].second == "你好 世界");
  CHECK(p[2].second == "a+b=c");
  CHECK(p[3] == std::pair<std::string, std::string>{"flag", ""});
}

TEST_CASE("form decoding keeps bad percent sequences and replaces invalid UTF-8", "[protocols][webmail]") {
  CHECK(percent_decode("100%", true) == "100%");
  CHECK(percent_decode("%zz%4", false) == "%zz%4");
  CHECK(percent_decode("a+b", false) == "a+b");
  Params p = parse_urlencoded("x=%FF%FE");
  CHECK(p.at(0).second == "\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST_CASE("percent encoding round-trips through form decoding", "[protocols][webmail]") {
  std::string s = "主题 & <test> = 100% +ok/?#";
  CHECK(percent_encode("a b") == "a%20b");
  CHECK(parse_urlencoded(build_urlencoded({{"k", s}})).at(0).second == s);
}

TEST_CASE("targets split into a decoded path and query", "[protocols][webmail]") {
  Target t = split_target("/inbox?folder=%E5%B7%A5%E4%BD%9C&lang=en#top");
  CHECK(t.path == "/inbox");
  CHECK(param(t.query, "folder") == "工作");
  CHECK(param(t.query, "lang") == "en");
  CHECK(param(t.query, "missing", "x") == "x");
}

TEST_CASE("cookies are split on semicolons and unquoted", "[protocols][webmail]") {
  Params c = parse_cookies("session=abc123; lang=\"en\";junk; theme = dark");
  CHECK(param(c, "session") == "abc123");
  CHECK(param(c, "lang") == "en");
  CHECK(param(c, "theme") == "dark");
  CHECK_FALSE(has_param(c, "junk"));
}

TEST_CASE("every webmail route parses into its action", "[protocols][webmail]") {
  CHECK(std::holds_alternative<ShowLogin>(parse_request(req("GET", "/login"))));
  auto login = std::get<Login>(parse_request(req("POST", "/login", "user=%E5%BC%A0%E4%B8%89&password=p%26w")));
  CHECK(login.user == "张三");
  CHECK(login.password == "p&w");
  CHECK(std::get<ListFolder>(parse_request(req("GET", "/inbox"))).folder == "INBOX");
  CHECK(std::get<ListFolder>(parse_request(req("GET", "/inbox?folder=Sent"))).folder == "Sent");
  // The server's own redirects after a send, a move and a logout carry what happened.
  CHECK(std::get<ListFolder>(parse_request(req("GET", "/inbox?folder=INBOX&done=sent"))).done == "sent");
  CHECK(std::get<ListFolder>(parse_request(req("GET", "/inbox?folder=Sent&done=moved"))).done == "moved");
  CHECK(std::get<ListFolder>(parse_request(req("GET", "/inbox?done=%3Cscript%3E"))).done.empty());
  CHECK(std::get<ShowLogin>(parse_request(req("GET", "/login?out=1"))).logged_out);
  CHECK_FALSE(std::get<ShowLogin>(parse_request(req("GET", "/login"))).logged_out);
  CHECK(std::get<ListFolder>(parse_request(req("GET", "/"))).folder == "INBOX");
  auto show = std::get<ShowMessage>(parse_request(req("GET", "/message?folder=INBOX&uid=42")));
  CHECK(show.folder == "INBOX");
  CHECK(show.uid == 42);
  auto att = std::get<GetAttachment>(parse_request(req("GET", "/attachment?folder=INBOX&uid=7&part=1.2")));
  CHECK(att.part == "1.2");
  CHECK(att.uid == 7);
  CHECK(std::get<ShowCompose>(parse_request(req("GET", "/compose?to=a%40b.example"))).to == "a@b.example");
  auto send = std::get<Send>(parse_request(req("POST", "/send", "to=bob%40b.example&subject=%E4%BD%A0%E5%A5%BD&body=line1%0D%0Aline2")));
  CHECK(send.to == "bob@b.example");
  CHECK(send.subject == "你好");
  CHECK(send.body == "line1\r\nline2");
  auto move = std::get<Move>(parse_request(req("POST", "/move", "folder=INBOX&uid=3&to=Archive")));
  CHECK(move.uid == 3);
  CHECK(move.to == "Archive");
  CHECK(std::holds_alternative<Logout>(parse_request(req("GET", "/logout"))));
  CHECK(std::holds_alternative<Logout>(parse_request(req("POST", "/logout"))));
  CHECK(std::holds_alternative<ListFolder>(parse_request(req("HEAD", "/inbox"))));
}

TEST_CASE("webmail answers unknown paths, wrong methods and bad parameters", "[protocols][webmail]") {
  CHECK(std::get<Invalid>(parse_request(req("GET", "/admin"))).status == 404);
  auto wrong = std::get<Invalid>(parse_request(req("GET", "/send")));
  CHECK(wrong.status == 405);
  CHECK(wrong.allow == "POST");
  CHECK(std::get<Invalid>(parse_request(req("DELETE", "/inbox"))).allow == "GET, HEAD");
  CHECK(std::get<Invalid>(parse_request(req("GET", "/message?folder=INBOX&uid=0"))).status == 400);
  CHECK(std::get<Invalid>(parse_request(req("GET", "/message?folder=INBOX&uid=4294967296"))).status == 400);
  CHECK(std::get<Invalid>(parse_request(req("GET", "/message?uid=1"))).status == 400);
  CHECK(std::get<Invalid>(parse_request(req("GET", "/attachment?folder=INBOX&uid=1&part=1..2"))).status == 400);
  CHECK(std::get<Invalid>(parse_request(req("POST", "/move", "folder=INBOX&uid=1"))).status == 400);
  CHECK(std::get<Invalid>(parse_request(req("POST", "/send", "--x\r\n", "multipart/form-data; boundary=x"))).status == 415);
  CHECK(std::get<Invalid>(parse_request(req("POST", "/login", "user=a"))).status == 400);
}

TEST_CASE("language comes from the query, then the cookie, then Accept-Language", "[protocols][webmail]") {
  http::Request r = req("GET", "/inbox?lang=en");
  r.headers.push_back({"Cookie", "lang=zh"});
  CHECK(request_lang(r) == Lang::En);
  r.target = "/inbox";
  CHECK(request_lang(r) == Lang::Zh);
  http::Request a = req("GET", "/inbox");
  a.headers.push_back({"Accept-Language", "en-US,en;q=0.9,zh;q=0.5"});
  CHECK(request_lang(a) == Lang::En);
  CHECK(request_lang(req("GET", "/")) == Lang::Zh);
}

TEST_CASE("session cookie is read and routes say whether they need one", "[protocols][webmail]") {
  http::Request r = req("GET", "/inbox");
  CHECK(session_cookie(r).empty());
  r.headers.push_back({"Cookie", "lang=en; session=s-1f2e"});
  CHECK(session_cookie(r) == "s-1f2e");
  CHECK(requires_session(parse_request(r)));
  CHECK_FALSE(requires_session(parse_request(req("GET", "/login"))));
  CHECK_FALSE(requires_session(parse_request(req("GET", "/nowhere"))));
}
