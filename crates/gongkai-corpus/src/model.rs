//! One synthetic report as data: who, which year and format, the values of tables 2 to 4 (every
//! printed relation of the form holds), and the facts the narrative states.

use gongkai_core::template::{
    self, ACTIVE_DISCLOSURE_2019, ACTIVE_DISCLOSURE_2021, APPLICATION_OTHER_HANDLING_SINGLE,
    APPLICATION_ROWS, FormatVersion, SectionId,
};

use crate::rng::Rng;

/// What kind of body publishes the report: it decides the size of the numbers and whether the
/// body may make 规章.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Body {
    /// 市人民政府: thousands of applications, may make 规章.
    City,
    /// 县/区人民政府: hundreds.
    County,
    /// A department (局, 委员会): tens.
    Department,
    /// 镇/街道: a handful.
    Town,
}

/// A cell as it will be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Cell {
    /// A count.
    Num(i64),
    /// Written as is (money, a signed change such as "+3").
    Text(String),
    /// Left blank: written as this marker ("" where the layout can show an empty cell).
    Blank(&'static str),
}

impl Cell {
    /// The text written for the cell.
    pub(crate) fn text(&self) -> String {
        match self {
            Cell::Num(n) => n.to_string(),
            Cell::Text(t) => t.clone(),
            Cell::Blank(m) => (*m).to_owned(),
        }
    }

    /// The count, for the generator's own arithmetic (blank and text cells count as 0).
    pub(crate) fn num(&self) -> i64 {
        match self {
            Cell::Num(n) => *n,
            _ => 0,
        }
    }
}

/// A row of 表二.
#[derive(Debug, Clone)]
pub(crate) struct Row2 {
    pub id: &'static str,
    pub label: &'static str,
    pub cells: Vec<Cell>,
}

/// An item (sub-table) of 表二.
#[derive(Debug, Clone)]
pub(crate) struct Item2 {
    pub heading: &'static str,
    pub columns: Vec<&'static str>,
    pub rows: Vec<Row2>,
}

/// A row of 表三.
#[derive(Debug, Clone)]
pub(crate) struct Row3 {
    pub id: &'static str,
    pub label: &'static str,
    pub group: Option<&'static str>,
    pub cells: [Cell; 7],
}

/// What the narrative says: copied from the tables, then possibly changed by an injection.
#[derive(Debug, Clone)]
pub(crate) struct Facts {
    pub received: i64,
    pub handled: i64,
    pub carried_over: i64,
    pub carried_forward: i64,
    /// 予以公开, 部分公开, 不予公开, 无法提供, 不予处理, 其他处理 (total column).
    pub outcomes: [i64; 6],
    /// 行政复议 结果维持, 结果纠正, 其他结果, 尚未审结, 总计.
    pub review: [i64; 5],
    /// 行政诉讼 (both groups together), same columns.
    pub litigation: [i64; 5],
    /// The narrative claims every case was upheld.
    pub all_upheld_claim: bool,
    /// 信息处理费 in 元.
    pub fee_yuan: i64,
    /// The fee wrongly stated in 万元 (an injection).
    pub fee_wanyuan: Option<String>,
    /// The signature date (y, m, d).
    pub date: (i32, u32, u32),
    /// A paragraph of the overview starts with this other year (an injection).
    pub stray_year: Option<i32>,
    /// Items published actively, and their breakdown (policy documents, explanations, other).
    pub published: [i64; 3],
}

/// One report.
#[derive(Debug, Clone)]
pub(crate) struct Model {
    pub org: String,
    pub body: Body,
    pub year: i32,
    pub format: FormatVersion,
    pub t2: Vec<Item2>,
    pub t3: Vec<Row3>,
    /// 表四: 行政复议, 未经复议直接起诉, 复议后起诉; each 结果维持…总计.
    pub t4: [[Cell; 5]; 3],
    pub facts: Facts,
    pub missing_section: Option<SectionId>,
    pub missing_row: Option<&'static str>,
}

