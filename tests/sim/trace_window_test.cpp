// The trace's window (mailsim serve --trace-window): memory holds about the window's bytes
// of the latest records, whole chunks let go from the front; the numbering `n` goes on over
// the whole trace; a sink (serve --trace) sees every record once, in order; without a window
// nothing is let go.
#include <catch2/catch.hpp>

#include "sim/trace.hpp"
#include "sim/trace_format.hpp"

using namespace sim;

namespace {

SegmentRecord segment(std::size_t len) {
  SegmentRecord s;
  s.from = 0;
  s.to = 1;
  s.conn = 1;
  s.len = static_cast<std::uint32_t>(len);
  s.payload = std::make_shared<const std::string>(len, 'x');
  return s;
}

}  // namespace

TEST_CASE("a trace with a window holds about the window's bytes of its latest records", "[sim][trace][window]") {
  Trace t;
  t.add_host("a");
  t.add_host("b");
  const std::size_t window = 2u << 20;
  t.set_window(window);
  std::vector<std::uint64_t> seen;
  std::size_t lines = 0;
  t.set_sink([&](const TraceEntry& e, const Trace& tr) {
    seen.push_back(e.n);
    lines += !to_jsonl(e, tr).empty();
  });
  const std::size_t n = 40'000;  // about 56 MiB of payload
  for (std::size_t i = 0; i < n; ++i) t.append(protocols::Instant{} + protocols::Duration(i), segment(1400));

  const TraceEntries& es = t.entries();
  CHECK(es.total() == n);
  CHECK(es.dropped() > 0);
  CHECK(es.dropped() % TraceEntries::kChunk == 0);  // whole chunks
  CHECK(es.size() + es.dropped() == n);
  CHECK(es.bytes() <= window + TraceEntries::kChunk * record_bytes(segment(1400)));
  CHECK(es.bytes() >= window / 2);
  // Index 0 is the oldest record kept; its n says where it stands; the rest follow on.
  CHECK(es[0].n == es.dropped());
  CHECK(es.back().n == n - 1);
  for (std::size_t i = 1; i < es.size(); ++i) REQUIRE(es[i].n == es[i - 1].n + 1);
  // The sink heard every record once, in order.
  REQUIRE(seen.size() == n);
  for (std::size_t i = 0; i < n; ++i) REQUIRE(seen[i] == i);
  CHECK(lines == n);
}

TEST_CASE("a trace without a window keeps every record", "[sim][trace][window]") {
  Trace t;
  t.add_host("a");
  t.add_host("b");
  for (std::size_t i = 0; i < 3 * TraceEntries::kChunk + 5; ++i)
    t.append(protocols::Instant{}, segment(1400));
  CHECK(t.entries().dropped() == 0);
  CHECK(t.size() == 3 * TraceEntries::kChunk + 5);
  CHECK(t.entries()[0].n == 0);
}

TEST_CASE("a window set on a trace that has records counts them and lets the oldest go", "[sim][trace][window]") {
  Trace t;
  t.add_host("a");
  t.add_host("b");
  for (std::size_t i = 0; i < 4 * TraceEntries::kChunk; ++i) t.append(protocols::Instant{}, segment(1000));
  t.set_window(1);  // one byte: only the chunk being filled stays
  t.append(protocols::Instant{}, segment(1000));
  CHECK(t.size() == 1);
  CHECK(t.entries()[0].n == 4 * TraceEntries::kChunk);
}
