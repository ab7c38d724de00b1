#!/usr/bin/env bash
# The standard benchmark: for each size in BENCH_PEOPLE, a fresh throwaway
# Neo4j, generated data, a timed import, relgraph and the @neo4j/graphql
# reference server side by side on it, the equivalence check, then relbench
# at BENCH_CLIENTS with all three sides (HTTP, direct driver, reference).
#
#   bench/run.sh                       # 10k people, a few minutes
#   BENCH_PEOPLE="10000 100000" BENCH_DURATION=10s bench/run.sh
#
# Settings (environment):
#   BENCH_PEOPLE     sizes, run one after the other, each on a fresh database (default 10000)
#   BENCH_DURATION   per question, client count and side (default 2s)
#   BENCH_CLIENTS    concurrent client counts (default 1,16)
#   BENCH_SEED       seed of the data and of the parameter draws (default 1)
#   BENCH_CHECK      parameter sets per question for the equivalence check; 0 skips it (default 5)
#   BENCH_HEAP, BENCH_PAGECACHE   Neo4j heap and page cache (default 4g, 4g)
#   BENCH_TIMEOUT    timeout of one request and of one Neo4j transaction (default 30s)
#   BENCH_OUT        where reports go (default bench/out)
#   BENCH_ONLY       only the questions whose name matches this regular expression (relbench -only)
#   BENCH_INTERACTIONS=1   then start a second Neo4j with the same graph plus its
#                    interactions (relgraph generate -interactions; import and full
#                    recompute timed) and measure relgraph on both databases in
#                    turn, BENCH_ROUNDS times (default 3): interactions-* reports
#   BENCH_ROUNDS     rounds of the comparison with and without interactions
#   BENCH_BULK       1 (default): before the online import, also time a bulk load
#                    (relgraph import -bulk) of the same file into an empty
#                    database of its own, removed afterwards: bulk-<people>.txt; 0 skips it
#   BENCH_COLD       rounds of the cold-plan pass after the measurements (relbench
#                    -cold: each question once after Neo4j's plan caches are
#                    emptied, then once more): cold-<people>.txt (default 20; 0 skips it)
#   REFERENCE_TCP_NODELAY=1   the reference's driver connections without Nagle's algorithm (see bench/README.md)
#
# Writes BENCH_OUT/relbench-<people>.json and .txt (the report),
# check-<people>.txt (the equivalence check) and import-<people>.txt (the
# import's summary); at the end p99.svg (bin/relchart) from every
# relbench-*.json there. Everything it starts (Neo4j, relgraph, the
# reference server) stops when it ends or is interrupted.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$(pwd)

BENCH_PEOPLE=${BENCH_PEOPLE:-10000}
BENCH_DURATION=${BENCH_DURATION:-2s}
BENCH_CLIENTS=${BENCH_CLIENTS:-1,16}
BENCH_SEED=${BENCH_SEED:-1}
BENCH_CHECK=${BENCH_CHECK:-5}
BENCH_HEAP=${BENCH_HEAP:-4g}
BENCH_PAGECACHE=${BENCH_PAGECACHE:-4g}
BENCH_TIMEOUT=${BENCH_TIMEOUT:-30s}
BENCH_OUT=${BENCH_OUT:-bench/out}
BENCH_ONLY=${BENCH_ONLY:-}
BENCH_INTERACTIONS=${BENCH_INTERACTIONS:-}
BENCH_ROUNDS=${BENCH_ROUNDS:-3}
BENCH_BULK=${BENCH_BULK:-1}
BENCH_COLD=${BENCH_COLD:-20}
export BENCH_DURATION BENCH_CLIENTS BENCH_SEED BENCH_CHECK BENCH_HEAP BENCH_PAGECACHE BENCH_TIMEOUT BENCH_OUT BENCH_ONLY BENCH_INTERACTIONS BENCH_ROUNDS BENCH_BULK BENCH_COLD

log() { printf '\n== %s\n' "$*" >&2; }

