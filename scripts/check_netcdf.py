#!/usr/bin/env python3
"""Check that a pinn netCDF result (NetCDFGriddedResult layout) opens in xarray as intended.

    python3 scripts/check_netcdf.py Outputs/poisson.nc
    python3 scripts/check_netcdf.py --expect "u=x+10*y" --nan-where "(x>0.5)&(y>0.5)" sample.nc

For each available engine (netcdf4, h5netcdf) `xarray.open_dataset` must give:
- global Conventions = "CF-1.10", a source "pinn ..." and a history line starting with an ISO 8601 time;
- coordinates x, y (, z) with axis X/Y/(Z) attributes, equal to the raw coordinate variables;
- every other variable with dimensions ((z,) y, x) has those coordinates attached, values equal to
  the raw netCDF values (NaN fill values masked as NaN), long_name and units;
- the metrics container variable (if present) carries its metrics as numeric attributes.
--expect NAME=EXPR evaluates EXPR (numpy, in the broadcast coordinates x, y, z) and compares it
with the field; --nan-where EXPR says where the field must be NaN (missing) instead.
Exits non-zero with a message on the first failure.
"""
import argparse
import re
import sys


def fail(message):
    print(f"FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def raw_variables(path):
    """The variables as the netCDF-C library (netCDF4-python) or h5py stores them, unmasked."""
    try:
        import netCDF4
        with netCDF4.Dataset(path) as ds:
            ds.set_auto_mask(False)
            return {name: var[...].copy() for name, var in ds.variables.items()}
    except ImportError:
        import h5py
        with h5py.File(path, "r") as f:
            return {name: f[name][...] for name in f if hasattr(f[name], "shape")}


def check(path, engine, expect, nan_where):
    import numpy as np
    import xarray as xr
    raw = raw_variables(path)
    with xr.open_dataset(path, engine=engine) as ds:
        where = f"{path} ({engine})"
        if ds.attrs.get("Conventions") != "CF-1.10":
            fail(f"{where}: Conventions is {ds.attrs.get('Conventions')!r}")
        if not str(ds.attrs.get("source", "")).startswith("pinn "):
            fail(f"{where}: source is {ds.attrs.get('source')!r}")
        if not re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", str(ds.attrs.get("history", ""))):
            fail(f"{where}: history does not start with an ISO 8601 time: {ds.attrs.get('history')!r}")
        axes = [a for a in ("x", "y", "z") if a in ds.coords]
        if axes[:2] != ["x", "y"][: len(axes)] or not axes:
            fail(f"{where}: coordinates {list(ds.coords)}, expected x, y (, z)")
        for axis in axes:
            if ds[axis].attrs.get("axis") != axis.upper():
                fail(f"{where}: {axis} has axis attribute {ds[axis].attrs.get('axis')!r}")
            if not np.array_equal(ds[axis].values, raw[axis]):
                fail(f"{where}: coordinate {axis} differs from the stored values")
        dims = tuple(reversed(axes))
        fields = [name for name, var in ds.data_vars.items() if var.dims == dims]
        if not fields:
            fail(f"{where}: no field with dims {dims}")
        for name in fields:
            var = ds[name]
            missing = [a for a in axes if a not in var.coords]
            if missing:
                fail(f"{where}: {name} lacks coordinates {missing}")
            for key in ("long_name", "units"):
                if key not in var.attrs:
                    fail(f"{where}: {name} has no {key}")
            stored = raw[name]
            if not np.array_equal(var.values, stored, equal_nan=True):
                fail(f"{where}: {name} differs from the stored values")
            if not np.isnan(var.encoding.get("_FillValue", 0.0)):
                fail(f"{where}: {name} _FillValue is {var.encoding.get('_FillValue')!r}, expected NaN")
        if "metrics" in ds:
            metrics = {k: v for k, v in ds["metrics"].attrs.items() if k != "long_name"}
            if not metrics or not all(np.issubdtype(np.asarray(v).dtype, np.number) for v in metrics.values()):
                fail(f"{where}: metrics attributes {metrics}")
        grid = np.meshgrid(*[ds[a].values for a in reversed(axes)], indexing="ij")
        env = {"np": np, **{a: g for a, g in zip(reversed(axes), grid)}}
        mask = eval(nan_where, env) if nan_where else None
        for item in expect:
            name, expr = item.split("=", 1)
            values = ds[name].values
            wanted = np.broadcast_to(eval(expr, env), values.shape).astype(float)
            if mask is not None:
                wanted = np.where(mask, np.nan, wanted)
            if not np.allclose(values, wanted, rtol=1e-12, atol=1e-12, equal_nan=True):
                bad = np.argwhere(~np.isclose(values, wanted, equal_nan=True))[0]
                fail(f"{where}: {name}{tuple(bad)} = {values[tuple(bad)]}, expected {wanted[tuple(bad)]}")
            # One point by coordinate labels, to prove x is the last (fastest) dimension.
            point = {a: ds[a].values[-2] for a in axes}
            label = float(ds[name].sel(point).values)
            expected = float(wanted[tuple([-2] * len(axes))])
            if not (label == expected or (np.isnan(label) and np.isnan(expected))):
                fail(f"{where}: {name}.sel({point}) = {label}, expected {expected}")
        print(f"ok: {where}: coordinates {axes}, fields {fields}"
              + (f", metrics {sorted(ds['metrics'].attrs)}" if "metrics" in ds else ""))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("path")
    parser.add_argument("--expect", action="append", default=[], metavar="NAME=EXPR")
    parser.add_argument("--nan-where", metavar="EXPR")
    args = parser.parse_args()
    import importlib.util
    engines = [e for e, module in (("netcdf4", "netCDF4"), ("h5netcdf", "h5netcdf"))
               if importlib.util.find_spec(module)]
    if not engines:
        fail("neither netCDF4 nor h5netcdf is installed (apt-get install python3-netcdf4)")
    for engine in engines:
        check(args.path, engine, args.expect, args.nan_where)


if __name__ == "__main__":
    main()
