//! `gongkai.toml`: the settings a team keeps beside its reports.
//!
//! Unknown keys are errors, shown on the file with a suggestion: a misspelt `ignore` that is
//! silently dropped would switch checks on or off without anyone noticing.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use miette::{Diagnostic, NamedSource, SourceSpan};
use serde::Deserialize;

use crate::cli::{FailOn, LangArg};

/// The file name searched for upward from the current directory.
pub(crate) const CONFIG_FILE: &str = "gongkai.toml";

/// The largest configuration file read: a real one is a few hundred bytes.
const MAX_CONFIG_BYTES: usize = 1024 * 1024;

/// The keys of [`Config`], for suggestions.
const KEYS: &[&str] = &[
    "lang", "fail-on", "select", "ignore", "rules", "severity", "jobs", "limits",
];

/// The contents of a `gongkai.toml`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct Config {
    /// Language of messages: "zh" or "en".
    pub lang: Option<LangArg>,
    /// Findings at or above this level fail the run.
    pub fail_on: Option<FailOn>,
    /// Rules to run (ids, area prefixes, tags).
    #[serde(default)]
    pub select: Vec<String>,
    /// Rules not to run.
    #[serde(default)]
    pub ignore: Vec<String>,
    /// Extra rule directories, relative to the configuration file.
    #[serde(default)]
    pub rules: Vec<PathBuf>,
    /// Severity overrides: rule id (or area, or tag) → "error" | "warning" | "info".
    #[serde(default)]
    pub severity: BTreeMap<String, SeverityName>,
    /// Number of threads.
    pub jobs: Option<usize>,
    /// Resource limits.
    #[serde(default)]
    pub limits: crate::limits::LimitsConfig,
    /// Where the file was read from (set after parsing; rule directories are relative to it).
    #[serde(skip)]
    pub dir: PathBuf,
}

/// A severity as written in the configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum SeverityName {
    Error,
    Warning,
    Info,
}

impl From<SeverityName> for gongkai::Severity {
    fn from(s: SeverityName) -> Self {
        match s {
            SeverityName::Error => gongkai::Severity::Error,
            SeverityName::Warning => gongkai::Severity::Warning,
            SeverityName::Info => gongkai::Severity::Info,
        }
    }
}

/// A configuration file that cannot be used, shown on the file.
#[derive(Debug, thiserror::Error, Diagnostic)]
pub(crate) enum ConfigError {
    #[error("无法读取配置文件 {path}: {message}")]
    #[diagnostic(code(gongkai::config::io))]
    Io { path: String, message: String },
    #[error("配置文件有误：{message}")]
    #[diagnostic(code(gongkai::config::invalid))]
    Invalid {
        message: String,
        #[source_code]
        source_code: NamedSource<String>,
        #[label("此处 / here")]
        span: Option<SourceSpan>,
        #[help]
        help: Option<String>,
    },
}

impl Config {
    /// Finds `gongkai.toml` in `start` or the nearest ancestor that has one.
    pub(crate) fn find(start: &Path) -> Option<PathBuf> {
        start
            .ancestors()
            .map(|dir| dir.join(CONFIG_FILE))
            .find(|candidate| candidate.is_file())
    }

    /// The configuration in effect: `path` when given, else the `gongkai.toml` found from the
    /// current directory up, else the defaults.
    pub(crate) fn discover(path: Option<&Path>) -> miette::Result<Self> {
        let found = match path {
            Some(path) => Some(path.to_path_buf()),
            None => std::env::current_dir().ok().and_then(|d| Self::find(&d)),
        };
        match found {
            Some(path) => Self::load(&path).map_err(|e| miette::Report::new(*e)),
            None => Ok(Self::default()),
        }
    }

