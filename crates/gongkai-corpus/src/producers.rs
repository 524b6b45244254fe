//! Inputs for PDF producers: the official form filled and formatted for LibreOffice
//! (`soffice --convert-to pdf`), portal pages for headless Chromium (`--print-to-pdf`), each with
//! the true value of every cell and its injected error, if any. The external programs are run by
//! `scripts/make-pdf-corpus.sh`; this module only writes what they read and what a test needs to
//! know about the PDFs they write.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::form_style::{FormStyle, Landscape};
use crate::model::Model;
use crate::narrative::{self, Spacing};
use crate::rng::Rng;
use crate::truth::{self, Cells};
use crate::{Injected, docx, html, model_in_with_error, model_with_error};

/// The errors injected into PDFs: those that are about cells, rows and the numbers of the
/// narrative, where a PDF's layout decides whether they are found at the right place.
pub const PDF_ERROR_KINDS: &[&str] = &[
    "table3-cell-off",
    "table3-cell-off",
    "table3-total-off",
    "table4-part-off",
    "blank-cell",
    "blank-cell",
    "regulations-by-local-body",
    "row-missing",
    "narrative-received",
    "narrative-outcome",
];

/// A producer and variant of the PDF corpus.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Variant {
    /// The official form, LibreOffice, portrait, formatted in one of many ways.
    #[serde(rename = "lo-form")]
    LoForm,
    /// The same with tables 3 and 4 (or the whole document) on landscape pages.
    #[serde(rename = "lo-landscape")]
    LoLandscape,
    /// The same, portrait, with one table page turned by 90° or 270° (`/Rotate`).
    #[serde(rename = "lo-rotated")]
    LoRotated,
    /// A portal page (2021 or 2019 format) printed by headless Chromium, narrow table columns.
    #[serde(rename = "chromium-portal")]
    ChromiumPortal,
    /// A portal page (mostly the 2019 format) opened in LibreOffice and exported: the path of a
    /// clerk who saves the web page and converts it.
    #[serde(rename = "lo-html")]
    LoHtml,
}

impl Variant {
    /// All variants, with the number of PDFs of each in the committed corpus.
    pub const CORPUS: [(Variant, u64); 5] = [
        (Variant::LoForm, 45),
        (Variant::LoLandscape, 40),
        (Variant::LoRotated, 40),
        (Variant::ChromiumPortal, 45),
        (Variant::LoHtml, 40),
    ];

    /// The variant named `name` (as in the manifest).
    pub fn from_name(name: &str) -> Option<Variant> {
        Variant::CORPUS
            .iter()
            .map(|(v, _)| *v)
            .find(|v| v.name() == name)
    }

    /// The name in file names and the manifest.
    pub fn name(self) -> &'static str {
        match self {
            Variant::LoForm => "lo-form",
            Variant::LoLandscape => "lo-landscape",
            Variant::LoRotated => "lo-rotated",
            Variant::ChromiumPortal => "chromium-portal",
            Variant::LoHtml => "lo-html",
        }
    }

    /// The program that makes the PDF.
    pub fn producer(self) -> &'static str {
        match self {
            Variant::ChromiumPortal => "chromium",
            _ => "libreoffice",
        }
    }

    fn seed_offset(self) -> u64 {
        match self {
            Variant::LoForm => 1,
            Variant::LoLandscape => 2,
            Variant::LoRotated => 3,
            Variant::ChromiumPortal => 4,
            Variant::LoHtml => 5,
        }
    }
}

/// A page turned after export: `qpdf --rotate=+{degrees}:{page}` on the first page whose text
/// contains `page_with`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rotate {
    /// 90 or 270.
    pub degrees: u32,
    /// Text found on the page to turn.
    pub page_with: String,
}

/// One PDF of the corpus: what the producer reads, and what the PDF must be read as.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PdfEntry {
    /// The PDF's file name.
    pub file: String,
    /// `libreoffice` or `chromium`.
    pub producer: String,
    /// The variant (see [`Variant`]).
    pub variant: String,
    /// "2021" or "2019".
    pub format: String,
    /// The input file the producer converts (`.docx` or `.html`).
    pub input: String,
    /// The formatting choices made (font, sizes, alignment, widths …).
    pub options: BTreeMap<String, String>,
    /// Extra command-line arguments for the producer (Chromium: header and footer).
    pub producer_args: Vec<String>,
    /// A page turned after export.
    pub rotate: Option<Rotate>,
    /// The injected error, with the cell or text and its true value.
    pub injected: Option<Injected>,
    /// Every printed cell's true value.
    pub cells: Cells,
}

