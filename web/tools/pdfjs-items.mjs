// Writes what pdf.js reads of a PDF's text layer, as the page's worker hands it to the WASM:
//   node web/tools/pdfjs-items.mjs report.pdf > report.pdfjs.json
// The Rust tests (crates/gongkai-wasm/tests) read such files to check that pdf.js's text items
// give the same findings as poppler's word boxes.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { pdfPages } from '../src/pdftext.js';

const require = createRequire(import.meta.url);
const root = dirname(require.resolve('pdfjs-dist/package.json'));
const pdfjs = await import(pathToFileURL(join(root, 'legacy/build/pdf.mjs')).href);
const data = new Uint8Array(readFileSync(process.argv[2]));
const doc = await pdfjs.getDocument({
  data,
  cMapUrl: join(root, 'cmaps/'),
  cMapPacked: true,
  standardFontDataUrl: join(root, 'standard_fonts/'),
  useSystemFonts: false,
  verbosity: 0,
}).promise;
process.stdout.write(JSON.stringify(await pdfPages(doc)) + '\n');
