#!/usr/bin/env bash
# The front end as a person sees it: render key moments of the default scenario and a lesson under Xvfb
# (Mesa llvmpipe) with both platform backends and check the pictures are the right size,
# not blank, and differ between moments. Skipped (77) where xvfb-run is not installed.
set -u
bin=$1; src=$2
fail() { echo "FAIL: $*"; exit 1; }
command -v xvfb-run >/dev/null || { echo "SKIP: xvfb-run not installed"; exit 77; }
"$bin" gui --help >/dev/null || fail "gui --help"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
shot() {  # backend moment lang file
  timeout 120 xvfb-run -a -s "-screen 0 1600x900x24" "$bin" gui --backend "$1" --at "$2" --lang "$3" \
    --size 1280x720 --screenshot "$4" || fail "screenshot $1 at $2"
}
shot glfw 1.43s zh "$tmp/glfw_relay.png"
shot glfw 10.01s en "$tmp/glfw_pop3.png"
shot sdl2 1.43s en "$tmp/sdl_relay.png"
# A lesson where its fourth step pauses (the world's present), with the lesson panel.
timeout 120 xvfb-run -a -s "-screen 0 1600x900x24" "$bin" gui --lesson "$src/lessons/content/02_smtp_phases.json" \
  --step 4 --lang zh --size 1280x720 --screenshot "$tmp/lesson.png" || fail "lesson screenshot"
"$bin" gui --lesson "$src/lessons/content/02_smtp_phases.json" --scenario x.json >/dev/null 2>&1
[ $? -eq 2 ] || fail "--lesson with --scenario is not refused with exit 2"
printf '{"mailsim_lesson": 1, "id": "x",\n  "steps": 3}\n' >"$tmp/bad.json"
out=$("$bin" gui --lesson "$tmp/bad.json" --screenshot "$tmp/never.png" 2>&1); rc=$?
[ $rc -eq 2 ] || fail "a malformed lesson gives exit $rc, not 2"
echo "$out" | grep -q "bad.json:[0-9]*:[0-9]*" || fail "no file:line:col for the malformed lesson: $out"
py=/usr/bin/python3; [ -x "$py" ] || py=python3
"$py" "$src/tests/app/png_check.py" "$tmp/glfw_relay.png" 1280 720 || fail "glfw relay picture"
"$py" "$src/tests/app/png_check.py" "$tmp/glfw_pop3.png" 1280 720 "$tmp/glfw_relay.png" || fail "glfw pop3 picture"
"$py" "$src/tests/app/png_check.py" "$tmp/sdl_relay.png" 1280 720 "$tmp/glfw_relay.png" || fail "sdl picture"
"$py" "$src/tests/app/png_check.py" "$tmp/lesson.png" 1280 720 "$tmp/glfw_relay.png" || fail "lesson picture"
echo "gui screenshots ok"
