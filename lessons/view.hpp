// What a lesson step or an exercise question directs the views to show, beyond what its
// condition and highlight already imply (docs/lessons.md "What the views show"). Every
// part is optional: by default the front end follows the record the step is about.
// Read by lesson_loader.cpp (read_view), shared with exercise questions.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "lessons/condition.hpp"
#include "lessons/json_reader.hpp"
#include "sim/scenario.hpp"

namespace lessons {

enum class TcpView { Auto, Fold, Unfold };
enum class ViewPanel { Auto, Ladder, Transcript, Inspector, Hosts };
struct View {
  TcpView tcp = TcpView::Auto;          // "tcp": "fold" | "unfold"
  std::vector<std::string> lanes;       // hosts the ladder shows lanes for, flights or not
  std::optional<Condition> select;      // the record the inspector shows (latest match)
  ViewPanel panel = ViewPanel::Auto;    // the panel brought to the front
  std::string host;                     // the host the hosts panel opens and scrolls to
  std::string zoom;                     // a link "a-b" the canvas zooms to
};

// Reads a "view" block; host and link names are checked against `s` when given.
void read_view(Checker& c, const json& j, const std::string& p, const sim::ScenarioSpec* s, View& v);

}  // namespace lessons
