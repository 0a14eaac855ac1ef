// mailsim_hostile_probe: feeds the hostile inputs of docs/robustness.md to each server
// engine and prints what it answers (CR LF shown as " | ", long answers cut in the middle),
// so the table there comes from runs, not from memory. Not a test: its output is read.
#include <functional>
#include <iostream>

#include "protocols/http/server.hpp"
#include "protocols/imap/imap_server.hpp"
#include "protocols/message/mime_part.hpp"
#include "protocols/pop3/pop3_server.hpp"
#include "protocols/smtp/server.hpp"
#include "protocols/store/store.hpp"
namespace smtp = protocols::smtp;
using protocols::Instant;
std::string shorten(std::string s) {
  std::string o;
  for (char c : s) {
    if (c == '\r') continue;
    if (c == '\n')
      o += " | ";
    else
      o += c;
  }
  if (o.size() > 400) o = o.substr(0, 190) + " ... " + o.substr(o.size() - 190);
  return o;
}
template <class S>
std::string pump(S& s, const std::vector<std::string>& chunks, bool timeout = false) {
  Instant now = protocols::kEpoch;
  std::string out;
  int violations = 0;
  auto drain = [&] {
    while (auto t = s.poll_transmit()) out += t->bytes;
    while (auto e = s.poll_event()) {
      if (std::holds_alternative<protocols::PeerViolation>(*e)) ++violations;
      if constexpr (std::is_same_v<S, smtp::Server>) {
        if (std::get_if<smtp::MessageReceived>(&*e)) s.accept_message("Q1", now);
      }
      if constexpr (std::is_same_v<S, protocols::http::Server>) {
        if (std::holds_alternative<protocols::http::RequestReceived>(*e)) {
          protocols::http::Response r;
          r.body = "ok";
          s.respond(r, now);
        }
      }
    }
    while (auto t = s.poll_transmit()) out += t->bytes;
  };
  s.handle_connected(now);
  drain();
  for (auto& c : chunks) {
    if (s.wants_close()) {
      out += " [closed]";
      break;
    }
    s.handle_bytes(c, now);
    drain();
  }
  if (timeout && !s.wants_close()) {
    now = now + std::chrono::hours(1);
    if (auto t = s.poll_timeout(); t && *t <= now) {
      s.handle_timeout(*t);
      drain();
    }
  }
  if (s.wants_close()) out += " [closes]";
  if (violations) out += " [" + std::to_string(violations) + " peer violation(s) noted]";
  return out;
}
smtp::ServerConfig sc() {
  smtp::ServerConfig c;
  c.hostname = "mx.b.example";
  c.local_domains = {"b.example"};
  c.local_users = {"bob@b.example"};
  return c;
}
void smtp_probe(const char* name, std::vector<std::string> in,
                std::function<void(smtp::ServerConfig&)> f = nullptr, bool timeout = false) {
  auto c = sc();
  if (f) f(c);
  smtp::Server s(c, "192.0.2.1");
  std::cout << "SMTP " << name << ": " << shorten(pump(s, in, timeout)) << "\n";
}
protocols::store::Store st() {
  protocols::store::Store s;
  s.add_user("bob", "secret");
  s.append("bob", "INBOX", "Subject: a\r\n\r\nx\r\n", {}, protocols::kEpoch);
  return s;
}
void pop_probe(const char* name, std::vector<std::string> in) {
  auto s0 = st();
  protocols::pop3::ServerConfig c;
  protocols::pop3::Server s(s0, c);
  std::cout << "POP3 " << name << ": " << shorten(pump(s, in)) << "\n";
}
void imap_probe(const char* name, std::vector<std::string> in) {
  auto s0 = st();
  protocols::imap::ServerConfig c;
  protocols::imap::Server s(s0, c);
  std::cout << "IMAP " << name << ": " << shorten(pump(s, in)) << "\n";
  std::cout << "   folders: ";
  for (auto& f : s0.folder_names("bob")) std::cout << f << ";";
  std::cout << "\n";
}
void http_probe(const char* name, std::vector<std::string> in) {
  protocols::http::Server s;
  std::cout << "HTTP " << name << ": " << shorten(pump(s, in)) << "\n";
}
int main() {
  std::string ehlo = "EHLO a.example\r\n",
              txn = "EHLO a\r\nMAIL FROM:<a@a.example>\r\nRCPT TO:<bob@b.example>\r\nDATA\r\n";
  smtp_probe("long line 2000", {"EHLO " + std::string(2000, 'x') + "\r\n", "NOOP\r\n"});
  smtp_probe("long line 100k", {"EHLO " + std::string(100000, 'x') + "\r\n", "NOOP\r\n"});
  smtp_probe("NUL", {std::string("EHLO a\0b\r\n", 10), std::string("MAIL FROM:<a\0@a.example>\r\n", 26)});
  smtp_probe("bare LF",
             {"EHLO a\nMAIL FROM:<a@a.example>\nRCPT TO:<bob@b.example>\nDATA\nSubject: x\n\nbody\n.\n"});
  smtp_probe("bare LF strict", {"EHLO a\nNOOP\r\n"},
             [](smtp::ServerConfig& c) { c.tolerate_bare_lf = false; });
  {
    std::vector<std::string> in{txn};
    for (int i = 0; i < 12000; ++i) in.push_back(std::string(998, 'a') + "\r\n");
    in.push_back(".\r\n");
    smtp_probe("never-ending message 12MB then dot", in);
  }
  {
    std::vector<std::string> in{txn};
    for (int i = 0; i < 12000; ++i) in.push_back(std::string(998, 'a') + "\r\n");
    smtp_probe("never-ending message 12MB, no dot, then silence", in, nullptr, true);
  }
  {
    std::string r = "EHLO a\r\nMAIL FROM:<a@a.example>\r\n";
    for (int i = 0; i < 10000; ++i) r += "RCPT TO:<bob@b.example>\r\n";
    smtp_probe("10000 RCPT", {r, "DATA\r\n"});
  }
  smtp_probe("path chars",
             {"EHLO a\r\nMAIL FROM:<a@a.example>\r\nRCPT TO:<../../etc/passwd@b.example>\r\nRCPT "
              "TO:<bob/../x@b.example>\r\nRCPT TO:<\"../x\"@b.example>\r\n"});
  pop_probe("long line", {"USER " + std::string(3000, 'b') + "\r\n", "NOOP\r\n"});
  pop_probe("NUL", {std::string("USER b\0ob\r\n", 11)});
  pop_probe("bare LF", {"USER bob\nPASS secret\nSTAT\n"});
  pop_probe("path chars", {"USER ../bob\r\nPASS secret\r\n"});
  imap_probe("long line", {"a1 LOGIN " + std::string(10000, 'b') + " x\r\n", "a2 NOOP\r\n"});
  imap_probe("NUL", {std::string("a1 LOGIN b\0ob secret\r\n", 22)});
  imap_probe("bare LF", {"a1 LOGIN bob secret\na2 NOOP\n"});
  imap_probe("literal 2^32", {"a1 LOGIN bob secret\r\na2 APPEND INBOX {4294967296}\r\n", "a3 NOOP\r\n"});
  imap_probe("literal 2^64+",
             {"a1 LOGIN bob secret\r\na2 APPEND INBOX {99999999999999999999}\r\n", "a3 NOOP\r\n"});
  imap_probe("unbalanced literal", {"a1 LOGIN bob secret\r\na2 APPEND INBOX {10}\r\nabc\r\n", "a3 NOOP\r\n"});
  imap_probe("deep nesting", {"a1 LOGIN bob secret\r\na2 SELECT INBOX\r\na3 FETCH 1 " +
                              std::string(100, '(') + "FLAGS" + std::string(100, ')') + "\r\n"});
  imap_probe("path chars",
             {"a1 LOGIN bob secret\r\na2 CREATE ../../etc\r\na3 CREATE /abs\r\na4 SELECT ../bob/INBOX\r\n"});
  http_probe("long request line", {"GET /" + std::string(10000, 'a') + " HTTP/1.1\r\nHost: a\r\n\r\n"});
  http_probe("NUL in header", {std::string("GET / HTTP/1.1\r\nHost: a\0b\r\n\r\n", 30)});
  http_probe("bare LF", {"GET / HTTP/1.1\nHost: a\n\n"});
  http_probe("body never ends", {"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1000000000\r\n\r\nabc"});
  http_probe("chunk size 2^72",
             {"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nfffffffffffffffffff\r\n"});
  {
    std::string m;
    for (int i = 0; i < 1000; ++i)
      m += "Content-Type: multipart/mixed; boundary=b" + std::to_string(i) + "\r\n\r\n--b" +
           std::to_string(i) + "\r\n";
    auto p = protocols::message::parse_mime(m);
    int depth = 0;
    const protocols::message::MimePart* q = &p;
    while (!q->children.empty()) {
      q = &q->children[0];
      ++depth;
    }
    std::cout << "MIME nesting 1000: depth parsed " << depth
              << ", defects at bottom: " << (q->defects.empty() ? "" : q->defects[0]) << "\n";
  }
  {
    std::string m = "Content-Transfer-Encoding: base64\r\n\r\n" + std::string(1000000, 'A') + "\r\n";
    auto p = protocols::message::parse_mime(m);
    auto b = protocols::message::decode_body(p, m);
    std::cout << "MIME base64 1MB of 'A': decoded " << b.size() << " bytes\n";
  }
}
