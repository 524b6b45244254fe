//! The limits on what a rule file may ask of the loader: they keep a hostile or careless rule
//! pack from exhausting memory or time when it is loaded.

/// Limits applied when rule files are loaded ([`RuleSet::add`](crate::RuleSet::add)). The
/// defaults suit every rule of the built-in pack many times over; raise them for a pack that
/// needs more, through [`RuleSet::set_limits`](crate::RuleSet::set_limits) or the CLI's
/// `[limits]` table.
///
/// Not configurable, on purpose: the nesting of YAML (32 levels), of expressions (48) and of
/// patterns (40), which bound the recursion of the parsers and so the use of the stack; and the
/// YAML alias and anchor counts (64 each), which bound the expansion of an alias bomb.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct RuleLimits {
    /// The largest rule file, in bytes; the YAML parser's node, event and scalar budgets grow
    /// with it. Default 256 KiB.
    pub max_file_bytes: usize,
    /// The longest narrative pattern, in bytes of its source. Default 2,000.
    pub max_pattern_bytes: usize,
    /// The largest compiled form of one pattern (the `regex` crate's program and lazy DFA
    /// cache limits), in bytes. Default 1 MiB.
    pub max_regex_bytes: usize,
    /// The most rules a set may hold, built-in and added ([`RuleSet::add`](crate::RuleSet::add)
    /// refuses a batch that would pass it). Default 1,000: the built-in pack has a few dozen.
    pub max_rules: usize,
}

impl Default for RuleLimits {
    fn default() -> Self {
        Self {
            max_file_bytes: 256 * 1024,
            max_pattern_bytes: 2000,
            max_regex_bytes: 1 << 20,
            max_rules: 1000,
        }
    }
}
