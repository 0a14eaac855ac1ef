// MD5 message digest (RFC 1321), for POP3 APOP (RFC 1939 §7). MD5 is broken for collision
// resistance; APOP uses it because the RFC does, and that is part of the lesson.
// Leaves out: HMAC (RFC 2104) and streaming input (the digests here are of short strings).
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace protocols::pop3 {

std::array<std::uint8_t, 16> md5(std::string_view data);
std::string md5_hex(std::string_view data);  // 32 lower-case hex digits

}  // namespace protocols::pop3
