//! `gongkai compare LAST THIS` (or more reports of one body, or a folder of them): the three
//! tables side by side, year by year, with the cells that break a cross-year relation marked and
//! the text reuse of each pair (issue 15). The comparison is the library's
//! ([`gongkai::compare`]); this module reads the files and writes it for a terminal, as JSON or
//! as CSV.

use std::fmt::Write as _;
use std::process::ExitCode;

use gongkai::compare::{CellValue, ComparedCell, ComparedTable, Comparison};
use gongkai::{Checker, Extracted, Lang};
use unicode_width::UnicodeWidthStr as _;

use crate::cli::{CompareArgs, CompareFormat};
use crate::{EXIT_OK, EXIT_TROUBLE, Output};

/// Characters of a reused passage shown on a terminal (JSON has it whole).
const PASSAGE_CHARS: usize = 60;

pub(crate) fn run(args: &CompareArgs) -> miette::Result<ExitCode> {
    let lang: Lang = args.lang.map_or(Lang::Zh, Into::into);
    let files = crate::files::collect(&args.paths, args.follow)?;
    let reader = crate::limits::apply(
        Checker::with_rules(gongkai::RuleSet::new()).with_lang(lang),
        &args.limits,
        &crate::limits::LimitsConfig::default(),
    );
    // Every file must be read: a comparison with a year left out would be a guess.
    let mut reports: Vec<(String, Extracted)> = Vec::new();
    let mut unreadable = 0usize;
    for chunk in files.chunks(usize::MAX) {
        for path in chunk {
            let r = crate::check::read(&path, &reader, files.problem(&path));
            match r.extracted {
                Ok(e) => reports.push((r.name, e)),
                Err(failure) => {
                    unreadable += 1;
                    let reason = failure
                        .error
                        .message
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ");
                    let sep = if lang == Lang::Zh { "：" } else { ": " };
                    eprintln!("{}{sep}{reason}", r.name);
                }
            }
        }
    }
    if unreadable > 0 {
        eprintln!(
            "{}",
            match lang {
                Lang::Zh => format!("{unreadable} 个文件无法读取，未作对照"),
                Lang::En => format!("{unreadable} file(s) could not be read: nothing compared"),
            }
        );
        return Ok(ExitCode::from(EXIT_TROUBLE));
    }
    let mut checker = Checker::new()
        .map_err(|e| miette::miette!("{e:?}"))?
        .with_lang(lang);
    // Only the rules that compare two years mark cells; the text reuse is measured by the
    // comparison itself.
    checker.rules_mut().select(&["previous-year"]);
    checker.rules_mut().ignore(&gongkai::reuse::RULE_IDS);
    let comparison = match gongkai::compare::compare(&checker, &reports) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{}", e.message(lang));
            return Ok(ExitCode::from(EXIT_TROUBLE));
        }
    };
    let text = match args.format {
        CompareFormat::Human => human(&comparison, lang, args.all),
        CompareFormat::Json => {
            serde_json::to_string_pretty(&comparison).map_err(|e| miette::miette!("{e}"))? + "\n"
        }
        CompareFormat::Csv => {
            let bom = if args.no_bom { "" } else { crate::export::BOM };
            format!("{bom}{}", comparison.csv())
        }
    };
    let mut out = Output::create(args.output.as_deref(), Some(lang))?;
    out.write(&text);
    out.flush()?;
    Ok(ExitCode::from(EXIT_OK))
}

