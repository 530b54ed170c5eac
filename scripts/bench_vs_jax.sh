#!/usr/bin/env bash
# Times pinn against the JAX peers (shared/peers/pinn_jax.py, node_jax.py) case by case, back to back,
# and prints one table row per case: pinn ms, JAX ms, pinn / JAX, allocations per pinn step, load average.
#
#   scripts/bench_vs_jax.sh                 # poisson 64x3 and 256x4, f32 and f64, forward and hessian peers, + NODE adjoint
#   scripts/bench_vs_jax.sh --quick         # poisson 64x3 f32 only, + NODE adjoint, fewer steps (a few minutes)
#   scripts/bench_vs_jax.sh --problem helmholtz --sizes 64x3 --precisions f64 --no-node
#
# Options: --quick, --problem poisson|helmholtz, --sizes LIST (64x3,256x4), --precisions LIST (f32,f64),
#   --laplacians LIST (forward,hessian), --steps N (PINN timed steps), --iters N (NODE iterations),
#   --node-gradient adjoint|backprop, --no-node, --node-only, --json FILE (also write the raw JSON lines).
# Environment: PINN_PEERS_PY (python of a virtualenv with jax, optax, diffrax, equinox;
#   default /tmp/pinn-peers-venv/bin/python), PINN_PEERS_DIR (default <repo>/../shared/peers),
#   PINN (the pinn binary; default .build/release/pinn, built when missing).
# The machine may be shared: each row's pinn and JAX runs follow each other within the same minute,
# and the 1-minute load average is printed with every row. Quote ratios, not absolute times.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
py=${PINN_PEERS_PY:-/tmp/pinn-peers-venv/bin/python}
peers=${PINN_PEERS_DIR:-$repo/../shared/peers}
pinn=${PINN:-$repo/.build/release/pinn}

problem=poisson sizes=64x3,256x4 precisions=f32,f64 laplacians=forward,hessian
steps=100 iters=50 node_gradient=adjoint run_pinn_cases=1 run_node=1 json_out=
while [ $# -gt 0 ]; do
    case "$1" in
        --quick) sizes=64x3 precisions=f32 steps=50 iters=20 ;;
        --problem) problem=$2; shift ;;
        --sizes) sizes=$2; shift ;;
        --precisions) precisions=$2; shift ;;
        --laplacians) laplacians=$2; shift ;;
        --steps) steps=$2; shift ;;
        --iters) iters=$2; shift ;;
        --node-gradient) node_gradient=$2; shift ;;
        --no-node) run_node=0 ;;
        --node-only) run_pinn_cases=0 ;;
        --json) json_out=$2; shift ;;
        -h|--help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "bench_vs_jax.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
    shift
done

[ -x "$py" ] || { echo "bench_vs_jax.sh: no peer python at $py (run shared/peers/setup.sh, set PINN_PEERS_PY)" >&2; exit 1; }
[ -f "$peers/pinn_jax.py" ] || { echo "bench_vs_jax.sh: no pinn_jax.py in $peers (set PINN_PEERS_DIR)" >&2; exit 1; }
if [ ! -x "$pinn" ]; then (cd "$repo" && swift build -c release --product pinn >&2); fi

rows=$(mktemp)
trap 'rm -f "$rows"' EXIT
load() { cut -d' ' -f1 /proc/loadavg; }
# field JSON KEY: one value from a JSON line.
field() { python3 -c 'import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$1" "$2"; }
last_json() { grep '^{' | tail -n 1; }
record() { printf '%s\n' "$@" >> "$rows"; [ -z "$json_out" ] || printf '%s\n' "$@" >> "$json_out"; }

echo "pinn $( "$pinn" doctor 2>/dev/null | grep -m1 'OpenBLAS core' | sed 's/  */ /g' ), $(nproc) cores, $(date -u '+%Y-%m-%d %H:%M UTC')" >&2
if [ "$run_pinn_cases" = 1 ]; then
    for size in ${sizes//,/ }; do
        width=${size%x*} depth=${size#*x}
        for precision in ${precisions//,/ }; do
            f64=(); [ "$precision" = f64 ] && f64=(--f64)
            echo "… $problem $size $precision" >&2
            l=$(load)
            ours=$("$pinn" bench --json --problem "$problem" --sizes "$size" --precisions "$precision" \
                   --steps "$steps" --repeats 5 --seed 0 | last_json)
            for laplacian in ${laplacians//,/ }; do
                theirs=$("$py" "$peers/pinn_jax.py" --problem "$problem" --laplacian "$laplacian" --width "$width" \
                         --depth "$depth" --steps "$steps" --seed 0 "${f64[@]}" | last_json)
                row=$(python3 -c '
import json, sys
ours, theirs, load, laplacian = json.loads(sys.argv[1]), json.loads(sys.argv[2]), sys.argv[3], sys.argv[4]
target = 0.5 if laplacian == "hessian" else 1.0
name = "%s siren %dx%d %s" % (ours["problem"], ours["width"], ours["depth"], ours["precision"])
print(json.dumps({"case": name, "peer": "jax " + laplacian, "pinn_ms": ours["median_step_ms"], "jax_ms": theirs["median_step_ms"],
                  "target": target, "allocs": ours["allocations_per_step"], "load": float(load)}))
' "$ours" "$theirs" "$l" "$laplacian")
                record "$row"
            done
        done
    done
fi
if [ "$run_node" = 1 ]; then
    peer_adjoint=backsolve; [ "$node_gradient" = backprop ] && peer_adjoint=checkpoint
    echo "… spiral Neural ODE, $node_gradient" >&2
    l=$(load)
    ours=$("$pinn" bench --json --node --node-gradient "$node_gradient" --iters "$iters" --seed 0 | last_json)
    theirs=$("$py" "$peers/node_jax.py" --adjoint "$peer_adjoint" --iters "$iters" --seed 0 --f64 | last_json)
    row=$(python3 -c '
import json, sys
ours, theirs, load = json.loads(sys.argv[1]), json.loads(sys.argv[2]), sys.argv[3]
print(json.dumps({"case": "spiral NODE %s f64" % ours["gradient"], "peer": "diffrax %s f64" % theirs["adjoint"],
                  "pinn_ms": ours["median_iter_ms"], "jax_ms": theirs["median_iter_ms"], "target": 1.0,
                  "allocs": ours["allocations_per_iter"], "load": float(load)}))
' "$ours" "$theirs" "$l")
    record "$row"
fi

python3 - "$rows" <<'PY'
import json, sys
rows = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
print("| case | peer | pinn ms | JAX ms | pinn / JAX | target | holds | allocs/step | load (1 min) |")
print("| --- | --- | ---: | ---: | ---: | ---: | --- | ---: | ---: |")
for r in rows:
    ratio = r["pinn_ms"] / r["jax_ms"]
    print(f"| {r['case']} | {r['peer']} | {r['pinn_ms']:.2f} | {r['jax_ms']:.2f} | {ratio:.2f} | ≤ {r['target']:g} "
          f"| {'yes' if ratio <= r['target'] else 'no'} | {r['allocs']:.0f} | {r['load']:.2f} |")
PY
