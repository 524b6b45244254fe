use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::template::{FormatVersion, SectionId};
use crate::{Cell, Count, Money, Span, Uncertain, UncertainReason};

/// A value with the span it was read from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Where it was read.
    pub span: Span,
}

/// A whole annual report as read from one file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Report {
    /// Title, organisation, year, format.
    pub metadata: Metadata,
    /// The six sections, always six, in the order of [`SectionId::ALL`]; a section whose heading
    /// was not found has `heading: null`.
    pub sections: Vec<Section>,
    /// 表二 主动公开政府信息情况.
    pub active_disclosure: ActiveDisclosure,
    /// 表三 收到和处理政府信息公开申请情况.
    pub applications: Applications,
    /// 表四 政府信息公开行政复议、行政诉讼情况.
    pub review_litigation: ReviewLitigation,
    /// What the reader could not read, or read only with tolerance, and where.
    pub issues: Vec<ReadIssue>,
    /// The cells, rows and tables read without certainty (see [`Uncertain`]); empty when every
    /// table was read with certainty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub uncertain: Vec<Uncertain>,
}

impl Report {
    /// The section with this id.
    pub fn section(&self, id: SectionId) -> Option<&Section> {
        self.sections.iter().find(|s| s.id == id)
    }

    /// Marks a cell (`column: Some`), a row (`column: None`) or a whole table (`row: None`) as
    /// read without certainty, for `reason`, at `span`. A place already covered by a mark is
    /// not marked again.
    pub fn mark_uncertain(
        &mut self,
        table: &str,
        row: Option<&str>,
        column: Option<&str>,
        reason: UncertainReason,
        span: Option<Span>,
    ) {
        let covered = self.uncertain.iter().any(|u| {
            u.table == table
                && u.row.as_deref().is_none_or(|r| Some(r) == row)
                && u.column.as_deref().is_none_or(|c| Some(c) == column)
        });
        if !covered {
            self.uncertain.push(Uncertain {
                table: table.to_owned(),
                row: row.map(str::to_owned),
                column: column.map(str::to_owned),
                reason,
                span,
            });
        }
    }

    /// The mark that makes the cell `table.row.column` uncertain, if any.
    pub fn uncertainty(&self, table: &str, row: &str, column: &str) -> Option<&Uncertain> {
        self.uncertain.iter().find(|u| u.covers(table, row, column))
    }

    /// Whether a table (by id) was read with certainty: no cell, row or the table itself marked.
    pub fn is_certain(&self, table: &str) -> bool {
        !self.uncertain.iter().any(|u| u.table == table)
    }
}

/// What kind of input a report was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum InputKind {
    /// Plain text (e.g. a PDF's extracted text layer).
    #[default]
    Text,
    /// Text with a row per line and cells separated by TABs.
    Tsv,
    /// Markdown with pipe tables.
    Markdown,
    /// An HTML page.
    Html,
    /// A Word (.docx) document.
    Docx,
    /// A PDF's text layer.
    Pdf,
    /// Structured data (JSON or YAML following the report schema).
    Structured,
}

/// Facts about the report as a whole.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Metadata {
    /// The title as printed, e.g. "淮安市人民政府2024年政府信息公开工作年度报告".
    pub title: Option<Spanned<String>>,
    /// The reporting body, e.g. "淮安市人民政府".
    pub organisation: Option<Spanned<String>>,
    /// The year reported on (from the title, else from the 统计期限).
    pub year: Option<Spanned<i32>>,
    /// The official format the tables follow, recognised from their labels.
    pub format: FormatVersion,
    /// What kind of input the report was read from.
    pub input: InputKind,
    /// The character encoding the file was decoded from, e.g. "UTF-8", "GB18030", "UTF-16LE".
    pub encoding: String,
}

