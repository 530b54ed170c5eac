// Vectorised sin/cos through SLEEF, dispatched at run time on the CPU's features.
#include "PinnKernels.h"
#include <immintrin.h>
#include <sleef.h>
#include <string.h>

// sleef.h declares its AVX2 entry points only in translation units compiled with -mavx. We
// compile for baseline x86-64 and pick the path at run time, so declare the two we call here
// with the same layout SLEEF uses (a struct of two vectors).
typedef struct { __m256 x, y; } pinn_m256_2;
typedef struct { __m256d x, y; } pinn_m256d_2;
__attribute__((target("avx2,fma"))) pinn_m256_2 Sleef_sincosf8_u10avx2(__m256);
__attribute__((target("avx2,fma"))) pinn_m256d_2 Sleef_sincosd4_u10avx2(__m256d);

int pinn_kernels_simd_level(void) {
    static int level = -1;
    if (level < 0) {
        __builtin_cpu_init();
        level = (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) ? 2 : 1;
    }
    return level;
}

// Every element goes through the same vector routine (the tail is padded), so a result never
// depends on where an element sits in the array or on how the work was split across threads.
__attribute__((target("avx2,fma")))
static void sincos_f32_avx2(const float *x, float *s, float *c, size_t n) {
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        pinn_m256_2 r = Sleef_sincosf8_u10avx2(_mm256_loadu_ps(x + i));
        _mm256_storeu_ps(s + i, r.x);
        _mm256_storeu_ps(c + i, r.y);
    }
    if (i < n) {
        float in[8] = {0}, os[8], oc[8];
        memcpy(in, x + i, (n - i) * sizeof(float));
        pinn_m256_2 r = Sleef_sincosf8_u10avx2(_mm256_loadu_ps(in));
        _mm256_storeu_ps(os, r.x);
        _mm256_storeu_ps(oc, r.y);
        memcpy(s + i, os, (n - i) * sizeof(float));
        memcpy(c + i, oc, (n - i) * sizeof(float));
    }
}

__attribute__((target("avx2,fma")))
static void sincos_f64_avx2(const double *x, double *s, double *c, size_t n) {
    size_t i = 0;
    for (; i + 4 <= n; i += 4) {
        pinn_m256d_2 r = Sleef_sincosd4_u10avx2(_mm256_loadu_pd(x + i));
        _mm256_storeu_pd(s + i, r.x);
        _mm256_storeu_pd(c + i, r.y);
    }
    if (i < n) {
        double in[4] = {0}, os[4], oc[4];
        memcpy(in, x + i, (n - i) * sizeof(double));
        pinn_m256d_2 r = Sleef_sincosd4_u10avx2(_mm256_loadu_pd(in));
        _mm256_storeu_pd(os, r.x);
        _mm256_storeu_pd(oc, r.y);
        memcpy(s + i, os, (n - i) * sizeof(double));
        memcpy(c + i, oc, (n - i) * sizeof(double));
    }
}

static void sincos_f32_sse2(const float *x, float *s, float *c, size_t n) {
    size_t i = 0;
    for (; i + 4 <= n; i += 4) {
        Sleef___m128_2 r = Sleef_sincosf4_u10sse2(_mm_loadu_ps(x + i));
        _mm_storeu_ps(s + i, r.x);
        _mm_storeu_ps(c + i, r.y);
    }
    if (i < n) {
        float in[4] = {0}, os[4], oc[4];
        memcpy(in, x + i, (n - i) * sizeof(float));
        Sleef___m128_2 r = Sleef_sincosf4_u10sse2(_mm_loadu_ps(in));
        _mm_storeu_ps(os, r.x);
        _mm_storeu_ps(oc, r.y);
        memcpy(s + i, os, (n - i) * sizeof(float));
        memcpy(c + i, oc, (n - i) * sizeof(float));
    }
}

static void sincos_f64_sse2(const double *x, double *s, double *c, size_t n) {
    size_t i = 0;
    for (; i + 2 <= n; i += 2) {
        Sleef___m128d_2 r = Sleef_sincosd2_u10sse2(_mm_loadu_pd(x + i));
        _mm_storeu_pd(s + i, r.x);
        _mm_storeu_pd(c + i, r.y);
    }
    if (i < n) {
        double in[2] = {0}, os[2], oc[2];
        in[0] = x[i];
        Sleef___m128d_2 r = Sleef_sincosd2_u10sse2(_mm_loadu_pd(in));
        _mm_storeu_pd(os, r.x);
        _mm_storeu_pd(oc, r.y);
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
