// The panel base class: one panel, one class. Panel::draw() places the window, does
// Begin/End once, and the subclass draws only its contents from the Frame it is handed
// (model, settings, selection, playback). Panels hold no model state of their own.
#pragma once
#include <imgui.h>

#include <vector>

#include "visual/i18n.hpp"
#include "visual/exercise_session.hpp"
#include "visual/lesson_session.hpp"
#include "visual/model.hpp"
#include "visual/theme.hpp"
#include "visual/view_state.hpp"

namespace visual {

struct DesignSession;  // design_session.hpp

// What every panel reads and may change during one frame.
struct Frame {
  Model& model;
  ViewSettings& settings;
  Selection& selection;
  Playback& playback;
  const Fonts& fonts;
  std::vector<sim::InputEvent>& clicked_faults;  // applied by the app after the frame
  bool time_moved = false;  // the playback time changed since the last frame (lists follow it)
  // Lesson mode: the lesson being played (panels may call its Next/Back/answers; the app
  // rebuilds the model after the frame when the world changed), and a lesson file the
  // student picked, opened by the app after the frame. Null outside lesson mode.
  LessonSession* lesson = nullptr;
  std::string* open_lesson = nullptr;  // a lesson or an exercise file
  // Exercise mode: the exercise being replayed (the panel answers and continues it).
  ExerciseSession* exercise = nullptr;
  // Where the lesson or exercise sends the views (scrolls, lanes); null when nowhere.
  Reveal* reveal = nullptr;
  // What the panels drew this frame, for tests; null when nobody asks.
  FrameReport* report = nullptr;
  // Design mode (design_session.hpp): the world being built; null when the window has none.
  DesignSession* design = nullptr;

  const char* t(Id id) const { return tr(settings.lang, id); }
};

class Panel {
 public:
  Panel(Id title, const char* key, ImGuiWindowFlags extra_flags = 0,
        lessons::ViewPanel focus = lessons::ViewPanel::Auto)
      : title_(title), key_(key), flags_(extra_flags), focus_(focus) {}
  virtual ~Panel() = default;
  Panel(const Panel&) = delete;
  Panel& operator=(const Panel&) = delete;

  // Draws the panel as a fixed tile at `pos` of size `size`.
  void draw(Frame& f, ImVec2 pos, ImVec2 size);

 protected:
  virtual void contents(Frame& f) = 0;

 private:
  Id title_;
  const char* key_;  // stable ImGui id, so switching language keeps the window's state
  ImGuiWindowFlags flags_;
  lessons::ViewPanel focus_;  // what a lesson's "view": {"panel": ...} calls this panel
};

// Small helpers shared by panels.
std::string clock_text(protocols::Instant t);
// A small heading with a rule under it (ImGui 1.86 has no SeparatorText).
void section(const char* title);
// `text` cut to at most `width` pixels in the current font, with "…" when cut.
std::string fit_text(const std::string& text, float width);
// "␍␊"-visible rendering of wire text.
std::string show_crlf(const std::string& wire);

}  // namespace visual
