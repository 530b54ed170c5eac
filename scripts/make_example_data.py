#!/usr/bin/env python3
"""Writes Problems/data/poisson_forcing.nc, the gridded source of Problems/poisson_gridded.json:
f = 2 pi^2 sin(pi x) sin(pi y) sampled on 65 x 65 nodes of [0, 1]^2 (CF-1.10, NetCDF-4).

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
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with tempfile.NamedTemporaryFile("w", suffix=".cdl", delete=False) as handle:
        handle.write(cdl)
        path = handle.name
    try:
        subprocess.run(["ncgen", "-k", "nc4", "-o", OUT, path], check=True)
    finally:
        os.unlink(path)
    print(f"wrote {OUT} ({os.path.getsize(OUT)} bytes)")


if __name__ == "__main__":
    main()
