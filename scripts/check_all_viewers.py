#!/usr/bin/env python3
"""Solve every example in Problems/ briefly and check each result in the viewers.

    /usr/bin/python3 scripts/check_all_viewers.py [--keep DIR] [--pinn PATH] [--skip-paraview]

Every problem file but the families is copied (with Meshes/ and Problems/data/) into a scratch
project and solved with a short training (PDEs: 20 Adam steps, a small reference grid of unequal
counts per axis; ODEs: 20 steps), `--no-plots`; then `pinn eval --grid` writes each PDE result's
network on a small grid of unequal counts (so an x/y swap cannot pass). Every output goes through
`scripts/check_viewers.py`: h5py and xarray for all of them, and ParaView (`xvfb-run pvpython
... --paraview`: both XDMF readers, points against HDF5, the drawn surface, rendered pixels) for
the PDE results and the evaluations. The binary is .build/release/pinn when it exists (a debug
build takes half an hour on the ODE examples), else .build/debug/pinn, unless --pinn says otherwise.
A few minutes with a release build.
Exits non-zero if a solve or a check fails.
"""
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PYTHON = "/usr/bin/python3"  # Debian's, with h5py and xarray


def option(name):
    return sys.argv[sys.argv.index(name) + 1] if name in sys.argv else None


def pinn_binary():
    if option("--pinn"):
        return os.path.abspath(option("--pinn"))
    built = [os.path.join(ROOT, ".build", c, "pinn") for c in ("release", "debug")]
    built = [b for b in built if os.path.exists(b)]
    if not built:
        sys.exit("check_all_viewers: build pinn first (swift build -c release)")
    if not built[0].endswith(os.path.join("release", "pinn")):
        print("check_all_viewers: no release build; the debug build is much slower", file=sys.stderr)
    return built[0]


def short(problem, dimension):
    """The problem with a short training and a small reference grid (unequal counts per axis)."""
    problem = dict(problem)
    if problem.get("kind") == "ode":
        training = dict(problem.get("training", {}))
        for key, limit in (("steps", 20), ("gaussNewtonIterations", 5), ("lbfgsIterations", 5)):
            if training.get(key):
                training[key] = min(training[key], limit)
        problem["training"] = training
        return problem
    kept = {k: v for k, v in problem.get("training", {}).items() if k in ("seed", "precision")}
    problem["training"] = dict(kept, phases=[{"adam": 20}])
    if problem.get("domain", {}).get("type") != "mesh":
        problem["reference"] = {"grid": [[65], [41, 33], [9, 8, 7]][dimension - 1], "refinement": 1}
    problem.pop("expect", None)
    return problem


def dimension_of(problem):
    domain = problem.get("domain", {})
    kind = domain.get("type")
    if kind == "interval":
        return 1
    if kind in ("box", "ball"):
        return 3
    if kind == "mesh":
        return None  # known after solving
    return 2


def run(command, cwd, log):
    started = time.time()
    result = subprocess.run(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    log.write(f"$ {' '.join(command)}\n{result.stdout}\n")
    return result.returncode, time.time() - started, result.stdout


def main():
    pinn = pinn_binary()
    keep = option("--keep")
    scratch = os.path.abspath(keep) if keep else tempfile.mkdtemp(prefix="pinn-viewers-")
    os.makedirs(os.path.join(scratch, "Problems"), exist_ok=True)
    for folder in ("Meshes", "Problems/data"):
        target = os.path.join(scratch, folder)
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(os.path.join(ROOT, folder), target)
    outputs = os.path.join(scratch, "Outputs")
    os.makedirs(outputs, exist_ok=True)
    log = open(os.path.join(scratch, "log.txt"), "w")
    print(f"check_all_viewers: {pinn}, scratch {scratch}")
    failures, pde, ode = [], [], []
    for name in sorted(os.listdir(os.path.join(ROOT, "Problems"))):
        if not name.endswith(".json"):
            continue
        problem = json.load(open(os.path.join(ROOT, "Problems", name)))
        if problem.get("kind") == "family" or "members" in problem or "base" in problem:
            print(f"skip   {name} (a family)")
            continue
        stem = name[:-5]
        copy = os.path.join(scratch, "Problems", name)
        json.dump(short(problem, dimension_of(problem) or 2), open(copy, "w"), indent=1)
        result = os.path.join(outputs, stem + ".h5")
        status, seconds, text = run([pinn, "solve", copy, "-o", result, "--force", "--no-plots"], scratch, log)
        if status not in (0, 5) or not os.path.exists(result):  # 5: written without a reference
            failures.append(f"pinn solve {name} exited {status}: {text.strip().splitlines()[-1:]}")
            print(f"FAIL   {name}: solve exited {status}")
            continue
        print(f"solved {name} in {seconds:.1f} s" + (" (the reference failed; result written without it)" if status == 5 else ""))
        if problem.get("kind") == "ode":
            ode.append(result)
            continue
        pde.append(result)
        dimension = dimension_of(problem) or mesh_dimension(result)
        grid = ["50", "48x32", "12x10x8"][dimension - 1]
        evaluated = os.path.join(outputs, stem + "_eval.h5")
        status, seconds, text = run([pinn, "eval", result, "--grid", grid, "-o", evaluated], scratch, log)
        if status != 0:
            failures.append(f"pinn eval {stem}.h5 --grid {grid} exited {status}: {text.strip().splitlines()[-1:]}")
        else:
            pde.append(evaluated)
            print(f"eval   {stem}.h5 --grid {grid} in {seconds:.1f} s")

    checks = [("h5py/xarray", [PYTHON, os.path.join(ROOT, "scripts", "check_viewers.py")] + ode + pde)]
    if "--skip-paraview" not in sys.argv:
        # -noreset: with xvfb-run's default the server resets when pvpython's first connection closes,
        # and OpenGL then fails ("bad X server connection"); a 24-bit screen for OpenGL.
        checks.append(("ParaView", ["xvfb-run", "-a", "-n", "SERVER",
                                    "-s", "-screen 0 1280x1024x24 -noreset", "pvpython",
                                    os.path.join(ROOT, "scripts", "check_viewers.py"), "--paraview",
                                    f"--images={outputs}"] + pde))
    for label, command in checks:
        for attempt in range(3):  # Xvfb sometimes refuses pvpython on a loaded machine: another server
            server = str(random.randint(100, 900))  # xvfb-run -a alone races other xvfb-runs for :99
            status, seconds, text = run([server if c == "SERVER" else c for c in command], scratch, log)
            if "bad X server connection" not in text:
                break
        lines = [line for line in text.splitlines() if line.startswith(("==", "h5py", "xarray", "ParaView", "FAIL", "   ", "OK"))]
        print(f"--- {label} ({seconds:.0f} s)\n" + "\n".join(lines))
        if status != 0:
            failures.append(f"{label} check failed (see above and {log.name})")
    log.close()
    if failures:
        print("FAIL:\n  " + "\n  ".join(failures), file=sys.stderr)
        sys.exit(1)
    print(f"OK: {len(pde)} PDE outputs and {len(ode)} ODE results checked; images in {outputs}")


def mesh_dimension(result):
    import h5py
    with h5py.File(result, "r") as f:
        return f["mesh/nodes"].shape[1] if "mesh" in f else sum(a in f for a in ("x", "y", "z"))


if __name__ == "__main__":
    main()
