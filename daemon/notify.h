/* SPDX-License-Identifier: MIT */
/* The two pieces of the systemd protocol renacerd speaks, without libsystemd:
 * readiness notification and socket activation. */
#ifndef RENACER_NOTIFY_H
#define RENACER_NOTIFY_H

/* Send a state string to $NOTIFY_SOCKET; no-op when unset. */
int notify_send(const char *state);
/* The listening socket passed by socket activation ($LISTEN_PID/$LISTEN_FDS),
 * or -1. */
int notify_listen_fd(void);

#endif
