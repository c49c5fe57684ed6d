// SPDX-License-Identifier: MIT
/* renacerd's per-session state: attached to an engine session through its
 * user pointer, subscribers kept once each. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "daemon-session.h"
#include "session-table.h"

static void test_attach_detach(void **state)
{
        struct session_table *t;
        struct daemon_session *ds;
        struct session *s;

        (void)state;
        assert_int_equal(session_table_new(&t), 0);
        assert_int_equal(session_table_add(t, 42, &s), 0);
        assert_null(daemon_session_of(s));
        assert_null(daemon_session_of(NULL));
        ds = daemon_session_new(s);
        assert_non_null(ds);
        assert_ptr_equal(daemon_session_of(s), ds);
        assert_ptr_equal(ds->s, s);
        assert_null(ds->owner);
        assert_null(ds->check);
        daemon_session_free(ds);
        assert_null(daemon_session_of(s));
        daemon_session_free(NULL);
        session_table_free(t);
}

static void test_subscribe(void **state)
{
        struct session_table *t;
        struct daemon_session *ds;
        struct session *s;
        /* only the pointers matter: subscribers are never dereferenced here */
        struct client *a = (struct client *)(uintptr_t)0x10, *b = (struct client *)(uintptr_t)0x20,
                      *c = (struct client *)(uintptr_t)0x30;

        (void)state;
        assert_int_equal(session_table_new(&t), 0);
        assert_int_equal(session_table_add(t, 1, &s), 0);
        ds = daemon_session_new(s);
        assert_non_null(ds);
        assert_int_equal(daemon_session_subscribe(ds, a), 0);
        assert_int_equal(daemon_session_subscribe(ds, b), 0);
        assert_int_equal(daemon_session_subscribe(ds, a), 0);
        assert_int_equal(ds->nsubs, 2);
        assert_int_equal(daemon_session_subscribe(ds, c), 0);
        daemon_session_unsubscribe(ds, a);
        assert_int_equal(ds->nsubs, 2);
        assert_true((ds->subs[0] == b && ds->subs[1] == c) ||
                    (ds->subs[0] == c && ds->subs[1] == b));
        daemon_session_unsubscribe(ds, a);
        assert_int_equal(ds->nsubs, 2);
        daemon_session_unsubscribe(ds, b);
        daemon_session_unsubscribe(ds, c);
        assert_int_equal(ds->nsubs, 0);
        daemon_session_free(ds);
        session_table_free(t);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_attach_detach),
            cmocka_unit_test(test_subscribe),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
