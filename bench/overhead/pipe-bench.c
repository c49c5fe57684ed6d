// SPDX-License-Identifier: MIT
/* A pipe ping-pong between two processes, N rounds of a 1-byte write and
 * read each way: every round is two happens-before edges for --causal.
 * Timed in the parent from the first round to the child's exit: prints
 * "ns_per_call=<x> calls=<n>" over the 4 calls (and 2 edges) of each round. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
        long n = argc > 1 ? atol(argv[1]) : 100000;
        int to_child[2], to_parent[2];
        struct timespec a, b;
        char c = 'x';

        if (pipe(to_child) || pipe(to_parent))
                return 1;
        pid_t pid = fork();
        if (pid < 0)
                return 1;
        if (pid == 0) {
                for (long i = 0; i < n; i++)
                        if (read(to_child[0], &c, 1) != 1 || write(to_parent[1], &c, 1) != 1)
                                _exit(1);
                _exit(0);
        }
        clock_gettime(CLOCK_MONOTONIC, &a);
        for (long i = 0; i < n; i++)
                if (write(to_child[1], &c, 1) != 1 || read(to_parent[0], &c, 1) != 1)
                        return 1;
        clock_gettime(CLOCK_MONOTONIC, &b);
        waitpid(pid, NULL, 0);
        double ns = (double)(b.tv_sec - a.tv_sec) * 1e9 + (double)(b.tv_nsec - a.tv_nsec);
        printf("ns_per_call=%.1f calls=%ld\n", ns / (double)(4 * n), 4 * n);
        return 0;
}
