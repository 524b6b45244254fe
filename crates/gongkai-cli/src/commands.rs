//! The commands besides `check`: `extract`, `schema`, `rules`.

use std::process::ExitCode;

use gongkai::{Checker, Lang};

use crate::cli::{ExtractArgs, ExtractFormat, SchemaArgs, SchemaKind};
use crate::{EXIT_OK, EXIT_TROUBLE, Output};

/// `gongkai extract FILE`: the report model with every value's span, as JSON or YAML.
pub(crate) fn extract(args: &ExtractArgs) -> miette::Result<ExitCode> {
    if matches!(args.format, ExtractFormat::Csv | ExtractFormat::Jsonl) {
        return crate::export::run(args);
    }
    if args.previous.is_some() || args.previous_dir.is_some() {
        return Err(miette::miette!(
            "--previous 和 --previous-dir 只用于 --format csv 或 jsonl / --previous and --previous-dir are for csv and jsonl only"
        ));
    }
    let [file] = args.paths.as_slice() else {
        return Err(miette::miette!(
            "--format json|yaml 只接受一个文件；多个文件请用 --format csv 或 jsonl / json and yaml take one file; use csv or jsonl for many"
        ));
    };
    let checker = crate::limits::apply(
        Checker::with_rules(gongkai::RuleSet::new()),
        &args.limits,
        &crate::limits::LimitsConfig::default(),
    );
    let name = file.display().to_string();
    // A panic while reading or writing the report is shown as the file's error, not as a
    // backtrace.
    let outcome = crate::isolate::guard(|| {
        crate::isolate::test_hook("read", &name);
        let extracted = crate::files::read_input(file, checker.read_options().max_bytes)
            .and_then(|bytes| checker.read(&bytes, &name))
            .map_err(|e| e.to_file_error(Lang::Zh).message)?;
        crate::isolate::test_hook("render", &name);
        match args.format {
            ExtractFormat::Json => serde_json::to_string_pretty(&extracted.report)
                .map(|s| s + "\n")
                .map_err(|e| e.to_string()),
            // csv and jsonl were handed to `export` above.
            ExtractFormat::Yaml | ExtractFormat::Csv | ExtractFormat::Jsonl => {
                serde_saphyr::to_string(&extracted.report).map_err(|e| e.to_string())
            }
        }
    })
    .unwrap_or_else(|detail| Err(crate::isolate::internal_error(&name, &detail, Lang::Zh).message));
    let text = match outcome {
        Ok(text) => text,
        Err(message) => {
            eprintln!("{name}: {message}");
            return Ok(ExitCode::from(EXIT_TROUBLE));
        }
    };
    let mut out = Output::create(args.output.as_deref(), None)?;
    out.write(&text);
    out.flush()?;
    Ok(ExitCode::from(EXIT_OK))
}

/// `gongkai schema report|rule|diagnostics|compare`: exactly the text of `schemas/*.schema.json`.
pub(crate) fn schema(args: &SchemaArgs) -> miette::Result<ExitCode> {
    let text = match args.which {
        SchemaKind::Report => {
            serde_json::to_string_pretty(&schemars::schema_for!(gongkai::Report))
                .map_err(|e| miette::miette!("{e}"))?
                + "\n"
        }
        SchemaKind::Diagnostics => {
            serde_json::to_string_pretty(&gongkai::render::json_schema())
                .map_err(|e| miette::miette!("{e}"))?
                + "\n"
        }
        SchemaKind::Compare => {
            serde_json::to_string_pretty(&gongkai::compare::json_schema())
                .map_err(|e| miette::miette!("{e}"))?
                + "\n"
        }
        SchemaKind::Rule => gongkai::rules::rule_schema_json(),
        SchemaKind::ReportInput => gongkai::reader::input_schema_json(),
    };
    let mut out = Output::stdout();
    out.write(&text);
    out.flush()?;
    Ok(ExitCode::from(EXIT_OK))
}
