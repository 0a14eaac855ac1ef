#!/usr/bin/env bash
# Command-line edges a user meets: a fault on a host the scenario does not have fails at once
# (exit 2, did-you-mean); chaos --help; compound durations; one language default from the
# locale for every subcommand; a piped lesson prints plain text and self-checks as worked
# examples; on a terminal the lesson asks before it shows the answer; the exercise schema
# and the loader agree.
set -u
bin=$1; src=$2
fail() { echo "FAIL: $*"; exit 1; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# --fault with an unknown host: exit 2 before running, with a did-you-mean.
out=$("$bin" run --fault '10m power-off mail.c.example' 2>&1); rc=$?
[ $rc -eq 2 ] || fail "--fault on an unknown host: exit $rc, want 2"
echo "$out" | grep -qF 'unknown host "mail.c.example" (did you mean "mail.a.example"?)' || fail "did-you-mean: $out"
out=$("$bin" run --fault '1s link-down mail.a.example-nowhere' 2>&1); rc=$?
[ $rc -eq 2 ] || fail "--fault on an unknown link: exit $rc, want 2"
"$bin" run --until 1s --fault '0s power-off mail.b.example' >/dev/null || fail "--fault on a real host"
"$bin" run --until 1s --fault '0s stop-service mail.b.example:25' >/dev/null || fail "--fault on host:port"

# chaos --help and -h print the usage (exit 0); a wrong option still exits 2.
"$bin" chaos --help | grep -q "usage: mailsim chaos" || fail "chaos --help"
"$bin" chaos -h | grep -q "usage: mailsim chaos" || fail "chaos -h"
"$bin" chaos --frobnicate >/dev/null 2>&1; [ $? -eq 2 ] || fail "chaos --frobnicate must exit 2"

# Compound durations, as format_duration writes them without spaces.
"$bin" run --until 24h1m >/dev/null || fail "--until 24h1m"
"$bin" run --until 1m1h >/dev/null 2>&1; [ $? -eq 2 ] || fail "--until 1m1h must exit 2"
"$bin" run --until 25h --fault '24h1m power-off mail.b.example' --format jsonl | grep -q '"t":86460000000000,"kind":"fault"' \
  || fail "--fault at 24h1m"

# One language default for every subcommand, from the locale (LC_ALL > LC_MESSAGES > LANG).
l="$src/lessons/content/02_smtp_phases.json"
env -u LC_ALL -u LC_MESSAGES LANG=zh_CN.UTF-8 "$bin" lesson "$l" </dev/null | head -1 | grep -q "SMTP" || fail "lesson title"
zh_title=$(env -u LC_ALL -u LC_MESSAGES LANG=zh_CN.UTF-8 "$bin" lesson "$l" </dev/null | head -1)
en_title=$(env -u LC_ALL -u LC_MESSAGES LANG=C.UTF-8 "$bin" lesson "$l" </dev/null | head -1)
echo "$zh_title" | grep -qP '[\x{4e00}-\x{9fff}]' || fail "LANG=zh_CN: title '$zh_title' is not Chinese"
echo "$en_title" | grep -qP '[\x{4e00}-\x{9fff}]' && fail "LANG=C: title '$en_title' is Chinese"
t=$(LANG=zh_CN.UTF-8 LC_MESSAGES=en_US.UTF-8 LC_ALL= "$bin" lesson "$l" </dev/null | head -1)
[ "$t" = "$en_title" ] || fail "LC_MESSAGES=en must win over LANG=zh: '$t'"
t=$(LANG=en_US.UTF-8 LC_ALL=zh_TW.UTF-8 "$bin" lesson "$l" </dev/null | head -1)
[ "$t" = "$zh_title" ] || fail "LC_ALL=zh must win: '$t'"
ex="$src/lessons/content/exercises/03_commands_by_hand_quiz.json"
env -u LC_ALL -u LC_MESSAGES LANG=zh_CN.UTF-8 "$bin" exercise "$ex" </dev/null 2>/dev/null | grep -qP '[\x{4e00}-\x{9fff}]' \
  || fail "exercise follows LANG=zh"
for c in gui lesson exercise grade; do
  "$bin" $c --help | grep -q "default from the locale" || fail "$c --help names the locale default"
done
"$bin" --help | grep -q "LC_ALL, LC_MESSAGES or LANG" || fail "mailsim --help names the locale default"

# Piped lesson: no ** or backticks; each self-check is a worked example, its answer below a
# separator line and after every choice.
LC_ALL=C "$bin" lesson "$l" </dev/null >"$tmp/piped.txt" || fail "piped lesson"
grep -q '\*\*' "$tmp/piped.txt" && fail "piped lesson prints **"
grep -q '`' "$tmp/piped.txt" && fail "piped lesson prints backticks"
grep -q "Check yourself" "$tmp/piped.txt" || fail "piped lesson has no self-check"
awk '/Check yourself/ {q=1; sep=0; next}
     q && /- - - Worked answer - - -/ {sep=1; next}
     q && /^  Answer: [A-Z]\./ {if (!sep) bad=1; q=0}
     q && /^    [A-Z]\. / {if (sep) bad=1}
     END {exit bad}' "$tmp/piped.txt" || fail "worked answer must follow the choices, after the separator"

# On a terminal the lesson asks and shows the answer only after the student's letter.
if command -v script >/dev/null; then
  printf 'A\nA\nA\nA\nA\nA\nA\nA\nA\nA\n' | LC_ALL=C timeout 60 script -qec "'$bin' lesson '$l'" /dev/null >"$tmp/tty.txt" 2>&1
  asked=$(grep -ac "Your answer (a letter, Enter to see the answer):" "$tmp/tty.txt")
  graded=$(grep -acE "(Right\.|Not quite\.) Answer: [A-Z]\." "$tmp/tty.txt")
  [ "$asked" -gt 0 ] || fail "the terminal lesson does not ask"
  [ "$asked" -eq "$graded" ] || fail "$asked questions asked, $graded graded with the answer after the letter"
  grep -aq "Not quite. Answer: B\." "$tmp/tty.txt" || fail "a wrong letter (A for B) is not answered 'Not quite'"
  grep -q "Worked answer" "$tmp/tty.txt" && fail "the terminal lesson prints worked answers"
fi

# The exercise schema and the loader agree: a computed answer on a match question is refused
# by both; every shipped exercise passes both.
py=/usr/bin/python3
if $py -c 'import jsonschema' 2>/dev/null; then
  $py - "$src" <<'PY' || fail "schema and loader disagree"
import json, sys, glob
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
src = sys.argv[1]
lesson = json.load(open(f"{src}/docs/lesson.schema.json"))
exercise = json.load(open(f"{src}/docs/exercise.schema.json"))
reg = Registry().with_resources([(s["$id"], Resource.from_contents(s)) for s in (lesson, exercise)]
                                + [("lesson.schema.json", Resource.from_contents(lesson))])
v = Draft202012Validator(exercise, registry=reg)
bad = json.load(open(f"{src}/tests/data/lessons/bad/ex_match_computed.json"))
assert not v.is_valid(bad), "the schema accepts a computed answer on a match question"
for f in glob.glob(f"{src}/lessons/content/exercises/*.json"):
    errs = list(v.iter_errors(json.load(open(f))))
    assert not errs, f"{f}: {errs[0].message}"
blank = json.load(open(glob.glob(f"{src}/lessons/content/exercises/03_commands_by_hand_quiz.json")[0]))
blank["input"].insert(4, {"at": "5s", "telnet": {"host": "mail.b.example:25", "line": ""}})
assert v.is_valid(blank), "the schema refuses an empty console line"
timed = json.load(open(f"{src}/lessons/content/exercises/07_mime_sizes_quiz.json"))
timed["input"].append({"when": {"kind": "command", "verb": "DELE", "nth": -1}, "delay": "1s", "fault": "link-down a-b"})
assert v.is_valid(timed), "the schema refuses an input entry triggered by a record"
timed["input"][-1]["at"] = "1s"
assert not v.is_valid(timed), "the schema accepts an input entry with both a time and a record"
PY
fi
"$bin" check "$src/tests/data/lessons/bad/ex_match_computed.json" >/dev/null 2>&1; [ $? -eq 2 ] || fail "check accepts a computed match answer"
echo "cli edges ok"
