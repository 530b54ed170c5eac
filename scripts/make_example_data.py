#!/usr/bin/env python3
"""Writes the example data files:

- Problems/data/poisson_forcing.nc, the gridded source of Problems/poisson_gridded.json:
  f = 2 pi^2 sin(pi x) sin(pi y) sampled on 65 x 65 nodes of [0, 1]^2 (CF-1.10, NetCDF-4).
- Problems/data/lotka_volterra_three.nc, the observations of Problems/lotka_volterra_trajectories.json:
  three Lotka-Volterra trajectories (a = 1.5, b = 1, c = 3, d = 1) from three initial states, each
  observed at 60 random times in (0, 12] (its own times), with about one value in eight missing
  (_FillValue), in the long layout pinn reads: t(obs), x(obs), y(obs), trajectory(obs).

Needs only the standard library and ncgen (Debian netcdf-bin): the data is written as CDL text and
compiled by ncgen. Run from the repository root:  /usr/bin/python3 scripts/make_example_data.py
"""
import math
import os
import subprocess
import tempfile

N = 65
OUT = os.path.join("Problems", "data", "poisson_forcing.nc")


def main():
    nodes = [i / (N - 1) for i in range(N)]
    f = [2 * math.pi ** 2 * math.sin(math.pi * x) * math.sin(math.pi * y) for y in nodes for x in nodes]
    numbers = lambda values: ", ".join(repr(v) for v in values)
    cdl = f"""netcdf poisson_forcing {{
dimensions:
    y = {N} ;
    x = {N} ;
variables:
    double x(x) ;
        x:long_name = "x" ;
        x:axis = "X" ;
    double y(y) ;
        y:long_name = "y" ;
        y:axis = "Y" ;
    double f(y, x) ;
        f:long_name = "source term f = 2 pi^2 sin(pi x) sin(pi y)" ;

// global attributes:
    :Conventions = "CF-1.10" ;
    :title = "Gridded source of Problems/poisson_gridded.json" ;
    :source = "scripts/make_example_data.py" ;
data:
 x = {numbers(nodes)} ;
 y = {numbers(nodes)} ;
 f = {numbers(f)} ;
}}
"""
    compile_cdl(cdl, OUT)


def compile_cdl(cdl, out):
    """Writes the NetCDF-4 file `out` from CDL text with ncgen."""
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with tempfile.NamedTemporaryFile("w", suffix=".cdl", delete=False) as handle:
        handle.write(cdl)
        path = handle.name
    try:
        subprocess.run(["ncgen", "-k", "nc4", "-o", out, path], check=True)
    finally:
        os.unlink(path)
    print(f"wrote {out} ({os.path.getsize(out)} bytes)")


def lotka_volterra(z):
    x, y = z
    return (1.5 * x - x * y, -3 * y + x * y)


def rk4_to(z, t, t_end, h_max=1e-3):
    """Classical RK4 from (t, z) to t_end in equal steps of at most h_max (error ~1e-12 here)."""
    steps = max(1, math.ceil((t_end - t) / h_max))
    h = (t_end - t) / steps
    for _ in range(steps):
        k1 = lotka_volterra(z)
        k2 = lotka_volterra([z[i] + h / 2 * k1[i] for i in range(2)])
        k3 = lotka_volterra([z[i] + h / 2 * k2[i] for i in range(2)])
        k4 = lotka_volterra([z[i] + h * k3[i] for i in range(2)])
        z = [z[i] + h / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]) for i in range(2)]
    return z


def write_trajectories():
    import random

    out = os.path.join("Problems", "data", "lotka_volterra_three.nc")
    rng = random.Random(7)
    fill = -9999.0
    times, xs, ys, runs = [], [], [], []
    for run, z0 in enumerate([(1.0, 1.0), (2.0, 0.5), (0.5, 2.0)]):
        ts = sorted(rng.uniform(0, 12) for _ in range(60))
        z, t = list(z0), 0.0
        for t_obs in ts:
            z = rk4_to(z, t, t_obs)
            t = t_obs
            missing = [rng.random() < 0.125 for _ in range(2)]
            if all(missing):
                missing[rng.randrange(2)] = False
            times.append(t_obs)
            xs.append(fill if missing[0] else z[0])
            ys.append(fill if missing[1] else z[1])
            runs.append(run)
    numbers = lambda values: ", ".join(repr(v) for v in values)
    cdl = f"""netcdf lotka_volterra_three {{
dimensions:
    obs = {len(times)} ;
variables:
    double t(obs) ;
        t:long_name = "observation time" ;
    double x(obs) ;
        x:long_name = "prey" ;
        x:_FillValue = {fill} ;
    double y(obs) ;
        y:long_name = "predator" ;
        y:_FillValue = {fill} ;
    int trajectory(obs) ;
        trajectory:long_name = "index of the initial state (0, 1, 2)" ;

// global attributes:
    :title = "Three Lotka-Volterra trajectories observed at irregular times with missing values" ;
    :source = "scripts/make_example_data.py" ;
data:
 t = {numbers(times)} ;
 x = {numbers(xs)} ;
 y = {numbers(ys)} ;
 trajectory = {numbers(runs)} ;
}}
"""
    compile_cdl(cdl, out)


if __name__ == "__main__":
    main()
    write_trajectories()
