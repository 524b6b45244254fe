//! The words of a report: title, sections' paragraphs and signature, stating the facts of the
//! model in one of several phrasings seen in real reports.

use gongkai_core::template::SectionId;

use crate::model::{Body, Facts, Model};
use crate::rng::Rng;

/// The narrative of one report.
#[derive(Debug, Clone)]
pub(crate) struct Narrative {
    /// "{org}{year}年政府信息公开工作年度报告".
    pub title: String,
    /// Paragraphs before section 一.
    pub intro: Vec<String>,
    /// Paragraphs of each section (before the tables for sections 二 to 四).
    pub sections: [Vec<String>; 6],
    /// The signature lines at the end (body, date).
    pub signature: Vec<String>,
}

/// How numbers sit in the text: "3119件" or "3119 件" (PDF exports put spaces around them).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Spacing(pub bool);

impl Spacing {
    fn n(self, v: impl std::fmt::Display) -> String {
        if self.0 {
            format!(" {v} ")
        } else {
            v.to_string()
        }
    }
}

fn we(body: Body) -> &'static str {
    match body {
        Body::City => "我市",
        Body::County => "我县（区）",
        Body::Department => "我局",
        Body::Town => "我镇（街道）",
    }
}

/// Writes the narrative of `m`.
pub(crate) fn write(m: &Model, truth: &Facts, rng: &mut Rng, sp: Spacing) -> Narrative {
    let f = &m.facts;
    let y = m.year;
    let org = &m.org;
    let we = we(m.body);
    let mut intro = vec![format!(
        "本报告由{org}根据《中华人民共和国政府信息公开条例》（国令第711号，以下简称《条例》）和{}要求编制。报告所列数据的统计期限自{y}年1月1日至{y}年12月31日。如对本报告有疑问，请与{org}办公室联系。",
        if m.format == gongkai_core::FormatVersion::F2019 {
            "《中华人民共和国政府信息公开工作年度报告格式（试行）》"
        } else {
            "《中华人民共和国政府信息公开工作年度报告格式》"
        }
    )];
    if rng.chance(0.3) {
        intro.insert(0, format!("发布日期：{}-01-{:02}", y + 1, f.date.2));
    }

    let mut overview = Vec::new();
    let lead_year = f.stray_year.unwrap_or(y);
    overview.push(format!(
        "{lead_year}年，{we}坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《条例》各项规定，{}，政府信息公开工作取得新进展。",
        rng.pick(&[
            "紧紧围绕中心工作，持续深化政务公开",
            "以公开促落实、促规范、促服务",
            "不断提升政务公开标准化规范化水平",
        ])
    ));
    let [p1, p2, p3] = f.published;
    overview.push(format!(
        "（一）主动公开情况。全年主动公开政府信息{}条，其中政策文件{}条，政策解读{}条，其他信息{}条。",
        sp.n(p1 + p2 + p3),
        sp.n(p1),
        sp.n(p2),
        sp.n(p3)
    ));
    overview.push(applications_paragraph(m, truth, rng, sp));
    overview.push(review_paragraph(m, rng, sp));
    overview.push(format!(
        "（四）政府信息管理和平台建设情况。{}",
        rng.pick(&[
            "严格落实公开前保密审查制度，坚持“先审查、后公开”原则，动态调整主动公开目录。",
            "持续优化政府网站信息公开专栏，及时更新机构职能、政策文件等栏目内容。",
            "加强政务新媒体管理，定期开展巡查，确保信息发布准确及时。",
        ])
    ));
    overview.push(format!(
        "（五）监督保障情况。{}",
        rng.pick(&[
            "将政务公开工作纳入年度考核，组织开展业务培训，提升工作人员能力水平。",
            "定期开展政务公开工作自查，对发现的问题及时督促整改。",
        ])
    ));

    let active = if rng.chance(0.5) {
        vec!["该部分以表格形式报告，表格如下：".to_owned()]
    } else {
        Vec::new()
    };
    let problems = vec![
        format!(
            "{}年度政府信息公开工作还存在一些不足：{}",
            y,
            rng.pick(&[
                "一是政策解读形式较为单一；二是政务公开队伍力量仍需加强。",
                "一是主动公开的深度和广度有待拓展；二是依申请公开答复的规范性有待提高。",
                "对新从事政务公开工作人员培训指导不够及时。",
            ])
        ),
        rng.pick(&[
            "下一步，将进一步加强政策解读，丰富解读形式，提升解读质量；加强业务培训，建强工作队伍。",
            "针对上述问题，将持续完善工作机制，规范办理流程，不断提升政府信息公开工作质效。",
        ])
        .to_string(),
    ];
    let mut other = Vec::new();
    if let Some(w) = &f.fee_wanyuan {
        other.push(format!("本年度收取信息处理费{}万元。", sp.n(w)));
    } else if f.fee_yuan > 0 {
        other.push(format!(
            "{y}年，{org}严格落实《政府信息公开信息处理费管理办法》，全年收取信息处理费{}元。",
            sp.n(f.fee_yuan)
        ));
    } else {
        other.push(
            rng.pick(&["本年度未收取信息处理费。", "无其他需要报告的事项。"])
                .to_string(),
        );
    }
    let signature = vec![
        org.clone(),
        format!("{}年{}月{}日", f.date.0, f.date.1, f.date.2),
    ];
    Narrative {
        title: format!("{org}{y}年政府信息公开工作年度报告"),
        intro,
        sections: [overview, active, Vec::new(), Vec::new(), problems, other],
        signature,
    }
}

