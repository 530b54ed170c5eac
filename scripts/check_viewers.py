#!/usr/bin/env python3
"""Check that pinn results open in the usual tools, with every point where the HDF5 file puts it
(PDE results on a grid or a mesh; ODE results for h5py/xarray).

    python3 scripts/check_viewers.py Outputs/poisson.h5 [more.h5 ...]    # h5py and xarray
    xvfb-run -a -s "-screen 0 1280x1024x24 -noreset" pvpython scripts/check_viewers.py --paraview [--images=DIR] Outputs/poisson.h5 [more.h5 ...]

h5py: every field has the shape of the grid and carries its axes as dimension scales; on a mesh,
/mesh/nodes and /mesh/cells have consistent shapes, every cell's node indices are valid and every
node field has one value per node on the dimension scale "node".
xarray (open_datatree, h5netcdf engine): /fields/u comes with coordinates x, y (, z) inherited
from the root group (on a mesh: the dimension "node"), and matches what h5py read.
ParaView, with each XDMF reader that opens the sidecar (XDMFReader, the legacy Xdmf2 one, and
Xdmf3ReaderS): the point count (and on a mesh the cell count, all VTK triangles or tetrahedra);
every point equal to the HDF5 coordinates (/x, /y, /z on a grid, x fastest; /mesh/nodes on a mesh),
exactly, and the reported bounds too; u equal to /fields/u; the surface ParaView draws spanning
the same bounds (and holding every point of a 1-D or 2-D grid); and u rendered offscreen (flat
colours on black, parallel camera down the z axis, 400×400 PNG beside the result or in DIR):
the coloured pixels fill the domain's x-y box in the fraction its shape gives (on a 2-D grid, NaN
drawn as background, between the cells wholly and partly inside the domain; 1 for a 3-D grid's box;
the triangles' area or a 3-D mesh's projected area over the box's for a mesh; every column of a 1-D
grid's line), to 0.03, and none lie outside it.
Prints one line per reader with the figures; exits non-zero listing every failure.
"""
import math
import os
import sys


