// The window, GL context and input of one platform layer (GLFW or SDL2, both with
// OpenGL 3 and GLSL 130 for Mesa's llvmpipe; in the web page Emscripten's GLFW with WebGL2,
// platform_web.cpp), behind one small interface so run_gui does not care which one it drives.
#pragma once
#include <memory>
#include <string>

namespace visual {

class Platform {
 public:
  virtual ~Platform() = default;
  // Opens the window and the GL context and initialises the ImGui platform and renderer
  // backends for the current ImGui context; false with `error` set when no display opens.
  // `offscreen_ok`: a driver that renders with no screen (SDL's offscreen driver) is fine,
  // as for a screenshot or a benchmark; an interactive session needs a real display.
  virtual bool open(int width, int height, const char* title, bool offscreen_ok, std::string* error) = 0;
  // Polls events; false once the user closed the window.
  virtual bool poll() = 0;
  virtual void new_frame() = 0;   // backend NewFrame calls, before ImGui::NewFrame
  virtual void render() = 0;      // clears and draws ImGui's draw data into the back buffer
  virtual void present() = 0;     // swaps buffers
  virtual void framebuffer_size(int* w, int* h) = 0;
};

// "glfw" (default) or "sdl2"; nullptr for an unknown name.
std::unique_ptr<Platform> make_platform(const std::string& backend);

}  // namespace visual
