// The lesson panel: title and course picker, progress, the step's narration (rich_text.hpp),
// what the step waits for, the self-check question and Back / Next / Restart.
#include <algorithm>

#include "visual/panels.hpp"
#include "visual/rich_text.hpp"

namespace visual {


void CoursePicker::draw(Frame& f, const std::string& current_id, const std::string& current_title) {
  if (!course_) {
    lessons::Problems problems;
    course_ = lessons::list_course(lessons::content_dir(), problems);
  }
  ImGui::SetNextItemWidth(-1);
  if (ImGui::BeginCombo("##course-picker", current_title.c_str())) {
    ImGui::TextDisabled("%s", f.t(Id::OpenLesson));
    for (bool exercises : {false, true}) {
      if (exercises) {
        ImGui::Separator();
        ImGui::TextDisabled("%s", f.t(Id::Exercise));
      }
      for (const lessons::CourseItem& item : *course_) {
        if (item.exercise != exercises) continue;
        const bool current = item.id == current_id;
        ImGui::PushID(item.file.c_str());
        if (ImGui::Selectable(local(item.title, f.settings.lang).c_str(), current) && !current && f.open_lesson)
          *f.open_lesson = item.file;
        ImGui::PopID();
      }
    }
    ImGui::EndCombo();
  }
}

void LessonPanel::contents(Frame& f) {
  if (!f.lesson) {
    ImGui::TextDisabled("%s", f.t(Id::NoLesson));
    return;
  }
  LessonSession& ls = *f.lesson;
  picker_.draw(f, ls.lesson().id, local(ls.lesson().title, f.settings.lang));
  const std::size_t n = ls.step_count(), k = ls.step_index();
  char progress[64];
  std::snprintf(progress, sizeof progress, "%s %zu / %zu", f.t(Id::Step), std::min(k + 1, n), n);
  ImGui::ProgressBar(n ? float(std::min(k + 1, n)) / float(n) : 1.f, ImVec2(-1, 0), progress);

  // Buttons first, so they stay in view whatever the narration's length.
  const bool playing_step = f.playback.t < f.model.end();
  ImGui::BeginDisabled(k == 0);
  if (ImGui::Button(f.t(Id::Back))) ls.back();
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::BeginDisabled(!ls.can_next());
  const bool ready = ls.can_next() && !playing_step;
  if (ready) ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.15f, 0.55f, 0.25f, 1));
  if (ImGui::Button(f.t(Id::Next))) ls.next();
  if (ready) ImGui::PopStyleColor();
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (ImGui::Button(f.t(Id::Restart))) ls.restart();
  ImGui::Separator();

  ImGui::BeginChild("##narration", ImVec2(0, 0), false);
  const float width = ImGui::GetContentRegionAvail().x - 4;
  if (ls.finished()) {
    ImGui::TextWrapped("%s", f.t(Id::LessonComplete));
    ImGui::EndChild();
    return;
  }
  const lessons::Step& step = ls.player().step();
  emphasis_text(local(step.narration, f.settings.lang), width);

  // What the step is waiting for.
  ImGui::Spacing();
  if (!ls.stuck().empty()) {
    ImGui::TextColored(ImVec4(1, 0.4f, 0.35f, 1), "%s", f.t(Id::StepStuck));
    ImGui::TextWrapped("%s", ls.stuck().c_str());
  } else if (ls.waiting_for_student()) {
    const lessons::StudentAction& sa = step.until.student;
    ImGui::TextColored(ImVec4(1, 0.8f, 0.3f, 1), "%s:", f.t(Id::YourTurn));
    ImGui::SameLine();
    std::string what = sa.fault.empty() ? sa.telnet_target + "  " + (sa.example.empty() ? sa.telnet_verb : sa.example) : sa.fault;
    emphasis_text("`" + what + "`", width - ImGui::GetCursorPosX());
    ImGui::TextWrapped("%s", f.t(sa.fault.empty() ? Id::HintTelnet : Id::HintFault));
    if (ImGui::Button(f.t(Id::DoItForMe))) ls.act_for_student();
  } else if (playing_step) {
    ImGui::TextDisabled("%s", f.t(Id::Watching));
  } else if (ls.can_next()) {
    ImGui::TextColored(ImVec4(0.5f, 0.9f, 0.55f, 1), "%s", f.t(Id::PressNext));
  }

  if (step.check) {
    const lessons::CheckQuestion& q = *step.check;
    section(f.t(Id::CheckYourself));
    emphasis_text(local(q.question, f.settings.lang), width);
    std::optional<int> chosen = ls.answer(k);
    for (int i = 0; i < static_cast<int>(q.choices.size()); ++i) {
      ImGui::PushID(i);
      if (ImGui::RadioButton(local(q.choices[i], f.settings.lang).c_str(), chosen == i)) ls.choose(k, i);
      ImGui::PopID();
    }
    if (chosen) {
      const bool right = *chosen == q.answer;
      ImGui::TextColored(right ? ImVec4(0.5f, 0.9f, 0.55f, 1) : ImVec4(1, 0.5f, 0.4f, 1), "%s", f.t(right ? Id::Correct : Id::Incorrect));
      if (!right && q.answer >= 0 && q.answer < static_cast<int>(q.choices.size())) {
        ImGui::SameLine();
        ImGui::TextUnformatted(local(q.choices[q.answer], f.settings.lang).c_str());
      }
      emphasis_text(local(q.explanation, f.settings.lang), width);
    }
  }
  ImGui::EndChild();
}

}  // namespace visual
