//! JSON or YAML text parsed into a tree of nodes that keep their byte range in the file.
//!
//! JSON is YAML, so one parser (saphyr's `MarkedYaml`) serves both. Its markers count
//! characters; they are turned into byte offsets here, once, so that the rest of the reader works
//! with the same byte spans as every other format.

use std::ops::Range;

use saphyr::{LoadableYamlNode as _, MarkedYaml, Scalar, YamlData};

/// Nesting deeper than this is refused before parsing: no report needs more than a handful of
/// levels, and a hostile file must not exhaust the stack of the parser or of the tree's drop.
pub(crate) const MAX_DEPTH: usize = 64;

/// A node of the input with its byte range in the source text.
#[derive(Debug, Clone)]
pub(crate) struct Node {
    /// The bytes of the value (for a quoted string, with its quotes).
    pub span: Range<usize>,
    /// The value.
    pub kind: Kind,
}

/// The kinds of node.
#[derive(Debug, Clone)]
pub(crate) enum Kind {
    Null,
    Bool(bool),
    /// An integer that fits an i64.
    Int(i64),
    /// Any other number (a decimal, or an integer too large for i64), as written.
    Number(String),
    Str(String),
    Seq(Vec<Node>),
    /// Entries in file order: key, the key's byte range, value.
    Map(Vec<(String, Range<usize>, Node)>),
}

impl Node {
    /// The value of key `key`, if this is a mapping that has it.
    pub(crate) fn get(&self, key: &str) -> Option<&Node> {
        match &self.kind {
            Kind::Map(entries) => entries.iter().find(|(k, _, _)| k == key).map(|(_, _, v)| v),
            _ => None,
        }
    }

    /// The node a JSON pointer's segments lead to, as far as they exist: the deepest node on
    /// the path, and the key range of the last mapping entry followed (for messages about keys).
    pub(crate) fn walk<'a>(&'a self, segments: &[String]) -> (&'a Node, Option<Range<usize>>) {
        let mut node = self;
        let mut key = None;
        for seg in segments {
            let next = match &node.kind {
                Kind::Map(entries) => entries
                    .iter()
                    .find(|(k, _, _)| k == seg)
                    .map(|(_, r, v)| (v, Some(r.clone()))),
                Kind::Seq(items) => seg
                    .parse::<usize>()
                    .ok()
                    .and_then(|i| items.get(i))
                    .map(|v| (v, None)),
                _ => None,
            };
            match next {
                Some((n, k)) => {
                    node = n;
                    key = k;
                }
                None => break,
            }
        }
        (node, key)
    }

    /// The node as a JSON value, for schema validation. Decimals become JSON numbers only to be
    /// type-checked; the values themselves are read exactly from the text.
    pub(crate) fn to_json(&self) -> serde_json::Value {
        use serde_json::Value;
        match &self.kind {
            Kind::Null => Value::Null,
            Kind::Bool(b) => Value::Bool(*b),
            Kind::Int(i) => Value::from(*i),
            Kind::Number(raw) => raw
                .parse::<f64>()
                .ok()
                .and_then(serde_json::Number::from_f64)
                .map_or_else(|| Value::String(raw.clone()), Value::Number),
            Kind::Str(s) => Value::String(s.clone()),
            Kind::Seq(items) => Value::Array(items.iter().map(Node::to_json).collect()),
            Kind::Map(entries) => Value::Object(
                entries
                    .iter()
                    .map(|(k, _, v)| (k.clone(), v.to_json()))
                    .collect(),
            ),
        }
    }
}

/// Why the text is no JSON or YAML document gongkai can take.
#[derive(Debug, Clone)]
pub(crate) enum ParseProblem {
    /// A syntax error at a byte offset.
    Syntax { at: usize, message: String },
    /// Nested deeper than [`MAX_DEPTH`].
    TooDeep { at: usize },
    /// No document at all, or more than one.
    NotOneDocument,
    /// A YAML feature reports do not use (aliases, complex keys, non-string keys) at a range.
    Unsupported {
        span: Range<usize>,
        what: &'static str,
    },
}

