// Running (and re-running) the scenario and indexing the trace for the views.
#include "visual/model.hpp"

#include <atomic>
#include <thread>

#include "visual/host_state.hpp"

namespace visual {

namespace {
// The web page has no threads (they would need a cross-origin-isolated server), so there a
// re-run goes in slices between frames; natively it runs on a worker thread.
#ifdef __EMSCRIPTEN__
constexpr bool kSlicesByDefault = true;
#else
constexpr bool kSlicesByDefault = false;
#endif

sim::RunOptions options_for(const sim::ScenarioSpec& s) {
  sim::RunOptions o;
  o.seed = s.seed;
  return o;
}
}  // namespace

Model::Model(sim::ScenarioSpec scenario) : Model(scenario, options_for(scenario)) {}

Model::Model(sim::ScenarioSpec scenario, sim::RunOptions options)
    : scenario_(std::move(scenario)), options_(std::move(options)),
      run_(sim::simulate(scenario_, options_)), flights_(run_.trace), in_slices_(kSlicesByDefault) {
  index();
}

Model::Model(sim::ScenarioSpec scenario, sim::RunResult run)
    : scenario_(std::move(scenario)), run_(std::move(run)), flights_(run_.trace), in_slices_(kSlicesByDefault) {
  index();
}

void Model::index() {
  rows_ = transcript_rows(run_.trace, Lang::En);
  rows_zh_ = transcript_rows(run_.trace, Lang::Zh);
  markers_ = markers_of(run_.trace);
  state_entries_ = state_entries_of(run_.trace);
  host_state_entries_ = state_entries_by_host(run_.trace, state_entries_);
  links_up_.clear();
  if (scenario_.links.size() == run_.topology.links.size())
    for (const auto& l : scenario_.links) links_up_.push_back(l.up);
  record_rows_.clear();
  for (std::size_t i = 0; i < rows_.size(); ++i)
    if (!rows_[i].segment) record_rows_.push_back(i);
  layout_ = layout_hosts(scenario_, run_.topology);
  ladder_folded_ = ladder_rows(flights_, run_.trace, true);
  ladder_full_ = ladder_rows(flights_, run_.trace, false);
  for (bool fold : {true, false}) {
    std::vector<bool> seen(run_.topology.hosts.size(), false);
    std::vector<sim::HostId>& lanes = fold ? lanes_folded_ : lanes_full_;
    lanes.clear();
    for (const LadderRow& r : ladder(fold))
      if (!r.event)
        for (sim::HostId h : {flights_.flights()[r.flight].from, flights_.flights()[r.flight].to})
          if (h < seen.size() && !seen[h] && run_.topology.hosts[h].kind != "router") {
            seen[h] = true;
            lanes.push_back(h);
          }
  }
  static std::atomic<std::uint64_t> generations{0};
  generation_ = ++generations;
  pair_records();
  messages_ = carried_messages(run_.trace);
}

namespace {
bool carries(const sim::SegmentRecord& s, protocols::Proto proto, protocols::LabelKind kind) {
  for (const auto& l : s.labels)
    if (l.proto == proto && l.kind == kind) return true;
  return false;
}
}  // namespace

// A command is recorded where it is parsed, just after the segment carrying it arrived: look
// back for that arrival. A reply is recorded where it is emitted, just before its segment is
// sent: look ahead for that send. Both on the same connection and direction.
void Model::pair_records() {
  const auto& es = run_.trace.entries();
  counterpart_.assign(es.size(), 0);
  constexpr std::size_t kWindow = 64;  // records between a command and its segment, at most
  for (std::size_t i = 0; i < es.size(); ++i) {
    std::optional<std::size_t> hit;
    if (const auto* c = std::get_if<sim::CommandRecord>(&es[i].record)) {
      for (std::size_t j = i; j-- > 0 && i - j <= kWindow;) {
        const auto* s = std::get_if<sim::SegmentRecord>(&es[j].record);
        if (s && s->event == sim::SegmentEvent::Delivered && s->conn == c->conn && s->from == c->from &&
            carries(*s, c->proto, protocols::LabelKind::Command)) { hit = j; break; }
      }
    } else if (const auto* r = std::get_if<sim::ReplyRecord>(&es[i].record)) {
      for (std::size_t j = i + 1; j < es.size() && j - i <= kWindow; ++j) {
        const auto* s = std::get_if<sim::SegmentRecord>(&es[j].record);
        if (s && s->event == sim::SegmentEvent::Sent && s->conn == r->conn && s->from == r->from &&
            carries(*s, r->proto, protocols::LabelKind::Reply)) { hit = j; break; }
      }
    }
    if (!hit) continue;
    auto fl = flights_.flight_of_entry(*hit);
    if (!fl) continue;
    const Flight& f = flights_.flights()[*fl];
    counterpart_[i] = f.sent + 1;
    if (counterpart_[f.sent] == 0) counterpart_[f.sent] = i + 1;
    if (f.arrived && counterpart_[*f.arrived] == 0) counterpart_[*f.arrived] = i + 1;
  }
}

std::optional<std::size_t> Model::counterpart(std::size_t entry) const {
  if (entry >= counterpart_.size() || counterpart_[entry] == 0) return std::nullopt;
  return counterpart_[entry] - 1;
}

void Model::apply_input(const sim::InputEvent& e) {
  options_.input.push_back(e);
  run_ = sim::simulate(scenario_, options_);
  flights_ = FlightIndex(run_.trace);
  index();
}

void Model::request_input(const sim::InputEvent& e) {
  waiting_.push_back(e);
  if (!rerunning()) start_rerun();
}

void Model::start_rerun() {
  pending_options_ = options_;
  for (const auto& e : waiting_) pending_options_.input.push_back(e);
  waiting_.clear();
  if (in_slices_) {
    stepping_ = std::make_unique<sim::SteppedRun>(scenario_, pending_options_);
    return;
  }
  // The worker owns copies of everything it reads; a detached thread never outlives the
  // process's need for it (a run still going at exit is simply abandoned).
  std::promise<sim::RunResult> done;
  pending_ = done.get_future();
  std::thread([scenario = scenario_, options = pending_options_, done = std::move(done)]() mutable {
    done.set_value(sim::simulate(scenario, options));
  }).detach();
}

bool Model::adopt_finished() {
  if (stepping_) {
    // Slices of events until the budget is spent: the clock is read every few thousand
    // events (a few hundred microseconds of simulation), so the frame keeps its pace.
    const auto stop = std::chrono::steady_clock::now() + kSliceBudget;
    bool done = false;
    while (!(done = stepping_->advance(2048)) && std::chrono::steady_clock::now() < stop) {}
    if (!done) return false;
    run_ = stepping_->finish();
    stepping_.reset();
  } else if (pending_.valid() && pending_.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
    run_ = pending_.get();
  } else {
    return false;
  }
  options_ = pending_options_;
  flights_ = FlightIndex(run_.trace);
  index();
  if (!waiting_.empty()) start_rerun();
  return true;
}

void Model::wait_for_reruns() {
  while (rerunning()) {
    if (pending_.valid()) pending_.wait();
    adopt_finished();
  }
}

const CarriedMessage* Model::message_on(sim::ConnId conn) const {
  for (const auto& m : messages_)
    if (m.conn == conn) return &m;
  return nullptr;
}

protocols::Instant Model::interesting_moment() const {
  const Flight* any = nullptr;
  for (const Flight& f : flights_.flights()) {
    if (!f.arrived || f.t1 == f.t0) continue;
    if (f.has_payload_label && f.style != PillStyle::TcpControl) return f.t0 + (f.t1 - f.t0) / 2;
    if (!any) any = &f;
  }
  return any ? any->t0 + (any->t1 - any->t0) / 2 : run_.end;
}

}  // namespace visual
