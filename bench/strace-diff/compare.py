#!/usr/bin/env python3
"""Differential check of renacerctl's decoded output against strace.

Each program is traced with `renacerctl run -f -s 32 -o R -- CMD` and with
`strace -f -s 32 -o S -- CMD`. Both outputs are normalized (pointers, pids,
timestamps, the pid prefix; strace's unfinished/resumed halves are joined)
and, for every syscall in the issue's list, the multisets of normalized lines
are compared: a line agrees when the other tool printed the identical line.

    compare.py --renacerctl PATH [--subset] [--min-agreement 95] [--report F]

Exits 1 when the overall agreement is below --min-agreement (used by the CI
subset); the full run is the bench report.
"""
import argparse
import collections
import os
import re
import shutil
import subprocess
import sys
import tempfile

SYSCALLS = set("""
openat open creat close read write pread64 pwrite64 readv writev lseek fcntl dup dup2 dup3
pipe2 ioctl access faccessat2 newfstatat fstat stat lstat statx getdents64 unlinkat mkdirat
renameat2 readlinkat chdir getcwd mmap munmap mprotect brk execve clone clone3 fork vfork
wait4 exit_group kill tgkill socket connect accept4 bind listen sendto recvfrom poll ppoll
epoll_wait epoll_ctl futex nanosleep clock_nanosleep getrandom rt_sigaction rt_sigprocmask
prlimit64 arch_prctl set_tid_address set_robust_list rseq uname
""".split())

WORK = tempfile.mkdtemp(prefix="renacer-diff-")
C_PROG = os.path.join(WORK, "hello.c")
with open(C_PROG, "w") as f:
    f.write('#include <stdio.h>\nint main(void) { puts("hello"); return 0; }\n')
DATA = os.path.join(WORK, "data.txt")
with open(DATA, "w") as f:
    f.write("".join(f"line {i} {'abc' * (i % 7)}\n" for i in range(200)))


def programs(threads_prog):
    sh = "/bin/sh"
    p = [
        ["ls", "/"],
        ["ls", "-la", "/etc/apt"],
        ["cat", "/etc/hostname"],
        ["head", "-n", "3", "/etc/passwd"],
        ["tail", "-n", "2", "/etc/passwd"],
        ["wc", "-l", DATA],
        ["sort", DATA],
        ["cut", "-d", " ", "-f", "1", DATA],
        ["true"],
        ["echo", "hello", "world"],
        ["stat", "/etc"],
        ["du", "-s", "/etc/apt"],
        ["id"],
        ["uname", "-a"],
        ["pwd"],
        ["readlink", "-f", "/bin/sh"],
        ["sha256sum", DATA],
        ["gzip", "-c", DATA],
        [sh, "-c", "ls / | wc -l"],
        [sh, "-c", f"cat {DATA} | grep 'line 1' | wc -l"],
        [sh, "-c", f"mkdir -p {WORK}/d/e && rmdir {WORK}/d/e {WORK}/d"],
        [sh, "-c", f"cp {DATA} {WORK}/copy && mv {WORK}/copy {WORK}/moved && rm {WORK}/moved"],
        [sh, "-c", f"ln -sf {DATA} {WORK}/link && readlink {WORK}/link && rm {WORK}/link"],
        ["tar", "cf", os.path.join(WORK, "x.tar"), "-C", "/etc", "apt"],
        ["tar", "tf", os.path.join(WORK, "x.tar")],
        ["find", "/etc/apt", "-name", "*.list"],
        ["python3", "-c", "print(sum(range(10)))"],
        ["gcc", "-c", "-o", os.path.join(WORK, "hello.o"), C_PROG],
        ["env", "-i", "/bin/true"],
        ["sleep", "0.01"],
    ]
    if threads_prog:
        p.append([threads_prog, "50"])
    return p


SUBSET = {0, 2, 3, 8, 9, 13, 18, 19}

PREFIX = re.compile(r"^(\[pid\s+\d+\]\s+|\d+\s+)")
HEX = re.compile(r"0x[0-9a-f]{5,}")
UNFINISHED = re.compile(r"^(?P<pfx>\S+\s+)?(?P<head>.*) <unfinished \.\.\.>$")
RESUMED = re.compile(r"^<\.\.\. (?P<name>\w+) resumed>(?P<tail>.*)$")
PIDISH = {"getpid", "gettid", "getppid", "set_tid_address", "clone", "clone3", "fork", "vfork",
          "wait4", "kill", "tgkill"}
VARYING = {"getrandom", "clock_gettime", "clock_nanosleep", "nanosleep"}


