// DNS messages on the wire (RFC 1035 §4): header, one question, answer records of type A
// and MX, name compression on decode (pointers) and none on encode. Enough for a mail
// server's MX and A lookups, and real enough that Wireshark dissects a pcap of them.
// Left out: EDNS, TCP transport, other record types (decoded as opaque and skipped).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace protocols::dns {

enum class RrType : std::uint16_t { A = 1, MX = 15 };
enum class Rcode : std::uint8_t { NoError = 0, FormErr = 1, ServFail = 2, NxDomain = 3, NotImp = 4, Refused = 5 };
std::string_view to_string(RrType t);
std::string_view to_string(Rcode r);

struct ResourceRecord {
  std::string name;
  RrType type = RrType::A;
  std::uint32_t ttl = 3600;
  std::uint32_t address = 0;     // A: IPv4 in host order
  std::uint16_t preference = 0;  // MX
  std::string exchange;          // MX
  std::string to_string() const; // "192.0.2.25" or "10 mail.b.example"
};

struct Message {
  std::uint16_t id = 0;
  bool response = false;
  bool authoritative = false;
  bool recursion_desired = true;
  Rcode rcode = Rcode::NoError;
  std::string qname;
  RrType qtype = RrType::A;
  std::vector<ResourceRecord> answers;
};

std::string encode(const Message& m);
// nullopt for a malformed message (truncated, bad label, pointer loop).
std::optional<Message> decode(std::string_view wire);

std::string format_ipv4(std::uint32_t addr);
std::optional<std::uint32_t> parse_ipv4(std::string_view text);

}  // namespace protocols::dns
