package engine

import (
	"context"

	"github.com/prodshape/prodshape/analysis/metrics"
)

// Workload generates one kind of load, pushes it into the run's sinks and
// puts what it measured into set. Run returns when the workload is done,
// failed, or ctx is cancelled; the sinks it opened are closed or aborted by
// then.
type Workload interface {
	Run(ctx context.Context, env *Env, set *metrics.Set) error
}

var (
	_ Workload = streams{}
	_ Workload = identityBackfill{}
)

// workloadOf picks the plan's workload: a population is backfilled into a
// graph store; otherwise the plan's streams run.
func workloadOf(env *Env) Workload {
	if env.Plan.Identity != nil {
		return identityBackfill{}
	}
	return streams{}
}
