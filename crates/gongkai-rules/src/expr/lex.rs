//! The check language's tokens.

use std::ops::Range;

use rust_decimal::Decimal;

use super::{BinOp, DecimalError, MAX_SIGNIFICANT_DIGITS, SyntaxError, exact_decimal};

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Tok {
    Num(Decimal),
    Str(String),
    Name(String),
    LParen,
    RParen,
    LBracket,
    RBracket,
    Comma,
    Op(BinOp),
    Not,
    Minus,
}

pub(super) struct Lexer<'a> {
    src: &'a str,
    pos: usize,
}

fn is_name_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_' || c == '{'
}

impl<'a> Lexer<'a> {
    pub(super) fn tokens(src: &'a str) -> Result<Vec<(Tok, Range<usize>)>, SyntaxError> {
        let mut lx = Lexer { src, pos: 0 };
        let mut out = Vec::new();
        while let Some(t) = lx.next()? {
            out.push(t);
        }
        Ok(out)
    }

    fn peek(&self) -> Option<char> {
        self.src[self.pos..].chars().next()
    }

    fn peek2(&self) -> Option<char> {
        let mut it = self.src[self.pos..].chars();
        it.next();
        it.next()
    }

    fn err(&self, start: usize, message: impl Into<String>) -> SyntaxError {
        let end = (start + self.peek().map_or(1, char::len_utf8)).min(self.src.len().max(start));
        SyntaxError {
            message: message.into(),
            span: start..end,
            help: None,
        }
    }

    fn next(&mut self) -> Result<Option<(Tok, Range<usize>)>, SyntaxError> {
        while self.peek().is_some_and(char::is_whitespace) {
            self.pos += self.peek().map_or(1, char::len_utf8);
        }
        let start = self.pos;
        let Some(c) = self.peek() else {
            return Ok(None);
        };
        let two = |lx: &mut Self, t: Tok| {
            lx.pos += 2;
            Ok(Some((t, start..lx.pos)))
        };
        let one = |lx: &mut Self, t: Tok| {
            lx.pos += 1;
            Ok(Some((t, start..lx.pos)))
        };
        match (c, self.peek2()) {
            ('=', Some('=')) => two(self, Tok::Op(BinOp::Eq)),
            ('!', Some('=')) => two(self, Tok::Op(BinOp::Ne)),
            ('~', Some('=')) => two(self, Tok::Op(BinOp::Approx)),
            ('<', Some('=')) => two(self, Tok::Op(BinOp::Le)),
            ('>', Some('=')) => two(self, Tok::Op(BinOp::Ge)),
            ('&', Some('&')) => two(self, Tok::Op(BinOp::And)),
            ('|', Some('|')) => two(self, Tok::Op(BinOp::Or)),
            ('<', _) => one(self, Tok::Op(BinOp::Lt)),
            ('>', _) => one(self, Tok::Op(BinOp::Gt)),
            ('+', _) => one(self, Tok::Op(BinOp::Add)),
            ('-', _) => one(self, Tok::Minus),
            ('*', _) => one(self, Tok::Op(BinOp::Mul)),
            ('/', _) => one(self, Tok::Op(BinOp::Div)),
            ('!', _) => one(self, Tok::Not),
            ('(', _) => one(self, Tok::LParen),
            (')', _) => one(self, Tok::RParen),
            ('[', _) => one(self, Tok::LBracket),
            (']', _) => one(self, Tok::RBracket),
            (',', _) => one(self, Tok::Comma),
            ('=', _) => Err(SyntaxError {
                help: Some("write `==` to compare".into()),
                ..self.err(start, "a single `=` is not an operator")
            }),
            ('"' | '\'', _) => self.string(c),
            (d, _) if d.is_ascii_digit() => {
                while self.peek().is_some_and(|c| c.is_ascii_digit() || c == '.') {
                    self.pos += 1;
                }
                let text = &self.src[start..self.pos];
                let n = exact_decimal(text).map_err(|e| match e {
                    DecimalError::Syntax => self.err(start, format!("`{text}` is not a number")),
                    DecimalError::Precision => SyntaxError {
                        span: start..self.pos,
                        help: Some(format!(
                            "a number in a rule has at most {MAX_SIGNIFICANT_DIGITS} significant digits"
                        )),
                        ..self.err(
                            start,
                            format!("`{text}` has more digits than a decimal number can hold exactly"),
                        )
                    },
                })?;
                Ok(Some((Tok::Num(n), start..self.pos)))
            }
            (c, _) if is_name_start(c) => self.name(),
            (c, _) => Err(self.err(start, format!("unexpected character `{c}`"))),
        }
    }

    fn string(&mut self, quote: char) -> Result<Option<(Tok, Range<usize>)>, SyntaxError> {
        let start = self.pos;
        self.pos += 1;
        let mut s = String::new();
        loop {
            let Some(c) = self.peek() else {
                return Err(SyntaxError {
                    message: "unterminated string".into(),
                    span: start..self.src.len(),
                    help: Some(format!("close it with `{quote}`")),
                });
            };
            self.pos += c.len_utf8();
            if c == quote {
                return Ok(Some((Tok::Str(s), start..self.pos)));
            }
            if c == '\\' && self.peek() == Some(quote) {
                self.pos += 1;
                s.push(quote);
            } else {
                s.push(c);
            }
        }
    }

    /// A name: dot-separated segments of letters, digits, `_`, `{var}` placeholders, and `*`
    /// globs glued to a segment (`withheld_*`); a free-standing `*` is multiplication.
    fn name(&mut self) -> Result<Option<(Tok, Range<usize>)>, SyntaxError> {
        let start = self.pos;
        loop {
            match self.peek() {
                Some(c) if c.is_ascii_alphanumeric() || c == '_' || c == '.' => self.pos += 1,
                Some('{') => {
                    let close = self.src[self.pos..].find('}').ok_or_else(|| SyntaxError {
                        message: "unclosed `{` in a path".into(),
                        span: self.pos..self.src.len(),
                        help: Some("placeholders are written `{col}`".into()),
                    })?;
                    self.pos += close + 1;
                }
                Some('*') => {
                    // A `*` glued to a name and followed by the end of the name is a glob
                    // (`withheld_*`); anything else is multiplication.
                    let prev = self.src[..self.pos].chars().next_back();
                    let next = self.peek2();
                    let glued = prev
                        .is_some_and(|p| p == '_' || p == '.' || p.is_ascii_alphanumeric())
                        && next.is_none_or(|n| matches!(n, '.' | ',' | ')' | ']'));
                    if glued {
                        self.pos += 1;
                    } else {
                        break;
                    }
                }
                _ => break,
            }
        }
        let text = self.src[start..self.pos].to_owned();
        Ok(Some((Tok::Name(text), start..self.pos)))
    }
}
