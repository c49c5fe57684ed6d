// SPDX-License-Identifier: MIT
/* fork and execve /bin/true N times (default 1000), one after the other,
 * waiting for each child with wait4. */
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
        long n = argc > 1 ? atol(argv[1]) : 1000;

        for (long i = 0; i < n; i++) {
                int status;
                pid_t pid = fork();

                if (pid < 0)
                        return 1;
                if (pid == 0) {
                        execl("/bin/true", "true", (char *)NULL);
                        _exit(127);
                }
                if (wait4(pid, &status, 0, NULL) != pid || !WIFEXITED(status) ||
                    WEXITSTATUS(status) != 0)
                        return 1;
        }
        return 0;
}
