//! The rule set: built-in and extra rules, selection, severity overrides, and evaluation.

use gongkai_core::{Interrupt, Interrupted, Report};

use crate::error::{LoadError, LoadErrors};
use crate::load::load_rule;
use crate::meta::RuleMeta;
use crate::native::{Context, NativeRule};
use crate::pattern::Patterns;
use crate::rule::Rule;
use crate::{Lang, Outcome, RuleLimits, RuleResult, Severity};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/builtin.rs"));
}

/// A rule file handed to the loader: its path (used in messages and to find its area and id)
/// and its text. The crate reads no files itself.
#[derive(Debug, Clone, Copy)]
pub struct RuleSource<'a> {
    /// The path, e.g. `rules/applications/applications-balance-mismatch.yaml`.
    pub path: &'a str,
    /// The YAML text.
    pub text: &'a str,
}

/// The built-in rule files, as `(path under rules/, text)`.
pub fn builtin_rule_files() -> &'static [(&'static str, &'static str)] {
    embedded::RULES
}

/// The built-in rule test files, as `(path under rules/, text)`.
pub fn builtin_test_files() -> &'static [(&'static str, &'static str)] {
    embedded::TESTS
}

/// Whether a path is a rule test file (`*.test.yaml`) rather than a rule.
pub fn is_test_file(path: &str) -> bool {
    path.ends_with(".test.yaml") || path.ends_with(".test.yml")
}

enum Check {
    Yaml(Box<Rule>),
    Native(Box<dyn NativeRule>),
}

struct Entry {
    meta: RuleMeta,
    check: Check,
    enabled: bool,
}

/// A set of rules ready to evaluate: load the built-in pack and any extra rule files, select or
/// ignore rules, override severities, then [`evaluate`](Self::evaluate) reports.
#[derive(Default)]
pub struct RuleSet {
    entries: Vec<Entry>,
    limits: RuleLimits,
    /// The patterns compiled for the rules, shared by rules with the same phrasing.
    patterns: Patterns,
}

impl std::fmt::Debug for RuleSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list()
            .entries(self.entries.iter().map(|e| &e.meta.id))
            .finish()
    }
}

impl RuleSet {
    /// An empty set.
    pub fn new() -> Self {
        Self::default()
    }

    /// The built-in rule pack.
    ///
    /// # Errors
    /// Never for a released build (a test loads the pack); the errors are returned rather than
    /// panicking so a broken development build says what is wrong.
    pub fn builtin() -> Result<Self, LoadErrors> {
        let sources: Vec<RuleSource<'_>> = builtin_rule_files()
            .iter()
            .map(|(path, text)| RuleSource { path, text })
            .collect();
        let mut set = Self::new();
        set.add_with(&sources, crate::load::load_builtin_rule)?;
        Ok(set)
    }

