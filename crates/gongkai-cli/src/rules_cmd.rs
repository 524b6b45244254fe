//! Loading rule sets from directories, and `gongkai rules list|explain|test`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use gongkai::rules::harness::{TestEnv, run_tests};
use gongkai::rules::{builtin_test_files, is_test_file};
use gongkai::{Lang, RuleLimits, RuleSet, RuleSource};
use walkdir::WalkDir;

use crate::cli::{RulesCommand, RulesExplainArgs, RulesListArgs, RulesTestArgs};
use crate::config::Config;
use crate::{EXIT_FINDINGS, EXIT_OK, Output};

/// The largest rule or test file read from a directory, unless the rule file limit is higher;
/// the rules crate refuses rule files over its limit with a located message.
const MAX_RULE_FILE: u64 = 1024 * 1024;

/// The YAML files under a rule directory, sorted, as `(path, text)`.
pub(crate) fn read_rule_dir(
    dir: &Path,
    limits: &RuleLimits,
) -> miette::Result<Vec<(String, String)>> {
    let max = MAX_RULE_FILE.max(u64::try_from(limits.max_file_bytes).unwrap_or(u64::MAX));
    if !dir.is_dir() {
        return Err(miette::miette!(
            "规则目录不存在：{} / no such rule directory",
            dir.display()
        ));
    }
    let mut files = Vec::new();
    for entry in WalkDir::new(dir).sort_by_file_name().follow_links(false) {
        let entry = entry.map_err(|e| miette::miette!("{}: {e}", dir.display()))?;
        let path = entry.path();
        let is_yaml = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"));
        if !entry.file_type().is_file() || !is_yaml {
            continue;
        }
        let size = entry.metadata().map_or(0, |m| m.len());
        if size > max {
            return Err(miette::miette!(
                "{}: 规则文件过大（{size} 字节）/ rule file too large",
                path.display()
            ));
        }
        let text = std::fs::read_to_string(path)
            .map_err(|e| miette::miette!("{}: {e}", path.display()))?;
        files.push((path.display().to_string(), text));
    }
    Ok(files)
}

/// The built-in rules plus the rules of `dirs`.
pub(crate) fn load_rules(
    dirs: &[PathBuf],
    limits: RuleLimits,
    reuse_threshold_permille: u32,
) -> miette::Result<RuleSet> {
    let mut set = RuleSet::builtin().map_err(miette::Report::new)?;
    gongkai::reuse::add_rules(&mut set, reuse_threshold_permille).map_err(miette::Report::new)?;
    set.set_limits(limits);
    for dir in dirs {
        let files = read_rule_dir(dir, &limits)?;
        let sources: Vec<RuleSource<'_>> = files
            .iter()
            .map(|(path, text)| RuleSource { path, text })
            .collect();
        set.add(&sources).map_err(miette::Report::new)?;
    }
    Ok(set)
}

/// A usage error for a selector that names no rule, with the closest rule id.
pub(crate) fn unknown_selector(set: &RuleSet, option: &str, selector: &str) -> miette::Report {
    let hint = set
        .suggest(selector)
        .map(|s| format!("\n  您是否想写 `{s}`？/ did you mean `{s}`?"))
        .unwrap_or_default();
    miette::miette!(
        "{option} `{selector}` 不对应任何规则（规则编号、领域、编号前缀或标签）/ names no rule (id, area, prefix or tag){hint}"
    )
}

pub(crate) fn run(command: &RulesCommand) -> miette::Result<ExitCode> {
    match command {
        RulesCommand::List(args) => list(args),
        RulesCommand::Explain(args) => explain(args),
        RulesCommand::Test(args) => test(args),
    }
}

/// The rule limits of the `gongkai.toml` found from the current directory up, so that `rules`
/// loads a pack exactly as `check` does there.
fn configured_limits() -> miette::Result<RuleLimits> {
    Ok(crate::limits::rule_limits(&Config::discover(None)?.limits))
}

/// The language of a `rules` subcommand: `--lang`, else the `gongkai.toml` found, else Chinese.
fn rules_lang(arg: Option<crate::cli::LangArg>) -> miette::Result<Lang> {
    Ok(match arg {
        Some(lang) => lang.into(),
        None => Config::discover(None)?.lang.map_or(Lang::Zh, Into::into),
    })
}

fn list(args: &RulesListArgs) -> miette::Result<ExitCode> {
    let lang = rules_lang(args.lang)?;
    let set = load_rules(
        &args.rule_dirs,
        configured_limits()?,
        gongkai::reuse::DEFAULT_THRESHOLD_PERMILLE,
    )?;
    let width = set.rules().map(|r| r.id.len()).max().unwrap_or(0);
    let mut text = String::new();
    for r in set.rules() {
        let severity = match r.severity {
            gongkai::Severity::Error => "error",
            gongkai::Severity::Warning => "warning",
            gongkai::Severity::Info => "info",
        };
        let status = match r.status {
            gongkai::rules::Status::Stable => "",
            gongkai::rules::Status::Preview => " (preview)",
        };
        let _ = writeln!(
            text,
            "{:<width$}  {severity:<7}  {}{status}",
            r.id,
            r.title_in(lang)
        );
    }
    let mut out = Output::stdout();
    out.write(&text);
    out.flush()?;
    Ok(ExitCode::from(EXIT_OK))
}

