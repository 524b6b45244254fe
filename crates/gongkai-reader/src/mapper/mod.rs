//! The template mapper: a [`Document`] walked against the official form into a [`Report`].
//!
//! It works on blocks only, never on a file format: section headings first (whole lines), then
//! each table in the region between its section's heading and the next, rows found by their
//! labels in the form's order and values read after each label. What does not fit becomes a
//! [`ReadIssue`] with a span; nothing is guessed.

mod certainty;
mod damage;
mod labels;
mod metadata;
mod narrative;
mod sections;
mod stream;
mod tables;
mod values;

use std::ops::Range;
use std::sync::LazyLock;

use gongkai_core::template::{
    ACTIVE_DISCLOSURE_2019, ACTIVE_DISCLOSURE_2021, FormatVersion, ItemTemplate, SectionId, TableId,
};
use gongkai_core::{CellRef, Metadata, ReadIssue, ReadIssueKind, Report, Spanned};

use crate::document::Document;
use labels::{LabelKey, find_exact};
pub(crate) use narrative::Tally;
use sections::Heading;
use stream::Stream;
pub(crate) use stream::fold;
use tables::Region;
pub(crate) use values::is_value_word;

/// Maps a document onto the official form.
///
/// Never fails: what cannot be read is missing from the report and listed in
/// [`Report::issues`].
pub fn map(document: &Document) -> Report {
    // Without an interrupt nothing stops the mapping: the default is never used.
    map_until(document, None, usize::MAX).unwrap_or_default()
}

