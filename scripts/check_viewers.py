#!/usr/bin/env python3
"""Check that a pinn result opens in the usual tools (PDE results on a grid or a mesh; ODE results
for h5py/xarray).

    python3 scripts/check_viewers.py Outputs/poisson.h5             # h5py and xarray
    pvpython scripts/check_viewers.py --paraview Outputs/poisson.h5 # ParaView's reader on the .xdmf

h5py: every field has the shape of the grid and carries its axes as dimension scales; on a mesh,
/mesh/nodes and /mesh/cells have consistent shapes, every cell's node indices are valid and every
node field has one value per node on the dimension scale "node".
xarray (open_datatree, h5netcdf engine): /fields/u comes with coordinates x, y (, z) inherited
from the root group (on a mesh: the dimension "node"), and matches what h5py read.
ParaView: the XDMF sidecar loads, every field is a point array of the right size (the node count
on a mesh, whose cells must all be VTK triangles or tetrahedra), and u's range equals the HDF5
data's range (NaN outside the domain excluded).
Exits non-zero with a message on the first failure.
"""
import math
import os
import sys


def fail(message):
    print(f"FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def check_ode_h5py_xarray(path):
    """An ODE result: /learned/states [nt, n] on the root's /t and /state scales."""
    import h5py
    import numpy as np
    import xarray as xr
    with h5py.File(path, "r") as f:
        learned = f["learned/states"][...]
        for name in ("reference/states", "learned/states", "error/states"):
            dims = [f[name].dims[i][0].name.lstrip("/") for i in range(2)]
            if dims != ["t", "state"]:
                fail(f"{path}: /{name} has dimension scales {dims}, expected ['t', 'state']")
        print(f"h5py: learned/states {learned.shape}, metrics {sorted(f['metrics'].attrs)}")
    tree = xr.open_datatree(path, engine="h5netcdf", phony_dims="access")
    ds = tree["learned"].to_dataset()
    if "t" not in ds.coords or ds["states"].dims != ("t", "state"):
        fail(f"xarray: learned/states dims {ds['states'].dims}, coords {list(ds.coords)}")
    if not np.array_equal(ds["states"].values, learned):
        fail("xarray: learned/states differs from what h5py read")
    obs = tree["observations"].to_dataset()
    print(f"xarray: learned/states{ds['states'].dims} with coords {list(ds.coords)}; "
          f"observations {dict(obs.sizes)}")


def check_mesh_h5py_xarray(path):
    """A mesh result: /mesh/nodes [n, d], /mesh/cells [c, d + 1], node fields [n] on the scale /node."""
    import h5py
    import numpy as np
    import xarray as xr
    with h5py.File(path, "r") as f:
        nodes, cells = f["mesh/nodes"][...], f["mesh/cells"][...]
        n, d = nodes.shape
        if d not in (2, 3) or cells.shape[1] != d + 1:
            fail(f"{path}: /mesh/nodes {nodes.shape} and /mesh/cells {cells.shape} do not describe triangles or tetrahedra")
        if cells.min() < 0 or cells.max() >= n:
            fail(f"{path}: /mesh/cells refers to nodes {cells.min()}…{cells.max()}, there are {n}")
        fields = []
        f.visititems(lambda name, obj: fields.append(name)
                     if isinstance(obj, h5py.Dataset) and name.split("/")[0] in ("fields", "exact", "reference", "error") else None)
        if "fields/u" not in fields:
            fail(f"{path}: /fields/u missing")
        for name in fields:
            if f[name].shape != (n,):
                fail(f"{path}: /{name} has shape {f[name].shape}, expected ({n},) (one value per node)")
            dims = [s.name.lstrip("/") for s in f[name].dims[0].values()]
            if dims != ["node"]:
                fail(f"{path}: /{name} has dimension scales {dims}, expected ['node']")
        u = f["fields/u"][...]
        print(f"h5py: mesh {n} nodes × {d}, {cells.shape[0]} {'triangles' if d == 2 else 'tetrahedra'}, "
              f"fields {sorted(fields)}, metrics {sorted(f['metrics'].attrs)}")
    ds = xr.open_datatree(path, engine="h5netcdf", phony_dims="access")["fields"].to_dataset()
    if ds["u"].dims != ("node",):
        fail(f"xarray: u has dims {ds['u'].dims}, expected ('node',)")
    if not np.array_equal(ds["u"].values, u, equal_nan=True):
        fail("xarray: u differs from what h5py read")
    print(f"xarray: u{ds['u'].dims}, {ds.sizes['node']} nodes, u range {float(np.nanmin(u)):.6g} … {float(np.nanmax(u)):.6g}")
    return u


def check_h5py_xarray(path):
    import h5py
    import numpy as np
    with h5py.File(path, "r") as f:
        if "learned" in f:
            return check_ode_h5py_xarray(path)
        if "mesh" in f:
            return check_mesh_h5py_xarray(path)
        axes = [a for a in ("x", "y", "z") if a in f]
        shape = tuple(len(f[a]) for a in reversed(axes))
        fields = []
        f.visititems(lambda name, obj: fields.append(name)
                     if isinstance(obj, h5py.Dataset) and obj.shape == shape and name not in axes else None)
        if "fields/u" not in fields:
            fail(f"{path}: /fields/u missing or not of shape {shape}")
        for name in fields:
            dims = [f[name].dims[i][0].name.lstrip("/") for i in range(len(shape))]
            if dims != list(reversed(axes)):
                fail(f"{path}: /{name} has dimension scales {dims}, expected {list(reversed(axes))}")
        u = f["fields/u"][...]
        metrics = dict(f["metrics"].attrs)
        print(f"h5py: axes {axes}, fields {sorted(fields)}, metrics {sorted(metrics)}")
    import xarray as xr
    if hasattr(xr, "open_datatree"):   # xarray ≥ 2024.10: child groups inherit the root's coordinates
        ds = xr.open_datatree(path, engine="h5netcdf", phony_dims="access")["fields"].to_dataset()
    else:                              # older xarray: attach the root's coordinates by hand
        root = xr.open_dataset(path, engine="h5netcdf", phony_dims="access")
        ds = xr.open_dataset(path, engine="h5netcdf", group="fields", phony_dims="access")
        ds = ds.assign_coords({a: root[a] for a in axes})
    for a in axes:
        if a not in ds.coords:
            fail(f"xarray: /fields has no coordinate {a} (coords: {list(ds.coords)})")
    if ds["u"].dims != tuple(reversed(axes)):
        fail(f"xarray: u has dims {ds['u'].dims}")
    if not np.array_equal(ds["u"].values, u, equal_nan=True):
        fail("xarray: u differs from what h5py read")
    point = {a: float(ds[a][len(ds[a]) // 3]) for a in axes}
    print(f"xarray: u{ds['u'].dims} with coords {list(ds.coords)}; u at {point} = {float(ds['u'].sel(point)):.6g}")
    return u


def check_paraview(path):
    from paraview import simple
    import h5py
    import numpy as np
    xdmf = os.path.splitext(path)[0] + ".xdmf"
    reader = None
    for name in ("XDMFReader", "Xdmf3ReaderS", "Xdmf3ReaderT"):
        if hasattr(simple, name):
            try:
                reader = getattr(simple, name)(FileNames=[xdmf]) if name != "XDMFReader" else simple.XDMFReader(FileNames=[xdmf])
                break
            except Exception as error:  # try the next reader
                print(f"{name}: {error}")
    if reader is None:
        fail(f"ParaView has no XDMF reader that opens {xdmf}")
    reader.UpdatePipeline()
    info = reader.GetDataInformation()
    with h5py.File(path, "r") as f:
        u = f["fields/u"][...]
        count = u.size
        cells = f["mesh/cells"].shape if "mesh" in f else None
    if info.GetNumberOfPoints() != count:
        fail(f"ParaView: {info.GetNumberOfPoints()} points, expected {count}")
    if cells is not None:
        from check_mesh_xdmf import check_simplex_cells  # beside this script
        if info.GetNumberOfCells() != cells[0]:
            fail(f"ParaView: {info.GetNumberOfCells()} cells, the mesh has {cells[0]}")
        check_simplex_cells(reader, cells[1], f"ParaView: {xdmf}")
    arrays = reader.PointData.keys()
    if not any(a.endswith("u") for a in arrays):
        fail(f"ParaView: no u among point arrays {arrays}")
    name = "fields_u" if "fields_u" in arrays else arrays[0]
    lo, hi = reader.PointData[name].GetRange()
    expected = (float(np.nanmin(u)), float(np.nanmax(u)))
    if not (math.isclose(lo, expected[0], rel_tol=1e-12, abs_tol=1e-12) and math.isclose(hi, expected[1], rel_tol=1e-12, abs_tol=1e-12)):
        fail(f"ParaView: range of {name} is {(lo, hi)}, HDF5 has {expected}")
    shape = f", {cells[0]} {'triangles' if cells[1] == 3 else 'tetrahedra'}" if cells is not None else ""
    print(f"ParaView {simple.GetParaViewVersion()}: {reader.GetXMLName()} read {info.GetNumberOfPoints()} points{shape}, "
          f"arrays {list(arrays)}, {name} range {lo:.6g} … {hi:.6g}")


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if len(args) != 1:
        fail("usage: check_viewers.py [--paraview] RESULT.h5")
    if "--paraview" in sys.argv:
        check_paraview(args[0])
    else:
        check_h5py_xarray(args[0])
    print("OK")


if __name__ == "__main__":
    main()
