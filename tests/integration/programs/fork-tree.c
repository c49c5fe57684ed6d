// SPDX-License-Identifier: MIT
/* A process that forks a child that forks a grandchild; each generation
 * calls getppid a known number of times (1, 2, 3) before exiting. */
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static void calls(int n)
{
        for (int i = 0; i < n; i++)
                syscall(SYS_getppid);
}

int main(void)
{
        pid_t child = fork();

        if (child < 0)
                return 1;
        if (child == 0) {
                pid_t grandchild = fork();
                if (grandchild < 0)
                        _exit(1);
                if (grandchild == 0) {
                        calls(3);
                        _exit(0);
                }
                calls(2);
                waitpid(grandchild, NULL, 0);
                _exit(0);
        }
        calls(1);
        waitpid(child, NULL, 0);
        return 0;
}
