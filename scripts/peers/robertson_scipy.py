#!/usr/bin/env python3
"""pinn's stiff solver against scipy's solve_ivp (Radau and BDF) on Robertson's kinetics, in one run.

    y1' = -k1 y1 + k3 y2 y3,  y2' = k1 y1 - k2 y2^2 - k3 y2 y3,  y3' = k2 y2^2,
    k1 = 0.04, k2 = 3e7, k3 = 1e4, y(0) = (1, 0, 0),

over [0, 1e5] and [0, 1e11] at each rtol (atol = rtol * 1e-6). pinn runs as `pinn bench --stiff --json`
(Radau IIA 5 and `auto`, f and J compiled or from a problem file's expressions); scipy's Radau and BDF
get the exact Jacobian and the same rtol/atol. Every solve is repeated and its median wall time kept.
Errors are those of the final state against the reference table: at 1e11 the Test Set for IVP
Solvers' ROBER value (Mazzia & Magherini, Bari, release 2.4); at 1e5 scipy's Radau at rtol 1e-13
(LSODA and BDF agree to 5e-11). Prints the load average before and after, and a markdown table
with the time ratio scipy/pinn (compiled system, Radau IIA).

Usage: /usr/bin/python3 scripts/peers/robertson_scipy.py --pinn .build/release/pinn [--repeats 5]
"""
import argparse
import json
import os
import statistics
import subprocess
import time

import numpy as np
import scipy
from scipy.integrate import solve_ivp

REFERENCE = {
    1e5: [0.017865921142100248, 7.27475146843659e-08, 0.9821340061103923],
    1e11: [0.2083340149701255e-07, 0.8333360770334713e-13, 0.9999999791665050],
}


def rober(t, y):
    a = -0.04 * y[0] + 1e4 * y[1] * y[2]
    c = 3e7 * y[1] * y[1]
    return [a, -a - c, c]


def jacobian(t, y):
    return [[-0.04, 1e4 * y[2], 1e4 * y[1]],
            [0.04, -1e4 * y[2] - 6e7 * y[1], -1e4 * y[1]],
            [0.0, 6e7 * y[1], 0.0]]


def errors(y, end, rtol, atol):
    ref = REFERENCE[end]
    relative = [abs(a - b) / abs(b) for a, b in zip(y, ref)]
    ratio = max(abs(a - b) / (atol + rtol * abs(b)) for a, b in zip(y, ref))
    return max(relative), ratio


def scipy_case(method, end, rtol, atol, repeats):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        sol = solve_ivp(rober, (0.0, end), [1.0, 0.0, 0.0], method=method, rtol=rtol, atol=atol, jac=jacobian)
        times.append(time.perf_counter() - start)
        if not sol.success:
            raise RuntimeError(f"{method} failed on [0, {end}] at rtol {rtol}: {sol.message}")
    worst, ratio = errors(sol.y[:, -1], end, rtol, atol)
    return {"seconds": statistics.median(times), "steps": sol.t.size - 1, "nfev": sol.nfev, "njev": sol.njev,
            "nlu": sol.nlu, "max_rel_err": worst, "err_tol": ratio}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pinn", default=".build/release/pinn")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--tolerances", default="1e-4,1e-6,1e-8")
    parser.add_argument("--spans", default="1e5,1e11")
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()}; scipy {scipy.__version__}, numpy {np.__version__}")

    out = subprocess.run(
        [args.pinn, "bench", "--stiff", "--json", "--stiff-spans", args.spans, "--stiff-tolerances",
         args.tolerances, "--stiff-repeats", str(args.repeats)],
        check=True, capture_output=True, text=True).stdout
    pinn = {}
    for line in out.splitlines():
        row = json.loads(line)
        pinn[(row["end"], row["rtol"], row["method"], row["system"])] = row

    print("\n| span | rtol | solver | ms | steps | f evals | J | LU | max rel. error | error/tol | scipy Radau ms / this |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for end in [float(s) for s in args.spans.split(",")]:
        for rtol in [float(s) for s in args.tolerances.split(",")]:
            atol = rtol * 1e-6
            radau = scipy_case("Radau", end, rtol, atol, args.repeats)
            bdf = scipy_case("BDF", end, rtol, atol, args.repeats)
            rows = []
            for method in ["radau5", "auto"]:
                for system in ["compiled", "expressions"]:
                    r = pinn[(end, rtol, method, system)]
                    rows.append((f"pinn {method} ({system})", r["median_seconds"], r["steps"],
                                 r["function_evaluations"], r["jacobian_evaluations"], r["factorizations"],
                                 max(r["relative_errors"]), r["tolerance_ratio"]))
            rows.append(("scipy Radau", radau["seconds"], radau["steps"], radau["nfev"], radau["njev"],
                         radau["nlu"], radau["max_rel_err"], radau["err_tol"]))
            rows.append(("scipy BDF", bdf["seconds"], bdf["steps"], bdf["nfev"], bdf["njev"], bdf["nlu"],
                         bdf["max_rel_err"], bdf["err_tol"]))
            for name, seconds, steps, nfev, njev, nlu, worst, ratio in rows:
                print(f"| {end:g} | {rtol:g} | {name} | {seconds * 1e3:.2f} | {steps} | {nfev} | {njev} | {nlu} "
                      f"| {worst:.2e} | {ratio:.2e} | {radau['seconds'] / seconds:.1f} |")
    print(f"\nload average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
