#!/usr/bin/env bash
# Browser test of the playground: starts `relgraph dev` against the Neo4j in
# NEO4J_URI (fresh, so the demo data is imported), then drives Chromium.
set -euo pipefail
cd "$(dirname "$0")/../../../.."
: "${NEO4J_URI:?run me through withneo4j (make e2e-test)}"

work=$(mktemp -d)
out="$work/dev.out"
RELGRAPH_KEYS_FILE="$work/keys.json" RELGRAPH_ADDR=127.0.0.1:0 bin/relgraph dev >"$out" 2>"$work/dev.err" &
pid=$!
cleanup() {
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

for _ in $(seq 1 120); do
  grep -q "relgraph is ready" "$out" && break
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "relgraph dev exited:"; cat "$out" "$work/dev.err"; exit 1
  fi
  sleep 0.5
done
grep -q "relgraph is ready" "$out" || { echo "relgraph dev did not get ready"; cat "$out"; exit 1; }

url=$(sed -n 's|.*playground: \(http://[^/]*\)/?key=.*|\1|p' "$out" | head -1)
key=$(sed -n 's|.*API key (admin, viewer p0): \(rg_[A-Za-z0-9_-]*\).*|\1|p' "$out" | head -1)
# The typed Go client of examples/go-client, generated from the schema,
# asks relgraph dev its questions and gets the demo's answers.
RELGRAPH_URL="$url" RELGRAPH_KEY="$key" go run ./examples/go-client > "$work/client.out"
diff -u examples/go-client/expected.txt "$work/client.out" || { echo "examples/go-client: unexpected answers"; exit 1; }
echo "examples/go-client: the typed client's answers are the expected ones"
# The first preloaded example is the churn question; Dana Reyes (p10) is its first answer.
# Then the graphql-http audit of GraphQL over HTTP against the same server.
RELGRAPH_URL="$url" RELGRAPH_KEY="$key" RELGRAPH_EXPECT="Dana Reyes" node --test internal/server/playground/e2e/playground.test.mjs internal/server/playground/e2e/audit.test.mjs
