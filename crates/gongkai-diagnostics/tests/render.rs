//! Rendering of hand-made findings of each kind on a made-up report excerpt full of Chinese: the
//! human output (labels under the right characters), JSON (checked against its schema), SARIF
//! (checked against the official SARIF 2.1.0 schema) and GitHub annotations.

use gongkai_core::{FormatVersion, InputKind, Source, Span};
use gongkai_diagnostic::{Diagnostic as Finding, DocumentRole, Label, Lang, Severity};
use gongkai_diagnostics::{
    CheckedFile, FileError, FileStatus, FileView, HumanOptions, JsonOutput, JsonStream, RuleDocs,
    RuleInfo, SarifBuilder, SkippedRule, Summary, github_annotations, json_file, json_schema,
    render_file,
};

const REPORT: &str = "淮安市洪泽区人民政府2023年政府信息公开工作年度报告\n\
三、收到和处理政府信息公开申请情况\n\
本年度共收到政府信息公开申请28件，全年办结27件，结转下年度继续办理1件。\n\
四、政府信息公开行政复议、行政诉讼情况\n\
行政复议 行政诉讼\n\
10 1 0 0 0 0 0 0 0 0 5 0 0 0 0\n";

const PREVIOUS: &str = "淮安市洪泽区人民政府2022年政府信息公开工作年度报告\n\
四、结转下年度继续办理 3 0 0 0 0 0 3\n";

/// The span of the `nth` (0-based) occurrence of `needle` on line `line` of `source`.
fn span(source: &Source, line: u32, needle: &str, nth: usize) -> Span {
    let range = source
        .lines()
        .line_range(source.text(), line)
        .expect("line exists");
    let text = &source.text()[range.clone()];
    let mut from = 0;
    let mut at = 0;
    for _ in 0..=nth {
        at = from + text[from..].find(needle).expect("needle on line");
        from = at + needle.len();
    }
    source.span(range.start + at, range.start + at + needle.len())
}

fn label(span: Span, message: &str, primary: bool) -> Label {
    Label {
        span,
        message: message.to_owned(),
        primary,
        document: DocumentRole::Current,
    }
}

fn findings(current: &Source, previous: &Source) -> Vec<Finding> {
    // Table row "10 1 0 0 0 | 0 0 0 0 0 | 5 0 0 0 0": 行政复议 10 + 1 but 总计 0.
    let review_total = span(current, 6, "0", 3);
    vec![
        Finding {
            code: "review-total-mismatch".into(),
            severity: Severity::Error,
            message:
                "行政复议：结果维持 10 + 结果纠正 1 + 其他结果 0 + 尚未审结 0 = 11，但总计为 0"
                    .into(),
            help: Some("核对表四行政复议各栏，更正总计".into()),
            expected: Some("11".into()),
            labels: vec![
                label(review_total, "总计 0", true),
                label(span(current, 6, "10", 0), "结果维持 10", false),
                label(span(current, 6, "1", 1), "结果纠正 1", false),
            ],
            also: Vec::new(),
        },
        Finding {
            code: "narrative-done-mismatch".into(),
            severity: Severity::Warning,
            message: "正文称全年办结 27 件，表三（七）总计为 28".into(),
            help: None,
            expected: Some("28".into()),
            labels: vec![
                label(span(current, 3, "27", 0), "正文：办结 27 件", true),
                label(span(current, 3, "28", 0), "收到 28 件", false),
            ],
            also: Vec::new(),
        },
        Finding {
            code: "section-missing".into(),
            severity: Severity::Info,
            message: "未找到第五部分“存在的主要问题及改进情况”".into(),
            help: Some("按《条例》第五十条补充该部分".into()),
            expected: None,
            labels: vec![],
            also: Vec::new(),
        },
        Finding {
            code: "carried-over-previous-mismatch".into(),
            severity: Severity::Error,
            message: "上年结转 0 件，但上年报告结转下年度 3 件".into(),
            help: Some("上年结转应等于上年报告的结转下年度继续办理".into()),
            expected: Some("3".into()),
            labels: vec![
                label(span(current, 3, "1", 0), "本年报告", true),
                Label {
                    span: span(previous, 2, "3", 0),
                    message: "上年结转下年度 3".into(),
                    primary: false,
                    document: DocumentRole::Previous,
                },
            ],
            also: Vec::new(),
        },
    ]
}

struct Fixture {
    current: Source,
    previous: Source,
    findings: Vec<Finding>,
    skipped: Vec<SkippedRule>,
    error: FileError,
}

