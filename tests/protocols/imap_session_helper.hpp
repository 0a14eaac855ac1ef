// Test helper: one IMAP server session driven line by line, and a sample store shaped
// after RFC 3501 §8 (user mrc, three messages: plain, the WG summary, a multipart).
#pragma once
#include <string>

#include "protocols/imap/imap_server.hpp"

namespace imap_test {

inline protocols::store::Store sample_store() {
  using namespace protocols;
  store::Store s;
  s.add_user("mrc", "secret");
  s.append("mrc", "INBOX", "From: Fred <fred@example.com>\r\nTo: mrc@cac.washington.edu\r\nSubject: hello\r\n\r\nhi\r\n",
           {}, at_ns(1'000'000'000LL * 800'000'000));
  s.append("mrc", "INBOX",
           "Date: Wed, 17 Jul 1996 02:23:25 -0700 (PDT)\r\nFrom: Terry Gray <gray@cac.washington.edu>\r\n"
           "Subject: IMAP4rev1 WG mtg summary and minutes\r\nTo: imap@cac.washington.edu, mrc@cac.washington.edu\r\n"
           "Message-Id: <B27397-0100000@cac.washington.edu>\r\nMIME-Version: 1.0\r\n"
           "Content-Type: TEXT/PLAIN; CHARSET=US-ASCII\r\n\r\nMinutes of the meeting.\r\nNext one in Montreal.\r\n",
           {}, at_ns(837570265LL * 1'000'000'000));
  s.append("mrc", "INBOX",
           "From: a@b.example\r\nSubject: with parts\r\nMIME-Version: 1.0\r\n"
           "Content-Type: multipart/mixed; boundary=xyz\r\n\r\n"
           "--xyz\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nplain part\r\nok\r\n"
           "--xyz\r\nContent-Type: text/html\r\nContent-Transfer-Encoding: base64\r\n"
           "Content-Disposition: attachment; filename=a.html\r\n\r\nPGI+aGk8L2I+\r\n--xyz--\r\n",
           {}, at_ns(1'000'000'000LL * 900'000'000));
  return s;
}

struct Session {
  explicit Session(protocols::store::Store& st, protocols::imap::ServerConfig cfg = {}) : server(st, std::move(cfg)) {
    server.handle_connected(protocols::Instant{});
    greeting = drain();
  }
  std::string drain() {
    std::string out;
    while (auto t = server.poll_transmit()) out += t->bytes;
    return out;
  }
  std::string feed(std::string_view bytes) {
    server.handle_bytes(bytes, protocols::Instant{});
    return drain();
  }
  std::string say(std::string_view line) { return feed(std::string(line) + "\r\n"); }
  protocols::imap::Server server;
  std::string greeting;
};

}  // namespace imap_test
