/* SPDX-License-Identifier: MIT */
/* What renacerd keeps beside each engine session: who owns it, who watches
 * its stream, what reached them, and an auto-session's policy check. The
 * engine holds a pointer to it (session_userdata()) and never reads it. */
#ifndef RENACER_DAEMON_SESSION_H
#define RENACER_DAEMON_SESSION_H

#include <stddef.h>
#include <stdint.h>

struct auto_check;
struct client;
struct session;

struct daemon_session {
        struct session *s;
        struct client *owner; /* who created it; NULL: an auto-session, or gone */
        struct client **subs; /* subscribed clients, in no order */
        size_t nsubs;
        uint64_t client_lost;     /* syscall records a slow subscriber did not get */
        uint64_t lifecycle_lost;  /* process records a subscriber missed */
        struct auto_check *check; /* an adopted auto-session's policy; else NULL */
};

/* Attach a new daemon_session to s; NULL when out of memory. */
struct daemon_session *daemon_session_new(struct session *s);
/* Its own state only (the caller frees check first); detaches it from s. */
void daemon_session_free(struct daemon_session *ds);
/* The daemon_session of s, or NULL if none was attached. */
struct daemon_session *daemon_session_of(const struct session *s);
/* Subscribing twice is once. */
int daemon_session_subscribe(struct daemon_session *ds, struct client *c);
void daemon_session_unsubscribe(struct daemon_session *ds, struct client *c);

#endif
