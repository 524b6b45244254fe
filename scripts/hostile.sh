#!/usr/bin/env bash
# Peak RSS and wall time of `gongkai check` on hostile inputs up to the 50 MiB input limit
# (issue 12's done-when: peak RSS <= 1 GiB, wall time <= the time limit + 1 s; default limit 10 s).
#
#   scripts/hostile.sh                 # release build, every class, --format json and human
#   CLASSES="long-line repeat" scripts/hostile.sh
#   GONGKAI=target/debug/gongkai scripts/hostile.sh   # another binary (no build)
#
# Needs GNU time (/usr/bin/time) and python3 (the inputs are generated into
# target/hostile/, once). Prints one line per input and format:
#   class  format  size  exit  wall_s  peak_rss_mib  verdict
# The verdict is "ok" when both bounds hold. Other helpers of issue 12 add their classes to
# make_inputs below (the same classes as the batch test's table,
# crates/gongkai-cli/tests/batch.rs).
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET=${CARGO_TARGET_DIR:-target}
OUT="$TARGET/hostile"
LIMIT_S=${LIMIT_S:-10}
MAX_RSS_MIB=1024

if [ -z "${GONGKAI:-}" ]; then
    cargo build --release -q -p gongkai-cli
    GONGKAI="$TARGET/release/gongkai"
fi

mkdir -p "$OUT"
# Every input is made by python3 from the repository's fixtures; sizes stay under 50 MiB.
python3 - "$OUT" <<'PY'
import json, os, sys
out = sys.argv[1]
fx = lambda n: open(os.path.join("tests/fixtures", n), encoding="utf-8").read()
MIB = 1 << 20

def make(name, text_or_bytes):
    path = os.path.join(out, name)
    if os.path.exists(path):
        return
    data = text_or_bytes.encode() if isinstance(text_or_bytes, str) else text_or_bytes
    assert len(data) <= 50 * MIB, name
    with open(path, "wb") as f:
        f.write(data)

hongze = fx("hongze-district-2023.txt")
sentence = "本机关全年共收到政府信息公开申请72件，其中自然人申请65件。\n"
# A finding at column ~66,000 of one line (miette's u16 width panicked), and one 48 MiB line.
make("long-line.txt", hongze.replace("2.其他法律行政止公开", " " * 66000 + "2.其他法律行政止公开"))
make("one-line-48m.txt", hongze.replace("\n", "  ") + "。公开" * ((48 * MIB - len(hongze.encode())) // 9))
# A report repeating one narrative sentence 8,000 times (656 KB): renderer rescans per label.
make("repeat-8000.txt", hongze + sentence * 8000)
# A report followed by ~48 MiB of short lines.
make("lines-48m.txt", hongze + "公开\n" * ((48 * MIB - len(hongze.encode())) // 7))
# A minified one-line JSON report with a misspelt field past column 65,535.
make("minified.json", json.dumps({"metadata": {"year": 2023, "title": "某区政府信息公开工作年度报告",
      "padding": "x" * 70000}, "applicatoins": {}}, ensure_ascii=False))
# A 5M-number JSON array, an HTML rowspan over a long label, a 1M-row HTML table.
make("array-5m.json", "[" + ",".join(["1"] * 5_000_000) + "]")
make("rowspan.html", "<html><body><table><tr><td rowspan=65534>" + "申请" * 10000
     + "</td><td>1</td></tr>" + "<tr><td>2</td></tr>" * 1000 + "</table></body></html>")
make("rows-1m.html", "<html><body><table>" + "<tr><td>行</td><td>1</td></tr>" * 1_000_000
     + "</table></body></html>")
# One HTML paragraph of ASCII letters: over the character budget (8 M), and just within it.
page = lambda n: "<html><body><p>" + "a" * n + "</p></body></html>"
make("paragraph-49m.html", page(49 * MIB))
make("paragraph-7m.html", page(7_900_000))
# A report and one line of ASCII letters: over the character budget, and just within it.
make("letters-48m.txt", hongze + "\n" + "a" * (48 * MIB) + "\n")
make("letters-7m.txt", hongze + "\n" + "a" * 7_900_000 + "\n")
# U+FDFA (NFKC: 18 characters): 49 MiB of it, and a report with 7.9 M of it (kept as written).
make("fdfa-49m.txt", "\ufdfa" * (49 * MIB // 3))
make("fdfa-7m.txt", hongze + "\n" + "\ufdfa" * 7_900_000 + "\n")
# "⒇" (NFKC: "(20)"): 7.9 M characters as written, 31.6 M once normalised.
make("paren20-7m.txt", hongze + "\n" + "\u2487" * 7_900_000 + "\n")
PY

printf '%-18s %-6s %10s %4s %7s %9s %s\n' class format bytes exit wall_s rss_mib verdict
for f in "$OUT"/*; do
    class=$(basename "$f"); class=${class%.*}
    if [ -n "${CLASSES:-}" ] && ! grep -qw "$class" <<<"$CLASSES"; then continue; fi
    for format in json human; do
        set +e
        /usr/bin/time -f '%e %M' -o "$OUT/.time" "$GONGKAI" check --no-config \
            --format "$format" --timeout "$LIMIT_S" "$f" >/dev/null 2>"$OUT/.stderr"
        code=$?
        set -e
        # GNU time writes "Command exited with non-zero status N" first when the exit is not 0.
        read -r wall rss_kib < <(tail -n 1 "$OUT/.time")
        rss_mib=$((rss_kib / 1024))
        verdict=ok
        if [ "$rss_mib" -gt "$MAX_RSS_MIB" ]; then verdict="RSS>1GiB"; fi
        if awk -v w="$wall" -v l="$LIMIT_S" 'BEGIN{exit !(w > l + 1)}'; then verdict="$verdict slow"; fi
        if [ "$code" -gt 2 ]; then verdict="$verdict exit=$code"; fi
        printf '%-18s %-6s %10s %4s %7s %9s %s\n' "$class" "$format" "$(stat -c %s "$f")" \
            "$code" "$wall" "$rss_mib" "$verdict"
    done
done
