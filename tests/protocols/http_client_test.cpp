// HTTP/1.1 client engine alone (responses framed every way RFC 9112 §6.3 allows) and a
// client/server pair over a lossless in-memory link with a step bound.
#include <catch2/catch.hpp>

#include <functional>

#include "protocols/http/client.hpp"
#include "protocols/http/server.hpp"

using namespace protocols;
using namespace protocols::http;
using namespace std::chrono_literals;

namespace {

struct ClientHarness {
  Client client;
  std::string out;
  std::vector<Transmit> transmits;
  std::vector<ResponseReceived> responses;
  std::vector<std::string> violations;
  std::vector<std::string> timeouts;
  explicit ClientHarness(ClientConfig c = {}) : client(c) {}
  void drain() {
    while (auto t = client.poll_transmit()) {
      out += t->bytes;
      transmits.push_back(*t);
    }
    while (auto e = client.poll_event()) {
      if (auto* r = std::get_if<ResponseReceived>(&*e)) responses.push_back(*r);
      if (auto* v = std::get_if<PeerViolation>(&*e)) violations.push_back(v->what);
      if (auto* t = std::get_if<ResponseTimedOut>(&*e)) timeouts.push_back(t->request_line);
    }
  }
  void connect() {
    client.handle_connected(kEpoch);
    drain();
  }
  void feed(std::string_view b) {
    client.handle_bytes(b, kEpoch);
    drain();
  }
};

Request get(std::string target) {
  Request r;
  r.target = std::move(target);
  r.headers = {{"Host", "mail.b.example"}};
  return r;
}

}  // namespace

