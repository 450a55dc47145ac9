// Package graphtest is the conformance suite every graph store passes, and
// the shared workloads the stores' benchmarks run.
package graphtest
