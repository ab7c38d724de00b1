# relgraph as a container: a static binary on a distroless base, run as a
# non-root user, healthy when /readyz answers. Build: docker build -t relgraph .
# Run it with the keys file mounted as a secret and NEO4J_* set (deploy/).

FROM golang:1.26.8-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# Static (no cgo), without local paths or debug symbols.
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/relgraph ./cmd/relgraph

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/relgraph /usr/local/bin/relgraph
# The playground and introspection are off unless asked for; the keys file
# is mounted read-only at /etc/relgraph/keys.json.
ENV RELGRAPH_ADDR=0.0.0.0:8080 \
    RELGRAPH_KEYS_FILE=/etc/relgraph/keys.json \
    RELGRAPH_PLAYGROUND=false \
    RELGRAPH_INTROSPECTION=false
# 65532 is the distroless image's nonroot user.
USER 65532:65532
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
    CMD ["/usr/local/bin/relgraph", "healthcheck", "-url", "http://127.0.0.1:8080/readyz"]
ENTRYPOINT ["/usr/local/bin/relgraph"]
CMD ["serve"]