/// The seed of the committed corpus (`scripts/make-pdf-corpus.sh`'s default).
pub const PDF_CORPUS_SEED: u64 = 11;
/// The share of the committed corpus's PDFs with an injected error.
pub const PDF_CORPUS_ERROR_RATE: f64 = 0.4;

/// Input number `index` of `variant`: the entry and the input file's bytes.
pub fn pdf_input(seed: u64, variant: Variant, index: u64, error_rate: f64) -> (PdfEntry, Vec<u8>) {
    let mut rng = Rng::for_report(
        seed.wrapping_mul(31).wrapping_add(variant.seed_offset()),
        index,
    );
    let (m, injected) = match variant {
        Variant::ChromiumPortal => model_with_error(&mut rng, false, error_rate, PDF_ERROR_KINDS),
        Variant::LoHtml => {
            let only_2019 = rng.chance(0.7);
            model_in_with_error(&mut rng, false, only_2019, error_rate, PDF_ERROR_KINDS)
        }
        _ => model_with_error(&mut rng, true, error_rate, PDF_ERROR_KINDS),
    };
    let stem = format!("{}-{index:03}", variant.name());
    let (ext, bytes, options, args, rotate) = if variant == Variant::ChromiumPortal {
        let (bytes, options, args) = portal(&m, &mut rng);
        ("html", bytes, options, args, None)
    } else if variant == Variant::LoHtml {
        let truth = m.facts_from_tables(&mut Rng::for_report(0, 0));
        let (_, page) = html::render(&m, &truth, &mut rng);
        // A saved page keeps its stylesheet's font; without one LibreOffice uses its default
        // (Noto Serif CJK by fontconfig here).
        let font = *rng.pick(&[
            None,
            Some("WenQuanYi Zen Hei"),
            Some("WenQuanYi Zen Hei"),
            Some("AR PL UMing CN"),
            Some("AR PL UMing CN"),
        ]);
        let mut page = String::from_utf8(page).unwrap_or_default();
        if let Some(f) = font {
            page = page.replacen(
                "</head>",
                &format!("<style>body, p, td {{ font-family: \"{f}\"; }}</style></head>"),
                1,
            );
        }
        let mut options = BTreeMap::new();
        options.insert(
            "font".to_owned(),
            font.unwrap_or("LibreOffice default").to_owned(),
        );
        ("html", page.into_bytes(), options, Vec::new(), None)
    } else {
        let landscape = match variant {
            Variant::LoLandscape if rng.chance(0.7) => Landscape::Tables,
            Variant::LoLandscape => Landscape::All,
            _ => Landscape::No,
        };
        let style = FormStyle::random(&mut rng, landscape);
        let truth = m.facts_from_tables(&mut Rng::for_report(0, 0));
        let n = narrative::write(&m, &truth, &mut rng, Spacing(false));
        let seed_filler = rng.next_u64();
        let bytes = docx::render_with(&m, &n, |xml| style.apply(xml, seed_filler));
        let rotate = (variant == Variant::LoRotated).then(|| Rotate {
            degrees: *rng.pick(&[90, 270]),
            page_with: (*rng.pick(&["第二十条第", "本年新收", "本年度办理结果", "结果维持"]))
                .to_owned(),
        });
        ("docx", bytes, style.describe(), Vec::new(), rotate)
    };
    let entry = PdfEntry {
        file: format!("{stem}.pdf"),
        producer: variant.producer().to_owned(),
        variant: variant.name().to_owned(),
        format: crate::format_name(m.format).to_owned(),
        input: format!("{stem}.{ext}"),
        options,
        producer_args: args,
        rotate,
        injected,
        cells: truth::cells(&m),
    };
    (entry, bytes)
}

