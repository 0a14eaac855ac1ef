// The small plain values every panel shares: view settings (saved and restored as one
// struct), the shared hover/selection, and the playback. Panels read and write these; none
// keeps its own copy of model state.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "lessons/view.hpp"
#include "visual/event_list.hpp"
#include "visual/i18n.hpp"
#include "visual/timeline.hpp"
#include "visual/topology_layout.hpp"
#include "visual/transcript.hpp"

namespace visual {

constexpr float kMinCanvasZoom = 0.25f, kMaxCanvasZoom = 8.f;

struct ViewSettings {
  Lang lang = Lang::Zh;
  bool presenter = false;
  bool fold_tcp = true;
  bool skip_idle = true;    // playing jumps over quiet stretches (see timeline.hpp)
  std::optional<TimeWindow> zoom;  // the scrub bar's window; none = the whole run
  TranscriptFilter filter;
  std::vector<Point> drag;  // per host: offset (normalised canvas units) added to the layout
  float canvas_zoom = 1;    // the topology canvas: zoom about its centre (0.25 .. 8)
  Point canvas_pan{};       // and pan, in canvas widths/heights
  int fault_host = -1;      // host whose fault menu is open in the hosts panel
  float loss_percent = 20;  // value the loss fault applies
  int latency_ms = 300;     // value the latency fault applies
  bool show_keys = false;   // the keyboard list (F1), over the canvas; not saved
  bool show_events = false;  // the event list in the transcript's place (event_list.hpp)
  EventFilter events;        // the types it shows
};

// Hover and selection, by trace entry index, shared by canvas, ladder, transcript and
// inspector: a click anywhere selects the record, and every panel highlights it.
// Hover is written during a frame (`hover()`) and read the next (`hovered`), so a panel drawn
// early still sees what a panel drawn late is hovering.
struct Selection {
  std::optional<std::size_t> hovered;   // last frame's hover
  std::optional<std::size_t> hovering;  // this frame's, becomes `hovered` at its end
  std::optional<std::size_t> selected;
  std::optional<std::size_t> peer;        // the selected record's counterpart (segment <-> command)
  std::optional<std::size_t> hover_peer;  // the hovered record's counterpart
  bool follow = true;  // the transcript scrolls to the newest line while playing

  void select(std::size_t entry) { selected = entry; }
  void hover(std::size_t entry) { hovering = entry; }
  bool is(std::size_t entry) const {
    return selected == entry || peer == entry || hovered == entry || hover_peer == entry;
  }
};

// Where a lesson step or exercise question sends the views (direction.hpp), once the playback
// has reached its record: the ladder and transcript scroll to `row` / `entry` and the hosts
// panel to `host` for a few frames (a scroll set in one frame is clamped by the list's size in
// the next), then leave the student's scrolling alone. The ladder always shows `lanes`.
struct Reveal {
  std::optional<std::size_t> entry;  // the record (transcript line, inspector)
  std::optional<std::size_t> row;    // its ladder row (a segment's Sent entry, a queue event)
  std::optional<sim::HostId> host;   // hosts panel: open this host and scroll to it
  std::string mailbox_user;          // and to this user's mailbox there
  std::vector<sim::HostId> lanes;    // ladder lanes shown even without flights
  lessons::ViewPanel panel = lessons::ViewPanel::Auto;  // the panel given the focus once
  // Protocol text the narration names (its `code` spans): the inspector's raw text scrolls
  // to the first line holding one and marks it ("MIME-Version: 1.0" in a segment's bytes).
  std::vector<std::string> phrases;
  int ladder_frames = 0, transcript_frames = 0, hosts_frames = 0, inspector_frames = 0;  // frames left to scroll
  static constexpr int kFrames = 3;
  void scroll_all() { ladder_frames = transcript_frames = hosts_frames = inspector_frames = kFrames; }
};

// Where the panels drew trace entries in this frame (screen coordinates), for tests that
// check a step's record is on screen (ImGui 1.86 has no test engine to ask). Cleared at the
// start of every frame; a panel adds the rows it submitted.
struct RowRect {
  std::size_t entry = 0;
  float top = 0, bottom = 0;
  bool visible = false;  // inside the panel's visible area
};
struct FrameReport {
  std::vector<RowRect> ladder, transcript;
  std::vector<sim::HostId> lanes;          // the ladder's lanes, left to right
  std::optional<std::size_t> inspector;    // the record the inspector shows
  bool fold_tcp = true;
  void clear() { *this = FrameReport{}; }
};

}  // namespace visual
