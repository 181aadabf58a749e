#ifndef MOMENTUM_VECTORS_H
#define MOMENTUM_VECTORS_H

#include <stddef.h>

/// The bytes of momentum-vectors.bin, placed in the binary's read-only data at build time
/// (the loader maps them on demand; nothing is read or copied at start-up).
/// Layout: docs/meaning.md. A build without the artifact stops with an error saying how to get it back.
extern const unsigned char momentum_vectors_start[];
extern const size_t momentum_vectors_size;

/// momentum_vectors_start as a pointer: Swift does not import arrays of unknown size.
static inline const unsigned char *momentum_vectors_bytes(void) { return momentum_vectors_start; }

/// out[r] = Σ matrix[r·dimensions + c] · query[c] for c < width (≤ dimensions), for each of `rows`
/// rows: one pass over the matrix, with AVX2 and FMA where the CPU has them (dots.c).
void momentum_dots(const float *matrix, size_t rows, size_t dimensions, const float *query, size_t width, float *out);

#endif
