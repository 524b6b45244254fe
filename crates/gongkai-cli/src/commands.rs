//! The commands besides `check`: `extract`, `schema`, `rules`.

use std::process::ExitCode;

use gongkai::{Checker, Lang};

use crate::cli::{ExtractArgs, ExtractFormat, SchemaArgs, SchemaKind};
use crate::{EXIT_OK, EXIT_TROUBLE, Output};

/// `gongkai extract FILE`: the report model with every value's span, as JSON or YAML.
pub(crate) fn extract(args: &ExtractArgs) -> miette::Result<ExitCode> {
    let checker = Checker::with_rules(gongkai::RuleSet::new());
    let name = args.file.display().to_string();
    let extracted = match gongkai::read_file(&args.file, checker.read_options().max_bytes)
        .and_then(|bytes| checker.read(&bytes, &name))
    {
        Ok(extracted) => extracted,
        Err(e) => {
            let e = e.to_file_error(Lang::Zh);
            eprintln!("{name}: {}", e.message);
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

/// `gongkai schema report|rule|diagnostics`: exactly the text of `schemas/*.schema.json`.
pub(crate) fn schema(args: &SchemaArgs) -> miette::Result<ExitCode> {
    let text = match args.which {
        SchemaKind::Report => {
            serde_json::to_string_pretty(&schemars::schema_for!(gongkai::Report))
                .map_err(|e| miette::miette!("{e}"))?
                + "\n"
        }
        SchemaKind::Diagnostics => {
            serde_json::to_string_pretty(&gongkai_diagnostics::json_schema())
                .map_err(|e| miette::miette!("{e}"))?
                + "\n"
        }
        SchemaKind::Rule => gongkai_rules::rule_schema_json(),
    };
    let mut out = Output::stdout();
    out.write(&text);
    out.flush();
    Ok(ExitCode::from(EXIT_OK))
}
