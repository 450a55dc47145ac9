package scenarios

import "github.com/prodshape/prodshape/analysis/report"

// Every run folder gets report.md, report.html and junit.xml beside
// result.json.
func init() { resultWriters = append(resultWriters, report.WriteAll) }
