// The page: a file chosen or dropped is checked by gongkai (WASM, in worker.js); the findings are
// listed and drawn on the report itself — a PDF's pages rendered with pdf.js and a box around
// each number at fault and the cells it was compared with; other formats as the official form's
// three tables with those cells highlighted, and the narrative sentence with the number marked.
// Everything the page needs is loaded with it (pdf.js's worker and data included, see
// pdfdata.js): no request leaves the page afterwards.
import * as pdfjs from '../pdfjs/pdf.min.mjs';
import { pdfPages } from './pdftext.js';
import { loadPdfData } from './pdfdata.js';
import { T } from './i18n.js';

const $ = (id) => document.getElementById(id);
let lang = new URLSearchParams(location.search).get('lang') === 'en' ? 'en' : 'zh';
const state = { current: null, previous: null, answer: null, pdf: null };

// Loaded at once, so that checking a file later makes no request.
pdfjs.GlobalWorkerOptions.workerSrc = new URL('../pdfjs/pdf.worker.min.mjs', import.meta.url).href;
const pdfWorker = new pdfjs.PDFWorker({ name: 'pdfjs' });
const pdfData = loadPdfData(new URL('../pdfjs/', import.meta.url));
const gongkai = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
let nextId = 0;
const pending = new Map();
let wasmReady;
const wasmLoaded = new Promise((resolve) => { wasmReady = resolve; });
gongkai.onmessage = ({ data }) => {
  if ('ready' in data) {
    if (!data.ready) setStatus(T[lang].failed(data.error));
    wasmReady();
    return;
  }
  const p = pending.get(data.id);
  pending.delete(data.id);
  if (data.error) p.reject(new Error(data.error)); else p.resolve(data.answer);
};
function runCheck(request, file, previous) {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    gongkai.postMessage({ id, request, file, previous });
  });
}

const isPdf = (bytes) => {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 1024));
  return head.includes('%PDF-');
};

// A file as the check needs it: bytes, name and, for a PDF, pdf.js's document and pages.
async function load(file) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const entry = { name: file.name, bytes, doc: null, pages: null };
  if (isPdf(bytes)) {
    const data = await pdfData;
    entry.doc = await pdfjs.getDocument({
      data: bytes.slice(), worker: pdfWorker, useWorkerFetch: false, isEvalSupported: false,
      CMapReaderFactory: data.CMapReaderFactory, StandardFontDataFactory: data.StandardFontDataFactory,
      WasmFactory: data.WasmFactory, cMapUrl: 'cmaps/', cMapPacked: true,
      standardFontDataUrl: 'standard_fonts/', wasmUrl: 'wasm/', verbosity: 0,
    }).promise;
    entry.pages = await pdfPages(entry.doc);
  }
  return entry;
}

async function check() {
  const cur = state.current;
  if (!cur) return;
  const started = performance.now();
  setStatus(T[lang].checking);
  const request = { name: cur.name, lang, pages: cur.pages };
  if (state.previous) request.previous = { name: state.previous.name, pages: state.previous.pages };
  const answer = await runCheck(request, cur.bytes, state.previous && state.previous.bytes);
  state.answer = answer;
  await show(answer);
  const ms = Math.round(performance.now() - started);
  document.body.dataset.checkedMs = String(ms);
  document.body.dataset.wasmMs = String(Math.round(answer.millis));
  setStatus(T[lang].done(ms));
  document.body.dataset.state = 'done';
}

function setStatus(text) { $('status').textContent = text; }

const diagnostics = () => state.answer?.output?.files?.[0]?.diagnostics ?? [];
const current = (labels) => labels.filter((l) => l.document === 'current');

function summaryText(file) {
  const t = T[lang];
  if (file.error) return t.unreadable(file.error.message);
  const n = { error: 0, warning: 0, info: 0 };
  for (const d of file.diagnostics) n[d.severity]++;
  return file.diagnostics.length === 0 ? t.clean : t.summary(file.diagnostics.length, n.error, n.warning, n.info);
}

function where(d) {
  const l = d.labels.find((l) => l.primary) || d.labels[0];
  if (!l) return '';
  // A Word document has no lines: its paragraph or table cell (the JSON's `place`).
  if (l.place?.kind === 'cell') return T[lang].whereCell(l.place.table, l.place.row, l.place.column);
  if (l.place?.kind === 'paragraph') return T[lang].whereParagraph(l.place.paragraph, l.place.character);
  return l.page ? T[lang].wherePage(l.page, l.line) : T[lang].whereLine(l.line);
}

