package pace

import "time"

// Metric names a pacer reports; Stats.Metrics fills them.
const (
	MetricIntendedRate  = "load.rate.intended"       // events/s the schedule asked for
	MetricAchievedRate  = "load.rate.achieved"       // events/s actually handed to the target
	MetricAchievedShare = "load.rate.achieved_share" // achieved over intended rate, in [0,1]
	MetricLate          = "load.late"                // events sent more than LateAfter after their intended time
	MetricDropped       = "load.dropped"             // events not sent at all
	MetricSent          = "load.sent"                // events handed to the target
	MetricMaxLag        = "load.lag.max"             // largest lag between intended and actual send, seconds
)

// Stats is what a pacer saw.
type Stats struct {
	Intended uint64        // events whose intended time came up
	Sent     uint64        // events handed to the target
	Late     uint64        // sent events that were more than LateAfter late
	Dropped  uint64        // events skipped for being more than DropAfter late
	MaxLag   time.Duration // worst lag of a sent event behind its intended time
	// Idle is the time the pacer spent waiting for events to fall due. A
	// sender that is never idle is saturated: it cannot go faster.
	Idle time.Duration

	// IntendedSpan runs from the first to the last intended time; SentSpan
	// from the first to the last actual send.
	IntendedSpan time.Duration
	SentSpan     time.Duration

	// PerSecond counts events by wall second from the first intended
	// time: the curve of intended against achieved rate.
	PerSecond []Second
}

// Stats returns the counts so far.
func (p *Pacer) Stats() Stats {
	return Stats{
		Intended:     p.intended,
		Sent:         p.sent,
		Late:         p.late,
		Dropped:      p.dropped,
		MaxLag:       p.maxLag,
		Idle:         p.idle,
		IntendedSpan: p.lastIntended.Sub(p.firstIntended),
		SentSpan:     p.lastSent.Sub(p.firstSent),
		PerSecond:    append([]Second(nil), p.perSecond...),
	}
}

// IntendedRate is the rate the schedule asked for, in events per wall
// second, measured between the first and last intended times.
func (s Stats) IntendedRate() float64 { return rate(s.Intended, s.IntendedSpan) }

// AchievedRate is the rate events actually left at. A target that falls
// behind stretches the span (events leave late) and drops lower the count,
// so either way this falls below IntendedRate.
func (s Stats) AchievedRate() float64 {
	// Over the longer of the two spans: a run that caught up with a burst
	// at the end did not achieve more than it was asked for.
	return rate(s.Sent, max(s.SentSpan, s.IntendedSpan))
}

// AchievedShare is AchievedRate over IntendedRate, capped at 1: the
// fraction of the asked-for load the target absorbed, comparable across
// scales.
func (s Stats) AchievedShare() float64 {
	in := s.IntendedRate()
	if in <= 0 {
		return 0
	}
	return min(1, s.AchievedRate()/in)
}

func rate(n uint64, span time.Duration) float64 {
	if n < 2 || span <= 0 {
		return 0
	}
	return float64(n-1) / span.Seconds()
}

// Metrics returns the stats under their metric names, in base units.
func (s Stats) Metrics() map[string]float64 {
	return map[string]float64{
		MetricIntendedRate:  s.IntendedRate(),
		MetricAchievedRate:  s.AchievedRate(),
		MetricAchievedShare: s.AchievedShare(),
		MetricLate:          float64(s.Late),
		MetricDropped:       float64(s.Dropped),
		MetricSent:          float64(s.Sent),
		MetricMaxLag:        s.MaxLag.Seconds(),
	}
}
