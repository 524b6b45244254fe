//! The part of CSS that decides whether a page's text is seen: `display: none` and
//! `visibility: hidden` from the page's own `<style>` elements and from `style` attributes.
//!
//! Understood, deliberately a small subset (see `docs/input-formats.md`):
//!
//! - selectors made of compound selectors — a type (`span`, `*`), classes (`.hide`) and an id
//!   (`#note`) — joined by descendant (` `) and child (`>`) combinators, in selector lists;
//! - the declarations `display` (`none` hides; any other value shows) and `visibility`
//!   (`hidden` and `collapse` hide, `visible` shows again, inherited), with `!important`;
//! - the cascade by importance, then inline style over style sheets, then specificity, then
//!   order.
//!
//! Not understood, and so never hiding anything: other selectors (attributes, pseudo-classes,
//! sibling combinators — a rule with one is skipped), at-rules (an `@media` block applies only on
//! some screens), `<style media=…>` other than `all` or `screen`, external style sheets, and
//! other ways of making text invisible (zero size, colour, clipping, positioning off screen).
//!
//! Matching is linear: every selector part is a bit, and an element's bits follow from its
//! parent's (a descendant combinator asks whether any ancestor had the part before, a child
//! combinator whether the parent had it), so a hostile style sheet cannot make matching
//! backtrack. The number of selector parts is bounded ([`MAX_PARTS`]).

use std::collections::HashMap;

/// Most compound selectors kept from a page's style sheets: a bound on the work per element.
/// Only rules that set `display` or `visibility` count; portals have a few dozen.
const MAX_PARTS: usize = 1024;

/// Most compound selectors in one selector.
const MAX_SELECTOR_PARTS: usize = 16;

/// Whether a declaration hides or shows, and its weight in the cascade.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Decl {
    pub hides: bool,
    pub important: bool,
}

/// The `display` and `visibility` of a declaration block (the last of each, as CSS reads it).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Decls {
    pub display: Option<Decl>,
    pub visibility: Option<Decl>,
}

