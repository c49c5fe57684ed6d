// SPDX-License-Identifier: MIT
/* A library stack-dl loads with dlopen: its frames must be named although
 * it was mapped long after the process started. */
#include <unistd.h>

__attribute__((noinline)) int dl_leaf(void)
{
        int r = chdir("/");
        __asm__ volatile("");
        return r;
}

int dl_entry(void)
{
        int r = dl_leaf();
        __asm__ volatile("");
        return r;
}
