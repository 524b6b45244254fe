//! HTML pages as published on government portals, read into a [`Document`].
//!
//! The key decision: this is **not** a spec-complete HTML parser but a tolerant, linear scanner
//! over the decoded source that knows exactly the byte range of every character and entity it
//! keeps. html5ever (via scraper) would parse malformed markup more faithfully, but it gives no
//! source offsets for text nodes, is quadratic in nesting depth, and recovering offsets would mean
//! a second tokenizer aligned with its tree. For the limited job here — the text of paragraphs,
//! and tables with `rowspan`/`colspan` — a scanner with the handful of HTML's implied-end-tag rules
//! that matter (`<p>`, `<li>`, `<td>`, `<tr>`) gives the same blocks, exact spans into the file,
//! and an explicit stack whose depth is capped (see `docs/decisions.md`).
//!
//! What it produces: each paragraph, heading or line break outside tables is a [`Block::Line`];
//! each row of a data table is a [`Block::Row`] with merged cells expanded (see [`expand`]);
//! layout tables (a table holding another table, or a single column) are read as flowing text.
//! Script, style, forms' widgets and the portal's chrome (`nav`, `footer`, `aside`, and elements
//! whose `class`/`id` name navigation, headers or footers) are skipped.
//!
//! Text a visitor of the page does not see — in an element with the `hidden` attribute, or made
//! invisible by `display: none` or `visibility: hidden` in its `style` attribute or in a rule of
//! the page's own `<style>` elements (the subset of CSS in [`crate::html_css`]) — is not read;
//! each such element holding text is reported as a [`ReadIssueKind::HiddenText`] on that text.

use std::ops::Range;

use encoding_rs::Encoding;
use gongkai_core::{InputKind, ReadIssue, Source};

use crate::hidden::{self, Hidden};
use crate::html_css::{self, Decls, StyleSheet};
use crate::ticker::Ticker;
use crate::{Block, Budgeted, Document, ReadError, ReadOptions, Text};

/// Reads an HTML page: decodes it by byte order mark, `<meta charset>` or detection, and scans it
/// into blocks whose spans point into the decoded page; also the issues of the hidden text
/// skipped.
pub(crate) fn read(
    bytes: &[u8],
    name: &str,
    options: &ReadOptions,
) -> Result<(Document, Vec<ReadIssue>), ReadError> {
    let (text, encoding) = decode(bytes)?;
    crate::poll(options.interrupt.as_ref())?;
    let ticker = Ticker::new(options.interrupt.as_ref());
    let (blocks, places) = scan(&text, options, &ticker)?;
    let source = Source::new(name, text);
    let issues = hidden::issues(&source, places);
    let document = Document {
        source,
        kind: InputKind::Html,
        encoding,
        blocks,
    };
    Ok((document, issues))
}

/// The text of the page's `<style>` elements that apply on a screen (no `media`, or `all` or
/// `screen`), outside comments and scripts.
fn page_styles(src: &str) -> String {
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

/// Decodes by byte order mark, else the charset the page declares in its first bytes, else UTF-8
/// when valid, else a detected (GB18030 for GBK) encoding.
fn decode(bytes: &[u8]) -> Result<(String, String), ReadError> {
    if bytes.is_empty() {
        return Err(ReadError::Empty);
    }
    let (encoding, body) = if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        (encoding, bytes.get(bom..).unwrap_or_default())
    } else if let Some(encoding) = declared_charset(bytes) {
        (encoding, bytes)
    } else if std::str::from_utf8(bytes).is_ok() {
        (encoding_rs::UTF_8, bytes)
    } else {
        let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
        detector.feed(bytes, true);
        (
            detector.guess(Some(b"cn"), chardetng::Utf8Detection::Allow),
            bytes,
        )
    };
    // GBK and GB2312 pages are decoded as GB18030, their superset (portals declare "gb2312" for
    // text that uses GBK characters).
    let encoding: &'static Encoding = if encoding == encoding_rs::GBK {
        encoding_rs::GB18030
    } else {
        encoding
    };
    let (text, _) = encoding.decode_without_bom_handling(body);
    if text.trim().is_empty() {
        return Err(ReadError::Empty);
    }
    let name = if encoding == encoding_rs::GB18030 {
        "GB18030"
    } else {
        encoding.name()
    };
    Ok((text.into_owned(), name.to_owned()))
}

