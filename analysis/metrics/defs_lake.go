package metrics

// Metrics of a Parquet lake: the files as they stand (from the writer's
// commits or a scan of footers), freshness and compaction.
func init() {
	Register(
		Def{Name: "lake.files.total", Unit: Count, Projected: true, Help: "data files in the lake"},
		Def{Name: "lake.files.per_day", Unit: Count, Projected: true, Help: "data files in the lake per simulated day"},
		Def{Name: "lake.rows.total", Unit: Count, Projected: true, Help: "rows in the lake's data files"},
		Def{Name: "lake.bytes.total", Unit: Bytes, Projected: true, Help: "bytes in the lake's data files"},
		Def{Name: "lake.row_groups.total", Unit: Count, Projected: true, Help: "Parquet row groups in the lake"},
		Def{Name: "lake.partitions.total", Unit: Count, Projected: true, Help: "partition directories holding data files"},
		Def{Name: "lake.file_size.p10", Unit: Bytes, Projected: true, Help: "file size, 10th percentile"},
		Def{Name: "lake.file_size.p50", Unit: Bytes, Projected: true, Help: "file size, median"},
		Def{Name: "lake.file_size.p90", Unit: Bytes, Projected: true, Help: "file size, 90th percentile"},
		Def{Name: "lake.file_size.max", Unit: Bytes, Projected: true, Help: "largest file"},
		Def{Name: "lake.rows_per_file.p50", Unit: Count, Projected: true, Help: "rows per file, median"},
		Def{Name: "lake.files_per_partition.max", Unit: Count, Projected: true, Help: "most data files in one partition directory"},
		Def{Name: "lake.small_files.share", Unit: Ratio, Projected: true, Help: "share of files smaller than the target file size"},
		Def{Name: "lake.scan.requests", Unit: Count, Projected: true, Help: "object-store requests of one full scan (LIST pages + ranged GETs)"},
		Def{Name: "lake.scan.cost_usd", Unit: USD, Projected: true, Help: "request cost in USD of one full scan"},
		Def{Name: "lake.scan.estimated_seconds", Unit: Seconds, Projected: true, Help: "estimated query-engine seconds for one full scan (per-file plus per-row cost, fitted to the Athena small-file measurements)"},
		Def{Name: "lake.scan_seconds", Unit: Seconds, Help: "measured seconds to read every row of the lake once (analyze --scan)"},
		Def{Name: "lake.scan.rows_per_second", Unit: PerSecond, Help: "rows per second of the measured full scan"},
		Def{Name: "lake.footers_seconds", Unit: Seconds, Help: "seconds to list the lake and read every Parquet footer"},
	)
	RegisterLatency("freshness", "time from a record's event time until the file holding it was committed, on the scenario clock")
	Register(
		Def{Name: "lake.files.written", Unit: Count, Projected: true, Help: "files the writers committed, including those compaction later replaced"},
		Def{Name: "lake.compaction.runs", Unit: Count, Help: "compaction ticks run"},
		Def{Name: "lake.compaction.files_rewritten", Unit: Count, Projected: true, Help: "small files compaction rewrote and deleted"},
	)
}