    /// Reads and parses a configuration file.
    pub(crate) fn load(path: &Path) -> Result<Self, Box<ConfigError>> {
        let io = |message: String| {
            Box::new(ConfigError::Io {
                path: path.display().to_string(),
                message,
            })
        };
        // Through the same guarded read as reports: a FIFO or a huge file named as the
        // configuration must not hang the run or fill the memory.
        let bytes = gongkai::read_file(path, MAX_CONFIG_BYTES).map_err(|e| {
            io(match e {
                gongkai::Error::Read(gongkai::ReadError::TooLarge { .. }) => format!(
                    "文件过大（上限 {MAX_CONFIG_BYTES} 字节）/ larger than {MAX_CONFIG_BYTES} bytes"
                ),
                e => e.to_file_error(gongkai::Lang::Zh).message,
            })
        })?;
        let text = String::from_utf8(bytes)
            .map_err(|_| io("不是 UTF-8 文本 / not UTF-8 text".to_owned()))?;
        let mut config = Self::parse(&path.display().to_string(), &text)?;
        config.dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        Ok(config)
    }

    /// Parses configuration text; `name` is used in messages.
    pub(crate) fn parse(name: &str, text: &str) -> Result<Self, Box<ConfigError>> {
        toml::from_str::<Config>(text).map_err(|e| {
            let message = e.message().trim().to_owned();
            Box::new(ConfigError::Invalid {
                help: suggestion(&message),
                span: e.span().map(|r| SourceSpan::from(r.start..r.end)),
                source_code: NamedSource::new(name, text.to_owned()),
                message,
            })
        })
    }

    /// Rule directories, resolved against the configuration file's directory.
    pub(crate) fn rule_dirs(&self) -> Vec<PathBuf> {
        self.rules.iter().map(|d| self.dir.join(d)).collect()
    }
}

/// "did you mean" for an unknown key or an unknown value named in a toml error message.
fn suggestion(message: &str) -> Option<String> {
    let unknown = message.split_once("unknown field `")?.1.split_once('`')?.0;
    let best = KEYS
        .iter()
        .chain(crate::limits::LIMIT_KEYS)
        .map(|k| (strsim::jaro_winkler(unknown, k), *k))
        .filter(|(score, _)| *score > 0.7)
        .max_by(|a, b| a.0.total_cmp(&b.0))?
        .1;
    Some(format!("您是否想写 `{best}`？/ did you mean `{best}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_configuration_parses() {
        let c = Config::parse(
            "gongkai.toml",
            r#"
lang = "en"
fail-on = "warning"
select = ["applications", "narrative-"]
ignore = ["structure-label-variant"]
rules = ["my-rules"]
jobs = 2
[limits]
max-file-size = "10M"
timeout = 5
[severity]
narrative-percentage-mismatch = "info"
"#,
        )
        .unwrap();
        assert_eq!(c.lang, Some(LangArg::En));
        assert_eq!(c.fail_on, Some(FailOn::Warning));
        assert_eq!(c.select, ["applications", "narrative-"]);
        assert_eq!(c.limits.max_file_size, Some(crate::limits::Size(10 << 20)));
        assert_eq!(
            c.severity["narrative-percentage-mismatch"],
            SeverityName::Info
        );
    }

    #[test]
    fn unknown_keys_are_errors_with_a_suggestion_and_a_location() {
        let text = "lang = \"zh\"\nignor = [\"x\"]\n";
        let err = Config::parse("gongkai.toml", text).unwrap_err();
        let ConfigError::Invalid {
            message,
            span,
            help,
            ..
        } = *err
        else {
            panic!("expected Invalid");
        };
        assert!(message.contains("ignor"), "{message}");
        assert!(help.unwrap().contains("`ignore`"));
        let span = span.unwrap();
        assert_eq!(&text[span.offset()..span.offset() + span.len()], "ignor");
    }

    #[test]
    fn wrong_values_are_errors() {
        assert!(Config::parse("t", "fail-on = \"sometimes\"").is_err());
        assert!(Config::parse("t", "[severity]\nx = \"fatal\"").is_err());
    }
}