/// As [`map`], asking `interrupt` between steps and stopping with [`ReadError::Interrupted`],
/// and with [`ReadError::TooComplex`] past `max_items` lines and cells, words, sentences or
/// numbers.
pub(crate) fn map_until(
    document: &Document,
    interrupt: Option<&crate::Interrupt>,
    max_items: usize,
) -> Result<Report, crate::ReadError> {
    let poll = || crate::poll(interrupt);
    poll()?;
    // Headings inside lines (a page copied without its line breaks) become lines of their own.
    let split = sections::split_embedded(document);
    let document = split.as_ref().unwrap_or(document);
    poll()?;
    let s = Stream::new_until(document, max_items, interrupt)?;
    poll()?;
    let source = &document.source;
    let headings = sections::find(&s);
    let mut ordered = headings.clone();
    ordered.sort_by_key(|h| h.block);
    let heading = |id: SectionId| headings.iter().find(|h| h.section == id);
    let n_blocks = document.blocks.len();
    // The blocks of a section's body: after its heading, up to the next heading of any section.
    let body = |h: &Heading| -> Range<usize> {
        let end = ordered
            .iter()
            .find(|o| o.block > h.block)
            .map_or(n_blocks, |o| o.block);
        h.block + 1..end
    };
    // The first heading at or after `block` among `ids`, as a block index.
    let next_of = |block: usize, ids: &[SectionId]| -> usize {
        ordered
            .iter()
            .filter(|h| h.block >= block && ids.contains(&h.section))
            .map(|h| h.block)
            .min()
            .unwrap_or(n_blocks)
    };

    let meta = metadata::read(source, &document.blocks, ordered.first().map(|h| h.block));
    let mut issues = Vec::new();
    poll()?;

    // 表二.
    let t2_blocks = if let Some(h) = heading(SectionId::ActiveDisclosure) {
        body(h)
    } else {
        let start = heading(SectionId::Overview).map_or(0, |h| h.block + 1);
        start..next_of(start, &SectionId::ALL[2..])
    };
    let t2_region = Region::of_blocks(&s, t2_blocks.clone());
    let signalled = detect_format(&s, t2_region);
    let by_year = meta.year.as_ref().map(|y| {
        if y.value <= 2020 {
            FormatVersion::F2019
        } else {
            FormatVersion::F2021
        }
    });
    let format = signalled.or(by_year).unwrap_or(FormatVersion::F2021);
    let (active_disclosure, mut t2) =
        tables::active_disclosure(&s, source, t2_region, format, signalled.is_some());
    let format = if t2.rows_found == 0 && signalled.is_none() {
        FormatVersion::Unknown
    } else {
        format
    };

    poll()?;

    // 表三.
    let t3_blocks = if let Some(h) = heading(SectionId::Applications) {
        body(h)
    } else {
        let start = t2
            .blocks
            .as_ref()
            .map_or(t2_blocks.start, |b| b.end.max(t2_blocks.start));
        start..next_of(start, &SectionId::ALL[3..])
    };
    let (applications, mut t3) =
        tables::applications(&s, source, Region::of_blocks(&s, t3_blocks.clone()));

    poll()?;

    // 表四.
    let t4_blocks = match heading(SectionId::ReviewLitigation) {
        Some(h) => Some(body(h)),
        None => t3.blocks.as_ref().map(|b| {
            let start = b.end;
            start..next_of(start, &SectionId::ALL[4..])
        }),
    };
    let (review_litigation, mut t4) = match t4_blocks {
        Some(b) => tables::review_litigation(&s, source, Region::of_blocks(&s, b)),
        None => tables::review_litigation(
            &s,
            source,
            Region {
                from_key: 0,
                to_key: 0,
                from_tok: 0,
                to_tok: 0,
            },
        ),
    };

    let table_blocks: Vec<Range<usize>> = [&t2, &t3, &t4]
        .iter()
        .filter_map(|t| t.blocks.clone())
        .map(|b| widen_to_header(document, &ordered, b))
        .collect();

    let mut sections_out = Vec::with_capacity(6);
    let mut tally = narrative::Tally::new(max_items);
    for id in SectionId::ALL {
        poll()?;
        let h = heading(id);
        let spanned = h.map(|h| Spanned {
            value: h.text.clone(),
            span: source.span(h.source.start, h.source.end),
        });
        sections_out.push(narrative::section(
            document,
            source,
            id,
            spanned,
            h.map(&body),
            &table_blocks,
            &mut tally,
        )?);
        match h {
            None => issues.push(ReadIssue {
                kind: ReadIssueKind::SectionMissing { section: id },
                span: None,
            }),
            Some(h) if h.out_of_order => issues.push(ReadIssue {
                kind: ReadIssueKind::SectionOutOfOrder { section: id },
                span: Some(source.span(h.source.start, h.source.end)),
            }),
            Some(_) => {}
        }
        if let Some(h) = h.filter(|h| h.variant) {
            issues.push(ReadIssue {
                kind: ReadIssueKind::SectionVariant {
                    section: id,
                    found: h.text.clone(),
                },
                span: Some(source.span(h.source.start, h.source.end)),
            });
        }
    }
    // Sections found form a strict prefix of the six: the text stops before the report does.
    let found: Vec<bool> = SectionId::ALL
        .iter()
        .map(|&id| heading(id).is_some())
        .collect();
    let prefix = found.iter().take_while(|&&f| f).count();
    if prefix > 0 && prefix < 6 && found.iter().skip(prefix).all(|f| !f) {
        let end = source.text().len();
        issues.push(ReadIssue {
            kind: ReadIssueKind::Truncated,
            span: Some(source.span(end, end)),
        });
    }
    {
        let read_blocks = |t: &tables::TableRead| t.blocks.clone().unwrap_or(0..0);
        let (b2, b3, b4) = (read_blocks(&t2), read_blocks(&t3), read_blocks(&t4));
        certainty::settle(
            TableId::ActiveDisclosure,
            &mut t2,
            &s,
            t2_blocks.clone(),
            &[b3.clone(), b4.clone()],
        );
        certainty::settle(
            TableId::Applications,
            &mut t3,
            &s,
            t3_blocks.clone(),
            &[b2.clone(), b4],
        );
        certainty::settle(TableId::ReviewLitigation, &mut t4, &s, 0..0, &[b2, b3]);
    }
    issues.extend(t2.issues.iter().cloned());
    issues.extend(t3.issues.iter().cloned());
    issues.extend(t4.issues.iter().cloned());
    issues.extend(damage::repeated_applications(
        &s,
        source,
        &applications,
        &t3,
    ));
    issues.extend(damage::repeated_active_disclosure(
        &s,
        source,
        &active_disclosure,
        &t2,
        format,
    ));
    issues.extend(damage::repeated_review_litigation(
        &s,
        source,
        &review_litigation,
        &t4,
    ));
    issues.extend(damage::not_filled(
        TableId::ActiveDisclosure,
        |id| active_disclosure.cell(id),
        &t2,
    ));
    issues.extend(damage::not_filled(
        TableId::Applications,
        |id| applications.cell(id).map(CellRef::Count),
        &t3,
    ));
    issues.extend(damage::not_filled(
        TableId::ReviewLitigation,
        |id| review_litigation.cell(id).map(CellRef::Count),
        &t4,
    ));

    let mut report = Report {
        metadata: Metadata {
            title: meta.title,
            organisation: meta.organisation,
            year: meta.year,
            format,
            input: document.kind,
            encoding: document.encoding.clone(),
        },
        sections: sections_out,
        active_disclosure,
        applications,
        review_litigation,
        issues,
        uncertain: Vec::new(),
    };
    for (table, read) in [
        (TableId::ActiveDisclosure, &t2),
        (TableId::Applications, &t3),
        (TableId::ReviewLitigation, &t4),
    ] {
        for m in &read.uncertain {
            report.mark_uncertain(table.id(), Some(&m.row), m.column, m.reason, Some(m.span));
        }
    }
    Ok(report)
}

