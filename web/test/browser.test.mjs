// The page in a real browser (headless Chromium, driven by playwright-core with the installed
// browser: no browser download): each sample kind dropped on the page gives the findings the
// CLI gives (rule, message, expected value, primary cell), 洪泽 2023's two table-4 errors are
// boxed on page 4 where the PDF prints those totals, no request leaves the page after it has
// loaded, and a 5-page PDF is checked and drawn in about a second (the time is printed).
//   node --test web/test/        (after scripts/build-web and a build of the gongkai binary)
// Environment: CHROMIUM (default /usr/bin/chromium), GONGKAI_BIN (default $CARGO_TARGET_DIR or target, then debug/gongkai),
// ARTIFACTS (screenshots, default web/test-artifacts).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { execFileSync } from 'node:child_process';
import { readFileSync, mkdirSync, existsSync } from 'node:fs';
import { join, extname, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const dist = join(root, 'web/dist');
const artifacts = process.env.ARTIFACTS || join(root, 'web/test-artifacts');
const gongkai = process.env.GONGKAI_BIN || join(process.env.CARGO_TARGET_DIR ? resolve(root, process.env.CARGO_TARGET_DIR) : join(root, 'target'), 'debug/gongkai');
mkdirSync(artifacts, { recursive: true });

// Every kind the page takes: PDF, DOCX, HTML, text, markdown, YAML (a form system's data).
const SAMPLES = [
  'tests/fixtures/hongze-district-2023.pdf',
  'tests/fixtures/huaian-city-2024.pdf',
  // A PDF with a page set sideways (/Rotate 90), turned upright by the layout.
  'tests/fixtures/pdf-corpus/lo-rotated-005.pdf',
  'tests/fixtures/official-template-2021.docx',
  'tests/fixtures/huaian-city-2024.html',
  'tests/fixtures/pingtan-2021.html',
  'tests/fixtures/hongze-district-2023.txt',
  'tests/fixtures/xigong-emergency-2023.txt',
  'tests/fixtures/shuyang-county-2025.md',
  'docs/examples/structured-report.yaml',
];

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm', '.json': 'application/json' };
let server, base, browser;

before(async () => {
  assert.ok(existsSync(join(dist, 'index.html')), 'web/dist is built (scripts/build-web)');
  server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname).replace(/^\/+/, '') || 'index.html';
    if (path.split('/').includes('..')) { res.writeHead(404).end(); return; }
    try {
      const body = readFileSync(join(dist, path));
      res.writeHead(200, { 'Content-Type': TYPES[extname(path)] || 'application/octet-stream' }).end(body);
    } catch { res.writeHead(404).end(); }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${server.address().port}/`;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    // playwright starts the browser with a fresh profile of its own (a new --user-data-dir in a
    // temporary folder, removed afterwards): it refuses that flag given here.
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run'],
  });
});

after(async () => {
  await browser?.close();
  server?.close();
});

// The CLI's findings for a sample: what the page must show.
function cliFindings(file) {
  let out;
  try {
    out = execFileSync(gongkai, ['check', '--no-config', '--format', 'json', join(root, file)], { encoding: 'utf8' });
  } catch (e) {
    out = e.stdout; // exit 1: findings
  }
  return JSON.parse(out).files[0].diagnostics.map((d) => {
    const p = d.labels.find((l) => l.primary);
    return { rule: d.rule, message: d.message, expected: d.expected ?? null, primary: p ? `${p.text}|${p.page ?? ''}|${p.line}` : null };
  });
}

// Opens the page, waits until it has loaded everything, then watches every request.
async function open() {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(base);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30000 });
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  context.on('request', (r) => requests.push(r.url()));
  return { context, page, requests, errors };
}

async function drop(page, file) {
  const started = Date.now();
  await page.setInputFiles('#file', join(root, file));
  await page.waitForSelector('body[data-state="done"]', { timeout: 60000 });
  return Date.now() - started;
}

async function shown(page) {
  return page.$$eval('#findings > li', (lis) => lis.map((li) => ({
    rule: li.dataset.rule,
    message: li.querySelector('.message').textContent,
    expected: li.querySelector('.expected')?.textContent ?? null,
    primary: li.dataset.primary ?? null,
  })));
}

for (const file of SAMPLES) {
  test(`${file}: the page shows the CLI's findings, and asks for nothing after loading`, async () => {
    const { context, page, requests, errors } = await open();
    const ms = await drop(page, file);
    const expected = cliFindings(file);
    assert.deepEqual(await shown(page), expected);
    // Each finding is drawn: a box on a PDF page, else a form cell or a marked sentence.
    const marked = await page.$$eval('[data-finding]', (els) => [...new Set(els.map((e) => e.dataset.finding))].length);
    assert.equal(marked, expected.filter((f) => f.primary).length, 'every located finding is drawn');
    assert.deepEqual(requests, [], 'no request after load');
    assert.deepEqual(errors, []);
    await page.screenshot({ path: join(artifacts, `${file.split('/').pop()}.png`), fullPage: true });
    console.log(`${file}: ${expected.length} findings, checked and drawn in ${ms} ms`);
    await context.close();
  });
}