    /// Loads rule files into the set (test files, `*.test.yaml`, are skipped). Every file is
    /// checked, so all mistakes are reported at once.
    ///
    /// # Errors
    /// The load errors of every file that could not be loaded, each located in its file, and
    /// duplicate ids. Nothing is added when there is an error.
    pub fn add(&mut self, sources: &[RuleSource<'_>]) -> Result<(), LoadErrors> {
        self.add_with(sources, load_rule)
    }

    /// Sets the limits that [`add`](Self::add) applies to the rule files it loads from now on.
    pub fn set_limits(&mut self, limits: RuleLimits) {
        self.limits = limits;
    }

    /// The limits [`add`](Self::add) applies.
    pub fn limits(&self) -> RuleLimits {
        self.limits
    }

    fn add_with(
        &mut self,
        sources: &[RuleSource<'_>],
        load_rule: fn(&str, &str, &RuleLimits, &mut Patterns) -> Result<Rule, LoadError>,
    ) -> Result<(), LoadErrors> {
        let rule_files: Vec<&RuleSource<'_>> =
            sources.iter().filter(|s| !is_test_file(s.path)).collect();
        let total = self.entries.len() + rule_files.len();
        if total > self.limits.max_rules {
            // Refused before anything is loaded: each rule costs its compiled checks, and
            // every report is checked by each.
            let first = rule_files.first().map_or("", |s| s.path);
            return Err(LoadErrors(vec![LoadError::new(
                first,
                "",
                format!(
                    "too many rules: {total}, over the limit of {} (规则过多：共 {total} 条，超过上限 {} 条)",
                    self.limits.max_rules, self.limits.max_rules
                ),
            )
            .help(Some(
                "merge rules that differ only in their numbers, or raise `[limits] max-rules`"
                    .to_owned(),
            ))]));
        }
        let mut errors = Vec::new();
        let mut new: Vec<Entry> = Vec::new();
        // The ids and origins of the rules so far, so that a duplicate is found in one lookup.
        let mut ids: std::collections::HashMap<String, String> = self
            .entries
            .iter()
            .map(|e| (e.meta.id.clone(), e.meta.origin.clone()))
            .collect();
        for s in rule_files {
            match load_rule(s.path, s.text, &self.limits, &mut self.patterns) {
                Ok(rule) => {
                    let dup = ids.get(&rule.meta.id).cloned();
                    if let Some(first) = dup {
                        let at = s.text.find("id:").unwrap_or(0);
                        errors.push(
                            LoadError::new(
                                s.path,
                                s.text,
                                format!("duplicate rule id `{}`", rule.meta.id),
                            )
                            .at(s.text, at, 3, "this id")
                            .help(Some(format!(
                                "`{}` is already defined in {first}",
                                rule.meta.id
                            ))),
                        );
                        continue;
                    }
                    ids.insert(rule.meta.id.clone(), rule.meta.origin.clone());
                    new.push(Entry {
                        meta: rule.meta.clone(),
                        check: Check::Yaml(Box::new(rule)),
                        enabled: true,
                    });
                }
                Err(e) => errors.push(e),
            }
        }
        if !errors.is_empty() {
            return Err(LoadErrors(errors));
        }
        self.entries.extend(new);
        Ok(())
    }

    /// Registers a native rule.
    ///
    /// # Errors
    /// When a rule with the same id is already in the set.
    pub fn add_native(&mut self, rule: Box<dyn NativeRule>) -> Result<(), LoadError> {
        let meta = rule.meta();
        if self.entries.iter().any(|e| e.meta.id == meta.id) {
            return Err(LoadError::new(
                &meta.origin,
                "",
                format!("duplicate rule id `{}`", meta.id),
            ));
        }
        self.entries.push(Entry {
            meta,
            check: Check::Native(rule),
            enabled: true,
        });
        Ok(())
    }

    /// Keeps only the rules named by any selector (an id, an area, an id prefix, a tag, or
    /// `all`); an empty list keeps everything.
    pub fn select(&mut self, selectors: &[&str]) {
        if selectors.is_empty() {
            return;
        }
        for e in &mut self.entries {
            e.enabled = e.enabled && selectors.iter().any(|s| e.meta.matches(s));
        }
    }

    /// Disables the rules named by any selector.
    pub fn ignore(&mut self, selectors: &[&str]) {
        for e in &mut self.entries {
            if selectors.iter().any(|s| e.meta.matches(s)) {
                e.enabled = false;
            }
        }
    }

    /// Changes the severity of the rules a selector names; returns how many it named (0 means
    /// the selector names no rule, which a configuration should report).
    pub fn set_severity(&mut self, selector: &str, severity: Severity) -> usize {
        let mut n = 0;
        for e in &mut self.entries {
            if e.meta.matches(selector) {
                e.meta.severity = severity;
                n += 1;
            }
        }
        n
    }

    /// Whether any rule (enabled or not) is named by a selector.
    pub fn knows(&self, selector: &str) -> bool {
        self.entries.iter().any(|e| e.meta.matches(selector))
    }

    /// The enabled rules, in order.
    pub fn rules(&self) -> impl Iterator<Item = &RuleMeta> {
        self.entries.iter().filter(|e| e.enabled).map(|e| &e.meta)
    }

    /// A rule by id (enabled or not).
    pub fn get(&self, id: &str) -> Option<&RuleMeta> {
        self.entries
            .iter()
            .find(|e| e.meta.id == id)
            .map(|e| &e.meta)
    }

    /// The closest rule id, for "did you mean" on a mistyped id.
    pub fn suggest(&self, id: &str) -> Option<String> {
        crate::paths::suggest(id, self.entries.iter().map(|e| e.meta.id.as_str()))
    }

    /// A rule's documentation page in markdown (what `rules explain` prints).
    pub fn explain(&self, id: &str) -> Option<String> {
        self.get(id).map(crate::docs::rule_page)
    }

    /// Evaluates every enabled rule on a report (and last year's report of the same body, for
    /// the rules that compare with it). One result per rule, in the set's order.
    pub fn evaluate(
        &self,
        report: &Report,
        previous: Option<&Report>,
        lang: Lang,
    ) -> Vec<RuleResult> {
        self.evaluate_until(report, previous, lang, None)
            .unwrap_or_default()
    }

    /// As [`RuleSet::evaluate`], asking `interrupt` before and after each rule, and inside one:
    /// a YAML rule for each match and binding, a native rule through
    /// [`Context::should_stop`] (it is handed the interrupt).
    ///
    /// # Errors
    /// [`Interrupted`] when `interrupt` says stop; the results so far are dropped.
    pub fn evaluate_until(
        &self,
        report: &Report,
        previous: Option<&Report>,
        lang: Lang,
        interrupt: Option<&Interrupt>,
    ) -> Result<Vec<RuleResult>, Interrupted> {
        let shared = crate::eval::Shared::until(interrupt);
        self.entries
            .iter()
            .filter(|e| e.enabled)
            .map(|e| {
                Interrupt::poll(interrupt)?;
                let outcome = match &e.check {
                    Check::Yaml(rule) => crate::eval::evaluate(
                        rule,
                        report,
                        previous,
                        lang,
                        e.meta.severity,
                        &shared,
                    ),
                    Check::Native(n) => {
                        let ctx = Context {
                            report,
                            previous,
                            lang,
                            interrupt,
                        };
                        match n.check(&ctx) {
                            Outcome::Findings { mut findings } => {
                                for f in &mut findings {
                                    f.code.clone_from(&e.meta.id);
                                    f.severity = e.meta.severity;
                                }
                                Outcome::Findings { findings }
                            }
                            other => other,
                        }
                    }
                };
                // A rule asked to stop ended early: what it found is not the rule's outcome.
                Interrupt::poll(interrupt)?;
                Ok(RuleResult {
                    rule: e.meta.id.clone(),
                    outcome,
                })
            })
            .collect()
    }

    pub(crate) fn yaml_rule(&self, id: &str) -> Option<&Rule> {
        self.entries.iter().find_map(|e| match &e.check {
            Check::Yaml(r) if r.meta.id == id => Some(r.as_ref()),
            _ => None,
        })
    }
}
