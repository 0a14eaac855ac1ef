// HTTP/1.1 head parser and chunked decoder: whole buffer, one byte at a time, trailing
// bytes, limits, and random bytes.
#include <catch2/catch.hpp>

#include <random>

#include "protocols/http/chunked.hpp"
#include "protocols/http/head_parser.hpp"

using namespace protocols::http;

namespace {
const std::string kHead =
    "GET /inbox?folder=INBOX HTTP/1.1\r\nHost: mail.b.example\r\nCookie: session=abc; lang=zh\r\n"
    "Accept:  text/html \r\n\r\n";
}

TEST_CASE("head parser reads a whole request head", "[protocols][http]") {
  HeadResult r = parse_head(kHead, HeadLimits{});
  REQUIRE(r.status == HeadStatus::Complete);
  CHECK(r.consumed == kHead.size());
  CHECK(r.start_line == "GET /inbox?folder=INBOX HTTP/1.1");
  REQUIRE(r.headers.size() == 3);
  CHECK(r.headers[2] == Header{"Accept", "text/html"});
  auto line = parse_request_line(r.start_line);
  REQUIRE(line);
  CHECK(line->method == "GET");
  CHECK(line->target == "/inbox?folder=INBOX");
  CHECK(line->version == "HTTP/1.1");
}

TEST_CASE("head parser needs more until the empty line arrives, one byte at a time", "[protocols][http]") {
  std::size_t scan = 0;
  for (std::size_t n = 0; n < kHead.size(); ++n) {
    HeadResult r = parse_head(std::string_view(kHead).substr(0, n), HeadLimits{}, &scan);
    REQUIRE(r.status == HeadStatus::NeedMore);
  }
  HeadResult r = parse_head(kHead, HeadLimits{}, &scan);
  REQUIRE(r.status == HeadStatus::Complete);
  CHECK(r.headers.size() == 3);
}

TEST_CASE("head parser stops at the empty line and leaves trailing bytes", "[protocols][http]") {
  std::string buf = "\r\n" + kHead + "GET /next HTTP/1.1\r\n";
  HeadResult r = parse_head(buf, HeadLimits{});
  REQUIRE(r.status == HeadStatus::Complete);
  CHECK(r.consumed == kHead.size() + 2);  // RFC 9112 §2.2: the leading CRLF is skipped
  CHECK(buf.substr(r.consumed) == "GET /next HTTP/1.1\r\n");
}

TEST_CASE("head parser accepts bare LF line ends", "[protocols][http]") {
  HeadResult r = parse_head("GET / HTTP/1.1\nHost: x\n\nrest", HeadLimits{});
  REQUIRE(r.status == HeadStatus::Complete);
  CHECK(r.consumed == 24);
  CHECK(r.headers.at(0).value == "x");
}

TEST_CASE("head parser rejects what RFC 9112 says a server must reject", "[protocols][http]") {
  CHECK(parse_head("GET / HTTP/1.1\r\nHost : x\r\n\r\n", HeadLimits{}).error_status == 400);
  CHECK(parse_head("GET / HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n", HeadLimits{}).error_status == 400);
  CHECK(parse_head("GET / HTTP/1.1\r\nno colon\r\n\r\n", HeadLimits{}).error_status == 400);
  CHECK(parse_head("GET / HTTP/1.1\r\nX: a\rb\r\n\r\n", HeadLimits{}).error_status == 400);
  std::string long_line = "GET /" + std::string(9000, 'a');
  CHECK(parse_head(long_line, HeadLimits{}).error_status == 414);
  std::string big = "GET / HTTP/1.1\r\n";
  while (big.size() < 33 * 1024) big += "X-Filler: " + std::string(100, 'f') + "\r\n";
  CHECK(parse_head(big, HeadLimits{}).error_status == 431);
  CHECK(parse_head(big + "\r\n", HeadLimits{}).error_status == 431);
}

TEST_CASE("response heads may fold lines: the fold becomes a space", "[protocols][http]") {
  HeadLimits l;
  l.allow_obs_fold = true;
  HeadResult r = parse_head("HTTP/1.1 200 OK\r\nX-A: one\r\n two\r\n\r\n", l);
  REQUIRE(r.status == HeadStatus::Complete);
  CHECK(r.headers.at(0).value == "one two");
}

