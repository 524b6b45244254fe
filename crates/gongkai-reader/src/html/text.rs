//! The text of kept pieces as a browser shows it: character references decoded, white space
//! collapsed, the lines of a cell joined; every character keeps the source range it came from.

use std::ops::Range;

use super::Piece;
use crate::ticker::Ticker;
use crate::{ReadError, Text};

/// Decodes the character reference at the start of `s` (which starts with `&`): the decoded
/// character and the length of the reference, or `None` to keep the `&` as text.
pub(super) fn entity(s: &str) -> Option<(char, usize)> {
    let body = &s[1..];
    if let Some(num) = body.strip_prefix('#') {
        let (digits, radix, skip) = match num.strip_prefix(['x', 'X']) {
            Some(hex) => (hex, 16, 3),
            None => (num, 10, 2),
        };
        let len = digits
            .bytes()
            .take_while(|b| b.is_ascii_hexdigit() && (radix == 16 || b.is_ascii_digit()))
            .count();
        if len == 0 || len > 8 {
            return None;
        }
        let value = u32::from_str_radix(&digits[..len], radix).ok()?;
        let c = char::from_u32(value).unwrap_or('\u{fffd}');
        let semi = usize::from(digits.as_bytes().get(len) == Some(&b';'));
        return Some((c, skip + len + semi));
    }
    let len = body
        .bytes()
        .take_while(u8::is_ascii_alphanumeric)
        .take(12)
        .count();
    let name = &body[..len];
    let c = match name {
        "nbsp" => '\u{a0}',
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "ensp" => '\u{2002}',
        "emsp" => '\u{2003}',
        "thinsp" => '\u{2009}',
        "middot" => '·',
        "ldquo" => '“',
        "rdquo" => '”',
        "lsquo" => '‘',
        "rsquo" => '’',
        "mdash" => '—',
        "ndash" => '–',
        "hellip" => '…',
        "times" => '×',
        "divide" => '÷',
        "plusmn" => '±',
        "deg" => '°',
        "yen" => '¥',
        "copy" => '©',
        "reg" => '®',
        "permil" => '‰',
        "bull" => '•',
        "sect" => '§',
        "shy" => '\u{ad}',
        "zwj" => '\u{200d}',
        "zwnj" => '\u{200c}',
        _ => return None,
    };
    let semi = body.as_bytes().get(len) == Some(&b';');
    // Only the common legacy names are recognised without their semicolon, as browsers do.
    if !semi && !matches!(name, "nbsp" | "amp" | "lt" | "gt" | "quot") {
        return None;
    }
    Some((c, 1 + len + usize::from(semi)))
}

fn is_space(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '\n' | '\r' | '\u{c}' | '\u{a0}' | '\u{3000}'
    )
}

/// The text of lines of pieces as a browser renders it: runs of white space collapsed to one
/// space, the ends trimmed (`&nbsp;` counts as space, so that a cell holding only `&nbsp;` is
/// blank); the lines of a cell joined (see `tables::cell_text`). Built straight into the
/// [`Text`], run by run.
pub(super) struct Collapsed<'a> {
    src: &'a str,
    /// Counts the text normalised, asking the caller's interrupt every 64 KiB.
    ticker: &'a Ticker<'a>,
    pub(super) text: Text,
    /// The first white space since the last kept character, pushed as one space before the
    /// next kept character.
    space: Option<Range<usize>>,
    /// The last kept character (as written or decoded) and where its source ends.
    last: Option<(char, usize)>,
    /// A new line of a cell has begun and nothing of it is kept yet.
    new_line: bool,
}

impl<'a> Collapsed<'a> {
    pub(super) fn new(src: &'a str, ticker: &'a Ticker<'a>) -> Self {
        Self {
            src,
            ticker,
            text: Text::default(),
            space: None,
            last: None,
            new_line: false,
        }
    }

    /// Starts another line of a cell: its white space at either end is dropped, and it is
    /// joined to the text before it without a space between two Chinese characters (a line
    /// wrapped inside a cell) and with one otherwise.
    pub(super) fn next_line(&mut self) {
        self.space = None;
        self.new_line = true;
    }

    pub(super) fn push_line(&mut self, pieces: &[Piece]) -> Result<(), ReadError> {
        for p in pieces {
            let (start, end) = (p.start as usize, p.end as usize);
            self.ticker.tick(0)?;
            if let Some(c) = p.entity {
                if is_space(c) {
                    self.space.get_or_insert(start..end);
                } else {
                    self.before_kept(c);
                    self.text.push_char(c, start..end);
                    self.last = Some((c, end));
                }
                continue;
            }
            let src = self.src;
            let run = src.get(start..end).unwrap_or("");
            let mut kept: Option<usize> = None;
            for (i, c) in run.char_indices() {
                if !is_space(c) {
                    if kept.is_none() {
                        self.before_kept(c);
                        kept = Some(i);
                    }
                    continue;
                }
                if let Some(k) = kept.take() {
                    self.keep(start + k, start + i)?;
                }
                self.space
                    .get_or_insert(start + i..start + i + c.len_utf8());
            }
            if let Some(k) = kept {
                self.keep(start + k, end)?;
            }
        }
        Ok(())
    }

    /// Pushes what separates the kept character `first` from the text before it.
    fn before_kept(&mut self, first: char) {
        if let Some((last, last_end)) = self.last {
            if self.new_line {
                if last.is_ascii() || first.is_ascii() {
                    self.text.push_mapped(" ", last_end..last_end);
                }
            } else if let Some(space) = self.space.clone() {
                self.text.push_char(' ', space);
            }
        }
        self.space = None;
        self.new_line = false;
    }

    /// Pushes the source characters `start..end`, none of them white space.
    fn keep(&mut self, start: usize, end: usize) -> Result<(), ReadError> {
        let s = self.src.get(start..end).unwrap_or("");
        self.ticker.push_source(&mut self.text, s, start)?;
        if let Some(c) = s.chars().next_back() {
            self.last = Some((c, end));
        }
        Ok(())
    }

    /// Whether anything was kept.
    pub(super) fn is_empty(&self) -> bool {
        self.last.is_none()
    }
}
