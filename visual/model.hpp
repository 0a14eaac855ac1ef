// The run the front end shows: the scenario, the input log of faults clicked so far, and the
// RunResult simulate() returned, with the indexes the views read (flights, transcript rows,
// markers, layout). A fault click appends to the input log and runs simulate() again (on a
// worker thread, so the window stays live; the run shown changes when the new one is done);
// the model never changes a run any other way and never invents a record.
#pragma once
#include <chrono>
#include <future>
#include <memory>
#include <optional>
#include <vector>

#include "sim/run.hpp"
#include "visual/carried_message.hpp"
#include "visual/flights.hpp"
#include "visual/ladder.hpp"
#include "visual/timeline.hpp"
#include "visual/topology_layout.hpp"
#include "visual/transcript.hpp"

namespace visual {

class Model {
 public:
  // Runs the scenario once with its own seed and an empty input log.
  explicit Model(sim::ScenarioSpec scenario);
  // Runs the scenario once with these options (seed, until, command-line faults, input).
  Model(sim::ScenarioSpec scenario, sim::RunOptions options);
  // Adopts a finished run (tests, or a run made elsewhere) without simulating.
  Model(sim::ScenarioSpec scenario, sim::RunResult run);

  // Appends `e` to the input log and runs the scenario again from the start, now.
  void apply_input(const sim::InputEvent& e);
  // The same on a worker thread: the current run stays until adopt_finished() sees the new
  // one. Inputs requested while a run is under way join the next one.
  void request_input(const sim::InputEvent& e);
  // Adopts a finished re-run (and starts the next if inputs are waiting); true when the run
  // shown changed. Never blocks; a re-run in slices is taken on by about kSliceBudget first.
  bool adopt_finished();
  // Blocks until no re-run is under way, adopting each (tests).
  void wait_for_reruns();
  bool rerunning() const { return pending_.valid() || stepping_ != nullptr; }
  // Re-runs on a worker thread (native default) or in slices on the caller's thread, one
  // slice per adopt_finished() (the web page's only way; tests choose it natively too).
  void rerun_in_slices(bool on) { in_slices_ = on; }
  static constexpr std::chrono::milliseconds kSliceBudget{8};

  const sim::ScenarioSpec& scenario() const { return scenario_; }
  const sim::RunResult& run() const { return run_; }
  const sim::Trace& trace() const { return run_.trace; }
  const sim::Topology& topology() const { return run_.topology; }
  const sim::InputLog& input() const { return options_.input; }
  const FlightIndex& flights() const { return flights_; }
  const std::vector<TranscriptRow>& rows(Lang lang = Lang::En) const { return lang == Lang::Zh ? rows_zh_ : rows_; }
  const std::vector<Marker>& markers() const { return markers_; }
  // Faults, queue and mailbox records (see host_state.hpp).
  const std::vector<std::size_t>& state_entries() const { return state_entries_; }
  // The same, only those of one host (its faults, queue and mailboxes).
  const std::vector<std::size_t>& state_entries(sim::HostId h) const {
    static const std::vector<std::size_t> none;
    return h < host_state_entries_.size() ? host_state_entries_[h] : none;
  }
  // Per topology link, whether the scenario starts it up (World adds links in scenario order).
  const std::vector<bool>& links_initially_up() const { return links_up_; }
  // Transcript rows that are not segments (the transcript's usual view).
  const std::vector<std::size_t>& record_rows() const { return record_rows_; }
  const std::vector<Point>& layout() const { return layout_; }
  const std::vector<LadderRow>& ladder(bool fold_tcp) const { return fold_tcp ? ladder_folded_ : ladder_full_; }
  protocols::Instant end() const { return run_.end; }
  // Changes whenever the run shown changes (a re-run, a lesson step): views that keep
  // something derived from the rows start over.
  std::uint64_t generation() const { return generation_; }
  // Hosts that send or receive a ladder flight, except routers (the ladder's lanes).
  const std::vector<sim::HostId>& ladder_hosts(bool fold_tcp) const { return fold_tcp ? lanes_folded_ : lanes_full_; }
  // The record on the other side of the wire: for a command or reply, the Sent entry of the
  // segment that carried it; for a segment's Sent or arrival entry, the command or reply it
  // carried. Lets a click in the transcript light up the pill, and a pill its line.
  std::optional<std::size_t> counterpart(std::size_t entry) const;
  // The message an SMTP connection carried (complete DATA section), if any.
  const CarriedMessage* message_on(sim::ConnId conn) const;
  // A moment worth a screenshot: the middle of the first flight carrying a command or reply,
  // else of any flight, else the end of the run.
  protocols::Instant interesting_moment() const;

 private:
  void index();
  void pair_records();
  void start_rerun();

  sim::ScenarioSpec scenario_;
  sim::RunOptions options_;
  sim::RunResult run_;
  FlightIndex flights_;
  std::vector<TranscriptRow> rows_, rows_zh_;
  std::vector<Marker> markers_;
  std::vector<std::size_t> state_entries_, record_rows_;
  std::vector<std::vector<std::size_t>> host_state_entries_;
  std::vector<bool> links_up_;
  std::future<sim::RunResult> pending_;  // a re-run under way on a worker thread
  std::unique_ptr<sim::SteppedRun> stepping_;  // a re-run under way in slices
  bool in_slices_;
  sim::RunOptions pending_options_;      // its options (input log included)
  sim::InputLog waiting_;                // inputs clicked while it runs
  std::vector<Point> layout_;
  std::vector<LadderRow> ladder_folded_, ladder_full_;
  std::vector<sim::HostId> lanes_folded_, lanes_full_;
  std::uint64_t generation_ = 0;
  std::vector<std::size_t> counterpart_;  // entry -> entry + 1, 0 = none
  std::vector<CarriedMessage> messages_;
};

}  // namespace visual
