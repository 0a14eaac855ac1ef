// Where to deliver mail for a domain (RFC 5321 §5.1): the MX records in preference order
// (equal preferences shuffled with the world's generator), each exchange resolved to an
// address; no MX records at all means the implicit MX (the domain's own A record);
// NXDOMAIN is permanent; no answer from DNS is temporary.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "sim/resolver.hpp"

namespace sim {

struct MxTarget {
  std::string host;
  Ipv4 ip = 0;
  int preference = 0;
};

struct MxResult {
  enum class Status { Ok, Permanent, Temporary };
  Status status = Status::Temporary;
  std::vector<MxTarget> targets;  // in the order to try them
  std::string reason;             // for a failure: "Host or domain name not found..."
  std::string enhanced;           // RFC 3463: 5.4.4 unable to route, 4.4.3 directory server failure
};

// Resolves `domain` with `host`'s resolver and calls `done` once.
void lookup_mx(Host& host, const std::string& domain, std::function<void(const MxResult&)> done);

}  // namespace sim