fn applications_paragraph(m: &Model, truth: &Facts, rng: &mut Rng, sp: Spacing) -> String {
    let f = &m.facts;
    if f.received == 0 && f.carried_over == 0 && f.handled == 0 && f.carried_forward == 0 {
        return "（二）依申请公开情况。本年度未收到政府信息公开申请。".to_owned();
    }
    let mut s = String::from("（二）依申请公开情况。");
    match rng.below(2) {
        0 => s.push_str(&format!(
            "全年共受理政府信息公开申请{}件，办结{}件（含上年度结转申请{}件），结转下年度继续办理{}件。",
            sp.n(f.received),
            sp.n(f.handled),
            sp.n(f.carried_over),
            sp.n(f.carried_forward)
        )),
        _ => s.push_str(&format!(
            "本年度新收政府信息公开申请{}件，上年结转{}件，共计办结{}件，结转下年度继续办理{}件。",
            sp.n(f.received),
            sp.n(f.carried_over),
            sp.n(f.handled),
            sp.n(f.carried_forward)
        )),
    }
    let o = f.outcomes;
    s.push_str(&format!(
        "从办理结果看，予以公开{}件，部分公开{}件，不予公开{}件，无法提供{}件，不予处理{}件，其他处理{}件。",
        sp.n(o[0]),
        sp.n(o[1]),
        sp.n(o[2]),
        sp.n(o[3]),
        sp.n(o[4]),
        sp.n(o[5])
    ));
    if truth.handled > 0 && rng.chance(0.5) {
        // Stated from the table itself: an injected narrative error stays one error.
        let part = truth.outcomes[0] + truth.outcomes[1];
        s.push_str(&format!(
            "予以公开及部分公开{}件，占比{}%。",
            sp.n(part),
            percent(part, truth.handled)
        ));
    }
    s
}

/// `part / whole` in percent with one decimal, rounded half up.
fn percent(part: i64, whole: i64) -> String {
    let tenths = (part * 1000 * 2 + whole) / (whole * 2);
    format!("{}.{}", tenths / 10, tenths % 10)
}

fn review_paragraph(m: &Model, rng: &mut Rng, sp: Spacing) -> String {
    let f = &m.facts;
    let mut s = String::from("（三）行政复议、行政诉讼情况。");
    let r = f.review;
    let l = f.litigation;
    if r[4] == 0 && l[4] == 0 && !f.all_upheld_claim {
        s.push_str("全年未发生因政府信息公开引起的行政复议、行政诉讼案件。");
        return s;
    }
    let list = |v: [i64; 5]| {
        format!(
            "，其中结果维持{}件，结果纠正{}件，其他结果{}件，尚未审结{}件",
            sp.n(v[0]),
            sp.n(v[1]),
            sp.n(v[2]),
            sp.n(v[3])
        )
    };
    s.push_str(&format!("全年发生政府信息公开行政复议{}件", sp.n(r[4])));
    if r[4] > 0 {
        s.push_str(&list(r));
    }
    s.push_str(&format!("；行政诉讼{}件", sp.n(l[4])));
    if l[4] > 0 {
        s.push_str(&list(l));
    }
    s.push('。');
    if f.all_upheld_claim {
        let claim: &&str = rng.pick(&[
            "复议、诉讼案件均获维持。",
            "行政复议、行政诉讼案件均被维持。",
        ]);
        s.push_str(claim);
    }
    s
}

/// The section ids in order, for renderers.
pub(crate) const ORDER: [SectionId; 6] = SectionId::ALL;
