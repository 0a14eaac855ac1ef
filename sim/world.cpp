// Building a world from a scenario, applying faults, and running it.
#include "sim/world.hpp"

#include "protocols/dns/dns_message.hpp"
#include "sim/dns_server_host.hpp"
#include "sim/echo_hosts.hpp"
#include "sim/external_host.hpp"
#include "sim/fault_spec.hpp"
#include "sim/mail_server_host.hpp"
#include "sim/user_agent_host.hpp"
#include "sim/webmail_host.hpp"
#include "sim/browser_host.hpp"
#include "sim/resolver.hpp"
#if MAILSIM_HAVE_TLS
#include "sim/tls_context.hpp"
#endif

namespace sim {

namespace dns = protocols::dns;

namespace {
std::vector<dns::ResourceRecord> zone_of(const ScenarioSpec& spec) {
  std::vector<dns::ResourceRecord> zone;
  for (const HostSpec& h : spec.hosts) {  // every host's name has an A record
    dns::ResourceRecord rr;
    rr.name = h.name;
    rr.type = dns::RrType::A;
    rr.address = dns::parse_ipv4(h.ip).value_or(0);
    zone.push_back(rr);
  }
  for (const DnsRecordSpec& r : spec.dns_records) {
    dns::ResourceRecord rr;
    rr.name = r.name;
    if (r.type == "MX") {
      rr.type = dns::RrType::MX;
      rr.preference = static_cast<std::uint16_t>(r.preference);
      rr.exchange = r.value;
    } else {
      rr.type = dns::RrType::A;
      rr.address = dns::parse_ipv4(r.value).value_or(0);
    }
    zone.push_back(rr);
  }
  return zone;
}
}  // namespace

World::World(const ScenarioSpec& spec, std::uint64_t seed) : spec_(spec), k_(seed), net_(k_) {
#if MAILSIM_HAVE_TLS
  k_.tls = std::make_shared<TlsContext>(seed, spec_.start_unix);
#endif
  for (const HostSpec& h : spec_.hosts) {
    NodeId id = net_.add_node(h.name, dns::parse_ipv4(h.ip).value_or(0), h.kind == "router");
    by_name_[h.name] = id;
  }
  for (const LinkSpec& l : spec_.links) {
    LinkId id = net_.add_link(by_name_.at(l.a), by_name_.at(l.b), l.latency, l.bandwidth_bps, l.loss, l.mtu);
    net_.link(id).up = l.up;
  }
  net_.compute_routes();
  for (std::size_t i = 0; i < spec_.hosts.size(); ++i) {
    const HostSpec& h = spec_.hosts[i];
    NodeId id = static_cast<NodeId>(i);
    std::unique_ptr<Host> host;
    if (h.kind == "dns-server") host = std::make_unique<DnsServerHost>(*this, id, h, zone_of(spec_));
    else if (h.kind == "echo-server") host = std::make_unique<EchoServerHost>(*this, id, h);
    else if (h.kind == "echo-client") host = std::make_unique<EchoClientHost>(*this, id, h);
    else if (h.kind == "external") host = std::make_unique<ExternalHost>(*this, id, h);
    else if (h.kind == "mail-server") host = std::make_unique<MailServerHost>(*this, id, h);
    else if (h.kind == "user-agent") host = std::make_unique<UserAgentHost>(*this, id, h);
    else if (h.kind == "webmail-server") host = std::make_unique<WebmailHost>(*this, id, h);
    else if (h.kind == "browser") host = std::make_unique<BrowserHost>(*this, id, h);
    else host = std::make_unique<Host>(*this, id, h);
    hosts_.push_back(std::move(host));
  }
  for (std::size_t i = 0; i < spec_.hosts.size(); ++i) {
    const std::string& r = spec_.hosts[i].resolver.empty() ? spec_.dns_server : spec_.hosts[i].resolver;
    if (auto ip = address_of(r)) hosts_[i]->resolver().set_server(*ip);
  }
  for (auto& h : hosts_) h->boot();
}

World::~World() = default;

Host* World::host(const std::string& name) {
  auto it = by_name_.find(name);
  return it == by_name_.end() ? nullptr : hosts_[it->second].get();
}

std::optional<Ipv4> World::address_of(const std::string& name) const {
  auto it = by_name_.find(name);
  if (it == by_name_.end()) return std::nullopt;
  return net_.ip_of(it->second);
}

Topology World::topology() const {
  Topology t;
  for (const HostSpec& h : spec_.hosts) t.hosts.push_back({h.name, h.kind, h.ip});
  for (const LinkState& l : net_.links())
    t.links.push_back({l.a, l.b, l.latency, l.bandwidth_bps, l.loss, l.mtu});
  return t;
}

std::vector<LinkId> World::links_for_target(const std::string& target, FaultRefusal* error) {
  // "A-B" names one link; host names may themselves contain '-', so try every split.
  for (std::size_t pos = target.find('-'); pos != std::string::npos; pos = target.find('-', pos + 1)) {
    auto a = by_name_.find(target.substr(0, pos));
    auto b = by_name_.find(target.substr(pos + 1));
    if (a != by_name_.end() && b != by_name_.end()) {
      LinkId l = net_.find_link(a->second, b->second);
      if (l != kNoLink) return {l};
      *error = FaultRefusal::NoLink;
      return {};
    }
  }
  auto h = by_name_.find(target);
  if (h != by_name_.end()) {
    std::vector<LinkId> ls = net_.links_of(h->second);
    if (ls.empty()) *error = FaultRefusal::NoLinks;
    return ls;
  }
  *error = FaultRefusal::UnknownTarget;
  return {};
}

void World::schedule_fault(const FaultSpec& f, FaultSource source) {
  k_.sched.at(protocols::kEpoch + f.at, [this, f, source] { apply_fault(f, source); });
}

FaultRefusal World::apply_fault(const FaultSpec& f, FaultSource source) {
  std::string target = f.target;
  FaultRefusal error = FaultRefusal::None;
  std::uint16_t port = 0;
  if (auto colon = target.rfind(':'); colon != std::string::npos) {
    port = static_cast<std::uint16_t>(std::stoul("0" + target.substr(colon + 1)));
    target = target.substr(0, colon);
  }
  FaultRecord r;
  r.action = fault_action_of(f.action).value_or(FaultAction::Invalid);
  r.target = f.target;
  r.value = f.value;
  r.source = source;
  const std::string& a = f.action;
  if (a == "link-down" || a == "link-up" || a == "loss" || a == "latency") {
    std::vector<LinkId> ls = links_for_target(target, &error);
    if (a == "loss") {
      if (auto p = parse_loss(f.value)) r.loss = *p;
      else error = FaultRefusal::BadValue;
    } else if (a == "latency") {
      if (auto d = protocols::parse_duration(f.value)) r.latency = *d;
      else error = FaultRefusal::BadValue;
    }
    for (LinkId l : ls) {
      if (error != FaultRefusal::None) break;
      LinkState& s = net_.link(l);
      if (a == "link-down" || a == "link-up") net_.set_link_up(l, a == "link-up");
      else if (a == "loss") s.loss = r.loss;
      else s.latency = r.latency;
    }
  } else {
    Host* h = host(target);
    if (!h) error = FaultRefusal::UnknownHost;
    else if (a == "power-off") h->power_off();
    else if (a == "power-on") h->power_on();
    else if (a == "stop-service" || a == "start-service") {
      bool ok = a == "stop-service" ? h->stop_service(port) : h->start_service(port);
      if (!ok) error = FaultRefusal::NoService;
    } else if (!h->apply_fault(a, f.value, port)) {
      error = FaultRefusal::NotApplicable;
    }
  }
  r.applied = error == FaultRefusal::None;
  r.reason = error;
  k_.record(std::move(r));
  return error;
}

Instant World::run_to_idle(Instant limit) {
  for (;;) {
    std::optional<Instant> t = k_.sched.next_time();
    if (!t || *t > limit) break;
    k_.sched.step();
  }
  return k_.now();
}

}  // namespace sim

namespace sim {

void World::schedule_input(const InputEvent& e) {
  k_.sched.at(std::max(e.at, k_.now()), [this, e] {
    if (e.kind == "fault") {
      std::string error;
      std::optional<FaultSpec> f = parse_fault("0s " + e.text, &error);
      if (f) {
        apply_fault(*f, FaultSource::Input);
      } else {
        FaultRecord r;
        r.target = e.text;
        r.source = FaultSource::Input;
        r.applied = false;
        r.reason = FaultRefusal::Unparsed;
        r.detail = error;
        k_.record(std::move(r));
      }
    } else if (e.kind.rfind("bridge-", 0) == 0) {
      if (auto* x = dynamic_cast<ExternalHost*>(host(kExternalHostName))) x->apply(e);
    } else if (e.kind == "telnet") {
      auto* x = dynamic_cast<ExternalHost*>(host(kExternalHostName));
      std::string error = x ? x->telnet(e.target, e.text) : "this world has no console host";
      if (!error.empty()) k_.record(make_note(kNoHost, NoteCode::TelnetFailed, e.target, error));
    }
  });
}

}  // namespace sim
