// SPDX-License-Identifier: MIT
/* clone-into CGROUP_DIR FILE: clone3(CLONE_INTO_CGROUP) a child straight
 * into CGROUP_DIR (whatever cgroup this process is in), which opens FILE;
 * exits with the child's status. */
#include <fcntl.h>
#include <linux/sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
        struct clone_args args;
        int status, cg;
        long pid;

        if (argc != 3)
                return 2;
        cg = open(argv[1], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (cg < 0) {
                perror(argv[1]);
                return 1;
        }
        memset(&args, 0, sizeof(args));
        args.flags = CLONE_INTO_CGROUP;
        args.exit_signal = SIGCHLD;
        args.cgroup = (uint64_t)cg;
        pid = syscall(SYS_clone3, &args, sizeof(args));
        if (pid < 0) {
                perror("clone3");
                return 1;
        }
        if (pid == 0) {
                int fd = open(argv[2], O_RDONLY | O_CLOEXEC);
                _exit(fd < 0);
        }
        if (waitpid((pid_t)pid, &status, 0) != pid)
                return 1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
