// A DNS server host: answers A and MX queries on UDP port 53 from the scenario's records
// (plus an automatic A record for every host's name), authoritatively. A name with no
// records at all is NXDOMAIN; a name with records of another type is "no data" (NOERROR,
// empty answer), as RFC 2308 distinguishes them.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "protocols/dns/dns_message.hpp"
#include "sim/host.hpp"

namespace sim {

class DnsServerHost : public Host {
 public:
  DnsServerHost(World& w, NodeId id, const HostSpec& spec,
                std::vector<protocols::dns::ResourceRecord> zone);
  void boot() override;

 private:
  void on_query(const Packet& p);
  std::multimap<std::string, protocols::dns::ResourceRecord> zone_;
};

}  // namespace sim
