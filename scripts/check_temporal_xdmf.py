"""Checks that ParaView plays every time of pinn's space-time XDMF sidecars (heat and wave results):
for each .xdmf given, the legacy XDMF reader must list the HDF5 file's /t as its time steps, and at
every time step place every node at the HDF5 coordinates (/x, /y) and read /fields/u's slice of
that time exactly. Prints one line per file; exits 1 on the first mismatch.

    xvfb-run -a -s "-screen 0 1280x1024x24 -noreset" pvpython scripts/check_temporal_xdmf.py a.xdmf …
"""
import sys

import h5py
import numpy as np
from paraview.simple import XDMFReader
from vtk.util.numpy_support import vtk_to_numpy


def check(path):
    with h5py.File(path[: -len(".xdmf")] + ".h5", "r") as h5:
        u, t, x = h5["/fields/u"][...], h5["/t"][...], h5["/x"][...]
        y = h5["/y"][...] if "/y" in h5 else np.zeros(1)
    reader = XDMFReader(FileNames=[path])
    times = np.array(reader.TimestepValues)
    if times.shape != t.shape or np.max(np.abs(times - t)) > 0:
        sys.exit(f"{path}: times {times[:4]}… (count {times.size}), expected {t[:4]}… (count {t.size})")
    X, Y = np.meshgrid(x, y)
    worst_point, worst_value = 0.0, 0.0
    for k, tk in enumerate(times):
        reader.UpdatePipeline(tk)
        data = reader.GetClientSideObject().GetOutputDataObject(0)
        points = np.array([data.GetPoint(i) for i in range(data.GetNumberOfPoints())])
        worst_point = max(worst_point, np.max(np.abs(points[:, 0] - X.ravel())), np.max(np.abs(points[:, 1] - Y.ravel())))
        values = vtk_to_numpy(data.GetPointData().GetArray("u"))
        worst_value = max(worst_value, float(np.max(np.abs(values - u[k].ravel()))))
    print(f"{path}: {times.size} time steps, max |Δx| {worst_point:g}, max |Δu| {worst_value:g}")
    if worst_point > 0 or worst_value > 0:
        sys.exit(1)


for path in sys.argv[1:]:
    check(path)
