//! SARIF 2.1.0 output, for code-scanning services.
//!
//! Own serde structs for the small part of SARIF gongkai writes (serde-sarif would add a
//! code-generation build step for hundreds of types we do not use). Columns are counted in
//! Unicode code points (`columnKind: unicodeCodePoints`), like the JSON output.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use gongkai_core::{Interrupt, Interrupted, Source, Span};
use gongkai_diagnostic::{Diagnostic, DocumentRole, Lang, Severity};
use serde::Serialize;

use crate::file::{CheckedFile, FileStatus, FileView, RuleInfo, span_end};
use crate::help::{help_text, with_also};

const SARIF_SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// A SARIF log with one run.
#[derive(Debug, Clone, Serialize)]
pub struct SarifLog {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: Vec<Run>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct Run {
    tool: Tool,
    invocations: Vec<Invocation>,
    results: Vec<SarifResult>,
    column_kind: &'static str,
}

#[derive(Debug, Clone, Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    information_uri: Option<String>,
    rules: Vec<Descriptor>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct Descriptor {
    id: String,
    short_description: Message,
    #[serde(skip_serializing_if = "Option::is_none")]
    full_description: Option<Message>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help_uri: Option<String>,
    default_configuration: Configuration,
}

#[derive(Debug, Clone, Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    execution_successful: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tool_execution_notifications: Vec<Notification>,
}

#[derive(Debug, Clone, Serialize)]
struct Notification {
    level: &'static str,
    message: Message,
    locations: Vec<Location>,
    descriptor: NotificationDescriptor,
}

#[derive(Debug, Clone, Serialize)]
struct NotificationDescriptor {
    id: String,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: String,
    rule_index: usize,
    level: &'static str,
    message: Message,
    locations: Vec<Location>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<Location>,
    partial_fingerprints: BTreeMap<&'static str, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<ResultProperties>,
}

/// A result's property bag: the rules whose findings a grouped finding stands for (the same
/// wrong cell breaks their relations too; their messages are in the result's text).
#[derive(Debug, Clone, Serialize)]
struct ResultProperties {
    also: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
struct Message {
    text: String,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
#[allow(clippy::struct_field_names)] // SARIF's names.
struct Location {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Message>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Debug, Clone, Serialize)]
struct ArtifactLocation {
    uri: String,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: u32,
    start_column: u32,
    end_line: u32,
    end_column: u32,
    snippet: Snippet,
    /// For a PDF: the page, and the line within it; for a Word document: the paragraph or
    /// table cell (SARIF's lines are of the text gongkai rebuilt, which no viewer shows).
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<RegionProperties>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct RegionProperties {
    #[serde(skip_serializing_if = "Option::is_none")]
    page: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    line_in_page: Option<u32>,
    /// The same shape as the JSON output's `place`.
    #[serde(skip_serializing_if = "Option::is_none")]
    place: Option<crate::json::JsonPlace>,
}

#[derive(Debug, Clone, Serialize)]
struct Snippet {
    text: String,
}

/// One file's part of a SARIF log, made while the file's text is at hand (see [`SarifFile::new`])
/// and added to a [`SarifBuilder`] later, in output order.
#[derive(Debug, Clone)]
pub struct SarifFile {
    results: Vec<(Severity, SarifResult)>,
    notifications: Vec<Notification>,
}

impl SarifFile {
    /// The results (or the notification of a read failure) of one file.
    pub fn new(file: &FileView<'_>, lang: Lang) -> Self {
        // Without an interrupt nothing stops it; the empty part is never made.
        Self::new_until(file, lang, None).unwrap_or_else(|Interrupted| Self {
            results: Vec::new(),
            notifications: Vec::new(),
        })
    }

