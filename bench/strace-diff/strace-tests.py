#!/usr/bin/env python3
"""Differential check of renacerctl against strace 6.1 on strace's own tests.

strace's test programs (tests/*.c of its source package) call each syscall
with valid, invalid and edge-case arguments. Each selected program is built
in a configured strace source tree, then run once under `strace -f` and once
under `renacerctl run -f`, both with address randomisation off (setarch -R)
in a fresh scratch directory with the same environment, so that pointers in
the two traces are the same. Lines are compared per syscall as multisets:
a strace line counts as matched when renacer printed the identical line.

  overall   matched lines of all syscalls / strace's lines
  targeted  the same for the syscalls each test exercises (its name, or the
            -e trace= set gen_tests.in gives it)

    strace-tests.py --strace-src DIR --renacerctl PATH [--tests a,b,...]
                    [--report F] [--show-diffs N] [--jobs N]

DIR is an unpacked, configured strace 6.1 source tree (`apt-get source
strace && cd strace-6.1 && ./configure --enable-mpers=no`); the programs are
built there with `make -C tests NAME`. Needs root (renacerctl in-process or
a running renacerd) and strace on PATH.
"""
import argparse
import collections
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_LIST = os.path.join(HERE, "strace-tests.list")

PREFIX = re.compile(r"^(\[pid\s+\d+\]\s+|\d+\s+)")
RESUMED = re.compile(r"^<\.\.\. (?P<name>\w+) resumed>(?P<tail>.*)$")
NAME = re.compile(r"^([a-z_][a-z0-9_]*)\(")


def gen_tests_targets(src):
    """test name -> set of syscall names from `-e trace=` in gen_tests.in
    (ioctl for the tests run by ioctl.test and ioctl-success.sh)."""
    out = {}
    path = os.path.join(src, "tests", "gen_tests.in")
    with open(path) as f:
        for line in f:
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.split(None, 1)
            name, opts = parts[0], parts[1] if len(parts) > 1 else ""
            m = re.search(r"(?:-e\s*trace=|--trace=|-etrace=)([^\s]+)", opts)
            if m and not m.group(1).startswith(("%", "/", "!")):
                out[name] = set(m.group(1).split(","))
            # the ioctl tests' runners trace ioctl alone (tests/ioctl.test)
            elif opts.startswith(("+ioctl.test", "+ioctl-success.sh")):
                out[name] = {"ioctl"}
    return out


def normalize(path, pids, exe):
    """(name, line) for every syscall line of a trace, from exe's execve."""
    out = []
    pending = {}
    started = False
    try:
        f = open(path, errors="replace")
    except OSError:
        return out
    with f:
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
            n = NAME.match(line)
            if not n:
                continue
            # the lines of the shell that records the pid are not the test's
            if not started:
                if not line.startswith('execve("%s"' % exe):
                    continue
                started = True
            line = re.sub(r"\)\s+= ", ") = ", line, count=1)
            line = line.rstrip()
            for p in pids:
                line = re.sub(r"\b%s\b" % p, "PID", line)
            out.append((n.group(1), line))
    return out


def trace_pids(path):
    pids = set()
    try:
        with open(path, errors="replace") as f:
            for line in f:
                m = PREFIX.match(line)
                if m:
                    pids.add(re.sub(r"\D", "", m.group(1)))
                m = re.search(r"^(?:clone|clone3|fork|vfork)\(.*\) = (\d+)$", line)
                if m:
                    pids.add(m.group(1))
    except OSError:
        pass
    return pids


