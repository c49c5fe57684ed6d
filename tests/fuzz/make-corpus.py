#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Write the seed corpora of the fuzz targets under tests/fuzz/corpus/.

    tests/fuzz/make-corpus.py [OUTDIR]

request/  JSON requests of every op, framed and bare, valid and malformed
filter/   -e trace= expressions
session/  ring-buffer records packed like bpf/renacer-event.h

Output is deterministic; existing files of other names (inputs the fuzzers
found and someone committed) are left alone.
"""
import json
import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

# bpf/renacer-event.h
EVENT_VERSION = 1
EV_SYSCALL, EV_FORK, EV_EXEC, EV_EXIT = 1, 2, 3, 4
SEG_STR, SEG_BUF, SEG_FDDEV, SEG_COUNT = 1, 2, 3, 4
SEGF_TRUNC, SEGF_FAULT, SEGF_MORE, SEGF_AT_EXIT = 0x1, 0x2, 0x4, 0x8
SC_NORETURN, SC_PAYLOAD_CUT = 0x1, 0x2
HEADER = struct.Struct("<BBHIQII")  # struct renacer_event_header
SYSCALL = struct.Struct("<iHH6QqQHB5x")  # struct renacer_syscall_event after the header
SEG = struct.Struct("<BBBBHH")  # struct renacer_seg
PROC = struct.Struct("<IiQ16s")  # struct renacer_proc_event after the header
assert HEADER.size == 24 and HEADER.size + SYSCALL.size == 104
assert SEG.size == 8 and HEADER.size + PROC.size == 56

# x86_64 syscall numbers and flags
NR = dict(read=0, write=1, open=2, close=3, dup=32, dup2=33, execve=59, fcntl=72,
          creat=85, exit_group=231, openat=257, dup3=292, openat2=437)
O_CLOEXEC = 0o2000000
F_DUPFD, F_SETFD, F_DUPFD_CLOEXEC = 0, 2, 1030
AT_FDCWD = (1 << 64) - 100
ENOENT, EBADF = 2, 9

ROOT = 1000  # tests/fuzz/fuzz-session.c: ROOT_TGID
SESSION = 1


def pad8(b):
    return b + b"\0" * (-len(b) % 8)


def header(kind, size, tgid, ts=1_000_000, session=SESSION, version=EVENT_VERSION):
    return HEADER.pack(version, kind, size, session, ts, tgid, tgid)


def seg(arg, data, type_=SEG_STR, flags=0):
    return pad8(SEG.pack(arg, type_, flags, 0, len(data), 0) + data)


def syscall(nr, ret=0, args=(), segs=(), tgid=ROOT, flags=0, dur=1500, ts=1_000_000,
            payload_len=None, nseg=None, size=None):
    args = (list(args) + [0] * 6)[:6]
    payload = b"".join(segs)
    rec_size = HEADER.size + SYSCALL.size + len(payload)
    body = SYSCALL.pack(nr, 0, flags, *[a & (1 << 64) - 1 for a in args], ret, dur,
                        len(payload) if payload_len is None else payload_len,
                        len(segs) if nseg is None else nseg)
    return header(EV_SYSCALL, rec_size if size is None else size, tgid, ts) + body + payload


def proc(kind, tgid, ppid=0, code=0, rss=0, comm=b"", ts=2_000_000):
    return header(kind, HEADER.size + PROC.size, tgid, ts) + PROC.pack(ppid, code, rss, comm)


def path(p):
    return p.encode()


def openat(fd, p, flags=0, tgid=ROOT):
    return syscall(NR["openat"], fd, (AT_FDCWD, 0, flags), [seg(1, path(p))], tgid)


def write(outdir, target, name, data):
    d = os.path.join(outdir, target)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def frame(body, type_=b"J", reserved=b"\0\0\0", length=None):
    if isinstance(body, str):
        body = body.encode()
    n = len(body) if length is None else length
    return struct.pack("<I", n) + type_ + reserved + body


def requests(outdir):
    valid = {
        "create-min": {"op": "session.create", "pid": 1},
        "create-full": {"op": "session.create", "id": 1, "pid": 4242, "follow": True,
                        "filter": "trace=%file,!read", "capture": 1024, "stream": False,
                        "subscribe": True},
        "create-filter": {"op": "session.create", "id": 9, "pid": 77,
                          "filter": "openat,close,%network"},
        "subscribe": {"op": "session.subscribe", "id": 2, "session": 1},
        "summary": {"op": "session.summary", "id": 3, "session": 4294967295},
        "end": {"op": "session.end", "session": 12},
        "sessions": {"op": "sessions", "id": 5},
        "status": {"op": "status"},
        # far over the old 1023-byte filter limit, well inside the new one
        "create-filter-long": {"op": "session.create", "id": 11, "pid": 5,
                               "filter": "trace=" + ",".join(["openat", "read", "close"] * 120)},
        # -v -y -e read=: the per-session kernel extras
        "create-extras": {"op": "session.create", "id": 14, "pid": 3, "env": True,
                          "dirents": True, "fds": True, "dump": True},
        "create-await": {"op": "session.create", "id": 12, "pid": 2, "await_exec": True,
                         "subscribe": True},
        # trace --cgroup: a cgroup v2 directory instead of a pid
        "create-cgroup": {"op": "session.create", "id": 13,
                          "cgroup": "/sys/fs/cgroup/system.slice/nginx.service",
                          "filter": "trace=%network", "subscribe": True},
    }
    for name, req in valid.items():
        body = json.dumps(req, separators=(",", ":"))
        write(outdir, "request", "ok-" + name + ".json", body)
        write(outdir, "request", "ok-" + name + ".frame", frame(body))
    bad = {
        "unknown-op": '{"op":"session.kill","session":1}',
        "unknown-field": '{"op":"status","verbose":true}',
        "pid-zero": '{"op":"session.create","pid":0}',
        "pid-big": '{"op":"session.create","pid":2147483648}',
        "pid-string": '{"op":"session.create","pid":"1"}',
        "capture-big": '{"op":"session.create","pid":1,"capture":1025}',
        "follow-int": '{"op":"session.create","pid":1,"follow":1}',
        "dirents-string": '{"op":"session.create","pid":1,"dirents":"yes"}',
        "filter-nul": '{"op":"session.create","pid":1,"filter":"read\\u0000x"}',
        "filter-long": '{"op":"session.create","pid":1,"filter":"' + "a" * 32768 + '"}',
        "dup-op": '{"op":"status","id":3,"op":"reload"}',
        "dup-op-escaped": '{"op":"status","\\u006fp":"reload"}',
        "dup-id": '{"op":"status","id":1,"id":2}',
        "dup-pid": '{"op":"session.create","pid":1,"follow":true,"pid":2}',
        "dup-filter": '{"op":"session.create","pid":1,"filter":"read","filter":"write"}',
        "dup-many": '{"op":"status"' + ',"id":1' * 2000 + '}',
        "unknown-op-id": '{"op":"session.kill","id":99}',
        "unknown-field-id": '{"id":98,"op":"status","verbose":true}',
        "key-in-string": '{"op":"status","id":1,"x":"\\",\\"op\\":{"}',
        "session-missing": '{"op":"session.end"}',
        "session-zero": '{"op":"session.summary","session":0}',
        "id-negative": '{"op":"status","id":-1}',
        "id-float": '{"op":"status","id":1.5}',
        "id-huge": '{"op":"status","id":18446744073709551615}',
        "trailing": '{"op":"status"}{"op":"status"}',
        "truncated": '{"op":"session.create","pid":',
        "array": '[{"op":"status"}]',
        "string": '"status"',
        "null": "null",
        "deep": '{"op":"status","x":' + "[" * 40 + "]" * 40 + "}",
        "empty": "",
        "cgroup-and-pid": '{"op":"session.create","pid":1,"cgroup":"/sys/fs/cgroup/x"}',
        "cgroup-relative": '{"op":"session.create","cgroup":"system.slice"}',
        "cgroup-empty": '{"op":"session.create","cgroup":""}',
        "cgroup-nul": '{"op":"session.create","cgroup":"/sys\\u0000/x"}',
        "cgroup-int": '{"op":"session.create","cgroup":7}',
        "cgroup-long": '{"op":"session.create","cgroup":"/' + "a" * 4096 + '"}',
        "dup-cgroup": '{"op":"session.create","cgroup":"/a","cgroup":"/b"}',
    }
    for name, body in bad.items():
        write(outdir, "request", "bad-" + name + ".json", body)
    write(outdir, "request", "bad-unknown-op.frame", frame(bad["unknown-op"]))
    # valid as requests; the filter and the escapes are for later stages
    write(outdir, "request", "ok-filter-invalid.json",
          '{"op":"session.create","pid":1,"filter":"read,,bogus"}')
    write(outdir, "request", "ok-escapes.json", '{"op":"st\\u0061tus","id":7}')
    # several frames in one stream, as a client pipelines them
    stream = b"".join(frame(json.dumps(valid[k])) for k in ("create-min", "subscribe", "status"))
    write(outdir, "request", "stream-three.frames", stream)
    write(outdir, "request", "stream-events.frames",
          frame(struct.pack("<I", 1) + openat(3, "/etc/passwd"), b"E") + frame(bad["null"]))
    write(outdir, "request", "frame-partial", frame('{"op":"status"}')[:12])
    write(outdir, "request", "frame-empty", frame(b""))
    write(outdir, "request", "frame-bad-type", frame('{"op":"status"}', b"X"))
    write(outdir, "request", "frame-reserved", frame('{"op":"status"}', reserved=b"\0\1\0"))
    write(outdir, "request", "frame-oversized", frame(b"{}", length=64 * 1024 + 1))
    # a pipelined burst a client never reads the answers to
    write(outdir, "request", "stream-status-burst.frames",
          b"".join(frame('{"op":"status","id":%d}' % i) for i in range(1, 200)))
    write(outdir, "request", "stream-dup-then-ok.frames",
          frame(bad["dup-op"]) + frame('{"op":"status","id":4}'))


def filters(outdir):
    exprs = [
        "read", "trace=read,write", "t=openat,close", "all", "none", "!all", "!none",
        "!read,write", "trace=!%file", "%network", "%process,%memory", "%signal,%ipc",
        "%desc,%creds,%clock", "%stat,%lstat,%fstat,%%stat", "%statfs,%%statfs,%pure",
        "trace=%file,execve,exit_group", "trace=all,none",
        # errors
        "", "!", "trace=", "bogus", "read,bogus", "%nope", "%", "read,,write", ",read",
        "read,", "signal=all", "=read", "!trace=read", "read, write", "read,!write",
        "x" * 64, "read," + "y" * 80,
    ]
    for i, e in enumerate(exprs):
        write(outdir, "filter", "%02d" % i, e)


def sessions(outdir):
    files = {}
    files["lifecycle"] = b"".join([
        openat(3, "/etc/passwd"),
        openat(4, "/lib/x86_64-linux-gnu/libc.so.6", O_CLOEXEC),
        proc(EV_FORK, 1001, ppid=ROOT, comm=b"sh"),
        syscall(NR["close"], 0, (3,), tgid=1001),
        syscall(NR["execve"], 0, (0, 0, 0), [seg(0, b"/bin/true")]),
        proc(EV_EXEC, ROOT, ppid=ROOT, comm=b"true"),
        proc(EV_EXIT, 1001, code=0, rss=1024),
        proc(EV_EXIT, ROOT, code=3 << 8, rss=2048),
        # after completion
        syscall(NR["read"], 5, (0, 0, 5)),
        proc(EV_EXIT, ROOT),
    ])
    files["fd-ops"] = b"".join([
        syscall(NR["open"], 3, (0, O_CLOEXEC, 0), [seg(0, b"/etc/hosts")]),
        syscall(NR["creat"], 4, (0, 0o644), [seg(0, b"/tmp/out")]),
        syscall(NR["openat2"], 5, (AT_FDCWD, 0, 24), [seg(1, b"/proc/self/maps")]),
        syscall(NR["dup"], 6, (3,)),
        syscall(NR["dup2"], 1, (4, 1)),
        syscall(NR["dup3"], 9, (5, 9, O_CLOEXEC)),
        syscall(NR["fcntl"], 10, (3, F_DUPFD, 10)),
        syscall(NR["fcntl"], 11, (3, F_DUPFD_CLOEXEC, 10)),
        syscall(NR["fcntl"], 0, (3, F_SETFD, 1)),
        syscall(NR["close"], 0, (4,)),
        syscall(NR["close"], -EBADF, (77,)),
        syscall(NR["openat"], -ENOENT, (AT_FDCWD, 0, 0), [seg(1, b"/missing")]),
        syscall(NR["dup2"], 65535, (3, 65535)),
        syscall(NR["dup2"], 65536, (3, 65536)),
        syscall(NR["dup"], 2**31, (3,)),
        proc(EV_EXEC, ROOT, comm=b"cat"),
    ])
    files["segments"] = b"".join([
        syscall(NR["openat"], 3, (AT_FDCWD, 0, 0), [
            seg(0, struct.pack("<II", 0o20000, 0x100005), SEG_FDDEV),
            seg(1, b"/raw", SEG_BUF),
            seg(1, b"", SEG_STR, SEGF_FAULT),
            seg(1, b"/a/very/long/path/" * 10, SEG_STR, SEGF_TRUNC),
        ]),
        syscall(NR["read"], 11, (3, 0, 11), [seg(1, b"hello world", SEG_BUF, SEGF_AT_EXIT)]),
        syscall(NR["execve"], 0, (0, 0, 0), [
            seg(0, b"/usr/bin/env"), seg(1, b"env"), seg(1, b"-i", flags=SEGF_MORE),
            seg(2, struct.pack("<I", 42), SEG_COUNT),
        ], flags=SC_PAYLOAD_CUT),
        syscall(NR["exit_group"], 0, (0,), flags=SC_NORETURN),
    ])
    files["fork-tree"] = b"".join([
        openat(3, "/shared"),
        proc(EV_FORK, 1001, ppid=ROOT),
        proc(EV_FORK, 1002, ppid=1001),
        proc(EV_FORK, 1003, ppid=4242),
        proc(EV_FORK, 1001, ppid=ROOT),
        proc(EV_FORK, ROOT, ppid=ROOT),
        openat(4, "/child", tgid=1002),
        proc(EV_EXIT, ROOT),
        proc(EV_EXIT, 1003),
        proc(EV_EXIT, 1002),
        proc(EV_EXIT, 1001),
    ])
    # comm fills all 16 bytes: no NUL in the record
    files["exec-long-comm"] = proc(EV_EXEC, ROOT, comm=b"abcdefghijklmnop") + proc(EV_EXIT, ROOT)
    files["exit-root"] = proc(EV_EXIT, ROOT, code=9, rss=512)
    files["unknown-tgid"] = b"".join([
        openat(3, "/x", tgid=5555),
        proc(EV_EXEC, 5556, comm=b"A" * 16),
        proc(EV_EXIT, ROOT),
        proc(EV_EXIT, 5555),
        proc(EV_EXIT, 5556),
    ])
    # malformed: each is rejected by session_record_valid
    ok = openat(3, "/etc/passwd")
    files["bad-short"] = ok[:20]
    files["bad-version"] = bytes([2]) + ok[1:]
    files["bad-kind"] = ok[:1] + bytes([9]) + ok[2:]
    files["bad-size-odd"] = syscall(NR["read"], size=108) + b"\0" * 4
    files["bad-size-small"] = syscall(NR["read"], size=96)
    files["bad-size-zero"] = syscall(NR["read"], size=0)
    files["bad-size-over"] = syscall(NR["read"], size=65528)
    files["bad-proc-short"] = header(EV_FORK, 48, 1001) + b"\0" * 24
    # well-formed headers, lying payloads
    files["lie-payload-len"] = syscall(NR["openat"], 3, (AT_FDCWD,), [seg(1, b"/etc/x")],
                                       payload_len=65535)
    files["lie-nseg"] = syscall(NR["openat"], 3, (AT_FDCWD,), [seg(1, b"/etc/x")], nseg=255)
    seg_over = bytearray(openat(3, "/etc/shadow"))
    struct.pack_into("<H", seg_over, 104 + 4, 4000)  # renacer_seg.len past the record
    files["lie-seg-len"] = bytes(seg_over)
    files["mixed-good-bad"] = ok + b"\xff" * 5 + ok + files["bad-version"] + proc(EV_EXIT, ROOT)
    for name, data in files.items():
        write(outdir, "session", name + ".bin", data)


def net_decodes():
    """Records of the msghdr capture (renacer_capture_msghdr() in
    bpf/renacer.bpf.c): header, name, control length, control data, iovec
    array and data, for sendmsg and recvmsg; then ones whose lengths lie."""
    at_exit = 0x08
    u32 = lambda v: struct.pack("<I", v)
    sendmsg, recvmsg = 46, 47

    def msghdr(name=0, namelen=0, iov=0, iovlen=0, ctl=0, ctllen=0, flags=0):
        return struct.pack("<QiIQQQQI4x", name, namelen, 0, iov, iovlen, ctl, ctllen, flags)

    def segs(hdr, name=b"", clen=0, ctl=b"", iov=None, data=()):
        out = [seg(1, hdr, SEG_BUF, at_exit), seg(1, name, SEG_BUF, at_exit),
               seg(1, u32(clen), SEG_COUNT, at_exit), seg(1, ctl, SEG_BUF, at_exit)]
        if iov is not None:
            out.append(seg(1, iov, SEG_BUF, at_exit))
            out += [seg(1, d, SEG_BUF, at_exit) for d in data]
        return out

    rights = struct.pack("<QiiiiQii", 24, 1, 1, -1, 5, 20, 1, 1) + u32(7)
    iov = struct.pack("<QQ", 0x7ffd3000, 3)
    sun = struct.pack("<H", 1) + b"sock.path\0"
    return {
        "sendmsg-rights": syscall(sendmsg, 3, (3, 0x7ffd1000, 0),
                                  segs(msghdr(iov=0x7ffd2000, iovlen=1, ctl=0x7ffd4000,
                                              ctllen=len(rights)),
                                       clen=len(rights), ctl=rights, iov=iov, data=[b"abc"])),
        "recvmsg-name": syscall(recvmsg, 1, (3, 0x7ffd1000, 0x40),
                                [seg(1, u32(110), SEG_BUF)] +
                                segs(msghdr(name=0x7ffd5000, namelen=len(sun), iov=0x7ffd2000,
                                            iovlen=1), name=sun, iov=iov, data=[b"A"])),
        "sendmsg-bad-cmsg-len": syscall(sendmsg, -9, (3, 0x7ffd1000, 0),
                                        segs(msghdr(ctl=0x7ffd4000, ctllen=1 << 40),
                                             clen=131072,
                                             ctl=struct.pack("<Qii", (1 << 64) - 1, 1, 1))),
        "sendmsg-iov-lies": syscall(sendmsg, -9, (3, 0x7ffd1000, 0),
                                    segs(msghdr(iov=0x7ffd2000, iovlen=1 << 60), iov=iov * 3,
                                         data=[b"x"])),
        "sendmsg-short-hdr": syscall(sendmsg, -9, (3, 0x7ffd1000, 0),
                                     [seg(1, b"\0" * 20, SEG_BUF, at_exit)]),
        "select": syscall(23, 3, (9, 0x7ffd1000, 0x7ffd2000, 0x7ffd3000, 0x7ffd4000),
                          [seg(1, b"\x18" + b"\0" * 7, SEG_BUF), seg(2, b"\x1e" + b"\0" * 7, SEG_BUF),
                           seg(4, struct.pack("<qq", 1, 2), SEG_BUF),
                           seg(2, b"\x16" + b"\0" * 7, SEG_BUF, at_exit),
                           seg(4, struct.pack("<qq", 1, 1), SEG_BUF, at_exit)]),
        "select-huge-nfds": syscall(23, 2, ((1 << 31) - 1, 0x7ffd1000, 0, 0, 0x7ffd4000),
                                    [seg(1, b"\xff" * 3, SEG_BUF), seg(1, b"\xff", SEG_BUF, at_exit),
                                     seg(4, b"\1", SEG_BUF, at_exit)]),
        "pselect6-pack": syscall(270, -4, (1, 0x7ffd1000, 0, 0, 0, 0x7ffd5000),
                                 [seg(5, struct.pack("<QQ", 0x7ffd6000, 8), SEG_BUF),
                                  seg(5, b"\1\2\3", SEG_BUF)]),
        "ppoll-left": syscall(271, 1, (0x7ffd1000, 2, 0x7ffd2000, 0x7ffd3000, 8),
                              [seg(2, struct.pack("<qq", 1, 2), SEG_BUF),
                               seg(3, struct.pack("<Q", 5), SEG_BUF),
                               seg(0, struct.pack("<ihh", 3, 1, 1), SEG_BUF, at_exit),
                               seg(2, b"\0" * 3, SEG_BUF, at_exit)]),
        "sendfile-short": syscall(40, 5, (1, 2, 0x7ffd1000, 5),
                                  [seg(2, b"\0" * 4, SEG_BUF), seg(2, b"\0" * 8, SEG_BUF, at_exit)]),
        "sendmmsg": syscall(307, 2, (3, 0x7ffd1000, 2, 0),
                            segs(msghdr(iov=0x7ffd2000, iovlen=1) + struct.pack("<I4x", 3),
                                 iov=iov, data=[b"abc"]) +
                            [seg(1, b"", SEG_BUF, at_exit | 0x02)]),
        "recvmmsg-names": syscall(299, 1, (3, 0x7ffd1000, 2, 0, 0x7ffd7000),
                                  [seg(1, u32(110) + u32(0), SEG_BUF),
                                   seg(4, struct.pack("<qq", 1, 0), SEG_BUF)] +
                                  segs(msghdr(name=0x7ffd5000, namelen=len(sun)) +
                                       struct.pack("<I4x", 1 << 31), name=sun) +
                                  [seg(4, struct.pack("<qq", 0, 5), SEG_BUF, at_exit)]),
        "mmsg-short-elem": syscall(307, 1, (3, 0x7ffd1000, 1, 0),
                                   [seg(1, msghdr(), SEG_BUF, at_exit)]),
        "setsockopt-group": syscall(54, 0, (3, 0, 42, 0x7ffd1000, 136),
                                    [seg(3, u32(1) + u32(0) + struct.pack("<H", 2) + b"\0" * 126,
                                         SEG_BUF, at_exit)]),
        "setsockopt-mreq6-short": syscall(54, 0, (3, 41, 20, 0x7ffd1000, 20),
                                          [seg(3, b"\xff" * 12, SEG_BUF, at_exit)]),
        "recvmsg-no-count": syscall(recvmsg, 5, (3, 0x7ffd1000, 0),
                                    [seg(1, u32(4), SEG_BUF), seg(1, msghdr(ctl=1, ctllen=64),
                                                                    SEG_BUF, at_exit),
                                     seg(1, b"", SEG_BUF, at_exit),
                                     seg(1, b"\xff" * 64, SEG_BUF, at_exit)]),
    }


def ioctl_decodes():
    """ioctl (decode-ioctl.c): the argument as EXIT(IOCTL) copies it for
    terminal and console requests, whole, short, faulted, and for requests
    of the same numbers with bogus flags."""
    at_exit, fault = 0x08, 0x02
    ioctl = 16
    u32 = lambda v: struct.pack("<I", v)
    termios = struct.pack("<4IB19B", 0xdead0001, 0xbad01845, 0x40ffffff, 0xfee01011, 0,
                          *range(19))
    termios2 = termios + struct.pack("<II", 9600, 0xffffffff)
    buf = lambda a, data, flags=at_exit: seg(a, data, SEG_BUF, flags)
    return {
        "ioctl-tcgets": syscall(ioctl, 0, (3, 0x5401, 0x7ffd1000), [buf(2, termios)]),
        "ioctl-tcsets-short": syscall(ioctl, 0, (3, 0x5402, 0x7ffd1000), [buf(2, termios[:35])]),
        "ioctl-tcsets2": syscall(ioctl, -9, (3, 0x402c542b, 0x7ffd1000), [buf(2, termios2)]),
        "ioctl-tcgeta-fault": syscall(ioctl, 0, (3, 0x5405, 0x7ffd1000),
                                      [buf(2, b"", at_exit | fault)]),
        "ioctl-winsize": syscall(ioctl, 0, (1, 0x5413, 0x7ffd1000),
                                 [buf(2, struct.pack("<4H", 24, 80, 0xffff, 0))]),
        "ioctl-tiocmset": syscall(ioctl, 0, (1, 0x5418, 0x7ffd1000), [buf(2, u32(0xffffffff))]),
        "ioctl-tiocsti-empty": syscall(ioctl, 0, (1, 0x5412, 0x7ffd1000), [buf(2, b"")]),
        "ioctl-kdgkbent": syscall(ioctl, 0, (3, 0x4b46, 0x7ffd1000),
                                  [buf(2, struct.pack("<BBH", 0xff, 7, 0xf3ff))]),
        "ioctl-kdskbent-short": syscall(ioctl, -9, (3, 0x4b47, 0x7ffd1000), [buf(2, b"\x03")]),
        # given at entry, returned at exit; an exit copy without the entry one
        "ioctl-kdgetkeycode": syscall(ioctl, 0, (3, 0x4b4c, 0x7ffd1000),
                                      [seg(2, b"\1" * 8, SEG_BUF, 0), buf(2, b"\2" * 8)]),
        "ioctl-kdkbdrep-exit-only": syscall(ioctl, 0, (3, 0x4b52, 0x7ffd1000), [buf(2, b"\3" * 8)]),
        "ioctl-kdgetled": syscall(ioctl, 0, (3, 0x4b31, 0x7ffd1000), [buf(2, b"\xff")]),
        "ioctl-evdev": syscall(ioctl, -9, (3, 0x80084521, 0x7ffd1000)),
        "ioctl-evdev-clockid-short": syscall(ioctl, -9, (3, 0x400445a0, 0x7ffd1000),
                                             [buf(2, b"\1\2")]),
        "ioctl-unknown": syscall(ioctl, -25, (3, 0xc0ffee00, 0x7ffd1000), [buf(2, b"x" * 64)]),
        # sockets: struct ifreq whole, short, with an address family that lies
        "ioctl-siocsifaddr": syscall(ioctl, -9, (3, 0x8916, 0x7ffd1000),
                                     [buf(2, b"x" * 16 + struct.pack("<H", 1) + b"/" * 22)]),
        "ioctl-siocgifhwaddr": syscall(ioctl, 0, (3, 0x8927, 0x7ffd1000),
                                       [buf(2, b"lo\0" + b"\0" * 13 + struct.pack("<H", 0xffff)
                                            + b"\xab" * 22)]),
        "ioctl-siocgifname-short": syscall(ioctl, 0, (3, 0x8910, 0x7ffd1000), [buf(2, b"\1" * 39)]),
        "ioctl-siocbraddbr": syscall(ioctl, -9, (3, 0x89a0, 0x7ffd1000), [buf(2, b"b" * 16)]),
        # block devices: a pair of u64 cut short, an int
        "ioctl-blkdiscard-short": syscall(ioctl, -9, (3, 0x1277, 0x7ffd1000), [buf(2, b"\xff" * 15)]),
        # loop devices and clocks: names without their NUL, cut structures
        "ioctl-loop-status64": syscall(ioctl, -9, (3, 0x4c04, 0x7ffd1000),
                                       [buf(2, b"\xff" * 232)]),
        "ioctl-loop-status-short": syscall(ioctl, 0, (3, 0x4c03, 0x7ffd1000), [buf(2, b"\1" * 100)]),
        "ioctl-rtc-wkalm": syscall(ioctl, 0, (3, 0x80287010, 0x7ffd1000), [buf(2, b"\x80" * 40)]),
        "ioctl-nsfs-uid-fault": syscall(ioctl, 0, (3, 0xb704, 0x7ffd1000),
                                        [buf(2, b"", at_exit | fault)]),
        "ioctl-hdio-getgeo-short": syscall(ioctl, 0, (3, 0x0301, 0x7ffd1000), [buf(2, b"\xff" * 15)]),
        "ioctl-blkgetsize64": syscall(ioctl, 0, (3, 0x80081272, 0x7ffd1000), [buf(2, b"\xff" * 8)]),
    }


def sys_decodes():
    """Records of the system families (decode-sys.c): PATH_MAX paths re-read
    at exit, keyctl's per-command captures, open_how; then ones that lie."""
    at_exit, trunc, fault = 0x08, 0x01, 0x02
    chdir, keyctl, openat2, memfd_create, add_key = 80, 250, 437, 319, 248
    u32 = lambda v: struct.pack("<I", v)
    longp = b"/" * 4095
    how = struct.pack("<QQQ", 0o101, 0o600, 0x9)
    out = {
        "sys-chdir-pathmax": syscall(chdir, -36, (0x7ffd1000,),
                                     [seg(0, longp, SEG_STR, trunc | at_exit)]),
        "sys-chdir-fault": syscall(chdir, -14, (0x7ffd1000,), [seg(0, b"", SEG_STR, fault | at_exit)]),
        "sys-add-key": syscall(add_key, -22, (1, 2, 3, 5, -1),
                               [seg(0, b"user"), seg(1, b"desc"), seg(2, b"\1\2\3\4\5", SEG_BUF, at_exit)]),
        "sys-keyctl-describe": syscall(keyctl, 26, (6, -1, 0x7ffd1000, 9),
                                       [seg(2, b"\xff" * 9, SEG_BUF, at_exit)]),
        "sys-keyctl-caps": syscall(keyctl, 2, (31, 0x7ffd1000, 4),
                                   [seg(1, b"\xeb\x03", SEG_BUF, at_exit)]),
        "sys-keyctl-dh": syscall(keyctl, -95, (23, 0x7ffd1000, 0, 9, 0),
                                 [seg(1, u32(0xfffffffa) + u32(1) + u32(2), SEG_BUF, at_exit)]),
        "sys-openat2": syscall(openat2, -2, (AT_FDCWD, 0x7ffd1000, 0x7ffd2000, 24),
                               [seg(1, b"renacer.sample"), seg(2, how, SEG_BUF, at_exit)]),
        "sys-memfd": syscall(memfd_create, 3, (0x7ffd1000, 0xffffffff), [seg(0, b"x", SEG_STR, trunc)]),
        # lies: a path longer than PATH_MAX - 1, structs shorter than their type
        "bad-sys-path-long": syscall(chdir, 0, (0x7ffd1000,), [seg(0, b"/" * 4096, SEG_STR, at_exit)]),
        "sys-openat2-short": syscall(openat2, -14, (AT_FDCWD, 0x7ffd1000, 0x7ffd2000, 24),
                                     [seg(1, b""), seg(2, how[:7], SEG_BUF, at_exit)]),
        "sys-keyctl-describe-lies": syscall(keyctl, 4096, (6, -1, 0x7ffd1000, 1 << 63),
                                            [seg(2, b"a", SEG_BUF, at_exit)]),
    }
    return out


