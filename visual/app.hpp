// The front end without its platform: the model, the shared view values and the panels,
// laid out as one window (DESIGN.md sketch). frame() builds one ImGui frame; the platform
// code (app_window.cpp) or a test wraps it in NewFrame/Render. Fault clicks are applied
// after the frame: appended to the input log, and the scenario is simulated again on a
// worker thread; the new run replaces the shown one in the first frame after it is done.
// With a lesson open, the lesson panel joins the right column and the model is the lesson's
// world as it stands (see lesson_session.hpp).
#pragma once
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "visual/design_panels.hpp"
#include "visual/direction.hpp"
#include "visual/live_feed.hpp"
#include "visual/model.hpp"
#include "visual/panels.hpp"
#include "visual/theme.hpp"
#include "visual/view_state.hpp"

namespace visual {

class App {
 public:
  App(Model model, ViewSettings settings, Fonts fonts);

  // Builds the UI for one frame; `wall_seconds` is the real time since the previous frame.
  void frame(double wall_seconds);

  Model& model() { return model_; }
  Playback& playback() { return playback_; }
  Selection& selection() { return selection_; }
  ViewSettings& settings() { return settings_; }
  // A fault click as the fault menu makes it (tests and keyboard use it too); applied at the
  // end of the current or next frame.
  void click_fault(const sim::InputEvent& e) { clicked_.push_back(e); }

  // Lesson mode: the window shows the lesson's world as it stands, with the lesson panel;
  // fault clicks and telnet lines go to the lesson (lesson_session.hpp) instead of re-runs.
  void open_lesson(std::unique_ptr<LessonSession> lesson);
  LessonSession* lesson() { return lesson_.get(); }
  // Exercise mode: the exercise's recorded run, held at each question until it is answered.
  void open_exercise(std::unique_ptr<ExerciseSession> exercise);
  ExerciseSession* exercise() { return exercise_.get(); }
  // Live mode: the window follows a world the feed runs (serve --gui), refreshing its model
  // a few times a second on a worker thread and playing a moment behind the present.
  void follow(LiveFeed* feed);
  LiveFeed* live() { return live_; }
  // How far behind the live world's present the playback runs.
  static constexpr protocols::Duration kLiveLag = std::chrono::milliseconds(300);
  // What the panels drew in the last frame (tests check a step's record is on screen).
  const FrameReport& report() const { return report_; }
  // Where the current lesson step or exercise question sends the views (direction.hpp);
  // none outside a lesson or exercise.
  const std::optional<Direction>& direction() const { return direction_; }
  // Opens a lesson or an exercise file (by its format key); false with messages in `error`.
  bool open_course_file(const std::string& path, std::string* error);
  // Design mode (issue 16): the window builds a world and switches between Design and
  // Simulate, which runs the edited world from time 0.
  void open_design(std::unique_ptr<DesignSession> design);
  DesignSession* design() { return design_.get(); }
  // Runs the edited world and shows it (the Simulate side of the switch); false when the
  // loader does not accept the world yet.
  bool simulate_design();

 private:
  void keyboard();
  // Places the panels for the window's size (presenter mode: canvas and ladder first).
  void layout(Frame& f);
  // A new lesson, exercise: no selection, filter, drags or zoom of the last one; time 0.
  void reset_view();
  // The host whose fault menu F opens.
  sim::HostId fault_menu_host() const;
  void apply_clicked_faults();
  // Rebuilds the model when the lesson's world changed, and moves the playback with it.
  void sync_lesson();
  // Works out where the lesson step or exercise question sends the views, when it changed;
  // the TCP fold and lanes follow at once, the selection and scrolls once the playback
  // reaches the record (apply_direction).
  void direct_views();
  void apply_direction();

  Model model_;
  ViewSettings settings_;
  Selection selection_;
  Playback playback_;
  Fonts fonts_;
  std::vector<sim::InputEvent> clicked_;
  std::unique_ptr<LessonSession> lesson_;
  std::unique_ptr<ExerciseSession> exercise_;
  LiveFeed* live_ = nullptr;
  std::future<Model> live_next_;  // a snapshot being indexed
  double live_wait_ = 0;          // wall seconds until the next snapshot
  void refresh_live(double wall_seconds);
  std::uint64_t lesson_version_ = 0;
  std::size_t lesson_step_ = 0;
  std::string lesson_request_;  // a lesson file picked during the frame
  std::optional<bool> styled_presenter_;  // the presenter value the style was built for
  std::optional<protocols::Instant> last_t_;  // the playback time of the previous frame
  std::optional<Direction> direction_;  // the current step's or question's
  std::optional<std::pair<std::size_t, std::optional<std::size_t>>> directed_for_;  // (step, hit) it was made for
  bool direction_pending_ = false;      // not applied yet (the playback has not reached it)
  Reveal reveal_;
  FrameReport report_;
  TopBar top_;
  HostsPanel hosts_;
  TopologyPanel topology_;
  InspectorPanel inspector_;
  LadderPanel ladder_;
  TranscriptPanel transcript_;
  EventListPanel events_;
  TimelinePanel timeline_;
  LessonPanel lesson_panel_;
  ExercisePanel exercise_panel_;
  KeysPanel keys_;
  std::unique_ptr<DesignSession> design_;
  DesignView design_view_;
};

}  // namespace visual
