#!/usr/bin/env python3
"""Raw measurements (JSON lines from run.sh) -> RESULTS.md / .csv / .json: best wall time of the repeats per
(tool, phase, dataset, invariants), events/s and cuts/s per core, peak RSS, retrocut ÷ peer ratios, and whether every
peer found the same violating-cut counts per invariant. Usage: report.py RAW.jsonl OUT_PREFIX"""
import csv, json, sys
from collections import defaultdict

raw, prefix = sys.argv[1], sys.argv[2]
datasets, runs = {}, []
for line in open(raw):
    r = json.loads(line)
    if "dataset" in r:
        datasets[r["dataset"]] = r
    else:
        runs.append(r)
best = {}
for r in runs:
    k = (r["phase"], f'{r["size"]}-{r["shape"]}', r["inv"], r["tool"])
    if r["rc"] in (0, 1) and (k not in best or r["wall_s"] < best[k]["wall_s"]):
        best[k] = dict(r, reps=sum(1 for x in runs if (x["phase"], f'{x["size"]}-{x["shape"]}', x["inv"], x["tool"]) == k))
failed = [r for r in runs if r["rc"] not in (0, 1)]
# retrocut's fixed cost in this run: the best wall time of the sample check (run.sh's "startup" phase)
startup = min((r["wall_s"] for r in runs if r["phase"] == "startup" and r["rc"] in (0, 1)), default=None)

rows = []
for (phase, ds, inv, tool), r in sorted(best.items()):
    if phase == "startup":
        continue
    d = datasets.get(ds, {})
    cores, ev = d.get("cores", 1), d.get("events", 0)
    row = {"phase": phase, "dataset": ds, "keys": d.get("keys"), "events": ev, "invariants": inv, "tool": tool,
           "wall_s": r["wall_s"], "cpu_s": r["cpu_s"], "rss_mb": r["rss_mb"], "reps": r["reps"],
           "events_per_s_core": round(ev / r["wall_s"] / cores) if r["wall_s"] else None}
    if phase == "ingest":
        row["mb_per_s_core"] = round(d.get("bytes", 0) / 1e6 / r["wall_s"] / cores, 1)
    res = r.get("result") or {}
    if phase == "check" and res.get("cuts"):
        row["cuts"] = res["cuts"]
        row["cuts_per_s_core"] = round(res["cuts"] / r["wall_s"] / cores)
        if tool.startswith("retrocut") and startup is not None and r["wall_s"] > startup:
            row["cuts_per_s_core_after_startup"] = round(res["cuts"] / (r["wall_s"] - startup) / cores)
        row["violating"] = {n: v["violating"] for n, v in (res.get("invariants") or {}).items()}
    ref = best.get((phase, ds, inv, "retrocut"))
    row["retrocut_over_tool"] = round(ref["wall_s"] / r["wall_s"], 2) if ref and tool != "retrocut" else None
    rows.append(row)

# verification: same cuts and violating cuts per invariant as retrocut
checks = []
for row in rows:
    if row["phase"] == "check" and row["tool"] != "retrocut":
        ref = next((x for x in rows if x["phase"] == "check" and x["dataset"] == row["dataset"]
                    and x["invariants"] == row["invariants"] and x["tool"] == "retrocut"), None)
        same = ref is not None and ref.get("cuts") == row.get("cuts") and ref.get("violating") == row.get("violating")
        row["same_as_retrocut"] = same
        if not same:
            checks.append(f'- MISMATCH {row["tool"]} {row["dataset"]} {row["invariants"]}: cuts {row.get("cuts")} vs '
                          f'{ref and ref.get("cuts")}, violating {row.get("violating")} vs {ref and ref.get("violating")}')

json.dump({"datasets": datasets, "startup_s": startup, "rows": rows, "failed": failed}, open(prefix + ".json", "w"), indent=1)
cols = ["phase", "dataset", "keys", "events", "invariants", "tool", "wall_s", "cpu_s", "rss_mb", "reps",
        "events_per_s_core", "mb_per_s_core", "cuts", "cuts_per_s_core", "cuts_per_s_core_after_startup", "retrocut_over_tool",
        "same_as_retrocut"]
with open(prefix + ".csv", "w", newline="") as f:
    w = csv.DictWriter(f, cols, extrasaction="ignore")
    w.writeheader()
    w.writerows(rows)

def fmt(v):
    return "" if v is None else (f"{v:,}" if isinstance(v, int) and not isinstance(v, bool) else str(v))

md = [f"# retrocut benchmark results ({prefix.rsplit('/', 1)[-1]})", "",
      f"Cores: {next(iter(datasets.values()), {}).get('cores')}. Best wall time of `reps` runs; per-core rates = "
      "rate ÷ nproc; `retrocut ÷ peer` = retrocut wall ÷ peer wall (< 1: retrocut faster). Peak RSS of the process tree's "
      "largest process (`/usr/bin/time -v`).", "", "## Datasets", "",
      "| dataset | events | keys | JSON bytes |", "|---|---|---|---|"]
md += [f"| {k} | {d['events']:,} | {d['keys']} | {d['bytes'] / 1e6:,.0f} MB |" for k, d in datasets.items()]
md += ["", "## Ingest", "", "| dataset | tool | wall s | CPU s | peak RSS MB | events/s/core | MB/s/core | retrocut ÷ peer |",
       "|---|---|---|---|---|---|---|---|"]
md += [f'| {r["dataset"]} | {r["tool"]} | {r["wall_s"]} | {r["cpu_s"]} | {r["rss_mb"]} | {fmt(r["events_per_s_core"])} | '
       f'{r.get("mb_per_s_core")} | {fmt(r["retrocut_over_tool"])} |' for r in rows if r["phase"] == "ingest"]
md += ["", "## Check", "", f"retrocut's fixed cost (check of the 54-event sample, best wall): {fmt(startup)} s; "
       "`cuts/s/core after start-up` = cuts ÷ (wall − that) ÷ cores.", "",
       "| dataset | invariants | tool | wall s | CPU s | peak RSS MB | cuts | cuts/s/core | cuts/s/core after start-up | "
       "events/s/core | retrocut ÷ peer | same violations |", "|---|---|---|---|---|---|---|---|---|---|---|---|"]
md += [f'| {r["dataset"]} | {r["invariants"]} | {r["tool"]} | {r["wall_s"]} | {r["cpu_s"]} | {r["rss_mb"]} | '
       f'{fmt(r.get("cuts"))} | {fmt(r.get("cuts_per_s_core"))} | {fmt(r.get("cuts_per_s_core_after_startup"))} | '
       f'{fmt(r["events_per_s_core"])} | {fmt(r["retrocut_over_tool"])} | {fmt(r.get("same_as_retrocut"))} |'
       for r in rows if r["phase"] == "check"]
md += ["", "## Violating cuts per invariant (retrocut)", ""]
md += [f'- {r["dataset"]} / {r["invariants"]}: {r.get("violating")}' for r in rows
       if r["phase"] == "check" and r["tool"] == "retrocut"]
md += ["", "## Verification", ""] + (checks or ["Every peer found the same cuts and the same violating-cut count per "
                                                 "invariant as retrocut."])
if failed:
    md += ["", "## Failed runs", ""] + [f'- {f["tool"]} {f["phase"]} {f["size"]}-{f["shape"]} {f["inv"]}: exit {f["rc"]}' for f in failed]
open(prefix + ".md", "w").write("\n".join(md) + "\n")
print("\n".join(md))
