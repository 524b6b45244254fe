// Bundles pdf.js's data files (cmaps/, standard_fonts/, wasm/) into one data.bin with an index
// data.json ({ "cmaps/UniGB-UCS2-H.bcmap": [offset, length], … }), read by web/src/pdfdata.js:
//   node web/tools/bundle-pdfjs-data.mjs node_modules/pdfjs-dist web/dist/pdfjs
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [from, to] = process.argv.slice(2);
const index = {};
const parts = [];
let offset = 0;
for (const dir of ['cmaps', 'standard_fonts', 'wasm']) {
  for (const name of readdirSync(join(from, dir)).sort()) {
    // Licences are copied beside the bundle (scripts/build-web); the JS fallback is not used.
    if (name.startsWith('LICENSE') || name.endsWith('.js')) continue;
    const bytes = readFileSync(join(from, dir, name));
    index[`${dir}/${name}`] = [offset, bytes.length];
    parts.push(bytes);
    offset += bytes.length;
  }
}
writeFileSync(join(to, 'data.bin'), Buffer.concat(parts));
writeFileSync(join(to, 'data.json'), JSON.stringify(index));