fn explain(args: &RulesExplainArgs) -> miette::Result<ExitCode> {
    let lang = rules_lang(args.lang)?;
    let set = load_rules(
        &args.rule_dirs,
        configured_limits()?,
        gongkai::reuse::DEFAULT_THRESHOLD_PERMILLE,
    )?;
    if let Some(page) = set.explain(&args.id) {
        let mut out = Output::stdout();
        if lang == Lang::En
            && let Some(meta) = set.rules().find(|r| r.id == args.id)
        {
            // The rule pages are written in Chinese (what, why, how to fix, the regulation's
            // words): the English title and a note come first, the page as written after.
            out.write(&format!(
                "{} — {}\n(The rule's documentation below is in Chinese, as written.)\n\n",
                meta.id,
                meta.title_in(lang)
            ));
        }
        out.write(&page);
        out.flush()?;
        return Ok(ExitCode::from(EXIT_OK));
    }
    let hint = set
        .suggest(&args.id)
        .map(|s| format!("\n  您是否想写 `{s}`？/ did you mean `{s}`?"))
        .unwrap_or_default();
    Err(miette::miette!(
        "没有编号为 `{}` 的规则 / no rule `{}`{hint}",
        args.id,
        args.id
    ))
}

fn test(args: &RulesTestArgs) -> miette::Result<ExitCode> {
    let (set, tests, fixture_dirs): (RuleSet, Vec<(String, String)>, Vec<PathBuf>) = match &args.dir
    {
        Some(dir) => {
            let limits = configured_limits()?;
            let files = read_rule_dir(dir, &limits)?;
            // The rules under test are loaded on their own: a rule author testing an edited
            // copy of the built-in pack (`gongkai rules test rules`) must not collide with the
            // embedded pack, and each case only runs the rule its test file belongs to.
            let mut set = RuleSet::new();
            set.set_limits(limits);
            let rules: Vec<RuleSource<'_>> = files
                .iter()
                .filter(|(p, _)| !is_test_file(p))
                .map(|(path, text)| RuleSource { path, text })
                .collect();
            set.add(&rules).map_err(miette::Report::new)?;
            let tests = files.into_iter().filter(|(p, _)| is_test_file(p)).collect();
            (
                set,
                tests,
                vec![
                    dir.clone(),
                    dir.join("fixtures"),
                    PathBuf::from("tests/fixtures"),
                ],
            )
        }
        None => (
            RuleSet::builtin().map_err(miette::Report::new)?,
            builtin_test_files()
                .iter()
                .map(|(p, t)| (format!("rules/{p}"), (*t).to_owned()))
                .collect(),
            vec![PathBuf::from("tests/fixtures")],
        ),
    };
    if tests.is_empty() {
        return Err(miette::miette!(
            "没有找到规则测试文件（*.test.yaml）/ no rule test files found"
        ));
    }
    let read = |name: &str, text: &str| {
        gongkai::reader::read(
            text.as_bytes(),
            name,
            &gongkai::reader::ReadOptions::default(),
        )
        .map(|e| e.report)
        .map_err(|e| e.to_string())
    };
    let fixture = |name: &str| fixture(name, &fixture_dirs);
    let env = TestEnv {
        read: &read,
        fixture: &fixture,
    };
    let sources: Vec<RuleSource<'_>> = tests
        .iter()
        .map(|(path, text)| RuleSource { path, text })
        .collect();
    let results = run_tests(&set, &sources, &env);
    let failed: Vec<_> = results.iter().filter(|r| !r.passed()).collect();
    // A rule no case exercises passes every run of this command without ever having been
    // tried: say so (a warning, not a failure: a rule may be written before its cases).
    let untested: Vec<&str> = set
        .rules()
        .map(|m| m.id.as_str())
        .filter(|id| !results.iter().any(|r| r.rule == *id))
        .collect();
    for id in &untested {
        eprintln!(
            "警告：规则 {id} 没有测试用例（{id}.test.yaml）/ warning: rule {id} has no test cases"
        );
    }
    let mut text = String::new();
    for r in &failed {
        let _ = writeln!(
            text,
            "FAILED {}:{} [{}] {}: {}",
            r.path,
            r.line,
            r.rule,
            r.case,
            r.failure.as_deref().unwrap_or("")
        );
        if !r.rendered.is_empty() {
            for line in r.rendered.lines() {
                let _ = writeln!(text, "    {line}");
            }
        }
    }
    let _ = writeln!(
        text,
        "{} passed, {} failed",
        results.len() - failed.len(),
        failed.len()
    );
    let mut out = Output::stdout();
    out.write(&text);
    out.flush()?;
    Ok(ExitCode::from(if failed.is_empty() {
        EXIT_OK
    } else {
        EXIT_FINDINGS
    }))
}

/// A fixture named in a test case: a plain file name, looked up in `dirs` in order.
fn fixture(name: &str, dirs: &[PathBuf]) -> Result<String, String> {
    if name.is_empty() || name.contains(['/', '\\']) || name.contains("..") {
        return Err(format!("fixture names are plain file names: {name}"));
    }
    for dir in dirs {
        let path = dir.join(name);
        // A link is never followed: a fixture symlinked to a system file must not be read
        // (and its content shown in a failed case's output).
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        if meta.file_type().is_symlink() {
            return Err(format!(
                "fixture {name} is a symbolic link ({}), which is not followed",
                path.display()
            ));
        }
        if meta.is_file() {
            return std::fs::read(&path)
                .map(|b| String::from_utf8_lossy(&b).into_owned())
                .map_err(|e| format!("{}: {e}", path.display()));
        }
    }
    Err(format!(
        "fixture {name} not found in {}",
        dirs.iter()
            .map(|d| d.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    ))
}
