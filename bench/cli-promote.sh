#!/usr/bin/env bash
# The git CLI baseline of the promotion benchmark: on a warm clone, COUNT promotions, each
#   fetch, reset --hard to origin/main, edit image.tag of one file, git commit -a with two
#   trailers, push; prints the microseconds of each promotion, one per line.
# Usage: bench/cli-promote.sh CLONE PATHS_FILE FIRST_SEQ
#   PATHS_FILE holds one values file path per line, one promotion each; FIRST_SEQ numbers the tags.
set -euo pipefail
export LC_ALL=C # $EPOCHREALTIME with a dot
clone=$1
paths=$2
seq=$3
cd "$clone"
while IFS= read -r path; do
  t0=$EPOCHREALTIME
  git fetch -q origin
  git reset -q --hard origin/main
  sed -i "s/^  tag: .*/  tag: cli-$seq/" "$path"
  git commit -q -a -m "Promote $path image.tag to cli-$seq" \
    --trailer "Requested-by: Dev Eloper U0DEV" --trailer "Approved-by: Ops Person U0OPS"
  git push -q origin HEAD:main
  t1=$EPOCHREALTIME
  echo $(( ${t1/./} - ${t0/./} ))
  seq=$((seq + 1))
done < "$paths"
