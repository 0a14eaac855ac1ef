#!/usr/bin/env bash
# Builds the web page into build-web/site/ with Debian's emscripten: the page's file system
# (course, scenarios, CJK font subset) in build-web/data/, the code with em++ (emcmake),
# then index.html, mailsim.js, mailsim.wasm and mailsim.data side by side in site/.
set -euo pipefail
cd "$(dirname "$0")/.."
out=build-web
# Debian's em++ runs its JavaScript tools with node and finds acorn through NODE_PATH when
# node is not Debian's own.
export NODE_PATH=${NODE_PATH:-/usr/share/nodejs}

# The page's file system, rebuilt each time but touched (and so relinked) only on change.
stage=$out/data.new
rm -rf "$stage" && mkdir -p "$stage/mailsim/lessons" "$stage/mailsim/assets" "$stage/mailsim/web"
cp -r lessons/content "$stage/mailsim/lessons/"
cp -r assets/scenarios "$stage/mailsim/assets/"
fontdir=$stage/usr/share/fonts/opentype/noto
mkdir -p "$fontdir"
# The font subset (kept while the characters it covers stay the same: web/make_font.py).
fontcache=$out/font
mkdir -p "$fontcache"
/usr/bin/python3 web/make_font.py . "$fontcache/NotoSansCJK-Regular.ttc" "$fontcache/common_chars.txt"
cp "$fontcache/NotoSansCJK-Regular.ttc" "$fontdir/"
cp "$fontcache/common_chars.txt" "$stage/mailsim/web/"
if [ -d $out/data ] && diff -r -q $out/data "$stage" >/dev/null 2>&1; then
  rm -rf "$stage"
else
  rm -rf $out/data && mv "$stage" $out/data
  touch $out/data.stamp
fi

if [ ! -f $out/CMakeCache.txt ]; then
  emcmake cmake -S . -B $out -DCMAKE_BUILD_TYPE=MinSizeRel ${MAILSIM_WEB_CMAKE_ARGS:-} >/dev/null
fi
cmake --build $out -j"${MAILSIM_JOBS:-2}" --target mailsim_page

mkdir -p $out/site
cp web/index.html $out/mailsim.js $out/mailsim.wasm $out/mailsim.data $out/site/
echo "mailsim: the page is in $out/site/ ($(du -sh $out/site | cut -f1)); copy the folder to any web server"
