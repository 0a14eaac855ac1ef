// MX resolution: MX query, then an A query per exchange, in order.
#include "sim/mx_lookup.hpp"

#include <algorithm>
#include <memory>

#include "sim/host.hpp"

namespace sim {

namespace dns = protocols::dns;

namespace {

struct Lookup {
  Host& host;
  std::string domain;
  std::function<void(const MxResult&)> done;
  std::vector<MxTarget> pending;
  MxResult result;
  bool any_timeout = false;
};

void resolve_next(std::shared_ptr<Lookup> l, std::size_t i) {
  if (i == l->pending.size()) {
    if (!l->result.targets.empty()) {
      l->result.status = MxResult::Status::Ok;
    } else if (l->any_timeout) {
      l->result.status = MxResult::Status::Temporary;
      l->result.reason = "Host or domain name lookup timed out for the mail exchangers of " + l->domain;
      l->result.enhanced = "4.4.3";
    } else {
      l->result.status = MxResult::Status::Permanent;
      l->result.reason = "No address for any mail exchanger of " + l->domain;
      l->result.enhanced = "5.4.4";
    }
    l->done(l->result);
    return;
  }
  l->host.resolver().query(l->pending[i].host, dns::RrType::A, [l, i](const DnsResult& r) {
    if (r.status == DnsResult::Status::Ok) {
      MxTarget t = l->pending[i];
      t.ip = r.records.front().address;
      l->result.targets.push_back(t);
    } else if (r.status == DnsResult::Status::Timeout || r.status == DnsResult::Status::ServFail) {
      l->any_timeout = true;
    }
    resolve_next(l, i + 1);
  });
}

}  // namespace

void lookup_mx(Host& host, const std::string& domain, std::function<void(const MxResult&)> done) {
  auto l = std::make_shared<Lookup>(Lookup{host, domain, std::move(done), {}, {}, false});
  host.resolver().query(domain, dns::RrType::MX, [l](const DnsResult& r) {
    switch (r.status) {
      case DnsResult::Status::Ok: {
        for (const auto& rr : r.records) l->pending.push_back(MxTarget{rr.exchange, 0, rr.preference});
        // RFC 5321 §5.1: lower preference first; equal preferences in random order.
        Rng& rng = l->host.kernel().rng;
        for (std::size_t i = l->pending.size(); i > 1; --i)
          std::swap(l->pending[i - 1], l->pending[rng.below(i)]);
        std::stable_sort(l->pending.begin(), l->pending.end(),
                         [](const MxTarget& a, const MxTarget& b) { return a.preference < b.preference; });
        break;
      }
      case DnsResult::Status::NoData:
        // RFC 5321 §5.1: no MX records: the domain itself is the implicit MX.
        l->pending.push_back(MxTarget{l->domain, 0, 0});
        break;
      case DnsResult::Status::NxDomain: {
        MxResult res;
        res.status = MxResult::Status::Permanent;
        res.reason = "Host or domain name not found. Name service error for name=" + l->domain + " type=MX: Host not found";
        res.enhanced = "5.4.4";  // RFC 3463: unable to route
        l->done(res);
        return;
      }
      case DnsResult::Status::Timeout:
      case DnsResult::Status::ServFail: {
        MxResult res;
        res.status = MxResult::Status::Temporary;
        res.reason = "Host or domain name not found. Name service error for name=" + l->domain + " type=MX: Host not found, try again";
        res.enhanced = "4.4.3";
        l->done(res);
        return;
      }
    }
    resolve_next(l, 0);
  });
}

}  // namespace sim
