//! `check` over several reports, or with `--previous-dir`: each report paired with its body's
//! report of the year before (issue 15), found before anything is checked.
//!
//! Pairing needs every report's organisation and year, so the run's files are read once before
//! checking (the keys pass). What was read is kept for the checking pass up to
//! [`KEPT_BYTES`] of text; files past that are read again when their turn comes, so that memory
//! stays bounded over any number of files. Last year's reports that some report needs are held
//! for the whole run (read again if they were not kept).

use std::path::PathBuf;
use std::sync::Arc;

use gongkai::pairing::{PairKey, PreviousMatch, pair};
use gongkai::render::{AmbiguousPair, UnusedPrevious, YearPair};
use gongkai::{Checker, Extracted, Lang};
use rayon::prelude::*;

use crate::check::{Read, read};
use crate::files::FileList;

/// The text kept from the keys pass for the checking pass, in bytes.
const KEPT_BYTES: usize = 256 << 20;

/// A report of last year, by name, shared by the reports it is the previous year of.
pub(crate) type Previous = Arc<(String, Extracted)>;

/// The run's files as the keys pass leaves them, and the pairs found.
pub(crate) struct Paired {
    /// Per run file, in order: its read, when kept from the keys pass (`None`: read again).
    pub(crate) kept: Vec<Option<Read>>,
    /// Per run file: last year's report, when exactly one was found.
    pub(crate) previous: Vec<Option<Previous>>,
    /// Per run file: why no report of last year was used, when the run knows more than "none
    /// given" (two candidates): the reason of its skipped year-over-year rules.
    pub(crate) no_previous: Vec<Option<String>>,
    /// The pairs, in the order of the run.
    pub(crate) pairs: Vec<YearPair>,
    /// The reports with more than one candidate for last year.
    pub(crate) ambiguous: Vec<AmbiguousPair>,
    /// The files of `--previous-dir` that cannot serve as last year's report of any body: not
    /// readable, or no organisation or year found. Said, not dropped.
    pub(crate) unused: Vec<UnusedPrevious>,
}

/// Reads the run's files and `earlier` (`--previous-dir`), and pairs each run file with its
/// body's report of the year before among both. Reasons are in `lang`.
pub(crate) fn pair_run(
    files: &FileList,
    earlier: Option<&FileList>,
    reader: &Checker,
    lang: Lang,
    pool: &rayon::ThreadPool,
    chunk_len: usize,
) -> Paired {
    let run = files.len();
    let mut keys: Vec<Option<PairKey>> = Vec::new();
    let mut names: Vec<String> = Vec::new();
    let mut organisations: Vec<Option<String>> = Vec::new();
    let mut kept: Vec<Option<Read>> = Vec::new();
    let mut paths: Vec<PathBuf> = Vec::new();
    let mut kept_bytes = 0usize;
    let mut unused = Vec::new();
    let lists = std::iter::once(files).chain(earlier);
    for list in lists {
        for chunk in list.chunks(chunk_len) {
            let reads: Vec<Read> = pool.install(|| {
                chunk
                    .par_iter()
                    .map(|p| read(p, reader, list.problem(p)))
                    .collect()
            });
            for (r, path) in reads.into_iter().zip(chunk) {
                let report = r.extracted.as_ref().ok().map(|e| &e.report);
                let key = report.and_then(PairKey::of);
                // A run file that cannot be read or paired is reported as that file; one of
                // `--previous-dir` would otherwise vanish from the run.
                if names.len() >= run && key.is_none() {
                    unused.push(UnusedPrevious {
                        path: r.name.clone(),
                        reason: match &r.extracted {
                            Err(failure) => failure.error.message.clone(),
                            Ok(_) => no_key_reason(lang).to_owned(),
                        },
                    });
                }
                keys.push(key);
                organisations.push(
                    report
                        .and_then(|r| r.metadata.organisation.as_ref())
                        .map(|o| o.value.clone()),
                );
                names.push(r.name.clone());
                let size = r.extracted.as_ref().map_or(0, |e| e.source.text().len());
                if kept_bytes.saturating_add(size) <= KEPT_BYTES {
                    kept_bytes += size;
                    kept.push(Some(r));
                } else {
                    kept.push(None);
                }
                paths.push(path);
            }
        }
    }
    let found = pair(&keys, run);
    // Last year's reports that are needed: shared copies, read again if not kept.
    let mut needed: Vec<usize> = found.iter().filter_map(PreviousMatch::one).collect();
    needed.sort_unstable();
    needed.dedup();
    let previous_reads: Vec<(usize, Option<Previous>)> = pool.install(|| {
        needed
            .par_iter()
            .map(|&j| {
                let extracted = match &kept[j] {
                    Some(r) => r.extracted.as_ref().ok().cloned(),
                    None => read(&paths[j], reader, None).extracted.ok(),
                };
                (j, extracted.map(|e| Arc::new((names[j].clone(), e))))
            })
            .collect()
    });
    let by_index: std::collections::HashMap<usize, Previous> = previous_reads
        .into_iter()
        .filter_map(|(j, p)| p.map(|p| (j, p)))
        .collect();
    let mut previous = Vec::with_capacity(run);
    let mut pairs = Vec::new();
    let mut ambiguous = Vec::new();
    let mut no_previous = Vec::with_capacity(run);
    for (i, m) in found.iter().enumerate() {
        let mut why = None;
        let p = match m {
            PreviousMatch::One(j) => by_index.get(j).cloned(),
            PreviousMatch::Ambiguous(candidates) => {
                let a = AmbiguousPair {
                    current: names[i].clone(),
                    candidates: candidates.iter().map(|&c| names[c].clone()).collect(),
                    organisation: organisations[i].clone().unwrap_or_default(),
                    year: keys[i].as_ref().map_or(0, |k| k.year.saturating_sub(1)),
                };
                why = Some(a.reason(lang));
                ambiguous.push(a);
                None
            }
            PreviousMatch::None => None,
        };
        no_previous.push(why);
        if let (Some(p), Some(key)) = (&p, &keys[i]) {
            pairs.push(YearPair {
                previous: p.0.clone(),
                current: names[i].clone(),
                organisation: organisations[i].clone().unwrap_or_default(),
                year: key.year,
            });
        }
        previous.push(p);
    }
    kept.truncate(run);
    Paired {
        kept,
        previous,
        no_previous,
        pairs,
        ambiguous,
        unused,
    }
}

/// Why a readable file of `--previous-dir` pairs with no report.
fn no_key_reason(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "its organisation or year was not found: it pairs with no report",
        Lang::Zh => "未能确定其机关或年度，无法与任何报告配对",
    }
}
