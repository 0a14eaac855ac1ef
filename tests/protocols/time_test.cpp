// Simulated durations as people write them: one term ("90s", "1.5s") or terms from the
// largest unit down ("24h1m", "1d2h30m"), as scenarios, faults, --until and --at take them.
#include <catch2/catch.hpp>

#include <string>

#include "protocols/time.hpp"

using namespace std::chrono_literals;
using protocols::parse_duration;

TEST_CASE("a duration is one term or terms from the largest unit down", "[protocols][time]") {
  CHECK(parse_duration("0") == 0ns);
  CHECK(parse_duration("250ms") == 250ms);
  CHECK(parse_duration("1.5s") == 1500ms);
  CHECK(parse_duration("24h1m") == 24h + 1min);
  CHECK(parse_duration("1d2h30m") == 24h + 2h + 30min);
  CHECK(parse_duration("1m30.5s") == 90500ms);
  CHECK(parse_duration("2s500ms") == 2500ms);
  std::string written = protocols::format_duration(24h + 1min + 7ms);  // "1d 1m 7ms"
  std::erase(written, ' ');
  CHECK(parse_duration(written) == 24h + 1min + 7ms);
}

TEST_CASE("a duration with a repeated or growing unit, a space or no unit is refused", "[protocols][time]") {
  for (const char* bad : {"", "5", "1m1h", "1h1h", "1h 1m", "h", "1x", "1.5", "-1s", "1s-", "10mm", "1d1"})
    CHECK_FALSE(parse_duration(bad));
  CHECK_FALSE(parse_duration("99999999999999999d"));
  CHECK_FALSE(parse_duration("106751d24h"));  // past the largest time the clock holds
}
