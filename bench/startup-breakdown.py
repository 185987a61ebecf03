#!/usr/bin/env python3
"""Summarises Spring Boot's start-up trace (GET /actuator/startup of a bot started with
--helmgate.startup-trace=true) as the shares of start-up the biggest steps take.

    curl -s http://127.0.0.1:3001/actuator/startup > startup.json
    bench/startup-breakdown.py startup.json

A step's own time excludes the steps it started (a bean's time excludes the beans it needed), so
the own times add up to the whole start-up and no time is counted twice.
"""
import collections
import json
import re
import sys


def seconds(duration):
    m = re.match(r"PT(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?", duration)
    h, mins, s = (float(g) if g else 0.0 for g in m.groups())
    return h * 3600 + mins * 60 + s


def main(path, top=20):
    events = json.load(open(path))["timeline"]["events"]
    steps = {}
    for e in events:
        step = e["startupStep"]
        tags = {t["key"]: t["value"] for t in step.get("tags", [])}
        name = step["name"] + (" " + tags["beanName"] if "beanName" in tags else "")
        steps[step["id"]] = (name, step.get("parentId"), seconds(e["duration"]))
    children = collections.defaultdict(float)
    for name, parent, d in steps.values():
        if parent is not None:
            children[parent] += d
    own = [(d - children[i], name) for i, (name, parent, d) in steps.items()]
    total = sum(d for d, _ in own)
    print(f"start-up steps: {len(steps)}, {total:.2f} s in all (own times)")
    print("| step | own s | share |")
    print("| --- | ---: | ---: |")
    for d, name in sorted(own, reverse=True)[:top]:
        print(f"| {name} | {d:.2f} | {100 * d / total:.1f} % |")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 20)