/// The encoding named by `<meta charset=…>` or `<meta http-equiv … content="…charset=…">` in
/// the first 4 KiB (HTML's own prescan looks at 1 KiB; portals put long scripts first).
fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = bytes.get(..4096).unwrap_or(bytes);
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut from = 0;
    while let Some(i) = find(&lower[from..], b"charset") {
        let mut j = from + i + b"charset".len();
        from = j;
        while lower.get(j).is_some_and(u8::is_ascii_whitespace) {
            j += 1;
        }
        if lower.get(j) != Some(&b'=') {
            continue;
        }
        j += 1;
        while lower
            .get(j)
            .is_some_and(|b| b.is_ascii_whitespace() || *b == b'"' || *b == b'\'')
        {
            j += 1;
        }
        let end = lower[j..]
            .iter()
            .position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':')))
            .map_or(lower.len(), |p| j + p);
        if let Some(encoding) = Encoding::for_label(&lower[j..end]) {
            // A page that declares UTF-16 in ASCII bytes is not UTF-16 (HTML spec rule).
            return Some(
                if encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE {
                    encoding_rs::UTF_8
                } else {
                    encoding
                },
            );
        }
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Kept text of the page: a run of source characters taken as they are (`entity` is `None`),
/// or one character reference (`&nbsp;`) decoded to `entity`, with the source bytes it spans.
/// Runs rather than characters: a page that was one 49 MiB paragraph cost twelve bytes a
/// character before its text was built.
#[derive(Debug, Clone, Copy)]
struct Piece {
    start: u32,
    end: u32,
    entity: Option<char>,
}

/// Lines and tables in reading order, inside the page or inside one table cell.
#[derive(Debug, Default)]
struct Sink {
    items: Vec<Item>,
    pending: Vec<Piece>,
}

impl Sink {
    fn flush(&mut self) {
        if !self.pending.is_empty() {
            let line = std::mem::take(&mut self.pending);
            self.items.push(Item::Line(line));
        }
    }
}

#[derive(Debug)]
enum Item {
    Line(Vec<Piece>),
    Table(Table),
}

#[derive(Debug)]
struct Cell {
    sink: Sink,
    rowspan: usize,
    colspan: usize,
    /// Where the cell's content starts (an empty cell is anchored here).
    content_start: usize,
}

#[derive(Debug, Default)]
struct Table {
    rows: Vec<Vec<Cell>>,
    open_cell: Option<Cell>,
}

impl Table {
    fn close_cell(&mut self) {
        if let Some(mut cell) = self.open_cell.take() {
            cell.sink.flush();
            if self.rows.is_empty() {
                self.rows.push(Vec::new());
            }
            if let Some(row) = self.rows.last_mut() {
                row.push(cell);
            }
        }
    }
}

/// What an open element means for the scanner when it is closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Other,
    Junk,
    /// Not displayed (`display: none`, the `hidden` attribute): inert like junk, its text
    /// reported as hidden.
    Hidden,
    Table,
    Row,
    Cell,
    Paragraph,
    ListItem,
    Article,
}

#[derive(Debug)]
struct Open {
    name: String,
    role: Role,
    /// Whether its text is visible as far as `visibility` goes (inherited; a descendant may
    /// turn it back on).
    visible: bool,
}

struct Scanner<'a> {
    src: &'a str,
    stack: Vec<Open>,
    tables: Vec<Table>,
    top: Sink,
    junk: usize,
    /// Open elements that are not displayed.
    undisplayed: usize,
    articles: usize,
    max_depth: usize,
    /// Rows, cells and runs of text seen so far (an upper bound on lines and cells), against
    /// [`ReadOptions::max_items`].
    items: usize,
    max_items: usize,
    /// Characters of the visible text so far (entities counted as written), against the
    /// budget of [`Budgeted::Characters`].
    chars: usize,
    sheet: StyleSheet,
    /// The hidden text found so far, each place with the source range of its text.
    places: Vec<(Range<usize>, Hidden)>,
    /// The place being filled: the stack index of the element that hid it, its range, its text.
    place: Option<(usize, Range<usize>, Hidden)>,
    /// Counts the bytes scanned, asking the caller's interrupt every 64 KiB.
    ticker: &'a Ticker<'a>,
}

/// Elements whose text is never report content.
const JUNK_TAGS: &[&str] = &[
    "nav", "footer", "aside", "select", "button", "iframe", "object", "svg", "canvas", "noscript",
    "template", "head", "map",
];

