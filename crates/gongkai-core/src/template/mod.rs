//! The official form, as data.
//!
//! Every Chinese label gongkai knows lives here: the six section headings, the rows and columns of
//! tables 2–4 in the 2021 format (国办公开办函〔2021〕30号) and the 2019 format (国办公开办函〔2019〕60号),
//! with the variants seen in real reports. Readers match labels from these lists; rules and
//! messages name rows by the stable English `id`s and show the official `label`.

use serde::{Deserialize, Serialize};

mod cells;

pub use cells::{
    CellId, LabelStyle, column_label, row_ids, row_label, row_template, rows_in_format,
};

/// Which official format a report follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum FormatVersion {
    /// 国办公开办函〔2021〕30号, for the 2021 reports on.
    #[serde(rename = "2021")]
    F2021,
    /// 国办公开办函〔2019〕60号 (试行), for the 2019 and 2020 reports.
    #[serde(rename = "2019")]
    F2019,
    /// Not recognised (no table 2 was found).
    #[default]
    #[serde(rename = "unknown")]
    Unknown,
}

impl FormatVersion {
    /// The document number of the format, for messages.
    pub fn document_number(self) -> &'static str {
        match self {
            FormatVersion::F2021 => "国办公开办函〔2021〕30号",
            FormatVersion::F2019 => "国办公开办函〔2019〕60号",
            FormatVersion::Unknown => "未识别",
        }
    }
}

/// The six sections every report has, in their required order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum SectionId {
    /// 一、总体情况
    Overview,
    /// 二、主动公开政府信息情况
    ActiveDisclosure,
    /// 三、收到和处理政府信息公开申请情况
    Applications,
    /// 四、政府信息公开行政复议、行政诉讼情况
    ReviewLitigation,
    /// 五、存在的主要问题及改进情况
    Problems,
    /// 六、其他需要报告的事项
    Other,
}

impl SectionId {
    /// All six, in the order of the form.
    pub const ALL: [SectionId; 6] = [
        SectionId::Overview,
        SectionId::ActiveDisclosure,
        SectionId::Applications,
        SectionId::ReviewLitigation,
        SectionId::Problems,
        SectionId::Other,
    ];

    /// The template of this section.
    pub fn template(self) -> &'static SectionTemplate {
        &SECTIONS[self as usize]
    }

    /// The stable English id, as in JSON.
    pub fn id(self) -> &'static str {
        self.template().id
    }
}

/// A section heading of the form.
#[derive(Debug)]
pub struct SectionTemplate {
    /// Which section.
    pub section: SectionId,
    /// Stable English id, as in JSON.
    pub id: &'static str,
    /// The ordinal as printed: "一" … "六".
    pub number: &'static str,
    /// The official heading, without its ordinal.
    pub heading: &'static str,
    /// Other headings seen in real reports for this section, without ordinal.
    pub variants: &'static [&'static str],
    /// The heading by meaning, for a line that carries the section's own ordinal: groups of
    /// words that must all appear, in this order, one word of each group
    /// ("五、存在的主要问题及整改措施": 问题 … 整改). A heading recognised this way and not
    /// listed above is a label variant (an info finding), never a missing section.
    pub meaning: &'static [&'static [&'static str]],
}

/// The six section headings.
pub static SECTIONS: [SectionTemplate; 6] = [
    SectionTemplate {
        section: SectionId::Overview,
        id: "overview",
        number: "一",
        heading: "总体情况",
        variants: &["总体概述", "基本情况", "概述"],
        meaning: &[&["总体", "基本情况", "概述", "概况"]],
    },
    SectionTemplate {
        section: SectionId::ActiveDisclosure,
        id: "active_disclosure",
        number: "二",
        heading: "主动公开政府信息情况",
        variants: &["主动公开政府信息", "主动公开情况"],
        meaning: &[&["主动公开"]],
    },
    SectionTemplate {
        section: SectionId::Applications,
        id: "applications",
        number: "三",
        heading: "收到和处理政府信息公开申请情况",
        variants: &["收到和处理政府信息公开申请"],
        meaning: &[&["申请"]],
    },
    SectionTemplate {
        section: SectionId::ReviewLitigation,
        id: "review_litigation",
        number: "四",
        heading: "政府信息公开行政复议、行政诉讼情况",
        variants: &[
            "政府信息公开行政复议、行政诉讼",
            "因政府信息公开工作被申请行政复议和提起行政诉讼情况",
            "政府信息公开行政复议和行政诉讼情况",
        ],
        meaning: &[&["复议", "诉讼"]],
    },
    SectionTemplate {
        section: SectionId::Problems,
        id: "problems",
        number: "五",
        heading: "存在的主要问题及改进情况",
        variants: &[
            "政府信息公开工作存在的主要问题及改进情况",
            "存在的主要问题和改进情况",
            "存在问题及改进情况",
            "存在的问题及改进情况",
            "存在问题和改进措施",
        ],
        meaning: &[&["问题", "不足"], &["改进", "整改", "措施", "举措"]],
    },
    SectionTemplate {
        section: SectionId::Other,
        id: "other",
        number: "六",
        heading: "其他需要报告的事项",
        variants: &["其他需要报告事项", "其他事项"],
        meaning: &[&["其他", "其它"], &["事项"]],
    },
];

