//! `gongkai.toml`: the settings a team keeps beside its reports.
//!
//! Unknown keys are errors, shown on the file with a suggestion: a misspelt `ignore` that is
//! silently dropped would switch checks on or off without anyone noticing.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use gongkai::core::{Excerpt, LineIndex};
use gongkai::rules::Snippet;
use miette::{Diagnostic, SourceSpan};
use serde::Deserialize;

use crate::cli::{FailOn, LangArg};

/// The file name searched for upward from the current directory.
pub(crate) const CONFIG_FILE: &str = "gongkai.toml";

/// The largest configuration file read: a real one is a few hundred bytes.
const MAX_CONFIG_BYTES: usize = 1024 * 1024;

/// The keys of [`Config`], for suggestions.
const KEYS: &[&str] = &[
    "lang",
    "fail-on",
    "select",
    "ignore",
    "rules",
    "severity",
    "jobs",
    "limits",
    "docs-url",
    "reuse-threshold",
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
    /// Where the rules' documentation pages are published (`--docs-url`).
    pub docs_url: Option<String>,
    /// `previous-text-mostly-reused` warns at or above this share of last year's narrative
    /// repeated, in percent (`--reuse-threshold`; default 80).
    pub reuse_threshold: Option<u8>,
    /// Resource limits.
    #[serde(default)]
    pub limits: crate::limits::LimitsConfig,
    /// Where the file was read from (set after parsing; rule directories are relative to it).
    #[serde(skip)]
    pub dir: PathBuf,
    /// Whether the file was found by searching upward rather than named (`--config`): its rule
    /// directories must then lie inside its own folder tree.
    #[serde(skip)]
    pub discovered: bool,
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
        /// The lines around the error (long lines windowed around it).
        #[source_code]
        source_code: Snippet,
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
            Some(found) => {
                let mut config = Self::load(&found).map_err(|e| miette::Report::new(*e))?;
                config.discovered = path.is_none();
                Ok(config)
            }
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
            let place = e.span().map(|r| (r.start, r.end.saturating_sub(r.start)));
            let excerpt = Excerpt::new(text, &LineIndex::new(text), place.as_slice(), 1);
            let span = place.map(|(offset, length)| {
                let (at, length) = excerpt.map(offset, length);
                SourceSpan::new(at.into(), length)
            });
            Box::new(ConfigError::Invalid {
                help: suggestion(&message),
                span,
                source_code: Snippet::new(name, excerpt),
                message,
            })
        })
    }

    /// Rule directories, resolved against the configuration file's directory.
    ///
    /// # Errors
    /// For a discovered file (one found by searching upward from wherever the user happens to
    /// run gongkai, perhaps a folder of reports received from others), a rule directory outside
    /// the folder that holds the file: rules from elsewhere must be asked for (`--config`,
    /// `--rules`), not picked up.
    pub(crate) fn rule_dirs(&self) -> miette::Result<Vec<PathBuf>> {
        self.rules
            .iter()
            .map(|d| {
                let dir = self.dir.join(d);
                if self.discovered && !inside(&self.dir, d) {
                    return Err(miette::miette!(
                        "配置文件 {} 中的规则目录 `{}` 不在该文件所在的目录之内：自动找到的配置文件只能使用其目录下的规则；如确需使用，请用 --config 指定配置文件或用 --rules 指定规则目录 / the rule directory `{}` of the discovered {} lies outside its folder: name the configuration with --config or the rules with --rules",
                        self.dir.join(CONFIG_FILE).display(),
                        d.display(),
                        d.display(),
                        self.dir.join(CONFIG_FILE).display(),
                    ));
                }
                Ok(dir)
            })
            .collect()
    }
}

/// Whether `relative`, resolved against `base`, stays inside `base`: no absolute path, no
/// `..` that climbs out, and (when both exist) no symbolic link that leads out.
fn inside(base: &Path, relative: &Path) -> bool {
    use std::path::Component;
    let mut depth = 0usize;
    for part in relative.components() {
        match part {
            Component::Normal(_) => depth += 1,
            Component::CurDir => {}
            Component::ParentDir => match depth.checked_sub(1) {
                Some(d) => depth = d,
                None => return false,
            },
            Component::RootDir | Component::Prefix(_) => return false,
        }
    }
    match (base.canonicalize(), base.join(relative).canonicalize()) {
        (Ok(base), Ok(dir)) => dir.starts_with(base),
        // A directory that does not exist is reported as such when the rules are loaded.
        _ => true,
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
        let ConfigError::Invalid { source_code, .. } =
            *Config::parse("gongkai.toml", text).unwrap_err()
        else {
            panic!("expected Invalid");
        };
        let shown = source_code.excerpt().text();
        assert_eq!(&shown[span.offset()..span.offset() + span.len()], "ignor");
    }

    #[test]
    fn rule_directories_of_a_discovered_file_stay_inside_its_folder() {
        let base =
            std::env::temp_dir().join(format!("gongkai-config-inside-{}", std::process::id()));
        std::fs::create_dir_all(base.join("team/rules")).unwrap();
        std::fs::create_dir_all(base.join("elsewhere")).unwrap();
        let team = base.join("team");
        assert!(inside(&team, Path::new("rules")));
        assert!(inside(&team, Path::new("./rules/../rules")));
        assert!(inside(&team, Path::new("missing")));
        assert!(!inside(&team, Path::new("../elsewhere")));
        assert!(!inside(&team, Path::new("rules/../../elsewhere")));
        assert!(!inside(&team, &base.join("elsewhere")));
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(base.join("elsewhere"), team.join("link")).unwrap();
            assert!(!inside(&team, Path::new("link")));
        }
        let mut config = Config::parse("gongkai.toml", "rules = [\"../elsewhere\"]").unwrap();
        config.dir = team.clone();
        assert!(config.rule_dirs().is_ok(), "named with --config: anywhere");
        config.discovered = true;
        let err = config.rule_dirs().unwrap_err().to_string();
        assert!(err.contains("不在该文件所在的目录之内"), "{err}");
        std::fs::remove_dir_all(&base).ok();
    }

    #[test]
    fn wrong_values_are_errors() {
        assert!(Config::parse("t", "fail-on = \"sometimes\"").is_err());
        assert!(Config::parse("t", "[severity]\nx = \"fatal\"").is_err());
    }
}
