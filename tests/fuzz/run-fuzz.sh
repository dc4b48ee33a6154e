#!/usr/bin/env bash
# tests/fuzz/run-fuzz.sh SECONDS DIR NAME...: run each libFuzzer target DIR/NAME for SECONDS,
# one after the other, each wrapped in `timeout`; print its executions and the sum.
#
#   seeds     tests/fuzz/seeds/NAME/ (read only; used when present)
#   corpus    DIR/corpus/NAME/       emptied first, so every run starts from the seeds
#   crashes   DIR/artifacts/NAME/    libFuzzer's reproducer (crash-*, timeout-*, oom-*)
#   log       DIR/logs/NAME.log      libFuzzer's whole output
#
# Fails (status 1) if any target crashed, timed out on an input, ran out of memory or did not
# report its statistics; the reproducer's path and the sanitizer's report are printed, and
# `DIR/NAME REPRODUCER` replays it.
set -euo pipefail

[[ $# -ge 2 ]] || { sed -n '2,12p' "$0" >&2; exit 2; }
secs=$1 dir=$2
shift 2
[[ $secs =~ ^[0-9]+$ && $secs -gt 0 ]] || { echo "run-fuzz: SECONDS must be a positive integer" >&2; exit 2; }
[[ $# -gt 0 ]] || { echo "run-fuzz: no targets (no tests/fuzz/fuzz_*.cpp?)" >&2; exit 2; }

# A whole run's bound: libFuzzer stops itself after -max_total_time; the margin covers loading
# the seeds and writing the statistics.
limit=$((secs + 60))
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}

total=0 failed=()
for name in "$@"; do
  bin=$dir/$name corpus=$dir/corpus/$name artifacts=$dir/artifacts/$name log=$dir/logs/$name.log
  seeds=tests/fuzz/seeds/$name
  [[ -x $bin ]] || { echo "fuzz: $name: no binary $bin" >&2; failed+=("$name"); continue; }
  rm -rf "$corpus"
  mkdir -p "$corpus" "$artifacts" "$(dirname "$log")"
  corpora=("$corpus")
  nseeds=0
  if [[ -d $seeds ]]; then
    corpora+=("$seeds")
    nseeds=$(find "$seeds" -type f | wc -l)
  fi

  set +e
  timeout --kill-after=10 "$limit" "$bin" -max_total_time="$secs" -print_final_stats=1 \
    -timeout=10 -rss_limit_mb=2048 -max_len=8192 -use_value_profile=1 \
    -artifact_prefix="$artifacts/" "${corpora[@]}" >"$log" 2>&1 </dev/null
  rc=$?
  set -e

  execs=$(sed -n 's/^stat::number_of_executed_units: *\([0-9][0-9]*\).*/\1/p' "$log" | tail -n 1)
  units=$(find "$corpus" -type f | wc -l)
  if [[ $rc -eq 0 && -n $execs ]]; then
    printf 'fuzz: %-16s %10s executions in %s s  (seeds %d, corpus now %d)\n' \
      "$name" "$execs" "$secs" "$nseeds" "$units"
    total=$((total + execs))
    continue
  fi

  failed+=("$name")
  [[ -n $execs ]] && total=$((total + execs))
  why="status $rc"
  [[ $rc -eq 124 || $rc -eq 137 ]] && why="killed by timeout after ${limit} s"
  repro=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -n 1)
  echo "fuzz: $name FAILED ($why) after ${execs:-?} executions; log $log"
  if [[ -n $repro ]]; then
    echo "fuzz: $name reproducer: $repro   (replay: $bin $repro)"
  fi
  grep -aE 'ERROR: |runtime error:|fuzz invariant failed|SUMMARY:' "$log" | head -n 10 | sed 's/^/  | /' || true
  grep -aE '^ +#[0-9]+ ' "$log" | head -n 12 | sed 's/^/  | /' || true
done

echo "fuzz: total $total executions over $# targets"
if [[ ${#failed[@]} -gt 0 ]]; then
  echo "fuzz: FAILED: ${failed[*]}"
  exit 1
fi
