// Package relgraph holds the GraphQL schema, the contract every part of
// relgraph answers to: graph/ is generated from it, and the server serves
// it at /schema.graphql.
package relgraph

import _ "embed"

// SDL is schema.graphqls, as written.
//
//go:embed schema.graphqls
var SDL string
