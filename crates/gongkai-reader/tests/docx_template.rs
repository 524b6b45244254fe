//! The official blank form (`official-template-2021.docx`), filled by a generator with distinct
//! values, read back as a Document: every value lands in its cell, with its label cells beside it.

use gongkai_reader::{Block, ReadOptions, Text};

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/../../tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Writes `value(k)` into the k-th empty value cell of the template (the corpus generator's
/// filler, shared so that the generated DOCX corpus and these tests fill the form the same way).
fn fill(template: &[u8], value: impl Fn(usize) -> String) -> (Vec<u8>, usize) {
    gongkai_corpus::fill_template(template, value).expect("the template is a DOCX")
}

fn rows(doc: &gongkai_reader::Document) -> Vec<Vec<String>> {
    doc.blocks
        .iter()
        .filter_map(|b| match b {
            Block::Row(cells) => Some(cells.iter().map(|t| t.as_str().to_owned()).collect()),
            Block::Line(_) => None,
        })
        .collect()
}

#[test]
fn filled_template_gives_every_value_in_its_cell() {
    let (docx, filled) = fill(&fixture("official-template-2021.docx"), |k| {
        (1000 + k).to_string()
    });
    // Table 2: 3 + 3 + 1 + 2 + 1 values; table 3: 25 rows × 7; table 4: 15.
    assert_eq!(filled, 10 + 175 + 15);
    let doc = gongkai_reader::read_document(&docx, "filled.docx", &ReadOptions::default()).unwrap();
    let rows = rows(&doc);

    // Every value, in document order, exactly once.
    let values: Vec<String> = rows
        .iter()
        .flatten()
        .filter(|c| c.len() == 4 && c.bytes().all(|b| b.is_ascii_digit()))
        .cloned()
        .collect();
    let expected: Vec<String> = (1..=filled).map(|k| (1000 + k).to_string()).collect();
    assert_eq!(values, expected);

    let row = |label: &str| {
        rows.iter()
            .find(|r| r.iter().any(|c| c == label))
            .unwrap_or_else(|| panic!("no row {label}"))
            .clone()
    };
    assert_eq!(row("规章"), ["规章", "1001", "1002", "1003"]);
    assert_eq!(row("行政许可"), ["行政许可", "1007"]);
    // Group labels merged vertically name every row they span; values follow in their columns.
    let secret = row("1.属于国家秘密");
    assert_eq!(
        secret[..3],
        ["三、本年度办理结果", "(三)不予公开", "1.属于国家秘密"]
    );
    assert_eq!(
        secret[3..],
        ["1039", "1040", "1041", "1042", "1043", "1044", "1045"]
    );
    let other = row("3.其他");
    assert_eq!(other[..2], ["三、本年度办理结果", "(六)其他处理"]);
    // A label spanning two label columns is one cell, followed by the values.
    assert_eq!(
        row("(七)总计")[..3],
        ["三、本年度办理结果", "(七)总计", "1172"]
    );
    let received = row("一、本年新收政府信息公开申请数量");
    assert_eq!(received[..2], ["一、本年新收政府信息公开申请数量", "1011"]);
    // Table 4: the value row is the last row, 15 values.
    let last = rows.last().unwrap();
    assert_eq!(last.len(), 15);
    assert_eq!(last[0], "1186");
    assert_eq!(last[14], "1200");
}

#[test]
fn spans_point_into_the_rendered_text() {
    let (docx, _) = fill(&fixture("official-template-2021.docx"), |k| {
        (1000 + k).to_string()
    });
    let doc = gongkai_reader::read_document(&docx, "filled.docx", &ReadOptions::default()).unwrap();
    for block in &doc.blocks {
        let texts: Vec<&Text> = match block {
            Block::Line(t) => vec![t],
            Block::Row(cells) => cells.iter().collect(),
        };
        for t in texts {
            let r = t.source_range(0..t.as_str().len());
            let raw = &doc.source.text()[r];
            let mut normalised = Text::default();
            normalised.push_source(raw, 0);
            // A repeated group label points at its first row; everything else at itself.
            assert_eq!(normalised.as_str(), t.as_str());
        }
    }
}

/// The filled template read as a report: every cell of tables 2 to 4 holds the value the
/// generator wrote into it.
#[test]
fn filled_template_extracts_to_the_values_written() {
    let value = |k: usize| {
        if k == 10 {
            "1010.5".to_owned() // 行政事业性收费 (万元) is a decimal.
        } else {
            (1000 + k).to_string()
        }
    };
    let (docx, _) = fill(&fixture("official-template-2021.docx"), value);
    let read = gongkai_reader::read(&docx, "filled.docx", &ReadOptions::default()).unwrap();
    let report = serde_json::to_value(&read.report).unwrap();
    let cell = |path: &[&str]| {
        let mut v = &report;
        for p in path {
            v = &v[p];
        }
        assert_eq!(v["status"], "present", "{path:?}: {v}");
        let r = v["span"]["offset"].as_u64().unwrap() as usize
            ..(v["span"]["offset"].as_u64().unwrap() + v["span"]["length"].as_u64().unwrap())
                as usize;
        // The span slices the rendered text at exactly the digits written.
        assert_eq!(
            &read.source.text()[r],
            v["raw"].as_str().unwrap(),
            "{path:?}"
        );
        v["raw"].as_str().unwrap().to_owned()
    };
    let mut k = 0;
    let mut next = || {
        k += 1;
        value(k)
    };
    for row in ["regulations", "normative_documents"] {
        for col in ["issued", "repealed", "in_force"] {
            assert_eq!(
                cell(&["active_disclosure", row, col]),
                next(),
                "{row}.{col}"
            );
        }
    }
    for (row, col) in [
        ("licensing", "decisions"),
        ("punishment", "decisions"),
        ("coercion", "decisions"),
        ("fees", "amount"),
    ] {
        assert_eq!(
            cell(&["active_disclosure", row, col]),
            next(),
            "{row}.{col}"
        );
    }
    let rows = [
        "new_received",
        "carried_over",
        "granted",
        "partially_granted",
        "withheld_state_secret",
        "withheld_prohibited_by_law",
        "withheld_security_stability",
        "withheld_third_party",
        "withheld_internal_affairs",
        "withheld_process_information",
        "withheld_enforcement_files",
        "withheld_query_matters",
        "unavailable_not_held",
        "unavailable_needs_creation",
        "unavailable_unclear",
        "not_processed_petition",
        "not_processed_repeated",
        "not_processed_publication",
        "not_processed_excessive",
        "not_processed_confirmation",
        "other_no_correction",
        "other_unpaid_fee",
        "other_other",
        "total",
        "carried_forward",
    ];
    let columns = [
        "natural_person",
        "commercial",
        "research",
        "public_interest",
        "legal_services",
        "other",
        "total",
    ];
    for row in rows {
        for col in columns {
            assert_eq!(cell(&["applications", row, col]), next(), "{row}.{col}");
        }
    }
    for group in ["review", "litigation_direct", "litigation_after_review"] {
        for col in ["upheld", "corrected", "other", "pending", "total"] {
            assert_eq!(
                cell(&["review_litigation", group, col]),
                next(),
                "{group}.{col}"
            );
        }
    }
    assert_eq!(k, 200);
    assert_eq!(report["metadata"]["input"], "docx");
}
