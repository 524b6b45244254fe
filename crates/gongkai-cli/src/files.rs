//! Which files a `check` run reads: the files named, and the report files under the directories
//! named, in a deterministic order.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::ffi::{OsStr, OsString};
use std::io::Read as _;
use std::path::{Component, Path, PathBuf};

use walkdir::WalkDir;

/// Extensions of the formats gongkai reads (or will read: PDF and DOCX are recognised here so
/// that a folder of reports is checked whole, and an unreadable one is reported, not skipped).
const REPORT_EXTENSIONS: &[&str] = &[
    "txt", "text", "md", "markdown", "tsv", "htm", "html", "shtml", "pdf", "docx",
];

/// Names of files that sit beside reports but are never reports.
const NOT_REPORTS: &[&str] = &["readme", "license", "licence", "changelog", "sources"];

/// The files of a run, in order, kept compactly: a folder of 100,000 reports costs about 30
/// bytes per file here (its name and a few indices), not a path and a directory entry each,
/// so that memory stays flat however many files a run checks (docs/performance.md).
#[derive(Debug, Default)]
pub(crate) struct FileList {
    /// Paths named on the command line, and the directories files were found in.
    paths: Vec<PathBuf>,
    /// The UTF-8 names of the files found, one after another.
    names: String,
    /// Found files whose names are not UTF-8.
    odd_names: Vec<OsString>,
    files: Vec<Slot>,
    /// The paths that could not be walked (an unreadable directory, a dangling link, a link
    /// loop), with why: each is reported in its place as that path's error.
    problems: HashMap<PathBuf, WalkProblem>,
}

/// Why a path under a directory could not be walked, in both languages.
#[derive(Debug, Clone)]
pub(crate) struct WalkProblem {
    zh: String,
    en: String,
}

impl WalkProblem {
    /// The path's error as the renderers show it (kind `io`, as for a file that cannot be
    /// read).
    pub(crate) fn to_file_error(&self, lang: gongkai::Lang) -> gongkai::FileError {
        gongkai::FileError::new(
            gongkai::FileKind::Io,
            match lang {
                gongkai::Lang::Zh => self.zh.clone(),
                gongkai::Lang::En => self.en.clone(),
            },
        )
    }
}

/// One file of the run.
#[derive(Debug, Clone, Copy)]
enum Slot {
    /// `paths[i]`, as named on the command line.
    Named(u32),
    /// A file found in the directory `paths[dir]`.
    Found { dir: u32, name: Name },
}

/// A found file's name.
#[derive(Debug, Clone, Copy)]
enum Name {
    /// `names[start..end]`.
    Utf8 { start: u32, end: u32 },
    /// `odd_names[i]`.
    Odd(u32),
}

impl FileList {
    /// How many files the run reads.
    pub(crate) fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether no file was named or found.
    pub(crate) fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// The paths, `n` at a time (the last chunk may be shorter): only one chunk of paths exists
    /// at once.
    pub(crate) fn chunks(&self, n: usize) -> impl Iterator<Item = Vec<PathBuf>> + '_ {
        self.files
            .chunks(n.max(1))
            .map(|chunk| chunk.iter().map(|&slot| self.path(slot)).collect())
    }

    /// Why `path` could not be walked, if it could not.
    pub(crate) fn problem(&self, path: &Path) -> Option<&WalkProblem> {
        self.problems.get(path)
    }

    fn path(&self, slot: Slot) -> PathBuf {
        match slot {
            Slot::Named(i) => self.paths[i as usize].clone(),
            Slot::Found { dir, name } => self.paths[dir as usize].join(self.name(name)),
        }
    }

    fn name(&self, name: Name) -> &OsStr {
        match name {
            Name::Utf8 { start, end } => OsStr::new(&self.names[start as usize..end as usize]),
            Name::Odd(i) => &self.odd_names[i as usize],
        }
    }

    /// The order of two found files: that of their paths, component by component, which is
    /// the order of a walk that sorts each directory by name.
    fn order(&self, a: Slot, b: Slot) -> Ordering {
        match (a, b) {
            (Slot::Found { dir: da, name: na }, Slot::Found { dir: db, name: nb }) => {
                if da == db {
                    self.name(na).cmp(self.name(nb))
                } else {
                    let da = self.paths[da as usize].components();
                    let db = self.paths[db as usize].components();
                    da.chain([Component::Normal(self.name(na))])
                        .cmp(db.chain([Component::Normal(self.name(nb))]))
                }
            }
            // Only files found under one directory are sorted.
            _ => Ordering::Equal,
        }
    }

    fn push_path(&mut self, path: PathBuf) -> miette::Result<u32> {
        let i = index(self.paths.len())?;
        self.paths.push(path);
        Ok(i)
    }

    fn push_found(&mut self, dir: u32, name: &OsStr) -> miette::Result<()> {
        let name = if let Some(utf8) = name.to_str() {
            let start = index(self.names.len())?;
            self.names.push_str(utf8);
            Name::Utf8 {
                start,
                end: index(self.names.len())?,
            }
        } else {
            self.odd_names.push(name.to_owned());
            Name::Odd(index(self.odd_names.len() - 1)?)
        };
        self.files.push(Slot::Found { dir, name });
        Ok(())
    }
}

