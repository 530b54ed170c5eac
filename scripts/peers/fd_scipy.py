#!/usr/bin/env python3
"""The peer of `pinn bench-reference`: the same finite-difference Poisson system, solved by scipy.

-Δu = f on the unit square (5-point) or cube (7-point), n nodes per axis (h = 1/(n-1)), the
(n-2)^d interior nodes numbered x fastest, homogeneous Dirichlet data eliminated,
f = dπ² Π sin(π x_a) so that u = Π sin(π x_a). Assembly in COO triplets with numpy (vectorised),
converted to CSC, solved by scipy.sparse.linalg.spsolve (SuperLU with its default COLAMD
ordering, as scipy ships it). Prints one JSON object with the fields of pinn's measurement,
including this process's resident set before assembling (after importing scipy) and its peak
(VmHWM).

Usage: python3 fd_scipy.py --dimension 2 --nodes 1025
"""
import argparse
import json
import time

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla


def resident_kib(field):
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field):
                return int(line.split()[1])
    return 0


def assemble(d, n):
    h = 1.0 / (n - 1)
    m = n - 2  # interior nodes per axis
    count = m**d
    index = np.arange(count).reshape((m,) * d)  # index[k, j, i]: x fastest
    c = 1.0 / (h * h)
    rows, cols, vals = [index.ravel()], [index.ravel()], [np.full(count, 2 * d * c)]
    for axis in range(d):
        lo = [slice(None)] * d
        hi = [slice(None)] * d
        lo[axis] = slice(0, m - 1)
        hi[axis] = slice(1, m)
        a, b = index[tuple(lo)].ravel(), index[tuple(hi)].ravel()
        rows += [a, b]
        cols += [b, a]
        vals += [np.full(a.size, -c), np.full(a.size, -c)]
    matrix = sp.coo_matrix(
        (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))), shape=(count, count)
    ).tocsc()
    x = np.sin(np.pi * h * np.arange(1, n - 1))
    u = x
    for _ in range(d - 1):
        u = np.multiply.outer(x, u)  # outer axes first: x stays fastest
    u = u.ravel()
    return matrix, d * np.pi**2 * u, u


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dimension", type=int, default=2)
    parser.add_argument("--nodes", type=int, default=1025)
    args = parser.parse_args()
    start = resident_kib("VmRSS:")
    c0 = time.process_time()
    t0 = time.perf_counter()
    matrix, rhs, exact = assemble(args.dimension, args.nodes)
    t1 = time.perf_counter()
    solution = spla.spsolve(matrix, rhs)
    t2 = time.perf_counter()
    cpu = time.process_time() - c0
    residual = np.linalg.norm(rhs - matrix @ solution) / np.linalg.norm(rhs)
    print(json.dumps({
        "method": "scipy-spsolve",
        "dimension": args.dimension,
        "nodesPerAxis": args.nodes,
        "unknowns": int(matrix.shape[0]),
        "nonzeros": int(matrix.nnz),
        "assemblySeconds": t1 - t0,
        "solveSeconds": t2 - t1,
        "cpuSeconds": cpu,
        "iterations": 0,
        "levels": 0,
        "factorNonzeros": 0,
        "relativeResidual": float(residual),
        "maxError": float(np.max(np.abs(solution - exact))),
        "startResidentKiB": start,
        "peakResidentKiB": resident_kib("VmHWM:"),
    }))


if __name__ == "__main__":
    main()