/// The three tables of the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum TableId {
    /// 表二: 主动公开政府信息情况 (第二十条 items).
    ActiveDisclosure,
    /// 表三: 收到和处理政府信息公开申请情况.
    Applications,
    /// 表四: 政府信息公开行政复议、行政诉讼情况.
    ReviewLitigation,
}

impl TableId {
    /// The three tables, in the order of the form.
    pub const ALL: [TableId; 3] = [
        TableId::ActiveDisclosure,
        TableId::Applications,
        TableId::ReviewLitigation,
    ];

    /// The table with this stable English id.
    pub fn from_id(id: &str) -> Option<TableId> {
        match id {
            "active_disclosure" => Some(TableId::ActiveDisclosure),
            "applications" => Some(TableId::Applications),
            "review_litigation" => Some(TableId::ReviewLitigation),
            _ => None,
        }
    }

    /// The name of the table as users say it: "表三".
    pub fn short_label(self) -> &'static str {
        match self {
            TableId::ActiveDisclosure => "表二",
            TableId::Applications => "表三",
            TableId::ReviewLitigation => "表四",
        }
    }

    /// The stable English id, as in JSON and rule paths.
    pub fn id(self) -> &'static str {
        match self {
            TableId::ActiveDisclosure => "active_disclosure",
            TableId::Applications => "applications",
            TableId::ReviewLitigation => "review_litigation",
        }
    }

    /// The name users know the table by.
    pub fn label(self) -> &'static str {
        match self {
            TableId::ActiveDisclosure => "表二 主动公开政府信息情况",
            TableId::Applications => "表三 收到和处理政府信息公开申请情况",
            TableId::ReviewLitigation => "表四 政府信息公开行政复议、行政诉讼情况",
        }
    }
}

/// What kind of value a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    /// A non-negative integer.
    Count,
    /// An integer that may be negative (2019 form, 本年增/减).
    SignedCount,
    /// An exact decimal amount of money (万元 unless stated).
    Money,
}

/// A column of a table.
#[derive(Debug)]
pub struct ColumnTemplate {
    /// Stable English id, as in JSON.
    pub id: &'static str,
    /// The official header text.
    pub label: &'static str,
    /// Header texts seen in real reports.
    pub variants: &'static [&'static str],
    /// The kind of value.
    pub kind: ValueKind,
}

/// A row of a table.
#[derive(Debug)]
pub struct RowTemplate {
    /// Stable English id, as in JSON.
    pub id: &'static str,
    /// The official label, verbatim.
    pub label: &'static str,
    /// Labels seen in real reports for this row (typos, old wording, other numbering).
    pub variants: &'static [&'static str],
    /// The label of the merged cell this row sits under, if any (e.g. "（三）不予公开").
    pub group: Option<&'static str>,
    /// The short name used in messages, e.g. "不予公开/属于国家秘密".
    pub short: &'static str,
}

/// One item (sub-table) of 表二: a heading such as "第二十条第（一）项", its columns and rows.
#[derive(Debug)]
pub struct ItemTemplate {
    /// Stable English id.
    pub id: &'static str,
    /// The item heading as printed.
    pub heading: &'static str,
    /// The columns after "信息内容".
    pub columns: &'static [ColumnTemplate],
    /// The rows.
    pub rows: &'static [RowTemplate],
}

const fn col(id: &'static str, label: &'static str, kind: ValueKind) -> ColumnTemplate {
    ColumnTemplate {
        id,
        label,
        variants: &[],
        kind,
    }
}

const fn row(id: &'static str, label: &'static str, short: &'static str) -> RowTemplate {
    RowTemplate {
        id,
        label,
        variants: &[],
        group: None,
        short,
    }
}

const DOC_COLUMNS_2021: &[ColumnTemplate] = &[
    col("issued", "本年制发件数", ValueKind::Count),
    col("repealed", "本年废止件数", ValueKind::Count),
    col("in_force", "现行有效件数", ValueKind::Count),
];
const DECISION_COLUMNS_2021: &[ColumnTemplate] =
    &[col("decisions", "本年处理决定数量", ValueKind::Count)];
