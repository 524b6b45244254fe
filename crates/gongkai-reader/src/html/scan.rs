//! The one linear pass over the decoded page: markup and text in source order, an explicit stack
//! of open elements (its depth capped) with the implied end tags that matter, junk and hidden
//! elements made inert, and text collected as source runs into the innermost open cell or the
//! page. Budgets are checked as it goes, so a hostile page stops early rather than late.

use std::ops::Range;

use super::tables::Copied;
use super::tag::{Tag, find_ascii_ci, page_styles, parse_tag};
use super::text::entity;
use super::{Cell, Item, Piece, Places, Sink, Table, emit};
use crate::hidden::Hidden;
use crate::html_css::{self, StyleSheet};
use crate::ticker::Ticker;
use crate::{Block, Budgeted, ReadError, ReadOptions};

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

pub(super) fn scan<'a>(
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

/// 1-based line of a byte offset (for error messages only).
fn line_of(src: &str, offset: usize) -> usize {
    src[..offset.min(src.len())].split('\n').count()
}
