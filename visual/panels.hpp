// The panels of the main window (DESIGN.md "Front end" sketch), one class each; each is
// implemented in its own file: top_bar.cpp, hosts_panel.cpp, topology_panel.cpp,
// inspector_panel.cpp, ladder_panel.cpp, transcript_panel.cpp, timeline_panel.cpp, lesson_panel.cpp.
#pragma once
#include <optional>
#include <vector>

#include "lessons/course.hpp"
#include "visual/panel.hpp"

namespace visual {

// Title, scenario, language switch zh|en, presenter toggle, faults clicked, the clock.
class TopBar : public Panel {
 public:
  TopBar() : Panel(Id::AppTitle, "topbar", ImGuiWindowFlags_NoTitleBar) {}

 protected:
  void contents(Frame& f) override;
};

// Hosts with their state at the playback time (power, queue, mailboxes) and a fault menu.
class HostsPanel : public Panel {
 public:
  HostsPanel() : Panel(Id::Hosts, "hosts") {}

 protected:
  void contents(Frame& f) override;

 private:
  void fault_menu(Frame& f, sim::HostId h);
  void console(Frame& f);
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
  InspectorPanel() : Panel(Id::Inspector, "inspector") {}

 protected:
  void contents(Frame& f) override;
};

// The sequence diagram: a lane per host, an arrow per flight, SMTP phases bracketed.
class LadderPanel : public Panel {
 public:
  LadderPanel() : Panel(Id::Ladder, "ladder") {}

 protected:
  void contents(Frame& f) override;
};

// Every record as a line, filtered by host, protocol and connection.
class TranscriptPanel : public Panel {
 public:
  TranscriptPanel() : Panel(Id::Transcript, "transcript") {}

 protected:
  void contents(Frame& f) override;
};

// Play, pause, step, speed, jump and scrub, with the markers of the run.
class TimelinePanel : public Panel {
 public:
  TimelinePanel() : Panel(Id::Timeline, "timeline", ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoScrollbar) {}

 protected:
  void contents(Frame& f) override;
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
  void picker(Frame& f);
  std::optional<std::vector<lessons::CourseItem>> course_;
};

}  // namespace visual
