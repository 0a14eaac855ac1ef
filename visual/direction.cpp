// Where a step directs the views (see direction.hpp).
#include "visual/direction.hpp"

#include <algorithm>
#include <concepts>

namespace visual {

namespace {

// How far back a TCP or DNS event looks for the segment it came from: a few thousand records
// cover any one connection's last moments; an unbounded scan would cost a long run dearly.
constexpr std::size_t kLookBack = 4000;

// The ends of a two-host record, else its one host.
std::vector<sim::HostId> hosts_of(const sim::Record& r) {
  return std::visit([](const auto& x) -> std::vector<sim::HostId> {
    if constexpr (requires { { x.from } -> std::convertible_to<sim::HostId>; }) return {x.from, x.to};
    else if constexpr (requires { { x.host } -> std::convertible_to<sim::HostId>; }) return {x.host};
    else return {};
  }, r);
}

std::optional<sim::HostId> host_named(const sim::Topology& t, const std::string& name) {
  for (sim::HostId h = 0; h < t.hosts.size(); ++h)
    if (t.hosts[h].name == name) return h;
  return std::nullopt;
}

// "a-b" names a link; host names may contain '-', so try each split.
std::optional<std::pair<sim::HostId, sim::HostId>> link_named(const sim::Topology& t, const std::string& text) {
  for (std::size_t p = text.find('-'); p != std::string::npos; p = text.find('-', p + 1)) {
    auto a = host_named(t, text.substr(0, p)), b = host_named(t, text.substr(p + 1));
    if (a && b) return std::pair{*a, *b};
  }
  return std::nullopt;
}

// The latest record at or after `first` matching `c` (the nth of the step's own, as a step's
// condition counts), else the latest before.
std::optional<std::size_t> find_selected(const lessons::Condition& c, const sim::Trace& tr, std::size_t first,
                                         std::size_t end) {
  if (auto own = lessons::find_record(c, tr, first); own && *own < end) return own;
  const auto& es = tr.entries();
  for (std::size_t i = std::min(first, es.size()); i-- > 0;)
    if (c.matches(es[i], tr)) return i;
  return std::nullopt;
}

// The latest of the step's own records of a kind ("queue", "reply", ...).
std::optional<std::size_t> latest_of_kind(const sim::Trace& tr, std::size_t first, std::size_t end,
                                          std::string_view kind) {
  const auto& es = tr.entries();
  for (std::size_t i = std::min(end, es.size()); i-- > first;)
    if (sim::kind_of(es[i].record) == kind) return i;
  return std::nullopt;
}

// The segment nearest before `entry` that satisfies `pick`, within kLookBack records.
template <typename Pick>
std::optional<std::size_t> segment_before(const sim::Trace& tr, std::size_t entry, Pick pick) {
  const auto& es = tr.entries();
  const std::size_t stop = entry > kLookBack ? entry - kLookBack : 0;
  for (std::size_t i = entry + 1; i-- > stop;)
    if (const auto* s = std::get_if<sim::SegmentRecord>(&es[i].record); s && pick(*s)) return i;
  return std::nullopt;
}

// The segment nearest after `entry` that satisfies `pick`, within kLookBack records.
template <typename Pick>
std::optional<std::size_t> segment_after(const sim::Trace& tr, std::size_t entry, Pick pick) {
  const auto& es = tr.entries();
  for (std::size_t i = entry + 1; i < std::min(es.size(), entry + kLookBack); ++i)
    if (const auto* s = std::get_if<sim::SegmentRecord>(&es[i].record); s && pick(*s)) return i;
  return std::nullopt;
}

}  // namespace

std::optional<std::size_t> ladder_entry(const Model& model, std::size_t entry) {
  const sim::Trace& tr = model.trace();
  if (entry >= tr.size()) return std::nullopt;
  const sim::Record& r = tr.entries()[entry].record;
  auto sent_of = [&](std::optional<std::size_t> seg) -> std::optional<std::size_t> {
    if (!seg) return std::nullopt;
    auto fi = model.flights().flight_of_entry(*seg);
    return fi ? std::optional(model.flights().flights()[*fi].sent) : std::nullopt;
  };
  if (std::holds_alternative<sim::SegmentRecord>(r)) return sent_of(entry);
  if (std::holds_alternative<sim::CommandRecord>(r) || std::holds_alternative<sim::ReplyRecord>(r))
    return sent_of(model.counterpart(entry));
  if (is_ladder_event(r)) return entry;
  if (const auto* c = std::get_if<sim::ConnRecord>(&r)) {  // refused: the RST; timeout: the last SYN
    auto same = [&](const sim::SegmentRecord& s) { return s.conn == c->conn && !s.udp; };
    if (auto before = sent_of(segment_before(tr, entry, same))) return before;
    return sent_of(segment_after(tr, entry, same));  // a connect: the SYN it sends next
  }
  if (const auto* d = std::get_if<sim::DnsRecord>(&r))  // a query or an answer: its datagram
    return sent_of(segment_before(tr, entry, [&](const sim::SegmentRecord& s) {
      return s.udp && ((s.from == d->from && s.to == d->to) || (s.from == d->to && s.to == d->from));
    }));
  return std::nullopt;
}

bool is_about_tcp(const Model& model, std::size_t entry) {
  const sim::Trace& tr = model.trace();
  if (entry >= tr.size()) return false;
  const sim::Record& r = tr.entries()[entry].record;
  if (std::holds_alternative<sim::ConnRecord>(r)) return true;
  if (!std::holds_alternative<sim::SegmentRecord>(r)) return false;
  auto fi = model.flights().flight_of_entry(entry);
  if (!fi) return true;
  const Flight& f = model.flights().flights()[*fi];
  return f.dropped || f.retransmission || !f.has_payload_label || f.style == PillStyle::TcpControl;
}

Direction direct(const Model& model, const StepAbout& about) {
  Direction d;
  const sim::Trace& tr = model.trace();
  const sim::Topology& topo = model.topology();
  const lessons::View none;
  const lessons::View& view = about.view ? *about.view : none;
  const std::string kind = about.highlight ? about.highlight->kind : "";
  const std::size_t first = std::min(about.first, tr.size());
  if (view.select) d.select = find_selected(*view.select, tr, first, about.end);
  else if (about.hit && *about.hit < std::min(tr.size(), about.end)) d.select = about.hit;
  else if (!kind.empty()) d.select = latest_of_kind(tr, first, about.end, kind);
  if (d.select) d.row = ladder_entry(model, *d.select);

  const bool tcp = d.select ? is_about_tcp(model, *d.select) : kind == "segment" || kind == "conn";
  d.fold_tcp = view.tcp == lessons::TcpView::Auto ? !tcp : view.tcp == lessons::TcpView::Fold;

  auto add_lane = [&](sim::HostId h) {
    if (h < topo.hosts.size() && topo.hosts[h].kind != "router" &&
        std::find(d.lanes.begin(), d.lanes.end(), h) == d.lanes.end())
      d.lanes.push_back(h);
  };
  if (d.select)
    for (sim::HostId h : hosts_of(tr.entries()[*d.select].record)) add_lane(h);
  if (about.highlight)
    for (const std::string& n : about.highlight->hosts)
      if (auto h = host_named(topo, n)) add_lane(*h);
  for (const std::string& n : view.lanes)
    if (auto h = host_named(topo, n)) add_lane(*h);

  if (!view.host.empty()) d.host = host_named(topo, view.host);
  else if (d.select) {
    const sim::Record& r = tr.entries()[*d.select].record;
    if (const auto* m = std::get_if<sim::MailboxRecord>(&r)) d.host = m->host, d.mailbox_user = m->user;
    if (const auto* q = std::get_if<sim::QueueRecord>(&r)) d.host = q->host;
  }
  d.panel = view.panel;
  if (!view.zoom.empty()) d.zoom = link_named(topo, view.zoom);
  return d;
}

}  // namespace visual
