/* SPDX-License-Identifier: MIT */
/* Integration-test helpers: a real renacerd on a private socket, real
 * renacerctl runs with captured output, and checks on what they printed. */
#ifndef RENACER_TEST_HARNESS_H
#define RENACER_TEST_HARNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct json_object;

struct test_daemon {
        pid_t pid;
        char dir[64];
        char sock[128];
        char log[128];
};

/* Exit 77 with the reason unless we are root on a kernel with BTF. */
void harness_require_root_btf(void);
const char *harness_bin(const char *env_name);
/* Path of a test program built beside the tests. */
const char *harness_prog(const char *name, char *buf, size_t len);

int daemon_start(struct test_daemon *d, const char *const *extra_args);
/* SIGTERM, wait; returns the daemon's exit status (0 expected). */
int daemon_stop(struct test_daemon *d);
/* The daemon's `status` result (caller frees), or NULL. */
struct json_object *daemon_status(struct test_daemon *d);

/* Children a test starts (spinners, flooders): reaped with SIGKILL by
 * harness_child_reap() or, for any left, when the test exits. */
void harness_child_add(pid_t pid);
void harness_child_forget(pid_t pid); /* it was waited for elsewhere */
void harness_child_reap(pid_t pid);
void harness_children_reap_all(void);

struct run_result {
        int code;  /* exit code, or 128+signal */
        char *out; /* stdout */
        char *err; /* stderr */
};

/* Run argv (NULL-terminated), capture stdout and stderr. */
int run_capture(const char *const *argv, struct run_result *r);
void run_result_free(struct run_result *r);

size_t count_substr(const char *hay, const char *needle);
/* Lines of hay that contain needle. */
size_t count_lines_with(const char *hay, const char *needle);
/* The `calls` column for syscall name in an strace -c table, or -1. */
long summary_calls(const char *table, const char *name);
/* Parse all rows of an strace -c table: names[i], calls[i]; returns rows. */
int summary_rows(const char *table, char names[][32], long *calls, int max);

#endif