impl Fixture {
    fn new() -> Self {
        let current = Source::new("hongze.txt", REPORT);
        let previous = Source::new("hongze-2022.txt", PREVIOUS);
        let findings = findings(&current, &previous);
        Self {
            current,
            previous,
            findings,
            skipped: vec![SkippedRule {
                rule: "previous-in-force-mismatch".into(),
                reason: "本报告不满足该规则的适用条件（when）".into(),
            }],
            error: FileError::new(gongkai_diagnostic::ReadKind::Empty, "文件为空"),
        }
    }

    fn checked(&self) -> FileView<'_> {
        FileView {
            path: "reports/洪泽区 2023.txt",
            status: FileStatus::Checked(CheckedFile {
                source: &self.current,
                previous: Some(("reports/洪泽区 2022.txt", &self.previous)),
                input: InputKind::Text,
                form: FormatVersion::F2021,
                findings: &self.findings,
                skipped: &self.skipped,
                rules_ran: 40,
            }),
        }
    }

    fn failed(&self) -> FileView<'_> {
        FileView {
            path: "reports/empty.txt",
            status: FileStatus::Failed(&self.error),
        }
    }
}

fn plain(lang: Lang) -> HumanOptions {
    HumanOptions {
        lang,
        color: false,
        links: false,
        width: 100,
        rules: RuleDocs::default(),
    }
}

#[test]
fn human_output_draws_labels_under_the_right_characters() {
    let fx = Fixture::new();
    let out = render_file(&fx.checked(), &plain(Lang::Zh));
    insta::assert_snapshot!(out);

    // The header names the user's path with the character column of the primary label
    // (the total is the 5th value: column 10), not miette's byte column.
    assert!(out.contains("[reports/洪泽区 2023.txt:6:10]"), "{out}");
    // "27" is the 25th character of line 3; its label must start under it. The underline is
    // drawn in display columns: every Chinese character is two wide.
    let line = out
        .lines()
        .find(|l| l.contains("全年办结27件"))
        .expect("line 3 shown");
    let underline = out
        .lines()
        .skip_while(|l| !l.contains("全年办结27件"))
        .nth(1)
        .expect("underline");
    let width = |s: &str| unicode_width::UnicodeWidthStr::width(s);
    let at_27 = width(&line[..line.find("27").unwrap()]);
    let mark = underline
        .char_indices()
        .filter(|(_, c)| !c.is_whitespace() && *c != '·')
        .map(|(i, _)| width(&underline[..i]))
        .collect::<Vec<_>>();
    assert!(
        mark.contains(&at_27),
        "no mark at column {at_27}:\n{line}\n{underline}"
    );
}

#[test]
fn previous_year_labels_are_a_related_diagnostic_on_last_years_file() {
    let fx = Fixture::new();
    let out = render_file(&fx.checked(), &plain(Lang::Zh));
    assert!(out.contains("[reports/洪泽区 2022.txt:2:"), "{out}");
    assert!(out.contains("上年结转下年度 3"));
}

#[test]
fn english_words_with_lang_en() {
    let fx = Fixture::new();
    let out = render_file(&fx.checked(), &plain(Lang::En));
    assert!(out.contains("expected: 11"), "{out}");
    assert!(out.contains("in last year's report"), "{out}");
    let failed = render_file(&fx.failed(), &plain(Lang::En));
    insta::assert_snapshot!("failed_en", failed);
}

#[test]
fn colour_only_when_asked() {
    let fx = Fixture::new();
    assert!(!render_file(&fx.checked(), &plain(Lang::Zh)).contains('\u{1b}'));
    let coloured = HumanOptions {
        color: true,
        ..plain(Lang::Zh)
    };
    assert!(render_file(&fx.checked(), &coloured).contains('\u{1b}'));
}

fn json_output(fx: &Fixture) -> JsonOutput {
    let mut summary = Summary::default();
    summary.add(&fx.checked());
    summary.add(&fx.failed());
    JsonOutput::new(
        vec![
            json_file(&fx.checked(), Lang::Zh),
            json_file(&fx.failed(), Lang::Zh),
        ],
        summary,
    )
}

#[test]
fn json_output_has_the_documented_shape_and_validates() {
    let fx = Fixture::new();
    let value = serde_json::to_value(json_output(&fx)).unwrap();
    insta::assert_json_snapshot!(value);

    let schema = json_schema();
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(&value)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");

    // The documented fields, by name.
    let d = &value["files"][0]["diagnostics"][0];
    assert_eq!(d["rule"], "review-total-mismatch");
    assert_eq!(d["severity"], "error");
    let primary = &d["labels"][0];
    assert_eq!(primary["primary"], true);
    assert_eq!(primary["text"], "0");
    assert_eq!(
        (primary["line"].as_u64(), primary["column"].as_u64()),
        (Some(6), Some(10))
    );
    assert_eq!(value["files"][1]["error"]["kind"], "empty");
    assert_eq!(value["summary"]["failed"], 1);
    assert_eq!(value["summary"]["errors"], 2);
}