def keys_file_decodes():
    """Records of keyctl's structure commands (decode-keys.c), fcntl's
    locks and owners, file handles and kexec segments (decode-file.c,
    decode-kexec.c), openat2's bytes past open_how; then ones that lie:
    structures shorter than their types, lengths larger than the bytes."""
    at_exit, fault = 0x08, 0x02
    keyctl, fcntl, n2h, obh, kexec_load, openat2 = 250, 72, 303, 304, 246, 437
    u32 = lambda v: struct.pack("<I", v)
    pkey = struct.pack("<iII7I", -2, 3, 4, 0, 1, 0, 0, 0, 0, 9)
    kdf = struct.pack("<QQI8I4x", 0x7ffd3000, 0x7ffd4000, 5, 0, 0, 0, 0, 0, 0, 0, 7)
    flock = struct.pack("<hh4xqqi4x", 1, 0, -1, 4096, 77)
    handle = u32(8) + u32(1) + b"\xde\xad\xbe\xef\1\2\3\4"
    kseg = struct.pack("<4Q", 0x1000, 1, 0, 2)
    how = struct.pack("<QQQ", 0o101, 0o600, 0x9)
    iov = struct.pack("<QQQQ", 0x7ffd2000, 3, 0x7ffd3000, 1 << 63)
    out = {
        "keys-pkey-encrypt": syscall(keyctl, -126, (25, 0x7ffd1000, 0x7ffd2000, 0x7ffd3000, 0x7ffd4000),
                                     [seg(2, b"enc=raw"), seg(1, pkey, SEG_BUF, at_exit),
                                      seg(3, b"abc", SEG_BUF, at_exit)]),
        "keys-pkey-verify": syscall(keyctl, -22, (28, 0x7ffd1000, 0x7ffd2000, 0x7ffd3000, 0x7ffd4000),
                                    [seg(2, b""), seg(1, pkey, SEG_BUF, at_exit),
                                     seg(3, b"abc", SEG_BUF, at_exit), seg(4, b"wxyz", SEG_BUF, at_exit)]),
        "keys-dh-kdf": syscall(keyctl, -95, (23, 0x7ffd1000, 0x7ffd2000, 9, 0x7ffd5000),
                               [seg(1, u32(0xfffffffa) + u32(1) + u32(2), SEG_BUF, at_exit),
                                seg(4, kdf, SEG_BUF, at_exit), seg(4, b"sha256", SEG_STR, at_exit),
                                seg(4, b"\1\2\3\4\5", SEG_BUF, at_exit)]),
        "keys-instantiate-iov": syscall(keyctl, -22, (20, -6, 0x7ffd1000, 2, -6),
                                        [seg(2, iov, SEG_BUF, at_exit), seg(2, b"ab\0", SEG_BUF, at_exit),
                                         seg(2, b"", SEG_BUF, at_exit | fault)]),
        "file-fcntl-getlk": syscall(fcntl, 0, (3, 5, 0x7ffd1000), [seg(2, flock, SEG_BUF, at_exit)]),
        "file-fcntl-getown-ex": syscall(fcntl, 0, (3, 16, 0x7ffd1000),
                                        [seg(2, u32(2) + u32(99), SEG_BUF, at_exit)]),
        "file-name-to-handle": syscall(n2h, 0, (AT_FDCWD, 0x7ffd1000, 0x7ffd2000, 0x7ffd3000, 0),
                                       [seg(1, b"."), seg(2, u32(128) + u32(0), SEG_BUF),
                                        seg(2, handle, SEG_BUF, at_exit), seg(3, u32(42), SEG_BUF, at_exit)]),
        "file-open-by-handle": syscall(obh, -9, (3, 0x7ffd1000, 0), [seg(1, handle, SEG_BUF, at_exit)]),
        "file-kexec-load": syscall(kexec_load, -38, (0, 2, 0x7ffd1000, 0x3e0001),
                                   [seg(2, kseg, SEG_BUF, at_exit)]),
        "file-openat2-tail": syscall(openat2, -7, (AT_FDCWD, 0x7ffd1000, 0x7ffd2000, 40),
                                     [seg(1, b"x"), seg(2, how, SEG_BUF, at_exit),
                                      seg(4, b"\0" * 15 + b"\1", SEG_BUF, at_exit)]),
        "aio-io-setup": syscall(206, 0, (2, 0x7ffd1000), [seg(1, struct.pack("<Q", 0x7ffff7fbf000),
                                                                SEG_BUF, at_exit)]),
        "aio-io-cancel": syscall(210, 0, (0x7ffff7fbf000, 0x7ffd1000, 0x7ffd2000),
                                 [seg(1, struct.pack("<QIiHhIQQqQII", 1, 7, 2, 61453, 99, 3, 0, 0, 0, 0, 2, 0),
                                      SEG_BUF, at_exit),
                                  seg(2, struct.pack("<QQqq", 1, 2, 3, 4), SEG_BUF, at_exit)]),
        "aio-io-getevents": syscall(208, 2, (0x7ffff7fbf000, 1, 2, 0x7ffd1000, 0x7ffd2000),
                                    [seg(3, struct.pack("<QQqq", 1, 2, 3, 4) * 2, SEG_BUF, at_exit),
                                     seg(4, struct.pack("<qq", 0, 5), SEG_BUF, at_exit)]),
        "aio-io-pgetevents": syscall(333, -22, (1, 0, 0, 0, 0x7ffd2000, 0x7ffd3000),
                                     [seg(4, struct.pack("<qq", 1, 2), SEG_BUF),
                                      seg(5, struct.pack("<QQ", 0x7ffd4000, 8), SEG_BUF),
                                      seg(5, struct.pack("<Q", 1 << 30), SEG_BUF)]),
        "bad-aio-getevents-lies": syscall(208, 1 << 40, (1, 0, 0, 0x7ffd1000, 0),
                                          [seg(3, b"\1" * 33, SEG_BUF, at_exit)]),
        "bad-aio-pgetevents-short": syscall(333, -22, (1, 0, 0, 0, 0, 0x7ffd3000),
                                            [seg(5, struct.pack("<QQ", 0x7ffd4000, 8)[:12], SEG_BUF),
                                             seg(5, b"\1\2", SEG_BUF)]),
        # lies: structures shorter than their types, lengths past the bytes
        "bad-keys-pkey-short": syscall(keyctl, -22, (27, 0x7ffd1000, 0x7ffd2000, 0x7ffd3000, 0x7ffd4000),
                                       [seg(1, pkey[:9], SEG_BUF, at_exit), seg(3, b"a", SEG_BUF, at_exit)]),
        "bad-keys-pkey-len": syscall(keyctl, 7, (26, 0x7ffd1000, 0x7ffd2000, 0x7ffd3000, 0x7ffd4000),
                                     [seg(1, struct.pack("<iII7I", 1, 1 << 31, 1 << 31, 0, 0, 0, 0, 0, 0, 0),
                                          SEG_BUF, at_exit), seg(3, b"a", SEG_BUF, at_exit),
                                      seg(4, b"b", SEG_BUF, at_exit)]),
        "bad-keys-kdf-short": syscall(keyctl, -95, (23, 0x7ffd1000, 0x7ffd2000, 9, 0x7ffd5000),
                                      [seg(4, kdf[:20], SEG_BUF, at_exit), seg(4, b"x", SEG_BUF, at_exit)]),
        "bad-file-flock-short": syscall(fcntl, -22, (3, 6, 0x7ffd1000), [seg(2, flock[:31], SEG_BUF, at_exit)]),
        "bad-file-handle-len": syscall(obh, -22, (3, 0x7ffd1000, 0),
                                       [seg(1, u32(0xffffffff) + u32(1) + b"\1\2", SEG_BUF, at_exit)]),
        "bad-file-handle-short": syscall(n2h, -75, (AT_FDCWD, 0x7ffd1000, 0x7ffd2000, 0x7ffd3000, 0),
                                         [seg(1, b"."), seg(2, u32(0)[:3], SEG_BUF),
                                          seg(2, b"\1", SEG_BUF, at_exit)]),
        "bad-file-kexec-partial": syscall(kexec_load, -38, (0, 16, 0x7ffd1000, 0),
                                          [seg(2, kseg + kseg[:5], SEG_BUF, at_exit)]),
        "bad-file-openat2-tail": syscall(openat2, -7, (AT_FDCWD, 0x7ffd1000, 0x7ffd2000, 1 << 40),
                                         [seg(1, b"x"), seg(2, how, SEG_BUF, at_exit),
                                          seg(4, b"\1", SEG_BUF, at_exit)]),
    }
    return out