const FEE_COLUMNS_2021: &[ColumnTemplate] = &[ColumnTemplate {
    id: "amount",
    label: "本年收费金额（单位：万元）",
    variants: &["本年收费金额(单位:万元)", "本年收费金额"],
    kind: ValueKind::Money,
}];

/// 表二 in the 2021 format.
pub static ACTIVE_DISCLOSURE_2021: [ItemTemplate; 4] = [
    ItemTemplate {
        id: "item1",
        heading: "第二十条第（一）项",
        columns: DOC_COLUMNS_2021,
        rows: &[
            row("regulations", "规章", "规章"),
            RowTemplate {
                id: "normative_documents",
                label: "行政规范性文件",
                variants: &["规范性文件"],
                group: None,
                short: "行政规范性文件",
            },
        ],
    },
    ItemTemplate {
        id: "item5",
        heading: "第二十条第（五）项",
        columns: DECISION_COLUMNS_2021,
        rows: &[row("licensing", "行政许可", "行政许可")],
    },
    ItemTemplate {
        id: "item6",
        heading: "第二十条第（六）项",
        columns: DECISION_COLUMNS_2021,
        rows: &[
            row("punishment", "行政处罚", "行政处罚"),
            row("coercion", "行政强制", "行政强制"),
        ],
    },
    ItemTemplate {
        id: "item8",
        heading: "第二十条第（八）项",
        columns: FEE_COLUMNS_2021,
        rows: &[row("fees", "行政事业性收费", "行政事业性收费")],
    },
];

const DOC_COLUMNS_2019: &[ColumnTemplate] = &[
    col("newly_made", "本年新制作数量", ValueKind::Count),
    col("newly_published", "本年新公开数量", ValueKind::Count),
    col("total_published", "对外公开总数量", ValueKind::Count),
];
const ITEM_COLUMNS_2019: &[ColumnTemplate] = &[
    col("previous_items", "上一年项目数量", ValueKind::Count),
    col("change", "本年增/减", ValueKind::SignedCount),
    col("decisions", "处理决定数量", ValueKind::Count),
];
const FEE_COLUMNS_2019: &[ColumnTemplate] = &[
    col("previous_items", "上一年项目数量", ValueKind::Count),
    col("change", "本年增/减", ValueKind::SignedCount),
];
const PROCUREMENT_COLUMNS_2019: &[ColumnTemplate] = &[
    col("items", "采购项目数量", ValueKind::Count),
    col("amount", "采购总金额", ValueKind::Money),
];

/// 表二 in the 2019 format.
pub static ACTIVE_DISCLOSURE_2019: [ItemTemplate; 5] = [
    ItemTemplate {
        id: "item1",
        heading: "第二十条第（一）项",
        columns: DOC_COLUMNS_2019,
        rows: &[
            row("regulations", "规章", "规章"),
            RowTemplate {
                id: "normative_documents",
                label: "规范性文件",
                variants: &["行政规范性文件"],
                group: None,
                short: "规范性文件",
            },
        ],
    },
    ItemTemplate {
        id: "item5",
        heading: "第二十条第（五）项",
        columns: ITEM_COLUMNS_2019,
        rows: &[
            row("licensing", "行政许可", "行政许可"),
            row(
                "other_services",
                "其他对外管理服务事项",
                "其他对外管理服务事项",
            ),
        ],
    },
    ItemTemplate {
        id: "item6",
        heading: "第二十条第（六）项",
        columns: ITEM_COLUMNS_2019,
        rows: &[
            row("punishment", "行政处罚", "行政处罚"),
            row("coercion", "行政强制", "行政强制"),
        ],
    },
    ItemTemplate {
        id: "item8",
        heading: "第二十条第（八）项",
        columns: FEE_COLUMNS_2019,
        rows: &[row("fees", "行政事业性收费", "行政事业性收费")],
    },
    ItemTemplate {
        id: "item9",
        heading: "第二十条第（九）项",
        columns: PROCUREMENT_COLUMNS_2019,
        rows: &[row("procurement", "政府集中采购", "政府集中采购")],
    },
];

/// The applicant columns of 表三, in order.
pub static APPLICANT_COLUMNS: [ColumnTemplate; 7] = [
    col("natural_person", "自然人", ValueKind::Count),
    col("commercial", "商业企业", ValueKind::Count),
    col("research", "科研机构", ValueKind::Count),
    ColumnTemplate {
        id: "public_interest",
        label: "社会公益组织",
        variants: &["社会公益"],
        kind: ValueKind::Count,
    },
    col("legal_services", "法律服务机构", ValueKind::Count),
    col("other", "其他", ValueKind::Count),
    col("total", "总计", ValueKind::Count),
];

