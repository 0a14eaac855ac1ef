// Fuzz targets for HTTP/1.1 (RFC 9112): the head parser, the chunked decoder and the
// server session (the webmail's front door). Invariants: no crash or sanitizer report;
// consumed counts stay within the input; the chunked decoder never yields more body than
// its limit; the server answers a bounded amount per input byte.
#include "protocols/http/chunked.hpp"
#include "protocols/http/head_parser.hpp"
#include "protocols/http/server.hpp"
#include "tests/fuzz/fuzz_targets.hpp"
#include "tests/fuzz/fuzz_util.hpp"

namespace http = protocols::http;

int fuzz_http_head(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  std::string_view buf = fuzz::whole(data + 1, size - 1);
  http::HeadLimits limits;
  limits.allow_obs_fold = data[0] & 1;
  if (data[0] & 2) limits = {64, 256, limits.allow_obs_fold};
  // Whole buffer, and grown byte by byte with the scan_from hint: both must agree.
  http::HeadResult whole = http::parse_head(buf, limits);
  FUZZ_CHECK(whole.consumed <= buf.size());
  std::size_t scan = 0;
  http::HeadResult step;
  for (std::size_t n = 1; n <= buf.size(); ++n) {
    step = http::parse_head(buf.substr(0, n), limits, &scan);
    if (step.status != http::HeadStatus::NeedMore) break;
  }
  if (!buf.empty()) {
    FUZZ_CHECK(step.status == whole.status);
    if (whole.status == http::HeadStatus::Complete) {
      FUZZ_CHECK(step.consumed == whole.consumed);
      FUZZ_CHECK(step.headers == whole.headers);
      http::parse_request_line(whole.start_line);
      http::parse_status_line(whole.start_line);
    }
  }
  return 0;
}

int fuzz_http_chunked(const std::uint8_t* data, std::size_t size) {
  fuzz::Input in = fuzz::split(data, size);
  std::size_t max_body = in.config & 1 ? 16 : 1 << 20;
  http::ChunkedDecoder d(max_body);
  std::string pending, body;
  for (std::string_view chunk : in.chunks) {
    pending.append(chunk);
    std::size_t consumed = 0;
    auto st = d.feed(pending, consumed, body);
    FUZZ_CHECK(consumed <= pending.size());
    FUZZ_CHECK(body.size() <= max_body);
    pending.erase(0, consumed);
    if (st != http::ChunkedDecoder::Status::NeedMore) break;
  }
  // Round trip: what the decoder produced, re-encoded as one chunk, decodes to itself.
  std::string again = http::encode_chunk(body) + std::string(http::last_chunk());
  http::ChunkedDecoder d2(1 << 21);
  std::string body2;
  std::size_t consumed = 0;
  if (!body.empty()) {
    FUZZ_CHECK(d2.feed(again, consumed, body2) == http::ChunkedDecoder::Status::Complete);
    FUZZ_CHECK(body2 == body);
  }
  return 0;
}

int fuzz_http_server(const std::uint8_t* data, std::size_t size) {
  fuzz::Input in = fuzz::split(data, size);
  http::ServerConfig cfg;
  if (in.config & 1) cfg.max_body = 32;
  http::Server s(cfg);
  protocols::Instant now = protocols::kEpoch;
  std::size_t out = 0, fed = 0;
  auto drain = [&] {
    while (auto t = s.poll_transmit()) out += t->bytes.size();
    while (auto e = s.poll_event()) {
      if (std::holds_alternative<http::RequestReceived>(*e)) {
        http::Response r;
        r.body = "ok";
        s.respond(r, now);
      }
    }
    while (auto t = s.poll_transmit()) out += t->bytes.size();
  };
  s.handle_connected(now);
  for (std::size_t i = 0; i < in.chunks.size() && !s.wants_close(); ++i) {
    s.handle_bytes(in.chunks[i], now);
    fed += in.chunks[i].size();
    drain();
    FUZZ_CHECK(out <= fuzz::output_bound(fed, 300));
    now = fuzz::advance(now, i);
    if (auto t = s.poll_timeout(); t && *t <= now) {
      s.handle_timeout(now);
      drain();
    }
  }
  if (!s.wants_close()) s.handle_eof(now);
  drain();
  return 0;
}