def bpf_decodes():
    """Records of the fanotify, io_uring, bpf and perf families
    (decode-fanotify.c, decode-io-uring.c, ...): the segments their rows
    capture, in order, then ones that lie."""
    at_exit, trunc, fault = 0x08, 0x01, 0x02
    fan_init, fan_mark, setup, enter, register = 300, 301, 425, 426, 427
    u32 = lambda v: struct.pack("<I", v)
    params = struct.pack("<IIIII3I", 2, 4, 0x20, 0, 0, 0, 0, 0) + b"\0" * 80
    rsrc = struct.pack("<IIQQQ", 6, 1, 0xfacecafe, 0x7ffd2000, 0x7ffd3000)
    upd = struct.pack("<IIQQII", 7, 1, 0x7ffd2000, 0x7ffd3000, 5, 9)
    fds = b"".join(struct.pack("<i", v) for v in (3, 0, -1, -2, -3))
    tags = struct.pack("<3Q", 0x1337, 0, 0xbadc0ded)
    iov = struct.pack("<QQQQ", 0x7ffd4000, 10, 0, 1 << 63)
    restr = struct.pack("<HBB4I", 0, 8, 0, 0, 0, 0, 0) + struct.pack("<HBB4I", 9, 1, 2, 3, 4, 5, 6)
    return {
        "fan-init": syscall(fan_init, 3, (0xffffffff, 0x80000001)),
        "fan-mark": syscall(fan_mark, -2, (3, 1, 0x40000020, -100, 0x7ffd1000),
                            [seg(4, b"/renacer")]),
        "uring-setup": syscall(setup, 4, (2, 0x7ffd1000), [seg(1, params, SEG_BUF, at_exit)]),
        "uring-enter": syscall(enter, -22, (3, 1, 2, 0xffffffff, 0x7ffd1000, 8),
                               [seg(4, struct.pack("<Q", 0xfffbfeff), SEG_BUF)]),
        "uring-files2": syscall(register, -95, (0, 13, 0x7ffd1000, 48),
                                [seg(2, rsrc + b"\xa0" * 16, SEG_BUF, at_exit),
                                 seg(2, fds, SEG_BUF, at_exit), seg(2, tags, SEG_BUF, at_exit)]),
        "uring-buffers-update": syscall(register, -95, (0, 16, 0x7ffd1000, 40),
                                        [seg(2, upd, SEG_BUF, at_exit),
                                         seg(2, iov, SEG_BUF, at_exit),
                                         seg(2, b"", SEG_BUF, at_exit | trunc)]),
        "uring-restrictions": syscall(register, -95, (0, 11, 0x7ffd1000, 2),
                                      [seg(2, restr, SEG_BUF, at_exit)]),
        "uring-files": syscall(register, -95, (0, 2, 0x7ffd1000, 1 << 40),
                               [seg(2, fds, SEG_BUF, at_exit | trunc)]),
        # lies: segments shorter than their struct or than one element,
        # element counts far beyond what was captured
        "uring-setup-short": syscall(setup, 4, (2, 0x7ffd1000), [seg(1, params[:30], SEG_BUF, at_exit)]),
        "uring-files2-short": syscall(register, -95, (0, 13, 0x7ffd1000, 4096),
                                      [seg(2, rsrc[:31], SEG_BUF, at_exit), seg(2, b"\1", SEG_BUF, at_exit)]),
        "perf-attr": syscall(298, -7, (0x7ffd1000, -1, -1, -1, (1 << 64) - 1),
                             [seg(0, struct.pack("<IIQQQQQ", 3, 0xa0, 0x10203 | 1 << 40, 5, 3, 15,
                                                 (1 << 64) - 1), SEG_BUF),
                              seg(0, struct.pack("<II", 3, 0x88), SEG_BUF, at_exit)]),
        "bpf-map-create": syscall(321, -22, (0, 0x7ffd1000, 48),
                                  [seg(1, struct.pack("<7I", 2, 4, 8, 0, 4, (1 << 32) - 1, (1 << 32) - 1)
                                       + b"renacer_map\0\0\0\0\0" + b"\0" * 4, SEG_BUF, at_exit)]),
        "bpf-obj-get": syscall(321, -2, (7, 0x7ffd1000, 256),
                               [seg(1, struct.pack("<QII", 0x7ffd2000, 0, 8) + b"\0" * 200 + b"\1" * 40,
                                    SEG_BUF, at_exit), seg(1, b"/sys/fs/bpf/x", SEG_STR, at_exit)]),
        "bpf-btf-load": syscall(321, -22, (18, 0x7ffd1000, 28),
                                [seg(1, struct.pack("<QQIII", 0x7ffd2000, 0, 1 << 31, 0, 1), SEG_BUF, at_exit),
                                 seg(1, b"bPf\0", SEG_BUF, at_exit)]),
        "bpf-attr-cut": syscall(321, -22, (5, 0x7ffd1000, 4096),
                                [seg(1, b"\xff" * 1024, SEG_BUF, at_exit | trunc),
                                 seg(1, b"G" * 40, SEG_STR, at_exit | trunc)]),
        "bpf-attr-lies": syscall(321, -22, (28, 0x7ffd1000, 48), [seg(1, b"\1" * 12, SEG_BUF, at_exit)]),
        "perf-attr-short": syscall(298, -22, (0x7ffd1000,), [seg(0, b"\0" * 47, SEG_BUF)]),
        "uring-update-lies": syscall(register, -95, (0, 14, 0x7ffd1000, 1 << 33),
                                     [seg(2, upd, SEG_BUF, at_exit | fault),
                                      seg(2, fds[:3], SEG_BUF, at_exit)]),
    }


