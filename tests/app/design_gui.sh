#!/usr/bin/env bash
# Design mode from the command line (issue 16): `mailsim gui --design` renders an empty world
# and a template, in both languages and both sizes, under Xvfb; a file that is not JSON is
# refused with file:line:col and exit 2; --design with a lesson is refused. Skipped (77)
# where xvfb-run is not installed.
set -u
bin=$1; src=$2
fail() { echo "FAIL: $*"; exit 1; }
command -v xvfb-run >/dev/null || { echo "SKIP: xvfb-run not installed"; exit 77; }
"$bin" gui --help | grep -q -- "--design" || fail "gui --help names --design"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
shot() {  # size lang file args...
  local size=$1 lang=$2 file=$3; shift 3
  timeout 120 xvfb-run -a -s "-screen 0 1600x900x24" "$bin" gui --design "$@" --lang "$lang" --size "$size" \
    --screenshot "$file" || fail "design screenshot $file"
}
shot 1600x900 zh "$tmp/empty_zh.png"
shot 1280x720 en "$tmp/textbook_en.png" "$src/assets/templates/textbook.json" --select mail.a.example
shot 1600x900 zh "$tmp/textbook_zh.png" "$src/assets/templates/textbook.json" --select mail.a.example
py=/usr/bin/python3; [ -x "$py" ] || py=python3
"$py" "$src/tests/app/png_check.py" "$tmp/empty_zh.png" 1600 900 || fail "empty world picture"
"$py" "$src/tests/app/png_check.py" "$tmp/textbook_en.png" 1280 720 || fail "textbook picture (en)"
"$py" "$src/tests/app/png_check.py" "$tmp/textbook_zh.png" 1600 900 "$tmp/empty_zh.png" || fail "textbook picture (zh)"
printf '{"mailsim": 1,\n  "hosts": [}\n' >"$tmp/bad.json"
out=$("$bin" gui --design "$tmp/bad.json" --screenshot "$tmp/never.png" 2>&1); rc=$?
[ $rc -eq 2 ] || fail "a file that is not JSON gives exit $rc, not 2"
echo "$out" | grep -q "bad.json:2:[0-9]*" || fail "no file:line:col for the broken file: $out"
"$bin" gui --design --lesson "$src/lessons/content/02_smtp_phases.json" >/dev/null 2>&1
[ $? -eq 2 ] || fail "--design with --lesson is not refused with exit 2"
echo "design gui ok"