/// Elements whose content is raw text up to their end tag.
const RAW_TEXT_TAGS: &[&str] = &["script", "style", "textarea", "title", "xmp", "noscript"];

const VOID_TAGS: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen", "frame",
];

/// Elements that end a line of text.
const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "br",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "table",
    "tr",
    "td",
    "th",
    "caption",
    "section",
    "article",
    "header",
    "footer",
    "nav",
    "aside",
    "blockquote",
    "pre",
    "hr",
    "center",
    "address",
    "figure",
    "figcaption",
    "main",
    "form",
    "fieldset",
    "legend",
    "tbody",
    "thead",
    "tfoot",
    "body",
    "html",
];

/// Elements that close an open `<p>` when they start.
const CLOSES_P: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "dl",
    "table",
    "section",
    "article",
    "blockquote",
    "pre",
    "hr",
    "center",
    "address",
    "figure",
    "main",
    "form",
    "fieldset",
    "header",
    "footer",
    "nav",
    "aside",
];

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

/// Hidden text found in a page: where (source ranges), how much, its start.
type Places = Vec<(Range<usize>, Hidden)>;

fn scan<'a>(
    src: &'a str,
    options: &ReadOptions,
    ticker: &'a Ticker<'a>,
) -> Result<(Vec<Block>, Places), ReadError> {
    let mut s = Scanner {
        src,
        stack: Vec::new(),
        tables: Vec::new(),
        top: Sink::default(),
        junk: 0,
        undisplayed: 0,
        articles: 0,
        max_depth: options.max_depth,
        items: 0,
        max_items: options.max_items,
        chars: 0,
        sheet: StyleSheet::parse(&page_styles(src)),
        places: Vec::new(),
        place: None,
        ticker,
    };
    s.run()?;
    while !s.stack.is_empty() {
        s.pop();
    }
    s.top.flush();
    let mut blocks = Vec::new();
    let mut copied = Copied {
        bytes: 0,
        limit: options.max_items,
    };
    emit(
        src,
        &s.top.items,
        &mut blocks,
        &mut copied,
        options.max_items,
        ticker,
    )?;
    Ok((blocks, s.places))
}

/// Bytes of label text repeated into the rows a merged cell spans, against the budget.
struct Copied {
    bytes: usize,
    limit: usize,
}

impl Copied {
    fn add(&mut self, text: &Text) -> Result<(), ReadError> {
        self.bytes += text.as_str().len();
        crate::budget::check(Budgeted::MergedCellText, self.bytes, self.limit)
    }
}