#[test]
fn streamed_json_is_byte_for_byte_the_whole_document() {
    let fx = Fixture::new();
    let whole = json_output(&fx);
    for n in 0..=whole.files.len() {
        let files = whole.files[..n].to_vec();
        let expected =
            serde_json::to_string_pretty(&JsonOutput::new(files.clone(), whole.summary.clone()))
                .unwrap()
                + "\n";
        let mut stream = JsonStream::new();
        let mut streamed = stream.begin();
        for file in &files {
            streamed.push_str(&stream.file(file));
        }
        streamed.push_str(&stream.finish(&whole.summary));
        assert_eq!(streamed, expected, "{n} files");
    }
}

#[test]
fn json_offsets_slice_the_source_to_the_label_text() {
    let fx = Fixture::new();
    let file = json_file(&fx.checked(), Lang::Zh);
    for d in &file.diagnostics {
        for l in &d.labels {
            let source = match l.document {
                gongkai_diagnostics::JsonDocument::Current => &fx.current,
                gongkai_diagnostics::JsonDocument::Previous => &fx.previous,
            };
            assert_eq!(&source.text()[l.offset..l.offset + l.length], l.text);
        }
    }
}

#[test]
fn checked_in_json_schema_is_fresh() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../schemas/diagnostics.schema.json"
    );
    let generated = serde_json::to_string_pretty(&json_schema()).unwrap() + "\n";
    if std::env::var_os("GONGKAI_BLESS").is_some() {
        std::fs::write(path, &generated).unwrap();
    }
    let checked_in = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        checked_in == generated,
        "schemas/diagnostics.schema.json is stale: run `GONGKAI_BLESS=1 cargo test -p gongkai-diagnostics`"
    );
}

