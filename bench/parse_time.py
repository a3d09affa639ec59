#!/usr/bin/env python3
"""One measurement as a JSON line: /usr/bin/time -v's wall, CPU and peak RSS plus the tool's own result.
Usage: parse_time.py TIME_FILE TOOL PHASE SIZE SHAPE INV REP RC OUT_FILE"""
import json, re, sys

tf, tool, phase, size, shape, inv, rep, rc, outf = sys.argv[1:]
t = open(tf).read()

def field(name):
    m = re.search(re.escape(name) + r"[^:]*: (.+)", t)
    return m.group(1).strip() if m else None

m = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", t)
wall = m.group(1) if m else None
parts = [float(p) for p in wall.split(":")] if wall else [0]
secs = sum(p * 60 ** i for i, p in enumerate(reversed(parts)))
rec = {"tool": tool, "phase": phase, "size": size, "shape": shape, "inv": inv, "rep": int(rep), "rc": int(rc),
       "wall_s": round(secs, 2), "cpu_s": round(float(field("User time") or 0) + float(field("System time") or 0), 2),
       "rss_mb": round(int(field("Maximum resident set size") or 0) / 1024)}
out = open(outf).read()
res = None
try:
    res = json.loads(out)
except ValueError:
    lines = [l for l in out.splitlines() if l.startswith("{")]
    if lines:
        res = json.loads(lines[-1])
if res is not None and phase == "check":
    if isinstance(res.get("invariants"), list):   # retrocut check --json
        res = {"cuts": res.get("cuts"), "invariants": {i["name"]: {"violating": i["violating_cuts"],
               "indeterminate": i["indeterminate_cuts"]} for i in res["invariants"]}}
    res = {"cuts": res.get("cuts"), "invariants": res.get("invariants")}
elif res is not None:
    res = {"events": res.get("events") or res.get("ingested")}
rec["result"] = res
print(json.dumps(rec))
