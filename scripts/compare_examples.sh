#!/usr/bin/env bash
# Runs every example in Problems/ (not the meta-learning families) with one pinn binary into a folder,
# or compares two such folders bit for bit with h5diff (every group; /metrics without the timings).
#
#   scripts/compare_examples.sh run BINARY OUTDIR     solve every example into OUTDIR (PINN_THREADS=2)
#   scripts/compare_examples.sh diff OLDDIR NEWDIR    h5diff every group of each result; /metrics but *_seconds
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
  # Every group and dataset below the root (fields, reference, exact, error, training, model,
  # mesh, coordinates; ODE: learned, error, observations, …) with h5diff; /metrics attribute by
  # attribute, all digits, except the wall-clock ones (*_seconds), which no two runs share.
  old=$2 new=$3 status=0
  for f in $(examples); do
    name=$(basename "$f" .json)
    for object in $(h5ls "$old/$name.h5" | awk '{print "/" $1}'); do
      [ "$object" = /metrics ] && continue
      if h5diff "$old/$name.h5" "$new/$name.h5" "$object" "$object" >/dev/null 2>&1; then
        echo "same:    $name $object"
      else
        echo "DIFFERS: $name $object"; status=1
      fi
    done
    metrics() { h5dump -m %.17g -A -g /metrics "$1" | awk '/ATTRIBUTE/ {name=$2} /\(0\)/ {print name, $2}' | grep -v _seconds; }
    if [ "$(metrics "$old/$name.h5")" = "$(metrics "$new/$name.h5")" ] && [ -n "$(metrics "$old/$name.h5")" ]; then
      echo "same:    $name /metrics ($(metrics "$old/$name.h5" | wc -l) values, *_seconds excluded)"
    else
      echo "DIFFERS: $name /metrics"; status=1
    fi
  done
  exit $status
  ;;
*)
  sed -n '2,9p' "$0"; exit 2 ;;
esac
