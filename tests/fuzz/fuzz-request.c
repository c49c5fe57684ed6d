// SPDX-License-Identifier: MIT
/*
 * What a client can send renacerd: a byte stream cut into frames by
 * proto_frame_parse, each 'J' body validated by proto_request_parse, and the
 * filter of a session.create compiled as the daemon would. Bodies are copied
 * into buffers of their exact size, without a NUL, so reading past the
 * frame is caught.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "filter.h"
#include "protocol.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_request(const uint8_t *body, size_t len)
{
        struct proto_request req;
        char err[256];
        char *copy = malloc(len ? len : 1);
        int r;

        if (!copy)
                return;
        if (len)
                memcpy(copy, body, len);
        err[0] = '\0';
        r = proto_request_parse(copy, len, &req, err, sizeof(err));
        if (r < 0) {
                /* every rejection says why */
                if (err[0] == '\0' || !memchr(err, '\0', sizeof(err)))
                        abort();
        } else {
                if (r != 0 || strcmp(proto_op_name(req.op), "?") == 0)
                        abort();
                if (!req.filter || strlen(req.filter) >= PROTO_FILTER_MAX)
                        abort();
                if (req.op == PROTO_OP_SESSION_CREATE) {
                        struct filter f;
                        /* a pid, or else a cgroup's absolute path */
                        if ((req.pid < 1) == !req.cgroup || req.capture > PROTO_CAPTURE_MAX)
                                abort();
                        if (req.cgroup &&
                            (req.cgroup[0] != '/' || strlen(req.cgroup) >= PROTO_CGROUP_MAX))
                                abort();
                        if (req.filter[0])
                                (void)filter_parse(req.filter, &f, err, sizeof(err));
                } else if (req.op == PROTO_OP_SESSION_SUBSCRIBE ||
                           req.op == PROTO_OP_SESSION_SUMMARY || req.op == PROTO_OP_SESSION_END) {
                        if (req.session == 0)
                                abort();
                }
                if (req.id < -1)
                        abort();
        }
        /* an error echoes the id only when the request had a valid one */
        if (req.id < -1 || req.id > (1LL << 53))
                abort();
        proto_request_release(&req);
        if (!req.filter || req.filter_owned || req.cgroup || req.cgroup_owned)
                abort();
        free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        size_t off = 0;

        /* the whole input as one request body, as if framing had passed it */
        check_request(data, size);

        /* and as a stream of frames, the way the daemon reads a socket */
        while (off < size) {
                struct proto_frame f;
                ssize_t n = proto_frame_parse(data + off, size - off, PROTO_MAX_REQUEST, &f);

                if (n <= 0)
                        break;
                if ((size_t)n > size - off || (size_t)n != PROTO_HEADER_SIZE + f.len ||
                    f.data != data + off + PROTO_HEADER_SIZE || f.len > PROTO_MAX_REQUEST)
                        abort();
                if (f.type == PROTO_JSON)
                        check_request(f.data, f.len);
                else if (f.type != PROTO_EVENTS)
                        abort();
                off += (size_t)n;
        }
        return 0;
}
