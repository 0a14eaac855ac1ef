// An IPv4 packet as the virtual network carries it: a TCP segment or a UDP datagram, with
// the labels of the bytes it carries and the simulator's connection id (metadata only, not
// on the wire) so records of both ends name the same connection.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "sim/trace.hpp"

namespace sim {

using Ipv4 = std::uint32_t;
constexpr std::uint8_t kProtoTcp = 6;
constexpr std::uint8_t kProtoUdp = 17;
constexpr std::uint32_t kIpHeader = 20, kTcpHeader = 20, kUdpHeader = 8;

struct Packet {
  Ipv4 src = 0, dst = 0;
  std::uint8_t proto = kProtoTcp;
  std::uint8_t ttl = 64;
  std::uint16_t sport = 0, dport = 0;
  // TCP
  std::uint32_t seq = 0, ack = 0;
  std::uint8_t flags = 0;
  std::uint16_t window = 0;
  std::uint16_t mss = 0;  // MSS option on SYN segments, 0 when absent
  bool retransmission = false;
  ConnId conn = 0;
  // Both
  std::string payload;
  std::vector<Label> labels;
  std::shared_ptr<const std::string> recorded;  // the payload as the trace keeps it

  std::uint32_t wire_size() const {
    return kIpHeader + (proto == kProtoTcp ? kTcpHeader + (mss ? 4 : 0) : kUdpHeader) +
           std::uint32_t(payload.size());
  }
};

}  // namespace sim
