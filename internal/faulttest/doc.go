// Package faulttest checks that relgraph survives Neo4j outages and imports killed midway.
package faulttest
