// Embeds momentum-vectors.bin with the assembler's .incbin. Package.swift passes the artifact's
// absolute path as MOMENTUM_VECTORS_PATH. The __has_include below does double duty: a missing
// artifact is a clear build error rather than an assembler one, and it puts the file in clang's
// dependency output, which .incbin alone does not, so that SwiftPM re-assembles this file whenever
// the artifact changes.
#include "MomentumVectors.h"

_Static_assert(sizeof(size_t) == 8, "momentum_vectors_size is emitted as a 64-bit .quad");

#if defined(__APPLE__)
#define MV_SYMBOL(name) "_" #name
#define MV_SECTION ".section __TEXT,__const\n"
#define MV_PREVIOUS ".text\n"
#else
#define MV_SYMBOL(name) #name
#define MV_SECTION ".pushsection .rodata.momentum_vectors,\"a\",@progbits\n"
#define MV_PREVIOUS ".popsection\n"
#endif

#if !__has_include(MOMENTUM_VECTORS_PATH)
#error "Sources/MomentumVectors/momentum-vectors.bin is missing: restore it (git checkout -- Sources/MomentumVectors/momentum-vectors.bin) or rebuild it (make embeddings); see docs/meaning.md"
#endif

__asm__(
    MV_SECTION
    ".balign 16\n"
    ".globl " MV_SYMBOL(momentum_vectors_start) "\n"
    MV_SYMBOL(momentum_vectors_start) ":\n"
    ".incbin \"" MOMENTUM_VECTORS_PATH "\"\n"
    "momentum_vectors_end_local:\n"
    ".balign 8\n"
    ".globl " MV_SYMBOL(momentum_vectors_size) "\n"
    MV_SYMBOL(momentum_vectors_size) ":\n"
    ".quad momentum_vectors_end_local - " MV_SYMBOL(momentum_vectors_start) "\n"
    MV_PREVIOUS
);
