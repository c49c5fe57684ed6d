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
        "filter-nul": '{"op":"session.create","pid":1,"filter":"read\\u0000x"}',
        "filter-long": '{"op":"session.create","pid":1,"filter":"' + "a," * 520 + 'a"}',
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


def main():
    outdir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "corpus")
    requests(outdir)
    filters(outdir)
    sessions(outdir)


if __name__ == "__main__":
    main()
