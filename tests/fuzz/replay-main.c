// SPDX-License-Identifier: MIT
/*
 * Replays fuzz inputs without libFuzzer: runs LLVMFuzzerTestOneInput once
 * over every file named on the command line and every file in every
 * directory named there (not recursive, dot files skipped, in name order).
 * Linked with each fuzz target so `meson test` checks the committed corpus
 * with any compiler; a crash or abort() fails the test.
 */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path)
{
        FILE *f = fopen(path, "rb");
        uint8_t *buf = NULL;
        size_t len = 0, cap = 0;

        if (!f) {
                fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
                return -1;
        }
        for (;;) {
                if (len == cap) {
                        uint8_t *n;
                        cap = cap ? cap * 2 : 4096;
                        n = realloc(buf, cap);
                        if (!n) {
                                fprintf(stderr, "replay: %s: out of memory\n", path);
                                free(buf);
                                fclose(f);
                                return -1;
                        }
                        buf = n;
                }
                size_t got = fread(buf + len, 1, cap - len, f);
                len += got;
                if (got == 0)
                        break;
        }
        if (ferror(f)) {
                fprintf(stderr, "replay: %s: read error\n", path);
                free(buf);
                fclose(f);
                return -1;
        }
        fclose(f);

        /* hand over a buffer of exactly the input's size, as libFuzzer does */
        uint8_t *exact = malloc(len ? len : 1);
        if (!exact) {
                free(buf);
                return -1;
        }
        if (len)
                memcpy(exact, buf, len);
        free(buf);
        fprintf(stderr, "replay: %s (%zu bytes)\n", path, len);
        LLVMFuzzerTestOneInput(exact, len);
        free(exact);
        return 0;
}

static int name_cmp(const struct dirent **a, const struct dirent **b)
{
        return strcmp((*a)->d_name, (*b)->d_name);
}

static int not_hidden(const struct dirent *d)
{
        return d->d_name[0] != '.';
}

static int run_dir(const char *dir, size_t *count)
{
        struct dirent **names;
        int n = scandir(dir, &names, not_hidden, name_cmp), r = 0;

        if (n < 0) {
                fprintf(stderr, "replay: %s: %s\n", dir, strerror(errno));
                return -1;
        }
        for (int i = 0; i < n; i++) {
                char path[4096];
                struct stat st;

                snprintf(path, sizeof(path), "%s/%s", dir, names[i]->d_name);
                if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
                        if (run_file(path) < 0)
                                r = -1;
                        else
                                (*count)++;
                }
                free(names[i]);
        }
        free(names);
        return r;
}

int main(int argc, char **argv)
{
        size_t count = 0;
        int failed = 0;

        if (argc < 2) {
                fprintf(stderr, "usage: %s CORPUS_DIR|FILE...\n", argv[0]);
                return 2;
        }
        for (int i = 1; i < argc; i++) {
                struct stat st;

                if (stat(argv[i], &st) < 0) {
                        fprintf(stderr, "replay: %s: %s\n", argv[i], strerror(errno));
                        failed = 1;
                } else if (S_ISDIR(st.st_mode)) {
                        if (run_dir(argv[i], &count) < 0)
                                failed = 1;
                } else if (run_file(argv[i]) < 0) {
                        failed = 1;
                } else {
                        count++;
                }
        }
        printf("replayed %zu input(s)\n", count);
        if (count == 0) {
                fprintf(stderr, "replay: no inputs found\n");
                return 1;
        }
        return failed;
}