TEST_CASE("client writes a request with labels and waits until connected", "[protocols][http]") {
  ClientHarness h;
  Request post = get("/login");
  post.method = "POST";
  post.headers.push_back({"Content-Type", "application/x-www-form-urlencoded"});
  post.body = "user=bob&password=x";
  h.client.send(post, kEpoch);
  h.drain();
  CHECK(h.out.empty());
  h.connect();
  CHECK(h.out == "POST /login HTTP/1.1\r\nHost: mail.b.example\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                 "Content-Length: 19\r\n\r\nuser=bob&password=x");
  REQUIRE(h.transmits.size() == 2);
  CHECK(h.transmits[0].label == Label{Proto::HTTP, LabelKind::Command, "POST /login HTTP/1.1"});
  CHECK(h.transmits[1].label == Label{Proto::HTTP, LabelKind::Data, "application/x-www-form-urlencoded (19 bytes)"});
}

TEST_CASE("client reads a Content-Length response whole and one byte at a time", "[protocols][http]") {
  const std::string resp = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello";
  for (bool bytewise : {false, true}) {
    ClientHarness h;
    h.connect();
    h.client.send(get("/"), kEpoch);
    h.drain();
    if (bytewise)
      for (char c : resp) h.feed(std::string(1, c));
    else
      h.feed(resp);
    REQUIRE(h.responses.size() == 1);
    CHECK(h.responses[0].status == 200);
    CHECK(h.responses[0].reason == "OK");
    CHECK(h.responses[0].body == "hello");
    CHECK(h.responses[0].request_line == "GET / HTTP/1.1");
    CHECK(h.client.idle());
  }
}

TEST_CASE("client reads chunked, until-close, HEAD, 204 and skips 1xx", "[protocols][http]") {
  ClientHarness h;
  h.connect();
  h.client.send(get("/a"), kEpoch);
  Request head = get("/b");
  head.method = "HEAD";
  h.client.send(head, kEpoch);
  h.client.send(get("/c"), kEpoch);
  h.client.send(get("/d"), kEpoch);
  h.drain();
  h.feed("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n");
  h.feed("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n");
  h.feed("HTTP/1.1 204 No Content\r\n\r\n");
  h.feed("HTTP/1.1 200 OK\r\n\r\nall of");
  h.feed(" it");
  CHECK(h.responses.size() == 3);
  h.client.handle_eof(kEpoch);
  h.drain();
  REQUIRE(h.responses.size() == 4);
  CHECK(h.responses[0].body == "abc");
  CHECK(h.responses[1].body.empty());
  CHECK(h.responses[2].status == 204);
  CHECK(h.responses[3].body == "all of it");
  CHECK(h.violations.empty());
  CHECK(h.client.wants_close());
}

TEST_CASE("client stops after Connection: close and keeps the unsent requests", "[protocols][http]") {
  ClientHarness h;
  h.connect();
  h.client.send(get("/a"), kEpoch);
  h.client.send(get("/b"), kEpoch);
  h.drain();
  h.feed("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
  CHECK(h.responses.size() == 1);
  CHECK(h.client.wants_close());
  CHECK(h.client.unsent() == std::vector<std::string>{"GET /b HTTP/1.1"});
}

TEST_CASE("client reports a malformed response and a silent server", "[protocols][http]") {
  ClientHarness bad;
  bad.connect();
  bad.client.send(get("/"), kEpoch);
  bad.drain();
  bad.feed("HTTP/1.1 OK\r\n\r\n");
  CHECK(bad.violations.size() == 1);
  CHECK(bad.client.wants_close());

  ClientHarness silent;
  silent.connect();
  silent.client.send(get("/slow"), kEpoch);
  silent.drain();
  REQUIRE(silent.client.poll_timeout() == kEpoch + 30s);
  silent.client.handle_timeout(kEpoch + 30s);
  silent.drain();
  CHECK(silent.timeouts == std::vector<std::string>{"GET /slow HTTP/1.1"});
  CHECK(silent.client.wants_close());
}

TEST_CASE("client send_raw writes bytes as given and expects one response", "[protocols][http]") {
  ClientHarness h;
  h.connect();
  h.client.send_raw("GARBAGE\r\n\r\n", kEpoch);
  h.drain();
  CHECK(h.out == "GARBAGE\r\n\r\n");
  CHECK(h.transmits.at(0).label.text == "GARBAGE");
  h.feed("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
  REQUIRE(h.responses.size() == 1);
  CHECK(h.responses[0].request_line == "GARBAGE");
}

namespace {

// Runs a client against a server over a lossless link until both are idle; the host
// answers each request with `app`. Fails the test when the step bound is hit.
struct Pair {
  Client client;
  Server server;
  std::function<Response(const Request&)> app;
  std::vector<ResponseReceived> responses;
  std::vector<std::string> trace;  // "C: GET / HTTP/1.1" / "S: 200"
  bool closed = false;

  Pair(ClientConfig cc, std::function<Response(const Request&)> a) : client(cc), app(std::move(a)) {}

  void run(int max_steps = 1000) {
    Instant now = kEpoch;
    server.handle_connected(now);
    client.handle_connected(now);
    for (int step = 0;; ++step) {
      REQUIRE(step < max_steps);
      bool moved = false;
      while (auto t = client.poll_transmit()) {
        server.handle_bytes(t->bytes, now);
        moved = true;
      }
      while (auto e = server.poll_event()) {
        if (auto* r = std::get_if<RequestReceived>(&*e)) {
          trace.push_back("C: " + request_line(*r));
          server.respond(app(*r), now);
        }
        if (auto* r = std::get_if<ReplySent>(&*e)) trace.push_back("S: " + std::to_string(r->code));
        moved = true;
      }
      while (auto t = server.poll_transmit()) {
        client.handle_bytes(t->bytes, now);
        moved = true;
      }
      while (auto e = client.poll_event()) {
        if (auto* r = std::get_if<ResponseReceived>(&*e)) responses.push_back(*r);
        moved = true;
      }
      if (server.wants_close() || client.wants_close()) {
        closed = true;
        return;
      }
      if (!moved) return;
    }
  }
};

Response echo_target(const Request& r) {
  Response resp;
  resp.headers = {{"Content-Type", "text/plain"}};
  resp.body = r.method + " " + r.target + " " + r.body;
  if (r.target == "/missing") resp.status = 404;
  return resp;
}

}  // namespace

TEST_CASE("client and server pair: requests one at a time on one connection", "[protocols][http]") {
  Pair p(ClientConfig{}, echo_target);
  p.client.send(get("/inbox"), kEpoch);
  Request post = get("/send");
  post.method = "POST";
  post.body = "to=bob";
  p.client.send(post, kEpoch);
  p.client.send(get("/missing"), kEpoch);
  p.run();
  REQUIRE(p.responses.size() == 3);
  CHECK(p.responses[0].body == "GET /inbox ");
  CHECK(p.responses[1].body == "POST /send to=bob");
  CHECK(p.responses[2].status == 404);
  CHECK(p.trace == std::vector<std::string>{"C: GET /inbox HTTP/1.1", "S: 200", "C: POST /send HTTP/1.1", "S: 200",
                                            "C: GET /missing HTTP/1.1", "S: 404"});
  CHECK_FALSE(p.closed);
}

TEST_CASE("client and server pair: pipelined requests are answered in order", "[protocols][http]") {
  ClientConfig cc;
  cc.pipeline = true;
  Pair p(cc, echo_target);
  for (int i = 0; i < 5; ++i) p.client.send(get("/m" + std::to_string(i)), kEpoch);
  Request last = get("/bye");
  last.headers.push_back({"Connection", "close"});
  p.client.send(last, kEpoch);
  p.run();
  REQUIRE(p.responses.size() == 6);
  for (int i = 0; i < 5; ++i) CHECK(p.responses[static_cast<std::size_t>(i)].body == "GET /m" + std::to_string(i) + " ");
  CHECK(p.closed);
}
