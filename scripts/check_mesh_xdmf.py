#!/usr/bin/env python3
"""Check that ParaView reads a pinn mesh result (HDF5 /mesh + XDMF Triangle/Tetrahedron sidecar).

    xvfb-run -a -s "-screen 0 1280x1024x24 -noreset" pvpython scripts/check_mesh_xdmf.py Outputs/lshape.xdmf [more.xdmf ...]

For each sidecar (its HDF5 file beside it holds /mesh/nodes, /mesh/cells, /fields/u, /fields/measure):
ParaView's XDMF reader loads it; the point and cell counts equal the HDF5 shapes; every cell is a
VTK triangle (2-D) or tetrahedron (3-D); u's range equals the HDF5 data's; and ParaView's
IntegrateVariables gives the total area/volume equal to the sum of /fields/measure.
Exits non-zero with a message on the first failure.
"""
import math
import os
import sys


def fail(message):
    print(f"FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def open_reader(simple, xdmf):
    xdmf = os.path.abspath(xdmf)  # Xdmf3 resolves the HDF5 file from the sidecar's folder
    for name in ("XDMFReader", "Xdmf3ReaderS", "Xdmf3ReaderT"):
        if hasattr(simple, name):
            try:
                try:
                    return getattr(simple, name)(FileNames=[xdmf])
                except AttributeError:  # the Xdmf3 readers call it FileName
                    return getattr(simple, name)(FileName=xdmf)
            except Exception as error:  # try the next reader
                print(f"{name}: {error}")
    fail(f"ParaView has no XDMF reader that opens {xdmf}")


def check_simplex_cells(reader, nodes_per_cell, name):
    """Every cell ParaView read is a VTK triangle (3 nodes per cell) or tetrahedron (4)."""
    from paraview import servermanager
    data = servermanager.Fetch(reader)
    if data.IsA("vtkMultiBlockDataSet"):
        data = data.GetBlock(0)
    expected_type = {3: 5, 4: 10}[nodes_per_cell]  # VTK_TRIANGLE, VTK_TETRA
    types = {data.GetCellType(i) for i in range(data.GetNumberOfCells())}
    if types != {expected_type}:
        fail(f"{name}: VTK cell types {types}, expected {{{expected_type}}}")


def check(xdmf):
    from paraview import simple, servermanager
    import h5py
    import numpy as np
    h5 = os.path.splitext(xdmf)[0] + ".h5"
    with h5py.File(h5, "r") as f:
        nodes, cells = f["mesh/nodes"].shape, f["mesh/cells"].shape
        u = f["fields/u"][...]
        measure = float(np.sum(f["fields/measure"][...]))
    reader = open_reader(simple, xdmf)
    reader.UpdatePipeline()
    info = reader.GetDataInformation()
    if info.GetNumberOfPoints() != nodes[0] or info.GetNumberOfCells() != cells[0]:
        fail(f"{xdmf}: ParaView has {info.GetNumberOfPoints()} points, {info.GetNumberOfCells()} cells; "
             f"HDF5 {nodes[0]} nodes, {cells[0]} cells")
    check_simplex_cells(reader, cells[1], xdmf)
    lo, hi = reader.PointData["u"].GetRange()
    if not (math.isclose(lo, u.min(), rel_tol=1e-12, abs_tol=1e-12) and math.isclose(hi, u.max(), rel_tol=1e-12, abs_tol=1e-12)):
        fail(f"{xdmf}: u range {(lo, hi)}, HDF5 {(u.min(), u.max())}")
    integrated = servermanager.Fetch(simple.IntegrateVariables(Input=reader))
    key = "Volume" if cells[1] == 4 else "Area"
    total = integrated.GetCellData().GetArray(key).GetValue(0)
    if not math.isclose(total, measure, rel_tol=1e-10):
        fail(f"{xdmf}: ParaView's {key} {total} differs from the summed cell measures {measure}")
    print(f"ok: {xdmf}: ParaView {simple.GetParaViewVersion()} {reader.GetXMLName()}: {nodes[0]} points, "
          f"{cells[0]} {'tetrahedra' if cells[1] == 4 else 'triangles'}, u {lo:.6g} … {hi:.6g}, {key} {total:.12g}")


def main():
    paths = [a for a in sys.argv[1:] if not a.startswith("--")]
    if not paths:
        fail("usage: check_mesh_xdmf.py RESULT.xdmf ...")
    for path in paths:
        check(path)


if __name__ == "__main__":
    main()
