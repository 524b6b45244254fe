#!/usr/bin/env bash
# Makes the PDF corpus of tests/fixtures/pdf-corpus/ (issue 11): the generator writes the inputs
# (the official 2021 form filled and formatted as DOCX, portal pages as HTML) and a manifest of
# every cell's true value; this script runs the producers on them.
#
#   scripts/make-pdf-corpus.sh                    # into tests/fixtures/pdf-corpus/
#   OUT=/tmp/pdfs SEED=7 scripts/make-pdf-corpus.sh
#   ONLY=lo-form scripts/make-pdf-corpus.sh       # one variant (the others' PDFs are kept)
#
# Needs: LibreOffice Writer (Debian libreoffice-writer-nogui), fonts-noto-cjk, chromium, qpdf and
# poppler-utils. The producers' commands, exactly:
#   soffice -env:UserInstallation=file://$PROFILE --headless --convert-to pdf --outdir $DIR *.docx
#   chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
#     --disable-component-update --disable-sync --user-data-dir=$(mktemp -d) \
#     [--no-pdf-header-footer] --print-to-pdf=$OUT.pdf $IN.html
#   qpdf --object-streams=generate --compress-streams=y in.pdf out.pdf   (Chromium's, lossless)
#   qpdf in.pdf --rotate=+90:$PAGE -- out.pdf        (the rotated variant; page found by pdftotext)
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-tests/fixtures/pdf-corpus}
SEED=${SEED:-11}
ERROR_RATE=${ERROR_RATE:-0.4}
ONLY=${ONLY:-}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

cargo run -q -p gongkai-corpus -- --pdf-inputs --seed "$SEED" --error-rate "$ERROR_RATE" --out "$WORK/in"
mkdir -p "$OUT" "$WORK/pdf"
MANIFEST="$WORK/in/pdf-manifest.jsonl"
if [ -n "$ONLY" ]; then
    jq -c "select(.variant == \"$ONLY\")" "$MANIFEST" >"$WORK/manifest.sel"
else
    cp "$MANIFEST" "$WORK/manifest.sel"
fi

# LibreOffice: one process converts all DOCX inputs (a private profile, so no running instance
# or user settings interfere).
mapfile -t DOCX < <(jq -r 'select(.producer == "libreoffice") | .input' "$WORK/manifest.sel")
if [ "${#DOCX[@]}" -gt 0 ]; then
    (cd "$WORK/in" && soffice -env:UserInstallation="file://$WORK/lo-profile" --headless \
        --convert-to pdf --outdir "$WORK/pdf" "${DOCX[@]}" >"$WORK/soffice.log" 2>&1)
fi

# Chromium: one run per page.
while IFS=$'\t' read -r input file args; do
    profile=$(mktemp -d)
    # shellcheck disable=SC2086 # $args holds zero or more flags
    chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
        --disable-component-update --disable-sync --user-data-dir="$profile" $args \
        --print-to-pdf="$WORK/pdf/$file.raw" "$WORK/in/$input" >/dev/null 2>&1
    rm -rf "$profile"
    # Chromium writes a thousand small uncompressed objects; packing them into object streams
    # halves the file and leaves every page's content as it was.
    qpdf --object-streams=generate --compress-streams=y "$WORK/pdf/$file.raw" "$WORK/pdf/$file"
    rm -f "$WORK/pdf/$file.raw"
done < <(jq -r 'select(.producer == "chromium") | [.input, .file, (.producer_args | join(" "))] | @tsv' \
    "$WORK/manifest.sel")

# Rotations: the first page whose text holds the marker is turned.
while IFS=$'\t' read -r file degrees marker; do
    pdf="$WORK/pdf/$file"
    pages=$(pdfinfo "$pdf" | awk '/^Pages:/{print $2}')
    page=1
    for p in $(seq 1 "$pages"); do
        if pdftotext -f "$p" -l "$p" "$pdf" - | tr -d ' \n' | grep -q "$marker"; then
            page=$p
            break
        fi
    done
    qpdf "$pdf" --rotate="+$degrees:$page" -- "$pdf.rot"
    mv "$pdf.rot" "$pdf"
    # Record the page turned in the manifest.
    jq -c --arg f "$file" --argjson p "$page" \
        'if .file == $f then .rotate.page = $p else . end' "$WORK/manifest.sel" >"$WORK/m.tmp"
    mv "$WORK/m.tmp" "$WORK/manifest.sel"
done < <(jq -r 'select(.rotate != null) | [.file, .rotate.degrees, .rotate.page_with] | @tsv' \
    "$WORK/manifest.sel")

# Every PDF of the manifest must exist: a producer that failed silently is an error here.
missing=0
while read -r file; do
    if [ ! -s "$WORK/pdf/$file" ]; then
        echo "not produced: $file" >&2
        missing=1
    fi
done < <(jq -r '.file' "$WORK/manifest.sel")
[ "$missing" = 0 ] || exit 1

cp "$WORK"/pdf/*.pdf "$OUT/"
# The manifest: the selected entries replace those of the same file, the others are kept.
touch "$OUT/manifest.jsonl"
jq -r '.file' "$WORK/manifest.sel" >"$WORK/files"
jq -c --rawfile f "$WORK/files" 'select(.file as $x | ($f | split("\n") | index($x)) | not)' \
    "$OUT/manifest.jsonl" >"$WORK/kept"
cat "$WORK/kept" "$WORK/manifest.sel" | jq -s -c 'sort_by(.file) | .[]' >"$OUT/manifest.jsonl"
echo "$(wc -l <"$OUT/manifest.jsonl") PDFs in $OUT ($(du -sh "$OUT" | cut -f1))"
echo "soffice $(soffice --version 2>/dev/null | head -1); $(chromium --version 2>/dev/null)"