/// The merged header cell above the legal-person columns of 表三.
pub const APPLICANT_LEGAL_PERSON_GROUP: &str = "法人或其他组织";

/// The note printed in the header of 表三.
pub const APPLICATIONS_BALANCE_NOTE: &str =
    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）";

const fn sub(
    id: &'static str,
    label: &'static str,
    group: &'static str,
    short: &'static str,
) -> RowTemplate {
    RowTemplate {
        id,
        label,
        variants: &[],
        group: Some(group),
        short,
    }
}

const RESULTS: &str = "三、本年度办理结果";
const WITHHELD: &str = "（三）不予公开";
const UNAVAILABLE: &str = "（四）无法提供";
const NOT_PROCESSED: &str = "（五）不予处理";
const OTHER_HANDLING: &str = "（六）其他处理";

/// The rows of 表三 in the 2021 format, in order. The 2019 format replaces the three
/// `other_*` rows by the single row [`APPLICATION_OTHER_HANDLING_SINGLE`].
pub static APPLICATION_ROWS: [RowTemplate; 25] = [
    RowTemplate {
        id: "new_received",
        label: "一、本年新收政府信息公开申请数量",
        variants: &["本年新收政府信息公开申请数量"],
        group: None,
        short: "本年新收",
    },
    RowTemplate {
        id: "carried_over",
        label: "二、上年结转政府信息公开申请数量",
        variants: &["上年结转政府信息公开申请数量"],
        group: None,
        short: "上年结转",
    },
    RowTemplate {
        id: "granted",
        label: "（一）予以公开",
        variants: &[],
        group: Some(RESULTS),
        short: "予以公开",
    },
    RowTemplate {
        id: "partially_granted",
        label: "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        variants: &["（二）部分公开"],
        group: Some(RESULTS),
        short: "部分公开",
    },
    sub(
        "withheld_state_secret",
        "1.属于国家秘密",
        WITHHELD,
        "不予公开/属于国家秘密",
    ),
    RowTemplate {
        id: "withheld_prohibited_by_law",
        label: "2.其他法律行政法规禁止公开",
        variants: &["2.其他法律行政止公开"],
        group: Some(WITHHELD),
        short: "不予公开/其他法律行政法规禁止公开",
    },
    sub(
        "withheld_security_stability",
        "3.危及“三安全一稳定”",
        WITHHELD,
        "不予公开/危及“三安全一稳定”",
    ),
    sub(
        "withheld_third_party",
        "4.保护第三方合法权益",
        WITHHELD,
        "不予公开/保护第三方合法权益",
    ),
    sub(
        "withheld_internal_affairs",
        "5.属于三类内部事务信息",
        WITHHELD,
        "不予公开/属于三类内部事务信息",
    ),
    sub(
        "withheld_process_information",
        "6.属于四类过程性信息",
        WITHHELD,
        "不予公开/属于四类过程性信息",
    ),
    sub(
        "withheld_enforcement_files",
        "7.属于行政执法案卷",
        WITHHELD,
        "不予公开/属于行政执法案卷",
    ),
    sub(
        "withheld_query_matters",
        "8.属于行政查询事项",
        WITHHELD,
        "不予公开/属于行政查询事项",
    ),
    sub(
        "unavailable_not_held",
        "1.本机关不掌握相关政府信息",
        UNAVAILABLE,
        "无法提供/本机关不掌握相关政府信息",
    ),
    sub(
        "unavailable_needs_creation",
        "2.没有现成信息需要另行制作",
        UNAVAILABLE,
        "无法提供/没有现成信息需要另行制作",
    ),
    sub(
        "unavailable_unclear",
        "3.补正后申请内容仍不明确",
        UNAVAILABLE,
        "无法提供/补正后申请内容仍不明确",
    ),
    sub(
        "not_processed_petition",
        "1.信访举报投诉类申请",
        NOT_PROCESSED,
        "不予处理/信访举报投诉类申请",
    ),
    sub(
        "not_processed_repeated",
        "2.重复申请",
        NOT_PROCESSED,
        "不予处理/重复申请",
    ),
    sub(
        "not_processed_publication",
        "3.要求提供公开出版物",
        NOT_PROCESSED,
        "不予处理/要求提供公开出版物",
    ),
    sub(
        "not_processed_excessive",
        "4.无正当理由大量反复申请",
        NOT_PROCESSED,
        "不予处理/无正当理由大量反复申请",
    ),
    sub(
        "not_processed_confirmation",
        "5.要求行政机关确认或重新出具已获取信息",
        NOT_PROCESSED,
        "不予处理/要求行政机关确认或重新出具已获取信息",
    ),
    sub(
        "other_no_correction",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        OTHER_HANDLING,
        "其他处理/逾期不补正",
    ),
    sub(
        "other_unpaid_fee",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        OTHER_HANDLING,
        "其他处理/逾期未缴纳费用",
    ),
    sub("other_other", "3.其他", OTHER_HANDLING, "其他处理/其他"),
    RowTemplate {
        id: "total",
        label: "（七）总计",
        variants: &[],
        group: Some(RESULTS),
        short: "总计",
    },
    RowTemplate {
        id: "carried_forward",
        label: "四、结转下年度继续办理",
        variants: &["结转下年度继续办理"],
        group: None,
        short: "结转下年度继续办理",
    },
];

