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
	found, err := lookupClusters(ctx, tx, links)
	if err != nil {
		return err
	}
	m := planMerge(links, found)
	if len(m.fresh) > 0 {
		rows, err := tx.Query(ctx, `SELECT nextval('identity_cluster_seq') FROM generate_series(1, $1)`, len(m.fresh))
		if err != nil {
			return err
		}
		ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil {
			return err
		}
		for i, r := range m.fresh {
			m.target[r] = ids[i]
		}
	}
	return m.apply(ctx, tx)
}

// known is an identifier's cluster and that cluster's size before the batch.
type known struct{ cluster, size int64 }

func lookupClusters(ctx context.Context, tx pgx.Tx, links []graph.Link) (map[string]known, error) {
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
		return nil, err
	}
	found := map[string]known{}
	var id string
	var k known
	if _, err := pgx.ForEachRow(rows, []any{&id, &k.cluster, &k.size}, func() error {
		found[id] = k
		return nil
	}); err != nil {
		return nil, err
	}
	return found, nil
}

// merge is one batch's plan: a union-find with one element per existing
// cluster and per new identifier, each element carrying the cluster id it
// stands for (0 for a new identifier) and its size before the batch.
type merge struct {
	u                     *unionfind.Forest
	elemCluster, elemSize []int64
	clusterElem           map[int64]int32
	newElem               map[string]int32
	newIDs                []string
	newKinds              []int16
	target                map[int32]int64 // root → the cluster id the group keeps
	size                  map[int32]int64 // root → merged size
	fresh                 []int32         // roots of groups that need a new cluster id
}

func (m *merge) elem(found map[string]known, name string, kind int16) int32 {
	if k, ok := found[name]; ok {
		e, ok := m.clusterElem[k.cluster]
		if !ok {
			e = m.add(k.cluster, k.size)
			m.clusterElem[k.cluster] = e
		}
		return e
	}
	e, ok := m.newElem[name]
	if !ok {
		e = m.add(0, 1)
		m.newElem[name] = e
		m.newIDs = append(m.newIDs, name)
		m.newKinds = append(m.newKinds, kind)
	}
	return e
}

func (m *merge) add(cluster, size int64) int32 {
	m.elemCluster, m.elemSize = append(m.elemCluster, cluster), append(m.elemSize, size)
	return m.u.Add()
}

// planMerge groups the batch's clusters and new identifiers. Per group the
// largest existing cluster is the target (the first such in element order
// on a tie); a group of new identifiers only gets a fresh cluster id,
// numbered in the order groups first appear.
func planMerge(links []graph.Link, found map[string]known) *merge {
	m := &merge{u: unionfind.New(2 * len(links)), clusterElem: map[int64]int32{}, newElem: map[string]int32{},
		target: map[int32]int64{}, size: map[int32]int64{}}
	for i := range links {
		l := &links[i]
		a := m.elem(found, l.Src, int16(l.SrcKind))
		if l.Dst != "" && l.Dst != l.Src {
			m.u.Union(a, m.elem(found, l.Dst, int16(l.DstKind)))
		}
	}
	for e := range int32(m.u.Len()) {
		r := m.u.Find(e)
		if _, seen := m.size[r]; !seen {
			m.fresh = append(m.fresh, r) // pruned below to the groups without a target
		}
		m.size[r] += m.elemSize[e]
		if c := m.elemCluster[e]; c != 0 {
			if t, ok := m.target[r]; !ok || m.elemSize[m.clusterElem[t]] < m.elemSize[e] {
				m.target[r] = c
			}
		}
	}
	m.fresh = slices.DeleteFunc(m.fresh, func(r int32) bool { _, ok := m.target[r]; return ok })
	return m
}

// apply relabels the merged clusters, writes the groups' sizes and inserts
// the new identifiers; every group has its target by now.
func (m *merge) apply(ctx context.Context, tx pgx.Tx) error {
	var sources, sourceTargets, keep, keepSizes []int64
	for c, e := range m.clusterElem {
		if t := m.target[m.u.Find(e)]; t != c {
			sources, sourceTargets = append(sources, c), append(sourceTargets, t)
		}
	}
	for r, s := range m.size {
		keep, keepSizes = append(keep, m.target[r]), append(keepSizes, s)
	}
	newClusters := make([]int64, len(m.newIDs))
	for i, name := range m.newIDs {
		newClusters[i] = m.target[m.u.Find(m.newElem[name])]
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
	if len(m.newIDs) > 0 {
		if _, err := tx.Exec(ctx, `INSERT INTO identity_nodes (id, kind, cluster)
			SELECT * FROM unnest($1::text[], $2::smallint[], $3::bigint[])`, m.newIDs, m.newKinds, newClusters); err != nil {
			return err
		}
	}
	return nil
}
