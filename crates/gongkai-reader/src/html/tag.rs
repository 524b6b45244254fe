//! One start or end tag parsed where it stands: its name, where it ends, and the attributes the
//! reader acts on (spans, chrome `class`/`id` names, inline style, `hidden`, `media`); and the
//! pre-pass that gathers the page's `<style>` text with the same tag parser, so that the style
//! sheet is known before the first element is opened.

use crate::html_css::{self, Decls};

/// The text of the page's `<style>` elements that apply on a screen (no `media`, or `all` or
/// `screen`), outside comments and scripts.
pub(super) fn page_styles(src: &str) -> String {
    let bytes = src.as_bytes();
    let mut css = String::new();
    let mut i = 0;
    while let Some(p) = bytes[i..].iter().position(|&b| b == b'<') {
        let at = i + p;
        let rest = &bytes[at..];
        if rest.starts_with(b"<!--") {
            i = src[at + 4..]
                .find("-->")
                .map_or(src.len(), |q| at + 4 + q + 3);
            continue;
        }
        let is = |name: &[u8]| {
            rest.len() > name.len() + 1
                && rest[1..=name.len()].eq_ignore_ascii_case(name)
                && !rest[name.len() + 1].is_ascii_alphanumeric()
        };
        if is(b"script") || is(b"style") {
            let style = is(b"style");
            let tag = parse_tag(src, at + 1);
            let close: &[u8] = if style { b"</style" } else { b"</script" };
            let end = find_ascii_ci(&bytes[tag.end..], close).map_or(src.len(), |q| tag.end + q);
            let screen = tag
                .media
                .as_deref()
                .is_none_or(|m| m.split(',').any(|m| matches!(m.trim(), "all" | "screen")));
            if style && screen {
                css.push_str(&src[tag.end.min(end)..end]);
                css.push('\n');
            }
            i = end.max(at + 1);
            continue;
        }
        i = at + 1;
    }
    css
}

/// A parsed start or end tag.
pub(super) struct Tag {
    pub(super) name: String,
    pub(super) end: usize,
    pub(super) self_closing: bool,
    pub(super) rowspan: usize,
    pub(super) colspan: usize,
    pub(super) junk_attributes: bool,
    /// The `class` attribute as written.
    pub(super) classes: String,
    pub(super) id: Option<String>,
    /// The `display` and `visibility` of the `style` attribute.
    pub(super) inline: Decls,
    /// The `hidden` attribute.
    pub(super) hidden_attr: bool,
    /// The `media` attribute, lower case (of a `<style>`).
    pub(super) media: Option<String>,
}

/// Largest `colspan` honoured (HTML's own limit is 1000; no report table is wider than 20).
const MAX_COLSPAN: usize = 100;
/// Largest `rowspan` honoured before clipping to the table.
const MAX_ROWSPAN: usize = 65_534;

pub(super) fn parse_tag(src: &str, name_start: usize) -> Tag {
    let bytes = src.as_bytes();
    let mut i = name_start;
    while i < bytes.len() && !bytes[i].is_ascii_whitespace() && !matches!(bytes[i], b'>' | b'/') {
        i += 1;
    }
    let name = src[name_start..i].to_ascii_lowercase();
    let mut tag = Tag {
        name,
        end: bytes.len(),
        self_closing: false,
        rowspan: 1,
        colspan: 1,
        junk_attributes: false,
        classes: String::new(),
        id: None,
        inline: Decls::default(),
        hidden_attr: false,
        media: None,
    };
    loop {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            tag.self_closing = bytes[i] == b'/';
            i += 1;
        }
        if i >= bytes.len() {
            return tag;
        }
        if bytes[i] == b'>' {
            tag.end = i + 1;
            return tag;
        }
        tag.self_closing = false;
        let attr_start = i;
        while i < bytes.len()
            && !bytes[i].is_ascii_whitespace()
            && !matches!(bytes[i], b'>' | b'=' | b'/')
        {
            i += 1;
        }
        let attr = src[attr_start..i].to_ascii_lowercase();
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = "";
        if bytes.get(i) == Some(&b'=') {
            i += 1;
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            if let Some(&q @ (b'"' | b'\'')) = bytes.get(i) {
                let v_start = i + 1;
                let v_end = bytes[v_start..]
                    .iter()
                    .position(|&b| b == q)
                    .map_or(bytes.len(), |p| v_start + p);
                value = &src[v_start..v_end];
                i = (v_end + 1).min(bytes.len());
            } else {
                let v_start = i;
                while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' {
                    i += 1;
                }
                value = &src[v_start..i];
            }
        }
        match attr.as_str() {
            "rowspan" => tag.rowspan = span_value(value, MAX_ROWSPAN),
            "colspan" => tag.colspan = span_value(value, MAX_COLSPAN),
            "class" | "id" => {
                tag.junk_attributes |= value
                    .split(|c: char| c.is_ascii_whitespace())
                    .any(|t| JUNK_NAMES.contains(&t.to_ascii_lowercase().as_str()));
                if attr == "class" {
                    value.clone_into(&mut tag.classes);
                } else {
                    tag.id = Some(value.to_owned());
                }
            }
            "style" => tag.inline = html_css::declarations(value),
            "hidden" => tag.hidden_attr = true,
            "media" => tag.media = Some(value.trim().to_ascii_lowercase()),
            _ => {}
        }
    }
}

/// A `rowspan`/`colspan` value as browsers read it: leading digits, at least 1, capped.
fn span_value(value: &str, max: usize) -> usize {
    let digits: String = value
        .trim()
        .chars()
        .take_while(char::is_ascii_digit)
        .take(6)
        .collect();
    digits.parse::<usize>().unwrap_or(1).clamp(1, max)
}

/// `class`/`id` tokens that mark a portal's chrome rather than the report. Whole tokens only, so
/// `article-content` is kept while `footer` or `nav` is dropped.
const JUNK_NAMES: &[&str] = &[
    "nav",
    "navbar",
    "topnav",
    "mainnav",
    "subnav",
    "menu",
    "topmenu",
    "mainmenu",
    "footer",
    "foot",
    "header",
    "head",
    "top",
    "topbar",
    "breadcrumb",
    "breadcrumbs",
    "crumb",
    "crumbs",
    "location",
    "position",
    "sidebar",
    "share",
    "bshare",
    "copyright",
    "friendlink",
    "links",
    "search",
    "login",
    "toolbar",
    "skip",
];

pub(super) fn find_ascii_ci(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}
