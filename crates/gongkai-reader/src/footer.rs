//! Page footers and headers that PDF text extraction leaves in the middle of the text.

use std::sync::LazyLock;

use regex::Regex;

static FOOTER: LazyLock<Regex> = LazyLock::new(|| {
    let n = r"[0-9０-９]{1,4}";
    let dash = r"[-－—–─―‐‑]+";
    let pattern = format!(
        r"^(?:{dash}\s*{n}\s*{dash}|第\s*{n}\s*页(?:\s*[,，/／]?\s*共\s*{n}\s*页)?|共\s*{n}\s*页\s*[,，/／]?\s*第\s*{n}\s*页|{n}\s*[/／]\s*{n}|[Pp]age\s*{n}(?:\s*of\s*{n})?)$"
    );
    Regex::new(&pattern).expect("footer pattern is valid")
});

/// Whether a whole line is a page footer ("- 3 -", "— 5 —", "第 3 页", "第3页共10页", "3/10").
///
/// Only whole lines are recognised: inside a line of table values "- 3 -" could as well be a
/// blank cell, a 3 and another blank cell.
pub(crate) fn is_footer(line: &str) -> bool {
    let t = line.trim_matches(|c: char| c.is_whitespace());
    // Footers are short, and start and end with one of few characters: these tests keep the
    // regex off ordinary lines.
    let dash_or_digit = |c: char| {
        matches!(
            c,
            '-' | '－' | '—' | '–' | '─' | '―' | '‐' | '‑' | '0'..='9' | '０'..='９'
        )
    };
    let starts = t
        .chars()
        .next()
        .is_some_and(|c| dash_or_digit(c) || matches!(c, '第' | '共' | 'P' | 'p'));
    let ends = t
        .chars()
        .next_back()
        .is_some_and(|c| dash_or_digit(c) || c == '页');
    starts && ends && t.len() <= 40 && FOOTER.is_match(t)
}

#[cfg(test)]
mod tests {
    use super::is_footer;

    #[test]
    fn footers_are_recognised() {
        for f in [
            "- 3 -",
            "— 5 —",
            "-12-",
            "第 3 页",
            "第3页 共10页",
            "3/10",
            " － ３ － ",
            "Page 2 of 9",
        ] {
            assert!(is_footer(f), "{f}");
        }
        for t in [
            "0 0 0",
            "3",
            "- 3",
            "行政许可 13",
            "2023/2024年",
            "第二十条第（一）项",
        ] {
            assert!(!is_footer(t), "{t}");
        }
    }
}
