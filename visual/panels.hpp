// The panels of the main window (DESIGN.md "Front end" sketch), one class each; each is
// implemented in its own file: top_bar.cpp, hosts_panel.cpp, topology_panel.cpp,
// inspector_panel.cpp, ladder_panel.cpp, transcript_panel.cpp, timeline_panel.cpp,
// lesson_panel.cpp (with the course picker), exercise_panel.cpp.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lessons/course.hpp"
#include "visual/event_list.hpp"
#include "visual/host_state.hpp"
#include "visual/panel.hpp"

namespace visual {

// Title, scenario, language switch zh|en, presenter toggle, faults clicked, the clock.
class TopBar : public Panel {
 public:
  TopBar() : Panel(Id::AppTitle, "topbar", ImGuiWindowFlags_NoTitleBar) {}

 protected:
  void contents(Frame& f) override;

 private:
  void mode_switch(Frame& f);
};

// The keys of the window (F1 shows and hides it): a small panel over the canvas.
class KeysPanel : public Panel {
 public:
  KeysPanel() : Panel(Id::KeysTitle, "keys", ImGuiWindowFlags_NoScrollbar) {}
  // The size the list needs in the current font.
  static ImVec2 size(const Frame& f);

 protected:
  void contents(Frame& f) override;
};

// The lines the hosts panel shows under a mail server: retry values, limits, extensions.
std::vector<std::string> mail_server_settings(const sim::MailServerSpec& m, Lang lang);
// A stored message's flags for a student: "\Seen \Flagged" -> "\Seen (read) \Flagged (for
// attention)"; keywords as they are; none at all is "no flags (unread)".
std::string flags_text(std::string_view flags, Lang lang);
// One listed message of a mailbox: "UID 3  \Seen (read)".
std::string message_line_text(const MessageLine& m, Lang lang);

// Hosts with their state at the playback time (power, queue, mailboxes) and a fault menu.
class HostsPanel : public Panel {
 public:
  HostsPanel() : Panel(Id::Hosts, "hosts", 0, lessons::ViewPanel::Hosts) {}

 protected:
  void contents(Frame& f) override;

 private:
  void fault_menu(Frame& f, sim::HostId h);
  void console(Frame& f);
  void settings(Frame& f, const sim::MailServerSpec& m);
  void mailbox(Frame& f, const MailboxLine& m);
  HostStates states_;
  int console_target_ = 0;
  char console_line_[512] = {};
};

// Hosts as icons, links as lines, segments as pills travelling along the links.
class TopologyPanel : public Panel {
 public:
  TopologyPanel() : Panel(Id::Topology, "topology", ImGuiWindowFlags_NoScrollbar) {}

 protected:
  void contents(Frame& f) override;
};

// The selected (or hovered) record in detail.
class InspectorPanel : public Panel {
 public:
  InspectorPanel() : Panel(Id::Inspector, "inspector", 0, lessons::ViewPanel::Inspector) {}

 protected:
  void contents(Frame& f) override;
};

// The sequence diagram: a lane per host, an arrow per flight, SMTP phases bracketed.
class LadderPanel : public Panel {
 public:
  LadderPanel() : Panel(Id::Ladder, "ladder", 0, lessons::ViewPanel::Ladder) {}

 protected:
  void contents(Frame& f) override;
};

// Every record as a line, filtered by host, protocol and connection.
class TranscriptPanel : public Panel {
 public:
  TranscriptPanel() : Panel(Id::Transcript, "transcript", 0, lessons::ViewPanel::Transcript) {}

 protected:
  void contents(Frame& f) override;

 private:
  RowFilter rows_;
};

// The event list (event_list.hpp) in the transcript's place: check boxes per type, a table of
// every event up to the playback time; a click selects the record.
class EventListPanel : public Panel {
 public:
  EventListPanel() : Panel(Id::EventList, "events", 0, lessons::ViewPanel::Transcript) {}

 protected:
  void contents(Frame& f) override;

 private:
  const std::vector<EventRow>& rows(Frame& f);  // built again when the run or language changes
  std::vector<EventRow> rows_;
  std::optional<std::uint64_t> built_for_;
  std::optional<std::size_t> followed_;  // the selection the list last scrolled to
};

// Play, pause, step, speed, jump and scrub, with the markers of the run.
class TimelinePanel : public Panel {
 public:
  TimelinePanel() : Panel(Id::Timeline, "timeline", ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoScrollbar) {}

 protected:
  void contents(Frame& f) override;
};

// The course picker (lessons and exercises of the shipped course), shared by the lesson and
// exercise panels; a pick is opened by the app after the frame.
class CoursePicker {
 public:
  void draw(Frame& f, const std::string& current_id, const std::string& current_title);

 private:
  std::optional<std::vector<lessons::CourseItem>> course_;
};

// A lesson: its title and the course picker, the step's narration with emphasis, progress,
// what the step waits for (the animation, Next, the student's own action), the self-check
// question, and Back / Next / Restart.
class LessonPanel : public Panel {
 public:
  LessonPanel() : Panel(Id::Lesson, "lesson") {}

 protected:
  void contents(Frame& f) override;

 private:
  CoursePicker picker_;
};

// An exercise replay: the question at its pause, answer widgets by type, the verdict with
// the expected answer and explanation, Continue; at the end the score and Save result.
class ExercisePanel : public Panel {
 public:
  ExercisePanel() : Panel(Id::Exercise, "exercise") {}

 protected:
  void contents(Frame& f) override;

 private:
  void answer_widgets(Frame& f, const lessons::PlacedQuestion& q);
  CoursePicker picker_;
  int single_ = -1;
  std::vector<bool> multiple_;
  char text_[256] = {};
  char student_[64] = {};
  std::size_t for_question_ = SIZE_MAX;  // the question the widgets' state belongs to
  std::string saved_;                    // the message after Save result
};

}  // namespace visual
