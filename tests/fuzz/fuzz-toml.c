// SPDX-License-Identifier: MIT
/* policy_toml_to_yaml on arbitrary bytes: `renacerctl policy import` reads
 * any renacer.toml a user has. An error is one line naming the file; a
 * success is YAML the policy parser accepts. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "policy/policy-toml.h"
#include "policy/policy.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NAME "fuzz.toml"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        char err[512], *yaml = NULL;
        struct policy *p = NULL;
        int r;

        policy_text_is_toml((const char *)data, size);
        memset(err, 'x', sizeof(err));
        r = policy_toml_to_yaml(NAME, (const char *)data, size, &yaml, err, sizeof(err));
        if (r < 0) {
                if (r != -EINVAL && r != -ENOMEM && r != -EFBIG)
                        abort();
                if (r == -EINVAL &&
                    (!memchr(err, '\0', sizeof(err)) ||
                     strncmp(err, NAME ":", strlen(NAME ":")) != 0 || strchr(err, '\n')))
                        abort();
                return 0;
        }
        /* what it wrote parses (it was checked) and is not TOML itself */
        if (policy_text_is_toml(yaml, strlen(yaml)))
                abort();
        if (policy_parse_buffer("out.yaml", yaml, strlen(yaml), &p, err, sizeof(err)) != 0)
                abort();
        policy_free(p);
        free(yaml);
        return 0;
}