const CITIES: &[&str] = &[
    "淮安市",
    "盐城市",
    "宿迁市",
    "洛阳市",
    "岳阳市",
    "铜川市",
    "扬州市",
    "常德市",
    "南平市",
    "绵阳市",
    "曲靖市",
    "赣州市",
    "聊城市",
    "邢台市",
    "汉中市",
];
const COUNTIES: &[&str] = &[
    "沭阳县",
    "洪泽区",
    "雄县",
    "耀州区",
    "高陵区",
    "泗洪县",
    "建湖县",
    "西工区",
    "临澧县",
    "宁化县",
    "盐亭县",
    "陆良县",
    "于都县",
    "阳谷县",
    "南和区",
];
const DEPARTMENTS: &[&str] = &[
    "应急管理局",
    "统计局",
    "行政审批服务局",
    "市场监督管理局",
    "发展和改革委员会",
    "审计局",
    "生态环境局",
    "教育局",
    "卫生健康委员会",
    "住房和城乡建设局",
];
const TOWNS: &[&str] = &[
    "岔河镇",
    "高良涧街道",
    "龙岗镇",
    "城关镇",
    "新华街道",
    "马庄乡",
    "东城街道",
    "桃园镇",
];

impl Model {
    /// A consistent report: every relation of the form holds and the narrative agrees.
    /// `only_2019` forces the 2019 format (the random draw is made all
    /// the same, so the rest of the report is what it would have been).
    pub(crate) fn generate_in(rng: &mut Rng, only_2021: bool, only_2019: bool) -> Self {
        let body = match rng.below(10) {
            0 | 1 => Body::City,
            2..=4 => Body::County,
            5..=8 => Body::Department,
            _ => Body::Town,
        };
        let org = match body {
            Body::City => format!("{}人民政府", rng.pick(CITIES)),
            Body::County => format!("{}人民政府", rng.pick(COUNTIES)),
            Body::Department => {
                if rng.chance(0.5) {
                    format!("{}{}", rng.pick(CITIES), rng.pick(DEPARTMENTS))
                } else {
                    format!("{}{}", rng.pick(COUNTIES), rng.pick(DEPARTMENTS))
                }
            }
            Body::Town => format!("{}{}人民政府", rng.pick(COUNTIES), rng.pick(TOWNS))
                .replace("街道人民政府", "街道办事处"),
        };
        let format = if (!only_2021 && rng.chance(0.2)) || only_2019 {
            FormatVersion::F2019
        } else {
            FormatVersion::F2021
        };
        let year = match format {
            FormatVersion::F2019 => i32::try_from(rng.range(2019, 2020)).unwrap_or(2019),
            _ => i32::try_from(rng.range(2021, 2025)).unwrap_or(2021),
        };
        let scale = match body {
            Body::City => rng.range(300, 4000),
            Body::County => rng.range(30, 800),
            Body::Department => rng.range(0, 60),
            Body::Town => rng.range(0, 8),
        };
        let t2 = table2(rng, format, body, scale);
        let t3 = table3(rng, format, scale);
        let t4 = table4(rng, scale);
        let mut m = Model {
            org,
            body,
            year,
            format,
            t2,
            t3,
            t4,
            facts: Facts {
                received: 0,
                handled: 0,
                carried_over: 0,
                carried_forward: 0,
                outcomes: [0; 6],
                review: [0; 5],
                litigation: [0; 5],
                all_upheld_claim: false,
                fee_yuan: 0,
                fee_wanyuan: None,
                date: (year + 1, 1, 1),
                stray_year: None,
                published: [0; 3],
            },
            missing_section: None,
            missing_row: None,
        };
        m.facts = m.facts_from_tables(rng);
        m
    }

