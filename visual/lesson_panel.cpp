// The lesson panel: title and course picker, progress, the step's narration (with **bold**
// and `code` drawn as emphasis, wrapped word by word, Chinese character by character), what
// the step waits for, the self-check question and Back / Next / Restart.
#include <algorithm>

#include "lessons/emphasis.hpp"
#include "visual/panels.hpp"

namespace visual {

namespace {

const std::string& local(const sim::Localized& t, Lang lang) {
  return lang == Lang::Zh && !t.zh.empty() ? t.zh : t.en;
}

// Length in bytes of the UTF-8 sequence starting with `c`.
std::size_t utf8_len(unsigned char c) { return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4; }

// Draws spans wrapped to `width`: an ASCII word (with the spaces after it) or one other
// character is the unit that moves to the next line; "\n" breaks. Bold is drawn in the
// highlight colour, code in light blue on a dark chip.
void rich_text(const std::vector<lessons::Span>& spans, float width) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float lh = ImGui::GetTextLineHeightWithSpacing() + 2;
  float x = 0, y = 0;
  for (const lessons::Span& sp : spans) {
    const ImU32 col = sp.bold ? colors::kHighlight : sp.code ? IM_COL32(140, 200, 255, 255) : colors::kText;
    const std::string& s = sp.text;
    std::size_t i = 0;
    while (i < s.size()) {
      if (s[i] == '\n') {
        x = 0;
        y += lh;
        ++i;
        continue;
      }
      std::size_t j = i;
      if (static_cast<unsigned char>(s[i]) < 0x80) {
        while (j < s.size() && s[j] != ' ' && s[j] != '\n' && static_cast<unsigned char>(s[j]) < 0x80) ++j;
        while (j < s.size() && s[j] == ' ') ++j;
        if (j == i) j = i + 1;
      } else {
        j = std::min(s.size(), i + utf8_len(static_cast<unsigned char>(s[i])));
      }
      const char* b = s.data() + i;
      const char* e = s.data() + j;
      ImVec2 sz = ImGui::CalcTextSize(b, e);
      if (x > 0 && x + sz.x > width) {
        x = 0;
        y += lh;
        if (*b == ' ') {  // a line does not begin with the spaces that ended the last
          i = j;
          continue;
        }
      }
      ImVec2 at(origin.x + x, origin.y + y);
      if (sp.code) dl->AddRectFilled(ImVec2(at.x - 1, at.y - 1), ImVec2(at.x + sz.x + 1, at.y + sz.y + 1), IM_COL32(45, 55, 75, 255), 3);
      dl->AddText(at, col, b, e);
      x += sz.x;
      i = j;
    }
  }
  ImGui::Dummy(ImVec2(width, y + lh));
}

void narration(const std::string& text, float width) {
  std::string error;
  std::vector<lessons::Span> spans = lessons::parse_emphasis(text, &error);
  if (spans.empty() && !text.empty()) spans.push_back({text});  // the loader rejects this; draw it plain
  rich_text(spans, width);
}

}  // namespace

void LessonPanel::picker(Frame& f) {
  if (!course_) {
    lessons::Problems problems;
    course_ = lessons::list_course(lessons::content_dir(), problems);
  }
  const std::string& title = local(f.lesson->lesson().title, f.settings.lang);
  ImGui::SetNextItemWidth(-1);
  if (ImGui::BeginCombo("##lesson-picker", title.c_str())) {
    ImGui::TextDisabled("%s", f.t(Id::OpenLesson));
    for (const lessons::CourseItem& item : *course_) {
      if (item.exercise) continue;
      const bool current = item.id == f.lesson->lesson().id;
      if (ImGui::Selectable(local(item.title, f.settings.lang).c_str(), current) && !current && f.open_lesson)
        *f.open_lesson = item.file;
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
  picker(f);
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
  narration(local(step.narration, f.settings.lang), width);

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
    narration("`" + what + "`", width - ImGui::GetCursorPosX());
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
    narration(local(q.question, f.settings.lang), width);
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
      narration(local(q.explanation, f.settings.lang), width);
    }
  }
  ImGui::EndChild();
}

}  // namespace visual