def ctl_decodes():
    """Records of the multiplexers (decode-prctl.c, decode-ptrace.c): what
    prctl and ptrace read at entry and the kernel writes at exit; then ones
    that lie."""
    at_exit, fault = 0x08, 0x02
    prctl = 157
    pr_set_name, pr_get_name, pr_get_pdeathsig, pr_get_tid_address = 15, 16, 2, 40
    pr_sched_core, pr_set_vma = 62, 0x53564D41
    out = {
        "prctl-set-name": syscall(prctl, 0, (pr_set_name, 0x7ffd1000),
                                  [seg(1, b"0123456789abcde", SEG_BUF)]),
        "prctl-set-name-fault": syscall(prctl, -14, (pr_set_name, 0x7ffd1000),
                                        [seg(1, b"", SEG_BUF, fault)]),
        "prctl-get-name": syscall(prctl, 0, (pr_get_name, 0x7ffd1000),
                                  [seg(1, b"renacer\0" + b"\xff" * 8, SEG_BUF, at_exit)]),
        "prctl-get-pdeathsig": syscall(prctl, 0, (pr_get_pdeathsig, 0x7ffd1000),
                                       [seg(1, struct.pack("<i", 64), SEG_BUF, at_exit)]),
        "prctl-sched-core": syscall(prctl, 0, (pr_sched_core, 0, 7, 1, 0x7ffd1000),
                                    [seg(4, struct.pack("<Q", 0xfeed), SEG_BUF, at_exit)]),
        "prctl-set-vma": syscall(prctl, -22, (pr_set_vma, 0, 0x7ffd1000, 9, 0x7ffd2000),
                                 [seg(4, b"anon:name")]),
        # lies: a name shorter than asked for and without a NUL, values
        # shorter than their type
        "bad-prctl-name-short": syscall(prctl, 0, (pr_set_name, 0x7ffd1000),
                                        [seg(1, b"abc", SEG_BUF)]),
        "bad-prctl-get-name-long": syscall(prctl, 0, (pr_get_name, 0x7ffd1000),
                                           [seg(1, b"x" * 300, SEG_BUF, at_exit)]),
        "bad-prctl-tid-short": syscall(prctl, 0, (pr_get_tid_address, 0x7ffd1000),
                                       [seg(1, b"\1\2\3", SEG_BUF, at_exit)]),
    }
    # ptrace (decode-ptrace.c): what a request reads at entry and the kernel
    # writes at exit; then captures shorter than their types
    ptrace = 101
    peekdata, getsiginfo, setsiginfo, getregset, peeksiginfo = 2, 0x4202, 0x4203, 0x4204, 0x4209
    setsigmask, get_metadata = 0x420b, 0x420d
    siginfo = struct.pack("<iii4xqi", 7, 2, 4, -1, 23) + b"\0" * 100
    iov = struct.pack("<QQ", 0x7ffd2000, 216)
    out.update({
        "ptrace-peekdata": syscall(ptrace, 0, (peekdata, 42, 0x7ffd2000, 0x7ffd1000),
                                   [seg(3, struct.pack("<Q", 0xfeed), SEG_BUF, at_exit)]),
        "ptrace-setsiginfo": syscall(ptrace, -3, (setsiginfo, 42, 0, 0x7ffd1000),
                                     [seg(3, siginfo, SEG_BUF)]),
        "ptrace-getsiginfo": syscall(ptrace, 0, (getsiginfo, 42, 0, 0x7ffd1000),
                                     [seg(3, siginfo, SEG_BUF, at_exit)]),
        "ptrace-setsigmask": syscall(ptrace, -3, (setsigmask, 42, 8, 0x7ffd1000),
                                     [seg(3, struct.pack("<Q", 0x200), SEG_BUF)]),
        "ptrace-peeksiginfo": syscall(ptrace, -3, (peeksiginfo, 42, 0x7ffd1000, 0),
                                      [seg(2, struct.pack("<QIi", 7, 3, 42), SEG_BUF)]),
        "ptrace-metadata": syscall(ptrace, 24, (get_metadata, 42, 24, 0x7ffd1000),
                                   [seg(3, struct.pack("<Q", 3), SEG_BUF),
                                    seg(3, struct.pack("<QQ", 3, 9), SEG_BUF, at_exit)]),
        "ptrace-getregset": syscall(ptrace, 0, (getregset, 42, 1, 0x7ffd1000),
                                    [seg(3, iov, SEG_BUF), seg(3, iov[:8] + struct.pack("<Q", 8),
                                                               SEG_BUF, at_exit)]),
        "bad-ptrace-siginfo-short": syscall(ptrace, -3, (setsiginfo, 42, 0, 0x7ffd1000),
                                            [seg(3, siginfo[:20], SEG_BUF)]),
        "bad-ptrace-regset-short": syscall(ptrace, 0, (getregset, 42, 1, 0x7ffd1000),
                                           [seg(3, iov[:12], SEG_BUF), seg(3, b"", SEG_BUF, fault | at_exit)]),
        "clone3-set-tid-tail": syscall(435, -22, (0x7ffd1000, 96),
                                       [seg(0, struct.pack("<11Q", 1 << 12, 0x7ffd2000, 0, 0, 17, 0,
                                                           0, 0, 0x7ffd3000, 3, 0), SEG_BUF, at_exit),
                                        seg(1, b"\xde" * 8, SEG_BUF, at_exit),
                                        seg(2, struct.pack("<3i", -1, 0, 7), SEG_BUF, at_exit)]),
        "clone3-after": syscall(435, 99, (0x7ffd1000, 88),
                                [seg(0, struct.pack("<11Q", 0x101000, 0x7ffd2000, 0, 0x7ffd3000, 17,
                                                    0, 0, 0, 0, 0, 0), SEG_BUF, at_exit),
                                 seg(3, struct.pack("<i", 3), SEG_BUF, at_exit),
                                 seg(4, struct.pack("<i", 99), SEG_BUF, at_exit)]),
        "bad-clone3-lies": syscall(435, 5, (0x7ffd1000, 1 << 40),
                                   [seg(0, b"\1" * 70, SEG_BUF, at_exit), seg(1, b"", SEG_BUF, at_exit),
                                    seg(2, b"\2\3", SEG_BUF, at_exit), seg(4, b"\4", SEG_BUF, at_exit)]),
        "fsconfig-binary": syscall(431, -22, (3, 2, 0x7ffd1000, 0x7ffd2000, 3),
                                   [seg(2, b"key"), seg(3, b"\0\1\2", SEG_BUF, at_exit)]),
        "fsconfig-path": syscall(431, -9, (-1, 3, 0x7ffd1000, 0x7ffd2000, -100),
                                 [seg(2, b"source"), seg(3, b"/dev/full")]),
        "bad-fsconfig-blob-lies": syscall(431, -22, (3, 2, 0x7ffd1000, 0x7ffd2000, 1 << 20),
                                          [seg(2, b"", SEG_STR, fault), seg(3, b"\7", SEG_BUF, at_exit)]),
        "futex-waitv": syscall(449, -11, (0x7ffd1000, 3, 0, 0x7ffd2000, 1),
                               [seg(0, struct.pack("<QQII", 1, 0x7ffd3000, 130, 0) * 2, SEG_BUF, at_exit),
                                seg(3, struct.pack("<qq", 1, 2), SEG_BUF, at_exit)]),
        "bad-futex-waitv-short": syscall(449, -14, (0x7ffd1000, 1 << 31, 0, 0x7ffd2000, 1),
                                         [seg(0, b"\1" * 23, SEG_BUF, at_exit), seg(3, b"\2" * 5, SEG_BUF, at_exit)]),
        "mount-setattr-tail": syscall(442, -9, (-1, 0x7ffd1000, 0x1000, 0x7ffd2000, 40),
                                      [seg(1, b""), seg(3, struct.pack("<4Q", 0x100002, 4, 1 << 19, 9),
                                                        SEG_BUF, at_exit),
                                       seg(5, b"\x80" * 8, SEG_BUF, at_exit)]),
        "bad-mount-setattr-lies": syscall(442, -14, (-1, 0, 0, 0x7ffd2000, 1 << 40),
                                          [seg(3, b"\1" * 31, SEG_BUF, at_exit), seg(5, b"", SEG_BUF, at_exit)]),
        "bad-ptrace-metadata-short": syscall(ptrace, 16, (get_metadata, 42, 16, 0x7ffd1000),
                                             [seg(3, b"\1\2", SEG_BUF), seg(3, b"\3" * 9, SEG_BUF, at_exit)]),
    })
    return out


