// Authoritative answers from the scenario's zone.
#include "sim/dns_server_host.hpp"

namespace sim {

namespace dns = protocols::dns;

DnsServerHost::DnsServerHost(World& w, NodeId id, const HostSpec& spec,
                             std::vector<dns::ResourceRecord> zone)
    : Host(w, id, spec) {
  for (auto& rr : zone) zone_.emplace(rr.name, std::move(rr));
}

void DnsServerHost::boot() {
  udp().bind(53, [this](const Packet& p) { on_query(p); });
}

void DnsServerHost::on_query(const Packet& p) {
  std::optional<dns::Message> q = dns::decode(p.payload);
  if (!q || q->response) return;  // garbage or a stray response: ignored, as servers do
  dns::Message r;
  r.id = q->id;
  r.response = true;
  r.authoritative = true;
  r.recursion_desired = q->recursion_desired;
  r.qname = q->qname;
  r.qtype = q->qtype;
  std::string name = q->qname;
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  auto [lo, hi] = zone_.equal_range(name);
  if (lo == hi) r.rcode = dns::Rcode::NxDomain;
  for (auto it = lo; it != hi; ++it)
    if (it->second.type == q->qtype) r.answers.push_back(it->second);
  std::string text = std::string(dns::to_string(r.rcode));
  if (!r.answers.empty()) text = r.answers.front().to_string() + (r.answers.size() > 1 ? " ..." : "");
  udp().send(p.src, p.sport, 53, dns::encode(r),
             Label{protocols::Proto::DNS, protocols::LabelKind::Query, "answer " + text});
}

}  // namespace sim