test('洪泽 2023 PDF: the two table-4 errors are boxed on page 4 at the totals', async () => {
  const { context, page, requests } = await open();
  const ms = await drop(page, 'tests/fixtures/hongze-district-2023.pdf');
  const pages = await page.$$eval('.page', (p) => p.length);
  assert.equal(pages, 5);
  const boxes = await page.$$eval('.page[data-page="4"] .box.primary', (bs) => bs.map((b) => ({ text: b.dataset.text, pdf: b.dataset.pdf.split(',').map(Number) })));
  assert.equal(boxes.length, 2, JSON.stringify(boxes));
  // Where pdftotext puts the two totals of 表四 (行政复议 / 总计 and 行政诉讼 / 复议后起诉 / 总计):
  // the page's words with text "0" on the row of values, read with poppler.
  const poppler = execFileSync('pdftotext', ['-bbox-layout', '-f', '4', '-l', '4', join(root, 'tests/fixtures/hongze-district-2023.pdf'), '-'], { encoding: 'utf8' });
  const words = [...poppler.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)]
    .map((m) => ({ box: m.slice(1, 5).map(Number), text: m[5] }));
  for (const b of boxes) {
    assert.equal(b.text, '0');
    const near = words.filter((w) => w.text === '0' && Math.abs(w.box[0] - b.pdf[0]) < 1.5 && Math.abs((w.box[1] + w.box[3]) / 2 - (b.pdf[1] + b.pdf[3]) / 2) < 2);
    assert.equal(near.length, 1, `a poppler word "0" at ${b.pdf}`);
  }
  // The boxes are drawn over those numbers: their place on screen is the PDF position scaled.
  const geometry = await page.$$eval('.page[data-page="4"]', ([holder]) => {
    const r = holder.getBoundingClientRect();
    return [...holder.querySelectorAll('.box.primary')].map((b) => {
      const s = b.getBoundingClientRect();
      return { x: (s.left - r.left) / r.width, y: (s.top - r.top) / r.height, pdf: b.dataset.pdf.split(',').map(Number) };
    });
  });
  for (const g of geometry) {
    assert.ok(Math.abs(g.x - g.pdf[0] / 595) < 0.005 && Math.abs(g.y - g.pdf[1] / 842) < 0.005, JSON.stringify(g));
  }
  // Clicking the first error scrolls its box into view.
  await page.click('#findings > li.error');
  await page.waitForTimeout(800);
  const visible = await page.$eval('.page[data-page="4"] .box.primary', (b) => {
    const r = b.getBoundingClientRect();
    return r.top >= 0 && r.bottom <= window.innerHeight;
  });
  assert.ok(visible, 'the box is scrolled into view');
  await page.$eval('.page[data-page="4"]', (p) => p.scrollIntoView({ block: 'start' }));
  await page.screenshot({ path: join(artifacts, 'hongze-2023-page-4.png') });
  // The README's picture (docs/web-page.png): the summary, the findings and page 4 with its
  // boxes (pages 1–3 hidden for the picture only).
  await page.setViewportSize({ width: 1100, height: 1700 });
  const style = await page.addStyleTag({ content: '.page[data-page="1"],.page[data-page="2"],.page[data-page="3"]{display:none}' });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(artifacts, 'readme.png') });
  await style.evaluate((s) => s.remove());
  // The list as text and CSV.
  await page.click('#copy-text');
  const text = await page.$eval('body', (b) => b.dataset.copied);
  assert.match(text, /1\. \[/);
  assert.match(text, /应为：11/);
  await page.click('#copy-csv');
  const csv = await page.$eval('body', (b) => b.dataset.copied);
  assert.equal(csv.trim().split('\r\n').length, 1 + 3);
  assert.deepEqual(requests, []);
  const wasm = await page.$eval('body', (b) => b.dataset.wasmMs);
  console.log(`5-page PDF (洪泽 2023) read by pdf.js, checked and drawn in ${ms} ms (of which the WASM check ${wasm} ms)`);
  assert.ok(ms < 10000, `far over the 2 s budget: ${ms} ms`);
  await context.close();
});

