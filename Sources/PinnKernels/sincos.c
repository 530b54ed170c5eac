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
PINN_AVX2
static void sincos_f32_avx2(const float *x, float *s, float *c, size_t n) {
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        __m256 v = _mm256_loadu_ps(x + i);
        _mm256_storeu_ps(s + i, Sleef_sinf8_u10avx2(v));
        _mm256_storeu_ps(c + i, Sleef_cosf8_u10avx2(v));
    }
    if (i < n) {
        float in[8] = {0}, os[8], oc[8];
        memcpy(in, x + i, (n - i) * sizeof(float));
        __m256 v = _mm256_loadu_ps(in);
        _mm256_storeu_ps(os, Sleef_sinf8_u10avx2(v));
        _mm256_storeu_ps(oc, Sleef_cosf8_u10avx2(v));
        memcpy(s + i, os, (n - i) * sizeof(float));
        memcpy(c + i, oc, (n - i) * sizeof(float));
    }
}

PINN_AVX2
static void sincos_f64_avx2(const double *x, double *s, double *c, size_t n) {
    size_t i = 0;
    for (; i + 4 <= n; i += 4) {
        __m256d v = _mm256_loadu_pd(x + i);
        _mm256_storeu_pd(s + i, Sleef_sind4_u10avx2(v));
        _mm256_storeu_pd(c + i, Sleef_cosd4_u10avx2(v));
    }
    if (i < n) {
        double in[4] = {0}, os[4], oc[4];
        memcpy(in, x + i, (n - i) * sizeof(double));
        __m256d v = _mm256_loadu_pd(in);
        _mm256_storeu_pd(os, Sleef_sind4_u10avx2(v));
        _mm256_storeu_pd(oc, Sleef_cosd4_u10avx2(v));
        memcpy(s + i, os, (n - i) * sizeof(double));
        memcpy(c + i, oc, (n - i) * sizeof(double));
    }
}

static void sincos_f32_sse2(const float *x, float *s, float *c, size_t n) {
    size_t i = 0;
    for (; i + 4 <= n; i += 4) {
        __m128 v = _mm_loadu_ps(x + i);
        _mm_storeu_ps(s + i, Sleef_sinf4_u10sse2(v));
        _mm_storeu_ps(c + i, Sleef_cosf4_u10sse2(v));
    }
    if (i < n) {
        float in[4] = {0}, os[4], oc[4];
        memcpy(in, x + i, (n - i) * sizeof(float));
        __m128 v = _mm_loadu_ps(in);
        _mm_storeu_ps(os, Sleef_sinf4_u10sse2(v));
        _mm_storeu_ps(oc, Sleef_cosf4_u10sse2(v));
        memcpy(s + i, os, (n - i) * sizeof(float));
        memcpy(c + i, oc, (n - i) * sizeof(float));
    }
}

static void sincos_f64_sse2(const double *x, double *s, double *c, size_t n) {
    size_t i = 0;
    for (; i + 2 <= n; i += 2) {
        __m128d v = _mm_loadu_pd(x + i);
        _mm_storeu_pd(s + i, Sleef_sind2_u10sse2(v));
        _mm_storeu_pd(c + i, Sleef_cosd2_u10sse2(v));
    }
    if (i < n) {
        double in[2] = {0}, os[2], oc[2];
        in[0] = x[i];
        __m128d v = _mm_loadu_pd(in);
        _mm_storeu_pd(os, Sleef_sind2_u10sse2(v));
        _mm_storeu_pd(oc, Sleef_cosd2_u10sse2(v));
        s[i] = os[0];
        c[i] = oc[0];
    }
}

void pinn_sincos_f32(const float *x, float *s, float *c, size_t n) {
    if (pinn_kernels_simd_level() >= 2) sincos_f32_avx2(x, s, c, n);
    else sincos_f32_sse2(x, s, c, n);
}

void pinn_sincos_f64(const double *x, double *s, double *c, size_t n) {
    if (pinn_kernels_simd_level() >= 2) sincos_f64_avx2(x, s, c, n);
    else sincos_f64_sse2(x, s, c, n);
}
