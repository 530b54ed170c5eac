// OpenBLAS (CBLAS + OpenBLAS extensions) and LAPACKE, as installed by Debian's libopenblas-dev.
#pragma once
#include <cblas.h>
#include <lapacke.h>
