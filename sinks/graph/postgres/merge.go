package postgres

import (
	"context"
	"slices"

	"github.com/jackc/pgx/v5"

	"github.com/prodshape/prodshape/analysis/unionfind"
	"github.com/prodshape/prodshape/sinks/graph"
)

// mergeClusters is the processing path's lookup and merge for one batch,
// inside its transaction: read the cluster (and its size) of every
// identifier the batch touches, merge the clusters the links join (the
// largest keeps its id, the others are relabelled row by row through the
// cluster index, so a merge costs the size of the smaller side), and insert
// the new identifiers into their cluster.
func mergeClusters(ctx context.Context, tx pgx.Tx, links []graph.Link) error {
	touched := make([]string, 0, 2*len(links))
	for i := range links {
		touched = append(touched, links[i].Src)
		if links[i].Dst != "" {
			touched = append(touched, links[i].Dst)
		}
	}
	slices.Sort(touched)
	touched = slices.Compact(touched)
	rows, err := tx.Query(ctx, `SELECT n.id, n.cluster, c.size FROM identity_nodes n
		JOIN identity_clusters c ON c.cluster = n.cluster
		WHERE n.id = ANY($1)`, touched)
	if err != nil {
		return err
	}
	type known struct{ cluster, size int64 }
	found := map[string]known{}
	var id string
	var k known
	if _, err := pgx.ForEachRow(rows, []any{&id, &k.cluster, &k.size}, func() error {
		found[id] = k
		return nil
	}); err != nil {
		return err
	}

	// A union-find over the batch: one element per existing cluster and
	// per new identifier, each with the cluster id it stands for (0 for a
	// new identifier) and its size before the batch.
	u := unionfind.New(2 * len(links))
	var elemCluster, elemSize []int64
	add := func(cluster, size int64) int32 {
		elemCluster, elemSize = append(elemCluster, cluster), append(elemSize, size)
		return u.Add()
	}
	clusterElem := map[int64]int32{}
	newElem := map[string]int32{}
	var newIDs []string
	var newKinds []int16
	elem := func(name string, kind int16) int32 {
		if k, ok := found[name]; ok {
			e, ok := clusterElem[k.cluster]
			if !ok {
				e = add(k.cluster, k.size)
				clusterElem[k.cluster] = e
			}
			return e
		}
		e, ok := newElem[name]
		if !ok {
			e = add(0, 1)
			newElem[name] = e
			newIDs = append(newIDs, name)
			newKinds = append(newKinds, kind)
		}
		return e
	}
	for i := range links {
		l := &links[i]
		a := elem(l.Src, int16(l.SrcKind))
		if l.Dst != "" && l.Dst != l.Src {
			u.Union(a, elem(l.Dst, int16(l.DstKind)))
		}
	}

	// Per group: the largest existing cluster is the target (the first
	// such in element order on a tie); a group of new identifiers only
	// gets a fresh cluster id, numbered in the order groups first appear.
	target := map[int32]int64{} // root → cluster id
	size := map[int32]int64{}   // root → merged size
	var fresh []int32
	for e := range int32(u.Len()) {
		r := u.Find(e)
		if _, seen := size[r]; !seen {
			fresh = append(fresh, r) // pruned below to the groups without a target
		}
		size[r] += elemSize[e]
		if c := elemCluster[e]; c != 0 {
			if t, ok := target[r]; !ok || elemSize[clusterElem[t]] < elemSize[e] {
				target[r] = c
			}
		}
	}
	fresh = slices.DeleteFunc(fresh, func(r int32) bool { _, ok := target[r]; return ok })
	if len(fresh) > 0 {
		rows, err := tx.Query(ctx, `SELECT nextval('identity_cluster_seq') FROM generate_series(1, $1)`, len(fresh))
		if err != nil {
			return err
		}
		ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil {
			return err
		}
		for i, r := range fresh {
			target[r] = ids[i]
		}
	}
	var sources, sourceTargets, keep, keepSizes []int64
	for c, e := range clusterElem {
		r := u.Find(e)
		if t := target[r]; t != c {
			sources, sourceTargets = append(sources, c), append(sourceTargets, t)
		}
	}
	for r, s := range size {
		keep, keepSizes = append(keep, target[r]), append(keepSizes, s)
	}
	newClusters := make([]int64, len(newIDs))
	for i, name := range newIDs {
		newClusters[i] = target[u.Find(newElem[name])]
	}

	if len(sources) > 0 {
		if _, err := tx.Exec(ctx, `UPDATE identity_nodes n SET cluster = m.target
			FROM unnest($1::bigint[], $2::bigint[]) AS m(source, target) WHERE n.cluster = m.source`, sources, sourceTargets); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM identity_clusters WHERE cluster = ANY($1)`, sources); err != nil {
			return err
		}
	}
	if _, err := tx.Exec(ctx, `INSERT INTO identity_clusters (cluster, size) SELECT * FROM unnest($1::bigint[], $2::bigint[])
		ON CONFLICT (cluster) DO UPDATE SET size = EXCLUDED.size`, keep, keepSizes); err != nil {
		return err
	}
	if len(newIDs) > 0 {
		if _, err := tx.Exec(ctx, `INSERT INTO identity_nodes (id, kind, cluster)
			SELECT * FROM unnest($1::text[], $2::smallint[], $3::bigint[])`, newIDs, newKinds, newClusters); err != nil {
			return err
		}
	}
	return nil
}
