#!/usr/bin/env bash
# retrocut benchmark harness (SPEC §7): retrocut vs DuckDB and Spark on the same data, in the same run.
#   bench/run.sh [--sizes 1M,10M] [--quick] [--with-50m] [--repeat N] [--shapes many,hot] [--peers LIST]
#                [--phases ingest,check] [--baseline DIR]
# --peers: which peers run besides retrocut (default duckdb,spark,spark-sql; duckdb = both SQL forms of the check, or
# duckdb-asof / duckdb-pivot for one; spark = read.json→parquet, spark-sql = the window-query check, which takes minutes
# per million events).
# --phases: which phases run (default both; check reads the events the ingest of the same run wrote, or of an earlier
# run when only check runs). --baseline DIR: also run an earlier build of retrocut, DIR holding its retrocut.jar and
# lib/ (a copy of cli/target), as the tool "retrocut-baseline" next to retrocut, after it in odd repetitions and before
# it in even ones (the launcher's JVM flags, those it gives check alone included, and a class-data archive of its own,
# recorded in the bench folder on first use); its ingest writes EVENTS-baseline next to the events.
# --quick: sizes 100K only, one repeat (a smoke test of the harness). --with-50m adds 50M to --sizes.
# Data is cached in ${RETROCUT_BENCH_DIR:-/tmp/retrocut-bench}; results go to bench/results/<date>.{md,csv,json}.
# Not part of `mvn -B verify`.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
data="${RETROCUT_BENCH_DIR:-/tmp/retrocut-bench}"
sizes="1M,10M"; repeat=2; shapes="many,hot"; many_keys="${BENCH_MANY_KEYS:-1000}"; peers="duckdb,spark,spark-sql"
phases="ingest,check"; baseline=""
while [ $# -gt 0 ]; do
  case "$1" in
    --sizes) sizes="$2"; shift 2 ;;
    --quick) sizes="100K"; repeat=1; shift ;;
    --with-50m) sizes="$sizes,50M"; shift ;;
    --repeat) repeat="$2"; shift 2 ;;
    --shapes) shapes="$2"; shift 2 ;;
    --peers) peers="$2"; shift 2 ;;
    --phases) phases="$2"; shift 2 ;;
    --baseline) baseline="$(cd "$2" && pwd)"; shift 2 ;;
    *) echo "usage: bench/run.sh [--sizes 1M,10M] [--quick] [--with-50m] [--repeat N] [--shapes many,hot] [--peers LIST] [--phases ingest,check] [--baseline DIR]" >&2; exit 2 ;;
  esac
done
mkdir -p "$data"
stamp="$(date -u +%Y-%m-%dT%H%M)"
raw="$data/raw-$stamp.jsonl"; : > "$raw"
cores="$(nproc)"

