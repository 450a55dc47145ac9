package catalog

import "github.com/prodshape/prodshape/analysis/metrics"

// Metric names produced from a file list.
const (
	MetricFiles             = "lake.files.total"
	MetricFilesPerDay       = "lake.files.per_day"
	MetricRows              = "lake.rows.total"
	MetricBytes             = "lake.bytes.total"
	MetricRowGroups         = "lake.row_groups.total"
	MetricPartitions        = "lake.partitions.total"
	MetricFileSizeP10       = "lake.file_size.p10"
	MetricFileSizeP50       = "lake.file_size.p50"
	MetricFileSizeP90       = "lake.file_size.p90"
	MetricFileSizeMax       = "lake.file_size.max"
	MetricRowsPerFileP50    = "lake.rows_per_file.p50"
	MetricFilesPerPartition = "lake.files_per_partition.max"
	MetricSmallShare        = "lake.small_files.share"
	MetricScanRequests      = "lake.scan.requests"
	MetricScanCost          = "lake.scan.cost_usd"
	MetricScanEstimated     = "lake.scan.estimated_seconds"
	MetricScanSeconds       = "lake.scan_seconds"
	MetricScanRowsPerSecond = "lake.scan.rows_per_second"
	MetricFooterSeconds     = "lake.footers_seconds"
)

func init() {
	metrics.Register(
		metrics.Def{Name: MetricFiles, Unit: metrics.Count, Projected: true, Help: "data files in the lake"},
		metrics.Def{Name: MetricFilesPerDay, Unit: metrics.Count, Projected: true, Help: "data files in the lake per simulated day"},
		metrics.Def{Name: MetricRows, Unit: metrics.Count, Projected: true, Help: "rows in the lake's data files"},
		metrics.Def{Name: MetricBytes, Unit: metrics.Bytes, Projected: true, Help: "bytes in the lake's data files"},
		metrics.Def{Name: MetricRowGroups, Unit: metrics.Count, Projected: true, Help: "Parquet row groups in the lake"},
		metrics.Def{Name: MetricPartitions, Unit: metrics.Count, Projected: true, Help: "partition directories holding data files"},
		metrics.Def{Name: MetricFileSizeP10, Unit: metrics.Bytes, Projected: true, Help: "file size, 10th percentile"},
		metrics.Def{Name: MetricFileSizeP50, Unit: metrics.Bytes, Projected: true, Help: "file size, median"},
		metrics.Def{Name: MetricFileSizeP90, Unit: metrics.Bytes, Projected: true, Help: "file size, 90th percentile"},
		metrics.Def{Name: MetricFileSizeMax, Unit: metrics.Bytes, Projected: true, Help: "largest file"},
		metrics.Def{Name: MetricRowsPerFileP50, Unit: metrics.Count, Projected: true, Help: "rows per file, median"},
		metrics.Def{Name: MetricFilesPerPartition, Unit: metrics.Count, Projected: true, Help: "most data files in one partition directory"},
		metrics.Def{Name: MetricSmallShare, Unit: metrics.Ratio, Projected: true, Help: "share of files smaller than the target file size"},
		metrics.Def{Name: MetricScanRequests, Unit: metrics.Count, Projected: true, Help: "object-store requests of one full scan (LIST pages + ranged GETs)"},
		metrics.Def{Name: MetricScanCost, Unit: metrics.Count, Projected: true, Help: "request cost in USD of one full scan"},
		metrics.Def{Name: MetricScanEstimated, Unit: metrics.Seconds, Projected: true, Help: "estimated query-engine seconds for one full scan (per-file plus per-row cost, fitted to the Athena small-file measurements)"},
		metrics.Def{Name: MetricScanSeconds, Unit: metrics.Seconds, Help: "measured seconds to read every row of the lake once (analyze --scan)"},
		metrics.Def{Name: MetricScanRowsPerSecond, Unit: metrics.PerSecond, Help: "rows per second of the measured full scan"},
		metrics.Def{Name: MetricFooterSeconds, Unit: metrics.Seconds, Help: "seconds to list the lake and read every Parquet footer"},
	)
}