/// The single row （六）其他处理 of the 2019 format (also used by some 2021-format reports).
pub static APPLICATION_OTHER_HANDLING_SINGLE: RowTemplate = RowTemplate {
    id: "other_handling",
    label: "（六）其他处理",
    variants: &[],
    group: Some(RESULTS),
    short: "其他处理",
};

/// The group header labels of 表三 that have no values of their own.
pub static APPLICATION_GROUPS: [&str; 5] = [
    RESULTS,
    WITHHELD,
    UNAVAILABLE,
    NOT_PROCESSED,
    OTHER_HANDLING,
];

/// The groups of 表四, in order.
pub static REVIEW_GROUPS: [RowTemplate; 3] = [
    RowTemplate {
        id: "review",
        label: "行政复议",
        variants: &[],
        group: None,
        short: "行政复议",
    },
    RowTemplate {
        id: "litigation_direct",
        label: "未经复议直接起诉",
        variants: &[],
        group: Some("行政诉讼"),
        short: "行政诉讼/未经复议直接起诉",
    },
    RowTemplate {
        id: "litigation_after_review",
        label: "复议后起诉",
        variants: &[],
        group: Some("行政诉讼"),
        short: "行政诉讼/复议后起诉",
    },
];

/// The columns of each group of 表四, in order.
pub static REVIEW_COLUMNS: [ColumnTemplate; 5] = [
    col("upheld", "结果维持", ValueKind::Count),
    col("corrected", "结果纠正", ValueKind::Count),
    col("other", "其他结果", ValueKind::Count),
    col("pending", "尚未审结", ValueKind::Count),
    col("total", "总计", ValueKind::Count),
];

/// The row template of 表三 with this id (including the single-row `other_handling`).
pub fn application_row(id: &str) -> Option<&'static RowTemplate> {
    application_rows().find(|r| r.id == id)
}

/// All rows 表三 can have, in the order of the model: the 2021 rows, with the single row
/// （六）其他处理 after the three it replaces.
pub fn application_rows() -> impl Iterator<Item = &'static RowTemplate> + Clone {
    let (before, after) = APPLICATION_ROWS.split_at(OTHER_HANDLING_END);
    before
        .iter()
        .chain(std::iter::once(&APPLICATION_OTHER_HANDLING_SINGLE))
        .chain(after)
}

/// Every row with a label of its own in 表二 and 表三, of both formats: 表三's rows as
/// [`APPLICATION_ROWS`] lists them, the single row （六）其他处理 of the 2019 form, then 表二's
/// rows of the 2021 and the 2019 form. What a reader that looks for row labels in any table
/// (a PDF's or a text's layout) recognises.
pub fn labelled_rows() -> impl Iterator<Item = &'static RowTemplate> + Clone {
    APPLICATION_ROWS
        .iter()
        .chain(std::iter::once(&APPLICATION_OTHER_HANDLING_SINGLE))
        .chain(
            ACTIVE_DISCLOSURE_2021
                .iter()
                .chain(&ACTIVE_DISCLOSURE_2019)
                .flat_map(|item| item.rows),
        )
}

/// Where the rows of （六）其他处理 end in [`APPLICATION_ROWS`].
const OTHER_HANDLING_END: usize = 23;

/// Units a report may write after a count in a cell ("13件"). The form prints none: a count
/// with a unit is read, and recorded as a unit variant.
pub const COUNT_UNITS: &[&str] = &["件", "条", "项", "个"];

/// Words that mark a cell written but blank.
pub const BLANK_MARKERS: &[&str] = &["/", "—", "-", "－", "–", "——", "--", "无", "\\", "／", "空"];
