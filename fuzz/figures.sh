#!/usr/bin/env bash
# Prints a markdown table row per campaign log in fuzz/logs: inputs executed, wall time,
# average exec/s, final coverage (cov = edges, ft = features), corpus size, artifacts left.
cd "$(dirname "$0")"
echo "| Target | Inputs | Time (s) | exec/s | cov | ft | corpus | peak RSS (MB) | slowest input (s) | crashes/timeouts/OOM |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for log in logs/*.log; do
    t=$(basename "$log" .log)
    [ "$t" = campaign ] && continue
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    eps=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
    secs=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log")
    last=$(grep -E '^#[0-9]+.*cov: ' "$log" | tail -1)
    cov=$(sed -n 's/.*cov: \([0-9]*\).*/\1/p' <<<"$last")
    ft=$(sed -n 's/.*ft: \([0-9]*\).*/\1/p' <<<"$last")
    corp=$(sed -n 's/.*corp: \([^ ]*\).*/\1/p' <<<"$last")
    rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$log")
    slow=$(sed -n 's/^stat::slowest_unit_time_sec: *//p' "$log")
    bad=$(ls "artifacts/${t%%.*}" 2>/dev/null | wc -l)
    echo "| \`$t\` | ${runs:-running} | ${secs:-} | ${eps:-} | $cov | $ft | $corp | ${rss:-} | ${slow:-} | $bad |"
done
