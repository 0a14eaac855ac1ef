// Webmail views read from real messages, the HTML pages (escaped, bilingual), the response
// builders and compose_message.
#include <catch2/catch.hpp>

#include "protocols/message/ascii.hpp"
#include "protocols/message/encoded_word.hpp"
#include "protocols/message/header.hpp"
#include "protocols/message/message_builder.hpp"
#include "protocols/message/mime_part.hpp"
#include "protocols/webmail/compose.hpp"
#include "protocols/webmail/html.hpp"
#include "protocols/webmail/render.hpp"
#include "protocols/webmail/responses.hpp"
#include "protocols/webmail/views.hpp"

using namespace protocols;
using namespace protocols::webmail;

namespace {

bool contains(const std::string& hay, std::string_view needle) { return hay.find(needle) != std::string::npos; }

// A message with a GB2312 encoded-word subject, a UTF-8 display name and a Chinese body.
const std::string kChinese =
    "From: =?UTF-8?B?5byg5LiJ?= <zhang@a.example>\r\n"
    "To: bob@b.example\r\n"
    "Subject: =?GB2312?B?xOO6ww==?= =?UTF-8?Q?_=E4=B8=96=E7=95=8C?=\r\n"
    "Date: Mon, 05 Jan 2026 09:30:00 +0800\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: text/plain; charset=UTF-8\r\n"
    "Content-Transfer-Encoding: base64\r\n"
    "\r\n"
    "5L2g5aW977yM5LiW55WM77yB\r\n";  // 你好，世界！

std::string with_attachment() {
  message::MessageSpec spec;
  spec.from = message::Mailbox{"Alice <x>", "alice", "a.example"};
  spec.to = {message::Mailbox{"", "bob", "b.example"}};
  spec.subject = "<script>alert(1)</script> 报告";
  spec.date = message::DateTime{1767576600, 0};
  spec.text = "See <b>attached</b> & reply.\n";
  spec.attachments.push_back(message::Attachment{"数据.csv", "text/csv", std::string(3000, 'x') + "\n", "", false});
  spec.seed = "t1";
  return message::build_message(spec);
}

}  // namespace

TEST_CASE("inbox rows decode Chinese RFC 2047 subjects and display names", "[protocols][webmail]") {
  InboxRow row = inbox_row(5, kChinese, kChinese.size(), false);
  CHECK(row.uid == 5);
  CHECK(row.subject == "你好 世界");
  CHECK(row.from == "张三");
  CHECK(row.date == "2026-01-05 09:30");
  CHECK_FALSE(row.seen);
  CHECK_FALSE(row.has_attachments);
  CHECK(inbox_row(6, with_attachment(), 1, true).has_attachments);
}

TEST_CASE("dates are shown in the zone they were written in", "[protocols][webmail]") {
  CHECK(display_date("Thu, 31 Dec 2026 23:59:59 -0500") == "2026-12-31 23:59");
  CHECK(display_date("Sat, 29 Feb 2028 00:00:00 +0000") == "2028-02-29 00:00");
  CHECK(display_date("not a date") == "not a date");
}

