// Gmsh's C API (gmshc.h), as installed by Debian's libgmsh-dev (Gmsh 4.8, with OpenCASCADE).
#pragma once
#include <gmshc.h>
