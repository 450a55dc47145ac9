// Package kv is the graph store the identity-graph case started from: an
// embedded on-disk key-value store (bbolt) holding, per identifier, its
// cluster id and its adjacency list, with every traversal done in the
// application, one read per hop. Ingest merges clusters by relabelling the
// smaller one hop by hop, so both paths slow down as clusters grow. It
// registers itself as "kv" and keeps its file in the run folder.
package kv