def normalize(path, is_strace):
    """Return a list of (name, normalized line)."""
    pending = {}
    out = []
    with open(path, errors="replace") as f:
        for raw in f:
            line = raw.rstrip("\n")
            m = PREFIX.match(line)
            pid = None
            if m:
                pid = re.sub(r"\D", "", m.group(1))
                line = line[m.end():]
            if line.startswith(("+++", "---", "renacer", "strace:")):
                continue
            if line.endswith("<unfinished ...>"):
                pending[pid] = line[: -len(" <unfinished ...>")]
                continue
            r = RESUMED.match(line)
            if r:
                head = pending.pop(pid, None)
                if head is None:
                    continue
                line = head + r.group("tail")
            name = line.split("(", 1)[0]
            if name not in SYSCALLS:
                continue
            # strace pads "= " to column 40; renacer too, but after joining
            # resumed halves only the content matters
            line = re.sub(r"\)\s+= ", ") = ", line, count=1)
            line = HEX.sub("0xADDR", line)
            # what the programs themselves vary run to run: gcc's temp
            # names, address ranges read from /proc/self/maps
            line = re.sub(r"/tmp/cc[A-Za-z0-9]{6}", "/tmp/ccTEMP", line)
            line = re.sub(r"[0-9a-f]{8,16}-[0-9a-f]{8,16}", "RANGE", line)
            if name in PIDISH:
                line = re.sub(r"= \d+$", "= PID", line)
                line = re.sub(r"^(kill|tgkill|wait4)\(\d+", r"\1(PID", line)
                line = re.sub(r"^tgkill\(PID, \d+", "tgkill(PID, PID", line)
            if name in VARYING:
                line = re.sub(r"\(.*\)", "(VARIES)", line, count=1)
            line = re.sub(r" <\d+\.\d+>$", "", line)
            out.append((name, line))
    return out


def run(cmd, renacerctl):
    s = os.path.join(WORK, "s.txt")
    r = os.path.join(WORK, "r.txt")
    env = dict(os.environ, LC_ALL="C", PYTHONHASHSEED="0")
    subprocess.run(["strace", "-f", "-s", "32", "-o", s, "--"] + cmd, env=env,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=WORK)
    subprocess.run([renacerctl, "run", "-f", "-s", "32", "-o", r, "--"] + cmd, env=env,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=WORK)
    return normalize(s, True), normalize(r, False)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--renacerctl", required=True)
    ap.add_argument("--threads-prog")
    ap.add_argument("--subset", action="store_true")
    ap.add_argument("--min-agreement", type=float, default=95.0)
    ap.add_argument("--report")
    ap.add_argument("--show-diffs", type=int, default=0)
    a = ap.parse_args()
    # the programs run in a scratch directory: resolve paths first
    a.renacerctl = os.path.abspath(a.renacerctl)
    if a.threads_prog:
        a.threads_prog = os.path.abspath(a.threads_prog)
    if not shutil.which("strace"):
        print("SKIP: strace is not installed")
        return 77

    per = collections.defaultdict(lambda: [0, 0])  # name -> [agree, total]
    rows = []
    diffs = []
    progs = programs(a.threads_prog)
    for i, cmd in enumerate(progs):
        if a.subset and i not in SUBSET:
            continue
        s, r = run(cmd, a.renacerctl)
        agree = total = 0
        names = {n for n, _ in s} | {n for n, _ in r}
        for name in names:
            sl = collections.Counter(l for n, l in s if n == name)
            rl = collections.Counter(l for n, l in r if n == name)
            both = sum((sl & rl).values())
            t = max(sum(sl.values()), sum(rl.values()))
            per[name][0] += both
            per[name][1] += t
            agree += both
            total += t
            for line in (sl - rl):
                diffs.append((" ".join(cmd), "strace", line))
            for line in (rl - sl):
                diffs.append((" ".join(cmd), "renacer", line))
        rows.append((" ".join(cmd)[:60], agree, total))

    lines = ["| program | identical lines | lines | agreement |", "|---|---:|---:|---:|"]
    for cmd, ag, t in rows:
        lines.append(f"| `{cmd}` | {ag} | {t} | {100.0 * ag / max(t, 1):.1f}% |")
    lines += ["", "| syscall | identical | lines | agreement |", "|---|---:|---:|---:|"]
    tot_a = tot_t = 0
    for name in sorted(per):
        ag, t = per[name]
        tot_a += ag
        tot_t += t
        lines.append(f"| {name} | {ag} | {t} | {100.0 * ag / max(t, 1):.1f}% |")
    overall = 100.0 * tot_a / max(tot_t, 1)
    lines += ["", f"overall: {tot_a} of {tot_t} lines identical after normalization "
                  f"({overall:.2f}%), {len(rows)} programs"]
    text = "\n".join(lines)
    print(text)
    if a.show_diffs:
        print("\nfirst differing lines:")
        for d in diffs[: a.show_diffs]:
            print(f"  [{d[1]}] {d[0]}: {d[2]}")
    if a.report:
        with open(a.report, "w") as f:
            f.write(text + "\n")
    shutil.rmtree(WORK, ignore_errors=True)
    return 0 if overall >= a.min_agreement else 1


if __name__ == "__main__":
    sys.exit(main())
