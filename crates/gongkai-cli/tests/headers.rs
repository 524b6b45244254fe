//! Each finding's header: the rule's Chinese title first, the id after, and where to read more —
//! a real documentation link (the rule's own `url:`, or `--docs-url` / `docs-url`) or else the
//! command that prints the rule's page. No placeholder link is ever shown.

mod common;

use common::{gongkai, gongkai_in, repo, scratch};

const HONGZE: &str = "tests/fixtures/hongze-district-2023.txt";

fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn without_a_documentation_url_the_header_is_the_title_and_the_explain_command() {
    let out = stdout(&gongkai(&["check", "--no-config", HONGZE]));
    assert!(
        out.contains("表格行名与格式不一致 (gongkai rules explain structure-label-variant)"),
        "{out}"
    );
    assert!(!out.contains("example.invalid"), "{out}");
    assert!(
        !out.contains("http"),
        "no link at all without a real URL: {out}"
    );
    // The JSON and SARIF outputs carry no link either.
    let json = stdout(&gongkai(&[
        "check",
        "--no-config",
        "--format",
        "json",
        HONGZE,
    ]));
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let first = &v["files"][0]["diagnostics"][0];
    assert_eq!(first["url"], serde_json::Value::Null, "{first}");
    let sarif = stdout(&gongkai(&[
        "check",
        "--no-config",
        "--format",
        "sarif",
        HONGZE,
    ]));
    assert!(!sarif.contains("helpUri") && !sarif.contains("example.invalid"));
}

#[test]
fn docs_url_sets_the_base_of_every_rules_link() {
    let o = gongkai(&[
        "check",
        "--no-config",
        "--docs-url",
        "https://docs.example.org/gongkai/rules/",
        HONGZE,
    ]);
    let out = stdout(&o);
    assert!(
        out.contains(
            "表格行名与格式不一致 [structure-label-variant] (https://docs.example.org/gongkai/rules/structure-label-variant.md)"
        ),
        "{out}"
    );
    // `{id}` marks where the id goes.
    let o = gongkai(&[
        "check",
        "--no-config",
        "--format",
        "json",
        "--docs-url",
        "https://wiki.example.org/rule?id={id}",
        HONGZE,
    ]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let d = &v["files"][0]["diagnostics"][0];
    assert_eq!(
        d["url"],
        format!(
            "https://wiki.example.org/rule?id={}",
            d["rule"].as_str().unwrap()
        )
    );
    let o = gongkai(&[
        "check",
        "--no-config",
        "--format",
        "sarif",
        "--docs-url",
        "https://docs.example.org/r",
        HONGZE,
    ]);
    let sarif = stdout(&o);
    assert!(
        sarif.contains(
            r#""helpUri": "https://docs.example.org/r/applications-balance-mismatch.md""#
        ),
        "{sarif}"
    );
}

#[test]
fn the_configuration_sets_the_base_and_a_rule_may_give_its_own_url() {
    let dir = scratch("own-url");
    std::fs::write(
        dir.join("gongkai.toml"),
        "docs-url = \"https://team.example.org/docs\"\nrules = [\"our\"]\n",
    )
    .unwrap();
    std::fs::create_dir_all(dir.join("our/local")).unwrap();
    std::fs::write(
        dir.join("our/local/local-new-received-positive.yaml"),
        r#"id: local-new-received-positive
title: 本年新收申请数为零
severity: info
url: https://intranet.example.org/checks/new-received
description:
  what: 本年新收总计应大于零。
  why: 测试。
  fix: 测试。
message:
  zh: "本年新收总计为 {lhs_value}"
assert: applications.new_received.total > 100000
"#,
    )
    .unwrap();
    std::fs::copy(repo().join(HONGZE), dir.join("hongze.txt")).unwrap();
    let out = stdout(&gongkai_in(&dir, &["check", "hongze.txt"]));
    assert!(
        out.contains(
            "本年新收申请数为零 [local-new-received-positive] (https://intranet.example.org/checks/new-received)"
        ),
        "{out}"
    );
    assert!(
        out.contains(
            "[structure-label-variant] (https://team.example.org/docs/structure-label-variant.md)"
        ),
        "{out}"
    );
}
