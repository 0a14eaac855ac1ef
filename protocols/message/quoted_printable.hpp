// Quoted-Printable content transfer encoding (RFC 2045 §6.7).
// Encoding: rules 1-5 — '=' and bytes outside 33..126 as =XX, space and tab literal except
// before a line break, encoded lines at most 76 characters with "=" soft breaks.
// Decoding is lenient as §6.7 asks: trailing whitespace on a line is removed, "=" followed
// by a line break is a soft break, malformed "=" sequences pass through unchanged.
// Leaves out: the "Q" variant for headers (encoded_word.hpp) and EBCDIC-safe encoding.
#pragma once
#include <string>
#include <string_view>

namespace protocols::message {

enum class QpMode {
  Text,    // CR LF or bare LF in the input is a line break, written as CR LF (rule 4)
  Binary,  // every byte is data: CR and LF are encoded as =0D and =0A
};

// Encodes with CR LF line breaks. The result ends with a line break only if the input
// (in Text mode) ended with one.
std::string qp_encode(std::string_view data, QpMode mode = QpMode::Text);

// Decodes; line breaks in the encoded text (CR LF or LF) come out as CR LF.
std::string qp_decode(std::string_view text);

}  // namespace protocols::message
