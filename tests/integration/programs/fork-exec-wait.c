// SPDX-License-Identifier: MIT
/* fork, execve a program in the child, wait4 for it in the parent. */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
        const char *prog = argc > 1 ? argv[1] : "/bin/true";
        int status;
        pid_t pid = fork();

        if (pid < 0)
                return 1;
        if (pid == 0) {
                execl(prog, prog, (char *)NULL);
                _exit(127);
        }
        if (wait4(pid, &status, 0, NULL) != pid)
                return 1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
