// The sine activation on a jet: forward rules and their reverse rules side by side.
// One template, instantiated for float and double by the macro below (no copy-paste).
#include "PinnKernels.h"

// Elementwise loops: compiled for AVX2+FMA and for baseline, picked at load time. The fused
// multiply-add is kept out (-ffp-contract=off) so both clones round identically.
#define PINN_CLONES __attribute__((target_clones("avx2", "default")))

#define DEFINE_SINE_JET(T, SUF)                                                                   \
PINN_CLONES static void sine_jet_forward_elementwise_##SUF(                                       \
    size_t rows, size_t cols, size_t stride, int d, int has_lap, T w,                             \
    const T *z, T *a, const T *s, const T *c) {                                                   \
    const size_t n = rows * cols;                                                                 \
    const T w2 = w * w;                                                                           \
    for (size_t i = 0; i < n; i++) a[i] = s[i];                                                   \
    for (int k = 1; k <= d; k++) {                                                                \
        const T *zj = z + (size_t)k * stride; T *aj = a + (size_t)k * stride;                    \
        for (size_t i = 0; i < n; i++) aj[i] = w * c[i] * zj[i];                                  \
    }                                                                                             \
    if (has_lap) {                                                                                \
        const T *zl = z + (size_t)(d + 1) * stride; T *al = a + (size_t)(d + 1) * stride;        \
        for (size_t i = 0; i < n; i++) {                                                          \
            T q = 0;                                                                              \
            for (int k = 1; k <= d; k++) { T v = z[(size_t)k * stride + i]; q += v * v; }         \
            al[i] = w * c[i] * zl[i] - w2 * s[i] * q;                                             \
        }                                                                                         \
    }                                                                                             \
}                                                                                                 \
                                                                                                  \
void pinn_sine_jet_forward_##SUF(size_t rows, size_t cols, size_t stride, int d, int has_lap,     \
                                 T w, const T *bias, T *z, T *a, T *s, T *c) {                    \
    for (size_t j = 0; j < cols; j++) {                                                           \
        T *zv = z + j * rows; T *sv = s + j * rows;                                               \
        for (size_t r = 0; r < rows; r++) { zv[r] += bias[r]; sv[r] = w * zv[r]; }                \
    }                                                                                             \
    pinn_sincos_##SUF(s, s, c, rows * cols);                                                      \
    sine_jet_forward_elementwise_##SUF(rows, cols, stride, d, has_lap, w, z, a, s, c);            \
}                                                                                                 \
                                                                                                  \
PINN_CLONES void pinn_sine_jet_backward_##SUF(size_t rows, size_t cols, size_t stride, int d,     \
                                              int has_lap, T w, const T *z, const T *s,          \
                                              const T *c, T *g) {                                 \
    const size_t n = rows * cols;                                                                 \
    const T w2 = w * w, w3 = w2 * w;                                                              \
    for (size_t i = 0; i < n; i++) {                                                              \
        const T wc = w * c[i], w2s = w2 * s[i];                                                   \
        const T gl = has_lap ? g[(size_t)(d + 1) * stride + i] : 0;                               \
        const T zl = has_lap ? z[(size_t)(d + 1) * stride + i] : 0;                               \
        T gz = 0, q = 0;                                                                          \
        for (int k = 1; k <= d; k++) {                                                            \
            const size_t o = (size_t)k * stride + i;                                              \
            const T zj = z[o], gj = g[o];                                                         \
            gz += gj * zj;                                                                        \
            q += zj * zj;                                                                         \
            g[o] = wc * gj - 2 * w2s * gl * zj;                                                   \
        }                                                                                         \
        g[i] = wc * g[i] - w2s * gz - gl * (w2s * zl + w3 * c[i] * q);                            \
        if (has_lap) g[(size_t)(d + 1) * stride + i] = wc * gl;                                   \
    }                                                                                             \
}

DEFINE_SINE_JET(float, f32)
DEFINE_SINE_JET(double, f64)
