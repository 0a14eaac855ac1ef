// The exercise panel: the run plays to each question's pause; the question is asked with
// widgets for its type (one choice, several, a value, an order, pairs), graded on Submit
// with the expected answer and the explanation shown; Continue plays on. At the end, the
// score, every answer, and Save result (the JSON `mailsim exercise --result` writes).
#include <algorithm>
#include <cctype>
#include <cstring>

#include "visual/panels.hpp"
#include "visual/rich_text.hpp"

namespace visual {

namespace {
lessons::Lang to_lessons(Lang l) { return l == Lang::Zh ? lessons::Lang::Zh : lessons::Lang::En; }

// A file name for the result: the exercise's id and the student's name, in the current folder.
std::string result_path(const std::string& id, const std::string& student) {
  std::string name = id + "_result";
  if (!student.empty()) {
    name += "_";
    for (char c : student) name += std::isalnum(static_cast<unsigned char>(c)) || (c & 0x80) ? c : '_';
  }
  return name + ".json";
}
}  // namespace

void ExercisePanel::answer_widgets(Frame& f, const lessons::PlacedQuestion& pq) {
  const lessons::Question& q = *pq.question;
  const Lang lang = f.settings.lang;
  using T = lessons::QuestionType;
  multiple_.resize(q.choices.size());
  for (std::size_t i = 0; i < q.choices.size(); ++i) {
    std::string label = lessons::choice_label(i) + ". " + local(q.choices[i], lang);
    ImGui::PushID(static_cast<int>(i));
    if (q.type == T::Single) {
      if (ImGui::RadioButton(label.c_str(), single_ == static_cast<int>(i))) single_ = static_cast<int>(i);
    } else if (q.type == T::Multiple) {
      bool on = multiple_[i];
      if (ImGui::Checkbox(label.c_str(), &on)) multiple_[i] = on;
    } else {
      ImGui::BulletText("%s", label.c_str());
    }
    ImGui::PopID();
  }
  for (std::size_t i = 0; i < q.targets.size(); ++i) ImGui::BulletText("%zu. %s", i + 1, local(q.targets[i], lang).c_str());
  if (q.type == T::Fill || q.type == T::Order || q.type == T::Match) {
    ImGui::SetNextItemWidth(-1);
    ImGui::InputTextWithHint("##answer", lessons::answer_hint(pq, to_lessons(lang)).c_str(), text_, sizeof text_);
  }
  lessons::json given;
  if (q.type == T::Single && single_ >= 0) given = lessons::choice_label(static_cast<std::size_t>(single_));
  if (q.type == T::Multiple) {
    given = lessons::json::array();
    for (std::size_t i = 0; i < multiple_.size(); ++i)
      if (multiple_[i]) given.push_back(lessons::choice_label(i));
    if (given.empty()) given = nullptr;
  }
  if ((q.type == T::Fill || q.type == T::Order || q.type == T::Match) && text_[0])
    given = lessons::answer_from_line(q.type, text_);
  ImGui::BeginDisabled(given.is_null());
  if (ImGui::Button(f.t(Id::Submit))) f.exercise->answer(given);
  ImGui::EndDisabled();
}

void ExercisePanel::contents(Frame& f) {
  if (!f.exercise) return;
  ExerciseSession& ex = *f.exercise;
  const Lang lang = f.settings.lang;
  picker_.draw(f, ex.exercise().id, local(ex.exercise().title, lang));
  const std::size_t n = ex.count(), k = ex.current();
  char progress[96];
  std::snprintf(progress, sizeof progress, "%s %zu / %zu   %s %d", f.t(Id::Question), std::min(k + 1, n), n,
                f.t(Id::Score), ex.score());
  ImGui::ProgressBar(n ? float(k) / float(n) : 1.f, ImVec2(-1, 0), progress);
  for (const auto& p : ex.problems()) ImGui::TextColored(ImVec4(1, 0.4f, 0.35f, 1), "%s", p.message.c_str());
  ImGui::Separator();
  ImGui::BeginChild("##question", ImVec2(0, 0), false);
  const float width = ImGui::GetContentRegionAvail().x - 4;

  if (ex.done()) {
    ImGui::TextColored(ImVec4(0.5f, 0.9f, 0.55f, 1), "%s  %s %d / %zu", f.t(Id::ExerciseDone), f.t(Id::Score), ex.score(), n);
    for (std::size_t i = 0; i < n; ++i) {  // each question by its prompt, with the expected answer
      const lessons::QuestionResult& r = ex.result_of(i);
      const lessons::PlacedQuestion& q = ex.run().questions[i];
      ImGui::PushStyleColor(ImGuiCol_Text, r.correct ? ImVec4(0.5f, 0.9f, 0.55f, 1) : ImVec4(1, 0.5f, 0.4f, 1));
      ImGui::TextWrapped("%s %zu. %s", r.correct ? "[+]" : "[-]", i + 1, lessons::question_title(*q.question, to_lessons(lang)).c_str());
      ImGui::PopStyleColor();
      ImGui::Indent();
      ImGui::TextWrapped("%s: %s", f.t(Id::ExpectedAnswer), lessons::expected_text(q, to_lessons(lang)).c_str());
      ImGui::Unindent();
    }
    ImGui::Separator();
    ImGui::SetNextItemWidth(width * 0.5f);
    ImGui::InputText(f.t(Id::StudentName), student_, sizeof student_);
    if (ImGui::Button(f.t(Id::SaveResult))) {
      std::string path = result_path(ex.exercise().id, student_);
      saved_ = std::string(f.t(ex.save(path, student_) ? Id::Saved : Id::NotSaved)) + " " + path;
    }
    if (!saved_.empty()) ImGui::TextWrapped("%s", saved_.c_str());
    ImGui::EndChild();
    return;
  }

  if (for_question_ != k) {  // a new question: fresh widgets
    for_question_ = k;
    single_ = -1;
    multiple_.assign(multiple_.size(), false);
    text_[0] = '\0';
  }
  const lessons::PlacedQuestion& pq = ex.question();
  if (f.playback.t < ex.limit()) {
    ImGui::TextDisabled("%s", f.t(Id::WatchToQuestion));
    if (ImGui::Button(f.t(Id::GoToQuestion))) {
      f.playback.t = ex.limit();
      f.playback.playing = false;
    }
    ImGui::EndChild();
    return;
  }
  emphasis_text(local(pq.question->prompt, lang), width);
  ImGui::Spacing();
  if (!ex.answered()) {
    answer_widgets(f, pq);
  } else {
    const lessons::QuestionResult& r = ex.result_of(k);
    const std::string given = r.given.is_null() ? f.t(Id::NotAnswered) : lessons::answer_text(pq, r.given, to_lessons(lang));
    ImGui::TextWrapped("%s: %s", f.t(Id::YourAnswer), given.c_str());
    const std::string expected = lessons::expected_text(pq, to_lessons(lang));
    if (r.correct) {
      ImGui::TextColored(ImVec4(0.5f, 0.9f, 0.55f, 1), "%s", f.t(Id::Correct));
      ImGui::TextWrapped("%s: %s", f.t(Id::ExpectedAnswer), expected.c_str());
    } else {  // "Not quite. The answer is:" and the answer on one line, never the label alone
      ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 0.5f, 0.4f, 1));
      ImGui::TextWrapped(lang == Lang::Zh ? "%s%s" : "%s %s", f.t(Id::Incorrect), expected.c_str());  // "：" needs no space
      ImGui::PopStyleColor();
    }
    emphasis_text(local(pq.question->explanation, lang), width);
    if (ImGui::Button(f.t(Id::Continue))) {
      ex.continue_on();
      f.playback.playing = true;
    }
  }
  ImGui::EndChild();
}

}  // namespace visual
