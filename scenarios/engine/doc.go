// Package engine runs a scenario's Plan: it owns the run's embedded servers
// (Env), runs its workload (a set of streams or an identity backfill) into
// the sinks the plan names, turns what was measured into metrics, grades the
// goals and writes the run folder.
//
// Extending a run:
//   - a workload is a type implementing Workload, chosen in workloadOf;
//   - a sink kind is one file (sink_<kind>.go) that registers an opener
//     under the YAML key of its spec (registerSink from init);
//   - an embedded server is started lazily by a method of Env, which stops
//     it when the run ends.
package engine
