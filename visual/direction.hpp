// Where a lesson step or an exercise question directs the views (issue 14 §1): the record it
// is about, whether the ladder shows TCP's own segments, which lanes it must show, which host
// the hosts panel opens, which panel comes to the front and which link the canvas zooms to.
// Computed from the step's condition record (the hit), its highlight and its optional `view`
// block (docs/lessons.md "What the views show"); no per-step tuning is needed for the rule to
// work. No ImGui here: tests check the rule directly; the app applies it (view_state.hpp).
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "lessons/lesson.hpp"
#include "lessons/view.hpp"
#include "visual/model.hpp"

namespace visual {

struct Direction {
  std::optional<std::size_t> select;   // the record the inspector shows
  std::optional<std::size_t> row;      // the ladder row that stands for it (a segment's Sent)
  bool fold_tcp = true;                // false: the step is about TCP's own segments
  std::vector<sim::HostId> lanes;      // hosts the ladder must show a lane for
  std::optional<sim::HostId> host;     // the host the hosts panel opens and scrolls to
  std::string mailbox_user;            // and the mailbox there ("" = its queue, if any)
  lessons::ViewPanel panel = lessons::ViewPanel::Auto;
  std::optional<std::pair<sim::HostId, sim::HostId>> zoom;  // a link to zoom the canvas to
};

// What the step says it is about: the record that met its condition (if any), the first
// record of the step (records from there on are the step's own), its highlight and view.
struct StepAbout {
  std::optional<std::size_t> hit;
  std::size_t first = 0;
  std::size_t end = SIZE_MAX;  // records from here on are not shown yet (an exercise's future)
  const lessons::Highlight* highlight = nullptr;  // exercise questions have none
  const lessons::View* view = nullptr;
};

// The direction for a step over the run as it stands (`model`'s trace is the world's so far).
Direction direct(const Model& model, const StepAbout& about);

// The ladder row entry for `entry`: a segment's Sent entry, the segment that carried a
// command or reply, the segment a TCP event (refused, timeout, reset) came from; none for
// records the ladder does not draw as arrows (the transcript shows those).
std::optional<std::size_t> ladder_entry(const Model& model, std::size_t entry);

// True when the record is about TCP itself: a segment without a command, reply or query, a
// retransmission, a dropped segment, or a TCP connection event.
bool is_about_tcp(const Model& model, std::size_t entry);

}  // namespace visual
