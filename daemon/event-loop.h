/* SPDX-License-Identifier: MIT */
/* A small epoll loop: fd handlers, periodic timers whose nearest deadline
 * bounds the wait, and a hook that runs before each sleep (client flushes). */
#ifndef RENACER_EVENT_LOOP_H
#define RENACER_EVENT_LOOP_H

#include <stdbool.h>
#include <stdint.h>

struct loop;
typedef void (*loop_fd_fn)(struct loop *l, int fd, uint32_t events, void *data);
typedef void (*loop_fn)(struct loop *l, void *data);

int loop_new(struct loop **ret);
void loop_free(struct loop *l);
int loop_add(struct loop *l, int fd, uint32_t events, loop_fd_fn fn, void *data);
int loop_mod(struct loop *l, int fd, uint32_t events);
void loop_del(struct loop *l, int fd);
/* A periodic timer; returns its id (>= 0). Disabled timers cost nothing. */
int loop_add_timer(struct loop *l, uint64_t period_ms, loop_fn fn, void *data);
void loop_timer_enable(struct loop *l, int id, bool on);
void loop_set_before_sleep(struct loop *l, loop_fn fn, void *data);
int loop_run(struct loop *l);
void loop_stop(struct loop *l);

#endif
