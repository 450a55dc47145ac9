// Package facts holds what sinks report about what they delivered: the
// files a lake writer committed, the acknowledgements a Kafka producer saw,
// the records and bytes a file sink wrote. Sinks record facts; the analysis
// packages turn them into metrics, the same way for a run as for an
// analysis of a target written by anything else.
//
// It is a leaf: it depends on no sink and no analysis package, so both may
// import it.
package facts
