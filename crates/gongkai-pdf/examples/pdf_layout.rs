//! Prints the text a PDF is rebuilt into (a line per printed line, table rows with their cells
//! separated by ` | `), to see what the layout made of a file:
//!
//! ```text
//! cargo run -p gongkai-pdf --example pdf_layout -- report.pdf
//! ```

use std::process::ExitCode;

use gongkai_pdf::{PdfOptions, read_pdf};
use gongkai_reader::{Block, Text};

fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: pdf_layout FILE.pdf");
        return ExitCode::from(2);
    };
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{path}: {e}");
            return ExitCode::from(2);
        }
    };
    match read_pdf(&bytes, &path, &PdfOptions::default()) {
        Ok(d) => {
            for b in &d.blocks {
                match b {
                    Block::Line(t) => println!("{}", t.as_str()),
                    Block::Row(cells) => println!(
                        "ROW {}",
                        cells
                            .iter()
                            .map(Text::as_str)
                            .collect::<Vec<_>>()
                            .join(" | ")
                    ),
                }
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{path}: {e}");
            ExitCode::from(2)
        }
    }
}
