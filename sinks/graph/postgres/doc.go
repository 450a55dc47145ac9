// Package postgres is the graph store backed by a real PostgreSQL server:
// a nodes table and an edges table holding both directions of each link,
// whose primary key (src, dst) is the index every hop uses; batched ingest with COPY into a staging table, and profile
// evaluation either as one recursive CTE or as an application-side breadth
// first search, one query per hop. It registers itself as "postgres".
//
// StartServer runs a throwaway local server (initdb + pg_ctl) for tests and
// for scenarios that say dsn: embedded.
package postgres