# one_size runs inside withneo4j (NEO4J_URI is set): generate, import,
# serve both servers, check, measure.
pids=() # what one_size started: servers, the import, relbench
stop_servers() {
  local pid
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  pids=()
}

# run_child runs a command in the background and waits for it, so that an
# INT or TERM trap runs at once (bash runs traps only between foreground
# commands) and stops it with the servers.
run_child() {
  "$@" &
  local pid=$! status=0
  pids+=("$pid")
  wait "$pid" || status=$?
  unset 'pids[-1]'
  return "$status"
}

# timed_import imports a file, adding its summary, time and peak memory
# to a report.
timed_import() {
  local file=$1 report=$2 start=$SECONDS
  local timing=()
  if [[ -x /usr/bin/time ]]; then
    timing=(/usr/bin/time -f 'import process: %es wall, %MkB max resident memory')
  fi
  run_child "${timing[@]}" bin/relgraph import -quiet "$file" > >(tee -a "$report") 2>&1
  echo "import took $((SECONDS - start))s in all (Neo4j heap $BENCH_HEAP, page cache $BENCH_PAGECACHE)" | tee -a "$report"
}

# start_relgraph starts relgraph serve on a free port, its output in
# BASE.out and its log in BASE.log.
start_relgraph() {
  RELGRAPH_ADDR=127.0.0.1:0 RELGRAPH_TX_TIMEOUT=$BENCH_TIMEOUT RELGRAPH_REQUEST_TIMEOUT=$BENCH_TIMEOUT RELGRAPH_STRENGTH_REFRESH=0 \
    bin/relgraph serve -playground=false >"$1.out" 2>"$1.log" &
  pids+=($!)
}

# await_url prints the URL a server started in the background writes to
# BASE.out (found by the sed expression), within a minute.
await_url() {
  local base=$1 expr=$2 url="" i pid
  for i in $(seq 1 300); do
    url=$(sed -n "$expr" "$base.out")
    if [[ -n $url ]]; then
      echo "$url"
      return 0
    fi
    for pid in "${pids[@]}"; do
      if ! kill -0 "$pid" 2>/dev/null; then
        echo "run.sh: a server stopped while starting:" >&2
        tail -n 20 "$base.log" >&2
        return 1
      fi
    done
    sleep 0.2
  done
  echo "run.sh: $base did not start within a minute" >&2
  tail -n 20 "$base.log" >&2
  return 1
}

# interactions_size runs inside a second withneo4j, beside one_size's
# database and server (BENCH_WITHOUT_URL, BENCH_WITHOUT_NEO4J): the same
# graph, then its interactions (timed), a full recompute (timed), a
# relgraph on it, an unmeasured warm-up, and BENCH_ROUNDS rounds of
# relbench on the database without interactions and on this one in turn.
# The generated KNOWS keep their manual strengths (a manual value wins),
# so both give the same answers: what differs is only what the
# interactions add.
interactions_size() {
  local people=$1 work=$2
  trap stop_servers EXIT
  trap 'stop_servers; exit 130' INT TERM
  local data=$work/with-$people.ndjson
  log "$people people, second database: the same graph"
  bin/relgraph generate -people "$people" -seed "$BENCH_SEED" -out "$data"
  bin/relgraph migrate
  run_child bin/relgraph import -quiet "$data" >/dev/null
  log "$people people, second database: its interactions"
  bin/relgraph generate -people "$people" -seed "$BENCH_SEED" -interactions -out "$data" 2>&1 | tee "$BENCH_OUT/interactions-import-$people.txt"
  timed_import "$data" "$BENCH_OUT/interactions-import-$people.txt"
  rm -f "$data"
  log "$people people, second database: recomputing every strength"
  local start=$SECONDS
  run_child bin/relgraph strength recompute > >(tee "$BENCH_OUT/interactions-recompute-$people.txt") 2>&1
  echo "recompute took $((SECONDS - start))s in all" | tee -a "$BENCH_OUT/interactions-recompute-$people.txt"
  start_relgraph "$work/relgraph-with"
  local with_url
  with_url=$(await_url "$work/relgraph-with" 's/^relgraph serving on \(http:[^ ]*\)$/\1/p') || return 1
  local bench=(bin/relbench -key "$BENCH_KEY" -seed "$BENCH_SEED" -timeout "$BENCH_TIMEOUT" -only "$BENCH_ONLY"
    -clients "$BENCH_CLIENTS" -duration "$BENCH_DURATION")
  local round side status=0
  # The first database's relgraph and Neo4j are warm from the standard
  # run; this one gets as long a warm-up, unmeasured.
  log "$people people: warming up the database with interactions"
  run_child "${bench[@]}" -url "$with_url" -neo4j "$NEO4J_URI" >/dev/null || status=$?
  for round in $(seq 1 "$BENCH_ROUNDS"); do
    for side in without with; do
      local target=(-url "$BENCH_WITHOUT_URL" -neo4j "$BENCH_WITHOUT_NEO4J")
      if [[ $side == with ]]; then
        target=(-url "$with_url" -neo4j "$NEO4J_URI")
      fi
      log "$people people: round $round of $BENCH_ROUNDS, $side interactions"
      run_child "${bench[@]}" "${target[@]}" -json-file "$BENCH_OUT/interactions-$side-$people-$round.json" \
        > >(tee "$BENCH_OUT/interactions-$side-$people-$round.txt") || status=$?
    done
  done
  stop_servers
  return "$status"
}