def mm_decodes():
    """Records of the memory policy family (decode-numa.c): node masks,
    move_pages arrays; then ones whose segments lie about their sizes."""
    at_exit, fault, trunc = 0x08, 0x02, 0x01
    set_mempolicy, get_mempolicy, migrate_pages, move_pages = 238, 239, 256, 279
    q = lambda *v: struct.pack("<%dQ" % len(v), *v)
    i32 = lambda *v: struct.pack("<%di" % len(v), *v)
    out = {
        "mm-set-mempolicy": syscall(set_mempolicy, 0, (0x8002, 0x7ffd1000, 194),
                                    [seg(1, q(1, 0, 0xf0, 3), SEG_BUF, at_exit)]),
        "mm-set-mempolicy-cut": syscall(set_mempolicy, -14, (0, 0x7ffd1000, 64 * 40),
                                        [seg(1, q(*range(33)), SEG_BUF, at_exit | trunc)]),
        "mm-get-mempolicy": syscall(get_mempolicy, 0, (0x7ffd1000, 0x7ffd2000, 66, 0, 4),
                                    [seg(0, i32(-1), SEG_BUF, at_exit),
                                     seg(1, q(1, 2), SEG_BUF, at_exit)]),
        "mm-migrate-pages": syscall(migrate_pages, -3, (1, 65, 0x7ffd1000, 0x7ffd2000),
                                    [seg(2, q(1), SEG_BUF, at_exit), seg(3, b"", SEG_BUF, at_exit | fault)]),
        "mm-move-pages": syscall(move_pages, 0, (0, 3, 0x7ffd1000, 0x7ffd2000, 0x7ffd3000, 2),
                                 [seg(2, q(0x7ffd1000, 0, 1), SEG_BUF, at_exit),
                                  seg(3, i32(0, 1, -1), SEG_BUF, at_exit),
                                  seg(4, i32(0, -14, -4095), SEG_BUF, at_exit)]),
        # message queues (decode-mq.c), attributes (decode-xattr.c), madvise ranges
        "mq-open": syscall(240, 3, (0x7ffd1000, 0o102, 0o600, 0x7ffd2000),
                           [seg(0, b"q"), seg(3, q(0x800, 2, 64, 0) + q(0, 0, 0, 0), SEG_BUF, at_exit)]),
        "mq-timedreceive": syscall(243, 5, (3, 0x7ffd1000, 64, 0x7ffd2000, 0x7ffd3000),
                                   [seg(1, b"hello", SEG_BUF, at_exit), seg(3, i32(42), SEG_BUF, at_exit),
                                    seg(4, q(1, 2), SEG_BUF, at_exit)]),
        "mq-notify-short": syscall(244, -14, (3, 0x7ffd1000), [seg(1, q(1, 2), SEG_BUF, at_exit)]),
        "mq-getsetattr-short": syscall(245, 0, (3, 0x7ffd1000, 0x7ffd2000),
                                       [seg(1, q(1, 2, 3), SEG_BUF, at_exit), seg(2, b"", SEG_BUF, at_exit | fault)]),
        "xattr-set": syscall(188, 0, (0x7ffd1000, 0x7ffd2000, 0x7ffd3000, 8, 1),
                             [seg(0, b"/f"), seg(1, b"user.a"), seg(2, b"foo\0bar\0", SEG_BUF, at_exit)]),
        "xattr-get-lies": syscall(191, 1 << 40, (0x7ffd1000, 0x7ffd2000, 0x7ffd3000, 8),
                                  [seg(0, b"/f"), seg(1, b"user.a"), seg(2, b"ab", SEG_BUF, at_exit)]),
        "xattr-list": syscall(196, 9, (3, 0x7ffd1000, 64), [seg(1, b"a\0bb\0", SEG_BUF, at_exit)]),
        "process-madvise": syscall(440, 8192, (3, 0x7ffd1000, 3, 20, 0),
                                   [seg(1, q(0x7ffd1000, 4096, 0x7ffd2000), SEG_BUF, at_exit)]),
        # lies: masks and arrays shorter than a word, counts far past the data
        "mm-set-mempolicy-short": syscall(set_mempolicy, 0, (0, 0x7ffd1000, 1 << 40),
                                          [seg(1, b"\xff" * 7, SEG_BUF, at_exit)]),
        "mm-move-pages-short": syscall(move_pages, 0, (0, 1 << 62, 0x7ffd1000, 0x7ffd2000, 0x7ffd3000, 0),
                                       [seg(2, b"\1" * 9, SEG_BUF, at_exit), seg(3, b"\2" * 3, SEG_BUF, at_exit),
                                        seg(4, b"\3" * 5, SEG_BUF, at_exit)]),
    }
    return out


