#!/usr/bin/env bash
# Builds what the benchmarks need and runs all of them with full counts, then prints every
# results table again as one summary (Markdown, ready for bench/README.md). About 6-8 minutes on
# 2 cores once built; the first run also generates the 5,000-file / 20,000-commit values repo
# (cached under bench/target). Run it on a quiet machine: nothing else should use the CPU.
# BENCH_SMOKE=1 runs the same steps with tiny counts on a 400-file repository, to check the harness.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
out=bench/target/results/$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$out"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

step() { echo; echo "== $1 ($(date -u +%H:%M:%S))"; }

ack_args=(--seconds=10 --warmup=15 --clients=1,10,100 --starts=3)
git_args=(--blocks=6 --per-block=10 --warmup=10 --concurrent=50 --rounds=5)
schedule_args=(--count=100 --spread=10)
sync_args=(--requests=50 --warmup=5)
if [[ ${BENCH_SMOKE:-} == 1 ]]; then
  export BENCH_FILES=400 BENCH_COMMITS=2000
  ack_args=(--seconds=1 --warmup=1 --clients=1,10,100 --starts=1)
  git_args=(--blocks=1 --per-block=3 --warmup=2 --concurrent=20 --rounds=1)
  schedule_args=(--count=20 --spread=2)
  sync_args=(--requests=3 --warmup=1)
fi

step "build"
bench/bench.sh build
step "values repository"
bench/bench.sh gen-repo 2>&1 | tee "$out/0-repo.txt"
step "1+5 ack latency, start-up, memory"
bench/bench.sh ack "${ack_args[@]}" | tee "$out/1-ack.md"
step "2+3 promotion vs git, concurrent promotions"
bench/bench.sh git "${git_args[@]}" | tee "$out/2-git.md"
step "4 scheduler precision"
bench/bench.sh schedule "${schedule_args[@]}" | tee "$out/4-schedule.md"
step "6 approval to sync (issue 16)"
bench/bench.sh sync "${sync_args[@]}" | tee "$out/6-sync.md"

{
  [[ ${BENCH_SMOKE:-} == 1 ]] && echo "SMOKE RUN (tiny counts): not results."
  echo "# Helmgate benchmarks, $(date -u +%Y-%m-%d) on $(nproc) cores ($(uname -m)), $(java -version 2>&1 | head -1)"
  echo
  echo "Commit $(git rev-parse --short HEAD); load average before the run: $load_before."
  for f in "$out"/1-ack.md "$out"/2-git.md "$out"/4-schedule.md "$out"/6-sync.md; do
    echo
    cat "$f"
  done
} > "$out/summary.md"
step "summary (also in $out/summary.md)"
cat "$out/summary.md"
