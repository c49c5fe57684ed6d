// SPDX-License-Identifier: MIT
/* `renacerctl policy check FILE...`: validate policies without running
 * anything. One line per file; exit 1 if any is invalid. */
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "policy.h"

int cmd_policy(int argc, char **argv)
{
        int bad = 0;

        if (argc < 2 || strcmp(argv[1], "check") != 0) {
                fprintf(stderr, "renacerctl policy: use 'renacerctl policy check FILE...'\n");
                return 2;
        }
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
