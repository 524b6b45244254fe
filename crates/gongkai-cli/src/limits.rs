//! Resource limits from the command line and the `[limits]` table of `gongkai.toml`.
//!
//! The library has a default for each (docs/robustness.md); these let a team lower them for an
//! upload portal or raise them for an odd archive, without code.

use std::time::Duration;

use clap::Args;
use gongkai::{Checker, ReadOptions, RuleLimits};
use serde::Deserialize;

/// The default time limit per file, for every kind of file and covering reading, a PDF's
/// layout, the rules and rendering: a real report takes well under a second (a large PDF about
/// one), so ten seconds stops only hostile or broken inputs.
pub(crate) const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

/// The largest accepted time limit: a day is already no limit at all.
const MAX_TIMEOUT_SECS: u64 = 24 * 60 * 60;

/// Threads per available core at most: more only adds memory and switching (a `jobs = 20000`
/// in a parent folder's gongkai.toml made a run start 20,000 threads and hang).
const JOBS_PER_CORE: usize = 4;

/// The number of threads of a run: `requested` (from `--jobs` or `jobs =`; 0 or none: one per
/// available core), at most [`JOBS_PER_CORE`] per available core, with a note on stderr when a
/// request is lowered.
pub(crate) fn jobs(requested: Option<usize>) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let (jobs, lowered) = cap_jobs(requested, cores);
    if let Some(from) = lowered {
        eprintln!(
            "注意：并行线程数 {from} 过大，已降为 {jobs}（可用 CPU 核数的 {JOBS_PER_CORE} 倍）/ \
             note: {from} jobs lowered to {jobs} ({JOBS_PER_CORE} per available core)"
        );
    }
    jobs
}

/// The threads for `requested` on `cores` cores, and the request when it was lowered.
fn cap_jobs(requested: Option<usize>, cores: usize) -> (usize, Option<usize>) {
    let cap = cores.max(1).saturating_mul(JOBS_PER_CORE);
    match requested.filter(|&n| n > 0) {
        None => (cores.max(1), None),
        Some(n) if n > cap => (cap, Some(n)),
        Some(n) => (n, None),
    }
}

/// The command-line limits, shared by `check` and `extract`.
#[derive(Debug, Clone, Args)]
pub(crate) struct LimitArgs {
    /// 单个文件大小上限，如 50M、512K、1G（默认 50M）/ Largest file read, e.g. 50M, 512K, 1G
    /// (default 50M).
    #[arg(long, value_name = "SIZE", value_parser = parse_size)]
    pub max_file_size: Option<usize>,

    /// 每个文件的处理时间上限，含读取、规则检查与输出（秒，可带小数；0 表示不限；默认 10）/ Time
    /// limit per file, covering reading, the rules and the output, in seconds (decimals allowed;
    /// 0 for none; default 10).
    #[arg(long, value_name = "SECONDS", value_parser = parse_timeout)]
    pub timeout: Option<Timeout>,
}

/// A time limit, or none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Timeout(pub Option<Duration>);

/// The `[limits]` table of `gongkai.toml`.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct LimitsConfig {
    /// Largest file read: bytes, or a size with a unit ("50M").
    pub max_file_size: Option<Size>,
    /// Time limit per file in seconds (0: none).
    pub timeout: Option<TimeoutSetting>,
    /// Largest decompressed `word/document.xml` of a DOCX.
    pub max_docx_size: Option<Size>,
    /// Most entries in a DOCX (ZIP) file.
    pub max_docx_entries: Option<usize>,
    /// Deepest nesting of HTML or DOCX markup.
    pub max_depth: Option<usize>,
    /// Largest rule file.
    pub max_rule_file_size: Option<Size>,
    /// Longest narrative pattern, in bytes of its source.
    pub max_pattern_length: Option<usize>,
    /// Largest compiled narrative pattern.
    pub max_regex_size: Option<Size>,
}

/// The keys of [`LimitsConfig`], for suggestions.
pub(crate) const LIMIT_KEYS: &[&str] = &[
    "max-file-size",
    "timeout",
    "max-docx-size",
    "max-docx-entries",
    "max-depth",
    "max-rule-file-size",
    "max-pattern-length",
    "max-regex-size",
];

/// A size in bytes, written as a number of bytes or a string with a unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(try_from = "SizeRepr")]
pub(crate) struct Size(pub usize);

