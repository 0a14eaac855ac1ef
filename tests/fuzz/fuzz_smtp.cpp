// Fuzz targets for SMTP (RFC 5321): the server session fed arbitrary client bytes, the
// client session fed arbitrary server bytes, and the reply parser.
// Invariants: no crash or sanitizer report; a server never answers more than a bounded
// amount per input byte; a parsed reply formats and parses back to itself.
#include <algorithm>

#include "protocols/smtp/client.hpp"
#include "protocols/smtp/reply.hpp"
#include "protocols/smtp/server.hpp"
#include "tests/fuzz/fuzz_targets.hpp"
#include "tests/fuzz/fuzz_util.hpp"

namespace smtp = protocols::smtp;

namespace {

smtp::ServerConfig server_config(std::uint8_t c) {
  smtp::ServerConfig cfg;
  cfg.hostname = "mx.b.example";
  cfg.role = c & 1 ? smtp::PortRole::Submission : smtp::PortRole::Relay;
  cfg.local_domains = {"b.example"};
  cfg.local_users = {"bob@b.example", "carol@b.example"};
  cfg.accounts = {{"alice", "secret"}};
  cfg.max_message_size = c & 2 ? 64 : 1 << 20;
  cfg.max_recipients = c & 4 ? 2 : 100;
  cfg.tolerate_bare_lf = c & 8;
  return cfg;
}

}  // namespace

int fuzz_smtp_server(const std::uint8_t* data, std::size_t size) {
  fuzz::Input in = fuzz::split(data, size);
  smtp::Greylist grey;
  smtp::Server s(server_config(in.config), "192.0.2.1", &grey);
  smtp::FaultConfig f;
  f.greylisting = in.config & 16;
  f.disk_full = in.config & 32;
  if (in.config & 64) f.forced.push_back({smtp::FaultPhase::Rcpt, 451});
  s.set_faults(f);
  protocols::Instant now = protocols::kEpoch;
  std::size_t out = 0, fed = 0, accepted = 0;
  auto drain = [&] {
    while (auto t = s.poll_transmit()) out += t->bytes.size();
    while (auto e = s.poll_event()) {
      if (auto* m = std::get_if<smtp::MessageReceived>(&*e)) {
        FUZZ_CHECK(m->data.size() <= s.config().max_message_size + 2);
        FUZZ_CHECK(!m->envelope.rcpts.empty() && m->envelope.rcpts.size() <= s.config().max_recipients);
        // The host answers: alternately accept and refuse, as a full disk would.
        if (++accepted % 2) s.accept_message("Q" + std::to_string(accepted), now);
        else s.reject_message(smtp::make_reply(452, "4.3.1", "Insufficient system storage"), now);
      }
    }
    while (auto t = s.poll_transmit()) out += t->bytes.size();
  };
  s.handle_connected(now);
  drain();
  for (std::size_t i = 0; i < in.chunks.size() && !s.wants_close(); ++i) {
    s.handle_bytes(in.chunks[i], now);
    fed += in.chunks[i].size();
    drain();
    FUZZ_CHECK(out <= fuzz::output_bound(fed));
    now = fuzz::advance(now, i);
    if (auto t = s.poll_timeout(); t && *t <= now) {
      s.handle_timeout(now);
      drain();
    }
  }
  if (!s.wants_close()) s.handle_eof(now);
  drain();
  FUZZ_CHECK(out <= fuzz::output_bound(fed));
  return 0;
}

int fuzz_smtp_client(const std::uint8_t* data, std::size_t size) {
  fuzz::Input in = fuzz::split(data, size);
  smtp::ClientJob job;
  job.helo_name = "mail.a.example";
  if (in.config & 1) job.auth_user = "alice";
  job.auth_password = "secret";
  job.mail_from = in.config & 2 ? "" : "alice@a.example";
  job.rcpts = {"bob@b.example", "carol@b.example"};
  job.data = "Subject: hi\r\n\r\n.leading dot\r\nbody\r\n";
  job.prefer_ehlo = !(in.config & 4);
  smtp::Client c(job);
  protocols::Instant now = protocols::kEpoch;
  std::size_t out = 0, fed = 0;
  auto drain = [&] {
    while (auto t = c.poll_transmit()) out += t->bytes.size();
    while (c.poll_event()) {
    }
  };
  c.handle_connected(now);
  drain();
  for (std::size_t i = 0; i < in.chunks.size() && !c.wants_close(); ++i) {
    c.handle_bytes(in.chunks[i], now);
    fed += in.chunks[i].size();
    drain();
    // A client sends its job once; a hostile server cannot make it talk without end.
    FUZZ_CHECK(out <= fuzz::output_bound(fed, 300) + job.data.size() * 2);
    now = fuzz::advance(now, i);
    if (auto t = c.poll_timeout(); t && *t <= now) {
      c.handle_timeout(now);
      drain();
    }
  }
  c.handle_eof(now);
  drain();
  return 0;
}

int fuzz_smtp_reply(const std::uint8_t* data, std::size_t size) {
  std::string_view buf = fuzz::whole(data, size);
  while (!buf.empty()) {
    smtp::ReplyParse p = smtp::parse_reply(buf);
    if (p.status == smtp::ReplyParse::Status::NeedMore) break;
    FUZZ_CHECK(p.consumed > 0 && p.consumed <= buf.size());
    if (p.status == smtp::ReplyParse::Status::Complete) {
      FUZZ_CHECK(p.reply.code >= 200 && p.reply.code <= 599);
      // Round trip: what we print parses back to the same reply (texts are trimmed of
      // CR LF by the parser, so a second print is a fixed point).
      std::string text = smtp::format_reply(p.reply);
      smtp::ReplyParse again = smtp::parse_reply(text);
      FUZZ_CHECK(again.status == smtp::ReplyParse::Status::Complete);
      FUZZ_CHECK(smtp::format_reply(again.reply) == text);
    }
    buf.remove_prefix(p.consumed);
  }
  return 0;
}
