#!/usr/bin/env bash
# mailsim check: shipped scenarios, lessons and exercises pass; a malformed file of each
# kind is reported as file:line:col: path: message with exit code 2.
set -u
bin=$1; src=$2
fail() { echo "FAIL: $*"; exit 1; }
"$bin" check "$src"/assets/scenarios/*.json || fail "shipped scenarios must pass check"
"$bin" check "$src"/lessons/content/*.json "$src"/lessons/content/exercises/*.json "$src"/lessons/content/scenarios/*.json \
  || fail "shipped lessons, exercises and their scenarios must pass check"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf '{\n  "mailsim": 1,\n  "hosts": [\n    {"name": "a", "kind": "router", "ip": "300.1.1.1"}\n  ]\n}\n' > "$tmp/bad_ip.json"
out=$("$bin" check "$tmp/bad_ip.json" 2>&1); rc=$?
[ $rc -eq 2 ] || fail "bad ip: exit $rc, want 2"
echo "$out" | grep -qE "bad_ip.json:4:[0-9]+: /hosts/0/ip: " || fail "bad ip message: $out"
printf '{ "mailsim": 1, "hosts": [ }\n' > "$tmp/broken.json"
out=$("$bin" check "$tmp/broken.json" 2>&1); rc=$?
[ $rc -eq 2 ] || fail "broken json: exit $rc, want 2"
echo "$out" | grep -qE "broken.json:1:[0-9]+: " || fail "broken json message: $out"
out=$("$bin" run "$tmp/broken.json" 2>&1); rc=$?
[ $rc -eq 2 ] || fail "run on a broken file: exit $rc, want 2"
"$bin" check "$tmp/missing.json" >/dev/null 2>&1; [ $? -eq 2 ] || fail "missing file must exit 2"
printf '{"mailsim_lesson": 1, "id": "x", "title": {"en": "x"},\n "scenario": "nowhere.json", "steps": []}\n' > "$tmp/lesson.json"
out=$("$bin" check "$tmp/lesson.json" 2>&1); rc=$?
[ $rc -eq 2 ] || fail "bad lesson: exit $rc, want 2"
echo "$out" | grep -qE "lesson.json:2:[0-9]+: /scenario" || fail "bad lesson message: $out"
printf '{"mailsim_exercise": 1, "id": "x", "title": {"en": "x"},\n "scenario": "%s", "questions": 7}\n' \
  "$src/assets/scenarios/default.json" > "$tmp/exercise.json"
out=$("$bin" check "$tmp/exercise.json" 2>&1); rc=$?
[ $rc -eq 2 ] || fail "bad exercise: exit $rc, want 2"
echo "$out" | grep -qE "exercise.json:2:[0-9]+: /questions" || fail "bad exercise message: $out"
# A computed answer with a broken expression (a regex without its group) is a problem of the file.
printf '{"mailsim_exercise": 1, "id": "x", "title": {"zh": "x", "en": "x"}, "scenario": "%s",\n "questions": [{"id": "q", "at": {"kind": "conn"}, "type": "fill", "prompt": {"zh": "x", "en": "x"}, "explanation": {"zh": "x", "en": "x"},\n  "answer": {"computed": {"capture": "port \\\\d+", "in": "detail", "of": {"kind": "conn"}}}}]}\n' \
  "$src/assets/scenarios/echo.json" > "$tmp/expression.json"
out=$("$bin" check "$tmp/expression.json" 2>&1); rc=$?
[ $rc -eq 2 ] || fail "bad expression: exit $rc, want 2"
echo "$out" | grep -qE "expression.json:3:[0-9]+: /questions/0/answer/computed/capture: the pattern needs exactly one group" \
  || fail "bad expression message: $out"
echo "check ok"
