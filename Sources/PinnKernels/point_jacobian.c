// One affine layer's entries of the point Jacobian (see `Siren.pointJacobian`): for each point p of
// a range, row p of J gets
//     dr_p/dW[o, q] = sum_blocks dZ[o, block, p] * X[q, block, p],   dr_p/db[o] = dZ[o, value, p],
// a rank-`blocks` outer product per point (the jet's value, gradient and Laplacian blocks). The
// inner loop runs over the layer's rows o, contiguous in dZ and in the column-major weight block of
// the row, so it vectorises; each point writes only its own row.
#include "PinnKernels.h"

#define PINN_CLONES __attribute__((target_clones("avx2", "default")))

#define DEFINE_POINT_JACOBIAN(T, SUF)                                                              \
PINN_CLONES void pinn_point_jacobian_##SUF(size_t rows, size_t inputs, size_t points, size_t blocks, \
                                           size_t weights, size_t bias, size_t parameters,         \
                                           const T *dz, const T *x, T *jacobian,                   \
                                           size_t first, size_t last) {                            \
    const size_t m = rows, n = inputs, b = points;                                                 \
    for (size_t p = first; p < last; p++) {                                                        \
        T *row = jacobian + p * parameters;                                                        \
        const T *g0 = dz + m * p;                                                                  \
        for (size_t o = 0; o < m; o++) row[bias + o] = g0[o];                                      \
        if (m == 1) { /* one output: the row is a combination of input columns, contiguous in q */ \
            T *restrict w = row + weights;                                                         \
            const T *restrict x0 = x + n * p;                                                      \
            for (size_t q = 0; q < n; q++) w[q] = g0[0] * x0[q];                                   \
            for (size_t block = 1; block < blocks; block++) {                                      \
                const T gb = dz[block * b + p];                                                    \
                if (gb == 0) continue;                                                             \
                const T *restrict xb = x + n * (block * b + p);                                    \
                for (size_t q = 0; q < n; q++) w[q] += gb * xb[q];                                 \
            }                                                                                      \
            continue;                                                                              \
        }                                                                                          \
        for (size_t q = 0; q < n; q++) {                                                           \
            T *restrict column = row + weights + q * m;                                            \
            const T x0 = x[q + n * p];                                                             \
            for (size_t o = 0; o < m; o++) column[o] = g0[o] * x0;                                 \
            for (size_t block = 1; block < blocks; block++) {                                      \
                const T xq = x[q + n * (block * b + p)];                                           \
                if (xq == 0) continue;                                                             \
                const T *restrict g = dz + m * (block * b + p);                                    \
                for (size_t o = 0; o < m; o++) column[o] += g[o] * xq;                             \
            }                                                                                      \
        }                                                                                          \
    }                                                                                              \
}

DEFINE_POINT_JACOBIAN(float, f32)
DEFINE_POINT_JACOBIAN(double, f64)
