#!/usr/bin/env bash
# Time to accuracy: pinn's Gauss–Newton training against the JAX Gauss–Newton peer
# (shared/peers/gn_jax.py) and the JAX Adam peer (shared/peers/pinn_jax.py), back to back on one machine.
#
#   scripts/race_gauss_newton.sh poisson              # Problems/poisson.json against gn_jax.py --problem poisson
#   scripts/race_gauss_newton.sh helmholtz            # Problems/helmholtz.json against gn_jax.py --problem helmholtz
#
# pinn: `pinn solve` of the example with its Gauss–Newton phase cut to each of --iterations (a run with
# fewer iterations is exactly the start of a longer one), timed as a whole process (start-up, training,
# reference, writing), relative_l2_vs_exact read from the result. The peer prints the training-loop
# seconds (compilation excluded) at which its error on a 256² grid first fell below 1e-3 … 1e-8.
# Then pinn_jax.py (Adam, its defaults in float64) for the wall time of pinn's longest run.
# Prints one markdown table row per threshold and the raw lines.
# Options: --iterations LIST (default 250,500,1000,2000,4000), --peer-seconds S (default 300),
#   --peer-args "…" (extra gn_jax.py arguments, e.g. "--width 32 --depth 2" for helmholtz).
# Environment: PINN_PEERS_PY (default /tmp/pinn-peers-venv/bin/python; ../shared/peers/setup.sh makes it),
#   PINN_PEERS_DIR (default <repo>/../shared/peers), PINN (default .build/release/pinn).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
py=${PINN_PEERS_PY:-/tmp/pinn-peers-venv/bin/python}
peers=${PINN_PEERS_DIR:-$repo/../shared/peers}
pinn=${PINN:-$repo/.build/release/pinn}
h5py=/usr/bin/python3

problem=${1:?usage: race_gauss_newton.sh poisson|helmholtz [options]}
shift
iterations=250,500,1000,2000,4000 peer_seconds=300 peer_args=
while [ $# -gt 0 ]; do
    case "$1" in
        --iterations) iterations=$2; shift ;;
        --peer-seconds) peer_seconds=$2; shift ;;
        --peer-args) peer_args=$2; shift ;;
        -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "race_gauss_newton.sh: unknown option $1" >&2; exit 2 ;;
    esac
    shift
done
[ -x "$pinn" ] || (cd "$repo" && swift build -c release --product pinn >&2)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "## $problem: pinn (Problems/$problem.json, OpenBLAS core ${OPENBLAS_CORETYPE:-auto}) against gn_jax.py and pinn_jax.py"
rows=()
for n in ${iterations//,/ }; do
    "$h5py" - "$repo/Problems/$problem.json" "$work/p$n.json" "$n" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
t = d["training"]
for key in ("phases",):
    phases = [p for p in t[key] if "gaussNewton" not in p] + [{"gaussNewton": int(sys.argv[3])}]
    t[key] = phases
d.pop("expect", None)
json.dump(d, open(sys.argv[2], "w"))
PY
    # Paths in the file (meshes, data) are relative to Problems/: run the copy from there.
    cp "$work/p$n.json" "$repo/Problems/.race_$n.json"
    start=$(date +%s.%N)
    "$pinn" solve "$repo/Problems/.race_$n.json" -o "$work/r$n.h5" --quiet --no-plots --force >/dev/null
    end=$(date +%s.%N)
    rm -f "$repo/Problems/.race_$n.json"
    error=$("$h5py" -c "import h5py,sys; print(h5py.File(sys.argv[1])['metrics'].attrs['relative_l2_vs_exact'])" "$work/r$n.h5")
    wall=$(echo "$end - $start" | bc -l)
    printf 'pinn  gaussNewton=%-6s wall_s=%.2f  relative_l2_vs_exact=%.3e\n' "$n" "$wall" "$error"
    rows+=("$wall $error")
done
longest=$(printf '%s\n' "${rows[@]}" | tail -1 | cut -d' ' -f1)

peer=$("$py" "$peers/gn_jax.py" --problem "$problem" --seconds "$peer_seconds" $peer_args | tail -1)
echo "gn_jax: $peer"
calibrate=$("$py" "$peers/pinn_jax.py" --problem "$problem" --f64 --steps 30 | tail -1)
ms=$(echo "$calibrate" | "$h5py" -c "import json,sys; print(json.loads(sys.stdin.read())['median_step_ms'])")
steps=$(echo "$longest * 1000 / $ms" | bc)
adam=$("$py" "$peers/pinn_jax.py" --problem "$problem" --f64 --steps "$steps" | tail -1)
echo "pinn_jax (Adam, $steps steps ≈ ${longest} s): $adam"

echo
echo "| error ≤ | pinn (s, whole solve) | gn_jax.py (s, training loop) |"
echo "| --- | --- | --- |"
for th in 1e-3 1e-4 1e-5 1e-6 1e-7 1e-8 1e-9; do
    ours=$(printf '%s\n' "${rows[@]}" | awk -v th="$th" '$2 <= th { print $1; exit }')
    theirs=$(echo "$peer" | "$h5py" -c "import json,sys; d=json.loads(sys.stdin.read())['seconds_to']; print(d.get('$th'.replace('e-', 'e-0') if len('$th')==4 else '$th', '—'))")
    printf '| %s | %s | %s |\n' "$th" "${ours:-—}" "$theirs"
done
