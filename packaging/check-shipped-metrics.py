#!/usr/bin/env python3
"""Check the shipped Grafana dashboard and alert rules against what renacerd
exports.

The dashboard must be a well-formed Grafana dashboard (unique panel ids, a
24-column grid, a Prometheus data source on every query), and every renacer_
metric the dashboard or the rules name must be one the daemon's sources
write. Every alert must also have a promtool unit test in RULES_TEST in which it
fires. Usage: check-shipped-metrics.py DASHBOARD RULES RULES_TEST SOURCE...
"""
import json
import re
import sys

SUFFIXES = ("_bucket", "_sum", "_count")


def fail(msg):
    print(f"check-shipped-metrics: {msg}", file=sys.stderr)
    sys.exit(1)


def exported(sources):
    names = set()
    for path in sources:
        with open(path, encoding="utf-8") as f:
            names.update(re.findall(r'"(renacer_[a-z0-9_]+)', f.read()))
    return names


def known(name, names):
    if name in names:
        return True
    return any(name.endswith(s) and name[: -len(s)] in names for s in SUFFIXES)


def main():
    if len(sys.argv) < 5:
        fail("usage: check-shipped-metrics.py DASHBOARD RULES RULES_TEST SOURCE...")
    names = exported(sys.argv[4:])
    with open(sys.argv[1], encoding="utf-8") as f:
        dash = json.load(f)
    for key in ("title", "uid", "panels", "schemaVersion", "templating"):
        if key not in dash:
            fail(f"{sys.argv[1]}: no '{key}'")
    ids, exprs = set(), []
    for p in dash["panels"]:
        if p.get("id") in ids or not isinstance(p.get("id"), int):
            fail(f"panel '{p.get('title')}': id missing or not unique")
        ids.add(p["id"])
        g = p.get("gridPos", {})
        if not all(isinstance(g.get(k), int) for k in "xywh") or g["x"] + g["w"] > 24:
            fail(f"panel '{p.get('title')}': bad gridPos {g}")
        if p["type"] == "row":
            continue
        if not p.get("targets"):
            fail(f"panel '{p.get('title')}': no queries")
        for t in p["targets"]:
            if t.get("datasource", {}).get("type") != "prometheus" or not t.get("expr"):
                fail(f"panel '{p.get('title')}': a query without a Prometheus data source")
            exprs.append((p["title"], t["expr"]))
    with open(sys.argv[2], encoding="utf-8") as f:
        rules = f.read()
    exprs += [("rules", e) for e in re.findall(r"renacer_[a-z0-9_]+", rules)]
    for title, e in exprs:
        for name in re.findall(r"\b(renacer_[a-z0-9_]+)", e):
            if not known(name, names):
                fail(f"{title}: {name} is not a metric renacerd exports")
    with open(sys.argv[3], encoding="utf-8") as f:
        tests = f.read()
    alerts = re.findall(r"^\s*- alert:\s*(\S+)", rules, re.M)
    firing = set(re.findall(r"alertname:\s*(\S+)\s*\n\s*exp_alerts:\s*\n\s*- exp_labels", tests))
    for a in alerts:
        if a not in firing:
            fail(f"alert {a} has no unit test in {sys.argv[3]} in which it fires")
    print(f"check-shipped-metrics: {len(alerts)} alerts tested, {len(ids)} panels, {len(exprs)} expressions, all metrics known")


main()
