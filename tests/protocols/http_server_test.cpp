// HTTP/1.1 server engine: requests handed to the host, responses in order, persistent
// connections, and every error status the engine answers itself.
#include <catch2/catch.hpp>

#include <random>

#include "protocols/http/server.hpp"

using namespace protocols;
using namespace protocols::http;
using namespace std::chrono_literals;

namespace {

struct Harness {
  Server server;
  std::string out;
  std::vector<Transmit> transmits;
  std::vector<RequestReceived> requests;
  std::vector<int> replies;
  std::vector<std::string> commands;
  std::vector<std::string> violations;
  Instant now = kEpoch;

  explicit Harness(ServerConfig c = {}) : server(c) {
    server.handle_connected(now);
    drain();
  }
  void drain() {
    while (auto t = server.poll_transmit()) {
      out += t->bytes;
      transmits.push_back(*t);
    }
    while (auto e = server.poll_event()) {
      if (auto* r = std::get_if<RequestReceived>(&*e)) requests.push_back(*r);
      if (auto* r = std::get_if<ReplySent>(&*e)) replies.push_back(r->code);
      if (auto* c = std::get_if<CommandReceived>(&*e)) commands.push_back(c->line);
      if (auto* v = std::get_if<PeerViolation>(&*e)) violations.push_back(v->what);
    }
  }
  void feed(std::string_view bytes) {
    server.handle_bytes(bytes, now);
    drain();
  }
  void respond(int status, std::string body, Headers h = {{"Content-Type", "text/html; charset=utf-8"}}) {
    Response r;
    r.status = status;
    r.headers = std::move(h);
    r.body = std::move(body);
    server.respond(std::move(r), now);
    drain();
  }
};

const std::string kGet = "GET /inbox?folder=INBOX HTTP/1.1\r\nHost: mail.b.example\r\n\r\n";

}  // namespace

TEST_CASE("server hands a GET to the host and sends the host's response", "[protocols][http]") {
  Harness h;
  h.feed(kGet);
  REQUIRE(h.requests.size() == 1);
  CHECK(h.requests[0].method == "GET");
  CHECK(h.requests[0].target == "/inbox?folder=INBOX");
  CHECK(h.commands == std::vector<std::string>{"GET /inbox?folder=INBOX HTTP/1.1"});
  CHECK(h.server.awaiting_response());
  CHECK(h.out.empty());
  h.respond(200, "hello");
  CHECK(h.out == "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: 5\r\n\r\nhello");
  REQUIRE(h.transmits.size() == 2);
  CHECK(h.transmits[0].label == Label{Proto::HTTP, LabelKind::Reply, "200 OK"});
  CHECK(h.transmits[1].label == Label{Proto::HTTP, LabelKind::Data, "text/html (5 bytes)"});
  CHECK(h.replies == std::vector<int>{200});
  CHECK(h.server.state() == ServerState::Idle);
  CHECK_FALSE(h.server.wants_close());
}

TEST_CASE("server parses a POST fed one byte at a time", "[protocols][http]") {
  Harness h;
  std::string req = "POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                    "Content-Length: 22\r\n\r\nuser=bob&password=pw12";
  for (char c : req) {
    REQUIRE(h.requests.empty());
    h.feed(std::string(1, c));
  }
  REQUIRE(h.requests.size() == 1);
  CHECK(h.requests[0].body == "user=bob&password=pw12");
}

TEST_CASE("server answers pipelined requests in order, one at a time", "[protocols][http]") {
  Harness h;
  h.feed(kGet + "POST /send HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc" + "GET /a HTTP/1.1\r\nHo");
  REQUIRE(h.requests.size() == 1);  // the next one waits until this one is answered
  h.respond(200, "one");
  REQUIRE(h.requests.size() == 2);
  CHECK(h.requests[1].body == "abc");
  h.respond(303, "", {{"Location", "/inbox"}});
  CHECK(h.requests.size() == 2);
  h.feed("st: x\r\n\r\n");
  REQUIRE(h.requests.size() == 3);
  CHECK(h.requests[2].target == "/a");
  h.respond(404, "no");
  CHECK(h.replies == std::vector<int>{200, 303, 404});
  CHECK(h.out.find("HTTP/1.1 200 OK") < h.out.find("HTTP/1.1 303 See Other"));
  CHECK(h.out.find("HTTP/1.1 303 See Other") < h.out.find("HTTP/1.1 404 Not Found"));
}

TEST_CASE("server drops a pipelined flood while the host works and closes after answering", "[protocols][http]") {
  ServerConfig c;
  c.max_body = 100;
  Harness h(c);
  h.feed(kGet);
  REQUIRE(h.server.awaiting_response());
  h.feed(std::string(40 * 1024, 'A'));
  CHECK(h.violations.size() == 1);
  h.respond(200, "x");
  CHECK(h.out.find("Connection: close") != std::string::npos);
  CHECK(h.server.wants_close());
  CHECK(h.requests.size() == 1);
}

