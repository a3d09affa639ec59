#!/usr/bin/env bash
# Records REAL etcd server logs (zap JSON) from a 3-member cluster on 127.0.0.1 while it goes through
# two leader faults, so that the etcd log-format preset can be built and tested on genuine output:
#
#   1. start etcd1..etcd3 (fresh data dirs, --initial-cluster-state new), wait for a leader, write keys;
#   2. SIGSTOP the leader for PAUSE_S seconds (several election timeouts): the two others elect a new
#      leader in a higher term while the paused member still believes it is leader; SIGCONT it, wait
#      until it has stepped down to follower in the new term; write keys;
#   3. SIGKILL the current leader, wait for the two survivors to elect a new one, restart the killed
#      member on the same data dir, wait until it is back, write keys;
#   4. stop the members with SIGTERM, followers first, and copy each member's log (its stdout and stderr,
#      unmodified, both processes of the restarted one) to OUTPUT_DIR/etcdN.log, replacing older ones.
#
# Every action of the script is also written to OUTPUT_DIR/timeline.txt with a UTC millisecond timestamp,
# taken right after the action returned (the etcd logs have the exact times).
#
# Usage: scripts/etcd-cluster.sh OUTPUT_DIR
# Needs: etcd and etcdctl (Debian: apt-get install etcd-server etcd-client), jq.
# Only 127.0.0.1 is used. Every process this script starts is stopped by its pid on exit, also on failure.
set -euo pipefail

PAUSE_S=${PAUSE_S:-4}            # how long the leader stays SIGSTOPped (election timeout is 1 s)
HEARTBEAT_MS=100
ELECTION_MS=1000
NAMES=(etcd1 etcd2 etcd3)
CLIENT_PORTS=(23791 23792 23793)
PEER_PORTS=(23801 23802 23803)

die() { echo "etcd-cluster.sh: $*" >&2; exit 1; }

