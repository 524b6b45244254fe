//! What of a DOCX's text Word does not show: runs formatted as hidden (`w:vanish`, and
//! `w:specVanish`), directly or through a style.
//!
//! Word hides a run when its effective `vanish` property is on. The property is resolved as Word
//! resolves run properties: the run's own `w:rPr`, else its character style (`w:rStyle`), else
//! its paragraph's style (`w:pStyle`), each style following its `w:basedOn` chain, else the
//! document defaults (`w:docDefaults/w:rPrDefault`). A `w:val` of `false`, `0` or `off` turns the
//! property off (a run may show text its style hides). Hidden text is not read: a value typed as
//! hidden text is invisible to every reader of the document, so it is no part of the report
//! (Word shows "31" where the XML holds "31" and a hidden "19").

use std::collections::HashMap;

use quick_xml::events::{BytesStart, Event};

/// The styles part of a WordprocessingML package.
pub(crate) const STYLES_PART: &str = "word/styles.xml";

/// How many `w:basedOn` steps are followed: real style chains are a few deep; a loop or a
/// hostile chain stops here.
const MAX_BASED_ON: usize = 32;

/// Most styles read from the styles part (a real document has a few hundred).
const MAX_STYLES: usize = 10_000;

#[derive(Debug, Default)]
struct Style {
    based_on: Option<String>,
    vanish: Option<bool>,
}

/// The hidden-text facts of a document's styles.
#[derive(Debug, Default)]
pub(crate) struct Styles {
    styles: HashMap<String, Style>,
    /// `vanish` of the document defaults.
    default_vanish: Option<bool>,
}

impl Styles {
    /// Reads the styles part. A styles part that cannot be parsed hides nothing: Word would
    /// refuse such a file, and the document part is read (and checked) on its own.
    pub(crate) fn parse(xml: &str) -> Styles {
        let mut styles = Styles::default();
        let mut reader = quick_xml::Reader::from_str(xml);
        // Where we are: inside `w:style` (its id), inside its `w:rPr`, inside the defaults.
        let mut current: Option<(String, Style)> = None;
        let mut depth = 0usize;
        // The depth of the children of the open `w:style`, `w:rPrDefault` and their `w:rPr`.
        let mut style_depth: Option<usize> = None;
        let mut rpr_depth: Option<usize> = None;
        let mut defaults_depth: Option<usize> = None;
        loop {
            let (e, empty) = match reader.read_event() {
                Ok(Event::Start(e)) => (e, false),
                Ok(Event::Empty(e)) => (e, true),
                Ok(Event::End(e)) => {
                    match e.name().as_ref() {
                        "w:style" => {
                            style_depth = None;
                            if let Some((id, style)) = current.take()
                                && styles.styles.len() < MAX_STYLES
                            {
                                styles.styles.insert(id, style);
                            }
                        }
                        "w:rPrDefault" => defaults_depth = None,
                        _ => {}
                    }
                    if rpr_depth == Some(depth) {
                        rpr_depth = None;
                    }
                    depth = depth.saturating_sub(1);
                    continue;
                }
                Ok(Event::Eof) | Err(_) => break,
                Ok(_) => continue,
            };
            let name = e.name();
            match name.as_ref() {
                "w:style" if !empty => {
                    let id = attr(&e, "w:styleId").unwrap_or_default();
                    current = Some((id, Style::default()));
                    style_depth = Some(depth + 1);
                }
                "w:rPrDefault" if !empty => defaults_depth = Some(depth + 1),
                // The run properties of a style or of the defaults (not those of a table
                // style's conditional parts, nor a paragraph mark's in `w:pPr`).
                "w:rPr"
                    if !empty && (style_depth == Some(depth) || defaults_depth == Some(depth)) =>
                {
                    rpr_depth = Some(depth + 1);
                }
                "w:basedOn" if style_depth == Some(depth) => {
                    if let Some((_, style)) = current.as_mut() {
                        style.based_on = attr(&e, "w:val");
                    }
                }
                "w:vanish" | "w:specVanish" if rpr_depth == Some(depth) => {
                    let on = toggle(&e);
                    match current.as_mut() {
                        Some((_, style)) => style.vanish = Some(on),
                        None if defaults_depth.is_some() => styles.default_vanish = Some(on),
                        None => {}
                    }
                }
                _ => {}
            }
            if !empty {
                depth += 1;
            }
        }
        styles
    }

    /// The `vanish` a style gives, following its `w:basedOn` chain.
    fn style_vanish(&self, id: &str) -> Option<bool> {
        let mut id = id;
        for _ in 0..MAX_BASED_ON {
            let style = self.styles.get(id)?;
            if style.vanish.is_some() {
                return style.vanish;
            }
            id = style.based_on.as_deref()?;
        }
        None
    }

    /// Whether a run is hidden: its own `vanish` (if set), else its character style's, else its
    /// paragraph style's, else the defaults'.
    pub(crate) fn run_hidden(
        &self,
        direct: Option<bool>,
        run_style: Option<&str>,
        paragraph_style: Option<&str>,
    ) -> bool {
        direct
            .or_else(|| run_style.and_then(|s| self.style_vanish(s)))
            .or_else(|| paragraph_style.and_then(|s| self.style_vanish(s)))
            .or(self.default_vanish)
            .unwrap_or(false)
    }
}

/// The value of an attribute.
pub(crate) fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.try_get_attribute(name)
        .ok()
        .flatten()
        .map(|a| a.value.into_owned())
}

/// An on/off property: on unless `w:val` says `false`, `0` or `off`.
pub(crate) fn toggle(e: &BytesStart<'_>) -> bool {
    !matches!(attr(e, "w:val").as_deref(), Some("false" | "0" | "off"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vanish_through_styles_defaults_and_based_on() {
        let xml = r#"<w:styles>
            <w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val="21"/></w:rPr></w:rPrDefault></w:docDefaults>
            <w:style w:type="character" w:styleId="Secret"><w:rPr><w:vanish/></w:rPr></w:style>
            <w:style w:type="character" w:styleId="MoreSecret"><w:basedOn w:val="Secret"/></w:style>
            <w:style w:type="character" w:styleId="Shown"><w:basedOn w:val="Secret"/><w:rPr><w:vanish w:val="0"/></w:rPr></w:style>
            <w:style w:type="character" w:styleId="Loop"><w:basedOn w:val="Loop"/></w:style>
            <w:style w:type="paragraph" w:styleId="P"><w:pPr><w:rPr><w:vanish/></w:rPr></w:pPr></w:style>
        </w:styles>"#;
        let s = Styles::parse(xml);
        assert!(s.run_hidden(None, Some("Secret"), None));
        assert!(s.run_hidden(None, Some("MoreSecret"), None));
        assert!(!s.run_hidden(None, Some("Shown"), None));
        assert!(!s.run_hidden(Some(false), Some("Secret"), None));
        assert!(s.run_hidden(Some(true), Some("Shown"), None));
        assert!(!s.run_hidden(None, Some("Loop"), None));
        assert!(!s.run_hidden(None, Some("Unknown"), None));
        // A paragraph mark's vanish hides the mark, not the paragraph's text.
        assert!(!s.run_hidden(None, None, Some("P")));
        let s = Styles::parse(
            "<w:styles><w:docDefaults><w:rPrDefault><w:rPr><w:vanish/></w:rPr></w:rPrDefault></w:docDefaults></w:styles>",
        );
        assert!(s.run_hidden(None, None, None));
    }
}
