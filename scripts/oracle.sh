#!/usr/bin/env bash
# The redesign oracle (issue 13): everything gongkai prints for a fixed set of inputs, recorded
# once and compared after a change that must not change behaviour.
#
#   scripts/oracle.sh record [DIR]    # write the outputs to DIR (default target/oracle/before)
#   scripts/oracle.sh compare [DIR]   # write them to target/oracle/after and diff with DIR
#
# Inputs: every report fixture at the top of tests/fixtures (text, markdown, HTML, DOCX, JSON,
# YAML, PDF), the 平潭 pages with their previous year, and 2,000 generated reports
# (`gongkai-corpus --count 2000 --seed 13`, every kind, 30 % with one injected error).
# Outputs per input set: `check` in JSON and SARIF, Chinese and English, and the human format in
# Chinese; `extract --format json` of each fixture; `extract --format csv` of the generated set;
# `rules list` and `schema`. Paths are relative to the repository, so two checkouts compare.
# Exit 0 when identical, 1 with a diff summary when not; a deliberate change is listed in the
# commit that makes it and the baseline recorded again.
#
# GONGKAI=<binary> and CORPUS=<binary> use other builds (default: debug builds of this tree).
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-}
TARGET=${CARGO_TARGET_DIR:-target}
case "$mode" in
record) out=${2:-$TARGET/oracle/before} ;;
compare) base=${2:-$TARGET/oracle/before}; out=$TARGET/oracle/after ;;
*) echo "usage: scripts/oracle.sh record [DIR] | compare [DIR]" >&2; exit 2 ;;
esac
if [ -z "${GONGKAI:-}" ] || [ -z "${CORPUS:-}" ]; then
    cargo build -q -p gongkai-cli -p gongkai-corpus
fi
GONGKAI=${GONGKAI:-$TARGET/debug/gongkai}
CORPUS=${CORPUS:-$TARGET/debug/gongkai-corpus}

gen=$TARGET/oracle/generated
if [ ! -f "$gen/manifest.jsonl" ]; then
    rm -rf "$gen"
    "$CORPUS" --count 2000 --seed 13 --out "$gen" >/dev/null
fi
rm -rf "$out"
mkdir -p "$out"

# Top-level fixtures that are reports (not rule fixtures, not expected outputs).
mapfile -t fixtures < <(find tests/fixtures -maxdepth 1 -type f \
    \( -name '*.txt' -o -name '*.md' -o -name '*.html' -o -name '*.htm' -o -name '*.docx' \
       -o -name '*.pdf' -o -name '*.json' -o -name '*.yaml' \) ! -name 'README*' | LC_ALL=C sort)

# A finding's exit code is part of the behaviour; `|| true` keeps the run going.
run() { # name, then the command
    local name=$1; shift
    { "$@" 2>"$out/$name.stderr"; echo "exit $?" >"$out/$name.exit"; } >"$out/$name.out" || true
}
for lang in zh en; do
    run "fixtures.json.$lang" "$GONGKAI" check --no-config --jobs 1 --format json --lang "$lang" "${fixtures[@]}"
    run "fixtures.sarif.$lang" "$GONGKAI" check --no-config --jobs 1 --format sarif --lang "$lang" "${fixtures[@]}"
    run "generated.json.$lang" "$GONGKAI" check --no-config --jobs 2 --format json --lang "$lang" "$gen"
done
run fixtures.human.zh "$GONGKAI" check --no-config --jobs 1 --format human "${fixtures[@]}"
run generated.sarif.zh "$GONGKAI" check --no-config --jobs 2 --format sarif "$gen"
run generated.csv "$GONGKAI" extract --jobs 2 --format csv "$gen"
for f in "${fixtures[@]}"; do
    run "extract.$(basename "$f")" "$GONGKAI" extract --format json "$f"
done
# Year over year: each 平潭 page against the year before.
prev=
for f in $(find tests/fixtures -maxdepth 1 -name 'pingtan-*' | LC_ALL=C sort); do
    if [ -n "$prev" ]; then
        run "previous.$(basename "$f")" "$GONGKAI" check --no-config --format json --previous "$prev" "$f"
    fi
    prev=$f
done
run rules-list "$GONGKAI" rules list
run schema-diagnostics "$GONGKAI" schema diagnostics
run schema-report "$GONGKAI" schema report

count=$(find "$out" -type f | wc -l)
if [ "$mode" = record ]; then
    echo "recorded $count outputs in $out"
    exit 0
fi
if diff -rq "$base" "$out" >"$TARGET/oracle/diff-files.txt"; then
    echo "identical: $count outputs ($base, $out)"
    exit 0
fi
echo "outputs differ ($(wc -l <"$TARGET/oracle/diff-files.txt") files); first differences:"
head -20 "$TARGET/oracle/diff-files.txt"
diff -ru "$base" "$out" | head -60 || true
exit 1