def misc_decodes():
    """Records of mount, the quota calls and the other small families
    (decode-mount.c, decode-quota.c, decode-landlock.c, decode-sem.c,
    decode-ldt.c): the strings mount captures at entry, the structure each
    quotactl command reads at entry or writes at exit, landlock's attrs,
    sembuf arrays, struct user_desc; then ones that lie."""
    at_exit, fault = 0x08, 0x02
    mount, quotactl, quotactl_fd = 165, 179, 443
    landlock_create_ruleset, landlock_add_rule, semop, semtimedop, modify_ldt = 444, 445, 65, 220, 154
    process_vm_readv, process_vm_writev = 310, 311
    qcmd = lambda cmd, type_: (cmd << 8) | type_
    q_quotaon, q_getquota, q_setquota, q_getnextquota = 0x800002, 0x800007, 0x800008, 0x800009
    q_getinfo, q_getfmt, q_xgetquota, q_xgetqstat, q_xgetqstatv = 0x800005, 0x800004, 0x5803, 0x5805, 0x5808
    q_xquotarm = 0x5806
    dqblk = struct.pack("<8QI", 1, 2, 3, 4, 5, 6, 7, 8, 0x21)
    return {
        "mount-strings": syscall(mount, -2, (0x7ffd1000, 0x7ffd2000, 0x7ffd3000, 0xc0ed000f, 0x7ffd4000),
                                 [seg(0, b"/dev/sda1"), seg(1, b"/mnt"), seg(2, b"ext4"),
                                  seg(4, b"errors=remount-ro")]),
        "bad-mount-faults": syscall(mount, -14, (0x7ffd1000, 0x7ffd2000, 0x7ffd3000, 1 << 63, 1),
                                    [seg(0, b"", SEG_STR, fault), seg(2, b"", SEG_STR, fault),
                                     seg(4, b"\xff" * 40, SEG_STR, 0x01)]),
        "quotactl-quotaon": syscall(quotactl, -2, (qcmd(q_quotaon, 0), 0x7ffd1000, 4, 0x7ffd2000),
                                    [seg(1, b"/dev/sda1"), seg(3, b"/aquota.user")]),
        "quotactl-getquota": syscall(quotactl, 0, (qcmd(q_getquota, 1), 0x7ffd1000, 1000, 0x7ffd2000),
                                     [seg(1, b"/dev/sda1"), seg(3, dqblk, SEG_BUF, at_exit)]),
        "quotactl-setquota": syscall(quotactl, -1, (qcmd(q_setquota, 2), 0x7ffd1000, 0, 0x7ffd2000),
                                     [seg(1, b"/dev/sda1"), seg(3, dqblk, SEG_BUF)]),
        "quotactl-xgetqstatv": syscall(quotactl, 0, (qcmd(q_xgetqstatv, 0), 0, 0, 0x7ffd2000),
                                       [seg(3, b"\1" + b"\0" * 159, SEG_BUF, at_exit)]),
        "quotactl-fd-getinfo": syscall(quotactl_fd, 0, (3, qcmd(q_getinfo, 0), 0, 0x7ffd2000),
                                       [seg(3, struct.pack("<QQII", 1, 2, 0x10001, 7), SEG_BUF, at_exit)]),
        "bad-quotactl-short": syscall(quotactl, 0, (qcmd(q_getnextquota, 0), 0x7ffd1000, 0, 0x7ffd2000),
                                      [seg(1, b"", SEG_STR, fault), seg(3, dqblk[:40], SEG_BUF, at_exit)]),
        "bad-quotactl-lies": syscall(quotactl, 0, (qcmd(q_xgetquota, 0), 0x7ffd1000, 0, 0x7ffd2000),
                                     [seg(3, b"\2" * 7, SEG_BUF, at_exit), seg(3, b"", SEG_BUF, fault)]),
        "bad-quotactl-stat-short": syscall(quotactl, 0, (qcmd(q_xgetqstat, 0), 0, 0, 0x7ffd2000),
                                           [seg(3, b"\1" * 79, SEG_BUF, at_exit)]),
        "bad-quotactl-fmt-fault": syscall(quotactl_fd, 0, (3, qcmd(q_getfmt, 0), 0, 0x7ffd2000),
                                          [seg(3, b"", SEG_BUF, at_exit | fault),
                                           seg(3, b"\1\2", SEG_BUF)]),
        "bad-quotactl-rm-short": syscall(quotactl, -1, (qcmd(q_xquotarm, 0), 0, 0, 0x7ffd2000),
                                         [seg(3, b"\1\2\3", SEG_BUF)]),
        # landlock (decode-landlock.c), semop (decode-sem.c), modify_ldt (decode-ldt.c)
        "landlock-ruleset": syscall(landlock_create_ruleset, 3, (0x7ffd1000, 16, 0),
                                    [seg(0, struct.pack("<Q", 0x2001), SEG_BUF)]),
        "landlock-rule": syscall(landlock_add_rule, -9, (-1, 1, 0x7ffd1000, 0),
                                 [seg(2, struct.pack("<Qi", 5, -1), SEG_BUF)]),
        "bad-landlock-short": syscall(landlock_add_rule, -9, (-1, 1, 0x7ffd1000, 0),
                                      [seg(2, b"\1" * 11, SEG_BUF), seg(0, b"\2" * 3, SEG_BUF)]),
        "semtimedop": syscall(semtimedop, 0, (5, 0x7ffd1000, 2, 0x7ffd2000),
                              [seg(1, struct.pack("<Hhh", 0, 1, 0x1000) * 2, SEG_BUF, at_exit),
                               seg(3, struct.pack("<qq", 1, 2), SEG_BUF)]),
        "bad-semop-lies": syscall(semop, -14, (5, 0x7ffd1000, 1 << 40),
                                  [seg(1, b"\3" * 7, SEG_BUF, at_exit | 0x01)]),
        "modify-ldt": syscall(modify_ldt, 0xffffffda, (1, 0x7ffd1000, 16),
                              [seg(1, struct.pack("<IIII", 0xffffffff, 0, 0, 0xff), SEG_BUF)]),
        "bad-modify-ldt-short": syscall(modify_ldt, 0xfffff000, (1, 0x7ffd1000, 16),
                                        [seg(1, b"\4" * 15, SEG_BUF)]),
        "process-vm-readv": syscall(process_vm_readv, 3, (42, 0x7ffd1000, 1, 0x7ffd2000, 2, 0),
                                    [seg(1, struct.pack("<QQ", 0x7ffd3000, 5), SEG_BUF, at_exit),
                                     seg(1, b"abc", SEG_BUF, at_exit),
                                     seg(3, struct.pack("<QQ", 0x1000, 1 << 62) * 2, SEG_BUF, at_exit)]),
        "bad-process-vm-lies": syscall(process_vm_writev, -14, (42, 0x7ffd1000, 1 << 40, 0x7ffd2000, 1 << 40, 0),
                                       [seg(1, b"\5" * 17, SEG_BUF, at_exit), seg(1, b"", SEG_BUF, at_exit | fault),
                                        seg(3, b"\6" * 9, SEG_BUF, at_exit)]),
    }