/// The comparison for a terminal: a heading with the reports, each table as aligned columns
/// (row, column, one per year, the change after each year but the first, the marks), the notes
/// under it, then each pair's text reuse and the rules that could not check it.
pub(crate) fn human(c: &Comparison, lang: Lang, all: bool) -> String {
    let zh = lang == Lang::Zh;
    let mut out = String::new();
    let first = c.reports.first().map_or(0, |r| r.year);
    let last = c.reports.last().map_or(0, |r| r.year);
    let _ = writeln!(
        out,
        "{}",
        if zh {
            format!("{}：{first}—{last} 年度报告对照", c.organisation)
        } else {
            format!(
                "{}: the reports of {first}–{last} side by side",
                c.organisation
            )
        }
    );
    for r in &c.reports {
        let form = match (zh, r.form.as_str()) {
            (true, "unknown") => "表格版式未识别".to_owned(),
            (true, f) => format!("{f} 年版表格"),
            (false, "unknown") => "form not recognised".to_owned(),
            (false, f) => format!("{f} form"),
        };
        let _ = if zh {
            writeln!(out, "  {}：{}（{form}）", r.year, r.path)
        } else {
            writeln!(out, "  {}: {} ({form})", r.year, r.path)
        };
    }
    let mut note = 0usize;
    for t in &c.tables {
        out.push('\n');
        table(&mut out, c, t, lang, all, &mut note);
    }
    for s in &c.steps {
        out.push('\n');
        let _ = writeln!(
            out,
            "{}",
            if zh {
                format!("{} → {} 正文沿用（不计年份和数字）", s.from, s.to)
            } else {
                format!(
                    "{} → {}: narrative repeated (years and numbers aside)",
                    s.from, s.to
                )
            }
        );
        match &s.reuse {
            None => {
                let _ = writeln!(
                    out,
                    "  {}",
                    if zh {
                        "上年度报告没有可比较的正文"
                    } else {
                        "last year's report has no narrative to compare"
                    }
                );
            }
            Some(r) => {
                let _ = writeln!(
                    out,
                    "  {}",
                    if zh {
                        format!(
                            "{}（{}/{} 字，{}/{} 句）",
                            r.rate, r.reused_chars, r.total_chars, r.reused_sentences, r.sentences
                        )
                    } else {
                        format!(
                            "{} ({} of {} characters, {} of {} sentences)",
                            r.rate, r.reused_chars, r.total_chars, r.reused_sentences, r.sentences
                        )
                    }
                );
                for (i, p) in r.passages.iter().enumerate() {
                    let text: String = p.text.chars().take(PASSAGE_CHARS).collect();
                    let more = if p.text.chars().count() > PASSAGE_CHARS {
                        "…"
                    } else {
                        ""
                    };
                    let _ = writeln!(
                        out,
                        "  {}",
                        if zh {
                            format!(
                                "{}. {} 字，上年第 {} 行、本年第 {} 行：{text}{more}",
                                i + 1,
                                p.chars,
                                p.previous_line,
                                p.current_line
                            )
                        } else {
                            format!(
                                "{}. {} characters, line {} last year, line {} this year: {text}{more}",
                                i + 1,
                                p.chars,
                                p.previous_line,
                                p.current_line
                            )
                        }
                    );
                }
            }
        }
        for f in &s.findings {
            let _ = writeln!(
                out,
                "  {}{}{}",
                f.rule,
                if zh { "：" } else { ": " },
                f.message
            );
        }
        if !s.skipped.is_empty() {
            let _ = writeln!(
                out,
                "  {}",
                if zh {
                    "未能核对："
                } else {
                    "not checked:"
                }
            );
            for f in &s.skipped {
                let _ = writeln!(
                    out,
                    "    {}{}{}",
                    f.rule,
                    if zh { "：" } else { ": " },
                    f.message
                );
            }
        }
    }
    out
}

