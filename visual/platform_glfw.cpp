// GLFW + OpenGL 3 platform layer.
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

#include "visual/platform.hpp"

namespace visual {

std::unique_ptr<Platform> make_sdl_platform();

namespace {
class GlfwPlatform : public Platform {
 public:
  ~GlfwPlatform() override {
    if (!window_) return;
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    glfwDestroyWindow(window_);
    glfwTerminate();
  }

  bool open(int width, int height, const char* title, bool, std::string* error) override {
    if (!glfwInit()) {
      *error = "GLFW could not initialise (no display?)";
      return false;
    }
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    window_ = glfwCreateWindow(width, height, title, nullptr, nullptr);
    if (!window_) {
      *error = "GLFW could not open a window with an OpenGL 3 context";
      glfwTerminate();
      return false;
    }
    glfwMakeContextCurrent(window_);
    glfwSwapInterval(1);
    ImGui_ImplGlfw_InitForOpenGL(window_, true);
    ImGui_ImplOpenGL3_Init("#version 130");
    return true;
  }

  bool poll() override {
    glfwPollEvents();
    return !glfwWindowShouldClose(window_);
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

  void present() override { glfwSwapBuffers(window_); }

  void framebuffer_size(int* w, int* h) override { glfwGetFramebufferSize(window_, w, h); }

 private:
  GLFWwindow* window_ = nullptr;
};
}  // namespace

std::unique_ptr<Platform> make_platform(const std::string& backend) {
  if (backend == "glfw" || backend.empty()) return std::make_unique<GlfwPlatform>();
  if (backend == "sdl2" || backend == "sdl") return make_sdl_platform();
  return nullptr;
}

}  // namespace visual
