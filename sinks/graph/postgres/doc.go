// Package postgres is the graph store backed by a real PostgreSQL server:
// a nodes table (each identifier's cluster, indexed), a cluster-size table
// and an edges table holding both directions of each link, whose primary
// key (src, dst) is the index every hop uses. Ingest copies a batch into a
// staging table with COPY and runs the processing path in the same
// transaction: look up both sides' clusters, merge the clusters the batch
// joins, insert the new identifiers and edges. Profile evaluation is either
// one recursive CTE or an application-side breadth-first search, one query
// per hop. It registers itself as "postgres".
//
// StartServer runs a throwaway local server (initdb + pg_ctl) for tests and
// for scenarios that say dsn: embedded.
package postgres