impl Scanner<'_> {
    fn run(&mut self) -> Result<(), ReadError> {
        let bytes = self.src.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'<'
                && let Some(next) = self.markup(i)?
            {
                self.ticker.tick(next.saturating_sub(i))?;
                i = next;
                continue;
            }
            // Text up to the next '<' that starts markup.
            let end = bytes[i + 1..]
                .iter()
                .position(|&b| b == b'<')
                .map_or(bytes.len(), |p| i + 1 + p);
            self.text(i, end);
            self.ticker.tick(end - i)?;
            crate::budget::check(Budgeted::LinesAndCells, self.items, self.max_items)?;
            crate::budget::check(
                Budgeted::Characters,
                self.chars,
                crate::budget::max_chars(self.max_items),
            )?;
            i = end;
        }
        Ok(())
    }

    /// Handles the markup at `at` (a `<`), returning where scanning continues, or `None` when the
    /// `<` is plain text.
    fn markup(&mut self, at: usize) -> Result<Option<usize>, ReadError> {
        let src = self.src;
        let rest = &src.as_bytes()[at..];
        if rest.starts_with(b"<!--") {
            return Ok(Some(
                src[at + 4..]
                    .find("-->")
                    .map_or(src.len(), |p| at + 4 + p + 3),
            ));
        }
        if rest.starts_with(b"<!") || rest.starts_with(b"<?") {
            return Ok(Some(src[at..].find('>').map_or(src.len(), |p| at + p + 1)));
        }
        let closing = rest.get(1) == Some(&b'/');
        let name_start = at + 1 + usize::from(closing);
        if !src
            .as_bytes()
            .get(name_start)
            .is_some_and(u8::is_ascii_alphabetic)
        {
            return Ok(None);
        }
        let tag = parse_tag(src, name_start);
        if closing {
            self.end_tag(&tag.name);
        } else {
            self.start_tag(&tag, at)?;
            if RAW_TEXT_TAGS.contains(&tag.name.as_str()) && !tag.self_closing {
                // Raw text: skip to the matching end tag without looking at the content.
                let close = format!("</{}", tag.name);
                let end = find_ascii_ci(&src.as_bytes()[tag.end..], close.as_bytes())
                    .map_or(src.len(), |p| tag.end + p);
                let after = src[end..].find('>').map_or(src.len(), |p| end + p + 1);
                self.end_tag(&tag.name);
                return Ok(Some(after));
            }
        }
        Ok(Some(tag.end))
    }

    fn start_tag(&mut self, tag: &Tag, at: usize) -> Result<(), ReadError> {
        let name = tag.name.as_str();
        if BLOCK_TAGS.contains(&name) {
            self.sink().flush();
        }
        if name == "br" {
            return Ok(());
        }
        if CLOSES_P.contains(&name) {
            self.close_within(&["p"], &["td", "th", "table", "div", "body"]);
        }
        match name {
            "li" => self.close_within(&["li"], &["ul", "ol", "td", "th", "table"]),
            "dt" | "dd" => self.close_within(&["dt", "dd"], &["dl", "td", "th", "table"]),
            "td" | "th" => self.close_within(&["td", "th"], &["tr", "table"]),
            "tr" => self.close_within(&["tr"], &["table"]),
            "tbody" | "thead" | "tfoot" => {
                self.close_within(&["tr", "tbody", "thead", "tfoot"], &["table"]);
            }
            _ => {}
        }
        if VOID_TAGS.contains(&name) || tag.self_closing && name != "td" && name != "th" {
            return Ok(());
        }
        let junk = JUNK_TAGS.contains(&name)
            || (name == "header" && self.articles == 0)
            || tag.junk_attributes;
        let decls = if self.sheet.is_empty() {
            tag.inline
        } else {
            let classes: Vec<&str> = tag.classes.split_ascii_whitespace().collect();
            let element = html_css::Element {
                tag: name,
                id: tag.id.as_deref(),
                classes: &classes,
            };
            self.sheet.cascade(self.stack.len(), &element, tag.inline)
        };
        // The `hidden` attribute is the browser's `display: none`, which a page's CSS overrides.
        let undisplayed = decls.display.map_or(tag.hidden_attr, |d| d.hides);
        let parent_visible = self.stack.last().is_none_or(|o| o.visible);
        let visible = decls.visibility.map_or(parent_visible, |d| !d.hides);
        if !junk && self.junk == 0 && self.place.is_none() && (undisplayed || !visible) {
            // The outermost element hiding text: the text it holds is one place.
            // The range grows from nothing as hidden text is found.
            self.place = Some((
                self.stack.len(),
                Range {
                    start: usize::MAX,
                    end: 0,
                },
                Hidden::default(),
            ));
        }
        let role = if junk {
            Role::Junk
        } else if undisplayed {
            Role::Hidden
        } else {
            match name {
                "table" => Role::Table,
                "tr" => Role::Row,
                "td" | "th" => Role::Cell,
                "p" => Role::Paragraph,
                "li" => Role::ListItem,
                "article" | "main" => Role::Article,
                _ => Role::Other,
            }
        };
        if self.stack.len() >= self.max_depth {
            return Err(ReadError::TooDeep {
                limit: self.max_depth,
                line: line_of(self.src, at),
            });
        }
        let inert = self.junk > 0 || self.undisplayed > 0;
        match role {
            Role::Junk => self.junk += 1,
            Role::Hidden => self.undisplayed += 1,
            Role::Article => self.articles += 1,
            Role::Table if !inert => self.tables.push(Table::default()),
            Role::Row if !inert => {
                self.count_item()?;
                if let Some(t) = self.tables.last_mut() {
                    t.close_cell();
                    t.rows.push(Vec::new());
                }
            }
            Role::Cell if !inert => {
                self.count_item()?;
                if let Some(t) = self.tables.last_mut() {
                    t.close_cell();
                    t.open_cell = Some(Cell {
                        sink: Sink::default(),
                        rowspan: tag.rowspan,
                        colspan: tag.colspan,
                        content_start: tag.end,
                    });
                }
            }
            _ => {}
        }
        // A table, row or cell opened inside junk stays inert (`Other`) so that closing it does
        // not touch the tables being built.
        let role = match role {
            Role::Table | Role::Row | Role::Cell if inert => Role::Other,
            r => r,
        };
        self.stack.push(Open {
            name: tag.name.clone(),
            role,
            visible,
        });
        Ok(())
    }

    /// Counts a row or cell against the budget.
    fn count_item(&mut self) -> Result<(), ReadError> {
        self.items += 1;
        crate::budget::check(Budgeted::LinesAndCells, self.items, self.max_items)
    }

    fn end_tag(&mut self, name: &str) {
        if name == "br" || name == "p" && !self.stack.iter().any(|o| o.name == "p") {
            // `</br>` and a stray `</p>` are line breaks in browsers.
            self.sink().flush();
            return;
        }
        let boundary: &[&str] = match name {
            "td" | "th" | "tr" | "tbody" | "thead" | "tfoot" => &["table"],
            _ => &[],
        };
        if let Some(pos) = self
            .stack
            .iter()
            .rposition(|o| o.name == name || boundary.contains(&o.name.as_str()))
            && self.stack[pos].name == name
        {
            while self.stack.len() > pos {
                self.pop();
            }
        }
        if BLOCK_TAGS.contains(&name) {
            self.sink().flush();
        }
    }

    /// Closes the nearest open element named in `names` unless an element in `scope` comes
    /// first (HTML's implied end tags: a new `<td>` ends the previous cell of the same row).
    fn close_within(&mut self, names: &[&str], scope: &[&str]) {
        let found = self
            .stack
            .iter()
            .rposition(|o| names.contains(&o.name.as_str()) || scope.contains(&o.name.as_str()));
        if let Some(pos) = found
            && names.contains(&self.stack[pos].name.as_str())
        {
            while self.stack.len() > pos {
                self.pop();
            }
        }
    }

    fn pop(&mut self) {
        let Some(open) = self.stack.pop() else {
            return;
        };
        if self
            .place
            .as_ref()
            .is_some_and(|(root, _, _)| *root == self.stack.len())
            && let Some((_, range, text)) = self.place.take()
            && text.chars > 0
        {
            self.places.push((range, text));
        }
        match open.role {
            Role::Junk => self.junk = self.junk.saturating_sub(1),
            Role::Hidden => self.undisplayed = self.undisplayed.saturating_sub(1),
            Role::Article => self.articles = self.articles.saturating_sub(1),
            Role::Cell | Role::Row => {
                if let Some(t) = self.tables.last_mut() {
                    t.close_cell();
                }
            }
            Role::Table => {
                if let Some(mut t) = self.tables.pop() {
                    t.close_cell();
                    let sink = self.sink();
                    sink.flush();
                    sink.items.push(Item::Table(t));
                }
            }
            Role::Paragraph | Role::ListItem => self.sink().flush(),
            Role::Other => {}
        }
    }

    /// Where text goes now: the open cell of the innermost table that has one, else the page.
    fn sink(&mut self) -> &mut Sink {
        for t in self.tables.iter_mut().rev() {
            if let Some(cell) = t.open_cell.as_mut() {
                return &mut cell.sink;
            }
        }
        &mut self.top
    }

    fn text(&mut self, start: usize, end: usize) {
        if self.junk > 0 {
            return;
        }
        if self.undisplayed > 0 || self.stack.last().is_some_and(|o| !o.visible) {
            let raw = &self.src[start..end];
            if let Some((_, range, text)) = self.place.as_mut()
                && !raw.trim().is_empty()
            {
                text.push(raw);
                let trimmed = raw.trim_start();
                let first = start + (raw.len() - trimmed.len());
                let last = start + raw.trim_end().len();
                *range = range.start.min(first)..range.end.max(last);
            }
            return;
        }
        let src = self.src;
        self.chars += crate::budget::chars(&src[start..end]);
        let mut pieces = Vec::new();
        let mut run = start;
        let mut i = start;
        while let Some(p) = src.as_bytes()[i..end].iter().position(|&b| b == b'&') {
            let at = i + p;
            let Some((decoded, len)) = entity(&src[at..end]) else {
                i = at + 1;
                continue;
            };
            if run < at {
                pieces.push(Piece::run(run, at));
            }
            pieces.push(Piece {
                start: at as u32,
                end: (at + len) as u32,
                entity: Some(decoded),
            });
            i = at + len;
            run = i;
        }
        if run < end {
            pieces.push(Piece::run(run, end));
        }
        self.sink().pending.extend(pieces);
    }
}

