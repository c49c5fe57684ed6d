// SPDX-License-Identifier: MIT
#include "daemon-session.h"

#include <errno.h>
#include <stdlib.h>

#include "session.h"

struct daemon_session *daemon_session_new(struct session *s)
{
        struct daemon_session *ds = calloc(1, sizeof(*ds));

        if (!ds)
                return NULL;
        ds->s = s;
        session_set_userdata(s, ds);
        return ds;
}

void daemon_session_free(struct daemon_session *ds)
{
        if (!ds)
                return;
        if (ds->s && session_userdata(ds->s) == ds)
                session_set_userdata(ds->s, NULL);
        free(ds->subs);
        free(ds);
}

struct daemon_session *daemon_session_of(const struct session *s)
{
        return s ? session_userdata(s) : NULL;
}

int daemon_session_subscribe(struct daemon_session *ds, struct client *c)
{
        for (size_t i = 0; i < ds->nsubs; i++)
                if (ds->subs[i] == c)
                        return 0;
        struct client **subs = realloc(ds->subs, (ds->nsubs + 1) * sizeof(*subs));
        if (!subs)
                return -ENOMEM;
        ds->subs = subs;
        ds->subs[ds->nsubs++] = c;
        return 0;
}

void daemon_session_unsubscribe(struct daemon_session *ds, struct client *c)
{
        for (size_t i = 0; i < ds->nsubs; i++)
                if (ds->subs[i] == c) {
                        ds->subs[i] = ds->subs[--ds->nsubs];
                        return;
                }
}
