//! No silent loss and no run taken down by one input (issue 12): write errors, walk errors and
//! symbolic links, capped `--jobs`, configuration boundaries, labels past column 65,535, and the
//! time limit at every stage. Each case asserts its error kind or message, the exit code, and
//! finishes in bounded time (a hang would hang the test; a panic shows on stderr).

mod common;

use common::{gongkai, gongkai_in, repo, scratch};

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(repo().join("tests/fixtures").join(name)).expect("fixture")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn no_panic(o: &Output) {
    let err = stderr(o);
    assert!(!err.contains("panicked"), "{err}");
    assert_ne!(o.status.code(), Some(101), "{err}");
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("JSON ({e}): {}", String::from_utf8_lossy(&o.stdout)))
}

/// The JSON entry of the file whose path ends with `name`.
fn entry<'a>(v: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    v["files"]
        .as_array()
        .and_then(|f| {
            f.iter()
                .find(|f| f["path"].as_str().is_some_and(|p| p.ends_with(name)))
        })
        .unwrap_or_else(|| panic!("no entry for {name}: {v}"))
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_is_an_error_not_a_silent_success() {
    for format in ["json", "human", "sarif"] {
        let full = std::fs::File::create("/dev/full").expect("/dev/full");
        let o = Command::new(env!("CARGO_BIN_EXE_gongkai"))
            .args([
                "check",
                "--no-config",
                "--format",
                format,
                "tests/fixtures/hongze-district-2023.txt",
            ])
            .current_dir(repo())
            .stdout(Stdio::from(full))
            .output()
            .expect("runs");
        no_panic(&o);
        assert_eq!(o.status.code(), Some(2), "{format}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("无法写出结果：磁盘已满"),
            "{format}: {}",
            stderr(&o)
        );
    }
}

/// A write error is said in the run's language, the system's words too (the standard library's
/// are English only: "No space left on device (os error 28)").
#[test]
fn a_write_error_is_in_the_runs_language() {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full");
    let o = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args([
            "check",
            "--no-config",
            "--lang",
            "en",
            "tests/fixtures/hongze-district-2023.txt",
        ])
        .current_dir(repo())
        .stdout(Stdio::from(full))
        .output()
        .expect("runs");
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("cannot write the output: no space left on the device"),
        "{}",
        stderr(&o)
    );
    assert!(!stderr(&o).contains("无法"), "{}", stderr(&o));
    let o = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args([
            "check",
            "--no-config",
            "-o",
            "/nonexistent-dir/out.txt",
            "tests/fixtures/hongze-district-2023.txt",
        ])
        .current_dir(repo())
        .output()
        .expect("runs");
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("无法写入输出文件 /nonexistent-dir/out.txt：文件或目录不存在"),
        "{}",
        stderr(&o)
    );
    assert!(!stderr(&o).contains("os error"), "{}", stderr(&o));
}

/// A reader that goes away (`| head`) is no error: the run keeps its exit code (1: findings).
#[test]
fn a_closed_pipe_is_not_an_error() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args([
            "check",
            "--no-config",
            "--format",
            "json",
            "tests/fixtures/hongze-district-2023.txt",
            "tests/fixtures/huaian-city-2024.txt",
        ])
        .current_dir(repo())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    drop(child.stdout.take());
    let o = child.wait_with_output().expect("waits");
    no_panic(&o);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(!stderr(&o).contains("无法写出结果"), "{}", stderr(&o));
}

#[test]
fn too_many_jobs_are_lowered_with_a_note_also_from_a_discovered_configuration() {
    let o = gongkai(&[
        "check",
        "--no-config",
        "--jobs",
        "20000",
        "--format",
        "json",
        "tests/fixtures/huaian-city-2024.txt",
    ]);
    no_panic(&o);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("20000 jobs lowered to"),
        "{}",
        stderr(&o)
    );

    let dir = scratch("jobs");
    std::fs::write(dir.join("gongkai.toml"), "jobs = 20000\n").expect("config");
    std::fs::create_dir_all(dir.join("reports/2024")).expect("dir");
    let report = dir.join("reports/2024/huaian.txt");
    std::fs::write(&report, fixture("huaian-city-2024.txt")).expect("report");
    let started = Instant::now();
    let o = gongkai_in(
        &dir.join("reports/2024"),
        &["check", "--format", "json", "huaian.txt"],
    );
    assert!(started.elapsed() < Duration::from_mins(1));
    no_panic(&o);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("已降为"), "{}", stderr(&o));
    std::fs::remove_dir_all(&dir).ok();
}

