//! The batch of issue 12's done-when: ~1,000 good reports with one input of each hostile class
//! mixed in. The run finishes, reports every good file exactly as when it is checked alone,
//! gives each hostile file its own error (or, for inputs that are reports, its findings without
//! taking the run down), and exits 2.
//!
//! **The hostile classes are a table ([`hostile_classes`]): add yours there** — a file name, how
//! to make the file in the batch directory, and what its JSON entry must show. Classes that need
//! a test hook or a run-level option (the injected panic, the sleep past the time limit,
//! `--jobs 20000`) are set on the batch run in [`run_batch`].

mod common;

use common::{repo, scratch};

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

/// Good reports in the batch.
const GOOD: usize = 1000;

/// The per-file time limit of the batch run, and how long the "slow" hostile file sleeps past
/// it (the debug-build hook `GONGKAI_TEST_SLEEP`).
const TIMEOUT_SECS: u64 = 8;
const SLEEP_MS: u64 = 9000;

/// What a hostile file's entry must show.
enum Expect {
    /// An error of this kind, its message containing the text.
    Error(&'static str, &'static str),
    /// Read and checked (findings allowed), without an error: a report the run must survive.
    Checked,
    /// Read and checked, with at least one finding of this rule (damage and hidden text are
    /// findings at their place).
    Finding(&'static str),
}

/// One hostile class: the file's name in the batch directory, a maker that creates it there
/// (false: the class cannot be made here, e.g. an unreadable folder when running as root), and
/// its expected entry.
struct Hostile {
    name: &'static str,
    make: fn(&Path, &str) -> bool,
    expect: Expect,
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(repo().join("tests/fixtures").join(name)).expect("fixture")
}

/// The hostile classes. Each helper of issue 12 adds its own here.
fn hostile_classes() -> Vec<Hostile> {
    vec![
        // A panic inside the check (injected with GONGKAI_TEST_PANIC, see run_batch).
        Hostile {
            name: "hostile-panic.txt",
            make: |dir, name| write(dir, name, fixture("huaian-city-2024.txt")),
            expect: Expect::Error("internal", "gongkai 内部错误，请报告"),
        },
        // Past the time limit after reading (GONGKAI_TEST_SLEEP in the rules stage).
        Hostile {
            name: "hostile-slow.txt",
            make: |dir, name| write(dir, name, fixture("huaian-city-2024.txt")),
            expect: Expect::Error("timeout", "处理超时：规则检查"),
        },
        // A finding at column ~66,000 of one long line (panicked in human output).
        Hostile {
            name: "hostile-long-line.txt",
            make: |dir, name| {
                let text = fixture("hongze-district-2023.txt").replace(
                    "2.其他法律行政止公开",
                    &(" ".repeat(66_000) + "2.其他法律行政止公开"),
                );
                write(dir, name, text)
            },
            expect: Expect::Checked,
        },
        // A symbolic link to nothing (disappeared from the run).
        Hostile {
            name: "hostile-dangling.txt",
            make: |dir, name| link(&dir.join("no-such-report.txt"), &dir.join(name)),
            expect: Expect::Error("io", "符号链接指向的文件不存在"),
        },
        // A folder that cannot be read (disappeared from the run); not as root.
        Hostile {
            name: "hostile-locked",
            make: |dir, name| locked_dir(&dir.join(name)),
            expect: Expect::Error("io", "无法读取目录或文件"),
        },
        // From issue 6's catalogue, as a reminder that the old classes stay in the mix.
        Hostile {
            name: "hostile-empty.txt",
            make: |dir, name| write(dir, name, String::new()),
            expect: Expect::Error("empty", "文件为空"),
        },
        Hostile {
            name: "hostile-deep.html",
            make: |dir, name| {
                write(
                    dir,
                    name,
                    format!("<html><body>{}</body></html>", "<div>".repeat(100_000)),
                )
            },
            expect: Expect::Error("too_deep", ""),
        },
        // What a reader of the document cannot see is not read (issue 12).
        Hostile {
            name: "hostile-hidden-style.html",
            make: |dir, name| {
                let page = fixture("huaian-city-2024.html").replacen(
                    ">3001<",
                    ">3001<span style=\"visibility:hidden\">19</span><",
                    1,
                );
                write(dir, name, page)
            },
            expect: Expect::Finding("structure-hidden-text"),
        },
        Hostile {
            name: "hostile-hidden-class.html",
            make: |dir, name| {
                let page = fixture("huaian-city-2024.html")
                    .replacen(">3001<", ">3001<span class=\"x\">19</span><", 1)
                    .replacen("</head>", "<style>.x { display: none }</style></head>", 1);
                write(dir, name, page)
            },
            expect: Expect::Finding("structure-hidden-text"),
        },
        Hostile {
            name: "hostile-vanish.docx",
            make: |dir, name| {
                let docx = rewrite_zip(&template_docx(), |entry, data| {
                    if entry != "word/document.xml" {
                        return data;
                    }
                    String::from_utf8(data)
                        .expect("xml")
                        .replacen(
                            "</w:r>",
                            "</w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t>19</w:t></w:r>",
                            1,
                        )
                        .into_bytes()
                });
                write_bytes(dir, name, &docx)
            },
            expect: Expect::Finding("structure-hidden-text"),
        },
        Hostile {
            name: "hostile-duplicate-entry.docx",
            make: |dir, name| write_bytes(dir, name, &duplicate_document(&template_docx())),
            expect: Expect::Error("docx_duplicate_entry", "出现了 2 次"),
        },
        Hostile {
            name: "hostile-polyglot.pdf",
            make: |dir, name| {
                let mut bytes =
                    std::fs::read(repo().join("tests/fixtures/hongze-district-2023.pdf"))
                        .expect("fixture");
                bytes.extend(template_docx());
                write_bytes(dir, name, &bytes)
            },
            expect: Expect::Error("pdf_and_zip", "既是 PDF 又是 ZIP"),
        },
        Hostile {
            name: "hostile-quotes-pdf.txt",
            make: |dir, name| {
                write(
                    dir,
                    name,
                    format!(
                        "文件头写着 %PDF-1.7 的说明\n{}",
                        fixture("hongze-district-2023.txt")
                    ),
                )
            },
            expect: Expect::Checked,
        },
        // Damage to the tables: findings at their place.
        Hostile {
            name: "hostile-eighth-value.txt",
            make: |dir, name| {
                let text = fixture("hongze-district-2023.txt").replace(
                    "（一）予以公开 0 0 0 0 0 0 0",
                    "（一）予以公开 0 0 0 0 0 0 0 8",
                );
                write(dir, name, text)
            },
            expect: Expect::Finding("structure-row-extra-values"),
        },
        Hostile {
            name: "hostile-sixteenth-value.txt",
            make: |dir, name| {
                let text = fixture("hongze-district-2023.txt").replace(
                    "10 1 0 0 0 0 0 0 0 0 5 0 0 0 0",
                    "10 1 0 0 0 0 0 0 0 0 5 0 0 0 0 9",
                );
                write(dir, name, text)
            },
            expect: Expect::Finding("structure-row-extra-values"),
        },
        Hostile {
            name: "hostile-pasted-twice.txt",
            make: |dir, name| {
                let report = fixture("hongze-district-2023.txt");
                let changed =
                    report.replace("（七）总计 21 0 0 0 0 0 21", "（七）总计 22 0 0 0 0 0 22");
                write(dir, name, format!("{report}\n{changed}"))
            },
            expect: Expect::Finding("structure-table-conflict"),
        },
        Hostile {
            name: "hostile-not-filled.txt",
            make: |dir, name| write(dir, name, fixture("partial-gaoling-2021.txt")),
            expect: Expect::Finding("structure-table-not-filled"),
        },
        // Budgets on derived work: lines, and characters (a report and 9 M letters).
        Hostile {
            name: "hostile-many-lines.txt",
            make: |dir, name| {
                write(
                    dir,
                    name,
                    fixture("hongze-district-2023.txt") + &"a\n".repeat(600_000),
                )
            },
            expect: Expect::Error("too_complex", "行和单元格"),
        },
        Hostile {
            name: "hostile-many-characters.txt",
            make: |dir, name| {
                let text = fixture("hongze-district-2023.txt") + "\n" + &"a".repeat(9_000_000);
                write(dir, name, text)
            },
            expect: Expect::Error("too_complex", "文字（字符）"),
        },
    ]
}

fn write_bytes(dir: &Path, name: &str, bytes: &[u8]) -> bool {
    std::fs::write(dir.join(name), bytes).expect("write");
    true
}

fn template_docx() -> Vec<u8> {
    std::fs::read(repo().join("tests/fixtures/official-template-2021.docx")).expect("fixture")
}

/// Every entry of a ZIP archive rewritten with `edit`.
fn rewrite_zip(bytes: &[u8], edit: impl Fn(&str, Vec<u8>) -> Vec<u8>) -> Vec<u8> {
    use std::io::{Read as _, Write as _};
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut out = std::io::Cursor::new(Vec::new());
    let mut writer = zip::ZipWriter::new(&mut out);
    let o = zip::write::SimpleFileOptions::default();
    for i in 0..archive.len() {
        let mut f = archive.by_index(i).expect("entry");
        let name = f.name().expect("utf-8 name").into_owned();
        let mut data = Vec::new();
        f.read_to_end(&mut data).expect("read");
        writer.start_file(&name, o).expect("start");
        writer.write_all(&edit(&name, data)).expect("write");
    }
    writer.finish().expect("finish");
    out.into_inner()
}

/// The archive with a second `word/document.xml`: written under a name of the same length and
/// renamed in place (ZIP writers refuse duplicate names).
fn duplicate_document(docx: &[u8]) -> Vec<u8> {
    use std::io::{Read as _, Write as _};
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(docx)).expect("zip");
    let mut document = Vec::new();
    archive
        .by_name("word/document.xml")
        .expect("document")
        .read_to_end(&mut document)
        .expect("read");
    let mut bytes = rewrite_zip(docx, |_, d| d);
    {
        let mut archive =
            zip::ZipWriter::new_append(std::io::Cursor::new(&mut bytes)).expect("zip");
        archive
            .start_file(
                "word/documenX.xml",
                zip::write::SimpleFileOptions::default(),
            )
            .expect("start");
        archive.write_all(&document).expect("write");
        archive.finish().expect("finish");
    }
    let from = b"word/documenX.xml";
    let mut i = 0;
    while let Some(p) = bytes[i..].windows(from.len()).position(|w| w == from) {
        bytes[i + p..i + p + from.len()].copy_from_slice(b"word/document.xml");
        i += p + from.len();
    }
    bytes
}