#[derive(Deserialize)]
#[serde(untagged)]
enum SizeRepr {
    Bytes(u64),
    Text(String),
}

impl TryFrom<SizeRepr> for Size {
    type Error = String;
    fn try_from(repr: SizeRepr) -> Result<Self, String> {
        match repr {
            SizeRepr::Bytes(n) => usize::try_from(n)
                .map(Size)
                .map_err(|_| format!("size {n} is too large")),
            SizeRepr::Text(s) => parse_size(&s).map(Size),
        }
    }
}

/// A time limit in seconds, written as a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(try_from = "TimeoutRepr")]
pub(crate) struct TimeoutSetting(pub Timeout);

#[derive(Deserialize)]
#[serde(untagged)]
enum TimeoutRepr {
    Whole(u64),
    Fraction(f64),
    Decimal(String),
}

impl TryFrom<TimeoutRepr> for TimeoutSetting {
    type Error = String;
    fn try_from(repr: TimeoutRepr) -> Result<Self, String> {
        match repr {
            TimeoutRepr::Whole(n) => parse_timeout(&n.to_string()).map(TimeoutSetting),
            // A setting, not a check: the float only carries what the user wrote, and goes
            // through the same exact parser as the command line.
            TimeoutRepr::Fraction(f) => parse_timeout(&f.to_string()).map(TimeoutSetting),
            TimeoutRepr::Decimal(s) => parse_timeout(&s).map(TimeoutSetting),
        }
    }
}

/// "50M", "512K", "1G", "1048576", "50MiB", "50 MB": binary units, as ripgrep's
/// `--max-filesize`.
pub(crate) fn parse_size(text: &str) -> Result<usize, String> {
    let t = text.trim();
    let digits = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (number, unit) = t.split_at(digits);
    let bad = || format!("无效的大小 / invalid size `{text}` (e.g. 50M, 512K, 1G)");
    let n: usize = number.parse().map_err(|_| bad())?;
    let shift = match unit.trim().to_ascii_uppercase().as_str() {
        "" | "B" => 0,
        "K" | "KB" | "KIB" => 10,
        "M" | "MB" | "MIB" => 20,
        "G" | "GB" | "GIB" => 30,
        _ => return Err(bad()),
    };
    n.checked_mul(1 << shift).filter(|&n| n > 0).ok_or_else(bad)
}

/// Seconds as a whole or decimal number ("30", "0.5"); "0" is no limit.
pub(crate) fn parse_timeout(text: &str) -> Result<Timeout, String> {
    let t = text.trim();
    let bad = || {
        format!("无效的时间上限 / invalid time limit `{text}`: seconds, at most {MAX_TIMEOUT_SECS}")
    };
    let (whole, fraction) = t.split_once('.').unwrap_or((t, ""));
    if whole.is_empty() && fraction.is_empty()
        || !whole.chars().all(|c| c.is_ascii_digit())
        || !fraction.chars().all(|c| c.is_ascii_digit())
        || fraction.len() > 3
    {
        return Err(bad());
    }
    let secs: u64 = if whole.is_empty() {
        0
    } else {
        whole.parse().map_err(|_| bad())?
    };
    let millis: u64 = format!("{fraction:0<3}").parse().map_err(|_| bad())?;
    if secs > MAX_TIMEOUT_SECS {
        return Err(bad());
    }
    let limit = Duration::from_secs(secs) + Duration::from_millis(millis);
    Ok(Timeout((!limit.is_zero()).then_some(limit)))
}

/// The checker with the limits of the command line over those of the configuration.
pub(crate) fn apply(checker: Checker, args: &LimitArgs, config: &LimitsConfig) -> Checker {
    let mut read = ReadOptions::default();
    if let Some(n) = args.max_file_size.or(config.max_file_size.map(|s| s.0)) {
        read.max_bytes = n;
    }
    if let Some(n) = config.max_docx_size {
        read.max_docx_xml_bytes = n.0;
    }
    if let Some(n) = config.max_docx_entries {
        read.max_docx_entries = n;
    }
    if let Some(n) = config.max_depth {
        read.max_depth = n;
    }
    let timeout = args
        .timeout
        .or(config.timeout.map(|t| t.0))
        .unwrap_or(Timeout(Some(DEFAULT_TIMEOUT)));
    checker.with_read_options(read).with_time_limit(timeout.0)
}

