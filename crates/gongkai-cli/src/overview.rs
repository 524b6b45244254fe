//! `gongkai check --format summary`: one row per file — organisation, year, format, findings by
//! severity, the rules that fired, or why the file could not be read — for a supervising office
//! that checks hundreds of reports and wants the whole batch on one screen or in one spreadsheet.

use std::fmt::Write as _;

use gongkai::Lang;
use gongkai::render::{FileStatus, FileView};
use gongkai::{Severity, table};
use unicode_width::UnicodeWidthStr as _;

/// One file's row.
#[derive(Debug, Clone, Default)]
pub(crate) struct FileRow {
    path: String,
    organisation: String,
    year: String,
    format: String,
    errors: usize,
    warnings: usize,
    infos: usize,
    /// The ids of the rules with findings, sorted, each once.
    rules: Vec<String>,
    /// Why the file could not be read, empty when it was.
    unreadable: String,
}

impl FileRow {
    /// The row of `view`, with the organisation and year the report names (if it was read).
    pub(crate) fn new(view: &FileView<'_>, organisation: Option<&str>, year: Option<i32>) -> Self {
        let mut row = Self {
            path: view.path.to_owned(),
            organisation: organisation.unwrap_or_default().to_owned(),
            year: year.map(|y| y.to_string()).unwrap_or_default(),
            ..Self::default()
        };
        let checked = match view.status {
            FileStatus::Checked(checked) => checked,
            FileStatus::Failed(error) | FileStatus::Invalid { error, .. } => {
                row.unreadable = error
                    .message
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ");
                return row;
            }
        };
        row.format = serde_json::to_value(checked.input)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        for finding in checked.findings {
            match finding.severity {
                Severity::Error => row.errors += 1,
                Severity::Warning => row.warnings += 1,
                Severity::Info => row.infos += 1,
            }
            row.rules.push(finding.code.clone());
        }
        row.rules.sort();
        row.rules.dedup();
        row
    }

    fn cells(&self) -> [String; 9] {
        // A file not read has no counts, not counts of 0: nothing was checked.
        let count = |n: usize| {
            if self.unreadable.is_empty() {
                n.to_string()
            } else {
                String::new()
            }
        };
        [
            self.path.clone(),
            self.organisation.clone(),
            self.year.clone(),
            self.format.clone(),
            count(self.errors),
            count(self.warnings),
            count(self.infos),
            self.rules.join(" "),
            self.unreadable.clone(),
        ]
    }
}

fn header(lang: Lang) -> [&'static str; 9] {
    match lang {
        Lang::Zh => [
            "文件",
            "机关",
            "年度",
            "格式",
            "错误",
            "警告",
            "提示",
            "触发的规则",
            "无法读取的原因",
        ],
        Lang::En => [
            "path",
            "organisation",
            "year",
            "format",
            "errors",
            "warnings",
            "infos",
            "rules fired",
            "unreadable",
        ],
    }
}

/// The rows as CSV, a header row first (in the run's language).
pub(crate) fn csv(rows: &[FileRow], lang: Lang) -> String {
    let mut out = table::csv_record(header(lang));
    for row in rows {
        let cells = row.cells();
        out.push_str(&table::csv_record(cells.iter().map(String::as_str)));
    }
    out
}

/// The rows as a table for a terminal: columns padded to their widest cell in terminal columns
/// (a Chinese character is two), counts right-aligned.
pub(crate) fn table(rows: &[FileRow], lang: Lang) -> String {
    let head = header(lang).map(str::to_owned);
    let body: Vec<[String; 9]> = rows.iter().map(FileRow::cells).collect();
    let mut widths = [0usize; 9];
    for cells in std::iter::once(&head).chain(&body) {
        for (w, cell) in widths.iter_mut().zip(cells) {
            *w = (*w).max(cell.width());
        }
    }
    let mut out = String::new();
    for cells in std::iter::once(&head).chain(&body) {
        let mut line = String::new();
        for (i, (cell, &w)) in cells.iter().zip(&widths).enumerate() {
            let pad = " ".repeat(w.saturating_sub(cell.width()));
            if i > 0 {
                line.push_str("  ");
            }
            // Columns 4–6 are the counts.
            if (4..=6).contains(&i) {
                let _ = write!(line, "{pad}{cell}");
            } else {
                let _ = write!(line, "{cell}{pad}");
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
