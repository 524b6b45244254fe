//! Year over year across a run: each report paired with its body's report of the year before.
//!
//! A supervisor checks a folder of many bodies' reports, several years of each, or this year's
//! reports with last year's kept in another folder. A report's body is its organisation's name
//! reduced by [`body_key`] ("淮安市洪泽区人民政府" and "洪泽区人民政府" are
//! one body, so are "平潭综合实验区管委会" and "平潭综合实验区"); its year is the one of its title
//! or 统计期限. A report is paired with the one report of the same body for the year before; when
//! there are two such reports (two copies, a draft and the final), the pairing is ambiguous and
//! said so — never guessed — and the year-over-year rules do not run on it.

use crate::Report;
use crate::core::body_key;

/// What pairs a report with another: its body and its year.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PairKey {
    /// The organisation's name reduced by [`body_key`].
    pub body: String,
    /// The year reported on.
    pub year: i32,
}

impl PairKey {
    /// The key of a report: `None` when its organisation or year was not found (such a report
    /// pairs with none).
    pub fn of(report: &Report) -> Option<Self> {
        let organisation = report.metadata.organisation.as_ref()?;
        let year = report.metadata.year.as_ref()?;
        let body = body_key(&organisation.value);
        (!body.is_empty()).then_some(Self {
            body,
            year: year.value,
        })
    }
}

/// The report of the year before found for one report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PreviousMatch {
    /// No report of the same body for the year before (or the report has no key).
    None,
    /// Exactly one: its index among the keys given to [`pair`].
    One(usize),
    /// Two or more: their indices, in the order given. None is used.
    Ambiguous(Vec<usize>),
}

impl PreviousMatch {
    /// The one report of the year before, if there is exactly one.
    pub fn one(&self) -> Option<usize> {
        match self {
            Self::One(i) => Some(*i),
            _ => None,
        }
    }
}

/// Pairs the first `checked` reports of `keys` (the run's) each with the report of the year
/// before among all of `keys` (the run's and, after them, last year's reports given apart, as
/// `--previous-dir`). The result has one entry per checked report.
///
/// ```
/// use gongkai::pairing::{PairKey, PreviousMatch, pair};
/// let key = |body: &str, year| Some(PairKey { body: body.into(), year });
/// let keys = [key("A", 2022), key("A", 2021), key("B", 2022), key("B", 2021), key("B", 2021)];
/// let found = pair(&keys, 3);
/// assert_eq!(found[0], PreviousMatch::One(1));
/// assert_eq!(found[1], PreviousMatch::None);
/// assert_eq!(found[2], PreviousMatch::Ambiguous(vec![3, 4]));
/// ```
pub fn pair(keys: &[Option<PairKey>], checked: usize) -> Vec<PreviousMatch> {
    let mut by_key: std::collections::HashMap<(&str, i32), Vec<usize>> =
        std::collections::HashMap::new();
    for (i, key) in keys.iter().enumerate() {
        if let Some(k) = key {
            by_key.entry((k.body.as_str(), k.year)).or_default().push(i);
        }
    }
    keys.iter()
        .take(checked)
        .map(|key| {
            let Some(k) = key else {
                return PreviousMatch::None;
            };
            match k
                .year
                .checked_sub(1)
                .and_then(|y| by_key.get(&(k.body.as_str(), y)))
                .map(Vec::as_slice)
            {
                None | Some([]) => PreviousMatch::None,
                Some([one]) => PreviousMatch::One(*one),
                Some(many) => PreviousMatch::Ambiguous(many.to_vec()),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    // An `Option` as `pair` takes them (a report may have no key).
    #[allow(clippy::unnecessary_wraps)]
    fn key(body: &str, year: i32) -> Option<PairKey> {
        Some(PairKey {
            body: body_key(body),
            year,
        })
    }

    #[test]
    fn the_same_body_written_differently_pairs() {
        let keys = [
            key("淮安市洪泽区人民政府", 2023),
            key("洪泽区人民政府", 2022),
            None,
            key("平潭综合实验区管委会", 2022),
            key("平潭综合实验区", 2021),
        ];
        assert_eq!(
            pair(&keys, 5),
            [
                PreviousMatch::One(1),
                PreviousMatch::None,
                PreviousMatch::None,
                PreviousMatch::One(4),
                PreviousMatch::None,
            ]
        );
    }

    #[test]
    fn a_gap_year_pairs_with_nothing() {
        let keys = [key("洪泽区人民政府", 2023), key("洪泽区人民政府", 2021)];
        assert_eq!(pair(&keys, 2), [PreviousMatch::None, PreviousMatch::None]);
    }
}
