//! The limits a user sets: `--max-file-size`, `--timeout` and the `[limits]` table of
//! `gongkai.toml`. Each refusal is exit 2 with its own kind and message, in the file's place,
//! while the other files are still checked.

mod common;

use common::{gongkai_in, repo, scratch};

use std::path::PathBuf;
use std::process::Output;

fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures").join(name)
}

/// The JSON output of a run, after checking it exited with `code` and did not panic.
fn json(o: &Output, code: i32) -> serde_json::Value {
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(o.status.code(), Some(code), "{stderr}");
    serde_json::from_slice(&o.stdout).expect("JSON output")
}

#[test]
fn max_file_size_refuses_larger_files_and_checks_the_others() {
    let dir = scratch("size");
    let big = fixture("huaian-city-2024.txt");
    let size = std::fs::metadata(&big).expect("fixture").len();
    let small = dir.join("small.txt");
    let text = std::fs::read_to_string(&big).expect("fixture");
    // A report cut to its first 2,000 bytes (on a character boundary) fits under 4K.
    let cut = (0..=2000)
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0);
    std::fs::write(&small, &text[..cut]).expect("write");

    let o = gongkai_in(
        &dir,
        &[
            "check",
            "--no-config",
            "--format",
            "json",
            "--max-file-size",
            "4K",
            big.to_str().expect("utf-8"),
            small.to_str().expect("utf-8"),
        ],
    );
    let v = json(&o, 2);
    let refused = &v["files"][0]["error"];
    assert_eq!(refused["kind"], "too_large");
    let message = refused["message"].as_str().expect("message");
    assert!(message.contains(&size.to_string()), "{message}");
    assert!(message.contains("4096"), "{message}");
    // The small file was read and checked (it is truncated, so it has findings, not an error).
    assert!(v["files"][1]["error"].is_null(), "{}", v["files"][1]);
    assert_eq!(v["summary"]["failed"], 1);
}

#[test]
fn the_limits_table_of_gongkai_toml_applies_and_the_command_line_overrides_it() {
    let dir = scratch("config");
    std::fs::write(
        dir.join("gongkai.toml"),
        "[limits]\nmax-file-size = \"1K\"\ntimeout = 10\n",
    )
    .expect("write");
    let report = fixture("xigong-emergency-2023.txt");
    let r = report.to_str().expect("utf-8");

    let v = json(&gongkai_in(&dir, &["check", "--format", "json", r]), 2);
    assert_eq!(v["files"][0]["error"]["kind"], "too_large");

    let v = json(
        &gongkai_in(
            &dir,
            &["check", "--format", "json", "--max-file-size", "1M", r],
        ),
        0,
    );
    assert!(v["files"][0]["error"].is_null());
}