/// Reads the declarations of a block or a `style` attribute.
pub(crate) fn declarations(block: &str) -> Decls {
    let mut out = Decls::default();
    for decl in block.split(';') {
        let Some((name, value)) = decl.split_once(':') else {
            continue;
        };
        let name = name.trim().to_ascii_lowercase();
        let value = value.trim().to_ascii_lowercase();
        let (value, important) = match value.strip_suffix("important") {
            Some(v) if v.trim_end().ends_with('!') => (
                v.trim_end().trim_end_matches('!').trim_end().to_owned(),
                true,
            ),
            _ => (value, false),
        };
        match name.as_str() {
            "display" => {
                out.display = Some(Decl {
                    hides: value == "none",
                    important,
                });
            }
            "visibility" => {
                out.visibility = Some(Decl {
                    hides: value == "hidden" || value == "collapse",
                    important,
                });
            }
            _ => {}
        }
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Combinator {
    Descendant,
    Child,
}

/// One compound selector: `tag.class1.class2#id`.
#[derive(Debug, Clone, Default)]
struct Compound {
    tag: Option<String>,
    classes: Vec<String>,
    id: Option<String>,
}

impl Compound {
    fn matches(&self, e: &Element<'_>) -> bool {
        self.tag.as_deref().is_none_or(|t| t == e.tag)
            && self.id.as_deref().is_none_or(|id| Some(id) == e.id)
            && self.classes.iter().all(|c| e.classes.contains(&c.as_str()))
    }

    /// What an element must have for this compound to match, for the index.
    fn key(&self) -> Key {
        if let Some(id) = &self.id {
            Key::Id(id.clone())
        } else if let Some(c) = self.classes.first() {
            Key::Class(c.clone())
        } else if let Some(t) = &self.tag {
            Key::Tag(t.clone())
        } else {
            Key::Any
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    Id(String),
    Class(String),
    Tag(String),
    Any,
}

/// A rule's selector, kept as the range of its compounds in [`StyleSheet::parts`].
#[derive(Debug, Clone)]
struct Rule {
    first: usize,
    len: usize,
    specificity: (u32, u32, u32),
    order: usize,
    decls: Decls,
}

/// An element as the style sheet sees it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Element<'a> {
    /// The tag name, lower case.
    pub tag: &'a str,
    pub id: Option<&'a str>,
    pub classes: &'a [&'a str],
}

/// The rules of a page's `<style>` elements that set `display` or `visibility`.
#[derive(Debug, Default)]
pub(crate) struct StyleSheet {
    parts: Vec<Compound>,
    /// For each part, the combinator linking it to the part before (none for a rule's first).
    combinators: Vec<Option<Combinator>>,
    /// For each part, its rule.
    rule_of: Vec<usize>,
    rules: Vec<Rule>,
    index: HashMap<Key, Vec<usize>>,
    /// Per open element (by depth), `words` words of "this part matches here" bits, then
    /// `words` of "this part matches here or at an ancestor".
    bits: Vec<u64>,
    words: usize,
}

impl StyleSheet {
    /// Parses the text of a page's style elements.
    pub(crate) fn parse(css: &str) -> StyleSheet {
        let mut sheet = StyleSheet::default();
        let css = strip_comments(css);
        let mut rest = css.as_str();
        let mut order = 0;
        while let Some(open) = rest.find(['{', '@']) {
            if rest.as_bytes()[open] == b'@' {
                // An at-rule: up to its `;`, or over its block.
                let after = &rest[open..];
                let semi = after.find(';');
                let brace = after.find('{');
                rest = match (semi, brace) {
                    (Some(s), Some(b)) if s < b => &after[s + 1..],
                    (_, Some(b)) => &after[b + skip_block(&after[b..])..],
                    (Some(s), None) => &after[s + 1..],
                    (None, None) => "",
                };
                continue;
            }
            let selectors = &rest[..open];
            let body_len = skip_block(&rest[open..]);
            let body = rest[open + 1..open + body_len].trim_end_matches('}');
            rest = &rest[open + body_len..];
            let decls = declarations(body);
            if decls.display.is_none() && decls.visibility.is_none() {
                continue;
            }
            for selector in selectors.split(',') {
                if let Some(parts) = parse_selector(selector) {
                    if sheet.parts.len() + parts.len() > MAX_PARTS {
                        break;
                    }
                    sheet.add(parts, decls, order);
                    order += 1;
                }
            }
        }
        sheet.words = sheet.parts.len().div_ceil(64);
        for (i, part) in sheet.parts.iter().enumerate() {
            sheet.index.entry(part.key()).or_default().push(i);
        }
        sheet
    }

    fn add(&mut self, parts: Vec<(Option<Combinator>, Compound)>, decls: Decls, order: usize) {
        let rule = self.rules.len();
        let first = self.parts.len();
        let mut specificity = (0, 0, 0);
        for (combinator, part) in &parts {
            specificity.0 += u32::from(part.id.is_some());
            specificity.1 += part.classes.len() as u32;
            specificity.2 += u32::from(part.tag.is_some());
            self.combinators.push(*combinator);
            self.rule_of.push(rule);
        }
        self.rules.push(Rule {
            first,
            len: parts.len(),
            specificity,
            order,
            decls,
        });
        self.parts.extend(parts.into_iter().map(|(_, p)| p));
    }

    /// Whether the sheet has any rule (a page without one costs nothing per element).
    pub(crate) fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// Matches an element opened at `depth` (its parent at `depth - 1`, already matched) and
    /// returns the cascaded `display` and `visibility` declarations for it (`inline` is its
    /// `style` attribute).
    pub(crate) fn cascade(&mut self, depth: usize, element: &Element<'_>, inline: Decls) -> Decls {
        let w = self.words;
        if w == 0 {
            return inline;
        }
        let need = (depth + 1) * 2 * w;
        if self.bits.len() < need {
            self.bits.resize(need, 0);
        }
        let (before, here) = self.bits.split_at_mut(depth * 2 * w);
        let parent = depth.checked_sub(1).map(|_| &before[(depth - 1) * 2 * w..]);
        let (active, avail) = here[..2 * w].split_at_mut(w);
        active.fill(0);
        match parent {
            Some(p) => avail.copy_from_slice(&p[w..2 * w]),
            None => avail.fill(0),
        }
        let mut matched: Vec<usize> = Vec::new();
        let keys = std::iter::once(Key::Tag(element.tag.to_owned()))
            .chain(element.id.map(|id| Key::Id(id.to_owned())))
            .chain(element.classes.iter().map(|c| Key::Class((*c).to_owned())))
            .chain(std::iter::once(Key::Any));
        for key in keys {
            let Some(candidates) = self.index.get(&key) else {
                continue;
            };
            for &i in candidates {
                if bit(active, i) || !self.parts[i].matches(element) {
                    continue;
                }
                let linked = match self.combinators[i] {
                    None => true,
                    Some(Combinator::Descendant) => {
                        parent.is_some_and(|p| bit(&p[w..2 * w], i - 1))
                    }
                    Some(Combinator::Child) => parent.is_some_and(|p| bit(&p[..w], i - 1)),
                };
                if !linked {
                    continue;
                }
                set(active, i);
                set(avail, i);
                let rule = &self.rules[self.rule_of[i]];
                if i == rule.first + rule.len - 1 {
                    matched.push(self.rule_of[i]);
                }
            }
        }
        let mut out = Decls::default();
        let weight = |d: &Decl, inline: bool, r: Option<&Rule>| {
            (
                d.important,
                inline,
                r.map(|r| r.specificity),
                r.map(|r| r.order),
            )
        };
        let mut pick = |slot: fn(&Decls) -> Option<Decl>, set_out: fn(&mut Decls, Decl)| {
            let mut best: Option<(Decl, _)> = slot(&inline).map(|d| (d, weight(&d, true, None)));
            for &r in &matched {
                let rule = &self.rules[r];
                if let Some(d) = slot(&rule.decls) {
                    let w = weight(&d, false, Some(rule));
                    if best.as_ref().is_none_or(|(_, b)| w > *b) {
                        best = Some((d, w));
                    }
                }
            }
            if let Some((d, _)) = best {
                set_out(&mut out, d);
            }
        };
        pick(|d| d.display, |o, d| o.display = Some(d));
        pick(|d| d.visibility, |o, d| o.visibility = Some(d));
        out
    }
}

fn bit(words: &[u64], i: usize) -> bool {
    words.get(i / 64).is_some_and(|w| w & (1 << (i % 64)) != 0)
}

fn set(words: &mut [u64], i: usize) {
    if let Some(w) = words.get_mut(i / 64) {
        *w |= 1 << (i % 64);
    }
}

/// The length of the block starting at `{` in `s`, through its matching `}` (nested blocks
/// included), or the rest of `s` when it is not closed.
fn skip_block(s: &str) -> usize {
    let mut depth = 0usize;
    for (i, b) in s.bytes().enumerate() {
        match b {
            b'{' => depth += 1,
            b'}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
    }
    s.len()
}

fn strip_comments(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(i) = rest.find("/*") {
        out.push_str(&rest[..i]);
        out.push(' ');
        rest = rest[i + 2..]
            .find("*/")
            .map_or("", |j| &rest[i + 2 + j + 2..]);
    }
    out.push_str(rest);
    out
}

/// Parses one selector of the understood subset, or `None` for any other.
fn parse_selector(text: &str) -> Option<Vec<(Option<Combinator>, Compound)>> {
    let mut parts: Vec<(Option<Combinator>, Compound)> = Vec::new();
    let mut pending: Option<Combinator> = None;
    let bytes = text.as_bytes();
    let mut i = 0;
    let ident_end = |from: usize| {
        bytes[from..]
            .iter()
            .position(|&b| !(b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b >= 0x80))
            .map_or(bytes.len(), |p| from + p)
    };
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_whitespace() {
            if !parts.is_empty() && pending.is_none() {
                pending = Some(Combinator::Descendant);
            }
            i += 1;
            continue;
        }
        if b == b'>' {
            if parts.is_empty() {
                return None;
            }
            pending = Some(Combinator::Child);
            i += 1;
            continue;
        }
        // A compound selector.
        let mut compound = Compound::default();
        if b == b'*' {
            i += 1;
        } else if b.is_ascii_alphabetic() {
            let end = ident_end(i);
            compound.tag = Some(text[i..end].to_ascii_lowercase());
            i = end;
        }
        while let Some(&c) = bytes.get(i) {
            if c != b'.' && c != b'#' {
                break;
            }
            let end = ident_end(i + 1);
            if end == i + 1 {
                return None;
            }
            let name = text[i + 1..end].to_owned();
            if c == b'.' {
                compound.classes.push(name);
            } else if compound.id.replace(name).is_some() {
                return None;
            }
            i = end;
        }
        match bytes.get(i) {
            None => {}
            Some(c) if c.is_ascii_whitespace() || *c == b'>' => {}
            // Attributes, pseudo-classes, siblings, escapes: not understood.
            Some(_) => return None,
        }
        let combinator = if parts.is_empty() {
            None
        } else {
            pending.take()
        };
        if !parts.is_empty() && combinator.is_none() {
            return None;
        }
        parts.push((combinator, compound));
        if parts.len() > MAX_SELECTOR_PARTS {
            return None;
        }
    }
    if parts.is_empty() || pending == Some(Combinator::Child) {
        return None;
    }
    Some(parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn el<'a>(tag: &'a str, id: Option<&'a str>, classes: &'a [&'a str]) -> Element<'a> {
        Element { tag, id, classes }
    }

    fn hides(d: Decls) -> (Option<bool>, Option<bool>) {
        (d.display.map(|d| d.hides), d.visibility.map(|d| d.hides))
    }

    #[test]
    fn inline_declarations() {
        let d = declarations("color: red; DISPLAY : None ;visibility:visible");
        assert_eq!(hides(d), (Some(true), Some(false)));
        let d = declarations("display:none!important");
        assert_eq!(
            d.display,
            Some(Decl {
                hides: true,
                important: true
            })
        );
    }

    #[test]
    fn selectors_of_the_subset_and_the_cascade() {
        let mut s = StyleSheet::parse(
            "/* c */ .hide, #gone { display: none } \
             div.box > span { visibility: hidden } \
             @media print { .screen { display: none } } \
             .tab { display: none } .tab.active { display: block } \
             p:hover, a[href] { display: none } \
             .outer .inner { display:none }",
        );
        // html > body > div.box > span
        let body = s.cascade(0, &el("body", None, &[]), Decls::default());
        assert_eq!(hides(body), (None, None));
        let div = s.cascade(1, &el("div", None, &["box"]), Decls::default());
        assert_eq!(hides(div), (None, None));
        let span = s.cascade(2, &el("span", None, &[]), Decls::default());
        assert_eq!(hides(span), (None, Some(true)));
        // A child combinator needs the parent, not any ancestor.
        let inner_span = s.cascade(3, &el("span", None, &[]), Decls::default());
        assert_eq!(hides(inner_span), (None, None));
        let hide = s.cascade(1, &el("p", None, &["x", "hide"]), Decls::default());
        assert_eq!(hides(hide), (Some(true), None));
        let gone = s.cascade(1, &el("p", Some("gone"), &[]), Decls::default());
        assert_eq!(hides(gone), (Some(true), None));
        // More specific wins; inline beats a sheet's rule unless that is important.
        let active = s.cascade(1, &el("div", None, &["tab", "active"]), Decls::default());
        assert_eq!(hides(active), (Some(false), None));
        let inline = declarations("display:block");
        let shown = s.cascade(1, &el("div", None, &["hide"]), inline);
        assert_eq!(hides(shown), (Some(false), None));
        // Rules in @media and with selectors not understood hide nothing.
        let screen = s.cascade(1, &el("p", None, &["screen"]), Decls::default());
        assert_eq!(hides(screen), (None, None));
        let p = s.cascade(1, &el("p", None, &[]), Decls::default());
        assert_eq!(hides(p), (None, None));
        // Descendant through any depth.
        s.cascade(1, &el("div", None, &["outer"]), Decls::default());
        s.cascade(2, &el("div", None, &[]), Decls::default());
        let inner = s.cascade(3, &el("p", None, &["inner"]), Decls::default());
        assert_eq!(hides(inner), (Some(true), None));
    }

    #[test]
    fn hostile_selectors_stay_linear_and_bounded() {
        let css = format!("{} {{ display: none }}", vec!["div"; 16].join(" "));
        let mut s = StyleSheet::parse(&css);
        let mut last = Decls::default();
        for depth in 0..512 {
            last = s.cascade(depth, &el("div", None, &[]), Decls::default());
        }
        assert_eq!(hides(last), (Some(true), None));
        let many = ".a{display:none}".repeat(5000);
        let s = StyleSheet::parse(&many);
        assert_eq!(s.parts.len(), MAX_PARTS);
    }
}