/// A table's blocks, extended back over the header lines before its first label: rows, short
/// lines, and lines made only of the characters of the form's header words, up to the section
/// heading.
fn widen_to_header(doc: &Document, headings: &[Heading], b: Range<usize>) -> Range<usize> {
    let floor = headings
        .iter()
        .map(|h| h.block + 1)
        .filter(|&hb| hb <= b.start)
        .max()
        .unwrap_or(0);
    let mut start = b.start;
    while start > floor {
        let header = match doc.blocks.get(start - 1) {
            Some(crate::document::Block::Row(_)) => true,
            Some(crate::document::Block::Line(t)) => {
                let line = t.as_str().trim();
                let key: String = line.chars().filter_map(fold).collect();
                line.chars().count() <= 30
                    || key.chars().all(|c| HEADER_CHARS.contains(&c))
                    || BALANCE_NOTE.contains(&key)
            }
            None => false,
        };
        if !header {
            break;
        }
        start -= 1;
    }
    start..b.end
}

/// The note printed in the header of 表三, folded.
static BALANCE_NOTE: LazyLock<String> = LazyLock::new(|| {
    gongkai_core::template::APPLICATIONS_BALANCE_NOTE
        .chars()
        .filter_map(fold)
        .collect()
});

/// The characters of the form's table header words.
static HEADER_CHARS: LazyLock<std::collections::BTreeSet<char>> = LazyLock::new(|| {
    use gongkai_core::template::{
        APPLICANT_COLUMNS, APPLICANT_LEGAL_PERSON_GROUP, REVIEW_COLUMNS, REVIEW_GROUPS,
    };
    let mut words: Vec<&str> = vec![APPLICANT_LEGAL_PERSON_GROUP, "申请人情况", "信息内容"];
    words.extend(APPLICANT_COLUMNS.iter().map(|c| c.label));
    words.extend(REVIEW_COLUMNS.iter().map(|c| c.label));
    words.extend(REVIEW_GROUPS.iter().map(|g| g.label));
    words.extend(REVIEW_GROUPS.iter().filter_map(|g| g.group));
    words.extend(
        ACTIVE_DISCLOSURE_2021
            .iter()
            .chain(ACTIVE_DISCLOSURE_2019.iter())
            .flat_map(|i| i.columns.iter().map(|c| c.label)),
    );
    words
        .iter()
        .flat_map(|w| w.chars().filter_map(fold))
        .collect()
});

/// Header words and row labels that only one format has, folded.
static FORMAT_WORDS: LazyLock<[Vec<LabelKey>; 2]> = LazyLock::new(|| {
    fn words(items: &'static [ItemTemplate]) -> Vec<&'static str> {
        items
            .iter()
            .flat_map(|i| {
                i.columns
                    .iter()
                    .map(|c| c.label)
                    .chain(i.rows.iter().map(|r| r.label))
            })
            .collect()
    }
    let w2021 = words(&ACTIVE_DISCLOSURE_2021);
    let w2019 = words(&ACTIVE_DISCLOSURE_2019);
    let folded = |w: &str| w.chars().filter_map(fold).collect::<String>();
    let only = |mine: &[&'static str], other: &[&'static str]| -> Vec<LabelKey> {
        mine.iter()
            .filter(|w| {
                let f = folded(w);
                !other.iter().any(|o| folded(o).contains(&f))
            })
            .map(|w| LabelKey::new(w, false))
            .collect()
    };
    [only(&w2021, &w2019), only(&w2019, &w2021)]
});

/// The format table 2 follows, from the words only one format has.
fn detect_format(s: &Stream, region: Region) -> Option<FormatVersion> {
    let [w2021, w2019] = &*FORMAT_WORDS;
    let score = |words: &[LabelKey]| {
        words
            .iter()
            .filter(|w| {
                find_exact(s, std::slice::from_ref(*w), region.from_key, region.to_key).is_some()
            })
            .count()
    };
    let (a, b) = (score(w2021), score(w2019));
    match a.cmp(&b) {
        std::cmp::Ordering::Greater => Some(FormatVersion::F2021),
        std::cmp::Ordering::Less => Some(FormatVersion::F2019),
        std::cmp::Ordering::Equal => None,
    }
}

/// A section read from the blocks `body` of `doc` (none of them a table): its narrative text,
/// sentences and numbers, exactly as for a section of a text report. Structured input hands the
/// lines of a section's `text` here.
///
/// # Errors
/// [`ReadError::TooComplex`] when the sentences or numbers of the sections counted in `tally`
/// pass its budget.
#[cfg_attr(not(feature = "structured"), allow(dead_code))] // structured input's alone
pub(crate) fn narrative_section(
    doc: &Document,
    source: &gongkai_core::Source,
    id: gongkai_core::template::SectionId,
    heading: Option<Spanned<String>>,
    body: Option<Range<usize>>,
    tally: &mut Tally,
) -> Result<gongkai_core::Section, crate::ReadError> {
    narrative::section(doc, source, id, heading, body, &[], tally)
}
