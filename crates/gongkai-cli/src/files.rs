//! Which files a `check` run reads: the files named, and the report files under the directories
//! named, in a deterministic order.

use std::io::Read as _;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

/// Extensions of the formats gongkai reads (or will read: PDF and DOCX are recognised here so
/// that a folder of reports is checked whole, and an unreadable one is reported, not skipped).
const REPORT_EXTENSIONS: &[&str] = &[
    "txt", "text", "md", "markdown", "tsv", "htm", "html", "shtml", "pdf", "docx",
];

/// Names of files that sit beside reports but are never reports.
const NOT_REPORTS: &[&str] = &["readme", "license", "licence", "changelog", "sources"];

/// The files to check, in order: each path given, in the order given; a directory's report
/// files sorted by path. A path that does not exist is kept, so that it is reported as
/// unreadable in its place.
pub(crate) fn collect(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let walker = WalkDir::new(path)
                .follow_links(true)
                .sort_by_file_name()
                .into_iter()
                .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()));
            for entry in walker.filter_map(Result::ok) {
                if entry.file_type().is_file() && looks_like_report(entry.path()) {
                    files.push(entry.into_path());
                }
            }
        } else {
            files.push(path.clone());
        }
    }
    files
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|n| n.starts_with('.'))
}

/// Whether a file found under a directory is worth reading as a report: by its extension, and
/// for files without one by their first bytes (PDF and ZIP magic, HTML, or text that speaks of
/// 政府信息公开). Files with other extensions (images, JSON, notes) are left alone; a file named
/// on the command line is always read.
fn looks_like_report(path: &Path) -> bool {
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    if NOT_REPORTS.contains(&stem.as_str()) {
        return false;
    }
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("json" | "yaml" | "yml") => sniff_structured(path),
        Some(e) => REPORT_EXTENSIONS.contains(&e),
        None => sniff(path),
    }
}

/// A JSON or YAML file under a directory is a structured report when it speaks of the report's
/// tables near its start; other data files beside reports are left alone.
fn sniff_structured(path: &Path) -> bool {
    let mut head = Vec::with_capacity(8192);
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    if file.take(8192).read_to_end(&mut head).is_err() {
        return false;
    }
    contains(&head, b"applications")
        || contains(&head, b"review_litigation")
        || contains(&head, b"\"metadata\"")
        || head.starts_with(b"metadata:")
}

/// Looks at the first 8 KiB of a file.
fn sniff(path: &Path) -> bool {
    let mut head = Vec::with_capacity(8192);
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    if file.take(8192).read_to_end(&mut head).is_err() {
        return false;
    }
    if head.starts_with(b"%PDF") || head.starts_with(b"PK\x03\x04") {
        return true;
    }
    let lower = head.to_ascii_lowercase();
    if lower.windows(5).any(|w| w == b"<html") {
        return true;
    }
    // "政府信息公开" in UTF-8, and "信息公开" in GB18030/GBK.
    contains(&head, "政府信息公开".as_bytes())
        || contains(&head, b"\xd0\xc5\xcf\xa2\xb9\xab\xbf\xaa")
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directories_yield_report_files_sorted_and_skip_the_rest() {
        let dir = std::env::temp_dir().join(format!("gongkai-files-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("b")).unwrap();
        std::fs::create_dir_all(dir.join(".hidden")).unwrap();
        std::fs::write(dir.join("b/z.txt"), "x").unwrap();
        std::fs::write(dir.join("a.md"), "x").unwrap();
        std::fs::write(dir.join("README.md"), "x").unwrap();
        std::fs::write(dir.join("notes.json"), "政府信息公开").unwrap();
        std::fs::write(dir.join(".hidden/c.txt"), "x").unwrap();
        std::fs::write(
            dir.join("noext-utf8"),
            "某某区2023年政府信息公开工作年度报告",
        )
        .unwrap();
        std::fs::write(dir.join("noext-gbk"), b"\xd0\xc5\xcf\xa2\xb9\xab\xbf\xaa").unwrap();
        std::fs::write(dir.join("noext-other"), "hello").unwrap();
        let found: Vec<String> = collect(std::slice::from_ref(&dir))
            .iter()
            .map(|p| {
                p.strip_prefix(&dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/")
            })
            .collect();
        assert_eq!(found, ["a.md", "b/z.txt", "noext-gbk", "noext-utf8"]);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