def build(src, name):
    exe = os.path.join(src, "tests", name)
    if os.path.exists(exe):
        return exe
    r = subprocess.run(["make", "-s", "-C", os.path.join(src, "tests"), name],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return exe if r.returncode == 0 and os.path.exists(exe) else None


def run_one(exe, renacerctl, timeout):
    work = tempfile.mkdtemp(prefix="renacer-st-")
    s = os.path.join(work, "s.trace")
    r = os.path.join(work, "r.trace")
    env = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LC_ALL": "C"}
    rc = []
    pidfiles = [os.path.join(work, "s.pid"), os.path.join(work, "r.pid")]
    # the shell records the pid the test runs as, then becomes the test
    wrap = ["/bin/sh", "-c", 'echo $$ > "$0"; exec "$1"']
    for pf, cmd in zip(pidfiles, (
            ["setarch", "-R", "strace", "-f", "-o", s, "--"] + wrap + [pidfiles[0], exe],
            ["setarch", "-R", renacerctl, "run", "-f", "-o", r, "--"] + wrap + [pidfiles[1], exe])):
        try:
            p = subprocess.run(cmd, env=env, cwd=work, stdin=subprocess.DEVNULL,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               timeout=timeout)
            rc.append(p.returncode)
        except subprocess.TimeoutExpired:
            rc.append(None)
    pids = trace_pids(s) | trace_pids(r)
    for pf in pidfiles:
        try:
            with open(pf) as f:
                pids.add(f.read().strip())
        except OSError:
            pass
    res = normalize(s, pids, exe), normalize(r, pids, exe), rc
    shutil.rmtree(work, ignore_errors=True)
    return res


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--strace-src", required=True)
    ap.add_argument("--renacerctl", required=True)
    ap.add_argument("--tests", help="comma-separated test names (default: strace-tests.list)")
    ap.add_argument("--report")
    ap.add_argument("--show-diffs", type=int, default=0)
    ap.add_argument("--timeout", type=float, default=20)
    a = ap.parse_args()
    if not shutil.which("strace"):
        print("SKIP: strace is not installed")
        return 77
    src = os.path.abspath(a.strace_src)
    renacerctl = os.path.abspath(a.renacerctl)
    if a.tests:
        tests = a.tests.split(",")
    else:
        with open(DEFAULT_LIST) as f:
            tests = [l.split("#")[0].strip() for l in f]
        tests = [t for t in tests if t]
    targets = gen_tests_targets(src)

    rows, diffs = [], []
    tot = collections.Counter()
    per = collections.defaultdict(lambda: [0, 0])
    skipped = []
    for t in tests:
        exe = build(src, t)
        if not exe:
            skipped.append(t)
            continue
        s, r, rc = run_one(exe, renacerctl, a.timeout)
        if not s:
            skipped.append(t)
            continue
        tgt = targets.get(t, {t.split("-")[0]})
        m_all = n_all = m_tgt = n_tgt = 0
        for name in {n for n, _ in s}:
            sl = collections.Counter(l for n, l in s if n == name)
            rl = collections.Counter(l for n, l in r if n == name)
            both = sum((sl & rl).values())
            cnt = sum(sl.values())
            m_all += both
            n_all += cnt
            if name in tgt:
                m_tgt += both
                n_tgt += cnt
                per[name][0] += both
                per[name][1] += cnt
                for line in list((sl - rl).elements())[:50]:
                    diffs.append((t, "strace ", line))
                for line in list((rl - sl).elements())[:50]:
                    diffs.append((t, "renacer", line))
        tot.update(m_all=m_all, n_all=n_all, m_tgt=m_tgt, n_tgt=n_tgt)
        rows.append((t, m_all, n_all, m_tgt, n_tgt))

    def pct(m, n):
        return 100.0 * m / n if n else 100.0

    out = ["| test | all lines | matched | targeted lines | matched |",
           "|---|---:|---:|---:|---:|"]
    for t, ma, na, mt, nt in rows:
        out.append(f"| {t} | {na} | {pct(ma, na):.1f}% | {nt} | {pct(mt, nt):.1f}% |")
    out += ["", "| targeted syscall | lines | matched |", "|---|---:|---:|"]
    for name in sorted(per):
        m, n = per[name]
        out.append(f"| {name} | {n} | {pct(m, n):.1f}% |")
    out += ["",
            f"tests run: {len(rows)}; not built or no strace output: {len(skipped)}"
            + (f" ({', '.join(skipped)})" if skipped else ""),
            f"overall: {tot['m_all']} of {tot['n_all']} lines identical "
            f"({pct(tot['m_all'], tot['n_all']):.2f}%)",
            f"targeted: {tot['m_tgt']} of {tot['n_tgt']} lines identical "
            f"({pct(tot['m_tgt'], tot['n_tgt']):.2f}%)"]
    text = "\n".join(out)
    print(text)
    if a.show_diffs:
        print("\nfirst differing targeted lines:")
        for t, who, line in diffs[: a.show_diffs]:
            print(f"  {t} [{who}] {line}")
    if a.report:
        with open(a.report, "w") as f:
            f.write(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
