#!/usr/bin/env bash
# Fails on an #include that points against the layer order of DESIGN.md:
#   app -> visual -> lessons -> sim -> protocols
set -u
cd "${1:-$(dirname "$0")/..}"
bad=$( { grep -rnE '#include\s*[<"](sim/|visual/|lessons/|app/|imgui|backends/|nlohmann|GLFW|SDL)' protocols
         grep -rnE '#include\s*[<"](visual/|lessons/|app/|imgui|backends/|GLFW|SDL)' sim
         grep -rnE '#include\s*[<"](visual/|app/|imgui|backends/|GLFW|SDL)' lessons
         grep -rnE '#include\s*[<"](app/)' visual; } 2>/dev/null)
if [ -n "$bad" ]; then
  echo "Includes against the layer order (app -> visual -> lessons -> sim -> protocols):"
  echo "$bad"
  exit 1
fi
echo "layering ok"
