#!/usr/bin/env python3
"""DuckDB peer for bench/run.sh.

  duck.py ingest LOGS_DIR OUT.parquet          canonical JSON lines -> one Parquet file (read_json -> COPY)
  duck.py check EVENTS_DIR one|seven OUT.json [asof|pivot]
                                               the bench invariants as hand-written SQL over retrocut's Parquet

check: every distinct (key, hlc) is a cut; a node is in the cut when it has an event of that key at or before it, with
the fold of its `set`s (last_value IGNORE NULLS per (key, node)). Two formulations:
  asof  (general, any number of nodes): cuts x nodes ASOF JOIN the per-node states, then GROUP BY cut;
  pivot (knows the node ids up front): one window over the key, one column per (node, variable).
Writes {"events", "cuts", "invariants": {name: {"violating": n, "indeterminate": n}}} to OUT.json.
"""
import json, sys, time
import duckdb

VARS = ["role", "term", "commit", "leader"]
# an assignment as a non-null struct {x: value}, also when the event unsets the variable (x NULL), so that
# last_value(... IGNORE NULLS) folds both sets and unsets
SETTER = "case when vars.{v} is not null or list_contains(unset, '{v}') then struct_pack(x := vars.{v}) end as {v}"

# name -> SQL aggregate over the rows (one per node in the cut) of one cut. NULL = indeterminate, as in Spark.
AGG = {
    "election-safety": "count(*) filter (where role = 'LEADER') = count(distinct term) filter (where role = 'LEADER')",
    "one-leader": "count(*) filter (where role = 'LEADER') <= 1",
    "term-agreement": "max(term) - min(term) <= 1",
    "leader-of-newest-term": "coalesce(max(term) filter (where role = 'LEADER') = max(term), false)",
    "commit-agreement": "max(commit) - min(commit) <= 3",
    "some-leader-known": "count(leader) >= 1",
    "at-most-two-leaders-known": "count(distinct leader) <= 2",
}
SETS = {"one": ["election-safety"], "seven": list(AGG)}


def con(threads):
    c = duckdb.connect()
    c.execute(f"set threads = {threads}")
    c.execute("set preserve_insertion_order = false")
    return c


def ingest(logs, out, threads):
    c = con(threads)
    c.execute(f"""copy (select * from read_json('{logs}/*.jsonl', format = 'newline_delimited'))
                  to '{out}' (format parquet, compression snappy)""")
    n = c.execute(f"select count(*) from read_parquet('{out}')").fetchone()[0]
    print(json.dumps({"events": n}))


def check(events, which, out, threads, mode):
    c = con(threads)
    names = SETS[which]
    src = f"read_parquet('{events}/*.parquet')"
    c.execute(f"""create temp view ev as select key, node, hlc_l * 65536 + hlc_c as h,
                  {', '.join(SETTER.format(v=v) for v in VARS)} from {src}""")
    folds = ", ".join(f"last_value({v} ignore nulls) over w .x as {v}" for v in VARS)
    aggs = ", ".join(f'({AGG[n]}) as "{n}"' for n in names)
    if mode == "asof":
        sql = f"""
        with st as (select key, node, h, {folds} from ev
                    window w as (partition by key, node order by h rows between unbounded preceding and current row)),
             cuts as (select distinct key, h from ev),
             kn as (select distinct key, node from ev),
             cn as (select c.key, c.h, kn.node from cuts c join kn using (key)),
             j as (select cn.key, cn.h, s.* exclude (key, h, node) from cn asof join st s
                   on cn.key = s.key and cn.node = s.node and cn.h >= s.h)
        select {aggs} from j group by j.key, j.h"""
    else:
        nodes = [r[0] for r in c.execute("select distinct node from ev order by 1").fetchall()]
        cols = []
        for i, nd in enumerate(nodes):
            cols.append(f"max(case when node = '{nd}' then 1 end) over w as s{i}")
            cols += [f"last_value(case when node = '{nd}' then {v} end ignore nulls) over w .x as {v}{i}" for v in VARS]
        # one row per cut: the last event of each (key, h) carries the folded state of every node
        unp = " union all ".join(
            f"select key, h, {', '.join(f'{v}{i} as {v}' for v in VARS)} from last_rows where s{i} is not null"
            for i in range(len(nodes)))
        sql = f"""
        with folded as (select key, h, {', '.join(cols)}, lead(h) over (partition by key order by h) as nh from ev
                        window w as (partition by key order by h rows between unbounded preceding and current row)),
             last_rows as (select * from folded where nh is distinct from h),
             j as ({unp})
        select {aggs} from j group by key, h"""
    per = ", ".join(f'count(*) filter (where "{n}" = false), count(*) filter (where "{n}" is null)' for n in names)
    t = time.time()
    row = c.execute(f"select count(*), {per} from ({sql})").fetchone()
    res = {"engine": f"duckdb-{mode}", "cuts": row[0], "seconds_query": round(time.time() - t, 3),
           "invariants": {n: {"violating": row[1 + 2 * i], "indeterminate": row[2 + 2 * i]} for i, n in enumerate(names)}}
    json.dump(res, open(out, "w"))
    print(json.dumps(res))


if __name__ == "__main__":
    threads = int(__import__("os").environ.get("BENCH_THREADS", __import__("os").cpu_count()))
    if sys.argv[1] == "ingest":
        ingest(sys.argv[2], sys.argv[3], threads)
    else:
        check(sys.argv[2], sys.argv[3], sys.argv[4], threads, sys.argv[5] if len(sys.argv) > 5 else "asof")