/// One table: the header row, a row per cell (without the cells 0 or "—" in every year and unmarked,
/// unless `all`), what was left out, why some cells are "—", and the marks' notes.
fn table(
    out: &mut String,
    c: &Comparison,
    t: &ComparedTable,
    lang: Lang,
    all: bool,
    note: &mut usize,
) {
    let zh = lang == Lang::Zh;
    let _ = writeln!(out, "{}", t.label);
    let change = if zh { "变化" } else { "change" };
    let mut head: Vec<String> = vec![
        if zh { "行" } else { "row" }.to_owned(),
        if zh { "栏目" } else { "column" }.to_owned(),
    ];
    for (i, r) in c.reports.iter().enumerate() {
        head.push(r.year.to_string());
        if i > 0 {
            head.push(change.to_owned());
        }
    }
    head.push(String::new());
    let shown: Vec<&ComparedCell> = t.cells.iter().filter(|x| all || !x.is_quiet()).collect();
    let mut notes: Vec<String> = Vec::new();
    let mut keys: Vec<(usize, String, String)> = Vec::new();
    let first_note = *note;
    let mut rows: Vec<Vec<String>> = vec![head];
    for cell in &shown {
        let mut row = vec![cell.row_short.clone(), cell.column.clone()];
        for (i, v) in cell.values.iter().enumerate() {
            row.push(value_text(v, lang));
            if i > 0 {
                row.push(
                    cell.changes
                        .get(i - 1)
                        .cloned()
                        .flatten()
                        .unwrap_or_default(),
                );
            }
        }
        let mut marks = Vec::new();
        for m in &cell.marks {
            // One finding labels several cells (this year's and last year's): one note, its
            // number on each of them.
            let step = c.steps.get(m.step);
            let key = (m.step, m.rule.clone(), m.message.clone());
            let n = if let Some(i) = keys.iter().position(|k| *k == key) {
                first_note + i + 1
            } else {
                keys.push(key);
                let n = first_note + keys.len();
                let (from, to) = step.map_or((0, 0), |s| (s.from, s.to));
                notes.push(if zh {
                    format!("[{n}] {from} → {to} {}：{}", m.rule, m.message)
                } else {
                    format!("[{n}] {from} → {to} {}: {}", m.rule, m.message)
                });
                n
            };
            marks.push(format!("[{n}]"));
        }
        row.push(marks.join(" "));
        rows.push(row);
    }
    let columns = rows.first().map_or(0, Vec::len);
    let mut widths = vec![0usize; columns];
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.width());
        }
    }
    for row in &rows {
        let mut line = String::from("  ");
        for (i, (cell, &w)) in row.iter().zip(&widths).enumerate() {
            let pad = " ".repeat(w.saturating_sub(cell.width()));
            if i > 0 {
                line.push_str("  ");
            }
            // The labels left, the numbers right, the marks left.
            if i < 2 || i + 1 == columns {
                let _ = write!(line, "{cell}{pad}");
            } else {
                let _ = write!(line, "{pad}{cell}");
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    let quiet = t.cells.len() - shown.len();
    // "—" is named only when some cell left out is one (the note below says why).
    let dash = t
        .cells
        .iter()
        .any(|x| x.is_quiet() && x.values.contains(&CellValue::NotInForm));
    if quiet > 0 {
        let _ = writeln!(
            out,
            "  {}",
            match (zh, dash) {
                (true, false) => format!("另有 {quiet} 格各年均为 0，未列出（--all 列出全部）"),
                (true, true) =>
                    format!("另有 {quiet} 格各年均为 0 或“—”，未列出（--all 列出全部）"),
                (false, false) => {
                    format!("{quiet} more cells are 0 in every year (--all lists them)")
                }
                (false, true) =>
                    format!("{quiet} more cells are 0 or \"—\" in every year (--all lists them)"),
            }
        );
    }
    if let Some(why) = &t.not_comparable {
        let _ = writeln!(out, "  {why}");
    }
    *note += keys.len();
    for n in notes {
        let _ = writeln!(out, "  {n}");
    }
}

fn value_text(v: &CellValue, lang: Lang) -> String {
    match (v, lang) {
        (CellValue::Missing, Lang::Zh) => "未找到".to_owned(),
        (CellValue::Missing, Lang::En) => "missing".to_owned(),
        _ => v.text(),
    }
}
