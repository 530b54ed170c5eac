// Vectorised sin/cos through SLEEF, dispatched at run time on the CPU's features.
#include "PinnKernels.h"
#include <immintrin.h>
#include <sleef.h>
#include <string.h>

// sleef.h declares its AVX2 entry points only in translation units compiled with -mavx. We
// compile for baseline x86-64 and pick the path at run time, so declare the ones we call here.
// SLEEF's sincos variants return a struct of two vectors, which clang and gcc (SLEEF's compiler)
// pass differently for 256-bit vectors; sin and cos return a single vector in a register, so we
// call those.
#define PINN_AVX2 __attribute__((target("avx2,fma")))
PINN_AVX2 __m256 Sleef_sinf8_u10avx2(__m256);
PINN_AVX2 __m256 Sleef_cosf8_u10avx2(__m256);
PINN_AVX2 __m256d Sleef_sind4_u10avx2(__m256d);
PINN_AVX2 __m256d Sleef_cosd4_u10avx2(__m256d);

static int level = -1;

void pinn_kernels_set_simd_level(int requested) {
    level = -1;
    int best = pinn_kernels_simd_level();
    level = requested < best ? requested : best;
}

int pinn_kernels_simd_level(void) {
    if (level < 0) {
        __builtin_cpu_init();
        level = (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) ? 2 : 1;
    }
    return level;
}

// Every element goes through the same vector routine (the tail is padded), so a result never
// depends on where an element sits in the array or on how the work was split across threads.
// One template for the four paths: element type T, vector type V of W lanes, SLEEF's sin and cos.
#define DEFINE_SINCOS_PATH(NAME, ATTR, T, V, W, LOAD, STORE, SIN, COS)                          \
ATTR static void NAME(const T *x, T *s, T *c, size_t n) {                                       \
    size_t i = 0;                                                                               \
    for (; i + W <= n; i += W) {                                                                \
        V v = LOAD(x + i);                                                                      \
        STORE(s + i, SIN(v));                                                                   \
        STORE(c + i, COS(v));                                                                   \
    }                                                                                           \
    if (i < n) {                                                                                \
        T in[W] = {0}, os[W], oc[W];                                                            \
        memcpy(in, x + i, (n - i) * sizeof(T));                                                 \
        V v = LOAD(in);                                                                         \
        STORE(os, SIN(v));                                                                      \
        STORE(oc, COS(v));                                                                      \
        memcpy(s + i, os, (n - i) * sizeof(T));                                                 \
        memcpy(c + i, oc, (n - i) * sizeof(T));                                                 \
    }                                                                                           \
}

DEFINE_SINCOS_PATH(sincos_f32_avx2, PINN_AVX2, float, __m256, 8, _mm256_loadu_ps, _mm256_storeu_ps,
                   Sleef_sinf8_u10avx2, Sleef_cosf8_u10avx2)
DEFINE_SINCOS_PATH(sincos_f64_avx2, PINN_AVX2, double, __m256d, 4, _mm256_loadu_pd, _mm256_storeu_pd,
                   Sleef_sind4_u10avx2, Sleef_cosd4_u10avx2)
DEFINE_SINCOS_PATH(sincos_f32_sse2, , float, __m128, 4, _mm_loadu_ps, _mm_storeu_ps,
                   Sleef_sinf4_u10sse2, Sleef_cosf4_u10sse2)
DEFINE_SINCOS_PATH(sincos_f64_sse2, , double, __m128d, 2, _mm_loadu_pd, _mm_storeu_pd,
                   Sleef_sind2_u10sse2, Sleef_cosd2_u10sse2)

void pinn_sincos_f32(const float *x, float *s, float *c, size_t n) {
    if (pinn_kernels_simd_level() >= 2) sincos_f32_avx2(x, s, c, n);
    else sincos_f32_sse2(x, s, c, n);
}

void pinn_sincos_f64(const double *x, double *s, double *c, size_t n) {
    if (pinn_kernels_simd_level() >= 2) sincos_f64_avx2(x, s, c, n);
    else sincos_f64_sse2(x, s, c, n);
}