/// One of the six sections.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Section {
    /// Which section.
    pub id: SectionId,
    /// The heading as found, or `None` when the report has no such heading.
    pub heading: Option<Spanned<String>>,
    /// The span of the section body (from after the heading to the next section), if found.
    pub span: Option<Span>,
    /// The body's narrative text, normalised (full-width digits and punctuation to half-width,
    /// line breaks inside paragraphs removed; paragraphs separated by `\n`). Tables are left out.
    pub text: String,
    /// The sentences of `text`, each with its span in the source.
    pub sentences: Vec<Sentence>,
    /// The numbers in `text`, with their unit word and the words around them.
    pub numbers: Vec<NarrativeNumber>,
}

impl Section {
    /// An empty section whose heading was not found.
    pub fn absent(id: SectionId) -> Self {
        Self {
            id,
            heading: None,
            span: None,
            text: String::new(),
            sentences: Vec::new(),
            numbers: Vec::new(),
        }
    }
}

/// A sentence of a section's text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Sentence {
    /// Byte offset of the sentence in the section's `text`.
    pub offset: usize,
    /// Length in bytes in the section's `text`.
    pub length: usize,
    /// Where the sentence is in the source.
    pub span: Span,
}

/// A number in the narrative, e.g. 全年办结 / 28 / 件.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct NarrativeNumber {
    /// The value (percentages as written: "33.9" for 33.9%).
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub value: Decimal,
    /// The digits as written.
    pub raw: String,
    /// The unit word right after the number ("件", "条", "%", "万元", "元"…), if any.
    pub unit: Option<String>,
    /// Up to a dozen characters of text before the number (same sentence).
    pub before: String,
    /// Up to a dozen characters of text after the number and its unit (same sentence).
    pub after: String,
    /// Byte offset of the number in the section's `text`.
    pub offset: usize,
    /// Where the digits are in the source.
    pub span: Span,
}

/// A row label as found in the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FoundLabel {
    /// The label as written (normalised, whitespace removed).
    pub text: String,
    /// Where it was written.
    pub span: Span,
    /// Whether it is the official label or a known variant exactly (after normalisation); false
    /// when it was matched with tolerance (a character dropped or changed).
    pub exact: bool,
}

/// 表二, in whichever format the report uses.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "format")]
// One per report: boxing the larger variant would save little and cost every match a deref.
#[allow(clippy::large_enum_variant)]
pub enum ActiveDisclosure {
    /// The 2021 format.
    #[serde(rename = "2021")]
    F2021(ActiveDisclosure2021),
    /// The 2019 format.
    #[serde(rename = "2019")]
    F2019(ActiveDisclosure2019),
}

impl Default for ActiveDisclosure {
    fn default() -> Self {
        ActiveDisclosure::F2021(ActiveDisclosure2021::default())
    }
}

/// 表二 in the 2021 format.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ActiveDisclosure2021 {
    /// 第二十条第（一）项 规章.
    pub regulations: DocumentsRow,
    /// 第二十条第（一）项 行政规范性文件.
    pub normative_documents: DocumentsRow,
    /// 第二十条第（五）项 行政许可: 本年处理决定数量.
    pub licensing: DecisionsRow,
    /// 第二十条第（六）项 行政处罚: 本年处理决定数量.
    pub punishment: DecisionsRow,
    /// 第二十条第（六）项 行政强制: 本年处理决定数量.
    pub coercion: DecisionsRow,
    /// 第二十条第（八）项 行政事业性收费: 本年收费金额（万元）.
    pub fees: FeesRow,
}

/// A row of 第二十条第（一）项, 2021 format.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DocumentsRow {
    /// The row label as found.
    pub label: Option<FoundLabel>,
    /// 本年制发件数.
    pub issued: Cell<Count>,
    /// 本年废止件数.
    pub repealed: Cell<Count>,
    /// 现行有效件数.
    pub in_force: Cell<Count>,
}

/// A row with one count: 本年处理决定数量 (2021 format).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DecisionsRow {
    /// The row label as found.
    pub label: Option<FoundLabel>,
    /// 本年处理决定数量.
    pub decisions: Cell<Count>,
}

/// 行政事业性收费 (2021 format).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FeesRow {
    /// The row label as found.
    pub label: Option<FoundLabel>,
    /// 本年收费金额（单位：万元）, exact.
    #[cfg_attr(feature = "schema", schemars(with = "Cell<String>"))]
    pub amount: Cell<Money>,
}

