// The similarity of one vector to every row of a matrix, the meaning layer's hot loop (a fifth of
// `check`). Swift's SIMD8 compiles to SSE for the baseline x86-64 target; here the loop is also
// written for AVX2 with FMA, and the CPU picks at run time.
#include "MomentumVectors.h"

static void dots_baseline(const float *matrix, size_t rows, size_t dimensions, const float *query, size_t width, float *out) {
    for (size_t row = 0; row < rows; row++) {
        const float *values = matrix + row * dimensions;
        float lanes[8] = {0, 0, 0, 0, 0, 0, 0, 0};
        size_t column = 0;
        for (; column + 8 <= width; column += 8) {
            for (size_t lane = 0; lane < 8; lane++) lanes[lane] += values[column + lane] * query[column + lane];
        }
        float sum = ((lanes[0] + lanes[4]) + (lanes[1] + lanes[5])) + ((lanes[2] + lanes[6]) + (lanes[3] + lanes[7]));
        for (; column < width; column++) sum += values[column] * query[column];
        out[row] = sum;
    }
}

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>

__attribute__((target("avx2,fma")))
static void dots_avx2(const float *matrix, size_t rows, size_t dimensions, const float *query, size_t width, float *out) {
    for (size_t row = 0; row < rows; row++) {
        const float *values = matrix + row * dimensions;
        __m256 first = _mm256_setzero_ps(), second = _mm256_setzero_ps();
        size_t column = 0;
        for (; column + 16 <= width; column += 16) {
            first = _mm256_fmadd_ps(_mm256_loadu_ps(values + column), _mm256_loadu_ps(query + column), first);
            second = _mm256_fmadd_ps(_mm256_loadu_ps(values + column + 8), _mm256_loadu_ps(query + column + 8), second);
        }
        for (; column + 8 <= width; column += 8) {
            first = _mm256_fmadd_ps(_mm256_loadu_ps(values + column), _mm256_loadu_ps(query + column), first);
        }
        __m256 both = _mm256_add_ps(first, second);
        __m128 half = _mm_add_ps(_mm256_castps256_ps128(both), _mm256_extractf128_ps(both, 1));
        half = _mm_add_ps(half, _mm_movehl_ps(half, half));
        half = _mm_add_ss(half, _mm_shuffle_ps(half, half, 1));
        float sum = _mm_cvtss_f32(half);
        for (; column < width; column++) sum += values[column] * query[column];
        out[row] = sum;
    }
}
#endif

void momentum_dots(const float *matrix, size_t rows, size_t dimensions, const float *query, size_t width, float *out) {
#if defined(__x86_64__) && defined(__GNUC__)
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
        dots_avx2(matrix, rows, dimensions, query, width, out);
        return;
    }
#endif
    dots_baseline(matrix, rows, dimensions, query, width, out);
}
