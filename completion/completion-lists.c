// SPDX-License-Identifier: MIT
/*
 * Build-time helper for the bash completion: prints the syscall names and
 * classes renacerctl's -e trace= accepts, from the same tables the filter
 * uses, so the completion cannot offer a name the filter rejects.
 *   completion-lists syscalls | classes
 */
#include <stdio.h>
#include <string.h>

#include "syscall-names.h"
#include "syscall-table.h"

int main(int argc, char **argv)
{
        if (argc == 2 && !strcmp(argv[1], "syscalls")) {
                for (int nr = 0; nr < RENACER_SYSCALL_MAX; nr++) {
                        const char *n = syscall_name(nr);

                        /* numbers libseccomp has no name for are noise */
                        if (strncmp(n, "syscall_0x", 10) != 0)
                                printf("%s\n", n);
                }
                return 0;
        }
        if (argc == 2 && !strcmp(argv[1], "classes")) {
                const char *c;

                for (size_t i = 0; (c = syscall_class_name(i)); i++)
                        printf("%%%s\n", c);
                return 0;
        }
        fprintf(stderr, "usage: completion-lists syscalls|classes\n");
        return 2;
}
