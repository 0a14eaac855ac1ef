// One frame of the main window: keyboard, playback, tiled panels, then fault clicks.
#include "visual/app.hpp"

#include <algorithm>
#include <cmath>
#include <concepts>
#include <cstdio>

#include "lessons/emphasis.hpp"
#include "visual/course_file.hpp"

namespace visual {

App::App(Model model, ViewSettings settings, Fonts fonts)
    : model_(std::move(model)), settings_(std::move(settings)), fonts_(std::move(fonts)) {}

void App::keyboard() {
  ImGuiIO& io = ImGui::GetIO();
  if (design_ && design_->designing) return DesignView::keyboard(*design_);
  if (io.WantTextInput) return;
  const sim::Trace& tr = model_.trace();
  auto land = [&](std::optional<Landing> l) {
    if (!l) return;
    playback_.playing = false;
    playback_.t = l->t;
    selection_.select(l->entry);
  };
  auto pressed = [](ImGuiKey k, bool repeat = true) { return ImGui::IsKeyPressed(ImGui::GetKeyIndex(k), repeat); };
  if (pressed(ImGuiKey_Space, false)) {
    if (!playback_.playing && playback_.t >= model_.end()) playback_.t = protocols::kEpoch;
    playback_.playing = !playback_.playing;
  }
  // Arrows step one event; with Shift, one command or reply.
  if (pressed(ImGuiKey_RightArrow))
    land(io.KeyShift ? step_command(tr, playback_.t, +1) : step_event(tr, playback_.t, +1));
  if (pressed(ImGuiKey_LeftArrow))
    land(io.KeyShift ? step_command(tr, playback_.t, -1) : step_event(tr, playback_.t, -1));
  if (pressed(ImGuiKey_Escape, false)) selection_.selected.reset();
  // F1 shows and hides the list of keys. ImGui 1.86 has no named function keys: the
  // backends index KeysDown by GLFW's key code (GLFW_KEY_F1 = 290) or SDL's scancode
  // (SDL_SCANCODE_F1 = 58); the other backend leaves that index unused.
  if (ImGui::IsKeyPressed(290, false) || ImGui::IsKeyPressed(58, false)) settings_.show_keys = !settings_.show_keys;
  if (pressed(ImGuiKey_Home, false)) playback_.t = protocols::kEpoch;
  if (pressed(ImGuiKey_End, false)) playback_.t = model_.end();
  if (lesson_ && pressed(ImGuiKey_PageDown, false)) lesson_->next();
  if (lesson_ && pressed(ImGuiKey_PageUp, false)) lesson_->back();
  // + and - arrive as characters (ImGui 1.86 has no named keys for them), as does F: the
  // fault menu of the host in view (the one the transcript is filtered to, else the sender
  // of the selected record, else the last mail server: the receiving end of the textbook).
  for (ImWchar c : io.InputQueueCharacters) {
    if (c == '+' || c == '=') scale_speed(playback_, 2);
    if (c == '-' || c == '_') scale_speed(playback_, 0.5);
    if (c == 'f' || c == 'F') settings_.fault_host = static_cast<int>(fault_menu_host());
  }
}

void App::reset_view() {
  selection_ = Selection{};
  directed_for_.reset();
  direction_.reset();
  reveal_ = Reveal{};
  settings_.filter = TranscriptFilter{};
  settings_.drag.clear();
  settings_.zoom.reset();
  settings_.canvas_zoom = 1;
  settings_.canvas_pan = {};
  playback_.t = protocols::kEpoch;
}

void App::open_lesson(std::unique_ptr<LessonSession> lesson) {
  exercise_.reset();
  lesson_ = std::move(lesson);
  lesson_version_ = lesson_->version() - 1;  // rebuild now
  lesson_step_ = 0;
  reset_view();
  sync_lesson();
}

void App::follow(LiveFeed* feed) {
  live_ = feed;
  lesson_.reset();
  exercise_.reset();
  model_ = Model(feed->scenario(), feed->snapshot());
  playback_.t = model_.end();
  playback_.playing = true;
  playback_.speed = 1;
}

void App::refresh_live(double wall_seconds) {
  if (live_next_.valid() && live_next_.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
    // A playback at the present goes on a moment behind the new one, so that what is on
    // the wire moves smoothly between snapshots; one paused or scrubbed back stays put.
    const bool following = playback_.t + kLiveLag >= model_.end();
    model_ = live_next_.get();
    if (following) {
      playback_.t = std::max(playback_.t, model_.end() - kLiveLag);
      playback_.playing = true;
    }
    if (selection_.selected && *selection_.selected >= model_.trace().size()) selection_.selected.reset();
  }
  live_wait_ -= wall_seconds;
  if (live_wait_ > 0 || live_next_.valid()) return;
  live_wait_ = 0.2;
  live_next_ = std::async(std::launch::async,
                          [s = live_->scenario(), r = live_->snapshot()]() mutable { return Model(s, std::move(r)); });
}

void App::open_exercise(std::unique_ptr<ExerciseSession> exercise) {
  lesson_.reset();
  exercise_ = std::move(exercise);
  model_ = Model(exercise_->exercise().scenario, exercise_->run().run);
  reset_view();
  playback_.playing = true;
}

bool App::open_course_file(const std::string& path, std::string* error) {
  std::optional<CourseFile> f = load_course_file(path, error);
  if (!f) return false;
  if (f->lesson) open_lesson(std::move(f->lesson));
  else open_exercise(std::move(f->exercise));
  return true;
}

void App::open_design(std::unique_ptr<DesignSession> design) {
  lesson_.reset();
  exercise_.reset();
  design_ = std::move(design);
  design_->designing = true;
}

bool App::simulate_design() {
  std::optional<sim::ScenarioSpec> s = design_ ? design_->editor.scenario() : std::nullopt;
  if (!s) return false;
  model_ = Model(*s);
  reset_view();
  // The hosts stand where they were placed: the offsets from the automatic layout.
  const std::vector<sim::Place>& places = design_->editor.places();
  settings_.drag.assign(model_.layout().size(), Point{});
  for (std::size_t i = 0; i < settings_.drag.size() && i < places.size(); ++i)
    settings_.drag[i] = Point{places[i].x - model_.layout()[i].x, places[i].y - model_.layout()[i].y};
  playback_.playing = true;
  design_->designing = false;
  return true;
}

void App::sync_lesson() {
  if (!lesson_ || lesson_->version() == lesson_version_) return;
  lesson_version_ = lesson_->version();
  const bool went_back = lesson_->step_index() < lesson_step_;
  lesson_step_ = lesson_->step_index();
  model_ = Model(lesson_->scenario(), lesson_->snapshot());
  if (selection_.selected && *selection_.selected >= model_.trace().size()) selection_.selected.reset();
  // Forward, the playback goes on from where it is to the world's new present; back, it
  // starts again where the step began.
  if (went_back || playback_.t > model_.end()) playback_.t = std::min(lesson_->step_began(), model_.end());
  playback_.playing = playback_.t < model_.end();
}

void App::direct_views() {
  std::optional<std::pair<std::size_t, std::optional<std::size_t>>> key;
  StepAbout about;
  if (lesson_ && lesson_->version() != lesson_version_) return;  // the model is not the world's yet
  if (lesson_ && !lesson_->finished()) {
    const lessons::LessonPlayer& p = lesson_->player();
    about = {p.hit(), p.step_start(), SIZE_MAX, &p.step().highlight, &p.step().view};
    key = std::pair{p.step_index(), p.hit()};
  } else if (exercise_ && !exercise_->done()) {
    const std::size_t k = exercise_->current();
    const lessons::PlacedQuestion& q = exercise_->question();
    const bool before = q.question->pause_before;  // the record has not happened yet
    about = {before ? std::nullopt : std::optional(q.record), k ? exercise_->run().questions[k - 1].pause_at : 0,
             q.pause_at, nullptr, &q.question->view};
    key = std::pair{k, about.hit};
  }
  if (key == directed_for_) return;
  directed_for_ = key;
  if (!key) {
    direction_.reset();
    reveal_ = Reveal{};
    return;
  }
  direction_ = direct(model_, about);
  reveal_.phrases.clear();
  if (lesson_)  // the narration's protocol text, the same in both languages
    for (const lessons::Span& sp : lessons::parse_emphasis(lesson_->player().step().narration.en))
      if (sp.code && sp.text.size() >= 4) reveal_.phrases.push_back(sp.text);
  // The fold and the lanes at once, so the step's animation already shows what it is about.
  settings_.fold_tcp = direction_->fold_tcp;
  reveal_.lanes = direction_->lanes;
  direction_pending_ = true;
}

void App::apply_direction() {
  if (!direction_ || !direction_pending_) return;
  const Direction& d = *direction_;
  const auto& es = model_.trace().entries();
  if (d.select && *d.select < es.size() && playback_.playing && playback_.t < es[*d.select].t) return;
  direction_pending_ = false;
  if (d.select) selection_.select(*d.select);
  reveal_.entry = d.select;
  reveal_.row = d.row;
  reveal_.host = d.host;
  reveal_.mailbox_user = d.mailbox_user;
  reveal_.panel = d.panel;
  reveal_.scroll_all();
  // Transcript filters that would hide the record give way to it.
  const bool segments = settings_.filter.segments;
  settings_.filter = TranscriptFilter{};
  settings_.filter.segments = segments;
  if (d.zoom) {  // the link's middle at the canvas centre, the link about half its width
    auto at = [&](sim::HostId h) {
      Point p = model_.layout()[h];
      if (h < settings_.drag.size()) p.x += settings_.drag[h].x, p.y += settings_.drag[h].y;
      return p;
    };
    const Point a = at(d.zoom->first), b = at(d.zoom->second);
    const float span = std::max({std::abs(a.x - b.x), std::abs(a.y - b.y), 0.1f});
    const float z = std::clamp(0.5f / span, 1.f, kMaxCanvasZoom);
    settings_.canvas_zoom = z;
    settings_.canvas_pan = {-((a.x + b.x) / 2 - 0.5f) * z, -((a.y + b.y) / 2 - 0.5f) * z};
  }
}

sim::HostId App::fault_menu_host() const {
  const auto& hosts = model_.topology().hosts;
  if (settings_.filter.host < hosts.size()) return settings_.filter.host;
  if (selection_.selected && *selection_.selected < model_.trace().size()) {
    const sim::Record& r = model_.trace().entries()[*selection_.selected].record;
    sim::HostId h = std::visit([](const auto& x) -> sim::HostId {
      if constexpr (requires { { x.from } -> std::convertible_to<sim::HostId>; }) return x.from;
      else return sim::kNoHost;
    }, r);
    if (h < hosts.size()) return h;
  }
  for (std::size_t i = hosts.size(); i-- > 0;)
    if (hosts[i].kind == "mail-server") return static_cast<sim::HostId>(i);
  return 0;
}

void App::apply_clicked_faults() {
  if (!lesson_request_.empty()) {
    std::string path = std::move(lesson_request_), error;
    lesson_request_.clear();
    clicked_.clear();
    if (!open_course_file(path, &error)) std::fprintf(stderr, "mailsim gui: %s", error.c_str());
    return;
  }
  if (live_) {
    for (const auto& e : clicked_) live_->input(e);
    clicked_.clear();
    return;
  }
  if (exercise_) {  // a recorded run: what happened is the question, not to be changed
    clicked_.clear();
    return;
  }
  if (lesson_) {
    for (const auto& e : clicked_) lesson_->apply_input(e);
    clicked_.clear();
    sync_lesson();
    return;
  }
  for (const auto& e : clicked_) model_.request_input(e);
  clicked_.clear();
  if (!model_.adopt_finished()) return;
  // Record indices before the click are unchanged (the run is a pure function); a
  // selection after it may now name a different record, so drop it.
  if (selection_.selected && (*selection_.selected >= model_.trace().size() ||
                              model_.trace().entries()[*selection_.selected].t > playback_.t))
    selection_.selected.reset();
  playback_.t = std::min(playback_.t, model_.end());
}

void App::layout(Frame& f) {
  const ImVec2 d = ImGui::GetIO().DisplaySize;
  const float line = ImGui::GetFrameHeightWithSpacing();
  const float top_h = line + 12, time_h = line * 2 + 16;
  const bool course = lesson_ || exercise_;
  const float body_h = d.y - top_h - time_h;
  // Presenter mode gives the room to the canvas and the current exchange (the ladder): no
  // transcript, and the hosts panel only while a lesson step waits for the student's own
  // action there (a fault click, a line in the telnet console) or a fault menu is open (F).
  const bool presenter = settings_.presenter;
  const bool hosts = !presenter || (lesson_ && !lesson_->finished() && lesson_->waiting_for_student()) ||
                     settings_.fault_host >= 0 || ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId);
  const float mid_h = body_h * (presenter ? 0.6f : 0.62f), bottom_h = body_h - mid_h;
  const float right_w = d.x * (course ? (presenter ? 0.32f : 0.28f) : (presenter ? 0.26f : 0.22f));
  const float left_w = hosts ? d.x * (presenter ? 0.2f : 0.19f) : 0, centre_w = d.x - left_w - right_w;
  const float ladder_w = presenter ? d.x - right_w : (d.x - right_w) * 0.56f;
  top_.draw(f, ImVec2(0, 0), ImVec2(d.x, top_h));
  if (hosts) hosts_.draw(f, ImVec2(0, top_h), ImVec2(left_w, mid_h));
  ImGui::PushStyleColor(ImGuiCol_WindowBg, ImGui::ColorConvertU32ToFloat4(colors::kCanvasBg));
  topology_.draw(f, ImVec2(left_w, top_h), ImVec2(centre_w, mid_h));
  ImGui::PopStyleColor();
  // A short ladder in presenter type would show a row or two under its lane names: there it
  // keeps the normal type (a 720-line projector scales the picture up anyway).
  const bool tight = presenter && bottom_h < 330;
  if (tight) ImGui::PushFont(fonts_.normal);
  ladder_.draw(f, ImVec2(0, top_h + mid_h), ImVec2(ladder_w, bottom_h));
  if (tight) ImGui::PopFont();
  if (!presenter) {
    Panel& list = settings_.show_events ? static_cast<Panel&>(events_) : transcript_;
    list.draw(f, ImVec2(ladder_w, top_h + mid_h), ImVec2(d.x - right_w - ladder_w, bottom_h));
  }
  // The inspector runs the full height: a segment's fields, bytes and message tree. A
  // lesson's panel takes the upper part of that column.
  const float lesson_h = course ? body_h * 0.58f : 0;
  if (lesson_) lesson_panel_.draw(f, ImVec2(left_w + centre_w, top_h), ImVec2(right_w, lesson_h));
  if (exercise_) exercise_panel_.draw(f, ImVec2(left_w + centre_w, top_h), ImVec2(right_w, lesson_h));
  inspector_.draw(f, ImVec2(left_w + centre_w, top_h + lesson_h), ImVec2(right_w, body_h - lesson_h));
  timeline_.draw(f, ImVec2(0, d.y - time_h), ImVec2(d.x, time_h));
  if (settings_.show_keys) {  // over the canvas's top right corner
    const ImVec2 k = KeysPanel::size(f);
    keys_.draw(f, ImVec2(std::max(0.f, left_w + centre_w - k.x - 8), top_h + 8), k);
  }
}