/// An index into the list's tables: beyond 4 GiB of names or 4 billion files a run is refused
/// rather than wrapped around.
fn index(n: usize) -> miette::Result<u32> {
    u32::try_from(n).map_err(|_| miette::miette!("too many files to check in one run"))
}

/// The files to check, in order: each path given, in the order given; a directory's report
/// files sorted by path. A path that does not exist is kept, so that it is reported as
/// unreadable in its place.
///
/// Directories are walked in the order the file system lists them, which holds nothing but
/// the names of the files kept, and sorted afterwards: a walk that sorts as it goes holds a
/// directory entry for each file of a directory at once.
///
/// Symbolic links inside a directory are not followed unless `follow` (as ripgrep's `-L`): a
/// link may point anywhere, also to a system file or back up the tree. A link that points
/// nowhere (named like a report), a directory that cannot be read and, with `follow`, a link
/// loop are kept as files of the run with their [`FileList::problem`], so that each is
/// reported in its place and the run exits 2, instead of disappearing from it.
/// The path that stands for standard input, as in most command-line tools.
pub(crate) const STDIN: &str = "-";

/// The bytes of the file at `path`, or of standard input for `-` (a report piped from another
/// program), at most `limit` of them.
///
/// # Errors
/// As [`gongkai::read_file`]; for standard input, a read error or more than `limit` bytes.
pub(crate) fn read_input(path: &Path, limit: usize) -> Result<Vec<u8>, gongkai::Error> {
    use std::io::Read as _;
    if path.as_os_str() != STDIN {
        return gongkai::read_file(path, limit);
    }
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1))
        .read_to_end(&mut bytes)?;
    if bytes.len() > limit {
        return Err(gongkai::Error::Read(gongkai::ReadError::TooLarge {
            size: bytes.len(),
            limit,
        }));
    }
    Ok(bytes)
}

pub(crate) fn collect(paths: &[PathBuf], follow: bool) -> miette::Result<FileList> {
    let mut list = FileList::default();
    for path in paths {
        if !path.is_dir() {
            let i = list.push_path(path.clone())?;
            list.files.push(Slot::Named(i));
            continue;
        }
        let first = list.files.len();
        // The directory of each depth on the way down to the current entry.
        let mut dirs: Vec<u32> = Vec::new();
        let walker = WalkDir::new(path)
            .follow_links(follow)
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()));
        for entry in walker {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) => {
                    list.push_problem(&e, &dirs)?;
                    continue;
                }
            };
            let depth = entry.depth();
            let kind = entry.file_type();
            if kind.is_dir() {
                dirs.truncate(depth);
                let i = list.push_path(entry.into_path())?;
                dirs.push(i);
            } else if kind.is_file() && looks_like_report(entry.path())
                || kind.is_symlink() && dangling_report(entry.path())
            {
                // A file at depth d > 0 lies in the directory of depth d - 1.
                if let Some(&dir) = depth.checked_sub(1).and_then(|d| dirs.get(d)) {
                    if kind.is_symlink() {
                        list.problems
                            .insert(entry.path().to_path_buf(), dangling_message());
                    }
                    list.push_found(dir, entry.file_name())?;
                }
            }
        }
        let mut found = std::mem::take(&mut list.files);
        found[first..].sort_unstable_by(|&a, &b| list.order(a, b));
        list.files = found;
    }
    Ok(list)
}

