// The small plain values every panel shares: view settings (saved and restored as one
// struct), the shared hover/selection, and the playback. Panels read and write these; none
// keeps its own copy of model state.
#pragma once
#include <cstddef>
#include <optional>
#include <vector>

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

}  // namespace visual
