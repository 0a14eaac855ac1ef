// SDL2 + OpenGL 3 platform layer.
#include <SDL.h>
#include <SDL_opengl.h>
#include <backends/imgui_impl_opengl3.h>
#include <backends/imgui_impl_sdl.h>
#include <imgui.h>

#include "visual/platform.hpp"

namespace visual {

namespace {
class SdlPlatform : public Platform {
 public:
  ~SdlPlatform() override {
    if (!window_) return;
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplSDL2_Shutdown();
    SDL_GL_DeleteContext(gl_);
    SDL_DestroyWindow(window_);
    SDL_Quit();
  }

  bool open(int width, int height, const char* title, bool offscreen_ok, std::string* error) override {
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER) != 0) {
      *error = std::string("SDL could not initialise: ") + SDL_GetError();
      return false;
    }
    std::string driver = SDL_GetCurrentVideoDriver() ? SDL_GetCurrentVideoDriver() : "";
    if (!offscreen_ok && (driver == "offscreen" || driver == "dummy")) {
      *error = "no display (SDL fell back to its '" + driver + "' video driver)";
      SDL_Quit();
      return false;
    }
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
    SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
    window_ = SDL_CreateWindow(title, SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, width, height,
                               SDL_WINDOW_OPENGL | SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
    if (!window_) {
      *error = std::string("SDL could not open a window: ") + SDL_GetError();
      SDL_Quit();
      return false;
    }
    gl_ = SDL_GL_CreateContext(window_);
    if (!gl_) {
      *error = std::string("SDL could not create an OpenGL context: ") + SDL_GetError();
      SDL_DestroyWindow(window_);
      window_ = nullptr;
      SDL_Quit();
      return false;
    }
    SDL_GL_MakeCurrent(window_, gl_);
    SDL_GL_SetSwapInterval(1);
    ImGui_ImplSDL2_InitForOpenGL(window_, gl_);
    ImGui_ImplOpenGL3_Init("#version 130");
    return true;
  }

  bool poll() override {
    SDL_Event e;
    bool open = true;
    while (SDL_PollEvent(&e)) {
      ImGui_ImplSDL2_ProcessEvent(&e);
      if (e.type == SDL_QUIT) open = false;
      if (e.type == SDL_WINDOWEVENT && e.window.event == SDL_WINDOWEVENT_CLOSE) open = false;
    }
    return open;
  }

  void new_frame() override {
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplSDL2_NewFrame();
  }

  void render() override {
    int w, h;
    SDL_GL_GetDrawableSize(window_, &w, &h);
    glViewport(0, 0, w, h);
    glClearColor(0.08f, 0.09f, 0.11f, 1);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  }

  void present() override { SDL_GL_SwapWindow(window_); }

  void framebuffer_size(int* w, int* h) override { SDL_GL_GetDrawableSize(window_, w, h); }

 private:
  SDL_Window* window_ = nullptr;
  SDL_GLContext gl_ = nullptr;
};
}  // namespace

std::unique_ptr<Platform> make_sdl_platform() { return std::make_unique<SdlPlatform>(); }

}  // namespace visual
