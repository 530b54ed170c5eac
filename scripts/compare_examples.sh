#!/usr/bin/env bash
# Runs every example in Problems/ (not the meta-learning families) with one pinn binary into a folder,
# or compares two such folders bit for bit with h5diff on /fields, /training and /metrics.
#
#   scripts/compare_examples.sh run BINARY OUTDIR     solve every example into OUTDIR (PINN_THREADS=2)
#   scripts/compare_examples.sh diff OLDDIR NEWDIR    h5diff each result's /fields, /training, /metrics
#
# Used to show that a refactoring changes no result: build the commit before it, `run` into one
# folder, build the change, `run` into another, then `diff`. Exit status 1 when any group differs.
set -euo pipefail
cd "$(dirname "$0")/.."
examples() {
  for f in Problems/*.json; do
    case "$f" in *_family.json|*_family_base.json) continue ;; esac
    echo "$f"
  done
}
case "${1:-}" in
run)
  binary=$2 out=$3
  mkdir -p "$out"
  for f in $(examples); do
    name=$(basename "$f" .json)
    start=$(date +%s)
    PINN_THREADS=2 "$binary" solve "$f" --output "$out/$name.h5" --force --quiet --no-plots >"$out/$name.log" 2>&1 \
      || echo "exit $? for $f (see $out/$name.log)"
    echo "$f: $(( $(date +%s) - start )) s"
  done
  ;;
diff)
  old=$2 new=$3 status=0
  for f in $(examples); do
    name=$(basename "$f" .json)
    for group in /fields /training /metrics; do
      if ! h5diff -c "$old/$name.h5" "$new/$name.h5" "$group" "$group" >/dev/null 2>&1; then
        if h5diff "$old/$name.h5" "$new/$name.h5" "$group" "$group" >/dev/null 2>&1; then :; else
          echo "DIFFERS: $name $group"; status=1; continue
        fi
      fi
      echo "same:    $name $group"
    done
  done
  exit $status
  ;;
*)
  sed -n '2,9p' "$0"; exit 2 ;;
esac
