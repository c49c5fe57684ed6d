// SPDX-License-Identifier: MIT
/*
 * execve with environments strace -v prints in full: a failed call with no
 * environment and one with an environment of quoted, non-ASCII, empty and
 * longer-than--s strings (read from the vector), then the successful exec
 * of itself with it (read from the new image); the new image exits. The
 * strings are on the stack: a literal's page may not be resident yet, and
 * the kernel's programs cannot fault it in as strace's reads do.
 */
#include <unistd.h>

int main(int argc, char **argv)
{
        char path[] = "/nonexistent/renacer-exec-env", again[] = "again";
        char a[] = "A=1", b[] = "B=two words\t\"q\"", c[] = "C=\x01\xc3\xa9", e[] = "";
        char l[] = "LONG=0123456789012345678901234567890123456789";
        char *args[] = {argv[0], again, NULL};
        char *env[] = {a, b, c, e, l, NULL};

        if (argc > 1)
                return 0;
        execve(path, args, NULL);
        execve(path, args, env);
        execve(argv[0], args, env);
        return 1;
}