fn write(dir: &Path, name: &str, text: String) -> bool {
    std::fs::write(dir.join(name), text).expect("write");
    true
}

#[cfg(unix)]
fn link(target: &Path, at: &Path) -> bool {
    std::os::unix::fs::symlink(target, at).expect("link");
    true
}

#[cfg(not(unix))]
fn link(_: &Path, _: &Path) -> bool {
    false
}

#[cfg(unix)]
fn locked_dir(dir: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::create_dir_all(dir).expect("dir");
    std::fs::write(dir.join("inside.txt"), "x").expect("write");
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    if std::fs::read_dir(dir).is_ok() {
        // Root reads it anyway: the class cannot be made here.
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        std::fs::remove_dir_all(dir).expect("remove");
        return false;
    }
    true
}

#[cfg(not(unix))]
fn locked_dir(_: &Path) -> bool {
    false
}

/// The fixtures the good reports are made from, and a variant of each (an extra trailing line
/// end or two, so that the batch is not 1,000 identical files).
const GOOD_FIXTURES: &[&str] = &[
    "hongze-district-2023.txt",
    "huaian-city-2024.txt",
    "huaian-city-2024.html",
    "shuyang-county-2025.md",
    "shanghai-govoffice-2019.tsv.txt",
    "xigong-emergency-2023.txt",
    "partial-gaoling-2021.txt",
    "partial-stats-bureau-2023.txt",
    "partial-town-2023.txt",
];

