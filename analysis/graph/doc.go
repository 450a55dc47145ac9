// Package graph analyzes an identity graph given as an edge list, from any
// system: connected components by union-find over dense identifier ids
// (Analyze partitions identifier hashes into buckets small enough to
// number in cache, for a whole list in memory; Builder interns them one
// by one for a stream; either way two different identifiers never share
// an id),
// the component-size distribution, the largest component and its share of
// all identifiers, the degree distribution and the top supernodes. Edge
// lists are read from Parquet (columns src, dst and optionally kind or
// src_kind/dst_kind, time) or CSV (src,dst[,kind,time]).
package graph
