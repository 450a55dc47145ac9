// Package pace sends events on the wall clock at the rate a scenario asks
// for: the realtime half of prodshape's two clocks.
//
// It follows the open model. Every event has an intended send time, fixed in
// advance by the rate shape and never moved by how the target behaves; a
// target that answers slowly makes events late (and latency is counted from
// the intended time by the sink), it never slows the schedule down. That is
// what keeps a slow system from hiding its own slowness (coordinated
// omission).
//
// The parts:
//   - Clock maps the scenario clock onto the wall clock, with a speedup factor
//     that compresses a day into minutes while keeping its shape.
//   - Schedule turns a rate function into the intended send time of each
//     event, for loads that have no timestamps of their own.
//   - Pacer waits for intended times, releases batches of records as they fall
//     due, and counts what happened: intended and achieved rate, late and
//     dropped events.
//
// The package imports only the standard library and generators; the metric
// names it reports are registered by the code that wires a run together.
package pace