/// The limits on loading rule files: the configuration's, else the rules crate's defaults.
pub(crate) fn rule_limits(config: &LimitsConfig) -> RuleLimits {
    let mut limits = RuleLimits::default();
    if let Some(n) = config.max_rule_file_size {
        limits.max_file_bytes = n.0;
    }
    if let Some(n) = config.max_pattern_length {
        limits.max_pattern_bytes = n;
    }
    if let Some(n) = config.max_regex_size {
        limits.max_regex_bytes = n.0;
    }
    limits
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jobs_are_capped_at_four_per_core() {
        assert_eq!(cap_jobs(None, 2), (2, None));
        assert_eq!(cap_jobs(Some(0), 2), (2, None));
        assert_eq!(cap_jobs(Some(3), 2), (3, None));
        assert_eq!(cap_jobs(Some(8), 2), (8, None));
        assert_eq!(cap_jobs(Some(9), 2), (8, Some(9)));
        assert_eq!(cap_jobs(Some(20_000), 2), (8, Some(20_000)));
        assert_eq!(cap_jobs(Some(usize::MAX), 0), (4, Some(usize::MAX)));
    }

    #[test]
    fn sizes_take_binary_units() {
        assert_eq!(parse_size("1048576"), Ok(1 << 20));
        assert_eq!(parse_size("50M"), Ok(50 << 20));
        assert_eq!(parse_size("50 MiB"), Ok(50 << 20));
        assert_eq!(parse_size("512k"), Ok(512 << 10));
        assert_eq!(parse_size("1G"), Ok(1 << 30));
        for bad in ["", "M", "0", "-1", "5T", "1.5M", "99999999999999999999G"] {
            assert!(parse_size(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn timeouts_are_seconds_with_up_to_milliseconds() {
        assert_eq!(
            parse_timeout("30"),
            Ok(Timeout(Some(Duration::from_secs(30))))
        );
        assert_eq!(
            parse_timeout("0.25"),
            Ok(Timeout(Some(Duration::from_millis(250))))
        );
        assert_eq!(
            parse_timeout(".5"),
            Ok(Timeout(Some(Duration::from_millis(500))))
        );
        assert_eq!(parse_timeout("0"), Ok(Timeout(None)));
        for bad in ["", ".", "-1", "1e3", "0.0001", "abc", "86401", "1.5s"] {
            assert!(parse_timeout(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_command_line_wins_over_the_configuration() {
        let config: LimitsConfig = toml::from_str(
            "max-file-size = \"1M\"\ntimeout = 5\nmax-depth = 64\nmax-docx-entries = 100\nmax-docx-size = 4096",
        )
        .unwrap();
        let args = LimitArgs {
            max_file_size: Some(2048),
            timeout: None,
        };
        let checker = apply(Checker::with_rules(gongkai::RuleSet::new()), &args, &config);
        assert_eq!(checker.read_options().max_bytes, 2048);
        assert_eq!(checker.read_options().max_depth, 64);
        assert_eq!(checker.read_options().max_docx_entries, 100);
        assert_eq!(checker.read_options().max_docx_xml_bytes, 4096);
        assert_eq!(checker.time_limit(), Some(Duration::from_secs(5)));

        let none = apply(
            Checker::with_rules(gongkai::RuleSet::new()),
            &LimitArgs {
                max_file_size: None,
                timeout: Some(Timeout(None)),
            },
            &LimitsConfig::default(),
        );
        assert_eq!(
            none.read_options().max_bytes,
            ReadOptions::default().max_bytes
        );
        assert_eq!(none.time_limit(), None);
    }

    #[test]
    fn a_bad_value_in_the_configuration_is_an_error() {
        assert!(toml::from_str::<LimitsConfig>("max-file-size = \"lots\"").is_err());
        assert!(toml::from_str::<LimitsConfig>("timeout = -1").is_err());
        let half: LimitsConfig = toml::from_str("timeout = 0.5").unwrap();
        assert_eq!(
            half.timeout.map(|t| t.0),
            Some(Timeout(Some(Duration::from_millis(500))))
        );
        assert!(toml::from_str::<LimitsConfig>("max-size = 1").is_err());
    }
}
