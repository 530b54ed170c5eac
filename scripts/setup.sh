#!/usr/bin/env bash
# Installs the Debian packages pinn builds against; does nothing when they are all present.
# Usage: scripts/setup.sh            (run as root, or with sudo available)
#        scripts/setup.sh --viewers  also ParaView (pvpython), xvfb, h5py, xarray and h5netcdf for
#                                    scripts/check_viewers.py, check_all_viewers.py and check_netcdf.py (netCDF4 engine)
set -euo pipefail

packages=(
  pkg-config
  libopenblas-dev liblapacke-dev      # BLAS/LAPACK (OpenBLAS)
  libhdf5-dev hdf5-tools              # HDF5 results, h5dump
  libnetcdf-dev netcdf-bin            # NetCDF output, ncdump
  libsuitesparse-dev                  # UMFPACK sparse LU and CHOLMOD sparse Cholesky for the references
  libgmsh-dev                         # Gmsh's C API: P1/P2 meshes of disks, balls, polygons, boxes (PinnMeshing)
  libsleef-dev                        # vectorised sin/cos
  libpng-dev                          # PNG plots
  libfreetype-dev fontconfig fonts-dejavu-core   # the plots' text (FreeType, fc-match, DejaVu Sans)
  python3 python3-jsonschema          # the tests check problem files against Problems/schema
  libopenmpi-dev openmpi-bin          # MPI (Open MPI): `mpirun -np N pinn solve` and its tests
)
if [ "${1:-}" = "--viewers" ]; then
  packages+=(paraview python3-paraview xvfb xauth python3-h5py python3-xarray python3-h5netcdf python3-netcdf4)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all Debian packages present"
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
echo "setup: installing ${missing[*]}"
$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "setup: done"