fn variant(text: &str, i: usize) -> String {
    format!("{text}{}", "\n".repeat(i % 3))
}

fn gongkai(args: &[&str], envs: &[(&str, String)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_gongkai"));
    command
        .args(args)
        .current_dir(repo())
        .env_remove("GONGKAI_TEST_PANIC")
        .env_remove("GONGKAI_TEST_SLEEP");
    for (k, v) in envs {
        command.env(k, v);
    }
    command.output().expect("gongkai runs")
}

fn run_batch(dir: &Path, format: &str) -> Output {
    gongkai(
        &[
            "check",
            "--no-config",
            "--format",
            format,
            "--timeout",
            &TIMEOUT_SECS.to_string(),
            // Lowered to 4 per core, with a note (a discovered `jobs = 20000` hung the run).
            "--jobs",
            "20000",
            dir.to_str().expect("utf-8"),
        ],
        &[
            ("GONGKAI_TEST_PANIC", "check:hostile-panic".to_owned()),
            (
                "GONGKAI_TEST_SLEEP",
                format!("check:hostile-slow:{SLEEP_MS}"),
            ),
        ],
    )
}

/// A file's JSON entry with its path (and every mention of it) replaced, for comparing a file
/// with its copy checked alone. The scratch paths are plain ASCII, written as they are in JSON.
fn without_path(entry: &serde_json::Value) -> serde_json::Value {
    let path = entry["path"].as_str().unwrap_or_default();
    serde_json::from_str(&entry.to_string().replace(path, "FILE")).expect("json")
}

#[test]
fn a_thousand_reports_with_hostile_inputs_mixed_in() {
    let dir = scratch("batch");
    let alone_dir = scratch("batch-alone");
    // Good files, each a variant of a fixture; the same variants alone, to compare with.
    let mut variants: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for i in 0..GOOD {
        let k = i % GOOD_FIXTURES.len();
        let name = format!("good-{i:04}-{}", GOOD_FIXTURES[k]);
        let text = variant(&fixture(GOOD_FIXTURES[k]), i);
        std::fs::write(dir.join(&name), &text).expect("write");
        variants.insert(name, (k, i % 3));
    }
    let mut alone: BTreeMap<(usize, usize), serde_json::Value> = BTreeMap::new();
    for (k, f) in GOOD_FIXTURES.iter().enumerate() {
        for v in 0..3 {
            let path = alone_dir.join(format!("alone-{v}-{f}"));
            std::fs::write(&path, variant(&fixture(f), v)).expect("write");
            let o = gongkai(
                &[
                    "check",
                    "--no-config",
                    "--format",
                    "json",
                    path.to_str().expect("utf-8"),
                ],
                &[],
            );
            let out: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
            alone.insert((k, v), without_path(&out["files"][0]));
        }
    }
    let classes = hostile_classes();
    let made: Vec<&Hostile> = classes.iter().filter(|h| (h.make)(&dir, h.name)).collect();

    let started = Instant::now();
    let o = run_batch(&dir, "json");
    let elapsed = started.elapsed();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let _ = std::fs::set_permissions(
            dir.join("hostile-locked"),
            std::fs::Permissions::from_mode(0o755),
        );
    }
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("jobs lowered to"), "{stderr}");
    // Generous: a debug build on a shared machine; the slow file alone sleeps 9 s.
    assert!(elapsed < Duration::from_mins(15), "{elapsed:?}");
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("complete JSON output");
    let files = v["files"].as_array().expect("files");
    assert_eq!(files.len(), GOOD + made.len());
    let by_name: BTreeMap<String, &serde_json::Value> = files
        .iter()
        .map(|f| {
            let path = f["path"].as_str().expect("path");
            let name = Path::new(path)
                .file_name()
                .and_then(|n| n.to_str())
                .expect("name");
            (name.to_owned(), f)
        })
        .collect();
    for (name, key) in &variants {
        let entry = by_name
            .get(name)
            .unwrap_or_else(|| panic!("{name} missing"));
        assert_eq!(
            &without_path(entry),
            &alone[key],
            "{name} differs from the same file checked alone"
        );
    }
    for h in &made {
        let entry = by_name
            .get(h.name)
            .unwrap_or_else(|| panic!("{} missing from the run", h.name));
        match h.expect {
            Expect::Error(kind, message) => {
                assert_eq!(entry["error"]["kind"], kind, "{}: {entry}", h.name);
                assert!(
                    entry["error"]["message"]
                        .as_str()
                        .is_some_and(|m| m.contains(message)),
                    "{}: {entry}",
                    h.name
                );
            }
            Expect::Checked => assert!(entry["error"].is_null(), "{}: {entry}", h.name),
            Expect::Finding(rule) => {
                assert!(entry["error"].is_null(), "{}: {entry}", h.name);
                assert!(
                    entry["diagnostics"]
                        .as_array()
                        .is_some_and(|d| d.iter().any(|f| f["rule"] == rule)),
                    "{}: no {rule} in {entry}",
                    h.name
                );
            }
        }
    }
    assert_eq!(
        v["summary"]["failed"].as_u64(),
        Some(
            made.iter()
                .filter(|h| matches!(h.expect, Expect::Error(..)))
                .count() as u64
        )
    );

    // The human output of the same batch: no panic (a label past column 65,535 panicked
    // there), every hostile file named.
    let o = run_batch(&dir, "human");
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    let out = String::from_utf8_lossy(&o.stdout);
    for h in &made {
        assert!(out.contains(h.name), "{} not in the human output", h.name);
    }
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(&alone_dir);
}
