package metrics

// Metrics of the generated load: records and bytes, arrival rates on the
// scenario clock, realtime pacing, the run itself and JSON-lines output.
func init() {
	Register(
		Def{Name: "records.total", Unit: Count, Help: "records generated", Projected: true, Linear: true},
		Def{Name: "bytes.total", Unit: Bytes, Help: "raw value bytes generated (text length, 8 per number or time, 1 per bool)", Projected: true, Linear: true},
		Def{Name: "records.rate.p50", Unit: PerSecond, Help: "median per-minute arrival rate on the scenario clock", Projected: true, Linear: true},
		Def{Name: "records.rate.max", Unit: PerSecond, Help: "busiest minute's arrival rate on the scenario clock", Projected: true, Linear: true},
		Def{Name: "records.rate.min", Unit: PerSecond, Help: "quietest minute's arrival rate on the scenario clock", Projected: true, Linear: true},
		Def{Name: "run.seconds", Unit: Seconds, Help: "wall-clock time of the run"},
		Def{Name: "run.records_per_second", Unit: PerSecond, Help: "generation and sink throughput on the wall clock"},
	)
	Register(
		Def{Name: "load.rate.intended", Unit: PerSecond, Help: "realtime: events per wall second the rate shape asked for"},
		Def{Name: "load.rate.achieved", Unit: PerSecond, Help: "realtime: events per wall second actually handed to the sinks"},
		Def{Name: "load.rate.achieved_share", Unit: Ratio, Help: "realtime: achieved over intended rate (1 = the target kept up)"},
		Def{Name: "load.late", Unit: Count, Help: "realtime: events sent more than 10ms after their intended time (the target fell behind)"},
		Def{Name: "load.dropped", Unit: Count, Help: "realtime: events not sent at all"},
		Def{Name: "load.sent", Unit: Count, Help: "realtime: events handed to the sinks"},
		Def{Name: "load.lag.max", Unit: Seconds, Help: "realtime: worst lag of a send behind its intended time"},
	)
	Register(
		Def{Name: "jsonl.bytes", Unit: Bytes, Help: "bytes of JSON lines written", Projected: true, Linear: true},
		Def{Name: "jsonl.records", Unit: Count, Help: "records written as JSON lines", Projected: true, Linear: true},
	)
}
