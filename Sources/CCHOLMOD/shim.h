// SuiteSparse CHOLMOD (sparse Cholesky), as installed by Debian's libsuitesparse-dev.
#pragma once
#include <suitesparse/cholmod.h>
