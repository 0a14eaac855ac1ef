// Design mode's panels (issue 16): the palette (devices, templates, file, undo), the canvas
// (place, move, link, select) and the property panel (the selection's fields, each with the
// loader's problems under it, and the list of every problem). DesignView lays them out and
// takes design mode's keys. All of them change the world only through the editor's
// operations (sim/scenario_edit.hpp), the same ones the headless tests call.
#pragma once
#include "visual/design_session.hpp"
#include "visual/panel.hpp"

namespace visual {

class DesignPalettePanel : public Panel {
 public:
  DesignPalettePanel() : Panel(Id::DesignDevices, "design-palette") {}

 protected:
  void contents(Frame& f) override;
};

class DesignCanvasPanel : public Panel {
 public:
  DesignCanvasPanel() : Panel(Id::ModeDesign, "design-canvas", ImGuiWindowFlags_NoScrollbar) {}

 protected:
  void contents(Frame& f) override;

 private:
  std::optional<std::size_t> dragging_;  // a host being moved
  sim::Place grab_{};                    // where in the host the mouse took it
};

class DesignPropertiesPanel : public Panel {
 public:
  DesignPropertiesPanel() : Panel(Id::Properties, "design-properties") {}

 protected:
  void contents(Frame& f) override;
};

// A palette payload: the host kind dragged onto the canvas.
constexpr const char* kDesignKindPayload = "MAILSIM_HOST_KIND";

// The name of a host kind in the window's language.
const char* kind_name(Lang lang, const std::string& kind);

class DesignView {
 public:
  // The three panels under the top bar, in the area `pos`, `size`.
  void draw(Frame& f, ImVec2 pos, ImVec2 size);
  // Ctrl+Z, Ctrl+Y (and Ctrl+Shift+Z), Delete, Esc; not while a text field has the keyboard.
  static void keyboard(DesignSession& d);

 private:
  DesignPalettePanel palette_;
  DesignCanvasPanel canvas_;
  DesignPropertiesPanel properties_;
};

}  // namespace visual
