// Package graph defines the identity-graph store a backfill writes into and
// profile evaluations read from, the registry of store kinds by DSN scheme
// (memory:, kv: or bolt:, postgres://; each in its own subpackage, which
// parses its DSN into its own options type), the guardrails a candidate
// system can switch on (maximum component size, junk identifier blocklist,
// maximum identifiers of one kind per cluster), and Tracker, which mirrors a
// store's clusters over the population's integer ids.
//
// Adding a store is one subpackage that calls Register from init with its
// scheme, and passes the conformance suite in graphtest.
package graph
