// glibc (2.34 and later) declares this only under _GNU_SOURCE, which Swift's Glibc module is not
// built with; the tests' child processes need it so they inherit no descriptor but 0, 1 and 2.
#include <spawn.h>

extern int posix_spawn_file_actions_addclosefrom_np(posix_spawn_file_actions_t *actions, int from);