    /// As [`SarifFile::new`], asking `interrupt` before each finding (a caller's time limit per
    /// file).
    ///
    /// # Errors
    /// [`Interrupted`] when `interrupt` says stop.
    pub fn new_until(
        file: &FileView<'_>,
        lang: Lang,
        interrupt: Option<&Interrupt>,
    ) -> Result<Self, Interrupted> {
        Ok(match file.status {
            FileStatus::Failed(error) => Self {
                results: Vec::new(),
                notifications: vec![Notification {
                    level: "error",
                    message: Message {
                        text: error.message.clone(),
                    },
                    locations: vec![Location {
                        id: None,
                        physical_location: PhysicalLocation {
                            artifact_location: artifact(file.path),
                            region: None,
                        },
                        message: None,
                    }],
                    descriptor: NotificationDescriptor {
                        id: error.kind.code().to_owned(),
                    },
                }],
            },
            FileStatus::Invalid { error, problems } => {
                let mut part = Self::new(
                    &FileView {
                        path: file.path,
                        status: FileStatus::Failed(error),
                    },
                    lang,
                );
                part.results = results(file.path, &problems, lang, interrupt)?;
                part
            }
            FileStatus::Checked(checked) => Self {
                results: results(file.path, &checked, lang, interrupt)?,
                // A rule that could not check the file is said, not dropped: a note (the run
                // itself went well), on the file, under the rule's id.
                notifications: checked
                    .skipped
                    .iter()
                    .map(|s| Notification {
                        level: "note",
                        message: Message {
                            text: s.reason.clone(),
                        },
                        locations: vec![Location {
                            id: None,
                            physical_location: PhysicalLocation {
                                artifact_location: artifact(file.path),
                                region: None,
                            },
                            message: None,
                        }],
                        descriptor: NotificationDescriptor { id: s.rule.clone() },
                    })
                    .collect(),
            },
        })
    }
}

/// The results of a file's findings, asking `interrupt` before each.
fn results(
    path: &str,
    checked: &CheckedFile<'_>,
    lang: Lang,
    interrupt: Option<&Interrupt>,
) -> Result<Vec<(Severity, SarifResult)>, Interrupted> {
    checked
        .findings
        .iter()
        .map(|f| {
            Interrupt::poll(interrupt)?;
            Ok((f.severity, result(f, path, checked, lang)))
        })
        .collect()
}

/// Collects the results of a run, file by file, into one [`SarifLog`].
#[derive(Debug, Clone)]
pub struct SarifBuilder {
    lang: Lang,
    rules: Vec<RuleInfo>,
    index: HashMap<String, usize>,
    results: Vec<SarifResult>,
    notifications: Vec<Notification>,
    /// Whether a file could not be checked: the run then did not do all it was asked.
    failed: bool,
}

impl SarifBuilder {
    /// A builder that describes `rules` (the rules of the run; rules that appear only in findings
    /// are added as they come).
    pub fn new(rules: &[RuleInfo], lang: Lang) -> Self {
        let mut builder = Self {
            lang,
            rules: Vec::new(),
            index: HashMap::new(),
            results: Vec::new(),
            notifications: Vec::new(),
            failed: false,
        };
        for rule in rules {
            builder.rule_index(&rule.id, Some(rule), Severity::Warning);
        }
        builder
    }

    fn rule_index(&mut self, id: &str, info: Option<&RuleInfo>, severity: Severity) -> usize {
        if let Some(&i) = self.index.get(id) {
            return i;
        }
        let i = self.rules.len();
        self.rules.push(info.cloned().unwrap_or_else(|| RuleInfo {
            id: id.to_owned(),
            title: id.to_owned(),
            description: None,
            severity,
            url: None,
        }));
        self.index.insert(id.to_owned(), i);
        i
    }

    /// Adds one file's findings, or a notification when it could not be read.
    pub fn add_file(&mut self, file: &FileView<'_>) {
        self.add(SarifFile::new(file, self.lang));
    }

    /// Adds a file's part made earlier.
    pub fn add(&mut self, file: SarifFile) {
        for (severity, mut result) in file.results {
            result.rule_index = self.rule_index(&result.rule_id.clone(), None, severity);
            self.results.push(result);
        }
        self.failed |= file.notifications.iter().any(|n| n.level == "error");
        self.notifications.extend(file.notifications);
    }

