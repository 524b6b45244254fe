#!/usr/bin/env bash
# Runs fuzz campaigns one target after another on one core, each until 1,000,000 inputs or
# MAX_TIME seconds (default 1800), whichever comes first. Logs: fuzz/logs/<target>.log;
# crashing inputs: fuzz/artifacts/<target>/. Build first:
#   cd fuzz && cargo fuzz build -s none --release && python3 seed.py
# Usage: fuzz/campaign.sh [target...]   (default: every target)
set -uo pipefail
cd "$(dirname "$0")"
MAX_TIME=${MAX_TIME:-1800}
RUNS=${RUNS:-1000000}
# A second run of a target on its grown corpus logs to logs/<target><SUFFIX>.log.
SUFFIX=${SUFFIX:-}
# TIMEOUT=<s> raises the per-input limit (a fuzzer at nice 19 beside builds is starved).
# More libFuzzer flags for every target of the run, e.g. EXTRA="-max_len=65536".
read -r -a extra <<< "${EXTRA:-}"
BIN=target/$(rustc -vV | sed -n 's/^host: //p')/release
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(read_docx pdf_layout check read_text read_html docx_xml read_markdown rule_file rule_expr rule_test_file)
fi
mkdir -p logs
for t in "${targets[@]}"; do
    mkdir -p "corpus/$t" "artifacts/$t"
    echo "== $t$SUFFIX start $(date -Is)" >> logs/campaign.log
    dict=(); [ -f gongkai.dict ] && dict=(-dict=gongkai.dict)
    "$BIN/$t" "corpus/$t" "${dict[@]}" "${extra[@]}" -runs="$RUNS" -max_total_time="$MAX_TIME" \
        -rss_limit_mb=2048 -timeout="${TIMEOUT:-10}" -print_final_stats=1 \
        -artifact_prefix="artifacts/$t/" > "logs/$t$SUFFIX.log" 2>&1
    echo "== $t$SUFFIX exit $? $(date -Is)" >> logs/campaign.log
done