impl FileList {
    /// Keeps a path the walk could not enter or follow, in its place among the files found.
    fn push_problem(&mut self, e: &walkdir::Error, dirs: &[u32]) -> miette::Result<()> {
        let Some(path) = e.path() else {
            return Ok(());
        };
        let message = if e.loop_ancestor().is_some() {
            WalkProblem {
                zh: "符号链接构成循环，指回上层目录".to_owned(),
                en: "the symbolic link loops back to a folder above it".to_owned(),
            }
        } else {
            let io = e
                .io_error()
                .map_or_else(|| e.to_string(), ToString::to_string);
            WalkProblem {
                zh: format!("无法读取目录或文件：{io}"),
                en: format!("cannot read the folder or file: {io}"),
            }
        };
        // The entry at depth d lies in the directory of depth d - 1; an error on the walk's
        // root itself is that of a path named on the command line.
        let dir = e.depth().checked_sub(1).and_then(|d| dirs.get(d)).copied();
        let name = path.file_name();
        self.problems.insert(path.to_path_buf(), message);
        if let (Some(dir), Some(name)) = (dir, name) {
            self.push_found(dir, name)
        } else {
            let i = self.push_path(path.to_path_buf())?;
            self.files.push(Slot::Named(i));
            Ok(())
        }
    }
}

/// A symbolic link (not followed) that points nowhere, named like a report: most likely a
/// report that was moved, which the user should hear about.
fn dangling_report(path: &Path) -> bool {
    std::fs::metadata(path).is_err()
        && path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| REPORT_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

fn dangling_message() -> WalkProblem {
    WalkProblem {
        zh: "符号链接指向的文件不存在".to_owned(),
        en: "the symbolic link points to no file".to_owned(),
    }
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
        let found: Vec<String> = collect(std::slice::from_ref(&dir), false)
            .unwrap()
            .chunks(2)
            .flatten()
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

    /// The walk in file-system order, sorted afterwards, gives exactly the order of a walk that
    /// sorts every directory as it goes: nested directories between files, names that are
    /// prefixes of one another, a directory named like a file, CJK names, a named file and a
    /// second directory after the first.
    #[test]
    fn the_order_is_that_of_a_walk_sorted_by_name() {
        let dir = std::env::temp_dir().join(format!("gongkai-files-order-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let files = [
            "b.txt",
            "b/a.txt",
            "b/c/d.txt",
            "b/c.txt",
            "b-c.txt",
            "b0.txt",
            "a/z/z/z.txt",
            "a.txt/x.txt",
            "2023年/某区.txt",
            "2023年/某.txt",
            "2023/x.md",
            "Z.txt",
            "z.html",
        ];
        for f in files {
            let path = dir.join("one").join(f);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, "x").unwrap();
        }
        std::fs::create_dir_all(dir.join("two/sub")).unwrap();
        std::fs::write(dir.join("two/sub/b.txt"), "x").unwrap();
        std::fs::write(dir.join("two/a.txt"), "x").unwrap();
        std::fs::write(dir.join("named.txt"), "x").unwrap();
        let args = [dir.join("two"), dir.join("named.txt"), dir.join("one")];

        let mut expected = Vec::new();
        for arg in &args {
            if arg.is_dir() {
                let sorted = WalkDir::new(arg).sort_by_file_name().into_iter();
                expected.extend(
                    sorted
                        .filter_map(Result::ok)
                        .filter(|e| e.file_type().is_file())
                        .map(walkdir::DirEntry::into_path),
                );
            } else {
                expected.push(arg.clone());
            }
        }
        let list = collect(&args, false).unwrap();
        assert_eq!(list.len(), files.len() + 3);
        // Every chunk size gives the same sequence.
        for n in [1, 3, 100] {
            let got: Vec<PathBuf> = list.chunks(n).flatten().collect();
            assert_eq!(got, expected, "chunks of {n}");
        }
        assert_eq!(expected[2], dir.join("named.txt"));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// A name that is not UTF-8 is kept (and sorted) like any other.
    #[cfg(unix)]
    #[test]
    fn names_that_are_not_utf8_are_kept_in_order() {
        use std::os::unix::ffi::OsStrExt as _;
        let dir = std::env::temp_dir().join(format!("gongkai-files-odd-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let odd = OsStr::from_bytes(b"b\xff.txt");
        for name in [OsStr::new("c.txt"), odd, OsStr::new("a.txt")] {
            std::fs::write(dir.join(name), "x").unwrap();
        }
        let got: Vec<PathBuf> = collect(std::slice::from_ref(&dir), false)
            .unwrap()
            .chunks(10)
            .flatten()
            .collect();
        assert_eq!(got, [dir.join("a.txt"), dir.join(odd), dir.join("c.txt")]);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