one_size() {
  local people=$1 work=$2
  trap stop_servers EXIT
  trap 'stop_servers; exit 130' INT TERM

  local data=$work/data-$people.ndjson
  log "$people people: generating (seed $BENCH_SEED)"
  bin/relgraph generate -people "$people" -seed "$BENCH_SEED" -out "$data"

  if [[ $BENCH_BULK == 1 ]]; then
    log "$people people: bulk load into an empty database of its own (timed)"
    local bulk_timing=() start=$SECONDS
    if [[ -x /usr/bin/time ]]; then
      bulk_timing=(/usr/bin/time -f 'bulk load: %es wall, %MkB max resident memory of the largest process (Neo4j, the importer or relgraph)')
    fi
    run_child "${bulk_timing[@]}" bin/relgraph import -bulk -quiet -data "$work/bulk-$people" -heap "$BENCH_HEAP" -memory "$BENCH_PAGECACHE" "$data" \
      > >(tee "$BENCH_OUT/bulk-$people.txt") 2>&1
    echo "bulk load took $((SECONDS - start))s in all" | tee -a "$BENCH_OUT/bulk-$people.txt"
    rm -rf "$work/bulk-$people"
  fi

  log "$people people: schema and import"
  bin/relgraph migrate
  : >"$BENCH_OUT/import-$people.txt"
  timed_import "$data" "$BENCH_OUT/import-$people.txt"
  rm -f "$data"

  export RELGRAPH_KEYS_FILE=$work/keys.json
  local key
  key=$(bin/relgraph keys new -role reader -person p0 -name bench -scope ALL -rate off 2>/dev/null | grep -m1 '^rg_' || true)
  if [[ -z $key ]]; then
    echo "run.sh: could not make an API key" >&2
    return 1
  fi

  log "$people people: starting relgraph and the reference server"
  start_relgraph "$work/relgraph"
  PORT=0 node bench/reference/server.mjs >"$work/reference.out" 2>"$work/reference.log" &
  pids+=($!)
  local relgraph_url reference_url
  relgraph_url=$(await_url "$work/relgraph" 's/^relgraph serving on \(http:[^ ]*\)$/\1/p') || return 1
  reference_url=$(await_url "$work/reference" 's#^reference ready: \(http://[^ ]*\)/graphql$#\1#p') || return 1
  echo "relgraph: $relgraph_url   reference: $reference_url" >&2

  local bench=(bin/relbench -url "$relgraph_url" -key "$key" -neo4j "$NEO4J_URI" -reference "$reference_url"
    -seed "$BENCH_SEED" -timeout "$BENCH_TIMEOUT" -only "$BENCH_ONLY")
  local status=0
  if [[ $BENCH_CHECK != 0 ]]; then
    log "$people people: equivalence check, $BENCH_CHECK parameter sets per question"
    run_child "${bench[@]}" -check "$BENCH_CHECK" > >(tee "$BENCH_OUT/check-$people.txt") || status=$?
  fi

  log "$people people: relbench, clients $BENCH_CLIENTS, $BENCH_DURATION per question, client count and side"
  run_child "${bench[@]}" -clients "$BENCH_CLIENTS" -duration "$BENCH_DURATION" -json-file "$BENCH_OUT/relbench-$people.json" \
    > >(tee "$BENCH_OUT/relbench-$people.txt") || status=$?

  if [[ $BENCH_COLD != 0 ]]; then
    log "$people people: cold-plan pass, $BENCH_COLD rounds"
    run_child bin/relbench -url "$relgraph_url" -key "$key" -neo4j "$NEO4J_URI" -seed "$BENCH_SEED" -timeout "$BENCH_TIMEOUT" \
      -only "$BENCH_ONLY" -cold "$BENCH_COLD" > >(tee "$BENCH_OUT/cold-$people.txt") || status=$?
  fi

  if [[ -n $BENCH_INTERACTIONS ]]; then
    log "$people people: a second Neo4j with the same graph and its interactions"
    BENCH_KEY=$key BENCH_WITHOUT_URL=$relgraph_url BENCH_WITHOUT_NEO4J=$NEO4J_URI \
      run_child bin/withneo4j -heap "$BENCH_HEAP" -pagecache "$BENCH_PAGECACHE" -tx-timeout "$BENCH_TIMEOUT" -- \
      bash "$root/bench/run.sh" --interactions "$people" "$work" || status=$?
  fi
  stop_servers
  return "$status"
}

