//! The commands besides `check`: `extract`, `schema`, `rules`.

use std::process::ExitCode;

use gongkai::{Checker, Lang};

use crate::cli::{ExtractArgs, ExtractFormat, RulesCommand, SchemaArgs, SchemaKind};
use crate::{EXIT_OK, EXIT_TROUBLE, Output};

/// `gongkai extract FILE`: the report model with every value's span, as JSON or YAML.
pub(crate) fn extract(args: &ExtractArgs) -> miette::Result<ExitCode> {
    let checker = Checker::new();
    let name = args.file.display().to_string();
    let extracted = match gongkai::read_file(&args.file, usize::MAX)
        .and_then(|bytes| checker.read(&bytes, &name))
    {
        Ok(extracted) => extracted,
        Err(e) => {
            let e = e.to_file_error(Lang::Zh);
            eprintln!("{name}: 无法作为年度报告读取：{}", e.message);
            return Ok(ExitCode::from(EXIT_TROUBLE));
        }
    };
    let text = match args.format {
        ExtractFormat::Json => serde_json::to_string_pretty(&extracted.report)
            .map(|s| s + "\n")
            .map_err(|e| miette::miette!("{e}"))?,
        ExtractFormat::Yaml => {
            serde_saphyr::to_string(&extracted.report).map_err(|e| miette::miette!("{e}"))?
        }
    };
    let mut out = Output::stdout();
    out.write(&text);
    out.flush();
    Ok(ExitCode::from(EXIT_OK))
}

/// `gongkai schema report|rule|diagnostics`.
pub(crate) fn schema(args: &SchemaArgs) -> miette::Result<ExitCode> {
    let value = match args.which {
        SchemaKind::Report => serde_json::to_value(schemars::schema_for!(gongkai::Report))
            .map_err(|e| miette::miette!("{e}"))?,
        SchemaKind::Diagnostics => gongkai_diagnostics::json_schema(),
        SchemaKind::Rule => {
            return Err(miette::miette!(
                "规则文件的 Schema 尚未提供 / the rule schema is not available yet"
            ));
        }
    };
    let mut out = Output::stdout();
    out.write(&(serde_json::to_string_pretty(&value).unwrap_or_default() + "\n"));
    out.flush();
    Ok(ExitCode::from(EXIT_OK))
}

/// `gongkai rules list|explain|test`.
pub(crate) fn rules(command: &RulesCommand) -> miette::Result<ExitCode> {
    let _ = command;
    Err(miette::miette!(
        "规则库尚未提供 / the rules are not available yet"
    ))
}
