// Running (and re-running) the scenario and indexing the trace for the views.
#include "visual/model.hpp"

namespace visual {

Model::Model(sim::ScenarioSpec scenario, sim::RunOptions options)
    : scenario_(std::move(scenario)), options_(std::move(options)),
      run_(sim::simulate(scenario_, options_)), flights_(run_.trace) {
  index();
}

Model::Model(sim::ScenarioSpec scenario, sim::RunResult run)
    : scenario_(std::move(scenario)), run_(std::move(run)), flights_(run_.trace) {
  index();
}

void Model::index() {
  rows_ = transcript_rows(run_.trace);
  markers_ = markers_of(run_.trace);
  layout_ = layout_hosts(scenario_, run_.topology);
  ladder_folded_ = ladder_rows(flights_, run_.trace, true);
  ladder_full_ = ladder_rows(flights_, run_.trace, false);
}

void Model::apply_input(const sim::InputEvent& e) {
  options_.input.push_back(e);
  run_ = sim::simulate(scenario_, options_);
  flights_ = FlightIndex(run_.trace);
  index();
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
