//! gongkai in a web page: the page's Web Worker loads this crate built for `wasm32-unknown-unknown`
//! and calls [`check::check`] through a small C ABI (`abi`, see `web/src/gongkai.js` for the
//! loader and `docs/decisions.md` for why not wasm-bindgen).
//!
//! A PDF is read by pdf.js in the browser; its text items become poppler-style word boxes
//! ([`pdfjs`]), which go through the same layout as the CLI's pdftotext words
//! ([`gongkai::pdf::read_pdf_placed_with`]). Everything else is read from the file's bytes as the
//! CLI reads it. The answer carries the CLI's own JSON output for the file, rendered by the same
//! code (`gongkai check --format json`).

mod abi;
pub mod check;
pub mod pdfjs;

pub use check::{Request, Response, check};