if [[ ${1:-} == --one-size ]]; then
  one_size "$2" "$3"
  exit
fi
if [[ ${1:-} == --interactions ]]; then
  interactions_size "$2" "$3"
  exit
fi

for n in $BENCH_PEOPLE; do
  if ! [[ $n =~ ^[1-9][0-9]*$ ]]; then
    echo "run.sh: BENCH_PEOPLE must be whole numbers separated by spaces, got '$BENCH_PEOPLE'" >&2
    exit 2
  fi
done

log "building"
make --no-print-directory build
if [[ ! -d bench/reference/node_modules ]]; then
  (cd bench/reference && npm ci --no-audit --no-fund)
fi
mkdir -p "$BENCH_OUT"

work=$(mktemp -d "${TMPDIR:-/tmp}/relgraph-bench.XXXXXX")
child=""
# On INT or TERM, withneo4j passes the signal on to the size's run (which
# stops its servers) and stops Neo4j; the work folder goes on exit.
on_signal() {
  if [[ -n $child ]]; then
    kill -TERM "$child" 2>/dev/null || true
    wait "$child" 2>/dev/null || true
  fi
  exit 130
}
trap 'rm -rf "$work"' EXIT
trap on_signal INT TERM

status=0
for n in $BENCH_PEOPLE; do
  log "$n people: starting a fresh Neo4j (heap $BENCH_HEAP, page cache $BENCH_PAGECACHE)"
  mkdir -p "$work/$n"
  bin/withneo4j -heap "$BENCH_HEAP" -pagecache "$BENCH_PAGECACHE" -tx-timeout "$BENCH_TIMEOUT" -- \
    bash "$root/bench/run.sh" --one-size "$n" "$work/$n" &
  child=$!
  wait "$child" || status=$?
  child=""
  if [[ $status -ge 128 ]]; then
    exit "$status"
  fi
done

log "chart"
shopt -s nullglob
reports=("$BENCH_OUT"/relbench-*.json)
if ((${#reports[@]} > 0)); then
  bin/relchart -o "$BENCH_OUT/p99.svg" "${reports[@]}" && echo "wrote $BENCH_OUT/p99.svg"
fi

if [[ $status != 0 ]]; then
  echo "run.sh: some requests failed or answers differed; see $BENCH_OUT" >&2
fi
exit "$status"
