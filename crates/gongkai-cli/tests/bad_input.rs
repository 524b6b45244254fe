//! The bad-input catalogue of issue 6, as the user meets it: each input gets exit code 2, its
//! own stable error kind and a specific message, and the run goes on with the other files. No
//! input makes `gongkai` panic or hang (a panic would show on stderr and exit 101; a hang would
//! hang this test). The reader-level catalogue is `crates/gongkai-reader/tests/catalogue.rs`.

mod common;

use common::{gongkai, repo, scratch};

use std::path::Path;
use std::process::Command;

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// Runs `check --format json` on `path` (with `extra` options) and returns the file's error
/// kind and message, after checking the run failed cleanly with exit code 2.
fn failure(path: &Path, extra: &[&str]) -> (String, String) {
    let mut args = vec!["check", "--no-config", "--format", "json"];
    args.extend_from_slice(extra);
    args.push(s(path));
    let o = gongkai(&args);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(!stderr.contains("panicked"), "{}: {stderr}", path.display());
    assert_eq!(
        o.status.code(),
        Some(2),
        "{}: {}",
        path.display(),
        String::from_utf8_lossy(&o.stdout)
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON output");
    let e = &v["files"][0]["error"];
    (
        e["kind"].as_str().unwrap_or_default().to_owned(),
        e["message"].as_str().unwrap_or_default().to_owned(),
    )
}

#[test]
fn each_unreadable_input_has_its_own_kind_and_message() {
    let dir = scratch("catalogue");
    let hongze = std::fs::read_to_string(repo().join("tests/fixtures/hongze-district-2023.txt"))
        .expect("fixture");
    let cases: Vec<(&str, Vec<u8>, &str, &str)> = vec![
        ("empty.txt", vec![], "empty", "文件为空"),
        (
            "blank.txt",
            b" \n\t\r\n\xe3\x80\x80\n".to_vec(),
            "whitespace_only",
            "只有空白字符",
        ),
        (
            "binary.txt",
            b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x02\0>\0".to_vec(),
            "binary",
            "不是文本",
        ),
        (
            "garbage.txt",
            // A UTF-16 byte order mark, then unpaired surrogates only: nothing decodes.
            [0xff, 0xfe]
                .into_iter()
                .chain([0x00, 0xd8].into_iter().cycle().take(400))
                .collect(),
            "undecodable",
            "无法识别文件的字符编码",
        ),
        (
            "notice.txt",
            "关于召开工作会议的通知\n各科室：定于3月5日召开会议。\n"
                .as_bytes()
                .to_vec(),
            "not_a_report",
            "不是政府信息公开工作年度报告",
        ),
        (
            "deep.html",
            format!("<html><body>{}</body></html>", "<div>".repeat(100_000)).into_bytes(),
            "too_deep",
            "嵌套过深",
        ),
        (
            "ole.docx",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\0\0\0\0\0\0\0\0".to_vec(),
            "legacy_or_encrypted_office",
            "加密",
        ),
        (
            "broken.docx",
            b"PK\x03\x04garbage that is no zip".to_vec(),
            "docx_malformed",
            "DOCX 文件已损坏",
        ),
        (
            // A report flattened into one line of binary junk: NUL bytes make it binary.
            "nul.txt",
            format!("{}\0\0\0", hongze.replace('\n', " ")).into_bytes(),
            "binary",
            "不是文本",
        ),
    ];
    for (name, bytes, kind, message) in &cases {
        let path = dir.join(name);
        std::fs::write(&path, bytes).expect("write case");
        let (k, m) = failure(&path, &[]);
        assert_eq!((k.as_str(), name), (*kind, name));
        assert!(m.contains(message), "{name}: {m}");
    }
    // English on request, with the same kinds.
    let (k, m) = failure(&dir.join("empty.txt"), &["--lang", "en"]);
    assert_eq!((k.as_str(), m.as_str()), ("empty", "the file is empty"));
}

#[test]
fn a_100_mb_file_is_refused_by_the_size_limit_before_it_is_read() {
    let dir = scratch("big");
    let path = dir.join("big.txt");
    {
        use std::io::Write as _;
        let mut f = std::io::BufWriter::new(std::fs::File::create(&path).expect("create"));
        let line = "数".repeat(1 << 18);
        for _ in 0..=(100 * 1024 * 1024 / line.len()) {
            f.write_all(line.as_bytes()).expect("write");
        }
    }
    let size = std::fs::metadata(&path).expect("meta").len();
    let (k, m) = failure(&path, &[]);
    assert_eq!(k, "too_large");
    assert!(
        m.contains(&format!("{size} 字节")) && m.contains("上限 52428800 字节"),
        "{m}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_directory_without_reports_is_a_usage_error_and_one_with_reports_is_walked() {
    let dir = scratch("a-directory-whose-name-is-long-enough-to-wrap-any-terminal-line");
    let o = gongkai(&["check", "--no-config", s(&dir)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stdout).contains("未找到报告文件"));
    // The directory named as last year's report is refused with its own message.
    std::fs::write(dir.join("empty.txt"), "").expect("write");
    let o = gongkai(&[
        "check",
        "--no-config",
        "--previous",
        s(&dir),
        s(&dir.join("empty.txt")),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    // Into a pipe the message is not wrapped, however long the path: it can be searched for.
    let whole = format!(
        "无法读取上年度报告 {}：不是普通文件，而是目录",
        dir.display()
    );
    assert!(
        whole.chars().count() > 100,
        "the path is long enough to wrap"
    );
    assert!(err.contains(&whole), "{err}");
}

#[cfg(unix)]
#[test]
fn a_fifo_is_refused_without_blocking_on_it() {
    let dir = scratch("fifo");
    let fifo = dir.join("report.txt");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("mkfifo unavailable: FIFO case not run");
        return;
    }
    // Nobody ever writes to the FIFO: opening it would block for ever.
    let (k, m) = failure(&fifo, &[]);
    assert_eq!(k, "not_a_file");
    assert_eq!(m, "不是普通文件，而是命名管道（FIFO）");
    // Inside a directory it is not a report file at all: skipped, not waited on.
    std::fs::write(dir.join("empty.txt"), "").expect("write");
    let o = gongkai(&["check", "--no-config", "--format", "json", s(&dir)]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(v["summary"]["files"], 1);
    assert_eq!(v["files"][0]["error"]["kind"], "empty");
}

/// An unreadable file. `chmod 000` does not stop root (these tests may run as root in CI
/// containers), so the portable case is used when it bites, and on Linux `/proc/self/mem`, a
/// regular file that fails every read at offset 0 for any user, stands in for a file the disk
/// cannot read.
#[test]
fn an_unreadable_file_is_an_io_error_in_its_place() {
    let dir = scratch("unreadable");
    let path = dir.join("secret.txt");
    std::fs::write(&path, "政府信息公开工作年度报告").expect("write");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).expect("chmod");
        if std::fs::read(&path).is_err() {
            let (k, m) = failure(&path, &[]);
            assert_eq!(k, "io");
            assert!(m.starts_with("无法读取文件："), "{m}");
        } else {
            eprintln!("running as root: chmod 000 does not make a file unreadable");
        }
    }
    #[cfg(target_os = "linux")]
    {
        let (k, m) = failure(Path::new("/proc/self/mem"), &[]);
        assert_eq!(k, "io");
        assert!(m.starts_with("无法读取文件："), "{m}");
    }
    // A path that does not exist.
    let (k, m) = failure(&dir.join("missing.txt"), &[]);
    assert_eq!(k, "io");
    assert!(m.starts_with("无法读取文件："), "{m}");
}

#[test]
fn a_docx_zip_bomb_and_a_docx_of_thousands_of_entries_are_refused() {
    use std::io::Write as _;
    let dir = scratch("docx");
    let write_zip = |path: &Path, entries: &mut dyn FnMut(&mut zip::ZipWriter<std::fs::File>)| {
        let mut w = zip::ZipWriter::new(std::fs::File::create(path).expect("create"));
        entries(&mut w);
        w.finish().expect("zip");
    };
    let o = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    let bomb = dir.join("bomb.docx");
    write_zip(&bomb, &mut |w| {
        w.start_file("word/document.xml", o).expect("entry");
        let chunk = vec![b' '; 1 << 20];
        for _ in 0..100 {
            w.write_all(&chunk).expect("write");
        }
    });
    let (k, m) = failure(&bomb, &[]);
    assert_eq!(k, "docx_too_large");
    assert!(m.contains("解压后过大"), "{m}");
    let many = dir.join("many.docx");
    write_zip(&many, &mut |w| {
        w.start_file("word/document.xml", o).expect("entry");
        for i in 0..3000 {
            w.start_file(format!("word/media/{i}.png"), o)
                .expect("entry");
        }
    });
    let (k, m) = failure(&many, &[]);
    assert_eq!(k, "docx_too_many_entries");
    assert!(m.contains("3001 个条目"), "{m}");
}

#[test]
fn a_file_of_ten_million_short_lines_is_too_complex_not_an_abort() {
    // 20 MB of one-character lines: within the size limit, far past what any report has.
    let dir = scratch("lines");
    let path = dir.join("lines.txt");
    let hongze = std::fs::read_to_string(repo().join("tests/fixtures/hongze-district-2023.txt"))
        .expect("fixture");
    std::fs::write(&path, hongze + &"a\n".repeat(10_000_000)).expect("write");
    let (k, m) = failure(&path, &[]);
    assert_eq!(k, "too_complex");
    assert!(
        m.starts_with("文件过于复杂：行和单元格超过上限 500000 个"),
        "{m}"
    );
    let (k, m) = failure(&path, &["--lang", "en"]);
    assert_eq!(k, "too_complex");
    assert!(
        m.starts_with("the file is too complex: more than 500000 lines and table cells"),
        "{m}"
    );
    // The budget is the configuration's `max-items`.
    let small = dir.join("small.txt");
    std::fs::write(
        &small,
        std::fs::read(repo().join("tests/fixtures/hongze-district-2023.txt")).expect("fixture"),
    )
    .expect("write");
    let config = dir.join("gongkai.toml");
    std::fs::write(&config, "[limits]\nmax-items = 50\n").expect("write");
    let o = gongkai(&[
        "check",
        "--config",
        s(&config),
        "--format",
        "json",
        s(&small),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON output");
    assert_eq!(v["files"][0]["error"]["kind"], "too_complex");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn more_rules_than_the_limit_are_refused_at_load() {
    let dir = scratch("many-rules");
    let rules = dir.join("rules");
    std::fs::create_dir_all(&rules).expect("mkdir");
    for i in 0..1_000 {
        std::fs::write(
            rules.join(format!("custom-rule-{i:04}.yaml")),
            format!(
                "id: custom-rule-{i:04}\ntitle: t\nseverity: warning\ndescription:\n  what: w\n  \
                 why: w\n  fix: f\nmessage:\n  zh: m\n  en: m\nassert: applications.total.total >= 0\n"
            ),
        )
        .expect("write rule");
    }
    let report = repo().join("tests/fixtures/hongze-district-2023.txt");
    let o = gongkai(&["check", "--no-config", "--rules", s(&rules), s(&report)]);
    assert_eq!(o.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("too many rules") && stderr.contains("规则过多"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    let _ = std::fs::remove_dir_all(&dir);
}