def decodes(outdir):
    """Records for fuzz-decode.c: one per file, the segments each syscall's
    row in engine/syscall-table/syscalls.def captures, then hostile ones."""
    u32 = lambda v: struct.pack("<I", v)
    at_exit = 0x08
    fault = 0x02
    sun = struct.pack("<H", 1) + b"sock.path\0"
    iov = struct.pack("<QQQQ", 0x7ffd2000, 5, 0x7ffd3000, 3)
    nr = dict(read=0, write=1, openat=257, stat=4, fstat=5, readv=19, writev=20, accept=43,
              recvfrom=45, getsockopt=55, setsockopt=54, getsockname=51, connect=42,
              execve=59, setresuid=117, rt_sigaction=13, clone3=435, futex=202, poll=7,
              getdents64=217, pipe2=293, ioctl=16, mmap=9, wait4=61, unknown=500)
    files = {
        "read": syscall(nr["read"], 5, (3, 0x7ffd1000, 64),
                        [seg(1, b"hello", SEG_BUF, at_exit)]),
        "write-cut": syscall(nr["write"], 64, (1, 0x7ffd1000, 64),
                             [seg(1, b"x" * 40, SEG_BUF, at_exit | 0x01)]),
        "openat": openat(3, "/etc/passwd", O_CLOEXEC),
        "stat-fault": syscall(nr["stat"], 0, (0x7ffd1000, 0x7ffd2000),
                              [seg(0, b"", SEG_STR, fault), seg(1, b"\0" * 144, SEG_BUF, at_exit)]),
        "readv": syscall(nr["readv"], 8, (3, 0x7ffd1000, 2),
                         [seg(1, iov, SEG_BUF, at_exit), seg(1, b"hello", SEG_BUF, at_exit),
                          seg(1, b"abc", SEG_BUF, at_exit)]),
        "writev-partial": syscall(nr["writev"], -14, (3, 0x7ffd1000, 9),
                                  [seg(1, iov[:16], SEG_BUF, at_exit),
                                   seg(1, b"hello", SEG_BUF, at_exit)]),
        "accept": syscall(nr["accept"], 4, (3, 0x7ffd1000, 0x7ffd2000),
                          [seg(2, u32(110), SEG_BUF), seg(2, u32(len(sun)), SEG_BUF, at_exit),
                           seg(1, sun, SEG_BUF, at_exit)]),
        "recvfrom": syscall(nr["recvfrom"], 1, (5, 0x7ffd1000, 1, 0, 0x7ffd2000, 0x7ffd3000),
                            [seg(1, b"A", SEG_BUF, at_exit), seg(5, u32(16), SEG_BUF),
                             seg(5, u32(12), SEG_BUF, at_exit), seg(4, sun, SEG_BUF, at_exit)]),
        "getsockopt": syscall(nr["getsockopt"], 0, (3, 1, 13, 0x7ffd1000, 0x7ffd2000),
                              [seg(4, u32(8), SEG_BUF), seg(4, u32(3), SEG_BUF, at_exit),
                               seg(3, b"\1\0\0", SEG_BUF, at_exit)]),
        "setsockopt": syscall(nr["setsockopt"], 0, (3, 1, 17, 0x7ffd1000, 12),
                              [seg(3, b"\0" * 12, SEG_BUF, at_exit)]),
        "connect-short": syscall(nr["connect"], -111, (3, 0x7ffd1000, 110),
                                 [seg(1, sun[:3], SEG_BUF, at_exit)]),
        "execve": syscall(nr["execve"], 0, (0x7ffd1000, 0x7ffd2000, 0x7ffd3000),
                          [seg(0, b"/bin/true"), seg(1, b"true"), seg(1, b"-x"),
                           seg(2, u32(3), SEG_COUNT)]),
        # -v: the environment's strings, one unreadable, fewer than counted
        "execve-env": syscall(nr["execve"], -2, (0x7ffd1000, 0x7ffd2000, 0x7ffd3000),
                              [seg(0, b"/x"), seg(2, u32(40), SEG_COUNT), seg(2, b"A=1"),
                               seg(2, b"B=\x01\"", SEG_STR, SEGF_TRUNC | SEGF_AT_EXIT),
                               seg(2, struct.pack("<Q", 0x7ffd4000), SEG_STR, SEGF_FAULT),
                               seg(2, b"\x01\x02", SEG_STR, SEGF_FAULT)]),
        "setresuid": syscall(nr["setresuid"], -1, ((1 << 32) - 1, 0xffff0000, 0xdead00000001)),
        "rt_sigaction": syscall(nr["rt_sigaction"], 0, (2, 0x7ffd1000, 0x7ffd2000, 8),
                                [seg(1, b"\0" * 32, SEG_BUF, at_exit),
                                 seg(2, b"\xff" * 32, SEG_BUF, at_exit)]),
        "clone3-short": syscall(nr["clone3"], 1234, (0x7ffd1000, 88),
                                [seg(0, b"\0" * 20, SEG_BUF, at_exit)]),
        "futex": syscall(nr["futex"], -110, (0x7ffd1000, 0x80, 1, 0x7ffd2000),
                         [seg(3, struct.pack("<qq", 1, 5), SEG_BUF, at_exit)]),
        "poll": syscall(nr["poll"], 1, (0x7ffd1000, 2, 100),
                        [seg(0, struct.pack("<ihh", 3, 1, 1) * 2, SEG_BUF, at_exit)]),
        "getdents64": syscall(nr["getdents64"], 96, (3, 0x7ffd1000, 4096),
                              [seg(1, u32(4), SEG_COUNT, at_exit)]),
        "ioctl-fddev": syscall(nr["ioctl"], 0, (1, 0x5401, 0x7ffd1000),
                               [seg(0, struct.pack("<II", 0o20000, 0x8800001), SEG_FDDEV,
                                    at_exit)]),
        "unknown": syscall(nr["unknown"], -38, (1, 2, 3, 4, 5, 6)),
        "noreturn": syscall(NR["exit_group"], 0, (0,), flags=1),
        # the time family (decode-time.c)
        "setitimer": syscall(38, 0, (0, 0x7ffd1000, 0x7ffd2000),
                             [seg(1, struct.pack("<4q", 1, 2, 3, -4), SEG_BUF, at_exit),
                              seg(2, struct.pack("<4q", 1, 2, 3, 4)[:24], SEG_BUF, at_exit)]),
        "timer_create": syscall(222, 0, (1, 0x7ffd1000, 0x7ffd2000),
                                [seg(1, struct.pack("<QiiQQ", 7, 14, 2, 9, 9) + b"\0" * 32,
                                     SEG_BUF, at_exit), seg(2, u32(5), SEG_BUF, at_exit)]),
        "adjtimex-short": syscall(159, 5, (0x7ffd1000,), [seg(0, b"\1" * 100, SEG_BUF, at_exit)]),
        "utimensat": syscall(280, 0, (AT_FDCWD, 0x7ffd1000, 0x7ffd2000, 0x100),
                             [seg(1, b"f"), seg(2, struct.pack("<4q", 1, (1 << 30) - 1, -1, 5),
                                                 SEG_BUF, at_exit)]),
        # signals, scheduling and processes (decode-proc.c)
        "rt_sigqueueinfo": syscall(129, 0, (1, 10, 0x7ffd1000),
                                   [seg(2, struct.pack("<iiiiII", 10, -1, -1, 0, 7, 2 ** 32 - 1)
                                        + b"\0" * 104, SEG_BUF, at_exit)]),
        "waitid-short": syscall(247, 0, (1, 7, 0x7ffd1000, 4, 0x7ffd2000),
                                [seg(2, struct.pack("<iii", 17, 0, 1), SEG_BUF, at_exit),
                                 seg(4, b"\xff" * 100, SEG_BUF, at_exit)]),
        "sched_setattr-e2big": syscall(314, -7, (0, 0x7ffd1000, 0),
                                       [seg(1, u32(200), SEG_BUF),
                                        seg(1, u32(56) + b"\xff" * 30, SEG_BUF, at_exit)]),
        "sched_getattr": syscall(315, 0, (0, 0x7ffd1000, 56, 0),
                                 [seg(1, u32(56) + b"\1" * 52, SEG_BUF, at_exit)]),
        "sched_getaffinity": syscall(204, 64, (0, 128, 0x7ffd1000),
                                     [seg(2, b"\xa5" * 64, SEG_BUF, at_exit)]),
        "kcmp-slot": syscall(312, -3, (1, 1, 7, 3, 0x7ffd1000),
                             [seg(4, b"\1\2\3", SEG_BUF, at_exit)]),
        "statfs": syscall(137, 0, (0x7ffd1000, 0x7ffd2000),
                          [seg(0, b"/"), seg(1, struct.pack("<15q", 0xef53, 4096, 1, 1, 1, 1, 1, 7, 255,
                                                            4096, 0x20, 0, 0, 0, 0), SEG_BUF, at_exit)]),
        "mincore-short": syscall(27, 0, (0x7ffd1000, 1 << 20, 0x7ffd2000),
                                 [seg(2, b"\1" * 7, SEG_BUF, at_exit)]),
        "reboot": syscall(169, -22, (0xfee1dead, 85072278, 0xa1b2c3d4, 0x7ffd1000),
                          [seg(3, b"x" * 40, SEG_STR, 0x01)]),
        "clock_nanosleep": syscall(230, -516, (0, 0, 0x7ffd1000, 0x7ffd2000),
                                   [seg(2, struct.pack("<2q", 0, 10), SEG_BUF, at_exit),
                                    seg(3, b"\0" * 15, SEG_BUF, at_exit)]),
    }
    files.update(net_decodes())
    files.update(sys_decodes())
    files.update(keys_file_decodes())
    files.update(bpf_decodes())
    files.update(ioctl_decodes())
    files.update(ctl_decodes())
    files.update(mm_decodes())
    files.update(misc_decodes())
    # hostile: lengths that lie, truncations, wrong types
    ok = files["accept"]
    files["bad-seg-len"] = ok[:104 + 4] + struct.pack("<H", 900) + ok[104 + 6:]
    files["bad-seg-type"] = ok[:104 + 1] + bytes([77]) + ok[104 + 2:]
    files["bad-seg-arg"] = ok[:104] + bytes([9]) + ok[104 + 1:]
    files["bad-fddev-len"] = syscall(nr["ioctl"], 0, (1, 0x5401, 0),
                                     [seg(0, b"\0" * 4, SEG_FDDEV, at_exit)])
    files["bad-truncated"] = ok[: len(ok) - 9]
    files["bad-nseg"] = syscall(nr["readv"], 8, (3, 0, 2), [seg(1, iov, SEG_BUF, at_exit)],
                                nseg=200)
    files["bad-payload-len"] = syscall(nr["read"], 5, (3, 0, 5),
                                       [seg(1, b"hello", SEG_BUF, at_exit)], payload_len=4000)
    files["bad-size"] = syscall(nr["read"], size=200)
    files["bad-version"] = bytes([9]) + ok[1:]
    files["bad-header-only"] = ok[:24]
    for name, data in files.items():
        write(outdir, "decode", name + ".bin", data)


