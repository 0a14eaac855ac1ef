// Fuzz targets for the mailbox access protocols: POP3 (RFC 1939) server and client, the
// IMAP4rev1 (RFC 3501) server with literals, its command framer/parser and its response
// parser. Invariants: no crash or sanitizer report; servers answer a bounded amount per
// input byte; the store stays readable (serialize -> deserialize gives it back).
#include "protocols/imap/imap_parser.hpp"
#include "protocols/imap/imap_response.hpp"
#include "protocols/imap/imap_server.hpp"
#include "protocols/pop3/pop3_client.hpp"
#include "protocols/pop3/pop3_server.hpp"
#include "protocols/store/store.hpp"
#include "tests/fuzz/fuzz_targets.hpp"
#include "tests/fuzz/fuzz_util.hpp"

namespace store = protocols::store;

namespace {

store::Store sample_store() {
  store::Store st;
  st.add_user("bob", "secret");
  st.append("bob", "INBOX", "Subject: one\r\nMessage-ID: <1@x>\r\n\r\nfirst\r\n", {}, protocols::kEpoch);
  st.append("bob", "INBOX",
            "Subject: two\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\npart\r\n--b--\r\n", {},
            protocols::kEpoch);
  return st;
}

// Pumps any server engine over the chunks, checking the output bound; `tick` lets the
// IMAP target tell the session its store changed (as the host does after a delivery).
template <class Server, class Tick>
void pump(Server& s, const fuzz::Input& in, Tick tick) {
  protocols::Instant now = protocols::kEpoch;
  std::size_t out = 0, fed = 0;
  auto drain = [&] {
    while (auto t = s.poll_transmit()) out += t->bytes.size();
    while (s.poll_event()) {
    }
  };
  s.handle_connected(now);
  drain();
  for (std::size_t i = 0; i < in.chunks.size() && !s.wants_close(); ++i) {
    s.handle_bytes(in.chunks[i], now);
    fed += in.chunks[i].size();
    drain();
    tick(now, i);
    drain();
    // A FETCH or RETR can legitimately return a whole message for a few bytes of command;
    // the store here holds two small ones, so the bound stays linear.
    FUZZ_CHECK(out <= fuzz::output_bound(fed, 2000));
    now = fuzz::advance(now, i);
    if (auto t = s.poll_timeout(); t && *t <= now) {
      s.handle_timeout(now);
      drain();
    }
  }
  if (!s.wants_close()) s.handle_eof(now);
  drain();
}

void check_store(const store::Store& st) {
  auto back = store::Store::deserialize(st.serialize());
  FUZZ_CHECK(back.has_value());
  FUZZ_CHECK(*back == st);
}

}  // namespace

int fuzz_pop3_server(const std::uint8_t* data, std::size_t size) {
  fuzz::Input in = fuzz::split(data, size);
  store::Store st = sample_store();
  protocols::pop3::ServerConfig cfg;
  cfg.apop_timestamp = "<1896.697170952@pop.example>";
  cfg.allow_apop = in.config & 1;
  {
    protocols::pop3::Server s(st, cfg);
    pump(s, in, [](protocols::Instant, std::size_t) {});
  }
  FUZZ_CHECK(!st.maildrop_locked("bob"));  // the lock goes with the session (RFC 1939 §8)
  check_store(st);
  return 0;
}

int fuzz_pop3_client(const std::uint8_t* data, std::size_t size) {
  fuzz::Input in = fuzz::split(data, size);
  protocols::pop3::ClientJob job;
  job.user = "bob";
  job.password = "secret";
  job.use_apop = in.config & 1;
  job.mode = in.config & 2 ? protocols::pop3::Mode::DownloadAndKeep : protocols::pop3::Mode::DownloadAndDelete;
  job.list_with_top = in.config & 4;
  protocols::pop3::Client c(job);
  protocols::Instant now = protocols::kEpoch;
  std::size_t out = 0, fed = 0;
  c.handle_connected(now);
  for (std::size_t i = 0; i < in.chunks.size() && !c.wants_close(); ++i) {
    c.handle_bytes(in.chunks[i], now);
    fed += in.chunks[i].size();
    while (auto t = c.poll_transmit()) out += t->bytes.size();
    while (c.poll_event()) {
    }
    FUZZ_CHECK(out <= fuzz::output_bound(fed, 300));
  }
  c.handle_eof(now);
  while (c.poll_transmit()) {
  }
  while (c.poll_event()) {
  }
  return 0;
}

int fuzz_imap_server(const std::uint8_t* data, std::size_t size) {
  fuzz::Input in = fuzz::split(data, size);
  store::Store st = sample_store();
  protocols::imap::ServerConfig cfg;
  // Small limits so the fuzzer reaches the refusal paths (and their literal skipping).
  if (in.config & 1) cfg.limits = {256, 1024, 4096, 4};
  {
    protocols::imap::Server s(st, cfg);
    pump(s, in, [&](protocols::Instant now, std::size_t i) {
      if (in.config & 2 && i % 5 == 4) {  // mail arrives meanwhile (IDLE, EXISTS)
        st.append("bob", "INBOX", "Subject: new\r\n\r\nnew\r\n", {}, now);
        s.handle_store_changed(now);
      }
    });
  }
  check_store(st);
  return 0;
}

int fuzz_imap_command(const std::uint8_t* data, std::size_t size) {
  fuzz::Input in = fuzz::split(data, size);
  protocols::imap::Limits limits;
  if (in.config & 1) limits = {256, 1024, 4096, 4};
  protocols::imap::CommandReader reader(limits);
  std::size_t fed = 0, framed = 0;
  for (std::string_view chunk : in.chunks) {
    reader.feed(chunk);
    fed += chunk.size();
    for (;;) {
      auto r = reader.next();
      reader.take_continuation_request();
      if (r.status == protocols::imap::CommandReader::Status::NeedMore) break;
      if (r.status == protocols::imap::CommandReader::Status::Complete) {
        framed += r.command.size();
        FUZZ_CHECK(r.command.size() <= limits.max_command + limits.max_line);
        protocols::imap::Parsed p = protocols::imap::parse_command(r.command, limits);
        if (p.error.empty()) FUZZ_CHECK(!p.args.empty());
      }
    }
    FUZZ_CHECK(framed <= fed);  // a command is never longer than the bytes it came from
  }
  protocols::imap::parse_sequence_set(fuzz::whole(data, size));
  return 0;
}

int fuzz_imap_response(const std::uint8_t* data, std::size_t size) {
  fuzz::Input in = fuzz::split(data, size);
  protocols::imap::CommandReader reader;  // frames responses the same way (lines + literals)
  for (std::string_view chunk : in.chunks) {
    reader.feed(chunk);
    for (;;) {
      auto r = reader.next();
      if (r.status == protocols::imap::CommandReader::Status::NeedMore) break;
      if (r.status == protocols::imap::CommandReader::Status::Complete) protocols::imap::parse_response(r.command);
    }
  }
  protocols::imap::parse_response(fuzz::whole(data, size));
  return 0;
}