    /// The finished log.
    pub fn finish(self) -> SarifLog {
        let rules = self
            .rules
            .into_iter()
            .map(|r| Descriptor {
                help_uri: r.url,
                short_description: Message { text: r.title },
                full_description: r.description.map(|text| Message { text }),
                default_configuration: Configuration {
                    level: level(r.severity),
                },
                id: r.id,
            })
            .collect();
        SarifLog {
            schema: SARIF_SCHEMA,
            version: "2.1.0",
            runs: vec![Run {
                tool: Tool {
                    driver: Driver {
                        name: "gongkai",
                        version: env!("CARGO_PKG_VERSION"),
                        // The package's repository URL is a placeholder until the project
                        // is published: no link rather than a dead one.
                        information_uri: None,
                        rules,
                    },
                },
                invocations: vec![Invocation {
                    // A file that could not be read was not checked: a code-scanning service
                    // must not read the run as a clean one.
                    execution_successful: !self.failed,
                    tool_execution_notifications: self.notifications,
                }],
                results: self.results,
                column_kind: "unicodeCodePoints",
            }],
        }
    }
}

fn result(finding: &Diagnostic, path: &str, file: &CheckedFile<'_>, lang: Lang) -> SarifResult {
    let mut locations = Vec::new();
    let mut related = Vec::new();
    let mut fingerprint_basis = None;
    for label in &finding.labels {
        let Some((label_path, source)) = file.source_of(label.document, path) else {
            continue;
        };
        let location = Location {
            id: None,
            physical_location: physical(label_path, source, label.span),
            message: (!label.message.is_empty()).then(|| Message {
                text: label.message.clone(),
            }),
        };
        if label.primary && label.document == DocumentRole::Current && locations.is_empty() {
            fingerprint_basis = Some(line_text(source, label.span));
            locations.push(location);
        } else {
            related.push(Location {
                id: Some(related.len()),
                ..location
            });
        }
    }
    if locations.is_empty() {
        // A finding with no place in the file (a whole section missing) still names the file.
        locations.push(Location {
            id: None,
            physical_location: PhysicalLocation {
                artifact_location: artifact(path),
                region: None,
            },
            message: None,
        });
    }
    let mut text = finding.message.clone();
    if let Some(help) = with_also(help_text(finding, lang), finding, lang) {
        text.push('\n');
        text.push_str(&help);
    }
    let basis = format!(
        "{}\u{0}{}\u{0}{}",
        finding.code,
        fingerprint_basis.unwrap_or_default(),
        finding.message
    );
    SarifResult {
        rule_id: finding.code.clone(),
        rule_index: 0,
        level: level(finding.severity),
        message: Message { text },
        locations,
        related_locations: related,
        partial_fingerprints: BTreeMap::from([("gongkaiFinding/v1", fnv1a(&basis))]),
        properties: (!finding.also.is_empty()).then(|| ResultProperties {
            also: finding.also.iter().map(|f| f.code.clone()).collect(),
        }),
    }
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn physical(path: &str, source: &Source, span: Span) -> PhysicalLocation {
    let (end_line, end_column) = span_end(source, span);
    let at = source.position(span.offset);
    PhysicalLocation {
        artifact_location: artifact(path),
        region: Some(Region {
            start_line: span.line,
            start_column: span.column,
            end_line,
            end_column,
            snippet: Snippet {
                text: source.slice(span).to_owned(),
            },
            properties: (at.page.is_some() || at.place.is_some()).then(|| RegionProperties {
                page: at.page,
                line_in_page: at.page.map(|_| at.line),
                place: at.place.map(crate::json::JsonPlace::from),
            }),
        }),
    }
}

/// The trimmed text of the line a span starts on: a fingerprint that survives lines added above.
fn line_text(source: &Source, span: Span) -> String {
    source
        .lines()
        .line_range(source.text(), span.line)
        .and_then(|r| source.text().get(r))
        .unwrap_or("")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A path as a relative URI reference: `/` separators, everything but unreserved characters
/// percent-encoded (Chinese file names are common).
fn artifact(path: &str) -> ArtifactLocation {
    let mut uri = String::with_capacity(path.len());
    for b in path.replace('\\', "/").bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            uri.push(char::from(b));
        } else {
            let _ = write!(uri, "%{b:02X}");
        }
    }
    ArtifactLocation { uri }
}

/// 64-bit FNV-1a, hex: stable across platforms and versions (unlike `DefaultHasher`).
fn fnv1a(s: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_and_spaces_in_paths_are_percent_encoded() {
        assert_eq!(artifact("报告/a b.txt").uri, "%E6%8A%A5%E5%91%8A/a%20b.txt");
        assert_eq!(artifact(r"dir\x.txt").uri, "dir/x.txt");
    }

    #[test]
    fn fingerprints_are_stable() {
        // The published FNV-1a test vector for "a".
        assert_eq!(fnv1a("a"), "af63dc4c8601ec8c");
    }
}
