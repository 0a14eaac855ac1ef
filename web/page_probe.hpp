// The page's answers to its end-to-end test (page_probe.cpp): widget places and state.
#pragma once
#include "visual/app.hpp"

namespace web {
// Starts recording widget places and answers about `app` (which outlives the page's loop).
void start_probe(visual::App* app);
}  // namespace web
