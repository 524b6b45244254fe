#!/usr/bin/env bash
# Runs every benchmark of issue 6 and prints the figures in the order of docs/performance.md.
#
#   scripts/bench.sh            # criterion benches + peak memory for 1,000 and 100,000 reports
#   SKIP_CRITERION=1 scripts/bench.sh   # only the peak-memory runs (criterion results reused)
#   SIZES="1000 10000" scripts/bench.sh # other corpus sizes for the memory runs
#
# Needs poppler's pdftotext (PDF rows) and GNU time (/usr/bin/time, peak RSS). Corpora are
# generated once into target/bench-corpus/<n>/ (text reports, seed 6; ~8 KB each).
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${SIZES:-"1000 100000"}
TARGET=${CARGO_TARGET_DIR:-target}

echo "# machine"
echo "cpus: $(nproc); $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); memory: $(free -g | awk '/Mem:/{print $2}') GiB"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "pdftotext: $(pdftotext -v 2>&1 | head -1)"
echo

if [ -z "${SKIP_CRITERION:-}" ]; then
    cargo bench --bench pipeline 2>&1 | grep -E '^(report|pdf|rules|batch)|time:|thrpt:' || true
fi

cargo build --release -q -p gongkai-cli -p gongkai-corpus
for n in $SIZES; do
    dir="$TARGET/bench-corpus/$n"
    if [ ! -f "$dir/manifest.jsonl" ]; then
        rm -rf "$dir"
        "$TARGET/release/gongkai-corpus" --count "$n" --seed 6 --kinds text --out "$dir" 2>/dev/null
    fi
    for jobs in 1 2; do
        /usr/bin/time -f "%M %e" -o "$TARGET/bench-corpus/time-$n-$jobs" \
            "$TARGET/release/gongkai" check "$dir" --format json --jobs "$jobs" > /dev/null || true
        # GNU time writes "Command exited with non-zero status 1" first: findings are exit 1.
        read -r rss secs < <(tail -n 1 "$TARGET/bench-corpus/time-$n-$jobs")
        echo "memory/$n-reports/$jobs-threads: peak RSS ${rss} KiB, ${secs} s wall ($(python3 -c "print(round($n/max($secs,0.001)))") reports/s incl. reading files and JSON output)"
    done
done
echo

# The table of docs/performance.md, from criterion's saved estimates (median).
python3 - "$TARGET/criterion" <<'PY'
import json, os, sys
root = sys.argv[1]
def median(*path):
    p = os.path.join(root, *path, "new", "estimates.json")
    try:
        with open(p) as f:
            return json.load(f)["median"]["point_estimate"]
    except OSError:
        return None
def fmt(ns):
    if ns is None: return "—"
    if ns < 1e3: return f"{ns:.0f} ns"
    if ns < 1e6: return f"{ns/1e3:.1f} µs"
    return f"{ns/1e6:.2f} ms"
print("| figure | median |")
print("|---|---|")
for kind in ["text", "html", "markdown", "docx"]:
    print(f"| report/{kind} (read + all rules) | {fmt(median('report', kind))} |")
for pdf in ["huaian-city-2024.pdf", "hongze-district-2023.pdf"]:
    g, p = median("pdf", pdf, "gongkai"), median("pdf", pdf, "pdftotext-layout")
    ratio = f"{g/p:.2f}×" if g and p else "—"
    print(f"| pdf/{pdf}: gongkai / pdftotext -layout | {fmt(g)} / {fmt(p)} = {ratio} |")
print(f"| rules/evaluate (huaian text, already read) | {fmt(median('rules', 'evaluate'))} |")
def batch_bytes():
    try:
        with open(os.path.join(root, "batch-bytes", "1-threads", "new", "benchmark.json")) as f:
            return json.load(f)["throughput"]["Bytes"]
    except (OSError, KeyError, TypeError):
        return None
size = batch_bytes()
for t in (1, 2):
    ns = median("batch", f"{t}-threads")
    rate = f"{2000/(ns/1e9):,.0f} reports/s" if ns else "—"
    mbs = f", {size/(ns/1e9)/1e6:.1f} MB/s" if ns and size else ""
    print(f"| batch/{t}-threads (2,000 generated text reports) | {fmt(ns)} = {rate}{mbs} |")
PY