    /// The facts of the narrative, as the tables give them.
    pub(crate) fn facts_from_tables(&self, rng: &mut Rng) -> Facts {
        let total = |id: &str| self.row3(id).map_or(0, |r| r.cells[6].num());
        let sum_prefix = |prefix: &str| {
            self.t3
                .iter()
                .filter(|r| r.id.starts_with(prefix))
                .map(|r| r.cells[6].num())
                .sum::<i64>()
        };
        let outcomes = [
            total("granted"),
            total("partially_granted"),
            sum_prefix("withheld_"),
            sum_prefix("unavailable_"),
            sum_prefix("not_processed_"),
            sum_prefix("other_"),
        ];
        let review: [i64; 5] = std::array::from_fn(|c| self.t4[0][c].num());
        let litigation: [i64; 5] =
            std::array::from_fn(|c| self.t4[1][c].num() + self.t4[2][c].num());
        let all_upheld = review[4] + litigation[4] > 0
            && review[1] + review[2] + review[3] + litigation[1] + litigation[2] + litigation[3]
                == 0;
        let fee_yuan = if rng.chance(0.6) {
            0
        } else {
            rng.range(1, 99) * 10
        };
        let published_parts = [rng.range(0, 40), rng.range(0, 30), rng.range(10, 3000)];
        let deadline_month = 1;
        Facts {
            received: total("new_received"),
            handled: total("total"),
            carried_over: total("carried_over"),
            carried_forward: total("carried_forward"),
            outcomes,
            review,
            litigation,
            all_upheld_claim: all_upheld && rng.chance(0.7),
            fee_yuan,
            fee_wanyuan: None,
            date: (
                self.year + 1,
                deadline_month,
                u32::try_from(rng.range(5, 30)).unwrap_or(20),
            ),
            stray_year: None,
            published: published_parts,
        }
    }

    /// The row of 表三 with this id.
    pub(crate) fn row3(&self, id: &str) -> Option<&Row3> {
        self.t3.iter().find(|r| r.id == id)
    }

    /// The row of 表三 with this id, to change it.
    pub(crate) fn row3_mut(&mut self, id: &str) -> Option<&mut Row3> {
        self.t3.iter_mut().find(|r| r.id == id)
    }
}

fn table2(rng: &mut Rng, format: FormatVersion, body: Body, scale: i64) -> Vec<Item2> {
    let items: &[template::ItemTemplate] = match format {
        FormatVersion::F2019 => &ACTIVE_DISCLOSURE_2019,
        _ => &ACTIVE_DISCLOSURE_2021,
    };
    let big = |rng: &mut Rng, f: i64| rng.range(0, scale.saturating_mul(f) + 3);
    items
        .iter()
        .map(|item| Item2 {
            heading: item.heading,
            columns: item.columns.iter().map(|c| c.label).collect(),
            rows: item
                .rows
                .iter()
                .map(|row| {
                    let regs_allowed = body == Body::City;
                    // 第二十条第（一）项: the documents made, published or in force.
                    let documents = item.id == "item1";
                    let cells = match (format, row.id) {
                        (_, "regulations") if !regs_allowed => vec![Cell::Num(0); 3],
                        (FormatVersion::F2021, _) if documents => {
                            let issued = rng.range(0, 12);
                            let repealed = rng.range(0, 8);
                            let in_force = issued + rng.range(0, 80);
                            vec![Cell::Num(issued), Cell::Num(repealed), Cell::Num(in_force)]
                        }
                        (FormatVersion::F2021, "fees") => vec![Cell::Text(money(rng, scale))],
                        (FormatVersion::F2021, _) => vec![Cell::Num(big(rng, 200))],
                        (_, _) if documents => {
                            let made = rng.range(0, 60);
                            let published = made;
                            let total = made + rng.range(0, 400);
                            vec![Cell::Num(made), Cell::Num(published), Cell::Num(total)]
                        }
                        (_, "fees") => vec![Cell::Num(rng.range(0, 20)), change(rng)],
                        (_, "procurement") => {
                            vec![Cell::Num(rng.range(0, 30)), Cell::Text(money(rng, scale))]
                        }
                        _ => vec![
                            Cell::Num(rng.range(0, 50)),
                            change(rng),
                            Cell::Num(big(rng, 50)),
                        ],
                    };
                    Row2 {
                        id: row.id,
                        label: row.label,
                        cells,
                    }
                })
                .collect(),
        })
        .collect()
}