#[cfg(unix)]
#[test]
fn links_in_a_folder_are_not_followed_unless_asked_and_broken_ones_are_reported() {
    use std::os::unix::fs::symlink;
    let dir = scratch("links");
    let reports = dir.join("reports");
    std::fs::create_dir_all(&reports).expect("dir");
    std::fs::write(reports.join("a.txt"), fixture("huaian-city-2024.txt")).expect("write");
    let outside = dir.join("outside.txt");
    std::fs::write(&outside, fixture("hongze-district-2023.txt")).expect("write");
    symlink(&outside, reports.join("link.txt")).expect("link");
    symlink(dir.join("gone.txt"), reports.join("dangling.txt")).expect("link");

    let o = gongkai(&["check", "--no-config", "--format", "json", s(&reports)]);
    no_panic(&o);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let v = json(&o);
    let paths: Vec<&str> = v["files"]
        .as_array()
        .expect("files")
        .iter()
        .filter_map(|f| f["path"].as_str())
        .collect();
    assert_eq!(
        paths.len(),
        2,
        "the working link is not followed: {paths:?}"
    );
    let dangling = entry(&v, "dangling.txt");
    assert_eq!(dangling["error"]["kind"], "io");
    assert!(
        dangling["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("符号链接指向的文件不存在")),
        "{dangling}"
    );

    // With --follow the link is read; a link back up the tree is a loop, reported in its place.
    symlink(&reports, reports.join("up")).expect("link");
    let o = gongkai(&[
        "check",
        "--no-config",
        "--follow",
        "--lang",
        "en",
        "--format",
        "json",
        s(&reports),
    ]);
    no_panic(&o);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let v = json(&o);
    assert!(entry(&v, "link.txt")["error"].is_null());
    assert_eq!(entry(&v, "dangling.txt")["error"]["kind"], "io");
    let up = entry(&v, "up");
    assert!(
        up["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("loops back")),
        "{up}"
    );

    // Every format reports the broken link.
    for format in ["human", "sarif", "github"] {
        let o = gongkai(&["check", "--no-config", "--format", format, s(&reports)]);
        assert_eq!(o.status.code(), Some(2), "{format}");
        assert!(
            String::from_utf8_lossy(&o.stdout).contains("dangling.txt"),
            "{format}"
        );
    }
    std::fs::remove_dir_all(&dir).ok();
}

/// An unreadable subdirectory is reported in its place. Root reads any directory, so the check
/// runs only where the mode really keeps the test out (see `bad_input.rs` for files).
#[cfg(unix)]
#[test]
fn an_unreadable_subdirectory_is_reported() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = scratch("unreadable-dir");
    std::fs::create_dir_all(dir.join("locked")).expect("dir");
    std::fs::write(dir.join("locked/x.txt"), "x").expect("write");
    std::fs::write(dir.join("a.txt"), fixture("huaian-city-2024.txt")).expect("write");
    std::fs::set_permissions(dir.join("locked"), std::fs::Permissions::from_mode(0o000))
        .expect("chmod");
    if std::fs::read_dir(dir.join("locked")).is_ok() {
        // Root: nothing to test here; the walk error path is covered by the link loop.
        std::fs::set_permissions(dir.join("locked"), std::fs::Permissions::from_mode(0o755)).ok();
        std::fs::remove_dir_all(&dir).ok();
        return;
    }
    let o = gongkai(&["check", "--no-config", "--format", "json", s(&dir)]);
    std::fs::set_permissions(dir.join("locked"), std::fs::Permissions::from_mode(0o755)).ok();
    no_panic(&o);
    assert_eq!(o.status.code(), Some(2));
    let v = json(&o);
    assert_eq!(entry(&v, "locked")["error"]["kind"], "io");
    std::fs::remove_dir_all(&dir).ok();
}

#[cfg(unix)]
#[test]
fn a_rule_test_fixture_that_is_a_link_is_not_read() {
    let dir = scratch("fixture-link");
    let rules = dir.join("rules");
    std::fs::create_dir_all(&rules).expect("dir");
    std::fs::write(
        rules.join("custom-total.yaml"),
        "id: custom-total\ntitle: 测试\nseverity: error\ndescription:\n  what: 测试\n  why: 测试\n  fix: 测试\n\
         message:\n  zh: 不符\n  en: mismatch\nfor_each: column\nassert: applications.total.{col} >= 0\n",
    )
    .expect("rule");
    std::fs::write(
        rules.join("custom-total.test.yaml"),
        "cases:\n  - name: linked\n    fixture: secret.txt\n    expect: pass\n",
    )
    .expect("test");
    let secret = dir.join("secret-outside.txt");
    std::fs::write(&secret, "TOP-SECRET-CONTENT 政府信息公开").expect("secret");
    std::os::unix::fs::symlink(&secret, rules.join("secret.txt")).expect("link");
    let o = gongkai_in(&dir, &["rules", "test", "rules"]);
    no_panic(&o);
    let out = String::from_utf8_lossy(&o.stdout);
    assert_ne!(o.status.code(), Some(0), "{out}{}", stderr(&o));
    assert!(out.contains("symbolic link"), "{out}{}", stderr(&o));
    assert!(!out.contains("TOP-SECRET"), "{out}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_discovered_configuration_names_rules_only_inside_its_folder() {
    let dir = scratch("config-boundary");
    std::fs::create_dir_all(dir.join("elsewhere")).expect("dir");
    std::fs::create_dir_all(dir.join("team/reports")).expect("dir");
    std::fs::write(
        dir.join("team/gongkai.toml"),
        "rules = [\"../elsewhere\"]\n",
    )
    .expect("config");
    let report = dir.join("team/reports/h.txt");
    std::fs::write(&report, fixture("huaian-city-2024.txt")).expect("report");
    let o = gongkai_in(&dir.join("team/reports"), &["check", "h.txt"]);
    no_panic(&o);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("不在该文件所在的目录之内"),
        "{}",
        stderr(&o)
    );
    // Named on the command line, the same file may point anywhere.
    let o = gongkai_in(
        &dir.join("team/reports"),
        &[
            "check",
            "--config",
            "../gongkai.toml",
            "--format",
            "json",
            "h.txt",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_yaml_file_that_is_no_rule_file_is_refused_without_showing_it() {
    let dir = scratch("not-a-rule");
    std::fs::create_dir_all(dir.join("rules")).expect("dir");
    std::fs::write(
        dir.join("rules/deploy.yaml"),
        "database:\n  user: admin\n  password: hunter2-SECRET\n",
    )
    .expect("write");
    let o = gongkai(&[
        "check",
        "--no-config",
        "--rules",
        s(&dir.join("rules")),
        "tests/fixtures/huaian-city-2024.txt",
    ]);
    no_panic(&o);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("not a rule file"), "{err}");
    assert!(err.contains("deploy.yaml"), "{err}");
    assert!(!err.contains("hunter2") && !err.contains("admin"), "{err}");
    std::fs::remove_dir_all(&dir).ok();
}

/// Every line of the output is short: the snippets are windowed.
fn assert_short_lines(text: &str) {
    let longest = text.lines().map(|l| l.chars().count()).max().unwrap_or(0);
    assert!(longest < 1000, "a line of {longest} characters");
}

/// A finding on column ~66,000 of a 200 KB line: miette's width is a u16, so drawing the line
/// whole panicked (exit 101). The snippet is now a window around the label.
#[test]
fn a_label_past_column_65535_is_drawn_in_a_window() {
    let dir = scratch("long-line");
    // The report on one line: its sentences are separated by spaces (a PDF converter's
    // output), then a narrative number that contradicts the table, far to the right.
    // A report whose table row starts after 66,000 spaces (a converter's layout): the label
    // variant finding on it is at column 66,001.
    let text = fixture("hongze-district-2023.txt").replace(
        "2.其他法律行政止公开",
        &(" ".repeat(66_000) + "2.其他法律行政止公开"),
    );
    let path = dir.join("far-right.txt");
    std::fs::write(&path, &text).expect("write");
    let o = gongkai(&["check", "--no-config", s(&path)]);
    no_panic(&o);
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(out.contains("far-right.txt:90:66001]"), "{out}");
    assert!(out.contains("… "), "{out}");
    assert_short_lines(&out);

    // A minified JSON report with a misspelt field at column > 65,535.
    let report = serde_json::json!({
        "metadata": {"year": 2023, "title": "某区政府信息公开工作年度报告", "padding": "x".repeat(70_000)},
        "applicatoins": {}
    });
    let json_path = dir.join("minified.json");
    std::fs::write(&json_path, report.to_string()).expect("write");
    let o = gongkai(&["check", "--no-config", s(&json_path)]);
    no_panic(&o);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_short_lines(&String::from_utf8_lossy(&o.stdout));

    // A rule file and a gongkai.toml with an error at the end of a long line.
    std::fs::create_dir_all(dir.join("rules")).expect("dir");
    std::fs::write(
        dir.join("rules/long-rule.yaml"),
        format!(
            "id: long-rule\ntitle: \"{}\"\nunknown_key: 1\n",
            "长".repeat(70_000)
        )
        .replace("\"\nunknown_key", "\"   unknown_key"),
    )
    .expect("write");
    let o = gongkai(&[
        "check",
        "--no-config",
        "--rules",
        s(&dir.join("rules")),
        "tests/fixtures/huaian-city-2024.txt",
    ]);
    no_panic(&o);
    assert_eq!(o.status.code(), Some(2));
    assert_short_lines(&stderr(&o));

    std::fs::write(
        dir.join("gongkai.toml"),
        format!("select = [\"{}\"]  ; oops\n", "x".repeat(70_000)),
    )
    .expect("write");
    let o = gongkai_in(&dir, &["check", "far-right.txt"]);
    no_panic(&o);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("配置文件有误"),
        "{}",
        &stderr(&o)[..500.min(stderr(&o).len())]
    );
    assert_short_lines(&stderr(&o));
    std::fs::remove_dir_all(&dir).ok();
}

/// Runs the binary with a debug-build test hook that sleeps at a stage.
fn with_sleep(args: &[&str], sleep: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(args)
        .current_dir(repo())
        .env("GONGKAI_TEST_SLEEP", sleep)
        .output()
        .expect("runs")
}

/// The time limit covers the rules and the rendering too, and names the stage: a file that
/// spends its time before the rules (the hook sleeps 1.5 s) is stopped there with kind
/// `timeout`, and the other files are checked as usual.
#[test]
fn the_time_limit_covers_rules_and_rendering_and_names_the_stage() {
    for (stage, zh, format) in [
        ("check", "规则检查", "json"),
        ("render", "输出结果", "json"),
        ("render", "输出结果", "human"),
    ] {
        let started = Instant::now();
        let o = with_sleep(
            &[
                "check",
                "--no-config",
                "--timeout",
                "1",
                "--format",
                format,
                "tests/fixtures/hongze-district-2023.txt",
                "tests/fixtures/huaian-city-2024.txt",
            ],
            &format!("{stage}:hongze"),
        );
        assert!(started.elapsed() < Duration::from_mins(1));
        no_panic(&o);
        assert_eq!(o.status.code(), Some(2), "{stage}: {}", stderr(&o));
        let out = String::from_utf8_lossy(&o.stdout).into_owned();
        assert!(
            out.contains(&format!("处理超时：{zh}超过每个文件 1 秒的时间上限")),
            "{stage}: {out}"
        );
        if format == "json" {
            let v = json(&o);
            assert_eq!(
                entry(&v, "hongze-district-2023.txt")["error"]["kind"],
                "timeout"
            );
            assert!(entry(&v, "huaian-city-2024.txt")["error"].is_null());
        }
    }
}