/// A parsed start or end tag.
struct Tag {
    name: String,
    end: usize,
    self_closing: bool,
    rowspan: usize,
    colspan: usize,
    junk_attributes: bool,
    /// The `class` attribute as written.
    classes: String,
    id: Option<String>,
    /// The `display` and `visibility` of the `style` attribute.
    inline: Decls,
    /// The `hidden` attribute.
    hidden_attr: bool,
    /// The `media` attribute, lower case (of a `<style>`).
    media: Option<String>,
}

/// Largest `colspan` honoured (HTML's own limit is 1000; no report table is wider than 20).
const MAX_COLSPAN: usize = 100;
/// Largest `rowspan` honoured before clipping to the table.
const MAX_ROWSPAN: usize = 65_534;

fn parse_tag(src: &str, name_start: usize) -> Tag {
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

fn find_ascii_ci(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

/// 1-based line of a byte offset (for error messages only).
fn line_of(src: &str, offset: usize) -> usize {
    src[..offset.min(src.len())].split('\n').count()
}

/// Decodes the character reference at the start of `s` (which starts with `&`): the decoded
/// character and the length of the reference, or `None` to keep the `&` as text.
fn entity(s: &str) -> Option<(char, usize)> {
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

impl Piece {
    fn run(start: usize, end: usize) -> Self {
        Self {
            start: start as u32,
            end: end as u32,
            entity: None,
        }
    }
}

/// The text of lines of pieces as a browser renders it: runs of white space collapsed to one
/// space, the ends trimmed (`&nbsp;` counts as space, so that a cell holding only `&nbsp;` is
/// blank); the lines of a cell joined (see [`cell_text`]). Built straight into the [`Text`],
/// run by run.
struct Collapsed<'a> {
    src: &'a str,
    /// Counts the text normalised, asking the caller's interrupt every 64 KiB.
    ticker: &'a Ticker<'a>,
    text: Text,
    /// The first white space since the last kept character, pushed as one space before the
    /// next kept character.
    space: Option<Range<usize>>,
    /// The last kept character (as written or decoded) and where its source ends.
    last: Option<(char, usize)>,
    /// A new line of a cell has begun and nothing of it is kept yet.
    new_line: bool,
}

impl<'a> Collapsed<'a> {
    fn new(src: &'a str, ticker: &'a Ticker<'a>) -> Self {
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
    fn next_line(&mut self) {
        self.space = None;
        self.new_line = true;
    }

    fn push_line(&mut self, pieces: &[Piece]) -> Result<(), ReadError> {
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
    fn is_empty(&self) -> bool {
        self.last.is_none()
    }
}

fn emit<'a>(
    src: &'a str,
    items: &[Item],
    blocks: &mut Vec<Block>,
    copied: &mut Copied,
    max_slots: usize,
    ticker: &'a Ticker<'a>,
) -> Result<(), ReadError> {
    for item in items {
        match item {
            Item::Line(pieces) => {
                let mut line = Collapsed::new(src, ticker);
                line.push_line(pieces)?;
                if !line.is_empty() {
                    blocks.push(Block::Line(line.text));
                }
            }
            Item::Table(table) if is_layout(table) => {
                for cell in table.rows.iter().flatten() {
                    emit(src, &cell.sink.items, blocks, copied, max_slots, ticker)?;
                }
            }
            Item::Table(table) => {
                for row in expand(src, table, copied, max_slots, ticker)? {
                    if row.iter().any(|t| !t.is_empty()) {
                        blocks.push(Block::Row(row));
                    }
                }
            }
        }
    }
    Ok(())
}

/// A table used for page layout rather than data: it holds another table, or has a single
/// column. Its cells are read as flowing text.
fn is_layout(table: &Table) -> bool {
    let nested = table
        .rows
        .iter()
        .flatten()
        .any(|c| c.sink.items.iter().any(|i| matches!(i, Item::Table(_))));
    let width = table
        .rows
        .iter()
        .map(|r| r.iter().map(|c| c.colspan).sum::<usize>())
        .max()
        .unwrap_or(0);
    nested || width <= 1
}

/// The text of one cell: its lines joined, without a space between two Chinese characters (a
/// line wrapped inside a cell) and with one otherwise.
fn cell_text<'a>(src: &'a str, cell: &Cell, ticker: &'a Ticker<'a>) -> Result<Text, ReadError> {
    let mut all = Collapsed::new(src, ticker);
    for item in &cell.sink.items {
        let Item::Line(line) = item else { continue };
        all.next_line();
        all.push_line(line)?;
    }
    Ok(if all.is_empty() {
        Text::empty_at(cell.content_start)
    } else {
        all.text
    })
}

/// Expands a table into rows: a cell spanning several rows is seen in each of them.
///
/// What a row holds for a cell spanning it from above depends on the cell: a label (a group
/// label such as "（三）不予公开") is repeated, because it names each row it spans; a value ("0",
/// "/", blank) is *not* repeated — a merged value cell holds one value, and copying it would count
/// it twice — so the row gets an empty cell there, anchored at the merged cell, keeping the row's
/// values in their columns. A cell spanning several columns is one cell: the columns it covers
/// add nothing, so a label spanning three label columns is not followed by empty "values".
///
/// Only a label that can name rows is repeated: one of at most [`MAX_REPEATED_LABEL`]
/// characters (the form's longest label has about forty). A longer text spanning rows is
/// content, not a name; below it the rows get an empty cell, as under a value. The bytes
/// repeated count against the budget, and so do the grid's slots: a hostile page is
/// [`ReadError::TooComplex`], never gigabytes of copies.
fn expand<'a>(
    src: &'a str,
    table: &Table,
    copied: &mut Copied,
    max_slots: usize,
    ticker: &'a Ticker<'a>,
) -> Result<Vec<Vec<Text>>, ReadError> {
    let cells: Vec<Vec<(Text, usize, usize)>> = table
        .rows
        .iter()
        .map(|r| {
            r.iter()
                .map(|c| Ok((cell_text(src, c, ticker)?, c.rowspan, c.colspan)))
                .collect::<Result<_, ReadError>>()
        })
        .collect::<Result<_, _>>()?;
    expand_grid(cells, copied, max_slots)
}

/// The longest label (in characters) repeated into the rows a merged cell spans.
pub(crate) const MAX_REPEATED_LABEL: usize = 100;

/// Whether a cell spanning rows is repeated in each: a label short enough to name rows.
pub(crate) fn repeats_below(text: &str) -> bool {
    !is_value_like(text) && text.chars().nth(MAX_REPEATED_LABEL).is_none()
}

/// One position of the expanded grid.
#[derive(Clone)]
enum Slot {
    Free,
    /// The first column of a cell, in its own row or a row it spans.
    Cell(Text),
    /// A further column covered by a cell spanning columns.
    Covered,
}

/// The grid expansion of rows of `(text, rowspan, colspan)` (see [`expand`]), in at most
/// `max_slots` slots (rows × columns).
fn expand_grid(
    rows: Vec<Vec<(Text, usize, usize)>>,
    copied: &mut Copied,
    max_slots: usize,
) -> Result<Vec<Vec<Text>>, ReadError> {
    let n_rows = rows.len();
    let mut grid: Vec<Vec<Slot>> = vec![Vec::new(); n_rows];
    let mut slots = 0usize;
    for (r, row) in rows.into_iter().enumerate() {
        let mut c = 0;
        for (text, rowspan, colspan) in row {
            while grid[r].get(c).is_some_and(|s| !matches!(s, Slot::Free)) {
                c += 1;
            }
            let last_row = (r + rowspan.max(1)).min(n_rows);
            let repeat = repeats_below(text.as_str());
            let below = if repeat {
                text.clone()
            } else {
                Text::empty_at(text.source_range(0..0).start)
            };
            for (rr, grid_row) in grid.iter_mut().enumerate().take(last_row).skip(r) {
                for cc in c..c + colspan.max(1) {
                    slots += 1;
                    crate::budget::check(Budgeted::LinesAndCells, slots, max_slots)?;
                    if grid_row.len() <= cc {
                        grid_row.resize(cc + 1, Slot::Free);
                    }
                    grid_row[cc] = if cc > c {
                        Slot::Covered
                    } else if rr == r {
                        Slot::Cell(text.clone())
                    } else {
                        if repeat {
                            copied.add(&below)?;
                        }
                        Slot::Cell(below.clone())
                    };
                }
            }
            c += colspan.max(1);
        }
    }
    Ok(grid
        .into_iter()
        .map(|row| {
            row.into_iter()
                .filter_map(|slot| match slot {
                    Slot::Cell(t) => Some(t),
                    Slot::Free | Slot::Covered => None,
                })
                .collect()
        })
        .collect())
}

/// Whether a cell holds a value (or a blank) rather than a label: digits and the marks used for
/// "none" in report tables.
pub(crate) fn is_value_like(s: &str) -> bool {
    let s = s.trim();
    s.is_empty()
        || s == "无"
        || s.chars().all(|c| {
            c.is_ascii_digit() || matches!(c, '.' | ',' | '-' | '+' | '%' | '/' | '—' | '–' | ' ')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(html: &str) -> Document {
        read(html.as_bytes(), "t.html", &ReadOptions::default())
            .unwrap()
            .0
    }

    fn rendered(d: &Document) -> Vec<String> {
        d.blocks
            .iter()
            .map(|b| match b {
                Block::Line(t) => t.as_str().to_owned(),
                Block::Row(cells) => cells.iter().map(Text::as_str).collect::<Vec<_>>().join("|"),
            })
            .collect()
    }

    #[test]
    fn paragraphs_and_entities_keep_their_source_ranges() {
        let html = "<html><body><p>规章&nbsp;１２</p><p>a &amp; b</p></body></html>";
        let d = doc(html);
        assert_eq!(rendered(&d), ["规章 12", "a & b"]);
        let Block::Line(t) = &d.blocks[0] else {
            panic!()
        };
        let i = t.as_str().find("12").unwrap();
        assert_eq!(&html[t.source_range(i..i + 2)], "１２");
        let Block::Line(t) = &d.blocks[1] else {
            panic!()
        };
        let amp = t.as_str().find('&').unwrap();
        assert_eq!(&html[t.source_range(amp..amp + 1)], "&amp;");
    }

    #[test]
    fn rowspan_labels_repeat_but_values_do_not() {
        let html = "<table><tr><td rowspan=2>（三）不予公开</td><td>1.属于国家秘密</td>\
                    <td rowspan=2>5</td></tr><tr><td>2.其他</td></tr>\
                    <tr><td colspan=2>（七）总计</td><td>&nbsp;</td></tr></table>";
        let d = doc(html);
        assert_eq!(
            rendered(&d),
            [
                "(三)不予公开|1.属于国家秘密|5",
                "(三)不予公开|2.其他|",
                "(七)总计|"
            ]
        );
        let Block::Row(cells) = &d.blocks[2] else {
            panic!()
        };
        // The blank cell is anchored where its content starts, on the `&nbsp;`.
        assert!(html[cells[1].source_range(0..0).start..].starts_with("&nbsp;"));
    }

    #[test]
    fn junk_and_implied_end_tags() {
        let html = "<div class=\"nav\"><a>首页</a></div><script>var a='<p>x</p>';</script>\
                    <p>一、总体情况<p>第二段<footer>版权所有</footer>\
                    <table><tr><td>a<td>1<tr><td>b<td>2</table>";
        assert_eq!(
            rendered(&doc(html)),
            ["一、总体情况", "第二段", "a|1", "b|2"]
        );
    }

    #[test]
    fn layout_tables_are_read_as_text() {
        let html = "<table><tr><td><p>标题</p><table><tr><td>x</td><td>1</td></tr></table>\
                    <p>尾</p></td></tr></table>";
        assert_eq!(rendered(&doc(html)), ["标题", "x|1", "尾"]);
    }

    #[test]
    fn nesting_too_deep_is_refused_with_its_line() {
        let html = format!("<p>\n{}", "<div>".repeat(100_000));
        let err = read(html.as_bytes(), "t.html", &ReadOptions::default()).unwrap_err();
        assert!(matches!(err, ReadError::TooDeep { line: 2, .. }), "{err:?}");
        assert!(err.to_string().contains("嵌套"), "{err}");
    }

    #[test]
    fn gbk_meta_charset_is_honoured() {
        let html = "<html><head><meta charset=\"gb2312\"></head><body><p>规章 1</p></body></html>";
        let (bytes, _, _) = encoding_rs::GBK.encode(html);
        let (d, _) = read(&bytes, "t.html", &ReadOptions::default()).unwrap();
        assert_eq!(d.encoding, "GB18030");
        assert_eq!(rendered(&d), ["规章 1"]);
    }

    #[test]
    fn hostile_spans_are_bounded() {
        let html = "<table><tr><td colspan=99999 rowspan=99999>x</td><td>1</td></tr></table>";
        let d = doc(html);
        assert_eq!(rendered(&d).len(), 1);
    }
}
