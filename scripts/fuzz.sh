#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz) with clang in build-fuzz/ and runs each for
# SECONDS (default 60), starting from and adding to tests/fuzz/corpus/TARGET.
#   scripts/fuzz.sh [SECONDS] [TARGET...]
# A crash leaves crash-* / leak-* / timeout-* files in build-fuzz/artifacts/ and stops
# the script; replay one with build-fuzz/tests/fuzz_TARGET FILE.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}
shift || true
all="smtp_server smtp_client smtp_reply pop3_server pop3_client imap_server imap_command imap_response
     http_head http_chunked http_server mime dsn dns_decode scenario input_log course tls_server"
targets=${*:-$all}
jobs=${FUZZ_BUILD_JOBS:-2}
cmake -S . -B build-fuzz -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMAILSIM_FUZZ=ON >/dev/null
cmake --build build-fuzz -j"$jobs" --target $(for t in $targets; do echo -n "fuzz_$t "; done)
mkdir -p build-fuzz/artifacts
for t in $targets; do
  corpus=tests/fuzz/corpus/$t
  mkdir -p "$corpus"
  echo "== fuzz_$t for ${secs}s"
  # -max_len keeps inputs (and saved corpus files) small; -timeout catches hangs.
  build-fuzz/tests/fuzz_$t "$corpus" -max_total_time="$secs" -max_len=4096 -timeout=10 \
    -rss_limit_mb=2048 -artifact_prefix=build-fuzz/artifacts/"$t"- -print_final_stats=1 2>&1 |
    grep -E '^#[0-9]+ *DONE|stat::number_of_executed_units|stat::new_units_added|ERROR|SUMMARY|invariant' || true
  if ls build-fuzz/artifacts/"$t"-* >/dev/null 2>&1; then
    echo "fuzz_$t found a problem: $(ls build-fuzz/artifacts/"$t"-*)"
    exit 1
  fi
done
