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
    // 8 fixed columns, table 2 (2021: 12, 2019-only: 19 incl. the amount unit), table 3 (26 x 7),
    // table 4 (3 x 5).
    assert_eq!(columns.len(), 8 + 12 + 19 + 26 * 7 + 3 * 5);
}

#[test]
fn csv_records_quote_what_needs_quoting() {
    assert_eq!(
        gongkai::table::csv_record(["a", "b,c", "say \"hi\"", ""]),
        "a,\"b,c\",\"say \"\"hi\"\"\",\r\n"
    );
}
