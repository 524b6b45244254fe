//! Text a reader of the document cannot see, skipped by the format readers and reported: how
//! much, and its first characters.

/// Most hidden-text issues reported for one document: one per paragraph, cell or element, the
/// first ones (a document hidden throughout is one problem, not thousands).
pub(crate) const MAX_ISSUES: usize = 20;

/// How many characters of hidden text an issue quotes.
const PREVIEW_CHARS: usize = 20;

/// Hidden text skipped in one place: how many characters (white space not counted), and the
/// first of them.
#[derive(Debug, Default, Clone)]
pub(crate) struct Hidden {
    pub chars: usize,
    pub preview: String,
    /// The last character pushed was white space (runs of it quote as one space).
    space: bool,
}

impl Hidden {
    /// Counts and quotes more hidden text.
    pub fn push(&mut self, s: &str) {
        for c in s.chars() {
            if c.is_whitespace() || c.is_control() || c == '\u{3000}' {
                self.space = self.chars > 0;
                continue;
            }
            if self.chars < PREVIEW_CHARS {
                if self.space {
                    self.preview.push(' ');
                }
                self.preview.push(c);
            } else if self.chars == PREVIEW_CHARS {
                self.preview.push('…');
            }
            self.space = false;
            self.chars += 1;
        }
    }

    /// Adds what was hidden in a part of this place (a paragraph of a cell).
    pub fn merge(&mut self, other: &Hidden) {
        if other.chars == 0 {
            return;
        }
        let total = self.chars + other.chars;
        self.space = self.chars > 0;
        self.push(other.preview.trim_end_matches('…'));
        // Characters past the other's quote were counted there, not pushed here.
        self.chars = total;
        if total > PREVIEW_CHARS && !self.preview.ends_with('…') {
            self.preview.push('…');
        }
    }
}

/// The read issues for the places hidden text was skipped in (the first [`MAX_ISSUES`]), each
/// labelled on its place in `source`; the HTML and DOCX readers report them alike.
pub(crate) fn issues(
    source: &gongkai_core::Source,
    places: Vec<(std::ops::Range<usize>, Hidden)>,
) -> Vec<gongkai_core::ReadIssue> {
    places
        .into_iter()
        .take(MAX_ISSUES)
        .map(|(range, h)| gongkai_core::ReadIssue {
            kind: gongkai_core::ReadIssueKind::HiddenText {
                text: h.preview,
                chars: h.chars,
            },
            span: Some(source.span(range.start, range.end)),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_without_white_space_and_quotes_the_start() {
        let mut h = Hidden::default();
        h.push("  19 \n 件");
        assert_eq!((h.chars, h.preview.as_str()), (3, "19 件"));
        let mut long = Hidden::default();
        long.push(&"隐".repeat(30));
        assert_eq!(long.chars, 30);
        assert_eq!(long.preview, format!("{}…", "隐".repeat(20)));
        h.merge(&long);
        assert_eq!(h.chars, 33);
        assert!(h.preview.starts_with("19 件 隐"), "{}", h.preview);
        assert!(h.preview.ends_with('…'));
    }
}
