// SPDX-License-Identifier: MIT
/* Reads a file and prints how many bytes it read (never the bytes): the
 * privilege tests install a setuid-root copy of it to read a root-only
 * file. --nodump first makes itself non-dumpable, as ssh-agent does;
 * --wait first waits for a line on stdin (trace --pid attaches meanwhile). */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

int main(int argc, char **argv)
{
        char buf[4096], line[16];
        int i = 1, fd;
        ssize_t n, total = 0;

        for (; i < argc - 1; i++) {
                if (!strcmp(argv[i], "--nodump") && prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
                        return 2;
                if (!strcmp(argv[i], "--wait") && !fgets(line, sizeof(line), stdin))
                        return 2;
        }
        if (i >= argc)
                return 2;
        fd = open(argv[i], O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
                perror(argv[i]);
                return 1;
        }
        while ((n = read(fd, buf, sizeof(buf))) > 0)
                total += n;
        close(fd);
        printf("read %zd bytes\n", total);
        return n < 0;
}
