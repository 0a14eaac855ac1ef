// Incremental decoder for the chunked transfer coding (RFC 9112 §7.1): chunk-size in hex,
// chunk extensions (§7.1.1, ignored), chunk data followed by CRLF, the last chunk, and the
// trailer section (§7.1.2, kept but never merged into the header section).
// Limits: a chunk-size line or trailer line of at most 4 KiB, a decoded body of at most
// `max_body` octets, a trailer section of at most 8 KiB; beyond them the input is Invalid.
// Also the encoder a sender uses (one chunk per call plus the last chunk).
// Leaves out: other transfer codings (gzip, compress, deflate: RFC 9112 §7.2).
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "protocols/http/message.hpp"

namespace protocols::http {

class ChunkedDecoder {
 public:
  enum class Status { NeedMore, Complete, Invalid };
  explicit ChunkedDecoder(std::size_t max_body) : max_body_(max_body) {}

  // Consumes a prefix of `in` (its length in `consumed`), appending decoded data to `body`.
  // After Complete, bytes past `consumed` belong to the next message.
  Status feed(std::string_view in, std::size_t& consumed, std::string& body);

  const std::string& error() const { return error_; }
  bool too_large() const { return too_large_; }  // Invalid because of max_body
  const Headers& trailers() const { return trailers_; }

 private:
  enum class State { SizeLine, Data, DataEnd, Trailer, Done, Failed };
  Status fail(std::string why);
  bool on_size_line(std::string_view line);
  State state_ = State::SizeLine;
  std::size_t max_body_;
  std::uint64_t remaining_ = 0;
  std::size_t trailer_bytes_ = 0;
  std::string line_;
  Headers trailers_;
  std::string error_;
  bool too_large_ = false;
};

// "<hex size>\r\n<data>\r\n" for non-empty data; "" for empty data.
std::string encode_chunk(std::string_view data);
// "0\r\n\r\n": the last chunk with no trailer.
std::string_view last_chunk();

}  // namespace protocols::http