TEST_CASE("request and status lines follow the RFC 9112 grammar", "[protocols][http]") {
  CHECK_FALSE(parse_request_line("GET  / HTTP/1.1"));
  CHECK_FALSE(parse_request_line("GET / HTTP/1.1 extra"));
  CHECK_FALSE(parse_request_line("GET / HTTP/11"));
  CHECK_FALSE(parse_request_line("G(T / HTTP/1.1"));
  CHECK(parse_request_line("OPTIONS * HTTP/1.1"));
  auto s = parse_status_line("HTTP/1.1 404 Not Found");
  REQUIRE(s);
  CHECK(s->status == 404);
  CHECK(s->reason == "Not Found");
  auto bare = parse_status_line("HTTP/1.1 204");  // §4: a missing reason is accepted
  REQUIRE(bare);
  CHECK(bare->reason.empty());
  CHECK_FALSE(parse_status_line("HTTP/1.1 20x OK"));
  CHECK_FALSE(parse_status_line("ICY 200 OK"));
}

TEST_CASE("chunked decoder decodes whole, byte by byte, and leaves trailing bytes", "[protocols][http]") {
  const std::string wire = "5;ext=1\r\nhello\r\n7\r\n, world\r\n0\r\nX-Sum: 12\r\n\r\nNEXT";
  {
    ChunkedDecoder d(1000);
    std::string body;
    std::size_t used = 0;
    REQUIRE(d.feed(wire, used, body) == ChunkedDecoder::Status::Complete);
    CHECK(body == "hello, world");
    CHECK(wire.substr(used) == "NEXT");
    REQUIRE(d.trailers().size() == 1);
    CHECK(d.trailers()[0].value == "12");
  }
  {
    ChunkedDecoder d(1000);
    std::string body;
    std::size_t total = 0;
    ChunkedDecoder::Status st = ChunkedDecoder::Status::NeedMore;
    while (st == ChunkedDecoder::Status::NeedMore) {
      std::size_t used = 0;
      st = d.feed(std::string_view(wire).substr(total, 1), used, body);
      total += used;
    }
    CHECK(st == ChunkedDecoder::Status::Complete);
    CHECK(body == "hello, world");
    CHECK(total == wire.size() - 4);
  }
}

TEST_CASE("chunked decoder rejects bad sizes, missing CRLF and oversize bodies", "[protocols][http]") {
  std::string body;
  std::size_t used = 0;
  CHECK(ChunkedDecoder(100).feed("zz\r\n", used, body) == ChunkedDecoder::Status::Invalid);
  CHECK(ChunkedDecoder(100).feed("3\r\nabcX\r\n", used, body) == ChunkedDecoder::Status::Invalid);
  ChunkedDecoder big(10);
  CHECK(big.feed("b\r\n", used, body) == ChunkedDecoder::Status::Invalid);
  CHECK(big.too_large());
  CHECK(ChunkedDecoder(100).feed("ffffffffffffffffff\r\n", used, body) == ChunkedDecoder::Status::Invalid);
}

TEST_CASE("chunk encoder output decodes to the same bytes", "[protocols][http]") {
  std::string wire = encode_chunk(std::string(300, 'z')) + encode_chunk("!") + std::string(last_chunk());
  CHECK(wire.substr(0, 5) == "12c\r\n");
  ChunkedDecoder d(1000);
  std::string body;
  std::size_t used = 0;
  REQUIRE(d.feed(wire, used, body) == ChunkedDecoder::Status::Complete);
  CHECK(body == std::string(300, 'z') + "!");
}

TEST_CASE("random bytes never crash the head parser or the chunked decoder", "[protocols][http]") {
  std::mt19937 rng(42);
  const std::string alphabet = "GET /HTTP1.0\r\n: \t;xX=aF09";
  for (int round = 0; round < 2000; ++round) {
    std::string buf;
    std::size_t n = rng() % 200;
    for (std::size_t i = 0; i < n; ++i)
      buf += (rng() % 4 == 0) ? static_cast<char>(rng() % 256) : alphabet[rng() % alphabet.size()];
    std::size_t scan = 0;
    HeadResult r = parse_head(buf, HeadLimits{64, 128, round % 2 == 0}, &scan);
    CHECK(r.consumed <= buf.size());
    if (r.status == HeadStatus::Complete) parse_request_line(r.start_line), parse_status_line(r.start_line);
    ChunkedDecoder d(64);
    std::string body;
    std::size_t used = 0;
    d.feed(buf, used, body);
    CHECK(used <= buf.size());
    CHECK(body.size() <= 64);
  }
}
