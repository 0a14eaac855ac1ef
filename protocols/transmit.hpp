// What a sans-IO engine hands back to be sent: the bytes and the label they carry.
#pragma once
#include <string>

#include "protocols/label.hpp"

namespace protocols {

struct Transmit {
  std::string bytes;
  Label label;
};

// Shortens a line for a label: at most `max` bytes (cut on a UTF-8 boundary) with "...".
std::string label_text(std::string_view line, std::size_t max = 60);

}  // namespace protocols
