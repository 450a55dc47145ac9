package catalog

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