/// Parses `text` as one JSON or YAML document.
pub(crate) fn parse(text: &str) -> Result<Node, ParseProblem> {
    if let Some(problem) = prescan(text) {
        return Err(problem);
    }
    let chars = CharIndex::new(text);
    let docs = MarkedYaml::load_from_str(text).map_err(|e| ParseProblem::Syntax {
        at: chars.byte(e.marker().index()),
        message: e.info().to_owned(),
    })?;
    let mut docs = docs.into_iter();
    let (Some(doc), None) = (docs.next(), docs.next()) else {
        return Err(ParseProblem::NotOneDocument);
    };
    convert(&doc, &chars, text, 0)
}

fn convert(
    node: &MarkedYaml<'_>,
    chars: &CharIndex,
    text: &str,
    depth: usize,
) -> Result<Node, ParseProblem> {
    let start = chars.byte(node.span.start.index());
    let end = chars.byte(node.span.end.index()).max(start);
    let span = trim_span(text, start..end);
    if depth > MAX_DEPTH {
        return Err(ParseProblem::TooDeep { at: start });
    }
    let kind = match &node.data {
        YamlData::Value(scalar) => match scalar {
            Scalar::Null => Kind::Null,
            Scalar::Boolean(b) => Kind::Bool(*b),
            Scalar::Integer(i) => Kind::Int(*i),
            Scalar::FloatingPoint(_) => {
                Kind::Number(text.get(span.clone()).unwrap_or_default().trim().to_owned())
            }
            Scalar::String(s) => Kind::Str(s.to_string()),
        },
        YamlData::Representation(s, _, _) => Kind::Str(s.to_string()),
        YamlData::Sequence(items) => Kind::Seq(
            items
                .iter()
                .map(|n| convert(n, chars, text, depth + 1))
                .collect::<Result<_, _>>()?,
        ),
        YamlData::Mapping(map) => {
            let mut entries = Vec::with_capacity(map.len());
            for (k, v) in map {
                let key = convert(k, chars, text, depth + 1)?;
                let name = match key.kind {
                    Kind::Str(s) => s,
                    Kind::Int(i) => i.to_string(),
                    _ => {
                        return Err(ParseProblem::Unsupported {
                            span: key.span,
                            what: "key",
                        });
                    }
                };
                entries.push((name, key.span, convert(v, chars, text, depth + 1)?));
            }
            Kind::Map(entries)
        }
        YamlData::Tagged(_, inner) => return convert(inner, chars, text, depth + 1),
        YamlData::Alias(_) | YamlData::BadValue => {
            return Err(ParseProblem::Unsupported {
                span,
                what: "alias",
            });
        }
    };
    Ok(Node { span, kind })
}

/// Trailing whitespace and line breaks that a YAML scalar's end marker may include are not part
/// of the value.
fn trim_span(text: &str, span: Range<usize>) -> Range<usize> {
    let Some(s) = text.get(span.clone()) else {
        return span;
    };
    let trimmed = s.trim_end();
    span.start..span.start + trimmed.len()
}

/// Refuses, before parsing, what could exhaust the parser: brackets nested deeper than
/// [`MAX_DEPTH`] (outside quoted strings), lines indented so far that block nesting could be as
/// deep, and YAML anchors and aliases (`&a` / `*a`), which the loader expands by copying — the
/// "billion laughs" bomb. Reports need none of them.
fn prescan(text: &str) -> Option<ParseProblem> {
    let mut previous = '\n';
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    let mut line_start = true;
    let mut indent = 0usize;
    for (i, c) in text.char_indices() {
        if let Some(q) = quote {
            if escaped {
                escaped = false;
            } else if c == '\\' && q == '"' {
                escaped = true;
            } else if c == q {
                quote = None;
            }
            continue;
        }
        if line_start {
            if c == ' ' {
                indent += 1;
                if indent > MAX_DEPTH * 8 {
                    return Some(ParseProblem::TooDeep { at: i });
                }
                continue;
            }
            line_start = false;
        }
        let token_start = matches!(previous, ' ' | '\t' | '\n' | '[' | '{' | ',' | ':' | '-');
        previous = c;
        match c {
            '\n' => {
                line_start = true;
                indent = 0;
            }
            '"' => quote = Some('"'),
            '[' | '{' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Some(ParseProblem::TooDeep { at: i });
                }
            }
            ']' | '}' => depth = depth.saturating_sub(1),
            '&' | '*' if token_start => {
                let end = text[i..]
                    .char_indices()
                    .find(|&(_, c)| c.is_whitespace() || ",]}".contains(c))
                    .map_or(text.len(), |(j, _)| i + j);
                if end > i + 1 {
                    return Some(ParseProblem::Unsupported {
                        span: i..end,
                        what: "alias",
                    });
                }
            }
            _ => {}
        }
    }
    None
}

