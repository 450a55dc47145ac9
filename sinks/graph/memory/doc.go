// Package memory is the in-process graph store: adjacency lists in memory,
// clusters merged with a union-find on ingest, profiles walked breadth
// first. Nothing is cheaper, so it is the upper bound the other stores are
// compared with. It registers itself as "memory".
package memory
