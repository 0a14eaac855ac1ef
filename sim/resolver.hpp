// A stub resolver on every host: asks its DNS server over UDP port 53, retries, and tells
// the caller apart an answer, NXDOMAIN, no data (NOERROR with no answer) and no answer at
// all. Like glibc's defaults (resolv.conf timeout:5 attempts:2): 5 s per try, 2 tries.
// Left out: caching, search domains, TCP fallback.
#pragma once
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "protocols/dns/dns_message.hpp"
#include "sim/network.hpp"

namespace sim {

class Host;

struct DnsResult {
  enum class Status { Ok, NxDomain, NoData, Timeout, ServFail };
  Status status = Status::Timeout;
  std::vector<protocols::dns::ResourceRecord> records;
};
std::string_view to_string(DnsResult::Status s);

constexpr Duration kDnsTimeout = std::chrono::seconds(5);
constexpr int kDnsAttempts = 2;

class Resolver {
 public:
  using Callback = std::function<void(const DnsResult&)>;
  explicit Resolver(Host& h) : host_(h) {}
  void set_server(Ipv4 server) { server_ = server; }
  Ipv4 server() const { return server_; }
  void query(const std::string& name, protocols::dns::RrType type, Callback cb);
  void power_off() { pending_.clear(); }

 private:
  struct Pending {
    std::string name;
    protocols::dns::RrType type;
    Callback cb;
    std::uint16_t port = 0;
    int attempt = 0;
    EventId timer;
  };
  void send(std::uint16_t id);
  void on_reply(std::uint16_t id, const Packet& p);
  void on_timeout(std::uint16_t id);

  Host& host_;
  Ipv4 server_ = 0;
  std::uint16_t next_id_ = 1;
  std::map<std::uint16_t, Pending> pending_;
};

}  // namespace sim
