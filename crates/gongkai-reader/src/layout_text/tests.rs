//! The rebuilding of `pdftotext -layout` rows, shape by shape.

use super::*;

/// The lines the plan makes of `text`, each as its pieces joined by spaces, with the lines
/// it leaves alone.
fn rebuilt(text: &str) -> Vec<String> {
    let plan = plan(text).unwrap_or_default();
    let mut out = Vec::new();
    for (i, (_, line)) in crate::text::lines_with_offsets(text).enumerate() {
        match plan.get(&i) {
            Some(blocks) => out.extend(blocks.iter().map(|(b, _)| {
                let mut line = String::new();
                for (r, glued) in b {
                    if !line.is_empty() && !glued {
                        line.push(' ');
                    }
                    line.push_str(&text[r.clone()]);
                }
                line
            })),
            None if !line.trim().is_empty() => out.push(line.trim().to_owned()),
            None => {}
        }
    }
    out
}

// Placed by character counts, as `pdftotext -layout` places them.
const HEAD: &str = "\
一、本年新收政府信息公开申请数量      3001    53     0     0    61     4   3119
二、上年结转政府信息公开申请数量        34     0     0     0     0     0     34
      （一）予以公开         1288    21     0     0    50     3   1362
";

#[test]
fn a_label_wrapped_around_its_values_is_one_row() {
    let text = format!(
        "{HEAD}      （二）部分公开（区分处理的，只计这一情
                                   447     7     0     0     0     0    454
      形，不计其他情形）
             1.属于国家秘密             2     0     0     0     0     0      2
"
    );
    let lines = rebuilt(&text);
    assert_eq!(
        lines[3],
        "（二）部分公开（区分处理的，只计这一情 形，不计其他情形） 447 7 0 0 0 0 454"
    );
    assert_eq!(
        lines[4],
        "1.属于国家秘密             2     0     0     0     0     0      2"
    );
    assert_eq!(lines.len(), 5);
}

#[test]
fn group_label_lines_beside_a_row_stay_out_of_its_label() {
    let text = format!(
        "{HEAD}               1、申请人无正当理由逾期不补

               正、行政机关不再处理其政府信      67     3     0     0     1     0     71
               息公开申请

     （六）其
               2、申请人逾期未按收费通知要
     他处理
               求缴纳费用、行政机关不再处理       6     0     0     0     0     0      6
               其政府信息公开申请
"
    );
    let lines = rebuilt(&text);
    assert_eq!(
        lines[3..],
        [
            "1、申请人无正当理由逾期不补 正、行政机关不再处理其政府信 息公开申请 67 3 0 0 1 0 71",
            "（六）其",
            "他处理",
            "2、申请人逾期未按收费通知要 求缴纳费用、行政机关不再处理 其政府信息公开申请 6 0 0 0 0 0 6",
        ]
    );
}

#[test]
fn a_value_row_split_over_two_lines_is_joined_in_column_order() {
    let text = format!(
        "{HEAD}      （二）部分公开（区分处理的，只计这一情                                 454
                      447    7     0     0      0     0
      形，不计其他情形）
"
    );
    let lines = rebuilt(&text);
    assert_eq!(
        lines[3],
        "（二）部分公开（区分处理的，只计这一情 形，不计其他情形） 447 7 0 0 0 0 454"
    );
    // Values that do not fall into the other line's empty columns stay as printed, and
    // their columns are uncertain.
    let text = format!(
        "{HEAD}      （二）部分公开（区分处理的，只计这一情   447
                      447    7     0     0      0     0
"
    );
    let kept = plan(&text).unwrap();
    assert_eq!(kept.keys().collect::<Vec<_>>(), [&3, &4]);
    assert!(kept.values().flatten().all(|(_, uncertain)| *uncertain));
    assert_eq!(
        rebuilt(&text)[3],
        "（二）部分公开（区分处理的，只计这一情 447"
    );
}

#[test]
fn text_not_laid_out_in_columns_is_left_alone() {
    let text = "一、本年新收政府信息公开申请数量 3001 53 0 0 61 4 3119\n\
                    二、上年结转政府信息公开申请数量 34 0 0 0 0 0 34\n\
                    （一）予以公开 1288 21 0 0 50 3 1362\n";
    assert_eq!(plan(text), None);
    // A header word above a row without a label is no label ("结" of "尚未审结").
    let table4 = "结果 结果 其他 尚未\n  维持  纠正  结果  审\n                  结\n\
                      72   64   178   37   351   13   4   8   1   26   12   1   1   6   20\n\
                      1    2    3     4    5\n3  4  5\n";
    assert!(rebuilt(table4).iter().any(|l| l.starts_with("72   64")));
}

#[test]
fn a_row_with_a_cell_left_empty_is_read_as_uncertain() {
    // 表四 with one blank cell: pdftotext leaves no trace of it, so which value is in which
    // column cannot be told.
    let text = "\
结果   结果    其他    尚未
维持   纠正    结果    审结
     0    0    0      0     0   0    0    0        0       0       0       0     0     0   0
     1    2    3      4     5   6    7    8        9      10      11      12    13    14
1  2  3
";
    let table4 = plan(text).unwrap();
    assert_eq!(table4.get(&3).map(|b| b[0].1), Some(true), "{table4:?}");
    assert!(!table4.contains_key(&2), "{table4:?}");
    // A row of 表三 with six values of seven, not completed by the next line.
    let text = format!(
        "{HEAD}             1.属于国家秘密             2     0     0     0     0     0
"
    );
    let short = plan(&text).unwrap();
    assert_eq!(short.get(&3).map(|b| b[0].1), Some(true), "{short:?}");
}

/// A line with each word starting at its character column.
fn placed(words: &[(usize, &str)]) -> String {
    let mut line = String::new();
    for &(col, w) in words {
        let len = line.chars().count();
        line.push_str(&" ".repeat(col.saturating_sub(len).max(usize::from(len > 0))));
        line.push_str(w);
    }
    line + "\n"
}

#[test]
fn a_number_wrapped_in_its_cell_is_joined() {
    // "114" over "9" in 自然人 and "132" over "5" in 总计, the row's other values between.
    let text = format!(
        "{HEAD}{}{}{}{}",
        placed(&[(22, "114"), (58, "132")]),
        placed(&[
            (13, "1.属于国家秘密"),
            (30, "0"),
            (37, "8"),
            (43, "25"),
            (48, "0"),
            (54, "0")
        ]),
        placed(&[(24, "9"), (60, "5")]),
        placed(&[
            (13, "2.其他法律行政法规禁止公开"),
            (24, "1"),
            (30, "0"),
            (37, "0"),
            (43, "0"),
            (48, "0"),
            (54, "0"),
            (60, "1")
        ]),
    );
    let lines = rebuilt(&text);
    assert_eq!(
        lines[3], "1.属于国家秘密 1149 0 8 25 0 0 1325",
        "{lines:#?}"
    );
    assert_eq!(lines.len(), 5, "{lines:#?}");
    // The same with a label on the line below: that line is another row, nothing is joined.
    let text = format!(
        "{HEAD}{}{}{}",
        placed(&[(22, "114"), (58, "132")]),
        placed(&[
            (13, "1.属于国家秘密"),
            (30, "0"),
            (37, "8"),
            (43, "25"),
            (48, "0"),
            (54, "0")
        ]),
        placed(&[(13, "2.其他"), (24, "9"), (60, "5")]),
    );
    assert!(!rebuilt(&text).iter().any(|l| l.contains("1149")));
}
