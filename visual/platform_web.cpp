// Browser platform layer (the web page, built with em++ only): Emscripten's built-in GLFW
// (-sUSE_GLFW=3) over a WebGL2 context, so the OpenGL 3 renderer runs with GLSL ES 3.00.
// The canvas is sized by the page's style sheet to the browser window; each frame the GL
// drawing buffer follows the canvas's CSS size. The browser presents the frame itself when
// the main-loop callback returns (emscripten_set_main_loop, web/main.cpp), so present()
// does nothing and nothing here blocks.
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <emscripten/html5.h>
#include <imgui.h>

#include <cmath>

#include "visual/platform.hpp"

namespace visual {

namespace {
constexpr const char* kCanvas = "#canvas";

class WebPlatform : public Platform {
 public:
  ~WebPlatform() override {
    if (!window_) return;
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    glfwDestroyWindow(window_);
    glfwTerminate();
  }

  bool open(int width, int height, const char* title, bool, std::string* error) override {
    if (!glfwInit()) {
      *error = "GLFW could not initialise in the browser";
      return false;
    }
    glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    css_size(&width, &height);
    window_ = glfwCreateWindow(width, height, title, nullptr, nullptr);
    if (!window_) {
      *error = "the browser gave no WebGL2 context";
      glfwTerminate();
      return false;
    }
    glfwMakeContextCurrent(window_);
    ImGui_ImplGlfw_InitForOpenGL(window_, true);
    ImGui_ImplOpenGL3_Init("#version 300 es");
    return true;
  }

  bool poll() override {
    glfwPollEvents();
    // The window was resized (or the page zoomed): the drawing buffer follows the canvas.
    int w = 0, h = 0, cw = 0, ch = 0;
    if (css_size(&w, &h)) {
      glfwGetWindowSize(window_, &cw, &ch);
      if (w != cw || h != ch) glfwSetWindowSize(window_, w, h);
    }
    return true;  // a page is closed by closing its tab, which ends everything at once
  }

  void new_frame() override {
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
  }

  void render() override {
    int w, h;
    glfwGetFramebufferSize(window_, &w, &h);
    glViewport(0, 0, w, h);
    glClearColor(0.08f, 0.09f, 0.11f, 1);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  }

  void present() override {}

  void framebuffer_size(int* w, int* h) override { glfwGetFramebufferSize(window_, w, h); }

 private:
  // The canvas's size in CSS pixels; false when it has none yet (a hidden page).
  static bool css_size(int* w, int* h) {
    double cw = 0, ch = 0;
    if (emscripten_get_element_css_size(kCanvas, &cw, &ch) != EMSCRIPTEN_RESULT_SUCCESS || cw < 1 || ch < 1) return false;
    *w = static_cast<int>(std::lround(cw));
    *h = static_cast<int>(std::lround(ch));
    return true;
  }

  GLFWwindow* window_ = nullptr;
};
}  // namespace

// The page has one platform; the backend name of `mailsim gui --backend` does not apply.
std::unique_ptr<Platform> make_platform(const std::string&) { return std::make_unique<WebPlatform>(); }

}  // namespace visual
