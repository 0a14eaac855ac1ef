// Export of a run's packets as a classic libpcap file (LINKTYPE_ETHERNET), so Wireshark and
// tshark dissect the virtual network's TCP, DNS, SMTP, POP3 and IMAP like a real capture.
// Each frame is rebuilt from a trace segment record: Ethernet II, IPv4 (RFC 791) with a real
// header checksum, then TCP (RFC 9293, with the MSS option on SYN segments) or UDP (RFC 768),
// each with its pseudo-header checksum, then the recorded payload bytes.
// Left out (docs/pcap.md): real MAC addresses and ARP, per-hop Ethernet rewriting, TTL
// decrease on the way, IP options, TCP options other than MSS, and packets sent to an
// address that no host has (the trace does not keep that address).
#pragma once
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>

#include "sim/run.hpp"
#include "sim/trace.hpp"

namespace sim {

struct PcapOptions {
  // Simulated time 0 is this Unix time (default 2026-01-05 01:00:00 UTC).
  std::int64_t base_unix_seconds = 1767574800;
  // Nanosecond timestamps (magic 0xa1b23c4d) by default; microseconds (0xa1b2c3d4) if false.
  bool nanosecond = true;
  // None: every packet as it left its sender (records with event Sent; retransmissions
  // appear again). A host: what a capture on that host sees, the packets it sent and the
  // packets delivered to it.
  std::optional<HostId> capture_at;
};

// Writes the pcap file. Returns false with `error` set (if given) when the trace and the
// topology do not fit together (a host without an IPv4 address, segment payloads that were
// not kept) or the stream fails; what was written by then is not a usable file.
bool write_pcap(const Trace& trace, const Topology& topo, std::ostream& out,
                const PcapOptions& opt, std::string* error);

// The run's TLS session keys in the NSS key log format (SSLKEYLOGFILE), one
// "CLIENT_RANDOM <client random> <master secret>" line per TLS session, in the order they
// were established: given to Wireshark (tls.keylog_file) it decrypts the capture's TLS.
// Empty when the run had no TLS.
std::string tls_key_log(const Trace& trace);

// RFC 1071 Internet checksum of `data` with `sum` carried in (for pseudo-headers).
std::uint16_t internet_checksum(const std::uint8_t* data, std::size_t n, std::uint32_t sum = 0);

}  // namespace sim
