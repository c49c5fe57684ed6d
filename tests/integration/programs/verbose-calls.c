// SPDX-License-Identifier: MIT
/*
 * The calls whose structures strace -v prints in full: the stat family
 * and statx on the file argv[1] (by path and by fd), and uname.
 */
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

int main(int argc, char **argv)
{
        struct stat st;
        struct statx sx;
        struct utsname u;

        if (argc < 2)
                return 1;
        int fd = open(argv[1], O_RDONLY);
        if (fd < 0 || stat(argv[1], &st) || lstat(argv[1], &st) || fstat(fd, &st) ||
            fstatat(AT_FDCWD, argv[1], &st, AT_SYMLINK_NOFOLLOW))
                return 2;
        if (statx(AT_FDCWD, argv[1], 0, STATX_ALL, &sx) ||
            statx(fd, "", AT_EMPTY_PATH, STATX_BASIC_STATS, &sx))
                return 3;
        if (uname(&u))
                return 4;
        close(fd);
        return 0;
}
