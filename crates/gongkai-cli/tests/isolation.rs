//! One file never takes down a run (issue 12): a panic while reading, checking or rendering one
//! file becomes that file's error (kind `internal`), every other file is reported exactly as
//! when checked alone, and the run exits 2. The panic is injected with the debug-build test hook
//! `GONGKAI_TEST_PANIC=<stage>:<part of the file name>` (`crates/gongkai-cli/src/isolate.rs`).

mod common;

use common::{repo, scratch};

use std::path::PathBuf;
use std::process::{Command, Output};

/// Runs the built binary in the repository root with `GONGKAI_TEST_PANIC` set to `panic`.
fn run(args: &[&str], panic: Option<&str>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_gongkai"));
    command
        .args(args)
        .current_dir(repo())
        .env_remove("NO_COLOR")
        .env_remove("COLUMNS")
        .env_remove("GONGKAI_TEST_PANIC");
    if let Some(panic) = panic {
        command.env("GONGKAI_TEST_PANIC", panic);
    }
    command.output().expect("gongkai runs")
}

/// Three reports of three formats in a scratch directory.
fn batch(name: &str) -> (PathBuf, Vec<String>) {
    let dir = scratch(name);
    let mut paths = Vec::new();
    for (fixture, as_name) in [
        ("hongze-district-2023.txt", "a-hongze.txt"),
        ("huaian-city-2024.html", "b-huaian.html"),
        ("shuyang-county-2025.md", "c-shuyang.md"),
    ] {
        let to = dir.join(as_name);
        std::fs::copy(repo().join("tests/fixtures").join(fixture), &to).expect("fixture");
        paths.push(to.to_str().expect("utf-8").to_owned());
    }
    (dir, paths)
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!(
            "JSON output ({e}): {}\n{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        )
    })
}

fn no_panic_on_stderr(o: &Output) {
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!stderr.contains("RUST_BACKTRACE"), "{stderr}");
}

#[test]
fn a_panic_at_any_stage_is_that_files_error_and_the_batch_goes_on() {
    let (dir, paths) = batch("stages");
    let mut args = vec!["check", "--no-config", "--format", "json"];
    args.extend(paths.iter().map(String::as_str));
    let clean = json(&run(&args, None));
    for stage in ["read", "check", "render"] {
        let o = run(&args, Some(&format!("{stage}:b-huaian")));
        no_panic_on_stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{stage}");
        let v = json(&o);
        let files = v["files"].as_array().expect("files");
        assert_eq!(files.len(), 3, "{stage}");
        assert_eq!(files[0], clean["files"][0], "{stage}: the file before");
        assert_eq!(files[2], clean["files"][2], "{stage}: the file after");
        let error = &files[1]["error"];
        assert_eq!(error["kind"], "internal", "{stage}: {error}");
        let message = error["message"].as_str().expect("message");
        assert!(message.starts_with("gongkai 内部错误，请报告"), "{message}");
        assert!(message.contains("b-huaian.html"), "{message}");
        assert!(message.contains("injected panic"), "{message}");
        assert_eq!(files[1]["diagnostics"], serde_json::json!([]), "{stage}");
        assert_eq!(v["summary"]["failed"], 1, "{stage}");
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn every_format_and_language_reports_the_panic_once() {
    let (dir, paths) = batch("formats");
    for format in ["human", "sarif", "github"] {
        let mut args = vec!["check", "--no-config", "--lang", "en", "--format", format];
        args.extend(paths.iter().map(String::as_str));
        let o = run(&args, Some("check:b-huaian"));
        no_panic_on_stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{format}");
        let all = String::from_utf8_lossy(&o.stdout);
        // A human run names the unreadable files again at its end; the report in its place is
        // the one that counts here.
        let (out, list) = all
            .split_once("files that could not be read (1):\n")
            .unwrap_or((&all, ""));
        assert_eq!(
            out.matches("gongkai internal error, please report it")
                .count(),
            1,
            "{format}: {out}"
        );
        assert_eq!(
            format == "human",
            list.contains("b-huaian.html"),
            "{format}: {list}"
        );
        // The file before is there: its findings name it.
        assert!(out.contains("a-hongze.txt"), "{format}");
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn extract_reports_a_panic_as_the_files_error() {
    let (dir, paths) = batch("extract");
    let mut args = vec!["extract", "--format", "jsonl"];
    args.extend(paths.iter().map(String::as_str));
    let o = run(&args, Some("read:b-huaian"));
    no_panic_on_stderr(&o);
    assert_eq!(o.status.code(), Some(2));
    let rows: Vec<serde_json::Value> = String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON row"))
        .collect();
    assert_eq!(rows.len(), 3);
    let error = |row: &serde_json::Value| row["error"].as_str().unwrap_or_default().to_owned();
    assert!(error(&rows[1]).contains("内部错误"), "{}", rows[1]);
    assert!(error(&rows[0]).is_empty() && error(&rows[2]).is_empty());

    let one = run(&["extract", &paths[1]], Some("render:b-huaian"));
    no_panic_on_stderr(&one);
    assert_eq!(one.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&one.stderr).contains("内部错误"));
    std::fs::remove_dir_all(&dir).ok();
}

/// Without the variable nothing panics: the hook is inert in a normal run.
#[test]
fn without_the_hook_the_batch_is_clean() {
    let (dir, paths) = batch("clean");
    let mut args = vec!["check", "--no-config", "--format", "json"];
    args.extend(paths.iter().map(String::as_str));
    let v = json(&run(&args, Some("check:")));
    assert_eq!(v["summary"]["failed"], 0);
    std::fs::remove_dir_all(&dir).ok();
}
