// Reading a fill-in answer the way a student writes it (docs/lessons.md, "Answers"):
//   durations  "50 ms", "0.05 s", "50毫秒", "3秒", "1 h 30 m", "1小时30分钟", "2 minutes"
//   numbers    "1234567", "1,234,567", "1，234，567", "-3", "0.5"
//   clock      "14:05", "14:05:30" (also with the full-width colon)
// Spaces anywhere are ignored; unit words are English or Chinese, any case.
// Leaves out: numbers written in words ("three", "三"), and a bare number as a duration
// (a unit is required, since "50" could be seconds or milliseconds).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "protocols/time.hpp"

namespace lessons {

std::optional<protocols::Duration> read_duration_answer(std::string_view text);
std::optional<double> read_number_answer(std::string_view text);
// Seconds since midnight, and how precise the form is (60 for "14:05", 1 for "14:05:30").
struct ClockAnswer {
  std::int64_t seconds = 0;
  std::int64_t precision = 1;
};
std::optional<ClockAnswer> read_clock_answer(std::string_view text);

}  // namespace lessons