/// 表二 in the 2019 format.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ActiveDisclosure2019 {
    /// 第二十条第（一）项 规章.
    pub regulations: DocumentsRow2019,
    /// 第二十条第（一）项 规范性文件.
    pub normative_documents: DocumentsRow2019,
    /// 第二十条第（五）项 行政许可.
    pub licensing: ItemsRow2019,
    /// 第二十条第（五）项 其他对外管理服务事项.
    pub other_services: ItemsRow2019,
    /// 第二十条第（六）项 行政处罚.
    pub punishment: ItemsRow2019,
    /// 第二十条第（六）项 行政强制.
    pub coercion: ItemsRow2019,
    /// 第二十条第（八）项 行政事业性收费 (item counts, not money).
    pub fees: ItemsRow2019,
    /// 第二十条第（九）项 政府集中采购.
    pub procurement: ProcurementRow2019,
}

/// A row of 第二十条第（一）项, 2019 format.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DocumentsRow2019 {
    /// The row label as found.
    pub label: Option<FoundLabel>,
    /// 本年新制作数量.
    pub newly_made: Cell<Count>,
    /// 本年新公开数量.
    pub newly_published: Cell<Count>,
    /// 对外公开总数量.
    pub total_published: Cell<Count>,
}

/// A row of 第二十条第（五）（六）（八）项, 2019 format (第（八）项 has no `decisions`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ItemsRow2019 {
    /// The row label as found.
    pub label: Option<FoundLabel>,
    /// 上一年项目数量.
    pub previous_items: Cell<Count>,
    /// 本年增/减 (signed).
    pub change: Cell<Count>,
    /// 处理决定数量 (`missing` for 第（八）项, which has no such column).
    pub decisions: Cell<Count>,
}

/// 第二十条第（九）项 政府集中采购, 2019 format.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ProcurementRow2019 {
    /// The row label as found.
    pub label: Option<FoundLabel>,
    /// 采购项目数量.
    pub items: Cell<Count>,
    /// 采购总金额, in the unit written (`amount_unit`).
    #[cfg_attr(feature = "schema", schemars(with = "Cell<String>"))]
    pub amount: Cell<Money>,
    /// The unit written after the amount, e.g. "元" or "万元", if any.
    pub amount_unit: Option<String>,
}

