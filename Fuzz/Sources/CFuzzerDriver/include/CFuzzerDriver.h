#include <stddef.h>
#include <stdint.h>

// libFuzzer's entry for a program with its own main (SwiftPM gives every executable one):
// https://llvm.org/docs/LibFuzzer.html#using-libfuzzer-as-a-library
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
