//! The command line, declared with clap.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// 检查政府信息公开工作年度报告：表格勾稽关系、正文与表格是否一致、结构是否完整、与上年报告是否衔接。
///
/// Checks government information-disclosure annual reports (政府信息公开工作年度报告).
#[derive(Debug, Parser)]
#[command(name = "gongkai", version, propagate_version = true)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// 检查报告 / Check reports (files or directories).
    Check(CheckArgs),
    /// 输出报告的读取结果（数值及位置）/ Print the report as read, with every value's location.
    Extract(ExtractArgs),
    /// 规则：列出、说明、测试 / Rules: list, explain, test.
    #[command(subcommand)]
    Rules(RulesCommand),
    /// 同一机关各年度报告对照（表格逐格、变化、跨年度核对、正文沿用）/ One body's reports side by
    /// side: the tables cell by cell, the changes, the cross-year checks, the text reused.
    Compare(CompareArgs),
    /// 输出 JSON Schema / Print a JSON Schema.
    Schema(SchemaArgs),
    /// 在本机打开检查网页（文件不上传）/ Serve the checking web page on this computer (nothing is uploaded).
    Serve(ServeArgs),
}

/// `gongkai serve`.
#[derive(Debug, Args)]
pub(crate) struct ServeArgs {
    /// 端口（0：任选一个空闲端口）/ The port (0: any free port).
    #[arg(long, default_value_t = 8765)]
    pub port: u16,

    /// 提供此目录中的网页，而非程序内置的网页 / Serve the page from this folder instead of the one built in.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// The flags are clap's `--no-config`, `--quiet`, `--statistics`, `--follow`: independent
/// switches, not states.
#[allow(clippy::struct_excessive_bools)]
#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    /// 报告文件或目录（目录递归查找）/ Report files or directories (searched recursively).
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// 输出格式 / Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,

    /// 输出写入此文件（而非标准输出）/ Write the output to this file instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// CSV 不加 UTF-8 字节顺序标记（默认加，Excel 据此识别中文）/ No UTF-8 byte-order mark before
    /// CSV (there is one by default: Excel needs it to read Chinese).
    #[arg(long)]
    pub no_bom: bool,

    /// 消息语言（默认中文）/ Language of messages (Chinese by default).
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,

    /// 额外的规则目录（可多次指定）/ An extra rule directory (repeatable).
    #[arg(long = "rules", value_name = "DIR")]
    pub rule_dirs: Vec<PathBuf>,

    /// 只运行这些规则：规则编号、领域前缀或标签（可用逗号分隔，可多次指定）/ Run only these rules: id,
    /// area prefix or tag (comma-separated, repeatable).
    #[arg(long, value_delimiter = ',', value_name = "RULE")]
    pub select: Vec<String>,

    /// 不运行这些规则 / Do not run these rules (id, area prefix or tag).
    #[arg(long, value_delimiter = ',', value_name = "RULE")]
    pub ignore: Vec<String>,

    /// 上年度报告，用于跨年度核对 / Last year's report of the same body, for year-over-year rules.
    #[arg(long, value_name = "FILE")]
    pub previous: Option<PathBuf>,

    /// 上年度报告所在目录：每份报告与同一机关上一年度的报告配对核对（所查报告之间也自动配对）/ A
    /// folder of last year's reports: each report is paired with its body's report of the year
    /// before (reports of the run are paired with each other too).
    #[arg(long, value_name = "DIR", conflicts_with = "previous")]
    pub previous_dir: Option<PathBuf>,

    /// 正文沿用上年比例达到此百分数时警告（默认 80）/ Warn when this percentage of last year's
    /// narrative or more is repeated (default 80).
    #[arg(long, value_name = "PERCENT", value_parser = clap::value_parser!(u8).range(0..=100))]
    pub reuse_threshold: Option<u8>,

    /// 配置文件（默认从当前目录向上查找 gongkai.toml）/ Configuration file (default: gongkai.toml
    /// found upward from the current directory).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// 不读取任何配置文件 / Read no configuration file.
    #[arg(long, conflicts_with = "config")]
    pub no_config: bool,

    /// 达到此级别的问题使退出码为 1 / Findings at or above this level make the exit code 1.
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,

