#!/usr/bin/env bash
# Determinism across builds (issue 13 "What must not change"): runs two mailsim binaries on
# every shipped scenario (JSONL, seeds 1-3 and the scenario's own), every lesson's
# play-through (every record as text, TCP segments included), every exercise's computed
# answers (--key, its record list and --result JSON) and chaos seeds 1-5 (the report: its
# counts, end time and event count), and compares the outputs byte for byte.
#   scripts/compare_traces.sh OLD_MAILSIM NEW_MAILSIM|- [OUT_DIR]
# Exit 0 when every output is identical; otherwise the differing files are listed (kept in
# OUT_DIR, default a temporary directory) and the exit status is 1.
# A binary is run from its own build tree (it finds assets/ and lessons/ relative to itself
# or the source tree), so OLD_MAILSIM is typically a copy of build/app/mailsim made before
# the change, e.g. cp build/app/mailsim /tmp/mailsim-main.
set -u
old=$1; new=$2
src=$(cd "$(dirname "$0")/.." && pwd)
out=${3:-$(mktemp -d)}
mkdir -p "$out/old" "$out/new"

produce() {  # BIN DIR
  local bin=$1 dir=$2 f n s
  for f in "$src"/assets/scenarios/*.json "$src"/lessons/content/scenarios/*.json; do
    n=$(basename "$(dirname "$f")")_$(basename "$f" .json)
    "$bin" run "$f" --format jsonl --output "$dir/run_$n.jsonl" >/dev/null 2>"$dir/run_$n.err"
    for s in 1 2 3; do
      "$bin" run "$f" --format jsonl --seed "$s" --output "$dir/run_${n}_seed$s.jsonl" >/dev/null 2>&1
    done
  done
  for f in "$src"/lessons/content/[0-9]*.json; do
    n=$(basename "$f" .json)
    "$bin" lesson "$f" --plain --tcp --lang en </dev/null >"$dir/lesson_$n.txt" 2>&1
  done
  for f in "$src"/lessons/content/exercises/*.json; do
    n=$(basename "$f" .json)
    "$bin" exercise "$f" --key --tcp --lang en --result "$dir/exercise_$n.result.json" </dev/null \
      >"$dir/exercise_$n.txt" 2>&1
  done
  for s in 1 2 3 4 5; do
    "$bin" chaos --seed "$s" >"$dir/chaos_$s.txt" 2>&1
  done
}

# The old side is produced once per OUT_DIR (kept with a .done mark), so reruns after a fix
# only run the new build; "-" as NEW_MAILSIM only produces the old side.
if [ ! -f "$out/old/.done" ]; then produce "$old" "$out/old" && touch "$out/old/.done"; fi
[ "$new" = "-" ] && { echo "compare_traces: old outputs in $out/old"; exit 0; }
rm -rf "$out/new" && mkdir -p "$out/new"
produce "$new" "$out/new"
touch "$out/new/.done"
total=$(ls "$out/old" | wc -l)
if diff -rq "$out/old" "$out/new"; then
  echo "compare_traces: $total outputs identical ($out)"
  exit 0
fi
echo "compare_traces: outputs differ (kept in $out)"
exit 1
