// pdf.js's data files (CMaps for the Chinese fonts, the standard fonts, its image decoders),
// loaded once with the page as one bundle (pdfjs/data.bin with its index data.json, written by
// scripts/build-web) and handed to pdf.js from memory: pdf.js would otherwise fetch them one by
// one while reading a PDF, after the page has loaded.

export async function loadPdfData(base) {
  const [index, blob] = await Promise.all([
    fetch(new URL('data.json', base)).then((r) => r.json()),
    fetch(new URL('data.bin', base)).then((r) => r.arrayBuffer()),
  ]);
  const file = (path) => {
    const at = index[path];
    if (!at) throw new Error(`pdf.js data ${path} is not in the bundle`);
    return new Uint8Array(blob, at[0], at[1]).slice();
  };
  class CMapReaderFactory {
    async fetch({ name }) { return { cMapData: file(`cmaps/${name}.bcmap`), isCompressed: true }; }
  }
  class StandardFontDataFactory {
    async fetch({ filename }) { return file(`standard_fonts/${filename}`); }
  }
  class WasmFactory {
    async fetch({ filename }) { return file(`wasm/${filename}`); }
  }
  return { CMapReaderFactory, StandardFontDataFactory, WasmFactory };
}