/// A portal page as a browser prints it: the generator's HTML with a site's stylesheet — a
/// narrow article column, small table text, cells without padding (so that adjacent numbers
/// nearly or actually touch), the fonts a reader's machine has.
fn portal(m: &Model, rng: &mut Rng) -> (Vec<u8>, BTreeMap<String, String>, Vec<String>) {
    let truth = m.facts_from_tables(&mut Rng::for_report(0, 0));
    let (_, page) = html::render(m, &truth, rng);
    let page = String::from_utf8(page).unwrap_or_default();
    // Portal stylesheets name Windows fonts first and a Linux font after them. The Linux font
    // is WenQuanYi Zen Hei (proportional or monospaced digits): Chromium embeds Noto CJK (a CFF
    // collection) and AR PL UMing as Type 3 glyph procedures, 350–650 KB a report — real, but
    // too large to commit by the dozen.
    let font = *rng.pick(&[
        "\"Microsoft YaHei\", \"微软雅黑\", \"WenQuanYi Zen Hei\", sans-serif",
        "\"Microsoft YaHei\", \"微软雅黑\", \"WenQuanYi Zen Hei\", sans-serif",
        "SimSun, \"宋体\", \"WenQuanYi Zen Hei Mono\", monospace",
        "\"WenQuanYi Zen Hei\", sans-serif",
    ]);
    let width = *rng.pick(&[480, 520, 560, 600, 640, 720]);
    let table_px = *rng.pick(&[10, 11, 12, 12, 13, 14]);
    let padding = *rng.pick(&["0", "0", "0 1px", "1px 2px", "3px"]);
    let align = *rng.pick(&["center", "center", "right", "left"]);
    let valign = *rng.pick(&["middle", "middle", "top", "bottom"]);
    let layout = *rng.pick(&["auto", "auto", "fixed"]);
    let landscape = rng.chance(0.15);
    let sidebar = rng.chance(0.4);
    let header_footer = rng.chance(0.5);
    let css = format!(
        "<style>\n\
         body {{ font-family: {font}; font-size: 16px; margin: 0; }}\n\
         .nav ul {{ list-style: none; display: flex; gap: 12px; padding: 0; }}\n\
         .wrap {{ display: flex; }} .side {{ width: 160px; font-size: 13px; }}\n\
         .article {{ width: {width}px; margin: 0 auto; }}\n\
         .article h1 {{ font-size: 20px; text-align: center; }}\n\
         .article p {{ text-indent: 2em; line-height: 1.6; }}\n\
         .article table {{ width: 100% !important; border-collapse: collapse; table-layout: {layout}; \
         font-size: {table_px}px; }}\n\
         .article td {{ border: 1px solid #333; padding: {padding}; text-align: {align}; \
         vertical-align: {valign}; }}\n\
         .article td p {{ text-indent: 0; margin: 0; line-height: 1.3; text-align: {align} !important; }}\n\
         .article td span {{ font-size: {table_px}px !important; }}\n\
         {}\
         </style>\n",
        if landscape {
            "@page { size: A4 landscape; }\n"
        } else {
            ""
        }
    );
    let mut page = page.replacen("</head>", &format!("{css}</head>"), 1);
    if sidebar {
        page = page.replacen(
            "<div class=\"article\">",
            "<div class=\"wrap\"><div class=\"side\"><p>信息公开指南</p><p>信息公开制度</p>\
             <p>法定主动公开内容</p><p>政府信息公开年报</p></div><div class=\"article\">",
            1,
        );
        page = page.replacen(
            "</div>\n<div class=\"footer\">",
            "</div></div>\n<div class=\"footer\">",
            1,
        );
    }
    let mut options = BTreeMap::new();
    options.insert("font".into(), font.into());
    options.insert("article_width_px".into(), width.to_string());
    options.insert("table_font_px".into(), table_px.to_string());
    options.insert("cell_padding".into(), padding.into());
    options.insert("text_align".into(), align.into());
    options.insert("vertical_align".into(), valign.into());
    options.insert("table_layout".into(), layout.into());
    options.insert("landscape".into(), landscape.to_string());
    options.insert("sidebar".into(), sidebar.to_string());
    options.insert("header_footer".into(), header_footer.to_string());
    let args = if header_footer {
        Vec::new()
    } else {
        vec!["--no-pdf-header-footer".to_owned()]
    };
    (page.into_bytes(), options, args)
}
