// The text layer of a PDF as pdf.js gives it, in the shape the WASM's pdf.js word source reads
// (crates/gongkai-wasm/src/pdfjs.rs): per page the viewport at scale 1 (its transform maps PDF user
// space to top-left-origin points, page rotation included) and the text items with their fonts'
// ascent and descent. Positions are converted to poppler's convention in Rust, where they are
// tested against poppler's word boxes. Shared by the page's worker and tools/pdfjs-items.mjs.

/** @param {any} doc a pdf.js PDFDocumentProxy */
export async function pdfPages(doc) {
  const pages = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const viewport = page.getViewport({ scale: 1 });
    const content = await page.getTextContent({ includeMarkedContent: false });
    const fonts = {};
    for (const [name, style] of Object.entries(content.styles)) {
      fonts[name] = { ascent: style.ascent ?? 0.8, descent: style.descent ?? -0.2, vertical: !!style.vertical };
    }
    pages.push({
      width: viewport.width,
      height: viewport.height,
      transform: Array.from(viewport.transform),
      items: content.items
        .filter((it) => typeof it.str === 'string')
        .map((it) => ({ str: it.str, transform: Array.from(it.transform), width: it.width, height: it.height, font: it.fontName })),
      fonts,
    });
  }
  return pages;
}