def renders(outdir):
    """Inputs for fuzz-render.c: an options byte, then records as an 'E'
    frame carries them (syscalls, lifecycle, signals)."""
    ev_thread, ev_thread_exit, ev_signal = 6, 7, 8

    def signal(sig, code, pid=77, status=0, tgid=ROOT):
        info = struct.pack("<iii4xIIiiqq", sig, 0, code, pid, 0, status, 0, 0, 0)
        body = struct.pack("<iI", sig, 0) + info[:48]
        return header(ev_signal, 24 + len(body), tgid) + body

    thread = header(ev_thread, 24 + PROC.size + 8, ROOT) + PROC.pack(ROOT, 0, 0, b"t") + b"\0" * 8
    texit = header(ev_thread_exit, 24 + PROC.size + 8, ROOT) + PROC.pack(0, 0, 0, b"t") + b"\0" * 8
    write_ = syscall(1, 6, (1, 0, 6), [seg(1, b"a\x01\xc3\xa9\"\\", SEG_BUF)])
    records = (openat(3, "/etc/passwd") + write_ + thread + signal(17, 1) + signal(11, 1) +
               signal(10, 0) + signal(35, -1) + texit + proc(EV_EXIT, ROOT, code=9))
    for i, opts in enumerate([0x00, 0x01, 0x02, 0x04, 0x08, 0x10, 0x60, 0x80, 0xff]):
        write(outdir, "render", "records-%02x.bin" % opts, bytes([opts]) + records)
    # -yy (options bit 0x08): pipes and sockets named from what the kernel
    # read at the call, lying name lengths and short segments among them
    seg_fdinfo = 6

    def fdinfo(fd, ino, mode=0o140000, family=0, proto=b"", sport=0, dport=0, src=b"",
               dst=b"", peer=0, name=b"", name_len=None, portid=0, protocol=0):
        return seg(0, struct.pack("<iIQQHHHHII16s16s32s108sI", fd, mode, ino, peer, family, sport,
                                  dport, len(name) if name_len is None else name_len, protocol,
                                  portid, src, dst, proto, name, 0), seg_fdinfo, SEGF_AT_EXIT)

    fds = (syscall(293, 0, (0, 0), [seg(0, struct.pack("<ii", 3, 4), SEG_BUF),
                                    fdinfo(3, 77, 0o10000), fdinfo(4, 77, 0o10000)]) +
           syscall(1, 1, (4, 0, 1), [seg(1, b"p", SEG_BUF)]) +
           syscall(41, 5, (2, 1, 0), [fdinfo(5, 88, family=2, proto=b"TCP")]) +
           syscall(42, 0, (5, 0, 16), [fdinfo(5, 88, family=2, proto=b"TCP", sport=4000,
                                               dport=80, src=b"\x7f\0\0\1", dst=b"\x7f\0\0\1")]) +
           syscall(1, 1, (5, 0, 1), [seg(1, b"t", SEG_BUF)]) +
           syscall(43, 6, (7, 0, 0), [fdinfo(6, 90, family=1, proto=b"UNIX-STREAM", peer=91,
                                              name=b"\0abstract", name_len=65535)]) +
           syscall(41, 7, (16, 3, 0), [fdinfo(7, 92, family=16, proto=b"NETLINK" * 5,
                                               portid=9, protocol=99)]) +
           syscall(41, 8, (10, 2, 0), [fdinfo(8, 93, family=10, proto=b"UDPv6", sport=53,
                                               src=b"\xff" * 16)]) +
           syscall(41, 9, (2, 1, 0), [seg(0, b"\0" * 40, seg_fdinfo, SEGF_AT_EXIT)]) +
           syscall(1, 1, (6, 0, 1), [seg(1, b"u", SEG_BUF)]) + proc(EV_EXIT, ROOT))
    write(outdir, "render", "fdinfo-08.bin", bytes([0x08]) + fds)
    write(outdir, "render", "signal-short.bin", bytes([0]) + signal(17, 1)[:40])
    write(outdir, "render", "exit-short.bin", bytes([0]) + proc(EV_EXIT, ROOT)[:30])


def causals(outdir):
    """Record streams for the causal engine (tests/fuzz/fuzz-causal.c):
    every edge kind, causes arriving after their effects, and lies."""
    EV_THREAD, EV_THREAD_EXIT, EV_SIGNAL = 6, 7, 8
    SEG_CAUSAL = 5
    PIPE, USTREAM, UDGRAM, EVENTFD, WAITID = 1, 2, 3, 4, 5
    nr = dict(read=0, write=1, clone=56, wait4=61, kill=62, futex=202, tgkill=234,
              recvfrom=45, sendto=44, waitid=247, execve=59, getpid=39)

    def hdr(kind, size, tgid, tid, ts):
        return HEADER.pack(EVENT_VERSION, kind, size, SESSION, ts, tgid, tid)

    def sc(tid, name, ret=0, args=(), ts=1000, dur=100, causal=None, tgid=None, flags=0):
        payload = b""
        nseg = 0
        if causal:
            kind, ino, value = causal[:3]
            cflags = causal[3] if len(causal) > 3 else 0
            payload = seg(0, struct.pack("<QIIQII", ino, 9, kind, value, cflags, 0),
                          SEG_CAUSAL, SEGF_AT_EXIT)
            nseg = 1
        args = (list(args) + [0] * 6)[:6]
        body = SYSCALL.pack(nr[name], 0, flags, *[a & (1 << 64) - 1 for a in args], ret, dur,
                            len(payload), nseg)
        return hdr(EV_SYSCALL, HEADER.size + SYSCALL.size + len(payload), tgid or tid, tid,
                   ts) + body + payload

    def pr(kind, tgid, tid, ppid=0, code=0, ts=1000):
        body = struct.pack("<IiQ16sIHH", ppid, code, 0, b"prog", 0, 0, 0)
        extra = b"\0" * 256 if kind in (EV_EXEC,) else b""
        return hdr(kind, HEADER.size + len(body) + len(extra), tgid, tid, ts) + body + extra

    def sig(tid, signo, code, frm, ts):
        info = struct.pack("<iii4xI", signo, 0, code, frm) + b"\0" * 28
        return hdr(EV_SIGNAL, HEADER.size + 8 + 48, tid, tid, ts) + struct.pack("<iI", signo, 0) + info

    files = {}
    files["pipe-pingpong"] = b"".join([
        pr(EV_FORK, 101, 101, 100, 100, 10),
        sc(100, "write", 4, (4, 0, 4), 100, causal=(PIPE, 7, 4)),
        sc(101, "read", 4, (3, 0, 4), 90, causal=(PIPE, 7, 4)),
        sc(101, "write", 4, (6, 0, 4), 200, causal=(PIPE, 8, 4)),
        sc(100, "read", 4, (5, 0, 4), 150, causal=(PIPE, 8, 4)),
        pr(EV_EXIT, 101, 101, 100, 0, 300),
        sig(100, 17, 1, 101, 310),
        sc(100, "wait4", 101, (101,), 250, 100),
        pr(EV_EXIT, 100, 100, 1, 0, 400),
    ])
    # the read's record first: the writer was preempted before its exit
    files["read-before-write"] = b"".join([
        sc(200, "read", 8, (3, 0, 8), 90, causal=(PIPE, 5, 8)),
        sc(200, "getpid", 200, (), 300),
        sc(100, "write", 3, (4, 0, 3), 50, causal=(PIPE, 5, 3)),
        sc(100, "write", 5, (4, 0, 5), 60, causal=(PIPE, 5, 5)),
    ])
    files["socket-eventfd"] = b"".join([
        sc(100, "sendto", 40, (3,), 10, causal=(UDGRAM, 9, 40)),
        sc(200, "recvfrom", 10, (4,), 20, causal=(UDGRAM, 9, 10)),
        sc(100, "write", 12, (3,), 30, causal=(USTREAM, 10, 12)),
        sc(200, "read", 12, (4,), 40, causal=(USTREAM, 10, 12)),
        sc(100, "write", 8, (5,), 50, causal=(EVENTFD, 1, 3, 2)),
        sc(200, "read", 8, (5,), 60, causal=(EVENTFD, 1, 3, 2)),
        sc(200, "read", 8, (5,), 70, causal=(EVENTFD, 1, 1, 3)),
        sc(100, "waitid", 0, (1, 101, 0), 80, causal=(WAITID, 0, 101)),
    ])
    files["futex-signal"] = b"".join([
        pr(EV_THREAD, 100, 101, 100, 0, 5),
        sc(101, "futex", 0, (0x1000, 128), 10, 500, tgid=100),
        sc(100, "futex", 1, (0x1000, 129, 1), 100, 20, tgid=100),
        sc(100, "getpid", 100, (), 200, tgid=100),
        sig(300, 10, 0, 100, 600),
        sc(100, "kill", 0, (300, 10), 550, 20, tgid=100),
        sc(100, "tgkill", 0, (300, 300, 12), 650, 20, tgid=100),
        sig(300, 12, -6, 100, 700),
        pr(EV_THREAD_EXIT, 100, 101, 0, 0, 800),
        pr(EV_EXEC, 100, 100, 101, 0, 900),
    ])
    # lies: sizes, kinds, units, a cause that never comes, a recycled tid
    files["lies"] = b"".join([
        sc(100, "read", 1 << 50, (3,), 10, causal=(PIPE, 5, 1 << 50)),
        sc(100, "read", 4, (3,), 20, causal=(99, 5, 4)),
        sc(100, "read", 4, (3,), 30, causal=(EVENTFD, 5, 4)),
        sc(100, "wait4", 12345, (-1,), 40),
        pr(EV_FORK, 100, 100, 100, 100, 50),
        pr(EV_FORK, 101, 101, 100, 0, 60),
        pr(EV_EXIT, 101, 101, 100, 0, 70),
        pr(EV_FORK, 101, 101, 100, 100, 80),
        sc(101, "getpid", 101, (), 90),
        hdr(EV_FORK, 40, 1, 1, 1) + b"\0" * 16,
        sc(100, "read", 4, (3,), 30, causal=(PIPE, 5, 4))[:120],
    ])
    for name, data in files.items():
        write(outdir, "causal", name + ".bin", data)


def main():
    outdir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "corpus")
    requests(outdir)
    filters(outdir)
    sessions(outdir)
    decodes(outdir)
    renders(outdir)
    causals(outdir)


if __name__ == "__main__":
    main()