TEST_CASE("inbox page shows decoded subjects, escapes markup and links each message", "[protocols][webmail]") {
  InboxView v;
  v.user = "bob@b.example";
  v.folder = "收件箱 & <b>";
  v.folders = {"INBOX", "Sent"};
  v.rows.push_back(inbox_row(5, kChinese, 312, false));
  v.rows.push_back(inbox_row(9, with_attachment(), 4400, true));
  std::string zh = render_inbox(v, Lang::Zh);
  CHECK(zh.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(contains(zh, "<meta charset=\"utf-8\">"));
  CHECK(contains(zh, "你好 世界"));
  CHECK(contains(zh, "&lt;script&gt;alert(1)&lt;/script&gt; 报告"));
  CHECK_FALSE(contains(zh, "<script>"));
  CHECK(contains(zh, "<h1>收件箱 &amp; &lt;b&gt;</h1>"));
  CHECK(contains(zh, "href=\"/message?folder=%E6%94%B6%E4%BB%B6%E7%AE%B1%20%26%20%3Cb%3E&amp;uid=5&amp;lang=zh\""));
  CHECK(contains(zh, "<tr class=\"unread\">"));
  CHECK(contains(zh, "4.3 KB"));
  CHECK(contains(zh, "发件人"));
  CHECK(contains(zh, "lang=en\" hreflang=\"en\">English</a>"));
  std::string en = render_inbox(v, Lang::En);
  CHECK(contains(en, "<html lang=\"en\">"));
  CHECK(contains(en, ">From<"));
  CHECK(contains(en, "hreflang=\"zh\">中文</a>"));
}

TEST_CASE("the message count agrees with its number and Move shows only with another folder", "[protocols][webmail]") {
  InboxView v;
  v.user = "bob";
  v.folder = "INBOX";
  v.rows.push_back(inbox_row(5, kChinese, 312, false));
  CHECK(contains(render_inbox(v, Lang::En), "<p>1 message</p>"));
  CHECK(contains(render_inbox(v, Lang::Zh), "<p>1 封邮件</p>"));
  v.rows.push_back(inbox_row(6, kChinese, 312, false));
  CHECK(contains(render_inbox(v, Lang::En), "<p>2 messages</p>"));
  MessageView m = message_view(kChinese, "INBOX", 5);
  m.user = "bob";
  m.folders = {"INBOX"};  // nowhere else to go: no empty list, no form that can only fail
  CHECK_FALSE(contains(render_message(m, Lang::En), "action=\"/move\""));
  m.folders = {"INBOX", "Archive"};
  CHECK(contains(render_message(m, Lang::En), "action=\"/move\""));
}

TEST_CASE("empty folder page says so in both languages", "[protocols][webmail]") {
  InboxView v;
  v.user = "bob";
  CHECK(contains(render_inbox(v, Lang::Zh), "此文件夹中没有邮件。"));
  CHECK(contains(render_inbox(v, Lang::En), "This folder has no messages."));
  CHECK_FALSE(contains(render_inbox(v, Lang::En), "role=\"status\""));
  v.notice = Notice::MessageSent;  // after a send (the redirect's ?done=sent)
  CHECK(contains(render_inbox(v, Lang::Zh), "<p class=\"notice\" role=\"status\">邮件已发送。</p>"));
  CHECK(contains(render_inbox(v, Lang::En), "<p class=\"notice\" role=\"status\">Message sent.</p>"));
  v.notice = Notice::MessageMoved;
  CHECK(contains(render_inbox(v, Lang::En), "Message moved."));
}

TEST_CASE("message view shows the decoded text and lists attachments with sizes", "[protocols][webmail]") {
  MessageView zh = message_view(kChinese, "INBOX", 5);
  CHECK(zh.subject == "你好 世界");
  CHECK(zh.from == "张三 <zhang@a.example>");
  CHECK(zh.text == "你好，世界！");
  CHECK(zh.attachments.empty());
  CHECK(zh.reply_to_address == "zhang@a.example");

  std::string raw = with_attachment();
  MessageView v = message_view(raw, "INBOX", 9);
  CHECK(v.text == "See <b>attached</b> & reply.\r\n");
  REQUIRE(v.attachments.size() == 1);
  CHECK(v.attachments[0].filename == "数据.csv");
  CHECK(v.attachments[0].part == "2");
  CHECK(v.attachments[0].media_type == "text/csv");
  CHECK(v.attachments[0].size == 3001);
  auto data = attachment_data(raw, "2");
  REQUIRE(data);
  CHECK(data->data.substr(0, 3) == "xxx");
  CHECK(data->filename == "数据.csv");
  CHECK_FALSE(attachment_data(raw, "7"));
}

TEST_CASE("an HTML-only message is shown as text without its tags", "[protocols][webmail]") {
  std::string raw = "From: a@a.example\r\nSubject: h\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
                    "<p>Hello &amp; <b>welcome</b></p><script>x()</script>";
  MessageView v = message_view(raw, "INBOX", 1);
  CHECK(v.text_from_html);
  CHECK(contains(v.text, "Hello & welcome"));
  CHECK_FALSE(contains(v.text, "<b>"));
}

TEST_CASE("message page escapes the subject and body and links the attachment", "[protocols][webmail]") {
  std::string raw = with_attachment();
  MessageView v = message_view(raw, "INBOX", 9);
  v.user = "bob";
  v.folders = {"INBOX", "Archive"};
  std::string html = render_message(v, Lang::En);
  CHECK_FALSE(contains(html, "<script>"));
  CHECK(contains(html, "<h1>&lt;script&gt;alert(1)&lt;/script&gt; 报告</h1>"));
  CHECK(contains(html, "See &lt;b&gt;attached&lt;/b&gt; &amp; reply."));
  CHECK(contains(html, "href=\"/attachment?folder=INBOX&amp;uid=9&amp;part=2&amp;lang=en\""));
  CHECK(contains(html, "数据.csv (text/csv, 2.9 KB)"));
  CHECK(contains(html, "<option value=\"Archive\">Archive</option>"));
  CHECK_FALSE(contains(html, "<option value=\"INBOX\">"));
  CHECK(contains(html, "name=\"uid\" value=\"9\""));
  CHECK(contains(render_message(v, Lang::Zh), "附件"));
}

TEST_CASE("login, compose and error pages carry their forms in both languages", "[protocols][webmail]") {
  std::string login = render_login(LoginView{"\"bob\"", Notice::LoginFailed}, Lang::Zh);
  CHECK(contains(login, "<form method=\"post\" action=\"/login\" accept-charset=\"UTF-8\">"));
  CHECK(contains(login, "value=\"&quot;bob&quot;\""));
  CHECK(contains(login, "用户名或密码错误。"));
  CHECK(contains(render_login(LoginView{}, Lang::En), "Sign in"));

  std::string compose = render_compose(ComposeView{"bob", "a@b.example", "Re: 你好", "</textarea><script>", "550 no such user"}, Lang::En);
  CHECK(contains(compose, "action=\"/send\""));
  CHECK(contains(compose, "value=\"Re: 你好\""));
  CHECK(contains(compose, "&lt;/textarea&gt;&lt;script&gt;</textarea>"));
  CHECK(contains(compose, "Sending failed: 550 no such user"));

  std::string error = render_error(ErrorView{404, "uid 77", ""}, Lang::Zh);
  CHECK(contains(error, "出错了 404"));
  CHECK(contains(error, "找不到该页面或邮件。"));
  CHECK(contains(error, "返回登录页"));
}

TEST_CASE("response builders set status, cookies and safety headers", "[protocols][webmail]") {
  http::Response page = html_response("<p>x</p>", Lang::En);
  CHECK(page.status == 200);
  CHECK(http::header_value(page.headers, "Content-Type") == "text/html; charset=utf-8");
  CHECK(http::header_value(page.headers, "Cache-Control") == "no-store");
  CHECK(contains(http::header_value(page.headers, "Content-Security-Policy"), "default-src 'none'"));

  http::Response in = login_response("s-42", Lang::Zh);
  CHECK(in.status == 303);
  CHECK(http::header_value(in.headers, "Location") == "/inbox?folder=INBOX&lang=zh");
  CHECK(http::header_value(in.headers, "Set-Cookie") == "session=s-42; Path=/; HttpOnly; SameSite=Lax");

  http::Response out = logout_response(Lang::En);
  CHECK(contains(http::header_value(out.headers, "Set-Cookie"), "Max-Age=0"));

  http::Response unauth = unauthorized_response(Lang::En);
  CHECK(unauth.status == 401);
  CHECK(http::find_header(unauth.headers, "WWW-Authenticate"));

  http::Response wrong = error_response(ErrorView{405, "", ""}, Lang::En, "POST");
  CHECK(wrong.status == 405);
  CHECK(http::header_value(wrong.headers, "Allow") == "POST");

  http::Response file = attachment_response(AttachmentData{"数据.csv", "text/csv", "a,b\n"});
  CHECK(http::header_value(file.headers, "Content-Disposition") ==
        "attachment; filename=\"______.csv\"; filename*=UTF-8''%E6%95%B0%E6%8D%AE.csv");
  CHECK(file.body == "a,b\n");
}

TEST_CASE("compose_message builds a 7-bit message that reads back as typed", "[protocols][webmail]") {
  Send send{"Bob <bob@b.example>; carol@c.example", "你好\r\n世界", "第一行\r\n第二行 <ok>"};
  message::Mailbox from{"爱丽丝", "alice", "a.example"};
  ComposedMessage m = compose_message(send, from, message::DateTime{1767576600, 480}, "seed-1");
  REQUIRE(m.ok());
  REQUIRE(m.recipients.size() == 2);
  CHECK(m.recipients[1].addr_spec() == "carol@c.example");
  CHECK(message::is_seven_bit(m.message));
  message::MimePart root = message::parse_mime(m.message);
  CHECK(message::decode_encoded_words(root.headers.get("Subject")) == "你好 世界");
  CHECK(message::decode_text(root, m.message) == "第一行\r\n第二行 <ok>");
  CHECK(root.headers.get("Date") == "Mon, 05 Jan 2026 09:30:00 +0800");
  CHECK(compose_message(send, from, message::DateTime{1767576600, 480}, "seed-1").message == m.message);  // deterministic

  CHECK_FALSE(compose_message(Send{"not an address <", "s", "b"}, from, {}, "s").ok());
  CHECK_FALSE(compose_message(Send{"", "s", "b"}, from, {}, "s").ok());
  CHECK_FALSE(compose_message(Send{"bob", "s", "b"}, from, {}, "s").ok());
}

TEST_CASE("html escaping covers the five characters and repairs bad UTF-8", "[protocols][webmail]") {
  CHECK(html_escape("<a href=\"x\">'&'</a>") == "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  CHECK(html_escape("ok\xFF") == "ok\xEF\xBF\xBD");
  CHECK(format_size(532) == "532 B");
  CHECK(format_size(1536) == "1.5 KB");
  CHECK(format_size(3 * 1024 * 1024) == "3.0 MB");
}
