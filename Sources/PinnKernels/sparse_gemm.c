// Products with a sparse (CSR) weight matrix on column-major dense blocks, for pruned SIREN layers.
// The dense operands are column-major with one point per column, so a row of X is strided; both
// kernels work on blocks of PINN_SPARSE_BLOCK columns transposed into row-major scratch, where a
// row is contiguous and the inner loops over the block vectorise.
#include "PinnKernels.h"

#define PINN_CLONES __attribute__((target_clones("avx2", "default")))
#define PINN_SPARSE_BLOCK 16

#define DEFINE_SPARSE(T, SUF)                                                                     \
PINN_CLONES void pinn_csr_mm_##SUF(int m, int n, int cols, const int *rowptr, const int *colidx,  \
                                   const T *val, const T *x, int ldx, T *z, int ldz, T *scratch) { \
    T *xt = scratch;                          /* n x B, row-major */                              \
    T acc[PINN_SPARSE_BLOCK];                                                                     \
    for (int j0 = 0; j0 < cols; j0 += PINN_SPARSE_BLOCK) {                                        \
        const int b = cols - j0 < PINN_SPARSE_BLOCK ? cols - j0 : PINN_SPARSE_BLOCK;              \
        for (int t = 0; t < b; t++) {                                                             \
            const T *xc = x + (size_t)(j0 + t) * ldx;                                             \
            for (int c = 0; c < n; c++) xt[c * PINN_SPARSE_BLOCK + t] = xc[c];                    \
        }                                                                                         \
        for (int r = 0; r < m; r++) {                                                             \
            for (int t = 0; t < PINN_SPARSE_BLOCK; t++) acc[t] = 0;                               \
            for (int k = rowptr[r]; k < rowptr[r + 1]; k++) {                                     \
                const T w = val[k]; const T *xr = xt + colidx[k] * PINN_SPARSE_BLOCK;             \
                for (int t = 0; t < PINN_SPARSE_BLOCK; t++) acc[t] += w * xr[t];                  \
            }                                                                                     \
            for (int t = 0; t < b; t++) z[r + (size_t)(j0 + t) * ldz] = acc[t];                   \
        }                                                                                         \
    }                                                                                             \
}                                                                                                 \
                                                                                                  \
PINN_CLONES void pinn_csr_sampled_mm_##SUF(int m, int n, int cols, const int *rowptr,              \
                                           const int *colidx, const T *g, int ldg, const T *x,    \
                                           int ldx, T *out, T *scratch) {                          \
    /* Per stored entry, a vector of PINN_SPARSE_BLOCK partial sums, reduced once at the end. */  \
    const int nnz = rowptr[m];                                                                    \
    T *gt = scratch, *xt = scratch + (size_t)m * PINN_SPARSE_BLOCK;                               \
    T *acc = xt + (size_t)n * PINN_SPARSE_BLOCK;                                                  \
    for (size_t i = 0; i < (size_t)nnz * PINN_SPARSE_BLOCK; i++) acc[i] = 0;                      \
    for (int j0 = 0; j0 < cols; j0 += PINN_SPARSE_BLOCK) {                                        \
        const int b = cols - j0 < PINN_SPARSE_BLOCK ? cols - j0 : PINN_SPARSE_BLOCK;              \
        for (int t = 0; t < PINN_SPARSE_BLOCK; t++) {                                             \
            const T *gc = g + (size_t)(j0 + t) * ldg, *xc = x + (size_t)(j0 + t) * ldx;           \
            for (int r = 0; r < m; r++) gt[r * PINN_SPARSE_BLOCK + t] = t < b ? gc[r] : 0;        \
            for (int c = 0; c < n; c++) xt[c * PINN_SPARSE_BLOCK + t] = t < b ? xc[c] : 0;        \
        }                                                                                         \
        for (int r = 0; r < m; r++) {                                                             \
            const T *gr = gt + r * PINN_SPARSE_BLOCK;                                             \
            for (int k = rowptr[r]; k < rowptr[r + 1]; k++) {                                     \
                const T *xr = xt + colidx[k] * PINN_SPARSE_BLOCK;                                 \
                T *ak = acc + (size_t)k * PINN_SPARSE_BLOCK;                                      \
                for (int t = 0; t < PINN_SPARSE_BLOCK; t++) ak[t] += gr[t] * xr[t];               \
            }                                                                                     \
        }                                                                                         \
    }                                                                                             \
    for (int k = 0; k < nnz; k++) {                                                               \
        T s = 0;                                                                                  \
        for (int t = 0; t < PINN_SPARSE_BLOCK; t++) s += acc[(size_t)k * PINN_SPARSE_BLOCK + t];  \
        out[k] += s;                                                                              \
    }                                                                                             \
}

DEFINE_SPARSE(float, f32)
DEFINE_SPARSE(double, f64)
