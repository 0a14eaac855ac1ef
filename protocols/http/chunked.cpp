// The chunked transfer coding (RFC 9112 §7.1).
#include "protocols/http/chunked.hpp"

#include "protocols/http/head_parser.hpp"

namespace protocols::http {

namespace {
constexpr std::size_t kMaxLine = 4096;
constexpr std::size_t kMaxTrailer = 8192;

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
}  // namespace

ChunkedDecoder::Status ChunkedDecoder::fail(std::string why) {
  state_ = State::Failed;
  error_ = std::move(why);
  return Status::Invalid;
}

bool ChunkedDecoder::on_size_line(std::string_view line) {
  // chunk = chunk-size [ chunk-ext ] CRLF; chunk-size = 1*HEXDIG. A recipient MUST be
  // able to parse and decode chunked and ignore unrecognised chunk extensions (§7.1.1).
  std::size_t i = 0;
  std::uint64_t size = 0;
  while (i < line.size() && hex_value(line[i]) >= 0) {
    if (size > (UINT64_MAX >> 4)) return false;  // §7.1: anticipate overflow
    size = size * 16 + static_cast<std::uint64_t>(hex_value(line[i]));
    ++i;
  }
  if (i == 0) return false;
  while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;  // BWS before ';'
  if (i < line.size() && line[i] != ';') return false;
  remaining_ = size;
  return true;
}

ChunkedDecoder::Status ChunkedDecoder::feed(std::string_view in, std::size_t& consumed, std::string& body) {
  consumed = 0;
  while (consumed < in.size() || state_ == State::Done || state_ == State::Failed) {
    switch (state_) {
      case State::Done: return Status::Complete;
      case State::Failed: return Status::Invalid;
      case State::Data: {
        std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(remaining_, in.size() - consumed));
        body.append(in.substr(consumed, n));
        consumed += n;
        remaining_ -= n;
        if (remaining_ == 0) state_ = State::DataEnd;
        break;
      }
      case State::SizeLine:
      case State::DataEnd:
      case State::Trailer: {
        char c = in[consumed++];
        if (c != '\n') {
          line_ += c;
          if (line_.size() > kMaxLine) return fail("chunk line longer than 4096 octets");
          break;
        }
        std::string line = std::move(line_);
        line_.clear();
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (state_ == State::DataEnd) {
          if (!line.empty()) return fail("chunk data not followed by CRLF");
          state_ = State::SizeLine;
        } else if (state_ == State::SizeLine) {
          if (!on_size_line(line)) return fail("invalid chunk size line \"" + line + "\"");
          if (remaining_ > max_body_ - std::min(max_body_, body.size())) {
            too_large_ = true;
            return fail("chunked body larger than " + std::to_string(max_body_) + " octets");
          }
          state_ = remaining_ == 0 ? State::Trailer : State::Data;  // last-chunk
        } else {
          // trailer-section = *( field-line CRLF ) CRLF (§7.1.2)
          if (line.empty()) {
            state_ = State::Done;
            break;
          }
          trailer_bytes_ += line.size() + 2;
          std::size_t colon = line.find(':');
          if (trailer_bytes_ > kMaxTrailer) return fail("trailer section too large");
          if (colon == std::string::npos || !is_token(std::string_view(line).substr(0, colon)))
            return fail("invalid trailer field");
          std::string value = line.substr(colon + 1);
          while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.erase(0, 1);
          while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.pop_back();
          trailers_.push_back(Header{line.substr(0, colon), value});
        }
        break;
      }
    }
  }
  return Status::NeedMore;
}

std::string encode_chunk(std::string_view data) {
  if (data.empty()) return {};
  static const char* kHex = "0123456789abcdef";
  std::string size;
  for (std::size_t n = data.size(); n > 0; n /= 16) size.insert(size.begin(), kHex[n % 16]);
  return size + "\r\n" + std::string(data) + "\r\n";
}

std::string_view last_chunk() { return "0\r\n\r\n"; }

}  // namespace protocols::http
