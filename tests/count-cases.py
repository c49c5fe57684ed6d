#!/usr/bin/env python3
"""Count test cases across meson test logs: a cmocka binary counts each of
its cases (from its summary lines), any other test counts once. Prints
'N passed, N failed' (', N skipped' when some were skipped) as the last line."""
import json
import re
import sys

passed = failed = skipped = 0
for path in sys.argv[1:]:
    try:
        lines = open(path).read().splitlines()
    except OSError:
        print(f"count-cases: {path} missing: counted as one failure")
        failed += 1
        continue
    for line in lines:
        t = json.loads(line)
        out = (t.get("stdout") or "") + (t.get("stderr") or "")
        res = t.get("result")
        runs = re.findall(r"\[==========\] (\d+) test\(s\) run\.", out)
        if res == "SKIP":
            skipped += 1
            continue
        if runs and res in ("OK", "FAIL", "EXPECTEDFAIL"):
            p = sum(int(x) for x in re.findall(r"\[  PASSED  \] (\d+) test\(s\)", out))
            f = sum(int(x) for x in re.findall(r"\[  FAILED  \] (\d+) test\(s\)", out))
            s = sum(int(x) for x in re.findall(r"\[  SKIPPED \] (\d+) test\(s\)", out))
            # a group whose setup failed runs nothing but still fails
            if res == "FAIL" and f == 0:
                f = max(1, int(runs[0]) - p)
            passed += p
            failed += f
            skipped += s
        elif res == "OK":
            passed += 1
        else:
            failed += 1
tail = f", {skipped} skipped" if skipped else ""
print(f"{passed} passed, {failed} failed{tail}")
