#!/usr/bin/env python3
"""Check a BPF object's control flow graph as Linux 6.1's verifier does
(check_cfg() in kernel/bpf/verifier.c): a loop is accepted only if its back
edge is a jump. A back edge that is the fall-through of an ordinary
instruction or a call is refused with "back-edge from insn X to Y" before any
instruction is verified (6.18 accepts it). clang lays some loops out
that way (a latch that falls into the loop's header), so an object that loads
on this machine's kernel can fail on Debian 12's 6.1.

  check-cfg.py OBJECT.bpf.o     exit 1 naming each refused edge
  check-cfg.py --self-test      the check on hand-made programs"""
import struct
import sys

BPF_JMP, BPF_JMP32 = 0x05, 0x06
BPF_JA, BPF_CALL, BPF_EXIT = 0x00, 0x80, 0x90
PSEUDO_CALL, PSEUDO_FUNC = 1, 4


def sections(data):
    ehdr = struct.unpack_from('<16sHHIQQQIHHHHHH', data, 0)
    shoff, shentsize, shnum, shstrndx = ehdr[6], ehdr[11], ehdr[12], ehdr[13]
    hdrs = [struct.unpack_from('<IIQQQQIIQQ', data, shoff + i * shentsize) for i in range(shnum)]
    strtab = hdrs[shstrndx]

    def name(off, tab):
        s = data[tab[4] + off:]
        return s[:s.index(b'\0')].decode()
    return [(name(h[0], strtab), h) for h in hdrs], name


def insns(data, h):
    raw = data[h[4]:h[4] + h[5]]
    return [struct.unpack_from('<BBhi', raw, i) for i in range(0, len(raw), 8)]


def check(prog, start, end, relocated=frozenset()):
    """DFS over prog[start:end] from start as kernel/bpf/verifier.c v6.1
    check_cfg() does; return the refused back edges (insn, insn)."""
    DISCOVERED, EXPLORED, FALL, BRANCH = 0x10, 0x20, 1, 2
    state = {start: DISCOVERED}
    stack = [start]
    bad = []

    def push(t, w, e, loop_ok):
        st = state.get(t, 0)
        if st >= (DISCOVERED | e):
            return 0
        if not start <= w < end:
            return 0  # a call into another section: checked on its own
        ws = state.get(w, 0)
        if ws == 0:
            state[t] = DISCOVERED | e
            state[w] = DISCOVERED
            stack.append(w)
            return 1
        if ws & 0xF0 == DISCOVERED:
            if not loop_ok:
                bad.append((t - start, w - start))
            state[t] = DISCOVERED | e
            return 0
        state[t] = DISCOVERED | e
        return 0

    def visit(t):
        code, regs, off, imm = prog[t]
        cls, op = code & 7, code & 0xf0
        src = regs >> 4
        if code == 0x18 and src == PSEUDO_FUNC and t not in relocated:
            return push(t, t + 1, FALL, False) or push(t, t + imm + 1, BRANCH, False)
        if cls not in (BPF_JMP, BPF_JMP32):
            return push(t, t + 1, FALL, False)
        if op == BPF_EXIT:
            return 0
        if op == BPF_CALL:
            r = push(t, t + 1, FALL, False)
            if r or src != PSEUDO_CALL or t in relocated:
                return r
            return push(t, t + imm + 1, BRANCH, False)
        if op == BPF_JA:
            return push(t, t + (imm if cls == BPF_JMP32 else off) + 1, FALL, True)
        return push(t, t + 1, FALL, True) or push(t, t + off + 1, BRANCH, True)

    while stack:
        t = stack[-1]
        if visit(t) == 0:
            state[t] = EXPLORED
            stack.pop()
    return bad


def self_test():
    ld, add, ja, jeq, ex = (0x61, 0, 0, 0), (0x07, 0, 0, 1), 0x05, 0x15, (0x95, 0, 0, 0)
    # i = 0; goto head; latch: i += 1; head: if i == 3 goto out; goto latch... as
    # clang 14 emits emit_syscall's loop: the latch falls into the header
    rotated = [ld, (ja, 0, 1, 0), add, (jeq, 0, -2, 3), ex]
    # the same loop closed by a jump
    closed = [ld, add, (jeq, 0, 1, 3), (ja, 0, -3, 0), ex]
    ok = check(rotated, 0, len(rotated)) == [(2, 3)] and check(closed, 0, len(closed)) == []
    print('self-test: ' + ('ok' if ok else 'FAILED'))
    return 0 if ok else 1


def main():
    if sys.argv[1] == '--self-test':
        return self_test()
    data = open(sys.argv[1], 'rb').read()
    secs, name = sections(data)
    nbad = 0
    symtab = [h for n, h in secs if h[1] == 2]
    funcs = {}
    for h in symtab:
        strh = secs[h[6]][1]
        for i in range(0, h[5], 24):
            st_name, info, _, shndx, value, size = struct.unpack_from('<IBBHQQ', data, h[4] + i)
            if info & 0xf == 2 and size:  # STT_FUNC
                funcs.setdefault(shndx, []).append((value // 8, (value + size) // 8, name(st_name, strh)))
    for idx, (sname, h) in enumerate(secs):
        if h[1] != 1 or not h[2] & 4 or h[5] == 0:  # PROGBITS, SHF_EXECINSTR
            continue
        prog = insns(data, h)
        # calls and callback addresses into other sections (relocated):
        # their targets are checked as functions of their own section
        relocated = set()
        for rn, rh in secs:
            if rh[1] == 9 and rh[7] == idx:  # SHT_REL for this section
                relocated.update(struct.unpack_from('<Q', data, rh[4] + i)[0] // 8
                                 for i in range(0, rh[5], 16))
        for start, end, fname in sorted(funcs.get(idx, [(0, len(prog), sname)])):
            for t, w in check(prog, start, end, relocated):
                print(f'{sname} {fname}: back-edge from insn {t} to {w} (the fall-through of '
                      f'an instruction that is not a jump: refused by Linux 6.1)')
                nbad += 1
    return 1 if nbad else 0


if __name__ == '__main__':
    sys.exit(main())
