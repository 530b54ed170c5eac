// NetCDF-4 C library, as installed by Debian's libnetcdf-dev.
#pragma once
#include <netcdf.h>