void App::frame(double wall_seconds) {
  if (styled_presenter_ != settings_.presenter) {
    apply_style(settings_.presenter);
    styled_presenter_ = settings_.presenter;
  }
  ImGui::PushFont(settings_.presenter ? fonts_.large : fonts_.normal);
  keyboard();
  if (live_) refresh_live(wall_seconds);
  advance(playback_, wall_seconds, model_.end());
  // Presenter mode: while playing, the highlight follows the current exchange (the latest
  // command or reply), in every panel.
  if (settings_.presenter && playback_.playing)
    if (auto l = step_command(model_.trace(), playback_.t + protocols::Duration{1}, -1)) selection_.select(l->entry);
  if (settings_.skip_idle) skip_idle(playback_, model_.trace(), !model_.flights().visible_at(playback_.t).empty());
  if (exercise_ && playback_.t >= exercise_->limit()) {  // held at the question until it is answered
    playback_.t = exercise_->limit();
    playback_.playing = false;
  }
  direct_views();
  apply_direction();
  report_.clear();

  Frame f{model_, settings_, selection_, playback_, fonts_, clicked_, last_t_ != playback_.t,
          lesson_.get(), &lesson_request_, exercise_.get(), &reveal_, &report_};
  f.design = design_.get();
  last_t_ = playback_.t;
  if (design_ && design_->designing) {  // design mode: the top bar, then the design panels
    const float top_h = ImGui::GetFrameHeightWithSpacing() + 12;
    top_.draw(f, ImVec2(0, 0), ImVec2(ImGui::GetIO().DisplaySize.x, top_h));
    design_view_.draw(f, ImVec2(0, top_h), ImVec2(ImGui::GetIO().DisplaySize.x, ImGui::GetIO().DisplaySize.y - top_h));
  } else {
    layout(f);
  }
  if (design_ && design_->simulate_request) {
    design_->simulate_request = false;
    simulate_design();
  }
  ImGui::PopFont();
  apply_clicked_faults();
  selection_.peer = selection_.selected ? model_.counterpart(*selection_.selected) : std::nullopt;
  selection_.hovered = selection_.hovering;
  selection_.hovering.reset();
  selection_.hover_peer = selection_.hovered ? model_.counterpart(*selection_.hovered) : std::nullopt;
}

}  // namespace visual
