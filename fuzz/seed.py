#!/usr/bin/env python3
"""Builds the fuzz corpora under fuzz/corpus/<target>/ from the repository's own files.

Run from anywhere: `python3 fuzz/seed.py`. Sources: tests/fixtures (reports in every format),
rules/ (rule files, rule test files, and the expressions and patterns inside them), the sample
PDFs and two of each variant of the generated PDF corpus (tests/fixtures/pdf-corpus) through
`pdftotext -bbox-layout` (skipped when poppler is missing), and the small
hand-made seeds committed in fuzz/seeds/<target>/. The corpora themselves are not committed:
they grow during campaigns and are recreated by this script.
"""
import html
import pathlib
import re
import shutil
import struct
import subprocess
import zipfile

FUZZ = pathlib.Path(__file__).resolve().parent
ROOT = FUZZ.parent
FIX = ROOT / "tests" / "fixtures"
CORPUS = FUZZ / "corpus"


def put(target, name, data):
    d = CORPUS / target
    d.mkdir(parents=True, exist_ok=True)
    (d / name).write_bytes(data if isinstance(data, bytes) else data.encode())


def fixtures(*suffixes):
    return sorted(p for p in FIX.iterdir() if p.is_file() and p.name.endswith(suffixes))


def rule_files(tests):
    return sorted(p for p in (ROOT / "rules").rglob("*.yaml") if p.name.endswith(".test.yaml") == tests)


def scalar(v):
    """A YAML scalar as written on one line: quotes removed, '' and \\" unescaped."""
    v = v.strip()
    if len(v) >= 2 and v[0] == v[-1] == "'":
        return v[1:-1].replace("''", "'")
    if len(v) >= 2 and v[0] == v[-1] == '"':
        return v[1:-1].replace('\\"', '"').replace("\\\\", "\\")
    return v


def expr_seeds(text):
    """rule_expr inputs from one rule: shape byte, then assert, when, pattern, narrative assert."""
    get = lambda key: [scalar(m) for m in re.findall(rf"^\s*{key}:\s*(.+)$", text, re.M)]
    asserts, whens = get("assert"), get("when")
    patterns = [scalar(m) for m in re.findall(r"^\s+-\s+('.*'|\".*\")\s*$", text, re.M)]
    shape = {"column": 1, "row": 2, "group": 3}.get((get("for_each") or [""])[0], 0)
    when = whens[0] if whens else ""
    out = []
    if patterns:
        for p in patterns:
            out.append(bytes([32 | 16 * bool(when)]) + "\n".join(["", when, p, asserts[-1] if asserts else ""]).encode())
    elif asserts:
        out.append(bytes([shape | 16 * bool(when)]) + "\n".join([asserts[0], when, "", ""]).encode())
    return out


def pdf_bbox(pdf):
    """The pdf_bbox input: a byte choosing the read size, then pdftotext -bbox-layout's output."""
    try:
        xml = subprocess.run(["pdftotext", "-bbox-layout", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    return bytes([63]) + xml


def pdf_words(pdf):
    """The pdf_layout input format: per word x0,y0,x1,y1 (i16, tenths of a point), then a byte
    200+n and n bytes of UTF-8 text (n <= 55, longer words split); 0xff starts a new page."""
    try:
        xml = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, check=True).stdout.decode()
    except (OSError, subprocess.CalledProcessError):
        return None
    out = bytearray()
    for i, page in enumerate(re.split(r"<page ", xml)[1:]):
        if i:
            out.append(0xFF)
        for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', page):
            x0, y0, x1, y1 = (float(g) for g in m.groups()[:4])
            text = html.unescape(m.group(5))
            chunks, cur = [], ""
            for ch in text:
                if len((cur + ch).encode()) > 55:
                    chunks.append(cur)
                    cur = ""
                cur += ch
            chunks.append(cur)
            step = (x1 - x0) / len(chunks)
            for k, c in enumerate(chunks):
                a, b = x0 + k * step, x0 + (k + 1) * step
                q = [int(round(v * 10)) for v in (a, y0, b, y1)]
                if q[0] & 0xFF == 0xFF:  # a first byte of 0xff would read as a page break
                    q[0] += 1
                out += struct.pack("<hhhh", *q)
                raw = c.encode()
                out.append(200 + len(raw))
                out += raw
    return bytes(out)


def main():
    if CORPUS.exists():
        shutil.rmtree(CORPUS)
    reports = fixtures(".txt", ".md", ".html", ".docx")
    for p in fixtures(".txt", ".md"):
        put("read_text", p.name, p.read_bytes())
        put("read_markdown", p.name, p.read_bytes())
    for p in fixtures(".html"):
        put("read_html", p.name, p.read_bytes())
    for p in fixtures(".docx"):
        put("read_docx", p.name, p.read_bytes())
        with zipfile.ZipFile(p) as z:
            put("docx_xml", p.stem + ".document.xml", z.read("word/document.xml"))
    for p in reports:
        put("check", p.name, p.read_bytes())
    # The sample PDFs, plus the first two of each producer/variant of the generated PDF corpus
    # (LibreOffice form, landscape, rotated, HTML export, Chromium print: other geometries).
    corpus_pdfs = sorted((FIX / "pdf-corpus").glob("*-00[01].pdf"))
    for p in fixtures(".pdf") + corpus_pdfs:
        words = pdf_words(p)
        if words is not None:
            put("pdf_layout", p.stem + ".words", words)
        bbox = pdf_bbox(p)
        if bbox is not None:
            put("pdf_bbox", p.stem + ".xhtml", bbox)
    for p in rule_files(tests=False):
        put("rule_file", p.name, p.read_bytes())
        for i, s in enumerate(expr_seeds(p.read_text())):
            put("rule_expr", f"{p.stem}.{i}", s)
    for p in rule_files(tests=True):
        put("rule_test_file", p.name, p.read_bytes())
    seeds = FUZZ / "seeds"
    if seeds.exists():
        for d in seeds.iterdir():
            for f in d.iterdir():
                put(d.name, f.name, f.read_bytes())
    for d in sorted(CORPUS.iterdir()):
        print(f"{d.name}: {len(list(d.iterdir()))} seeds")


if __name__ == "__main__":
    main()
