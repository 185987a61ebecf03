#!/usr/bin/env bash
# Generates a bare values repository for the git benchmarks with git fast-import:
#   FILES environment files ({customer}/{product}/{env}/values.yaml; 40 products x 5 environments
#   per customer, so FILES is a multiple of 200) and COMMITS commits on main: one that adds every
#   file, then one per promotion, each changing image.tag of one file with two trailers.
# Usage: bench/gen-values-repo.sh OUT.git [FILES=5000] [COMMITS=20000]
# Reuses OUT.git when it exists with the same FILES and COMMITS (see OUT.git/bench-shape).
set -euo pipefail
out=${1:?usage: gen-values-repo.sh OUT.git [FILES] [COMMITS]}
files=${2:-5000}
commits=${3:-20000}
if (( files % 200 != 0 || files < 200 )); then
  echo "FILES must be a positive multiple of 200 (40 products x 5 environments per customer)" >&2
  exit 2
fi
if [[ -f "$out/bench-shape" && "$(cat "$out/bench-shape")" == "$files $commits" ]]; then
  echo "reusing $out ($files files, $commits commits)" >&2
  exit 0
fi
rm -rf "$out"
git init -q --bare --initial-branch=main "$out"
start=$(date +%s)
LC_ALL=C awk -v files="$files" -v commits="$commits" '
function content(c, p, e, tag) {
  return "# " c "/" p " " e ": generated for the Helmgate benchmarks\n" \
    "replicaCount: " (e == "prod" ? 3 : 1) "\n\n" \
    "image:\n  repository: registry.example/" c "/" p "\n  tag: " tag "\n  pullPolicy: IfNotPresent\n\n" \
    "service:\n  type: ClusterIP\n  port: 8080\n\n" \
    "ingress:\n  enabled: true\n  className: nginx\n  host: " p "." e "." c ".example\n\n" \
    "resources:\n  requests:\n    cpu: 100m\n    memory: 256Mi\n  limits:\n    memory: 512Mi\n\n" \
    "env:\n  LOG_LEVEL: info\n  FEATURE_FLAGS: \"a,b,c\"\n"
}
function emit(path, body) {
  print "M 100644 inline " path
  print "data " length(body)
  printf "%s\n", body
}
BEGIN {
  split("dev qa staging perf prod", envs, " ")
  customers = files / 200
  t = 1700000000
  print "commit refs/heads/main"
  print "committer Generator <gen@bench.invalid> " t " +0000"
  msg = "Initial values"
  print "data " length(msg); print msg
  n = 0
  for (c = 0; c < customers; c++)
    for (p = 0; p < 40; p++)
      for (e = 1; e <= 5; e++) {
        cu[n] = sprintf("c%03d", c); pr[n] = sprintf("app%02d", p); en[n] = envs[e]
        emit(cu[n] "/" pr[n] "/" en[n] "/values.yaml", content(cu[n], pr[n], en[n], "1.0.0"))
        n++
      }
  for (k = 2; k <= commits; k++) {
    f = (k * 7919) % files
    tag = sprintf("1.%d.%d", int(k / 1000), k % 1000)
    path = cu[f] "/" pr[f] "/" en[f] "/values.yaml"
    print "commit refs/heads/main"
    print "committer Generator <gen@bench.invalid> " (t + k * 60) " +0000"
    msg = "Promote " path " image.tag to " tag "\n\nRequested-by: Dev Eloper U0DEV\nApproved-by: Ops Person U0OPS\n"
    print "data " length(msg); printf "%s", msg
    emit(path, content(cu[f], pr[f], en[f], tag))
  }
}' | git -C "$out" fast-import --quiet
git -C "$out" symbolic-ref HEAD refs/heads/main
git -C "$out" repack -a -d -q
echo "$files $commits" > "$out/bench-shape"
pack=$(du -sk "$out/objects/pack" | cut -f1)
echo "generated $out: $files files, $(git -C "$out" rev-list --count main) commits, pack $((pack / 1024)) MB, in $(( $(date +%s) - start )) s" >&2