[[ $# -eq 1 ]] || { echo "usage: $0 OUTPUT_DIR" >&2; exit 2; }
OUT=$1

command -v etcd >/dev/null 2>&1 ||
  die "etcd is not installed (Debian: apt-get install -y etcd-server etcd-client)"
command -v etcdctl >/dev/null 2>&1 ||
  die "etcdctl is not installed (Debian: apt-get install -y etcd-client)"
command -v jq >/dev/null 2>&1 || die "jq is not installed (Debian: apt-get install -y jq)"

for p in "${CLIENT_PORTS[@]}" "${PEER_PORTS[@]}"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
    die "port $p on 127.0.0.1 is already in use; stop whatever listens there first"
  fi
done

mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/etcd-cluster.XXXXXX")
TIMELINE="$WORK/timeline.txt"
: >"$TIMELINE"
declare -a PIDS=("" "" "")

cleanup() {
  local rc=$? i pid
  set +e
  for i in 0 1 2; do
    pid=${PIDS[$i]}
    [[ -n $pid ]] || continue
    if kill -0 "$pid" 2>/dev/null; then
      kill -CONT "$pid" 2>/dev/null    # a SIGSTOPped member cannot act on SIGTERM
      kill -TERM "$pid" 2>/dev/null
    fi
  done
  for i in 0 1 2; do
    pid=${PIDS[$i]}
    [[ -n $pid ]] || continue
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then
      echo "etcd-cluster.sh: ${NAMES[$i]} (pid $pid) ignored SIGTERM, sending SIGKILL" >&2
      kill -KILL "$pid" 2>/dev/null
    fi
    wait "$pid" 2>/dev/null
  done
  rm -rf "$WORK"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

now() { date -u +%Y-%m-%dT%H:%M:%S.%3NZ; }
note() { local line; line="$(now) $*"; echo "$line" | tee -a "$TIMELINE"; }

INITIAL_CLUSTER=""
for i in 0 1 2; do
  INITIAL_CLUSTER+="${INITIAL_CLUSTER:+,}${NAMES[$i]}=http://127.0.0.1:${PEER_PORTS[$i]}"
done
ALL_ENDPOINTS=""
for i in 0 1 2; do ALL_ENDPOINTS+="${ALL_ENDPOINTS:+,}127.0.0.1:${CLIENT_PORTS[$i]}"; done

# start_member I: starts member I (0-based) in the background; its stdout and stderr are appended to
# its log, so a restart continues the same file.
start_member() {
  local i=$1 name=${NAMES[$1]}
  etcd --name "$name" \
    --data-dir "$WORK/$name.data" \
    --listen-client-urls "http://127.0.0.1:${CLIENT_PORTS[$i]}" \
    --advertise-client-urls "http://127.0.0.1:${CLIENT_PORTS[$i]}" \
    --listen-peer-urls "http://127.0.0.1:${PEER_PORTS[$i]}" \
    --initial-advertise-peer-urls "http://127.0.0.1:${PEER_PORTS[$i]}" \
    --initial-cluster "$INITIAL_CLUSTER" \
    --initial-cluster-token retrocut-etcd-cluster \
    --initial-cluster-state new \
    --heartbeat-interval "$HEARTBEAT_MS" --election-timeout "$ELECTION_MS" \
    --logger zap --log-outputs stderr --log-level info \
    >>"$WORK/$name.log" 2>&1 &
  PIDS[$i]=$!
  note "started $name pid=${PIDS[$i]} client=127.0.0.1:${CLIENT_PORTS[$i]} peer=127.0.0.1:${PEER_PORTS[$i]}"
}

# status_json ENDPOINTS: etcdctl endpoint status as JSON for the reachable ones (unreachable are skipped).
# Member ids are uint64 numbers in that JSON, which jq 1.6 would round to doubles: they are quoted first,
# and turned into the hex form the etcd log uses with hexid.
status_json() {
  etcdctl --endpoints "$1" --dial-timeout 1s --command-timeout 1s endpoint status -w json 2>/dev/null |
    sed -E 's/"(cluster_id|member_id|leader)":([0-9]+)/"\1":"\2"/g' || true
}
hexid() { printf '%016x' "$1"; }

# endpoints_except I: comma list of the client endpoints of all members but I.
endpoints_except() {
  local i e=""
  for i in 0 1 2; do
    [[ $i -eq $1 ]] && continue
    e+="${e:+,}127.0.0.1:${CLIENT_PORTS[$i]}"
  done
  echo "$e"
}

# wait_leader ENDPOINTS MIN_TERM TIMEOUT_S: waits until one of ENDPOINTS says it is the leader in a term
# >= MIN_TERM and all of ENDPOINTS answer and agree on that leader; sets LEADER (member index), LTERM and
# LID (member id, hex). Runs in this shell, not in a subshell, so that no poller outlives the script.
wait_leader() {
  local eps=$1 min_term=$2 deadline=$(( $(date +%s) + $3 )) js n line ep term id i
  n=$(tr ',' '\n' <<<"$eps" | wc -l)
  while (( $(date +%s) < deadline )); do
    js=$(status_json "$eps")
    line=$(jq -r --argjson n "$n" --argjson min "$min_term" '
      if (type == "array") and (length == $n)
         and ([.[].Status.leader] | unique | length == 1)
         and (.[0].Status.leader != "0") then
        (.[] | select(.Status.header.member_id == .Status.leader)
             | select(.Status.raftTerm >= $min)
             | "\(.Endpoint) \(.Status.raftTerm) \(.Status.header.member_id)")
      else empty end' <<<"$js" 2>/dev/null | head -n1) || line=""
    if [[ -n $line ]]; then
      read -r ep term id <<<"$line"
      for i in 0 1 2; do
        if [[ $ep == "127.0.0.1:${CLIENT_PORTS[$i]}" ]]; then
          LEADER=$i LTERM=$term LID=$(hexid "$id")
          return 0
        fi
      done
    fi
    sleep 0.2
  done
  return 1
}

# member_status I: sets MS_TERM, MS_LEADER and MS_SELF (hex ids) as member I reports them; all empty when
# member I does not answer.
member_status() {
  local line t l m
  MS_TERM="" MS_LEADER="" MS_SELF=""
  line=$(status_json "127.0.0.1:${CLIENT_PORTS[$1]}" |
    jq -r '.[0] | "\(.Status.raftTerm) \(.Status.leader) \(.Status.header.member_id)"' 2>/dev/null) || return 0
  read -r t l m <<<"$line" || return 0
  [[ $t =~ ^[0-9]+$ && $l =~ ^[0-9]+$ && $m =~ ^[0-9]+$ ]] || return 0
  MS_TERM=$t MS_LEADER=$(hexid "$l") MS_SELF=$(hexid "$m")
}

put_keys() {
  local prefix=$1 count=$2 k
  for k in $(seq 1 "$count"); do
    etcdctl --endpoints "$ALL_ENDPOINTS" --dial-timeout 2s --command-timeout 5s \
      put "/retrocut/$prefix/$k" "value-$prefix-$k" >/dev/null ||
      die "put /retrocut/$prefix/$k failed"
  done
  note "wrote $count keys /retrocut/$prefix/1..$count"
}

note "etcd $(etcd --version | sed -n 's/^etcd Version: //p'), heartbeat=${HEARTBEAT_MS}ms election-timeout=${ELECTION_MS}ms, workdir $WORK"

# ---- 1. start ------------------------------------------------------------------------------------------
for i in 0 1 2; do start_member "$i"; done
wait_leader "$ALL_ENDPOINTS" 1 30 || die "no leader elected within 30 s"
L=$LEADER TERM=$LTERM LID=$LID
note "leader is ${NAMES[$L]} (member id $LID) at term $TERM"
for i in 0 1 2; do
  member_status "$i"
  note "member ${NAMES[$i]} has member id $MS_SELF"
done
put_keys initial 5

# ---- 2. SIGSTOP the leader -----------------------------------------------------------------------------
PAUSED=$L
kill -STOP "${PIDS[$PAUSED]}"
T_STOP=$(date +%s.%N)
note "SIGSTOP ${NAMES[$PAUSED]} (pid ${PIDS[$PAUSED]}), the leader at term $TERM"
wait_leader "$(endpoints_except "$PAUSED")" $((TERM + 1)) 30 ||
  die "the two running members elected no new leader within 30 s"
L2=$LEADER TERM2=$LTERM LID2=$LID
note "new leader is ${NAMES[$L2]} (member id $LID2) at term $TERM2, seen while ${NAMES[$PAUSED]} is paused"
rest=$(awk -v s="$T_STOP" -v p="$PAUSE_S" -v n="$(date +%s.%N)" 'BEGIN { r = s + p - n; print (r > 0 ? r : 0) }')
sleep "$rest"
kill -CONT "${PIDS[$PAUSED]}"
note "SIGCONT ${NAMES[$PAUSED]} (pid ${PIDS[$PAUSED]}) after ${PAUSE_S}s paused"
deadline=$(( $(date +%s) + 30 ))
while :; do
  member_status "$PAUSED"
  if [[ -n $MS_TERM && $MS_TERM -ge $TERM2 && $MS_LEADER != 0000000000000000 && $MS_LEADER != "$MS_SELF" ]]; then
    note "${NAMES[$PAUSED]} is follower again at term $MS_TERM, leader $MS_LEADER"
    break
  fi
  (( $(date +%s) < deadline )) || die "${NAMES[$PAUSED]} did not rejoin as follower within 30 s"
  sleep 0.2
done
put_keys after-pause 5
wait_leader "$ALL_ENDPOINTS" "$TERM2" 30 || die "cluster has no agreed leader"
L3=$LEADER TERM3=$LTERM LID3=$LID
note "leader is ${NAMES[$L3]} (member id $LID3) at term $TERM3"

# ---- 3. SIGKILL the leader, restart it -----------------------------------------------------------------
KILLED=$L3
{ kill -KILL "${PIDS[$KILLED]}"; wait "${PIDS[$KILLED]}" || true; } 2>/dev/null  # no "Killed" job notice
note "SIGKILL ${NAMES[$KILLED]} (pid ${PIDS[$KILLED]}), the leader at term $TERM3"
PIDS[$KILLED]=""
wait_leader "$(endpoints_except "$KILLED")" $((TERM3 + 1)) 30 ||
  die "the two surviving members elected no new leader within 30 s"
L4=$LEADER TERM4=$LTERM LID4=$LID
note "new leader is ${NAMES[$L4]} (member id $LID4) at term $TERM4"
put_keys while-down 3
start_member "$KILLED"
note "restarted ${NAMES[$KILLED]} on its data dir"
wait_leader "$ALL_ENDPOINTS" "$TERM4" 30 || die "${NAMES[$KILLED]} did not rejoin within 30 s"
L5=$LEADER TERM5=$LTERM LID5=$LID
note "all three agree: leader is ${NAMES[$L5]} (member id $LID5) at term $TERM5"
put_keys after-restart 5
got=$(etcdctl --endpoints "127.0.0.1:${CLIENT_PORTS[$KILLED]}" get --prefix /retrocut/ --keys-only | grep -c . || true)
note "${NAMES[$KILLED]} serves $got keys under /retrocut/"
sleep 1

# ---- 4. stop cleanly, copy logs ------------------------------------------------------------------------
# Followers first, one at a time, the leader last: a SIGTERMed leader hands its leadership to a peer, and
# stopping all three at once makes them pass it around in new terms while they shut down.
wait_leader "$ALL_ENDPOINTS" "$TERM5" 30 || die "cluster has no agreed leader"
L6=$LEADER TERM6=$LTERM LID6=$LID
note "leader before shutdown is ${NAMES[$L6]} (member id $LID6) at term $TERM6"
ORDER=()
for i in 0 1 2; do [[ $i -eq $L6 ]] || ORDER+=("$i"); done
ORDER+=("$L6")
for i in "${ORDER[@]}"; do
  kill -TERM "${PIDS[$i]}"
  note "SIGTERM ${NAMES[$i]} (pid ${PIDS[$i]})"
  wait "${PIDS[$i]}" 2>/dev/null || true
  note "${NAMES[$i]} exited"
  PIDS[$i]=""
done
note "all members stopped"
for i in 0 1 2; do cp "$WORK/${NAMES[$i]}.log" "$OUT/${NAMES[$i]}.log"; done
cp "$TIMELINE" "$OUT/timeline.txt"
echo "logs written to $OUT: ${NAMES[*]/%/.log} timeline.txt"
