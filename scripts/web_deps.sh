#!/usr/bin/env bash
# What the web build (./run.sh web) needs, from Debian only, and only what is missing:
#   emscripten (em++ and its system libraries; it brings clang, lld and node-acorn),
#   binaryen (wasm-opt), python3-fonttools (pyftsubset: the page's CJK font subset);
#   Dear ImGui 1.86's sources (imgui*.cpp and backends/) by `apt-get source imgui`, which
#   needs a deb-src entry: written to its own file for the mirror apt already uses, and
#   the unpacked sources kept in build-web/imgui-src/ (nothing vendored into the repo).
set -euo pipefail
cd "$(dirname "$0")/.."
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null; then sudo="sudo"; else
    echo "mailsim: the web build needs root or sudo to install Debian packages" >&2; exit 1; fi
fi
export DEBIAN_FRONTEND=noninteractive
updated=0
apt_update() { [ $updated -eq 1 ] || { $sudo apt-get update -qq; updated=1; }; }

pkgs=(emscripten binaryen python3-fonttools dpkg-dev fonts-noto-cjk)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "mailsim: installing missing Debian packages for the web build: ${missing[*]}"
  apt_update
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

src=build-web/imgui-src
if [ -f "$src/imgui.cpp" ]; then exit 0; fi
# A deb-src entry for the Debian mirror and suite of the first `deb` source apt has, signed
# by the same key as that source (apt refuses two entries for one mirror that differ).
srcfile=/etc/apt/sources.list.d/mailsim-deb-src.sources
if [ ! -f "$srcfile" ]; then
  read -r uri suite < <(apt-get indextargets --format '$(REPO_URI) $(RELEASE)' 'Identifier: Packages' \
                          | grep -v -- '-security\|-updates\|-backports' | grep -i debian | head -1) || true
  if [ -z "${uri:-}" ]; then
    echo "mailsim: no Debian mirror in apt's sources; cannot fetch imgui's sources" >&2; exit 1
  fi
  u=${uri%/}
  signed=$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null | awk -v u="$u" '
    BEGIN { RS = ""; FS = "\n" }
    { hit = 0; sb = ""
      for (i = 1; i <= NF; i++) {
        if ($i ~ /^URIs:/ && ($i " ") ~ ("[ \t]" u "/?[ \t]")) hit = 1
        if ($i ~ /^Signed-By:/) { sb = $i; sub(/^Signed-By:[ \t]*/, "", sb) } }
      if (hit && sb != "") { print sb; exit } }')
  if [ -z "$signed" ]; then  # one-line sources: deb [signed-by=KEY] URI SUITE ...
    signed=$(grep -hE "^deb .*${u}/? " /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null \
             | sed -n 's/.*signed-by=\([^] ]*\).*/\1/p' | head -1)
  fi
  echo "mailsim: adding a deb-src entry for $u $suite in $srcfile (for apt-get source imgui)"
  { echo "Types: deb-src"; echo "URIs: $u"; echo "Suites: $suite"; echo "Components: main"
    [ -n "$signed" ] && echo "Signed-By: $signed"; } | $sudo tee "$srcfile" >/dev/null
  updated=0
fi
apt_update
mkdir -p build-web/apt-source
(cd build-web/apt-source && apt-get source -qq imgui >/dev/null)
dir=$(find build-web/apt-source -maxdepth 1 -type d -name 'imgui-*' | head -1)
if [ -z "$dir" ] || [ ! -f "$dir/imgui.cpp" ]; then
  echo "mailsim: apt-get source imgui gave no imgui.cpp" >&2; exit 1
fi
rm -rf "$src" && mv "$dir" "$src" && rm -rf build-web/apt-source
echo "mailsim: Dear ImGui sources in $src"