def fail(message):
    print(f"FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def open_group(path, group):
    """The group as an xarray Dataset with the root's coordinates (open_datatree inherits them in
    xarray ≥ 2024.10; older xarray, as in Debian 12, gets them attached by hand)."""
    import xarray as xr
    if hasattr(xr, "open_datatree"):
        return xr.open_datatree(path, engine="h5netcdf", phony_dims="access")[group].to_dataset()
    root = xr.open_dataset(path, engine="h5netcdf", phony_dims="access")
    ds = xr.open_dataset(path, engine="h5netcdf", group=group, phony_dims="access")
    return ds.assign_coords({d: root[d] for d in ds.dims if d in root.variables})


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
    ds = open_group(path, "learned")
    if "t" not in ds.coords or ds["states"].dims != ("t", "state"):
        fail(f"xarray: learned/states dims {ds['states'].dims}, coords {list(ds.coords)}")
    if not np.array_equal(ds["states"].values, learned):
        fail("xarray: learned/states differs from what h5py read")
    obs = open_group(path, "observations")
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
    ds = open_group(path, "fields")
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
    ds = open_group(path, "fields")
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


READERS = ("XDMFReader", "Xdmf3ReaderS")  # ParaView's legacy Xdmf2 reader and the Xdmf3 one


def expected_support(path):
    """What the HDF5 file says ParaView must show: the points [n, 3] in VTK order (x fastest on a
    grid, /mesh/nodes order on a mesh, missing coordinates 0), the grid's dimension (or None on a
    mesh), the mesh's cells (or None), u, and the fraction of the domain's x-y bounding box that a
    view down the z axis covers."""
    import h5py
    import numpy as np
    with h5py.File(path, "r") as f:
        u = f["fields/u"][...].ravel()
        if "mesh" in f:
            nodes, cells = f["mesh/nodes"][...], f["mesh/cells"][...]
            points = np.zeros((len(nodes), 3))
            points[:, :nodes.shape[1]] = nodes
            return points, None, cells, u, (mesh_coverage(points, cells),) * 2
        axes = [f[a][...] for a in ("x", "y", "z") if a in f]
    dimension = len(axes)
    coverage = (1.0, 1.0)
    if dimension == 2:  # NaN (outside the domain) is drawn as background: between the cells all and any of whose corners are in
        inside = np.isfinite(u.reshape(len(axes[1]), len(axes[0])))
        corners = [inside[:-1, :-1], inside[1:, :-1], inside[:-1, 1:], inside[1:, 1:]]
        coverage = (float(np.logical_and.reduce(corners).mean()), float(np.logical_or.reduce(corners).mean()))
    while len(axes) < 3:
        axes.append(np.zeros(1))
    z, y, x = np.meshgrid(axes[2], axes[1], axes[0], indexing="ij")
    return np.stack([x.ravel(), y.ravel(), z.ravel()], axis=1), dimension, None, u, coverage


def mesh_coverage(points, cells):
    """The fraction of the x-y bounding box covered by the mesh seen down the z axis: the triangles'
    area (2-D), or half the |z-projected| area of the boundary faces (3-D; exact for convex bodies)."""
    import numpy as np
    if cells.shape[1] == 3:
        faces = cells
    else:
        faces = np.sort(np.concatenate([cells[:, [0, 1, 2]], cells[:, [0, 1, 3]], cells[:, [0, 2, 3]], cells[:, [1, 2, 3]]]), axis=1)
        unique, counts = np.unique(faces, axis=0, return_counts=True)
        faces = unique[counts == 1]
    a, b, c = (points[faces[:, i], :2] for i in range(3))
    area = 0.5 * np.abs((b[:, 0] - a[:, 0]) * (c[:, 1] - a[:, 1]) - (b[:, 1] - a[:, 1]) * (c[:, 0] - a[:, 0])).sum()
    if cells.shape[1] == 4:
        area /= 2
    span = points[:, :2].max(axis=0) - points[:, :2].min(axis=0)
    return float(area / (span[0] * span[1]))


def open_xdmf(simple, name, xdmf):
    """ParaView's reader `name` on the sidecar (absolute path: Xdmf3 resolves the HDF5 file from it)."""
    xdmf = os.path.abspath(xdmf)
    reader = getattr(simple, name)
    try:
        return reader(FileNames=[xdmf])
    except AttributeError:  # Xdmf3ReaderS has FileName
        return reader(FileName=xdmf)


def vtk_points(data):
    """A dataset's points [n, 3] as VTK defines them (rectilinear: x fastest over the coordinate arrays)."""
    import numpy as np
    from vtk.util.numpy_support import vtk_to_numpy
    if data.IsA("vtkRectilinearGrid"):
        x, y, z = (vtk_to_numpy(c) for c in (data.GetXCoordinates(), data.GetYCoordinates(), data.GetZCoordinates()))
        z, y, x = np.meshgrid(z, y, x, indexing="ij")
        return np.stack([x.ravel(), y.ravel(), z.ravel()], axis=1)
    if data.IsA("vtkImageData"):
        e, o, h = data.GetExtent(), data.GetOrigin(), data.GetSpacing()
        k, j, i = np.meshgrid(*(np.arange(e[2 * d], e[2 * d + 1] + 1) for d in (2, 1, 0)), indexing="ij")
        return np.stack([o[0] + i.ravel() * h[0], o[1] + j.ravel() * h[1], o[2] + k.ravel() * h[2]], axis=1)
    return vtk_to_numpy(data.GetPoints().GetData()).astype(float)


def first_block(data):
    while data.IsA("vtkMultiBlockDataSet"):
        data = data.GetBlock(0)
    return data


def render_pixels(simple, source, array, bounds, dimension, image):
    """Renders `array` of `source` flat-shaded on black, looking down the z axis with a parallel camera
    that centres the x-y bounding box; returns the fraction of the box's pixels that are coloured and
    the number of coloured pixels outside it (2 pixels of slack). A 1-D grid's box is its line."""
    import numpy as np
    import vtk
    from vtk.util.numpy_support import vtk_to_numpy
    size = 400
    view = simple.CreateRenderView()
    view.ViewSize = [size, size]
    view.OrientationAxesVisibility = 0
    if hasattr(view, "UseColorPaletteForBackground"):
        view.UseColorPaletteForBackground = 0
    view.Background = [0, 0, 0]
    display = simple.Show(source, view)
    display.SetRepresentationType("Surface")
    display.Ambient, display.Diffuse, display.Specular = 1.0, 0.0, 0.0  # flat: no dark silhouettes
    display.LineWidth = 3
    simple.ColorBy(display, ("POINTS", array))
    # On 2-D grids NaN (outside the domain) is drawn as background, so the domain's shape shows; a 3-D
    # grid's outer faces lie outside a ball, so there NaN is yellow. (The colour map is shared by name.)
    simple.GetColorTransferFunction(array).NanColor = [0, 0, 0] if dimension == 2 else [1, 1, 0]
    display.RescaleTransferFunctionToDataRange(True, False)
    display.SetScalarBarVisibility(view, False)
    simple.Render(view)  # the first render resets the camera: set ours after it
    (x0, x1, y0, y1, z0, z1) = bounds
    cx, cy, width, height = (x0 + x1) / 2, (y0 + y1) / 2, x1 - x0, y1 - y0
    scale = 0.55 * max(width, height)  # half the view's height in world units
    view.CameraParallelProjection = 1
    view.CameraFocalPoint = [cx, cy, (z0 + z1) / 2]
    view.CameraPosition = [cx, cy, z1 + 10 * scale]
    view.CameraViewUp = [0, 1, 0]
    view.CameraParallelScale = scale
    simple.Render(view)
    simple.SaveScreenshot(image, view, ImageResolution=[size, size])
    simple.Delete(display)
    simple.Delete(view)
    png = vtk.vtkPNGReader()
    png.SetFileName(image)
    png.Update()
    pixels = vtk_to_numpy(png.GetOutput().GetPointData().GetScalars()).reshape(size, size, -1)  # row 0 at the bottom
    coloured = pixels[:, :, :3].max(axis=2) > 16
    per_unit = size / (2 * scale)
    columns = (size / 2 + (x0 - cx) * per_unit, size / 2 + (x1 - cx) * per_unit)
    rows = (size / 2 + (y0 - cy) * per_unit, size / 2 + (y1 - cy) * per_unit)
    if dimension == 1:
        rows = (size / 2 - 1, size / 2 + 1)
    box = coloured[max(int(rows[0]) - 2, 0):int(np.ceil(rows[1])) + 3, max(int(columns[0]) - 2, 0):int(np.ceil(columns[1])) + 3]
    if dimension == 1:  # a line: the fraction of its columns coloured
        inside = box[:, 2:-2].any(axis=0).mean()
    else:  # coloured pixels per pixel of the box (its edges are counted whole, hence ≈ 1 + 2/size)
        inside = box.sum() / ((columns[1] - columns[0]) * (rows[1] - rows[0]))
    outside = coloured.copy()
    outside[max(int(rows[0]) - 2, 0):int(np.ceil(rows[1])) + 3, max(int(columns[0]) - 2, 0):int(np.ceil(columns[1])) + 3] = False
    return float(inside), int(outside.sum())


def check_paraview(path, image_dir=None):
    """Each of ParaView's XDMF readers on the sidecar: counts, every point where HDF5 says (exact
    float64), bounds, the drawn surface's bounds and the rendered pixels. Returns the failures."""
    from paraview import simple, servermanager
    import numpy as np
    xdmf = os.path.splitext(path)[0] + ".xdmf"
    points, dimension, cells, u, coverage = expected_support(path)
    lower, upper = points.min(axis=0), points.max(axis=0)
    bounds = [float(v) for pair in zip(lower, upper) for v in pair]
    span = float(np.max(upper - lower))
    failures = []
    opened = 0
    for name in READERS:
        if not hasattr(simple, name):
            continue
        try:
            reader = open_xdmf(simple, name, xdmf)
            reader.UpdatePipeline()
        except Exception as error:  # a reader that does not open the file is reported, not fatal
            print(f"ParaView {name}: does not open {xdmf}: {error}")
            continue
        opened += 1
        problems = []
        label = f"ParaView {name}"
        info = reader.GetDataInformation()
        if info.GetNumberOfPoints() != len(points):
            problems.append(f"{info.GetNumberOfPoints()} points, HDF5 has {len(points)}")
        if cells is not None:
            if info.GetNumberOfCells() != len(cells):
                problems.append(f"{info.GetNumberOfCells()} cells, the mesh has {len(cells)}")
            from check_mesh_xdmf import check_simplex_cells  # beside this script
            check_simplex_cells(reader, cells.shape[1], f"{label}: {xdmf}")
        # Fetch(reader, 0) passes the data through: the default Fetch appends the pieces with
        # vtkAppendRectilinearGrid, whose output coordinates are garbage in ParaView 5.11.
        data = first_block(servermanager.Fetch(reader, 0))
        got = vtk_points(data)
        difference = float(np.max(np.abs(got - points))) if got.shape == points.shape else math.inf
        if difference != 0:
            problems.append(f"points differ from the HDF5 coordinates by up to {difference:.3g}")
        reported = list(info.GetBounds())
        bounds_difference = max(abs(a - b) for a, b in zip(reported, bounds))
        if bounds_difference != 0:
            problems.append(f"bounds {tuple(reported)}, HDF5 {tuple(bounds)}")
        arrays = reader.PointData.keys()
        array = next((a for a in ("u", "fields_u") if a in arrays), None)
        if array is None:
            problems.append(f"no u among point arrays {arrays}")
        else:
            values = data.GetPointData().GetArray(array)
            from vtk.util.numpy_support import vtk_to_numpy
            if values is None or not np.array_equal(vtk_to_numpy(values).ravel(), u, equal_nan=True):
                problems.append(f"point array {array} differs from HDF5 /fields/u")
        # What the view draws: the surface ParaView extracts (float32 points).
        surface = servermanager.Fetch(simple.ExtractSurface(Input=reader))
        drawn = list(surface.GetBounds())
        drawn_difference = max(abs(a - b) for a, b in zip(drawn, bounds))
        if drawn_difference > 1e-6 * max(span, 1):
            problems.append(f"the drawn surface spans {tuple(drawn)}, HDF5 {tuple(bounds)}")
        if dimension in (1, 2) and surface.GetNumberOfPoints() != len(points):
            problems.append(f"the drawn surface has {surface.GetNumberOfPoints()} of the {len(points)} points")
        figures = ""
        if array is not None:
            folder = image_dir or os.path.dirname(os.path.abspath(path))
            image = os.path.join(folder, f"{os.path.splitext(os.path.basename(path))[0]}_{name}.png")
            inside, outside = render_pixels(simple, reader, array, bounds, dimension, image)
            what = "of the line's pixels" if dimension == 1 else "of the box"
            wanted = f"{coverage[0]:.3f}" + (f"…{coverage[1]:.3f}" if coverage[1] != coverage[0] else "")
            figures = f", rendered {inside:.3f} {what} coloured (expected {wanted}), {outside} pixels outside ({image})"
            if not coverage[0] - 0.03 <= inside <= coverage[1] + 0.03:
                problems.append(f"the rendered image colours {inside:.3f} {what}, expected {wanted}")
            if outside > 0:
                problems.append(f"the rendered image colours {outside} pixels outside the domain's box")
        print(f"{label}: {data.GetClassName()} {len(got)} points, max |Δx| {difference:.3g}, bounds Δ {bounds_difference:.3g}, "
              f"drawn bounds Δ {drawn_difference:.3g}{figures}")
        failures += [f"{label}: {xdmf}: {p}" for p in problems]
        simple.Delete(reader)
    if opened == 0:
        failures.append(f"ParaView has no XDMF reader that opens {xdmf}")
    return failures


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    images = [a.split("=", 1)[1] for a in sys.argv[1:] if a.startswith("--images=")]
    if not args:
        fail("usage: check_viewers.py [--paraview [--images=DIR]] RESULT.h5 [MORE.h5 ...]")
    failures = []
    for path in args:
        print(f"== {path}")
        if "--paraview" in sys.argv:
            failures += check_paraview(path, images[0] if images else None)
        else:
            check_h5py_xarray(path)
    if failures:
        fail("\n      ".join(failures))
    print("OK")


if __name__ == "__main__":
    main()
