//! The columns of `gongkai extract --format csv|jsonl`: a stable, documented set.

#[test]
fn the_column_set_is_stable() {
    let columns = gongkai::table::columns();
    let listing = columns
        .iter()
        .map(|c| format!("{}\t{}", c.name, c.label))
        .collect::<Vec<_>>()
        .join("\n");
    insta::assert_snapshot!(listing);
    // 10 fixed columns (the last two, `previous` and `reuse_rate`, for year over year); table 2: 10 of the 2021 form, 20 only the 2019 form has (its
    // licensing/punishment/coercion `decisions` are shared with 2021, plus the procurement amount
    // unit); table 3: 26 rows x 7; table 4: 3 groups x 5.
    assert_eq!(columns.len(), 10 + 10 + 20 + 26 * 7 + 3 * 5);
}

#[test]
fn csv_records_quote_what_needs_quoting() {
    assert_eq!(
        gongkai::table::csv_record(["a", "b,c", "say \"hi\"", ""]),
        "a,\"b,c\",\"say \"\"hi\"\"\",\r\n"
    );
}

#[test]
fn csv_fields_a_spreadsheet_would_run_are_defused_but_negative_numbers_stay() {
    assert_eq!(
        gongkai::table::csv_record([
            "=HYPERLINK(\"http://x\")",
            "+1+2",
            "@SUM(A1)",
            "-cmd|' /C calc'!A0",
            "-1",
            "-0.5",
            "-",
            "某某局"
        ]),
        "\"'=HYPERLINK(\"\"http://x\"\")\",'+1+2,'@SUM(A1),'-cmd|' /C calc'!A0,-1,-0.5,-,某某局\r\n"
    );
}