test('English switch: the findings in English, as the CLI gives them with --lang en', async () => {
  const { context, page } = await open();
  await drop(page, 'tests/fixtures/hongze-district-2023.txt');
  await page.evaluate(() => { document.body.dataset.state = 'switching'; });
  await page.click('#lang');
  await page.waitForSelector('body[data-state="done"]');
  const messages = await page.$$eval('#findings > li > .message', (m) => m.map((e) => e.textContent));
  let out;
  try {
    out = execFileSync(gongkai, ['check', '--no-config', '--lang', 'en', '--format', 'json', join(root, 'tests/fixtures/hongze-district-2023.txt')], { encoding: 'utf8' });
  } catch (e) { out = e.stdout; }
  assert.deepEqual(messages, JSON.parse(out).files[0].diagnostics.map((d) => d.message));
  assert.equal(await page.textContent('#lang'), '中文');
  await context.close();
});

test('a text cut short is one finding listing what the cut made unreadable, as the CLI groups it', async () => {
  const file = 'tests/fixtures/partial-town-2023.txt';
  const { context, page } = await open();
  await drop(page, file);
  assert.deepEqual(await shown(page), cliFindings(file));
  let out;
  try {
    out = execFileSync(gongkai, ['check', '--no-config', '--format', 'json', join(root, file)], { encoding: 'utf8' });
  } catch (e) { out = e.stdout; }
  const cut = JSON.parse(out).files[0].diagnostics.find((d) => d.rule === 'structure-text-truncated');
  assert.ok(cut?.also?.length > 10, 'the CLI groups the rows and sections after the cut');
  const li = page.locator('#findings > li[data-rule="structure-text-truncated"]');
  assert.equal(await li.locator('.also-head').textContent(), '由此引起（不另计为问题）：');
  assert.deepEqual(await li.locator('.also > li').allTextContents(), cut.also.map((a) => a.message));
  await context.close();
});

test('a finding on a Word document says where in Word: the paragraph, or the table, row and column', async () => {
  const file = 'tests/fixtures/synthetic-narrative-mismatch-2021.docx';
  const { context, page } = await open();
  await drop(page, file);
  assert.deepEqual(await shown(page), cliFindings(file));
  // The primary label is the sentence's number: paragraph 6, character 30 (checked in the XML).
  assert.equal(await page.locator('#findings > li .where').first().textContent(), '位置：第 6 段第 30 字');
  await context.close();
});
