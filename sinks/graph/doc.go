// Package graph defines the identity-graph store a backfill writes into and
// profile evaluations read from, the registry of store kinds by the name a
// scenario uses (memory, kv, postgres; each in its own subpackage), the
// guardrails a candidate system can switch on (maximum component size, junk
// identifier blocklist, maximum identifiers of one kind per cluster), and
// Tracker, the incremental union-find that knows every cluster's size.
//
// Every store passes the conformance suite in graphtest.
package graph