/// Defines a struct of named cells or rows, with lookup by id, so that the field list is written
/// once and rules can address rows and columns by their English ids.
macro_rules! named {
    (
        $(#[$meta:meta])*
        $name:ident of $ty:ty { $( $(#[$fmeta:meta])* $field:ident ),* $(,)? }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
        #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
        pub struct $name {
            $( $(#[$fmeta])* pub $field: $ty, )*
        }

        impl $name {
            /// The ids of the fields, in order.
            pub const IDS: &'static [&'static str] = &[$(stringify!($field)),*];

            /// The field with this id.
            pub fn get(&self, id: &str) -> Option<&$ty> {
                match id {
                    $( stringify!($field) => Some(&self.$field), )*
                    _ => None,
                }
            }

            /// The field at this position of [`Self::IDS`].
            pub fn at(&self, index: usize) -> Option<&$ty> {
                [$(&self.$field),*].get(index).copied()
            }

            /// The field at this position of [`Self::IDS`], mutably.
            pub fn at_mut(&mut self, index: usize) -> Option<&mut $ty> {
                [$(&mut self.$field),*].into_iter().nth(index)
            }

            /// The field with this id, mutably.
            pub fn get_mut(&mut self, id: &str) -> Option<&mut $ty> {
                match id {
                    $( stringify!($field) => Some(&mut self.$field), )*
                    _ => None,
                }
            }
        }
    };
}

/// A row of 表三: one count per applicant column.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ApplicantRow {
    /// The row label as found.
    pub label: Option<FoundLabel>,
    /// The seven cells.
    #[serde(flatten)]
    pub cells: ApplicantCells,
}

impl ApplicantRow {
    /// The cell of the column with this id (see [`ApplicantCells::IDS`]).
    pub fn cell(&self, column: &str) -> Option<&Cell<Count>> {
        self.cells.get(column)
    }

    /// Whether the row was found in the report at all.
    pub fn is_found(&self) -> bool {
        self.label.is_some()
            || ApplicantCells::IDS
                .iter()
                .any(|c| self.cells.get(c).is_some_and(|cell| !cell.is_missing()))
    }
}

named! {
    /// The seven cells of a 表三 row.
    ApplicantCells of Cell<Count> {
        /// 自然人.
        natural_person,
        /// 法人或其他组织 / 商业企业.
        commercial,
        /// 法人或其他组织 / 科研机构.
        research,
        /// 法人或其他组织 / 社会公益组织.
        public_interest,
        /// 法人或其他组织 / 法律服务机构.
        legal_services,
        /// 法人或其他组织 / 其他.
        other,
        /// 总计.
        total,
    }
}

named! {
    /// 表三 收到和处理政府信息公开申请情况. Row ids and labels: [`crate::template::APPLICATION_ROWS`].
    Applications of ApplicantRow {
        /// 一、本年新收政府信息公开申请数量.
        new_received,
        /// 二、上年结转政府信息公开申请数量.
        carried_over,
        /// （一）予以公开.
        granted,
        /// （二）部分公开.
        partially_granted,
        /// （三）不予公开 1.属于国家秘密.
        withheld_state_secret,
        /// （三）不予公开 2.其他法律行政法规禁止公开.
        withheld_prohibited_by_law,
        /// （三）不予公开 3.危及“三安全一稳定”.
        withheld_security_stability,
        /// （三）不予公开 4.保护第三方合法权益.
        withheld_third_party,
        /// （三）不予公开 5.属于三类内部事务信息.
        withheld_internal_affairs,
        /// （三）不予公开 6.属于四类过程性信息.
        withheld_process_information,
        /// （三）不予公开 7.属于行政执法案卷.
        withheld_enforcement_files,
        /// （三）不予公开 8.属于行政查询事项.
        withheld_query_matters,
        /// （四）无法提供 1.本机关不掌握相关政府信息.
        unavailable_not_held,
        /// （四）无法提供 2.没有现成信息需要另行制作.
        unavailable_needs_creation,
        /// （四）无法提供 3.补正后申请内容仍不明确.
        unavailable_unclear,
        /// （五）不予处理 1.信访举报投诉类申请.
        not_processed_petition,
        /// （五）不予处理 2.重复申请.
        not_processed_repeated,
        /// （五）不予处理 3.要求提供公开出版物.
        not_processed_publication,
        /// （五）不予处理 4.无正当理由大量反复申请.
        not_processed_excessive,
        /// （五）不予处理 5.要求行政机关确认或重新出具已获取信息.
        not_processed_confirmation,
        /// （六）其他处理 1.申请人无正当理由逾期不补正….
        other_no_correction,
        /// （六）其他处理 2.申请人逾期未按收费通知要求缴纳费用….
        other_unpaid_fee,
        /// （六）其他处理 3.其他.
        other_other,
        /// （六）其他处理 as a single row (2019 format, and some 2021-format reports): when found,
        /// the three `other_*` rows are missing.
        other_handling,
        /// （七）总计.
        total,
        /// 四、结转下年度继续办理.
        carried_forward,
    }
}

named! {
    /// The five cells of a 表四 group.
    ReviewCells of Cell<Count> {
        /// 结果维持.
        upheld,
        /// 结果纠正.
        corrected,
        /// 其他结果.
        other,
        /// 尚未审结.
        pending,
        /// 总计.
        total,
    }
}

/// One group of 表四.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ReviewGroup {
    /// The five cells.
    #[serde(flatten)]
    pub cells: ReviewCells,
}

named! {
    /// 表四 政府信息公开行政复议、行政诉讼情况.
    ReviewLitigation of ReviewGroup {
        /// 行政复议.
        review,
        /// 行政诉讼 / 未经复议直接起诉.
        litigation_direct,
        /// 行政诉讼 / 复议后起诉.
        litigation_after_review,
    }
}

/// Something the reader could not read, or read only with tolerance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ReadIssue {
    /// What kind of problem.
    #[serde(flatten)]
    pub kind: ReadIssueKind,
    /// Where, when there is a place to point at.
    pub span: Option<Span>,
}

/// The kinds of [`ReadIssue`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum ReadIssueKind {
    /// A section heading was not found.
    SectionMissing {
        /// The section.
        section: SectionId,
    },
    /// A section heading was found out of the form's order.
    SectionOutOfOrder {
        /// The section.
        section: SectionId,
    },
    /// A section heading was recognised by its meaning, not as the form's heading or a known
    /// variant ("五、存在的主要问题及整改措施"). Located on the heading.
    SectionVariant {
        /// The section.
        section: SectionId,
        /// The heading as written (whitespace removed).
        found: String,
    },
    /// A cell's value is written with a unit the form does not print there ("13件" in 表三,
    /// "96.5元" where the form says 万元): read as written, recorded once per table, on the
    /// first such cell.
    UnitVariant {
        /// Table id.
        table: String,
        /// Row id of the first cell.
        row: String,
        /// The unit written.
        found: String,
        /// The form's unit for the cell ("" when the form prints none).
        expected: String,
        /// How many cells of the table carry a unit.
        cells: usize,
    },
    /// A whole table was not found.
    TableMissing {
        /// Table id (`active_disclosure`, `applications`, `review_litigation`).
        table: String,
    },
    /// A row was not found.
    RowMissing {
        /// Table id.
        table: String,
        /// Row id.
        row: String,
    },
    /// A row was found with fewer values than the form has columns.
    RowIncomplete {
        /// Table id.
        table: String,
        /// Row id.
        row: String,
        /// How many values were found.
        found: usize,
        /// How many the form has.
        expected: usize,
    },
    /// A label differs from the form's (matched with tolerance, or a known variant).
    LabelVariant {
        /// Table id.
        table: String,
        /// Row id.
        row: String,
        /// The official label.
        expected: String,
        /// The label as written.
        found: String,
    },
    /// The text ended before the report did (sections or tables missing at the end).
    Truncated,
    /// Characters of the file could not be decoded in its encoding (they read as U+FFFD).
    DecodingErrors {
        /// How many characters could not be decoded.
        count: usize,
    },
    /// A row holds more values than the form has columns (the values past them are not read).
    RowTooManyValues {
        /// Table id.
        table: String,
        /// Row id.
        row: String,
        /// How many values the row holds.
        found: usize,
        /// How many the form has.
        expected: usize,
    },
    /// A row is given a second time with different values (the first is read). Located on the
    /// second.
    RowConflict {
        /// Table id.
        table: String,
        /// Row id.
        row: String,
    },
    /// A row is given a second time with the same values. Located on the second.
    RowRepeated {
        /// Table id.
        table: String,
        /// Row id.
        row: String,
    },
    /// A whole table (as when the report is pasted twice) is given a second time, with values
    /// that differ from the first (which is read). Located on the second.
    TableConflict {
        /// Table id.
        table: String,
    },
    /// A whole table is given a second time with the same values. Located on the second.
    TableRepeated {
        /// Table id.
        table: String,
    },
    /// A table could not be read with certainty (see [`Uncertain`]): one issue per table,
    /// located on its first uncertain reading; the findings that rest on its uncertain cells are
    /// warnings.
    TableUncertain {
        /// Table id.
        table: String,
        /// Why (of the first uncertain reading).
        reason: UncertainReason,
        /// How many rows are read without certainty (0: the table as a whole).
        rows: usize,
    },
    /// A table was found, but none of its cells holds a number: it was not filled in.
    TableNotFilled {
        /// Table id.
        table: String,
    },
    /// Text the document does not show (hidden DOCX runs, HTML hidden by its style or the
    /// `hidden` attribute) was not read. Located on the paragraph, cell or element that held it.
    HiddenText {
        /// The first characters of the hidden text (white space as spaces, `…` when cut).
        text: String,
        /// How many characters were hidden there.
        chars: usize,
    },
}
