// Package compare puts candidate runs side by side, goal by goal: the
// pivot-or-persevere table. For each goal it shows each candidate's actual
// value, whether it passed, its headroom and, for a missed goal, where the
// candidate broke. It renders as a terminal table, a Markdown decision
// record (with a blank "Decision / why" section for the team) and a
// self-contained HTML page.
//
// # Breaking point
//
// The breaking point of a missed goal is the first place along a run where
// the goal stops holding. It is found, in this order:
//
//  1. From a series that tracks the goal's metric (see report.Tracks: a
//     series named after the metric, or chart id + "." + name equal to it).
//     Its points are read in increasing x; the breaking point is the x where
//     the line first crosses the target, interpolated linearly between the
//     last point that met the goal and the first that missed it. If the
//     first point already misses, the run broke "from the start" (the first
//     x). The x axis says what the point means: backfill progress, simulated
//     time of day, elapsed time, records.
//  2. From the projection to production volume: when a goal is graded on
//     metric@1x and the run also measured metric at its scale s, the value
//     is taken as linear in volume between (s, measured) and (1, projected),
//     and the breaking point is the share of production volume where that
//     line crosses the target. If the measured value already misses, the
//     candidate broke at or below the measured scale.
//  3. Otherwise the goal missed but nothing places the break; the table says
//     so rather than guess.
//
// A goal that holds has no breaking point; when a tracking series exists
// the table says how far it held ("held to 100% backfill progress").
package compare