/// An upper bound on the values (nodes) of a JSON or YAML text, counted before parsing: every
/// value but the first starts after one of `,` `[` `{` `:` `-` `?` or a line break outside
/// quoted strings. The parser and the tree cost a few hundred bytes a value, so a file of
/// millions of tiny values is refused before it is parsed.
pub(crate) fn value_bound(text: &str) -> usize {
    let mut n = 1usize;
    let mut quote: Option<u8> = None;
    let mut escaped = false;
    for &b in text.as_bytes() {
        if let Some(q) = quote {
            if escaped {
                escaped = false;
            } else if b == b'\\' && q == b'"' {
                escaped = true;
            } else if b == q {
                quote = None;
            }
            continue;
        }
        match b {
            b'"' | b'\'' => quote = Some(b),
            b',' | b'[' | b'{' | b':' | b'-' | b'?' | b'\n' => n += 1,
            _ => {}
        }
    }
    n
}

/// Character index to byte offset, with a checkpoint every 256 characters so that a lookup
/// walks at most that many.
struct CharIndex<'a> {
    text: &'a str,
    checkpoints: Vec<usize>,
}

const STRIDE: usize = 256;

impl<'a> CharIndex<'a> {
    fn new(text: &'a str) -> Self {
        let checkpoints = text
            .char_indices()
            .step_by(STRIDE)
            .map(|(b, _)| b)
            .collect();
        Self { text, checkpoints }
    }

    fn byte(&self, char_index: usize) -> usize {
        let Some(&base) = self.checkpoints.get(char_index / STRIDE) else {
            return self.text.len();
        };
        let rest = char_index % STRIDE;
        self.text
            .get(base..)
            .unwrap_or_default()
            .char_indices()
            .nth(rest)
            .map_or(self.text.len(), |(b, _)| base + b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_and_yaml_nodes_know_their_bytes() {
        let text = "{\"机关\": \"某某区\", \"n\":-3, \"m\": 1.50}";
        let node = parse(text).unwrap();
        let v = node.get("机关").unwrap();
        assert_eq!(&text[v.span.clone()], "\"某某区\"");
        assert_eq!(&text[node.get("n").unwrap().span.clone()], "-3");
        let m = node.get("m").unwrap();
        assert!(matches!(&m.kind, Kind::Number(r) if r == "1.50"));
        let text = "表: \n  自然人: 12\n  其他: /\n";
        let node = parse(text).unwrap();
        let t = node.get("表").unwrap();
        assert_eq!(&text[t.get("自然人").unwrap().span.clone()], "12");
        assert_eq!(&text[t.get("其他").unwrap().span.clone()], "/");
    }

    #[test]
    fn values_are_bounded_from_above() {
        for text in [
            "{\"a\": [1, 2, {\"b\": \"x,y\"}]}",
            "a:\n  - 1\n  - 2\nb: {c: d}\n",
            "[[1,2],[3,4]]",
        ] {
            fn count(n: &Node) -> usize {
                1 + match &n.kind {
                    Kind::Seq(items) => items.iter().map(count).sum(),
                    Kind::Map(entries) => entries.iter().map(|(_, _, v)| 1 + count(v)).sum(),
                    _ => 0,
                }
            }
            let nodes = count(&parse(text).unwrap());
            assert!(value_bound(text) >= nodes, "{text}: {nodes}");
        }
        assert!(value_bound(&"0,".repeat(1000)) > 1000);
    }

    #[test]
    fn deep_nesting_and_aliases_are_refused() {
        let deep = "[".repeat(100_000);
        assert!(matches!(parse(&deep), Err(ParseProblem::TooDeep { .. })));
        assert!(matches!(
            parse("a: &x 1\nb: *x\n"),
            Err(ParseProblem::Unsupported { .. })
        ));
        assert!(matches!(
            parse("{\"a\": "),
            Err(ParseProblem::Syntax { .. })
        ));
    }
}