async function show(answer) {
  const file = answer.output.files[0];
  $('result').hidden = false;
  $('file-name').textContent = file.path;
  $('summary').textContent = summaryText(file) + (answer.previous_error ? ' ' + T[lang].previousError(answer.previous_error) : '');
  const list = $('findings');
  list.textContent = '';
  file.diagnostics.forEach((d, i) => {
    const li = document.createElement('li');
    li.className = d.severity;
    li.dataset.index = String(i);
    li.dataset.rule = d.rule;
    const primary = d.labels.find((l) => l.primary);
    if (primary) li.dataset.primary = `${primary.text}|${primary.page ?? ''}|${primary.line}`;
    const sev = document.createElement('span');
    sev.className = 'sev ' + d.severity;
    sev.textContent = T[lang].severity[d.severity];
    const msg = document.createElement('span');
    msg.className = 'message';
    msg.textContent = d.message;
    li.append(sev, msg);
    if (d.expected != null) {
      const e = document.createElement('p');
      e.className = 'expected-line';
      e.append(T[lang].expected, Object.assign(document.createElement('span'), { className: 'expected', textContent: d.expected }));
      li.append(e);
    }
    if (d.help) li.append(Object.assign(document.createElement('p'), { className: 'help', textContent: d.help }));
    // A finding that stands for several: the relations the same wrong cell breaks, or what a
    // text cut short made unreadable (gongkai groups them; they are not counted again).
    if (d.also?.length) {
      const p = Object.assign(document.createElement('p'), { className: 'also-head', textContent: alsoHead(d) });
      const ul = Object.assign(document.createElement('ul'), { className: 'also' });
      for (const a of d.also) ul.append(Object.assign(document.createElement('li'), { textContent: a.message }));
      li.append(p, ul);
    }
    const w = where(d);
    if (w) li.append(Object.assign(document.createElement('p'), { className: 'where', textContent: w }));
    li.addEventListener('click', () => focus(i));
    list.append(li);
  });
  const view = $('view');
  view.textContent = '';
  if (state.current.doc) await drawPdf(view, answer);
  else drawForm(view, answer);
}

// Boxes of a label: the words whose bytes it overlaps, per page.
function boxesOf(answer, label) {
  const out = [];
  const end = label.offset + Math.max(label.length, 1);
  for (const b of answer.boxes) if (b[0] < end && label.offset < b[0] + b[1]) out.push(b);
  return out;
}

async function drawPdf(view, answer) {
  const doc = state.current.doc;
  const pages = state.current.pages;
  const holders = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const viewport = page.getViewport({ scale: 1.5 });
    const holder = document.createElement('div');
    holder.className = 'page';
    holder.dataset.page = String(n);
    holder.style.width = Math.min(900, viewport.width) + 'px';
    holder.style.aspectRatio = `${viewport.width} / ${viewport.height}`;
    const canvas = document.createElement('canvas');
    canvas.width = Math.floor(viewport.width);
    canvas.height = Math.floor(viewport.height);
    holder.append(canvas, Object.assign(document.createElement('span'), { className: 'pno', textContent: T[lang].page(n) }));
    view.append(holder);
    holders.push(holder);
    await page.render({ canvasContext: canvas.getContext('2d'), viewport, canvas }).promise;
  }
  diagnostics().forEach((d, i) => {
    for (const l of current(d.labels)) {
      for (const b of boxesOf(answer, l)) {
        const [, , p, x0, y0, x1, y1] = b;
        const size = pages[p];
        const holder = holders[p];
        if (!holder || !size) continue;
        const box = document.createElement('div');
        box.className = 'box ' + (l.primary ? 'primary' : 'related');
        box.dataset.finding = String(i);
        box.dataset.text = l.text;
        box.dataset.pdf = [x0, y0, x1, y1].map((v) => v.toFixed(2)).join(',');
        box.title = l.message || d.message;
        Object.assign(box.style, {
          left: (x0 / size.width * 100) + '%', top: (y0 / size.height * 100) + '%',
          width: ((x1 - x0) / size.width * 100) + '%', height: ((y1 - y0) / size.height * 100) + '%',
        });
        holder.append(box);
      }
    }
  });
  document.body.dataset.drawn = String(doc.numPages);
}

