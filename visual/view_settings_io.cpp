// ViewSettings as text, and the file it lives in.
#include <cmath>
#include "visual/view_settings_io.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace visual {

std::string settings_to_text(const ViewSettings& s) {
  std::ostringstream o;
  o << "fold_tcp = " << (s.fold_tcp ? 1 : 0) << "\n";
  o << "skip_idle = " << (s.skip_idle ? 1 : 0) << "\n";
  o << "segments = " << (s.filter.segments ? 1 : 0) << "\n";
  o << "loss_percent = " << s.loss_percent << "\n";
  o << "latency_ms = " << s.latency_ms << "\n";
  if (s.canvas_zoom != 1 || s.canvas_pan.x != 0 || s.canvas_pan.y != 0)
    o << "canvas = " << s.canvas_zoom << " " << s.canvas_pan.x << " " << s.canvas_pan.y << "\n";
  for (std::size_t i = 0; i < s.drag.size(); ++i)
    if (s.drag[i].x != 0 || s.drag[i].y != 0) o << "drag." << i << " = " << s.drag[i].x << " " << s.drag[i].y << "\n";
  return o.str();
}

void settings_from_text(const std::string& text, ViewSettings& s) {
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    auto eq = line.find('=');
    if (eq == std::string::npos) continue;
    std::string key = line.substr(0, eq);
    while (!key.empty() && key.back() == ' ') key.pop_back();
    std::istringstream v(line.substr(eq + 1));
    if (key == "fold_tcp") {
      int b;
      if (v >> b) s.fold_tcp = b != 0;
    } else if (key == "skip_idle") {
      int b;
      if (v >> b) s.skip_idle = b != 0;
    } else if (key == "segments") {
      int b;
      if (v >> b) s.filter.segments = b != 0;
    } else if (key == "loss_percent") {
      float x;
      if (v >> x && x >= 0 && x <= 100) s.loss_percent = x;
    } else if (key == "latency_ms") {
      int x;
      if (v >> x && x > 0) s.latency_ms = x;
    } else if (key == "canvas") {
      float z;
      Point p;
      if (v >> z >> p.x >> p.y && z >= kMinCanvasZoom && z <= kMaxCanvasZoom && std::abs(p.x) < 100 && std::abs(p.y) < 100) {
        s.canvas_zoom = z;
        s.canvas_pan = p;
      }
    } else if (key.starts_with("drag.")) {
      char* end = nullptr;
      unsigned long i = std::strtoul(key.c_str() + 5, &end, 10);
      Point p;
      if (end && *end == '\0' && i < 4096 && v >> p.x >> p.y) {
        if (s.drag.size() <= i) s.drag.resize(i + 1);
        s.drag[i] = p;
      }
    }
  }
}

std::optional<std::string> settings_path(const std::string& scenario_name) {
  std::filesystem::path dir;
  if (const char* x = std::getenv("XDG_CONFIG_HOME"); x && *x) dir = x;
  else if (const char* h = std::getenv("HOME"); h && *h) dir = std::filesystem::path(h) / ".config";
  else return std::nullopt;
  std::string name;
  for (char c : scenario_name.empty() ? std::string("scenario") : scenario_name)
    name += (isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_') ? c : '_';
  return (dir / "mailsim" / ("view-" + name + ".ini")).string();
}

void load_settings(const std::string& path, ViewSettings& s) {
  std::ifstream in(path);
  if (!in) return;  // first run: defaults
  std::stringstream buf;
  buf << in.rdbuf();
  settings_from_text(buf.str(), s);
}

bool save_settings(const std::string& path, const ViewSettings& s) {
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
  std::ofstream out(path);
  out << settings_to_text(s);
  return static_cast<bool>(out);
}

}  // namespace visual
