//! The `gongkai` binary as a user runs it: exit codes, options, output formats.

mod common;

use common::{
    fixture, gongkai, json, repo, scratch, stderr, stdout, validate_against_diagnostics_schema,
};

use std::path::PathBuf;
use std::process::Command;

#[test]
fn empty_binary_and_non_report_files_exit_2_with_a_clear_message() {
    let dir = scratch("bad");
    std::fs::write(dir.join("empty.txt"), "").unwrap();
    std::fs::write(
        dir.join("binary.txt"),
        [0u8, 159, 146, 150, 0, 1, 2, 3, 255, 254],
    )
    .unwrap();
    std::fs::write(
        dir.join("notice.txt"),
        "关于召开2024年度工作会议的通知\n各科室：\n定于3月5日上午9时在三楼会议室召开工作会议。\n",
    )
    .unwrap();
    for (file, kind) in [
        ("empty.txt", "empty"),
        ("binary.txt", "binary"),
        ("notice.txt", "not_a_report"),
    ] {
        let path = dir.join(file);
        let o = gongkai(&["check", "--format", "json", path.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(2), "{file}: {}", stdout(&o));
        let v = json(&o);
        validate_against_diagnostics_schema(&v);
        assert_eq!(v["files"][0]["error"]["kind"], kind, "{file}");
        assert!(
            !v["files"][0]["error"]["message"]
                .as_str()
                .unwrap()
                .is_empty()
        );

        let o = gongkai(&["check", path.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(2));
        assert!(stdout(&o).contains(file), "{}", stdout(&o));
    }
}

#[test]
fn a_missing_path_is_reported_in_place_and_the_others_still_checked() {
    let dir = scratch("missing");
    std::fs::write(dir.join("empty.txt"), "").unwrap();
    let missing = dir.join("no-such-report.txt");
    let empty = dir.join("empty.txt");
    let o = gongkai(&[
        "check",
        "--format",
        "json",
        missing.to_str().unwrap(),
        empty.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let v = json(&o);
    assert_eq!(v["files"][0]["error"]["kind"], "io");
    assert_eq!(v["files"][1]["error"]["kind"], "empty");
    assert_eq!(v["summary"]["files"], 2);
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(gongkai(&["check"]).status.code(), Some(2));
    assert_eq!(gongkai(&["check", "--bogus", "x"]).status.code(), Some(2));
    assert_eq!(
        gongkai(&["check", "--format", "xml", "x"]).status.code(),
        Some(2)
    );
    assert_eq!(
        gongkai(&["check", "--fail-on", "never", "x"]).status.code(),
        Some(2)
    );
    assert_eq!(gongkai(&["frobnicate"]).status.code(), Some(2));
    let dir = scratch("nofiles");
    let o = gongkai(&["check", dir.to_str().unwrap()]);
    assert_eq!(
        o.status.code(),
        Some(2),
        "a directory without reports is a usage error"
    );
    assert!(stdout(&o).contains("未找到报告文件"));
}

#[test]
fn help_and_version_exit_0() {
    let o = gongkai(&["--help"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("check"));
    let o = gongkai(&["check", "--help"]);
    assert!(stdout(&o).contains("--fail-on"));
    assert_eq!(gongkai(&["--version"]).status.code(), Some(0));
}

#[test]
fn a_misspelt_configuration_key_exits_2_with_a_suggestion() {
    let dir = scratch("config");
    let config = dir.join("gongkai.toml");
    std::fs::write(&config, "lang = \"en\"\nignor = [\"x\"]\n").unwrap();
    let o = gongkai(&[
        "check",
        "--config",
        config.to_str().unwrap(),
        fixture("xigong-emergency-2023.txt").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("ignor") && err.contains("`ignore`"), "{err}");
    assert!(err.contains("gongkai.toml:2:1"), "{err}");
}

#[test]
fn the_configuration_is_found_upward_from_the_current_directory() {
    let dir = scratch("upward");
    std::fs::write(dir.join("gongkai.toml"), "lang = \"en\"\n").unwrap();
    let sub = dir.join("a/b");
    std::fs::create_dir_all(&sub).unwrap();
    std::fs::write(sub.join("empty.txt"), "").unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(["check", "empty.txt"])
        .current_dir(&sub)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(stdout(&o).contains("the file is empty"), "{}", stdout(&o));
    // --no-config ignores it: Chinese again.
    let o = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(["check", "--no-config", "empty.txt"])
        .current_dir(&sub)
        .output()
        .unwrap();
    assert!(stdout(&o).contains("文件为空"), "{}", stdout(&o));
}

#[test]
fn output_is_in_path_order_whatever_the_number_of_threads() {
    let dir = scratch("order");
    for i in 0..40 {
        std::fs::write(dir.join(format!("r{i:02}.txt")), "").unwrap();
    }
    let one = gongkai(&[
        "check",
        "--format",
        "json",
        "--jobs",
        "1",
        dir.to_str().unwrap(),
    ]);
    let four = gongkai(&[
        "check",
        "--format",
        "json",
        "-j",
        "4",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(one.stdout, four.stdout);
    let v = json(&one);
    let paths: Vec<&str> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    let mut sorted = paths.clone();
    sorted.sort_unstable();
    assert_eq!(paths, sorted);
    assert_eq!(paths.len(), 40);
}

#[test]
fn sarif_and_github_formats_report_unreadable_files() {
    let dir = scratch("formats");
    std::fs::write(dir.join("empty.txt"), "").unwrap();
    let path = dir.join("empty.txt");
    let o = gongkai(&["check", "--format", "sarif", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let v = json(&o);
    assert_eq!(v["version"], "2.1.0");
    let notes = &v["runs"][0]["invocations"][0]["toolExecutionNotifications"];
    assert!(
        notes[0]["descriptor"]["id"]
            .as_str()
            .unwrap()
            .starts_with("gongkai::read::")
    );

    let o = gongkai(&["check", "--format", "github", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stdout(&o).starts_with("::error file="), "{}", stdout(&o));
}

#[test]
fn quiet_drops_the_summary() {
    let dir = scratch("quiet");
    std::fs::write(dir.join("empty.txt"), "").unwrap();
    let path = dir.join("empty.txt");
    let loud = stdout(&gongkai(&["check", path.to_str().unwrap()]));
    let quiet = stdout(&gongkai(&["check", "--quiet", path.to_str().unwrap()]));
    assert!(loud.contains("无法读取 1"), "{loud}");
    assert!(!quiet.contains("无法读取 1"), "{quiet}");
    assert!(quiet.contains("文件为空"));
}

#[test]
fn no_colour_when_piped() {
    let o = gongkai(&[
        "check",
        fixture("xigong-emergency-2023.txt").to_str().unwrap(),
    ]);
    assert!(!stdout(&o).contains('\u{1b}'));
}

#[test]
fn schema_command_prints_the_checked_in_diagnostics_schema() {
    let o = gongkai(&["schema", "diagnostics"]);
    assert_eq!(o.status.code(), Some(0));
    let printed: serde_json::Value = json(&o);
    let checked_in: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo().join("schemas/diagnostics.schema.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(printed, checked_in);
    let o = gongkai(&["schema", "report"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(json(&o)["properties"]["applications"].is_object());
}

#[test]
fn extract_of_a_non_report_exits_2() {
    let dir = scratch("extract");
    std::fs::write(dir.join("empty.txt"), "").unwrap();
    let o = gongkai(&["extract", dir.join("empty.txt").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("文件为空"), "{}", stderr(&o));
}

/// The text fixtures (the reader reads text, markdown and TAB-separated text).
fn text_fixtures() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(repo().join("tests/fixtures"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt" || e == "md"))
        .filter(|p| !p.ends_with("README.md"))
        .collect();
    v.sort();
    v
}

#[test]
fn schema_report_and_rule_print_the_checked_in_files() {
    // The files' freshness is tested where the types live (core and rules crates).
    for (which, file) in [
        ("report", "report.schema.json"),
        ("rule", "rule.schema.json"),
    ] {
        let o = gongkai(&["schema", which]);
        assert_eq!(o.status.code(), Some(0));
        let checked_in = std::fs::read_to_string(repo().join("schemas").join(file)).unwrap();
        assert_eq!(stdout(&o), checked_in, "{which}");
    }
}

#[test]
fn extract_output_of_every_fixture_validates_against_the_report_schema() {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo().join("schemas/report.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    for path in text_fixtures() {
        let o = gongkai(&["extract", path.to_str().unwrap()]);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}: {}",
            path.display(),
            stderr(&o)
        );
        let value = json(&o);
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", path.display());
        assert!(value["applications"].is_object());
    }
}

#[test]
fn extract_yaml_holds_the_same_values_as_json() {
    let path = fixture("xigong-emergency-2023.txt");
    let o = gongkai(&["extract", "--format", "yaml", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    let yaml = stdout(&o);
    let json = json(&gongkai(&["extract", path.to_str().unwrap()]));
    let title = json["metadata"]["title"]["value"].as_str().unwrap();
    assert!(yaml.contains(&format!("value: {title}")), "{yaml}");
    let offset = json["applications"]["new_received"]["natural_person"]["span"]["offset"]
        .as_u64()
        .unwrap();
    assert!(yaml.contains(&format!("offset: {offset}")));
}
