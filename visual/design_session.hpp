// Design mode's state beside the editing model (sim/scenario_edit.hpp): which host or link is
// selected, what the mouse is doing on the canvas (placing a host from the palette, drawing
// a link), the file the world is saved to, and the templates new worlds start from. The
// window switches between Design (this) and Simulate (the usual views of the edited world's
// run from time 0). No ImGui here: the panels (design_panels.cpp) read and change it, and a
// headless test drives the same editor operations the panels call.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "sim/run.hpp"
#include "sim/scenario_edit.hpp"
#include "visual/i18n.hpp"
#include "visual/topology_layout.hpp"

namespace visual {

// A world to start from: assets/templates/<file>.
struct DesignTemplate {
  Id name;
  const char* file;  // "textbook.json"
};
const std::vector<DesignTemplate>& design_templates();

// The topology a scenario describes, without running it (names, kinds, links by index; a link
// to a host that does not exist is left out): what the automatic layout needs.
sim::Topology topology_of(const sim::ScenarioSpec& scenario);
// Places for a loaded scenario's hosts: the automatic layout of the Simulate canvas.
std::vector<sim::Place> auto_places(const sim::ScenarioSpec& scenario);

struct DesignSession {
  sim::ScenarioEditor editor;
  std::string templates_dir;  // assets/templates
  bool designing = true;      // Design (true) or Simulate
  bool simulate_request = false;  // the switch to Simulate was pressed: the app runs the world
  std::optional<std::size_t> host;  // the selected host (index into hosts), or
  std::optional<std::size_t> link;  // the selected link; neither: the scenario's own fields
  std::string placing;        // a host kind picked in the palette, placed by the next click
  std::optional<std::size_t> linking_from;  // a link being drawn from this host
  std::string path;           // Save / Open
  std::string message;        // the last save or open, for the status line: the file, or
  bool message_ok = true;     // (false) what went wrong
  Id message_kind = Id::Saved;  // Saved or Opened

  // The world's title in one language (else the other, else its name), as the top bar shows it.
  std::string title(bool zh) const;
  // Selection by name survives edits that move indices (a host removed before it).
  void select_host(const std::string& name);
  void clear_selection();
  // Drops a selection that no longer names anything (after undo, a removal).
  void fix_selection();
  // Removes the selected host or link.
  bool delete_selected();
  // Replaces the world with a template (one undo step); false with `message` set on failure.
  bool use_template(const DesignTemplate& t);
  // Opens a scenario file (even one with problems: they show as validation).
  bool open(const std::string& file);
  bool save();
};

}  // namespace visual
