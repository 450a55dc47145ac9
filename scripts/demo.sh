#!/usr/bin/env bash
# Runs every built-in scenario at a laptop-sized scale and prints a verdict
# table. Exit codes 0 (persevere) and 1 (pivot) are both answers; 2 or 3
# fails the demo.
set -uo pipefail
bin=${1:-bin/prodshape}
out=${DEMO_OUT:-runs/demo}
mkdir -p "$out"
printf '%-34s %-10s %s\n' SCENARIO VERDICT "RUN FOLDER"
failed=0
for name in $("$bin" scenarios | awk 'NR>1 {print $1}'); do
	case "$name" in
	clickstream-to-kafka) extra=(--duration 20s) ;; # realtime: keep it short
	*) extra=() ;;
	esac
	"$bin" run "$name" --out "$out/$name" --force -q "${extra[@]}" >"$out/$name.log" 2>&1
	code=$?
	case $code in
	0) verdict=persevere ;;
	1) verdict=pivot ;;
	*) verdict="FAILED($code)"; failed=1 ;;
	esac
	printf '%-34s %-10s %s\n' "$name" "$verdict" "$out/$name"
	if [ $code -ge 2 ]; then sed 's/^/    /' "$out/$name.log"; fi
done
echo
echo "Each run folder holds result.json and the reports (report.md, report.html, junit.xml)."
echo "Compare candidates: $bin compare $out/lake-spark-hourly $out/lake-serverless-microbatch $out/lake-serverless-compacted"
exit $failed
