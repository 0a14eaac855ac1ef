// Stub resolver: one UDP port per query, retries on time-out, DNS records in the trace.
#include "sim/resolver.hpp"

#include "sim/host.hpp"

namespace sim {

namespace dns = protocols::dns;

std::string_view to_string(DnsResult::Status s) {
  switch (s) {
    case DnsResult::Status::Ok: return "ok";
    case DnsResult::Status::NxDomain: return "NXDOMAIN";
    case DnsResult::Status::NoData: return "no data";
    case DnsResult::Status::Timeout: return "timeout";
    case DnsResult::Status::ServFail: return "SERVFAIL";
  }
  return "?";
}

void Resolver::query(const std::string& name, dns::RrType type, Callback cb) {
  // Query ids come from the world's generator (RFC 5452: unpredictable ids).
  std::uint16_t id;
  do id = static_cast<std::uint16_t>(host_.kernel().rng.next_u32() >> 16);
  while (id == 0 || pending_.count(id));
  Pending& p = pending_[id];
  p.name = name;
  p.type = type;
  p.cb = std::move(cb);
  p.port = host_.udp().ephemeral_port();
  host_.udp().bind(p.port, [this, id](const Packet& pkt) { on_reply(id, pkt); });
  send(id);
}

void Resolver::send(std::uint16_t id) {
  Pending& p = pending_.at(id);
  ++p.attempt;
  dns::Message m;
  m.id = id;
  m.qname = p.name;
  m.qtype = p.type;
  Kernel& k = host_.kernel();
  NodeId server_node = host_.world_node_of(server_);
  k.record(DnsRecord{p.attempt == 1 ? DnsEvent::Query : DnsEvent::Retry, host_.id(), server_node, p.name, p.type,
                     dns::Rcode::NoError, {}, id});
  host_.udp().send(server_, 53, p.port, dns::encode(m),
                   Label{protocols::Proto::DNS, protocols::LabelKind::Query,
                         "query " + std::string(dns::to_string(p.type)) + " " + p.name});
  p.timer = host_.after(kDnsTimeout, [this, id] { on_timeout(id); });
}

void Resolver::on_timeout(std::uint16_t id) {
  auto it = pending_.find(id);
  if (it == pending_.end()) return;
  if (it->second.attempt < kDnsAttempts) {
    send(id);
    return;
  }
  Pending p = std::move(it->second);
  pending_.erase(it);
  host_.udp().unbind(p.port);
  host_.kernel().record(DnsRecord{DnsEvent::Timeout, host_.id(), host_.world_node_of(server_), p.name, p.type,
                                  dns::Rcode::NoError, {}, id});
  DnsResult r;
  r.status = DnsResult::Status::Timeout;
  p.cb(r);
}

void Resolver::on_reply(std::uint16_t id, const Packet& pkt) {
  auto it = pending_.find(id);
  if (it == pending_.end() || pkt.src != server_) return;
  std::optional<dns::Message> m = dns::decode(pkt.payload);
  if (!m || !m->response || m->id != id) return;  // not ours: keep waiting
  Pending p = std::move(it->second);
  pending_.erase(it);
  host_.kernel().sched.cancel(p.timer);
  host_.udp().unbind(p.port);
  DnsResult r;
  std::vector<std::string> answers;
  for (const auto& rr : m->answers) {
    if (rr.type != p.type) continue;
    r.records.push_back(rr);
    answers.push_back(rr.to_string());
  }
  if (m->rcode == dns::Rcode::NxDomain) r.status = DnsResult::Status::NxDomain;
  else if (m->rcode != dns::Rcode::NoError) r.status = DnsResult::Status::ServFail;
  else r.status = r.records.empty() ? DnsResult::Status::NoData : DnsResult::Status::Ok;
  host_.kernel().record(DnsRecord{DnsEvent::Answer, host_.world_node_of(server_), host_.id(), p.name, p.type, m->rcode,
                                  std::move(answers), id});
  p.cb(r);
}

}  // namespace sim
