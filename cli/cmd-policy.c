// SPDX-License-Identifier: MIT
/* `renacerctl policy check FILE...`: validate policies without running
 * anything. One line per file; exit 1 if any is invalid.
 * `renacerctl policy import renacer.toml [-o FILE]`: the old tool's
 * assertions as a YAML policy (stdout, or FILE written whole or not at all). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "commands.h"
#include "policy-toml.h"
#include "policy.h"
#include "util.h"

static int policy_check(int argc, char **argv)
{
        int bad = 0;

        if (argc < 3) {
                fprintf(stderr, "renacerctl policy check: no file given\n");
                return 2;
        }
        for (int i = 2; i < argc; i++) {
                struct policy *p;
                char err[512];

                if (policy_load_file(argv[i], &p, err, sizeof(err)) < 0) {
                        fprintf(stderr, "renacerctl: %s\n", err);
                        bad = 1;
                        continue;
                }
                size_t enabled = 0;
                for (size_t k = 0; k < p->n; k++)
                        enabled += p->assertions[k].enabled;
                printf("%s: OK (%zu assertions, %zu enabled%s)\n", argv[i], p->n, enabled,
                       p->has_match ? ", daemon-wide match" : "");
                policy_free(p);
        }
        return bad;
}

static int read_small_file(const char *path, char **ret, size_t *ret_len)
{
        _cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
        struct stat st;
        char *buf;
        size_t len = 0;

        if (fd < 0 || fstat(fd, &st) < 0)
                return -errno;
        if (!S_ISREG(st.st_mode))
                return -EINVAL;
        if ((uint64_t)st.st_size > POLICY_TOML_MAX)
                return -EFBIG;
        buf = malloc((size_t)st.st_size + 1);
        if (!buf)
                return -ENOMEM;
        while (len < (size_t)st.st_size) {
                ssize_t n = read(fd, buf + len, (size_t)st.st_size - len);
                if (n < 0 && errno == EINTR)
                        continue;
                if (n <= 0)
                        break;
                len += (size_t)n;
        }
        buf[len] = '\0';
        *ret = buf;
        *ret_len = len;
        return 0;
}

static int policy_import(int argc, char **argv)
{
        const char *in = NULL, *out = NULL;
        char err[512], *text = NULL, *yaml = NULL;
        size_t len = 0;
        int r, code = 1;

        for (int i = 2; i < argc; i++) {
                if (!strcmp(argv[i], "-o") || !strcmp(argv[i], "--output")) {
                        if (++i >= argc) {
                                fprintf(stderr, "renacerctl policy import: -o needs a file\n");
                                return 2;
                        }
                        out = argv[i];
                } else if (argv[i][0] == '-' && argv[i][1]) {
                        fprintf(stderr, "renacerctl policy import: unknown option '%s'\n", argv[i]);
                        return 2;
                } else if (in) {
                        fprintf(stderr, "renacerctl policy import: one file at a time\n");
                        return 2;
                } else {
                        in = argv[i];
                }
        }
        if (!in) {
                fprintf(stderr, "renacerctl policy import: usage: renacerctl policy import "
                                "renacer.toml [-o policy.yaml]\n");
                return 2;
        }
        r = read_small_file(in, &text, &len);
        if (r < 0) {
                fprintf(stderr, "renacerctl: %s: %s\n", in,
                        r == -EFBIG    ? "larger than 1 MiB"
                        : r == -EINVAL ? "not a regular file"
                                       : strerror(-r));
                return 1;
        }
        r = policy_toml_to_yaml(in, text, len, &yaml, err, sizeof(err));
        free(text);
        if (r < 0) {
                fprintf(stderr, "renacerctl: %s\n", err[0] ? err : strerror(-r));
                return 1;
        }
        if (!out) {
                fputs(yaml, stdout);
                code = fflush(stdout) == 0 ? 0 : 1;
                goto done;
        }
        /* beside the target, then renamed: never half a policy */
        char tmp[4096];
        if (snprintf(tmp, sizeof(tmp), "%s.XXXXXX", out) >= (int)sizeof(tmp)) {
                fprintf(stderr, "renacerctl: %s: %s\n", out, strerror(ENAMETOOLONG));
                goto done;
        }
        int fd = mkostemp(tmp, O_CLOEXEC);
        if (fd < 0) {
                fprintf(stderr, "renacerctl: cannot write %s: %s\n", out, strerror(errno));
                goto done;
        }
        fchmod(fd, 0644);
        r = write_all(fd, yaml, strlen(yaml));
        if (close(fd) < 0 && r == 0)
                r = -errno;
        if (r == 0 && rename(tmp, out) < 0)
                r = -errno;
        if (r < 0) {
                unlink(tmp);
                fprintf(stderr, "renacerctl: cannot write %s: %s\n", out, strerror(-r));
                goto done;
        }
        fprintf(stderr, "renacerctl: %s converted to %s\n", in, out);
        code = 0;
done:
        free(yaml);
        return code;
}

int cmd_policy(int argc, char **argv)
{
        if (argc >= 2 && !strcmp(argv[1], "check"))
                return policy_check(argc, argv);
        if (argc >= 2 && !strcmp(argv[1], "import"))
                return policy_import(argc, argv);
        fprintf(stderr, "renacerctl policy: use 'renacerctl policy check FILE...' or 'renacerctl "
                        "policy import renacer.toml [-o FILE]'\n");
        return 2;
}