    /// 并行线程数（默认为 CPU 核数）/ Number of threads (default: number of CPUs).
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,

    /// 跟随目录中的符号链接（默认不跟随）/ Follow symbolic links inside directories (not
    /// followed by default).
    #[arg(long, short = 'L')]
    pub follow: bool,

    /// 只输出问题，不输出汇总和进度 / Print findings only: no summary, no progress bar.
    #[arg(long, short = 'q')]
    pub quiet: bool,

    /// 汇总中按规则统计问题数 / Count findings per rule in the summary.
    #[arg(long)]
    pub statistics: bool,

    /// 列出未能检查的规则及原因（按文件）/ List the rules that could not check each file, with
    /// why.
    #[arg(long)]
    pub show_skipped: bool,

    /// 规则说明页面的网址（`{id}` 处填入规则编号，否则为 URL/<规则编号>.md）/ Where the rules'
    /// documentation is published (`{id}` is replaced by the rule id, else `URL/<id>.md`).
    #[arg(long, value_name = "URL")]
    pub docs_url: Option<String>,

    #[command(flatten)]
    pub limits: crate::limits::LimitArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum OutputFormat {
    /// 供人阅读，在原文上标出问题 / For people: findings drawn on the file.
    Human,
    /// 每个问题一行：路径:页:行:列 级别 规则 消息 / One line per finding: path:page:line:col
    /// severity rule message.
    Concise,
    /// 每个文件一行的汇总表（--output 时为 CSV）/ One row per file (CSV with --output).
    Summary,
    /// JSON（见 schemas/diagnostics.schema.json）.
    Json,
    /// SARIF 2.1.0.
    Sarif,
    /// GitHub Actions workflow annotations.
    Github,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum LangArg {
    /// 中文.
    Zh,
    /// English.
    En,
}

impl From<LangArg> for gongkai::Lang {
    fn from(l: LangArg) -> Self {
        match l {
            LangArg::Zh => gongkai::Lang::Zh,
            LangArg::En => gongkai::Lang::En,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum FailOn {
    /// 仅错误 / Errors only (the default).
    Error,
    /// 警告及以上 / Warnings and errors.
    Warning,
    /// 任何问题 / Any finding, including info.
    Info,
}

impl From<FailOn> for gongkai::Severity {
    fn from(f: FailOn) -> Self {
        match f {
            FailOn::Error => gongkai::Severity::Error,
            FailOn::Warning => gongkai::Severity::Warning,
            FailOn::Info => gongkai::Severity::Info,
        }
    }
}

#[derive(Debug, Args)]
pub(crate) struct ExtractArgs {
    /// 报告文件；csv/jsonl 格式可给多个文件或目录 / The report file; for csv and jsonl, files or
    /// directories (searched recursively).
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<std::path::PathBuf>,
    /// 输出格式 / Output format.
    #[arg(long, value_enum, default_value_t = ExtractFormat::Json)]
    pub format: ExtractFormat,
    /// csv 表头：英文列名、中文列名或两行都有 / CSV header: English column names, Chinese, or both
    /// rows.
    #[arg(long, value_enum, default_value_t = HeaderLang::En)]
    pub header: HeaderLang,
    /// 输出写入此文件（而非标准输出）/ Write the output to this file instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<std::path::PathBuf>,
    /// CSV 不加 UTF-8 字节顺序标记（默认加，Excel 据此识别中文）/ No UTF-8 byte-order mark before
    /// CSV (there is one by default: Excel needs it to read Chinese).
    #[arg(long)]
    pub no_bom: bool,
    /// 并行线程数（csv/jsonl）/ Number of threads (csv, jsonl).
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,
    /// 跟随目录中的符号链接（默认不跟随）/ Follow symbolic links inside directories (not
    /// followed by default).
    #[arg(long, short = 'L')]
    pub follow: bool,
    /// 上年度报告（csv/jsonl）：填入 previous、reuse_rate 列并用于跨年度核对 / Last year's report of
    /// the same body (csv, jsonl): fills the previous and reuse_rate columns and the
    /// year-over-year rules' counts.
    #[arg(long, value_name = "FILE")]
    pub previous: Option<PathBuf>,
    /// 上年度报告所在目录（csv/jsonl）：每份报告与同一机关上一年度的报告配对（所给报告之间也自动配对）
    /// / A folder of last year's reports (csv, jsonl): each report is paired with its body's
    /// report of the year before (the reports given are paired with each other too).
    #[arg(long, value_name = "DIR", conflicts_with = "previous")]
    pub previous_dir: Option<PathBuf>,

    #[command(flatten)]
    pub limits: crate::limits::LimitArgs,
}

/// `gongkai compare`.
#[derive(Debug, Args)]
pub(crate) struct CompareArgs {
    /// 同一机关的两份或多份报告，或其所在目录（按报告中的年度排列）/ Two or more reports of one
    /// body, or a folder of them (put in order by the year each report names).
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// 输出格式 / Output format.
    #[arg(long, value_enum, default_value_t = CompareFormat::Human)]
    pub format: CompareFormat,
    /// 消息语言（默认中文）/ Language of messages (Chinese by default).
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,
    /// 列出全部格（默认不列各年均为 0 且无问题的格）/ List every cell (by default the cells that
    /// are 0 in every year and break nothing are left out of the terminal view).
    #[arg(long)]
    pub all: bool,
    /// 输出写入此文件（而非标准输出）/ Write the output to this file instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// CSV 不加 UTF-8 字节顺序标记 / No UTF-8 byte-order mark before CSV.
    #[arg(long)]
    pub no_bom: bool,
    /// 跟随目录中的符号链接（默认不跟随）/ Follow symbolic links inside directories (not
    /// followed by default).
    #[arg(long, short = 'L')]
    pub follow: bool,

    #[command(flatten)]
    pub limits: crate::limits::LimitArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum CompareFormat {
    /// 供人阅读的对照表 / Side-by-side tables for a terminal.
    Human,
    /// JSON（见 schemas/compare.schema.json）.
    Json,
    /// 每格每对年度一行 / One row per cell and pair of years.
    Csv,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ExtractFormat {
    /// JSON (schemas/report.schema.json).
    Json,
    /// YAML.
    Yaml,
    /// 每份报告一行的表格（见 docs/table-export.md）/ One row per report (docs/table-export.md).
    Csv,
    /// 同 csv，每行一个 JSON 对象 / As csv, one JSON object per line.
    Jsonl,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum HeaderLang {
    /// English column names.
    En,
    /// 中文列名.
    Zh,
    /// 英文一行，中文一行 / An English row, then a Chinese row.
    Both,
}

#[derive(Debug, Subcommand)]
pub(crate) enum RulesCommand {
    /// 列出规则 / List the rules.
    List(RulesListArgs),
    /// 显示规则说明 / Show a rule's documentation.
    Explain(RulesExplainArgs),
    /// 运行规则的测试用例 / Run rules' test cases.
    Test(RulesTestArgs),
}

#[derive(Debug, Args)]
pub(crate) struct RulesListArgs {
    /// 额外的规则目录 / An extra rule directory (repeatable).
    #[arg(long = "rules", value_name = "DIR")]
    pub rule_dirs: Vec<PathBuf>,
    /// 语言（默认中文）/ Language (Chinese by default).
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,
}

#[derive(Debug, Args)]
pub(crate) struct RulesExplainArgs {
    /// 规则编号 / The rule id.
    pub id: String,
    /// 额外的规则目录 / An extra rule directory (repeatable).
    #[arg(long = "rules", value_name = "DIR")]
    pub rule_dirs: Vec<PathBuf>,
    /// 语言（默认中文）/ Language (Chinese by default).
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,
}

#[derive(Debug, Args)]
pub(crate) struct RulesTestArgs {
    /// 规则目录（默认为内置规则）/ A rule directory (default: the built-in rules).
    pub dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct SchemaArgs {
    /// 哪个 Schema / Which schema.
    #[arg(value_enum)]
    pub which: SchemaKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum SchemaKind {
    /// 报告模型（extract 的输出）/ The report model (what `extract` prints).
    Report,
    /// 结构化输入（check report.json|yaml）/ Structured input (`check report.json|yaml`).
    ReportInput,
    /// 规则文件 / Rule files.
    Rule,
    /// check --format json 的输出 / The output of `check --format json`.
    Diagnostics,
    /// compare --format json 的输出 / The output of `compare --format json`.
    Compare,
}
