// SPDX-License-Identifier: MIT
/* openat of three known paths; the second does not exist (ENOENT). */
#include <fcntl.h>
#include <unistd.h>

int main(void)
{
        static const char *const paths[] = {"/etc/hostname", "/nonexistent/renacer-test",
                                            "/etc/passwd"};

        for (unsigned i = 0; i < 3; i++) {
                int fd = openat(AT_FDCWD, paths[i], O_RDONLY | O_CLOEXEC);
                if (fd >= 0)
                        close(fd);
        }
        return 0;
}
