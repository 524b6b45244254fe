//! `gongkai-corpus`: writes N synthetic reports to a directory, with `manifest.jsonl` recording
//! every injected error and the findings it must produce.
//!
//! ```text
//! gongkai-corpus --count 1000 --seed 6 --out corpus/ --kinds text,html --error-rate 0.3
//! gongkai-corpus --pdf-inputs --out pdf-inputs/      # what scripts/make-pdf-corpus.sh converts
//! ```
//!
//! With `--pdf-inputs` it writes the inputs of the PDF corpus instead (DOCX for LibreOffice,
//! HTML for Chromium; [`gongkai_corpus::Variant::CORPUS`] says how many of each) and
//! `pdf-manifest.jsonl`, one [`gongkai_corpus::PdfEntry`] per PDF.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use gongkai_corpus::{Kind, Options, generate};

/// Writes synthetic 政府信息公开工作年度报告 and a manifest of their injected errors.
#[derive(Debug, Parser)]
#[command(name = "gongkai-corpus", version)]
struct Args {
    /// How many reports.
    #[arg(long, default_value_t = 100)]
    count: u64,
    /// The seed: the same seed gives the same files.
    #[arg(long, default_value_t = 6)]
    seed: u64,
    /// The directory to write to (created if needed).
    #[arg(long)]
    out: PathBuf,
    /// The kinds of file, comma-separated: text, md, html, docx.
    #[arg(long, default_value = "text,md,html,docx", value_delimiter = ',')]
    kinds: Vec<String>,
    /// The share of reports (0–1) that get one injected error.
    #[arg(long, default_value_t = 0.3)]
    error_rate: f64,
    /// Write the inputs of the PDF corpus (DOCX, HTML) and pdf-manifest.jsonl instead.
    #[arg(long)]
    pdf_inputs: bool,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let mut kinds = Vec::new();
    for k in &args.kinds {
        let Some(kind) = Kind::from_name(k) else {
            eprintln!("unknown kind {k:?} (text, md, html, docx)");
            return ExitCode::from(2);
        };
        kinds.push(kind);
    }
    if !(0.0..=1.0).contains(&args.error_rate) {
        eprintln!("--error-rate must be between 0 and 1");
        return ExitCode::from(2);
    }
    let result = if args.pdf_inputs {
        run_pdf_inputs(&args)
    } else {
        run(&args, kinds)
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{}: {e}", args.out.display());
            ExitCode::from(2)
        }
    }
}

fn run(args: &Args, kinds: Vec<Kind>) -> std::io::Result<()> {
    std::fs::create_dir_all(&args.out)?;
    let options = Options {
        kinds,
        error_rate: args.error_rate,
    };
    let manifest = std::fs::File::create(args.out.join("manifest.jsonl"))?;
    let mut manifest = std::io::BufWriter::new(manifest);
    let (mut bytes, mut injected) = (0usize, 0u64);
    for i in 0..args.count {
        let g = generate(args.seed, i, &options);
        std::fs::write(args.out.join(&g.name), &g.bytes)?;
        bytes += g.bytes.len();
        for line in g.manifest_lines() {
            serde_json::to_writer(&mut manifest, &line)?;
            manifest.write_all(b"\n")?;
        }
        injected += u64::from(g.injected.is_some());
    }
    manifest.flush()?;
    eprintln!(
        "{} reports ({bytes} bytes, {injected} with an injected error) in {}",
        args.count,
        args.out.display()
    );
    Ok(())
}

fn run_pdf_inputs(args: &Args) -> std::io::Result<()> {
    std::fs::create_dir_all(&args.out)?;
    let manifest = std::fs::File::create(args.out.join("pdf-manifest.jsonl"))?;
    let mut manifest = std::io::BufWriter::new(manifest);
    let mut n = 0;
    for (variant, count) in gongkai_corpus::Variant::CORPUS {
        for i in 0..count {
            let (entry, bytes) = gongkai_corpus::pdf_input(args.seed, variant, i, args.error_rate);
            std::fs::write(args.out.join(&entry.input), bytes)?;
            serde_json::to_writer(&mut manifest, &entry)?;
            manifest.write_all(b"\n")?;
            n += 1;
        }
    }
    manifest.flush()?;
    eprintln!("{n} PDF inputs in {}", args.out.display());
    Ok(())
}