#[test]
fn sarif_validates_against_the_sarif_2_1_0_schema() {
    let fx = Fixture::new();
    let rules = [RuleInfo {
        id: "review-total-mismatch".into(),
        title: "表四总计不等于各结果之和".into(),
        description: Some("检查表四每组的总计".into()),
        severity: Severity::Error,
        url: Some("https://docs.example.org/rules/review-total-mismatch.md".into()),
    }];
    let mut builder = SarifBuilder::new(&rules, Lang::Zh);
    builder.add_file(&fx.checked());
    builder.add_file(&fx.failed());
    let value = serde_json::to_value(builder.finish()).unwrap();
    insta::assert_json_snapshot!(value);

    // The vendored file is the official schema verbatim (see tests/data/README.md). Its
    // `run.language` pattern has an unbalanced `]`, which the draft-07 meta-schema rejects as a
    // regex; it is patched here, in memory, to its evident intent ("en" or "en-US").
    let schema_text = include_str!("data/sarif-schema-2.1.0.json").replace(
        r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$""#,
        r#""^[a-zA-Z]{2}(-[a-zA-Z]{2})?$""#,
    );
    let schema: serde_json::Value = serde_json::from_str(&schema_text).unwrap();
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("SARIF schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(&value)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let uri = jsonschema::options()
        .should_validate_formats(true)
        .build(&serde_json::json!({"type": "string", "format": "uri-reference"}))
        .unwrap();
    let artifact = &value["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
        ["uri"];
    assert!(uri.is_valid(artifact), "{artifact}");
    let bad = serde_json::json!("reports/洪泽区 2023.txt");
    assert!(
        !uri.is_valid(&bad),
        "the format check must reject a raw path with a space"
    );

    let results = value["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 4);
    let region = &results[0]["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (region["startLine"].as_u64(), region["startColumn"].as_u64()),
        (Some(6), Some(10))
    );
    assert_eq!(results[0]["relatedLocations"].as_array().unwrap().len(), 2);
    assert!(results[0]["partialFingerprints"]["gongkaiFinding/v1"].is_string());
    // Rules seen only in findings are described too, so every ruleIndex resolves.
    let described = value["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    for r in results {
        let i = usize::try_from(r["ruleIndex"].as_u64().unwrap()).unwrap();
        assert_eq!(described[i]["id"], r["ruleId"]);
    }
}

#[test]
fn github_annotations_point_at_the_primary_label() {
    let fx = Fixture::new();
    let out =
        github_annotations(&fx.checked(), Lang::Zh) + &github_annotations(&fx.failed(), Lang::Zh);
    insta::assert_snapshot!(out);
    assert!(out.starts_with("::error file=reports/洪泽区 2023.txt,line=6,col=10,"));
}

#[test]
fn summary_counts_and_renders_in_both_languages() {
    let fx = Fixture::new();
    let mut summary = Summary::default();
    summary.add(&fx.checked());
    summary.add(&fx.failed());
    assert_eq!((summary.files, summary.checked, summary.failed), (2, 1, 1));
    assert_eq!((summary.errors, summary.warnings, summary.infos), (2, 1, 1));
    insta::assert_snapshot!("summary_zh", summary.render(Lang::Zh, true));
    insta::assert_snapshot!("summary_en", summary.render(Lang::En, false));
}

/// A finding in a PDF: the header names the page (`#page=N`, as PDF viewers open it), the snippet
/// shows the line rebuilt from that page with the label under the value, and the JSON label has
/// the page.
#[test]
fn a_finding_in_a_pdf_names_its_page() {
    let text = "淮安市洪泽区人民政府\n2023 年政府信息公开工作年度报告\n\u{c}\n四、政府信息公开行政复议、行政诉讼情况\n10\t1\t0\t0\t0\t0\t0\t0\t0\t0\t5\t0\t0\t0\t0\n";
    let source = Source::new("hongze.pdf", text);
    let at = text.find("10\t").unwrap();
    let total = text[at..].match_indices('\t').nth(3).unwrap().0 + at + 1;
    let findings = vec![Finding {
        code: "review-total-mismatch".into(),
        severity: Severity::Error,
        message: "行政复议：10 + 1 + 0 + 0 = 11，但总计为 0".into(),
        help: None,
        expected: Some("11".into()),
        labels: vec![label(source.span(total, total + 1), "总计 0", true)],
        also: Vec::new(),
    }];
    let view = FileView {
        path: "hongze.pdf",
        status: FileStatus::Checked(CheckedFile {
            source: &source,
            previous: None,
            input: InputKind::Pdf,
            form: FormatVersion::F2021,
            findings: &findings,
            skipped: &[],
            rules_ran: 1,
        }),
    };
    let out = render_file(&view, &plain(Lang::Zh));
    assert!(out.contains("[hongze.pdf#page=2:5:"), "{out}");
    assert!(out.contains("5 │ 10  1   0   0   0   0"), "{out}");
    let json = serde_json::to_value(json_file(&view, Lang::Zh)).unwrap();
    let l = &json["diagnostics"][0]["labels"][0];
    assert_eq!(
        (l["page"].as_u64(), l["line"].as_u64(), l["text"].as_str()),
        (Some(2), Some(5), Some("0"))
    );
}

/// A renderer in a test: whether it finished, given an interrupt.
type Renderer<'a> = &'a dyn Fn(Option<&gongkai_core::Interrupt>) -> bool;

/// Every renderer asks the caller's interrupt before each finding (a file's time limit stops
/// rendering within one finding), and stops when it says so.
#[test]
fn every_renderer_asks_the_interrupt_per_finding() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use gongkai_core::Interrupt;
    use gongkai_diagnostics::{
        SarifFile, github_annotations_until, json_file_until, render_file_until,
    };

    let f = Fixture::new();
    let view = f.checked();
    let n = f.findings.len();
    let counting = || {
        let asked = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&asked);
        let interrupt = Interrupt::new(move || {
            counter.fetch_add(1, Ordering::Relaxed);
            false
        });
        (asked, interrupt)
    };
    let human = HumanOptions::default();
    let renderers: [(&str, Renderer<'_>); 4] = [
        ("human", &|i| render_file_until(&view, &human, i).is_ok()),
        ("json", &|i| {
            json_file_until(&view, Lang::Zh, &RuleDocs::default(), i).is_ok()
        }),
        ("github", &|i| {
            github_annotations_until(&view, Lang::Zh, i).is_ok()
        }),
        ("sarif", &|i| {
            SarifFile::new_until(&view, Lang::Zh, i).is_ok()
        }),
    ];
    let stop = Interrupt::new(|| true);
    for (name, render) in renderers {
        let (asked, interrupt) = counting();
        assert!(render(Some(&interrupt)), "{name}");
        assert_eq!(asked.load(Ordering::Relaxed), n, "{name}");
        assert!(!render(Some(&stop)), "{name}");
    }
}
