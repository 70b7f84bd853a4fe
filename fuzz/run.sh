#!/usr/bin/env bash
# Runs every libFuzzer target of BUILD (default build-fuzz; `make fuzz` builds it) for a set time,
# one after the other, and prints per target: executions, coverage (cov = edges, ft = features,
# from libFuzzer's final stats) and crashes. docs/security.md ("Fuzzing") explains the targets.
#
#   FUZZ_SECONDS=60   seconds per target (600 or more for a real campaign)
#   FUZZ_TARGETS="a b" only these targets (names of fuzz_targets.txt)
#   FUZZ_MERGE=1      afterwards, merge what was new into the committed fuzz/corpus/<target>/
#                     (minimised with -merge=1; review and commit it); by default new inputs stay
#                     in BUILD/fuzz-corpus/<target>/
#   FUZZ_WRAP="cmd"   a command each fuzzer process runs under (e.g. "flock -o /tmp/lock" on a
#                     shared machine; "nice -n 10")
# Crashes, leaks and timeouts land in BUILD/fuzz-artifacts/<target>/: reproduce one with
# `BUILD/fuzz/fuzz_<target> FILE`, fix the bug, and copy FILE into fuzz/regressions/<target>/ (make test
# replays it). Exit status 1 when any target found one.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build-fuzz}
SECONDS_EACH=${FUZZ_SECONDS:-60}
MERGE=${FUZZ_MERGE:-0}
read -r -a WRAP <<<"${FUZZ_WRAP:-}"
MANIFEST=$BUILD/fuzz_targets.txt
[[ -f $MANIFEST ]] || { echo "fuzz: $MANIFEST missing; build with 'make fuzz'" >&2; exit 2; }

summary=()
failed=0
while read -r name max_len; do
  [[ -n $name ]] || continue
  if [[ -n ${FUZZ_TARGETS:-} && " $FUZZ_TARGETS " != *" $name "* ]]; then continue; fi
  scratch=$BUILD/fuzz-corpus/$name
  artifacts=$BUILD/fuzz-artifacts/$name
  mkdir -p "$scratch" "$artifacts" "fuzz/corpus/$name"
  log=$BUILD/fuzz-logs/$name.log
  mkdir -p "$(dirname "$log")"
  args=(-max_len="$max_len" -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048
        -print_final_stats=1 -artifact_prefix="$artifacts/")
  [[ -f fuzz/dict/$name.dict ]] && args+=(-dict="fuzz/dict/$name.dict")
  seeds=("fuzz/corpus/$name")
  [[ -d fuzz/regressions/$name ]] && seeds+=("fuzz/regressions/$name")
  echo "fuzz: $name for ${SECONDS_EACH}s (max_len $max_len)"
  before=$(find "$artifacts" -type f | wc -l)
  status=0
  ${WRAP[@]+"${WRAP[@]}"} "$BUILD/fuzz/fuzz_$name" "${args[@]}" "$scratch" "${seeds[@]}" >"$log" 2>&1 || status=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  last=$(grep -E '^#[0-9]+' "$log" | tail -1 || true)
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
  crashes=$(( $(find "$artifacts" -type f | wc -l) - before ))
  if ((status != 0 || crashes > 0)); then
    failed=1
    echo "fuzz: $name FAILED (exit $status); see $log and $artifacts/" >&2
    grep -m3 -E 'ERROR: |runtime error|invariant failed' "$log" >&2 || true
  fi
  if [[ $MERGE == 1 ]]; then
    ${WRAP[@]+"${WRAP[@]}"} "$BUILD/fuzz/fuzz_$name" -merge=1 -max_len="$max_len" "fuzz/corpus/$name" "$scratch" \
      >>"$log" 2>&1 || true
  fi
  summary+=("$(printf '%-18s %8ss %12s %8s %8s %8s' "$name" "$SECONDS_EACH" "${execs:-?}" "${cov:-?}" "${ft:-?}" "$crashes")")
done <"$MANIFEST"

printf '\n%-18s %9s %12s %8s %8s %8s\n' target time execs cov ft crashes
printf '%s\n' "${summary[@]}"
exit $failed
