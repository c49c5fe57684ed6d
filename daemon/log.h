/* SPDX-License-Identifier: MIT */
/* renacerd logs one line per event to stderr; under systemd (JOURNAL_STREAM
 * set) each line carries a <N> syslog priority prefix for the journal. */
#ifndef RENACER_LOG_H
#define RENACER_LOG_H

#include <syslog.h>

void log_open(void);
void log_msg(int prio, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define log_error(...)   log_msg(LOG_ERR, __VA_ARGS__)
#define log_warning(...) log_msg(LOG_WARNING, __VA_ARGS__)
#define log_info(...)    log_msg(LOG_INFO, __VA_ARGS__)

#endif