/// A signed change as the 2019 form prints it: "0", "+3", "-2".
fn change(rng: &mut Rng) -> Cell {
    match rng.range(-5, 5) {
        0 => Cell::Num(0),
        n if n > 0 => Cell::Text(format!("+{n}")),
        n => Cell::Text(n.to_string()),
    }
}

/// An amount in 万元 with up to three decimals, e.g. "96171.6", "4068.208", "0".
fn money(rng: &mut Rng, scale: i64) -> String {
    if rng.chance(0.3) {
        return "0".to_owned();
    }
    let whole = rng.range(0, scale.saturating_mul(20) + 10);
    match rng.below(4) {
        0 => whole.to_string(),
        1 => format!("{whole}.{}", rng.range(1, 9)),
        2 => format!("{whole}.{:02}", rng.range(1, 99)),
        _ => format!("{whole}.{:03}", rng.range(1, 999)),
    }
}

/// Relative weights of the applicant columns (自然人 … 其他).
const APPLICANT_WEIGHTS: [i64; 6] = [80, 10, 1, 1, 5, 3];

fn table3(rng: &mut Rng, format: FormatVersion, scale: i64) -> Vec<Row3> {
    let rows: Vec<&'static template::RowTemplate> = match format {
        FormatVersion::F2019 => APPLICATION_ROWS
            .iter()
            .filter(|r| !r.id.starts_with("other_"))
            .flat_map(|r| {
                if r.id == "total" {
                    vec![&APPLICATION_OTHER_HANDLING_SINGLE, r]
                } else {
                    vec![r]
                }
            })
            .collect(),
        _ => APPLICATION_ROWS.iter().collect(),
    };
    let results: Vec<usize> = rows
        .iter()
        .enumerate()
        .filter(|(_, r)| {
            !matches!(
                r.id,
                "new_received" | "carried_over" | "total" | "carried_forward"
            )
        })
        .map(|(i, _)| i)
        .collect();
    // Outcome weights: most requests are granted, many not held, a few of each other kind.
    let weight = |id: &str| match id {
        "granted" => 40,
        "partially_granted" => 10,
        "unavailable_not_held" => 20,
        "not_processed_petition" | "other_other" | "other_handling" => 5,
        _ => 1,
    };
    let mut values = vec![[0i64; 7]; rows.len()];
    for c in 0..6 {
        let share = APPLICANT_WEIGHTS[c];
        let mut new = if rng.chance(0.85) {
            rng.range(0, scale * share / 50 + i64::from(c == 0))
        } else {
            0
        };
        if c == 0 && scale > 0 && new == 0 {
            new = rng.range(1, scale.max(1));
        }
        let carried = if rng.chance(0.4) {
            rng.range(0, new / 10 + 1)
        } else {
            0
        };
        let forward = if rng.chance(0.5) {
            rng.range(0, (new + carried) / 8)
        } else {
            0
        };
        let handled = new + carried - forward;
        values[0][c] = new;
        values[1][c] = carried;
        let total_row = rows.iter().position(|r| r.id == "total").unwrap_or(0);
        let fwd_row = rows.len() - 1;
        values[total_row][c] = handled;
        values[fwd_row][c] = forward;
        // Spread `handled` over the outcome rows by weight.
        let weights: Vec<i64> = results
            .iter()
            .map(|&i| weight(rows[i].id) * rng.range(0, 4))
            .collect();
        let wsum: i64 = weights.iter().sum::<i64>().max(1);
        let mut left = handled;
        for (k, &i) in results.iter().enumerate() {
            let v = if k + 1 == results.len() {
                left
            } else {
                (handled * weights[k] / wsum).min(left)
            };
            values[i][c] = v;
            left -= v;
        }
        // The remainder goes to the largest outcome so small rows stay small.
        if left > 0 {
            values[results[0]][c] += left;
        }
    }
    for row in &mut values {
        row[6] = row[..6].iter().sum();
    }
    rows.iter()
        .zip(values)
        .map(|(r, v)| Row3 {
            id: r.id,
            label: r.label,
            group: r.group,
            cells: v.map(Cell::Num),
        })
        .collect()
}

