// SuiteSparse UMFPACK (sparse LU), as installed by Debian's libsuitesparse-dev.
#pragma once
#include <suitesparse/umfpack.h>
