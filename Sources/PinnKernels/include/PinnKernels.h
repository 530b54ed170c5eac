// Fused elementwise kernels for the SIREN jet (value, gradient, Laplacian), in Float32 and Float64.
//
// A jet block layout: `z` holds 1 + d (+ 1) blocks, each `rows x cols` column-major and
// `stride` elements apart: block 0 is the value V, blocks 1..d the first derivatives J_i,
// block d+1 (when has_lap) the second-derivative block L = sum_i a_i d2V/dx_i2 (a_i from `lap_w`,
// d entries, or all 1 when it is NULL: the Laplacian). Callers may pass a column range of a larger jet by
// offsetting the pointers; `stride` stays the full block size.
#pragma once
#include <stddef.h>
#include "WorkerPool.h"

/// Which vector path the kernels use on this CPU: 2 = AVX2+FMA (SLEEF avx2), 1 = SSE2 (SLEEF sse2).
int pinn_kernels_simd_level(void);
/// Caps the vector path (for tests of the SSE2 path on AVX2 machines); never raises it above the CPU's.
void pinn_kernels_set_simd_level(int level);

/// s[i] = sin(x[i]), c[i] = cos(x[i]) (SLEEF, max error 1.0 ULP). x may alias s.
void pinn_sincos_f32(const float *x, float *s, float *c, size_t n);
void pinn_sincos_f64(const double *x, double *s, double *c, size_t n);

/// Sine layer on a jet, forward (the rules are in sine_jet.c): adds the bias to zV (stored back
/// into z), writes a (same layout as z), s = sin(w zV) and c = cos(w zV) (rows x cols, contiguous).
void pinn_sine_jet_forward_f32(size_t rows, size_t cols, size_t stride, int d, int has_lap,
                               const float *lap_w, float w, const float *bias, float *z, float *a, float *s,
                               float *c);
void pinn_sine_jet_forward_f64(size_t rows, size_t cols, size_t stride, int d, int has_lap,
                               const double *lap_w, double w, const double *bias, double *z, double *a,
                               double *s, double *c);

/// Sine layer on a jet, reverse (the rules are in sine_jet.c): given g = dLoss/da, overwrites g
/// with dLoss/dz.
void pinn_sine_jet_backward_f32(size_t rows, size_t cols, size_t stride, int d, int has_lap,
                                const float *lap_w, float w, const float *z, const float *s, const float *c,
                                float *g);
void pinn_sine_jet_backward_f64(size_t rows, size_t cols, size_t stride, int d, int has_lap,
                                const double *lap_w, double w, const double *z, const double *s,
                                const double *c, double *g);

/// Sparse-times-dense for a pruned layer: Z (m x cols, column-major, ldz) = A X with A (m x n) in
/// CSR form (rowptr[m + 1], colidx/val[nnz]) and X (n x cols, column-major, ldx). `scratch` holds
/// n * 16 elements. Overwrites Z.
void pinn_csr_mm_f32(int m, int n, int cols, const int *rowptr, const int *colidx, const float *val,
                     const float *x, int ldx, float *z, int ldz, float *scratch);
void pinn_csr_mm_f64(int m, int n, int cols, const int *rowptr, const int *colidx, const double *val,
                     const double *x, int ldx, double *z, int ldz, double *scratch);

/// The weight gradient at A's pattern only: out[k] += sum_j G[r, j] X[c, j] for the k-th stored
/// entry (r, c) of the CSR pattern, G (m x cols, ldg), X (n x cols, ldx) column-major. `scratch`
/// holds (m + n + nnz) * 16 elements.
void pinn_csr_sampled_mm_f32(int m, int n, int cols, const int *rowptr, const int *colidx,
                             const float *g, int ldg, const float *x, int ldx, float *out, float *scratch);
void pinn_csr_sampled_mm_f64(int m, int n, int cols, const int *rowptr, const int *colidx,
                             const double *g, int ldg, const double *x, int ldx, double *out, double *scratch);

/// One affine layer's entries of the point Jacobian for points first..<last (see point_jacobian.c):
/// row p of `jacobian` (`parameters` entries from p * parameters) gets, at `weights` + q * rows + o,
/// sum over the jet's blocks of dz[o + rows * (block * points + p)] * x[q + inputs * (block * points + p)],
/// and at `bias` + o the value block's dz[o + rows * p]. Overwrites those entries.
void pinn_point_jacobian_f32(size_t rows, size_t inputs, size_t points, size_t blocks, size_t weights,
                             size_t bias, size_t parameters, const float *dz, const float *x,
                             float *jacobian, size_t first, size_t last);
void pinn_point_jacobian_f64(size_t rows, size_t inputs, size_t points, size_t blocks, size_t weights,
                             size_t bias, size_t parameters, const double *dz, const double *x,
                             double *jacobian, size_t first, size_t last);
