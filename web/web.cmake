# The web page, built with Debian's em++ (emcmake cmake, scripts/web_build.sh): the same
# protocols/, sim/, lessons/ and visual/ sources, the browser's platform layer
# (visual/platform_web.cpp), Dear ImGui 1.86 from Debian's source package, and the page's
# entry point web/main.cpp. Linked to mailsim.js + mailsim.wasm + mailsim.data (the course,
# the scenarios and the font subset); the script writes index.html beside them.
set(MAILSIM_IMGUI_SRC "${CMAKE_BINARY_DIR}/imgui-src" CACHE PATH "Dear ImGui 1.86 sources (apt-get source imgui)")
set(MAILSIM_WEB_DATA "${CMAKE_BINARY_DIR}/data" CACHE PATH "the page's file system, made by scripts/web_build.sh")
if(NOT EXISTS ${MAILSIM_IMGUI_SRC}/imgui.cpp)
  message(FATAL_ERROR "no Dear ImGui sources in ${MAILSIM_IMGUI_SRC} (scripts/web_deps.sh fetches them)")
endif()

# Header-only libraries from Debian's packages, seen through links so that em++ does not
# get the host's /usr/include (and glibc's headers) on its path.
set(host_inc ${CMAKE_BINARY_DIR}/host-include)
file(MAKE_DIRECTORY ${host_inc})
foreach(d nlohmann)
  if(NOT EXISTS ${host_inc}/${d})
    file(CREATE_LINK /usr/include/${d} ${host_inc}/${d} SYMBOLIC)
  endif()
endforeach()
add_library(nlohmann_json INTERFACE)
add_library(nlohmann_json::nlohmann_json ALIAS nlohmann_json)
target_include_directories(nlohmann_json SYSTEM INTERFACE ${host_inc})

# The engines report bad input with exceptions (nlohmann::json, std::from_chars callers):
# Emscripten turns them off unless asked.
add_compile_options(-fexceptions)
add_link_options(-fexceptions)

mailsim_layer(mailsim_protocols protocols)
mailsim_layer(mailsim_sim sim)
target_link_libraries(mailsim_sim PUBLIC mailsim_protocols nlohmann_json::nlohmann_json)
mailsim_layer(mailsim_lessons lessons)
target_link_libraries(mailsim_lessons PUBLIC mailsim_sim)

set(imgui_srcs imgui.cpp imgui_draw.cpp imgui_tables.cpp imgui_widgets.cpp
    backends/imgui_impl_glfw.cpp backends/imgui_impl_opengl3.cpp)
list(TRANSFORM imgui_srcs PREPEND ${MAILSIM_IMGUI_SRC}/)
add_library(mailsim_imgui STATIC ${imgui_srcs})
target_include_directories(mailsim_imgui SYSTEM PUBLIC ${MAILSIM_IMGUI_SRC})
target_compile_options(mailsim_imgui PUBLIC -sUSE_GLFW=3)
# Dear ImGui's item hooks: the page tells its end-to-end test where a widget was drawn
# (web/page_probe.cpp). Public: every file that includes imgui_internal.h must agree.
target_compile_definitions(mailsim_imgui PUBLIC IMGUI_ENABLE_TEST_ENGINE)
target_compile_options(mailsim_imgui PRIVATE -w)

mailsim_layer(mailsim_visual visual)
target_link_libraries(mailsim_visual PUBLIC mailsim_lessons mailsim_imgui)
target_compile_definitions(mailsim_visual PUBLIC MAILSIM_HAVE_GUI=1)

add_executable(mailsim_page ${CMAKE_SOURCE_DIR}/web/main.cpp ${CMAKE_SOURCE_DIR}/web/page_probe.cpp)
target_link_libraries(mailsim_page PRIVATE mailsim_visual)
set_target_properties(mailsim_page PROPERTIES OUTPUT_NAME mailsim SUFFIX .js
                      LINK_DEPENDS ${MAILSIM_WEB_DATA}.stamp)
target_link_options(mailsim_page PRIVATE
  -sUSE_GLFW=3 -sUSE_WEBGL2=1 -sMIN_WEBGL_VERSION=2 -sMAX_WEBGL_VERSION=2
  -sALLOW_MEMORY_GROWTH=1 -sINITIAL_MEMORY=64MB -sENVIRONMENT=web
  -sEXPORTED_FUNCTIONS=_main,_mailsim_item,_mailsim_state -sEXPORTED_RUNTIME_METHODS=ccall
  --preload-file ${MAILSIM_WEB_DATA}@/)

