// SPDX-License-Identifier: MIT
/* stack-dl LIB: dlopen LIB and call its dl_entry(), which calls chdir. */
#include <dlfcn.h>
#include <stdio.h>

int main(int argc, char **argv)
{
        void *h = argc > 1 ? dlopen(argv[1], RTLD_NOW) : NULL;
        int (*entry)(void);

        if (!h) {
                fprintf(stderr, "stack-dl: %s\n", dlerror());
                return 2;
        }
        *(void **)&entry = dlsym(h, "dl_entry");
        return entry && entry() == 0 ? 0 : 1;
}