#[test]
fn a_misspelt_limit_is_an_error_at_its_place_with_a_suggestion() {
    let dir = scratch("typo");
    std::fs::write(
        dir.join("gongkai.toml"),
        "[limits]\nmax-filesize = \"1M\"\n",
    )
    .expect("write");
    let o = gongkai_in(
        &dir,
        &[
            "check",
            fixture("xigong-emergency-2023.txt")
                .to_str()
                .expect("utf-8"),
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("max-filesize"), "{stderr}");
    assert!(stderr.contains("`max-file-size`"), "{stderr}");
    assert!(stderr.contains("gongkai.toml:2:1"), "{stderr}");
}

#[test]
fn bad_limit_values_are_usage_errors() {
    let dir = scratch("usage");
    let r = fixture("xigong-emergency-2023.txt");
    for (option, value) in [
        ("--max-file-size", "lots"),
        ("--max-file-size", "0"),
        ("--timeout", "-1"),
        ("--timeout", "forever"),
    ] {
        let o = gongkai_in(
            &dir,
            &[
                "check",
                "--no-config",
                option,
                value,
                r.to_str().expect("utf-8"),
            ],
        );
        assert_eq!(o.status.code(), Some(2), "{option} {value}");
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert!(stderr.contains(value), "{option} {value}: {stderr}");
    }
}

#[test]
fn a_file_over_the_time_limit_is_stopped_with_a_timeout_error() {
    let dir = scratch("timeout");
    // A real report followed by 8 MB of narrative: splitting it into normalised lines alone
    // takes far longer than 1 ms on any machine, so the limit has passed at the mapper's first
    // step.
    let mut text = std::fs::read_to_string(fixture("huaian-city-2024.txt")).expect("fixture");
    let filler = "本机关依法依规做好政府信息公开工作，不断提高工作质量。\n";
    while text.len() < 8 << 20 {
        text.push_str(filler);
    }
    let slow = dir.join("slow.txt");
    std::fs::write(&slow, &text).expect("write");
    let o = gongkai_in(
        &dir,
        &[
            "check",
            "--no-config",
            "--format",
            "json",
            "--timeout",
            "0.001",
            slow.to_str().expect("utf-8"),
        ],
    );
    let v = json(&o, 2);
    let e = &v["files"][0]["error"];
    assert_eq!(e["kind"], "timeout");
    assert!(
        e["message"]
            .as_str()
            .is_some_and(|m| m.contains("0.001 秒")),
        "{e}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_huge_or_special_configuration_file_is_refused_not_read_whole() {
    let dir = scratch("huge-config");
    let config = dir.join("gongkai.toml");
    let mut text = String::from("lang = \"zh\"\n");
    while text.len() <= 1 << 20 {
        text.push_str("# 注释\n");
    }
    std::fs::write(&config, text).expect("write");
    let report = fixture("xigong-emergency-2023.txt");
    let o = gongkai_in(&dir, &["check", report.to_str().expect("utf-8")]);
    assert_eq!(o.status.code(), Some(2));
    // miette wraps the message at the terminal width: compare without line breaks.
    let stderr: String = String::from_utf8_lossy(&o.stderr)
        .chars()
        .filter(|c| !matches!(c, '\n' | '|' | ' '))
        .collect();
    assert!(stderr.contains("文件过大（上限1048576字节）"), "{stderr}");

    // A directory given as the configuration: refused by its kind.
    let o = gongkai_in(
        &dir,
        &[
            "check",
            "--config",
            dir.to_str().expect("utf-8"),
            report.to_str().expect("utf-8"),
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("目录"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// The rule-loading limits of `[limits]` apply to `check` and to `rules list` and `rules test`
/// alike: a pack whose pattern compiles to more than `max-regex-size` is refused by all three
/// with the limit in the message, and loads once the limit is raised.
#[test]
fn rule_limits_in_gongkai_toml_apply_to_check_and_to_the_rules_commands() {
    let dir = scratch("rule-limits");
    let rules = dir.join("my-rules");
    std::fs::create_dir_all(&rules).expect("mkdir");
    // About 80 KiB compiled.
    std::fs::write(
        rules.join("big-pattern.yaml"),
        "id: big-pattern\ntitle: 长模式\nseverity: info\n\
         description: {what: a, why: b, fix: c}\nmessage: {zh: \"x\"}\n\
         narrative:\n  patterns:\n    - '(?:[一-龥]{300}){n}'\n  assert: n == 1\n",
    )
    .expect("write rule");
    let report = fixture("xigong-emergency-2023.txt");
    let r = report.to_str().expect("utf-8");
    let config = |limits: &str| {
        std::fs::write(
            dir.join("gongkai.toml"),
            format!("rules = [\"my-rules\"]\n[limits]\n{limits}"),
        )
        .expect("write config");
    };

    config("max-regex-size = \"64K\"\n");
    for args in [
        &["check", r][..],
        &["rules", "list", "--rules", "my-rules"][..],
        &["rules", "test", "my-rules"][..],
    ] {
        let o = gongkai_in(&dir, args);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.contains("pattern too large (over 65536 bytes"),
            "{args:?}: {err}"
        );
    }

    config("max-regex-size = \"1M\"\n");
    let v = json(&gongkai_in(&dir, &["check", "--format", "json", r]), 0);
    assert!(v["files"][0]["error"].is_null());
    let o = gongkai_in(&dir, &["rules", "list", "--rules", "my-rules"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&o.stdout).contains("big-pattern"));
}
