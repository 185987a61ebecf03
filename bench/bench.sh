#!/usr/bin/env bash
# Helmgate benchmarks, one command each (see bench/README.md). Run from anywhere.
#   bench/bench.sh build                   build the bot jar, the bare Bolt jar and the harness
#   bench/bench.sh gen-repo [FILES COMMITS] generate (or reuse) the values repo under bench/target
#   bench/bench.sh ack [--seconds=10 --warmup=15 --clients=1,10,100 --starts=3 ...]
#                                          ack latency + start-up and memory (benchmarks 1 and 5)
#   bench/bench.sh git [--blocks=6 --per-block=10 --concurrent=50 --rounds=5 ...]
#                                          promotion vs git CLI + concurrent promotions (2 and 3)
#   bench/bench.sh schedule [--count=100 --spread=10]
#                                          scheduler precision (4)
#   bench/bench.sh sync [--requests=50 --warmup=5 --slack-latency=0]
#                                          approval click -> sync request sent (6, issue 16)
# Environment: BENCH_JVM_OPTS (default -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmx512m, the
# Dockerfile's flags with a fixed heap) for the two servers; BENCH_CDS=0 runs them without the
# class-data archive (default 1: both with one, as the Dockerfile); BENCH_FILES / BENCH_COMMITS
# for the repo.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
target=bench/target
bot_jar=bot/target/helmgate-bot-0.1.0-SNAPSHOT.jar
bare_jar=bench/bare-bolt/target/helmgate-bench-bare-bolt-0.1.0-SNAPSHOT.jar
classes=$target/harness-classes
exploded=$target/bot-exploded
files=${BENCH_FILES:-5000}
commits=${BENCH_COMMITS:-20000}
repo=$target/values-${files}x${commits}.git
jvm_opts=${BENCH_JVM_OPTS:--XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmx512m}
# Class-data sharing for both servers alike (BENCH_CDS=0: the fat jars, no archive, as runs A-C):
# each jar is extracted (CDS cannot archive classes the fat jar's own loader reads), and AckBench
# trains an archive for each app with the same flags before the start-ups.
cds=${BENCH_CDS:-1}
cds_dir=$target/cds

harness_cp() { echo "$classes:$exploded/BOOT-INF/classes:$exploded/BOOT-INF/lib/*"; }

build() {
  # Package only (no tests, no install: other checkouts share ~/.m2).
  ./mvnw -o -B -q -Pbench -pl bot,bench/bare-bolt -am package -DskipTests
  rm -rf "$exploded" "$classes"
  mkdir -p "$exploded" "$classes"
  (cd "$exploded" && jar xf "$root/$bot_jar")
  javac -nowarn -d "$classes" -cp "$exploded/BOOT-INF/classes:$exploded/BOOT-INF/lib/*" \
    $(find bench/harness/src -name '*.java')
  # The Dockerfile's layout: the jar extracted (java -jar runs it on the plain class path).
  rm -rf "$cds_dir"
  java -Djarmode=tools -jar "$bot_jar" extract --destination "$cds_dir/bot" >/dev/null
  java -Djarmode=tools -jar "$bare_jar" extract --destination "$cds_dir/bare" >/dev/null
  echo "built: $bot_jar, $bare_jar, harness in $classes" >&2
}

need_build() {
  if [[ ! -f $bot_jar || ! -f $bare_jar || ! -d $classes/io || ! -d $cds_dir/bare ]]; then
    build
  fi
}

cmd=${1:-}
shift || true
case "$cmd" in
  build) build ;;
  gen-repo) bench/gen-values-repo.sh "$target/values-${1:-$files}x${2:-$commits}.git" "${1:-$files}" "${2:-$commits}" ;;
  ack)
    need_build
    if [[ $cds == 1 ]]; then
      jars=(--bot-jar="$cds_dir/bot/$(basename "$bot_jar")"
        --bare-jar="$cds_dir/bare/$(basename "$bare_jar")" --cds=true)
    else
      jars=(--bot-jar="$bot_jar" --bare-jar="$bare_jar" --cds=false)
    fi
    java -cp "$(harness_cp)" io.helmgate.bench.AckBench \
      "${jars[@]}" --work="$target/ack" \
      --seed-dir=config/example-values --jvm-opts="$jvm_opts" "$@"
    ;;
  git)
    need_build
    bench/gen-values-repo.sh "$repo" "$files" "$commits"
    java -Xmx1g -cp "$(harness_cp)" io.helmgate.bench.GitBench \
      --repo="$repo" --work="$target/git" --cli-script=bench/cli-promote.sh "$@"
    ;;
  schedule)
    need_build
    java -cp "$(harness_cp)" io.helmgate.bench.SchedulerBench "$@"
    ;;
  sync)
    need_build
    bench/gen-values-repo.sh "$repo" "$files" "$commits"
    java -cp "$(harness_cp)" io.helmgate.bench.SyncBench \
      --bot-jar="$bot_jar" --repo="$repo" --work="$target/sync" --jvm-opts="$jvm_opts" "$@"
    ;;
  *)
    sed -n '2,14p' "$0" >&2
    exit 2
    ;;
esac