function drawForm(view, answer) {
  const spans = new Map(); // "offset:length" → [finding, primary]
  diagnostics().forEach((d, i) => {
    for (const l of current(d.labels)) {
      const key = l.offset + ':' + l.length;
      if (!spans.has(key) || l.primary) spans.set(key, [i, l.primary]);
    }
  });
  const covered = new Set();
  for (const table of answer.tables) {
    if (!table.rows.some((r) => r.cells.some((c) => c.state !== 'missing'))) continue;
    const t = document.createElement('table');
    t.className = 'form';
    t.append(Object.assign(document.createElement('caption'), { textContent: table.title }));
    const cols = table.rows.reduce((a, r) => (r.cells.length > a.length ? r.cells : a), []);
    const head = t.insertRow();
    head.append(Object.assign(document.createElement('th'), { textContent: '' }));
    for (const c of cols) head.append(Object.assign(document.createElement('th'), { textContent: c.column }));
    for (const row of table.rows) {
      const tr = t.insertRow();
      tr.append(Object.assign(document.createElement('th'), { textContent: row.label }));
      for (const c of row.cells) {
        const td = tr.insertCell();
        td.className = 'v';
        td.textContent = c.state === 'missing' ? '' : c.text;
        td.title = c.name;
        td.dataset.cell = c.name;
        if (c.span) {
          const hit = spans.get(c.span[0] + ':' + c.span[1]);
          if (hit) {
            td.classList.add(hit[1] ? 'primary' : 'related');
            td.dataset.finding = String(hit[0]);
            covered.add(c.span[0] + ':' + c.span[1]);
          }
        }
      }
    }
    view.append(t);
  }
  // Findings not on a table cell: the sentence (line) of the report, with the number marked.
  const bytes = new TextEncoder().encode(answer.source);
  const dec = new TextDecoder();
  diagnostics().forEach((d, i) => {
    const l = current(d.labels).find((l) => l.primary) || current(d.labels)[0];
    if (!l || covered.has(l.offset + ':' + l.length)) return;
    let start = l.offset;
    while (start > 0 && bytes[start - 1] !== 10) start--;
    let end = l.offset + l.length;
    while (end < bytes.length && bytes[end] !== 10) end++;
    const p = document.createElement('p');
    p.className = 'sentence';
    p.dataset.finding = String(i);
    p.append(dec.decode(bytes.subarray(start, l.offset)));
    p.append(Object.assign(document.createElement('mark'), { className: 'primary', textContent: dec.decode(bytes.subarray(l.offset, l.offset + l.length)) }));
    p.append(dec.decode(bytes.subarray(l.offset + l.length, end)));
    view.append(p);
  });
}

function focus(i) {
  for (const el of document.querySelectorAll('.active')) el.classList.remove('active');
  const li = document.querySelector(`#findings li[data-index="${i}"]`);
  li?.classList.add('active');
  const marks = document.querySelectorAll(`[data-finding="${i}"]`);
  for (const m of marks) m.classList.add('active');
  const target = document.querySelector(`.box.primary[data-finding="${i}"], td.primary[data-finding="${i}"], .sentence[data-finding="${i}"]`) || marks[0];
  target?.scrollIntoView({ block: 'center', behavior: 'smooth' });
}

// The heading of a grouped finding's other findings: a corrected cell mends them, or (no value
// to correct) they were caused by it.
function alsoHead(d) {
  return d.expected != null ? T[lang].also : T[lang].alsoCaused;
}

function listText() {
  const t = T[lang];
  return diagnostics().map((d, i) => {
    let s = `${i + 1}. [${t.severity[d.severity]}] ${d.message}`;
    if (d.expected != null) s += `\n   ${t.expected}${d.expected}`;
    if (d.help) s += `\n   ${d.help}`;
    if (d.also?.length) s += `\n   ${alsoHead(d)}` + d.also.map((a) => `\n   · ${a.message}`).join('');
    const w = where(d);
    if (w) s += `\n   ${w}`;
    return s;
  }).join('\n') + '\n';
}

function csvText() {
  const q = (v) => '"' + String(v ?? '').replace(/"/g, '""') + '"';
  const rows = [T[lang].csvHeader.map(q).join(',')];
  for (const d of diagnostics()) {
    const l = d.labels.find((l) => l.primary) || d.labels[0] || {};
    rows.push([d.severity, d.rule, d.message, d.expected, d.help, l.page, l.line, l.text].map(q).join(','));
  }
  return '\ufeff' + rows.join('\r\n') + '\r\n';
}

async function copy(text) {
  document.body.dataset.copied = text;
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    const area = Object.assign(document.createElement('textarea'), { value: text });
    document.body.append(area);
    area.select();
    document.execCommand('copy');
    area.remove();
  }
  $('copied').textContent = T[lang].copied;
}

function translate() {
  document.documentElement.lang = lang === 'en' ? 'en' : 'zh-CN';
  for (const el of document.querySelectorAll('[data-t]')) el.textContent = T[lang][el.dataset.t];
  document.title = T[lang].title + ' · gongkai';
}

async function choose(file, which) {
  try {
    document.body.dataset.state = 'loading';
    setStatus(T[lang].reading(file.name));
    state[which] = await load(file);
    if (state.current) await check();
  } catch (e) {
    setStatus(T[lang].failed(String(e.message || e)));
    document.body.dataset.state = 'failed';
  }
}

$('file').addEventListener('change', (e) => e.target.files[0] && choose(e.target.files[0], 'current'));
$('previous').addEventListener('change', (e) => e.target.files[0] && choose(e.target.files[0], 'previous'));
const drop = $('drop');
drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', (e) => {
  e.preventDefault();
  drop.classList.remove('over');
  const files = [...e.dataTransfer.files];
  if (files[0]) choose(files[0], 'current');
});
$('copy-text').addEventListener('click', () => copy(listText()));
$('copy-csv').addEventListener('click', () => copy(csvText()));
$('print').addEventListener('click', () => window.print());
$('lang').addEventListener('click', async () => {
  lang = lang === 'en' ? 'zh' : 'en';
  translate();
  if (state.current) await check();
});
translate();
Promise.all([pdfData, pdfWorker.promise, wasmLoaded]).then(() => { document.body.dataset.ready = 'true'; });