fn table4(rng: &mut Rng, scale: i64) -> [[Cell; 5]; 3] {
    std::array::from_fn(|g| {
        let active = rng.chance(if scale > 100 { 0.8 } else { 0.25 });
        let cap = (scale / [10, 40, 80][g]).max(1);
        let mut v = [0i64; 5];
        if active {
            v[0] = rng.range(0, cap);
            v[1] = if rng.chance(0.4) {
                rng.range(0, cap / 3 + 1)
            } else {
                0
            };
            v[2] = if rng.chance(0.4) {
                rng.range(0, cap / 2 + 1)
            } else {
                0
            };
            v[3] = if rng.chance(0.4) {
                rng.range(0, cap / 4 + 1)
            } else {
                0
            };
        }
        v[4] = v[0] + v[1] + v[2] + v[3];
        v.map(Cell::Num)
    })
}

/// A row of 表三 as a layout writes it: the group labels that open before it, its label and
/// its cells.
#[derive(Debug, Clone)]
pub(crate) struct RowOut<'a> {
    /// The row id (the model's).
    pub id: &'static str,
    /// "三、本年度办理结果" before the first outcome row.
    pub outer: Option<&'static str>,
    /// "（三）不予公开" etc. before the first row of a sub-group.
    pub inner: Option<&'static str>,
    /// The label, as written.
    pub label: String,
    pub cells: &'a [Cell; 7],
    /// How many rows the inner group spans (for rowspan), counted on this first row.
    pub inner_span: usize,
    /// How many rows the outer group spans, counted on this first row.
    pub outer_span: usize,
}

/// The group label of the outcome rows of 表三.
pub(crate) const RESULTS: &str = "三、本年度办理结果";

impl Model {
    /// The rows of 表三 to write (the missing row left out), with their group labels.
    pub(crate) fn rows3(&self, rng: &mut Rng, varied_labels: bool) -> Vec<RowOut<'_>> {
        let rows: Vec<&Row3> = self
            .t3
            .iter()
            .filter(|r| Some(r.id) != self.missing_row)
            .collect();
        let mut out = Vec::with_capacity(rows.len());
        let mut prev_group: Option<&'static str> = None;
        for (i, r) in rows.iter().enumerate() {
            let is_sub = r.group.is_some_and(|g| g != RESULTS);
            let outer = (r.group.is_some() && prev_group.is_none()).then_some(RESULTS);
            let inner = (is_sub && r.group != prev_group)
                .then_some(r.group)
                .flatten();
            prev_group = r.group;
            let inner_span = if inner.is_some() {
                rows[i..].iter().take_while(|x| x.group == r.group).count()
            } else {
                0
            };
            let outer_span = if outer.is_some() {
                rows[i..].iter().take_while(|x| x.group.is_some()).count()
            } else {
                0
            };
            let mut label = r.label.to_owned();
            if varied_labels {
                let t = gongkai_core::template::application_row(r.id);
                if let Some(v) = t.and_then(|t| t.variants.first())
                    && rng.chance(0.1)
                    && r.id != "new_received"
                    && r.id != "carried_over"
                    && r.id != "carried_forward"
                {
                    (*v).clone_into(&mut label);
                }
                if is_sub && rng.chance(0.3) {
                    label = label.replacen('.', "、", 1);
                }
            }
            out.push(RowOut {
                id: r.id,
                outer,
                inner,
                label,
                cells: &r.cells,
                inner_span,
                outer_span,
            });
        }
        out
    }
}