TEST_CASE("server keeps an HTTP/1.1 connection open and closes on Connection: close", "[protocols][http]") {
  Harness h;
  h.feed(kGet);
  h.respond(200, "a");
  CHECK_FALSE(h.server.wants_close());
  h.feed("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\nGET /ignored HTTP/1.1\r\nHost: x\r\n\r\n");
  REQUIRE(h.requests.size() == 2);
  h.respond(200, "b");
  CHECK(h.out.find("Connection: close\r\n") != std::string::npos);
  CHECK(h.server.wants_close());
  CHECK(h.requests.size() == 2);  // RFC 9112 §9.6: nothing after the closing request is read
}

TEST_CASE("server ignores empty lines between requests and keeps the keep-alive timer", "[protocols][http]") {
  Harness h;
  h.feed(kGet);
  h.respond(200, "a");
  h.feed("\r\n");
  CHECK(h.server.poll_timeout() == kEpoch + 60s);  // not the request timer: no request begun
  h.feed("\r\n" + kGet);
  REQUIRE(h.requests.size() == 2);
  CHECK(h.violations.empty());
}

TEST_CASE("server closes HTTP/1.0 unless keep-alive is asked for", "[protocols][http]") {
  Harness plain;
  plain.feed("GET / HTTP/1.0\r\n\r\n");
  plain.respond(200, "x");
  CHECK(plain.server.wants_close());
  Harness kept;
  kept.feed("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
  kept.respond(200, "x");
  CHECK(kept.out.find("Connection: keep-alive\r\n") != std::string::npos);
  CHECK_FALSE(kept.server.wants_close());
}

TEST_CASE("server host may close with its own Connection: close", "[protocols][http]") {
  Harness h;
  h.feed(kGet);
  h.respond(200, "x", {{"Connection", "close"}});
  CHECK(h.server.wants_close());
}

TEST_CASE("server answers HEAD with the head only", "[protocols][http]") {
  Harness h;
  h.feed("HEAD / HTTP/1.1\r\nHost: x\r\n\r\n");
  h.respond(200, "12345");
  CHECK(h.out == "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: 5\r\n\r\n");
}

TEST_CASE("server reads a chunked request body", "[protocols][http]") {
  Harness h;
  h.feed("POST /send HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nto=b\r\n0\r\n\r\n");
  REQUIRE(h.requests.size() == 1);
  CHECK(h.requests[0].body == "to=b");
  h.respond(200, "");
  CHECK_FALSE(h.server.wants_close());
}

TEST_CASE("server sends 100 Continue before the body when asked", "[protocols][http]") {
  Harness h;
  h.feed("POST /send HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n");
  CHECK(h.out == "HTTP/1.1 100 Continue\r\n\r\n");
  CHECK(h.requests.empty());
  h.feed("ok");
  REQUIRE(h.requests.size() == 1);
}

TEST_CASE("server answers a malformed request line with 400 and closes", "[protocols][http]") {
  Harness h;
  h.feed("GET  /  HTTP/1.1\r\nHost: x\r\n\r\n");
  CHECK(h.replies == std::vector<int>{400});
  CHECK(h.out.rfind("HTTP/1.1 400 Bad Request\r\n", 0) == 0);
  CHECK(h.out.find("Connection: close") != std::string::npos);
  CHECK(h.violations.size() == 1);
  CHECK(h.commands == std::vector<std::string>{"GET  /  HTTP/1.1"});
  CHECK(h.server.wants_close());
  CHECK(h.requests.empty());
}

TEST_CASE("server answers a request without Host with 400 and keeps the connection", "[protocols][http]") {
  Harness h;
  h.feed("POST /x HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc" + kGet);
  CHECK(h.replies == std::vector<int>{400});
  CHECK_FALSE(h.server.wants_close());
  REQUIRE(h.requests.size() == 1);  // the body was skipped, the next request is read
  CHECK(h.requests[0].target == "/inbox?folder=INBOX");
}

TEST_CASE("server answers each limit with its own status", "[protocols][http]") {
  ServerConfig c;
  c.max_body = 100;
  SECTION("413 for content over the cap, by Content-Length") {
    Harness h(c);
    h.feed("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 101\r\n\r\n");
    CHECK(h.replies == std::vector<int>{413});
    CHECK(h.server.wants_close());
  }
  SECTION("413 for chunked content over the cap") {
    Harness h(c);
    h.feed("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n65\r\n");
    CHECK(h.replies == std::vector<int>{413});
    CHECK(h.server.wants_close());
  }
  SECTION("414 for a request line over 8 KiB") {
    Harness h(c);
    h.feed("GET /" + std::string(9000, 'a'));
    CHECK(h.replies == std::vector<int>{414});
    CHECK(h.server.wants_close());
  }
  SECTION("431 for a head over 32 KiB") {
    Harness h(c);
    h.feed("GET / HTTP/1.1\r\n");
    for (int i = 0; i < 400; ++i) h.feed("X-Filler: " + std::string(90, 'f') + "\r\n");
    CHECK(h.replies == std::vector<int>{431});
    CHECK(h.server.wants_close());
  }
  SECTION("505 for HTTP/2.0") {
    Harness h(c);
    h.feed("GET / HTTP/2.0\r\nHost: x\r\n\r\n");
    CHECK(h.replies == std::vector<int>{505});
  }
  SECTION("501 for a transfer coding other than chunked") {
    Harness h(c);
    h.feed("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n");
    CHECK(h.replies == std::vector<int>{501});
    CHECK(h.server.wants_close());
  }
  SECTION("400 for an invalid Content-Length") {
    Harness h(c);
    h.feed("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1, 2\r\n\r\n");
    CHECK(h.replies == std::vector<int>{400});
    CHECK(h.server.wants_close());
  }
  SECTION("400 for broken chunked framing") {
    Harness h(c);
    h.feed("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nq\r\n");
    CHECK(h.replies == std::vector<int>{400});
    CHECK(h.server.wants_close());
  }
  SECTION("417 for an unknown expectation, connection kept") {
    Harness h(c);
    h.feed("GET / HTTP/1.1\r\nHost: x\r\nExpect: magic\r\n\r\n");
    CHECK(h.replies == std::vector<int>{417});
    CHECK_FALSE(h.server.wants_close());
  }
}

TEST_CASE("server closes after a request framed by both Transfer-Encoding and Content-Length", "[protocols][http]") {
  Harness h;
  h.feed("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 99\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nz\r\n0\r\n\r\n");
  REQUIRE(h.requests.size() == 1);
  CHECK(h.requests[0].body == "z");
  h.respond(200, "");
  CHECK(h.server.wants_close());  // RFC 9112 §6.1
}

TEST_CASE("server answers a stalled request with 408 and closes an idle connection quietly", "[protocols][http]") {
  Harness h;
  REQUIRE(h.server.poll_timeout() == kEpoch + 60s);
  h.now = kEpoch + 10s;
  h.feed("GET / HT");
  REQUIRE(h.server.poll_timeout() == kEpoch + 40s);
  h.now = kEpoch + 40s;
  h.server.handle_timeout(h.now);
  h.drain();
  CHECK(h.replies == std::vector<int>{408});
  CHECK(h.server.wants_close());

  Harness idle;
  idle.feed(kGet);
  CHECK_FALSE(idle.server.poll_timeout());  // the host is working on it
  idle.now = kEpoch + 5s;
  idle.respond(200, "x");
  REQUIRE(idle.server.poll_timeout() == kEpoch + 65s);
  idle.server.handle_timeout(kEpoch + 65s);
  idle.drain();
  CHECK(idle.replies == std::vector<int>{200});
  CHECK(idle.server.wants_close());
}

TEST_CASE("server reports a request cut by EOF and still answers one already complete", "[protocols][http]") {
  Harness cut;
  cut.feed("GET / HTTP/1.1\r\nHo");
  cut.server.handle_eof(cut.now);
  cut.drain();
  CHECK(cut.violations.size() == 1);
  CHECK(cut.server.wants_close());

  Harness whole;
  whole.feed(kGet);
  whole.server.handle_eof(whole.now);
  whole.drain();
  CHECK_FALSE(whole.server.wants_close());
  whole.respond(200, "x");
  CHECK(whole.server.wants_close());
  CHECK(whole.replies == std::vector<int>{200});
}

TEST_CASE("random bytes never crash the server and every request is answered", "[protocols][http]") {
  std::mt19937 rng(7);
  const std::vector<std::string> pieces = {"GET / HTTP/1.1\r\n", "Host: x\r\n", "\r\n", "Content-Length: 3\r\n",
                                           "Transfer-Encoding: chunked\r\n", "3\r\nabc\r\n", "0\r\n\r\n", "POST",
                                           " ", "\n", "HTTP/9.9", "Expect: 100-continue\r\n", "Connection: close\r\n"};
  for (int round = 0; round < 300; ++round) {
    ServerConfig c;
    c.max_body = 16;
    c.limits = HeadLimits{40, 120, false};
    Harness h(c);
    for (int step = 0; step < 40 && !h.server.wants_close(); ++step) {
      std::string chunk = (rng() % 3 == 0) ? std::string(1, static_cast<char>(rng() % 256)) : pieces[rng() % pieces.size()];
      h.feed(chunk);
      while (h.server.awaiting_response()) h.respond(200, "ok");
    }
    h.server.handle_eof(h.now);
    h.drain();
    while (h.server.awaiting_response()) h.respond(200, "ok");
    CHECK(h.server.wants_close());
    CHECK(h.replies.size() >= h.requests.size());
  }
}