# Build once (the launcher would rebuild when a source changed) and compile the Spark peers.
(cd "$root" && ./retrocut --help >/dev/null)
lib="$root/cli/target/lib/*"
mkdir -p "$data/classes"
javac -nowarn -cp "$lib" -d "$data/classes" "$here"/src/*.java
# Spark's JVM flags, as in the launcher, so the Spark peers run under the same JVM options as retrocut.
# The launcher's JIT thresholds too (not its class-data archive, which is recorded for retrocut's classes).
spark_flags=($(sed -n '/^spark_flags=(/,/^)/p; /^jit_flags=(/,/)$/p' "$root/retrocut" | grep -o -- '-[-A-Za-z].*' | tr ' ' '\n' \
  | tr -d ')' | grep '^-'))
spark_java=(java "${spark_flags[@]}" -XX:+UseParallelGC -Xss4m ${RETROCUT_JAVA_OPTS:-} -cp "$data/classes:$lib")
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"

peer() { [[ ",$peers," == *",$1,"* ]]; }
phase() { [[ ",$phases," == *",$1,"* ]]; }
if [ -n "$baseline" ] && [ ! -f "$baseline/retrocut.jar" ]; then
  echo "bench/run.sh: --baseline $baseline has no retrocut.jar (copy cli/target/retrocut.jar and cli/target/lib there)" >&2
  exit 2
fi
# The launcher's JVM flags for the baseline jar (its Spark flags and JIT thresholds) and, as the launcher does, a
# class-data archive recorded by a run of its `demo`: without one the same build's 10M check took 2.5-3.5 s longer.
# retrocut's inlining limits: the baseline's too, not the Spark peers' (they run as in the earlier rounds).
inline_flags=($(sed -n '/^inline_flags=(/p' "$root/retrocut" | grep -o -- '-XX:[^ )]*'))
baseline_java=(java "${spark_flags[@]}" "${inline_flags[@]}" -XX:+UseParallelGC -Xss4m)
if [ -n "$baseline" ]; then
  baseline_jsa="$data/baseline-$(cksum <"$baseline/retrocut.jar" | cut -d' ' -f1).jsa"
  if [ ! -s "$baseline_jsa" ]; then
    work="$(mktemp -d)"
    (cd "$work" && "${baseline_java[@]}" -XX:ArchiveClassesAtExit="$baseline_jsa" -Xlog:cds*=off -jar "$baseline/retrocut.jar" demo) \
      >/dev/null 2>&1 || true
    rm -rf "$work"
  fi
  if [ -s "$baseline_jsa" ]; then
    baseline_java+=(-XX:SharedArchiveFile="$baseline_jsa" -Xshare:auto -Xlog:cds*=off)
  fi
fi
# The launcher gives `check` JVM flags of its own (its initial heap): the baseline's checks get them too.
check_flags=($(sed -n '/= check ]; then/,/^fi/p' "$root/retrocut" | grep -o -- '-XX:[^ )]*'))
baseline_check=("${baseline_java[@]}" "${check_flags[@]}" ${RETROCUT_JAVA_OPTS:-} -jar "$baseline/retrocut.jar")
baseline_java+=(${RETROCUT_JAVA_OPTS:-} -jar "$baseline/retrocut.jar")

# The builds to run for repetition REP, in order: retrocut alone, or with --baseline both, the baseline first in even
# repetitions. This machine's speed drifts within minutes; in a fixed order that drift lands on one build's rows.
builds() {
  if [ -z "$baseline" ]; then echo retrocut
  elif [ $(($1 % 2)) = 1 ]; then echo retrocut retrocut-baseline
  else echo retrocut-baseline retrocut
  fi
}

num() { case "$1" in *M) echo $(( ${1%M} * 1000000 ));; *K) echo $(( ${1%K} * 1000 ));; *) echo "$1";; esac; }

# measure TOOL PHASE SIZE SHAPE INV REP -- cmd...   (/usr/bin/time -v: wall, user+sys CPU, peak RSS; stdout kept)
measure() {
  local tool="$1" phase="$2" size="$3" shape="$4" inv="$5" rep="$6"; shift 7
  local tag="$data/out/$tool-$phase-$size-$shape-$inv-$rep"; mkdir -p "$data/out"
  local rc=0
  # every check starts from a warm page cache: at 50M the logs alone nearly fill this machine's memory and evict the
  # part files between runs, which made the same check take 9-17 s
  if [ "$phase" = check ]; then cat "$d"/events/*.parquet > /dev/null; fi
  /usr/bin/time -v -o "$tag.time" "$@" > "$tag.out" 2> "$tag.err" || rc=$?
  python3 "$here/parse_time.py" "$tag.time" "$tool" "$phase" "$size" "$shape" "$inv" "$rep" "$rc" "$tag.out" >> "$raw"
  tail -n 1 "$raw" >&2
}

# retrocut's fixed cost (JVM, Spark session, planning): check of the 54-event sample, so that reports can give the
# cuts/s of the sweep itself (report.py: cuts ÷ (wall − this) ÷ cores) next to the end-to-end rate.
if phase check; then
  "$root/retrocut" ingest "$root/sample-data/raft/logs" -o "$data/sample-events" --overwrite -q > /dev/null
  for rep in $(seq 1 "$repeat"); do
    measure retrocut startup sample raft - "$rep" -- "$root/retrocut" check "$data/sample-events" -i "$root/sample-data/raft/invariants.yaml" --json
  done
fi

IFS=, read -ra size_list <<< "$sizes"; IFS=, read -ra shape_list <<< "$shapes"
for size in "${size_list[@]}"; do
  n="$(num "$size")"
  for shape in "${shape_list[@]}"; do
    keys=$([ "$shape" = hot ] && echo 1 || echo "$many_keys")
    d="$data/raft-$size-$shape"
    if [ ! -f "$d/.done" ]; then
      echo "== generating $d ($n events, $keys key(s))" >&2
      rm -rf "$d"
      "$root/retrocut" simulate raft -o "$d" --events "$n" --keys "$keys" --nodes 5 --faults partition,double-vote \
        --prevote off --seed 1 > /dev/null
      touch "$d/.done"
    fi
    bytes="$(cat "$d"/logs/*.jsonl | wc -c)"
    echo "{\"dataset\": \"$size-$shape\", \"events\": $n, \"keys\": $keys, \"bytes\": $bytes, \"cores\": $cores}" >> "$raw"
    for rep in $(seq 1 "$repeat"); do
      # ingest: retrocut, DuckDB, Spark back to back on the same logs
      if phase ingest; then
        for tool in $(builds "$rep"); do
          if [ "$tool" = retrocut ]; then
            measure retrocut ingest "$size" "$shape" - "$rep" -- "$root/retrocut" ingest "$d/logs" -o "$d/events" --overwrite -q --json
          else
            measure retrocut-baseline ingest "$size" "$shape" - "$rep" -- "${baseline_java[@]}" ingest "$d/logs" -o "$d/events-baseline" --overwrite -q --json
          fi
        done
        rm -f "$d/duck.parquet"
        if peer duckdb; then
          measure duckdb ingest "$size" "$shape" - "$rep" -- python3 "$here/duck.py" ingest "$d/logs" "$d/duck.parquet"
        fi
        if peer spark; then
          measure spark ingest "$size" "$shape" - "$rep" -- "${spark_java[@]}" SparkIngest "$d/logs" "$d/spark-parquet"
        fi
        rm -rf "$d/spark-parquet" "$d/duck.parquet"
      fi
      # check: retrocut, DuckDB (ASOF and pivot SQL), Spark SQL windows on retrocut's Parquet
      phase check || continue
      for inv in one seven; do
        for tool in $(builds "$rep"); do
          if [ "$tool" = retrocut ]; then
            measure retrocut check "$size" "$shape" "$inv" "$rep" -- "$root/retrocut" check "$d/events" -i "$here/invariants/$inv.yaml" --json
          else
            measure retrocut-baseline check "$size" "$shape" "$inv" "$rep" -- "${baseline_check[@]}" check "$d/events" -i "$here/invariants/$inv.yaml" --json
          fi
        done
        if peer duckdb || peer duckdb-asof; then
          measure duckdb-asof check "$size" "$shape" "$inv" "$rep" -- python3 "$here/duck.py" check "$d/events" "$inv" /dev/stdout asof
        fi
        if peer duckdb || peer duckdb-pivot; then
          measure duckdb-pivot check "$size" "$shape" "$inv" "$rep" -- python3 "$here/duck.py" check "$d/events" "$inv" /dev/stdout pivot
        fi
        if peer spark-sql; then
          measure spark-sql check "$size" "$shape" "$inv" "$rep" -- "${spark_java[@]}" SparkCheck "$d/events" "$here/invariants/$inv.yaml"
        fi
      done
    done
  done
done
python3 "$here/report.py" "$raw" "$here/results/$stamp"
echo "results: $here/results/$stamp.md" >&2
