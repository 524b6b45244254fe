//! The official blank form (`official-template-2021.docx`), filled by a generator with distinct
//! values, read back as a Document: every value lands in its cell, with its label cells beside it.

use std::io::{Read, Write};

use gongkai_reader::{Block, ReadOptions, Text};

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/../../tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Writes `value(k)` into the k-th empty value cell (in document order) of the template's
/// tables, and returns the new DOCX. Empty cells that continue a vertical merge are left alone.
fn fill(template: &[u8], value: impl Fn(usize) -> String) -> (Vec<u8>, usize) {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(template)).unwrap();
    let mut out = std::io::Cursor::new(Vec::new());
    let mut writer = zip::ZipWriter::new(&mut out);
    let mut filled = 0;
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).unwrap();
        let name = file.name().unwrap().into_owned();
        let mut data = Vec::new();
        file.read_to_end(&mut data).unwrap();
        if name == "word/document.xml" {
            let xml = String::from_utf8(data).unwrap();
            let (xml, n) = fill_cells(&xml, &value);
            filled = n;
            data = xml.into_bytes();
        }
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        writer.start_file(name, opts).unwrap();
        writer.write_all(&data).unwrap();
    }
    writer.finish().unwrap();
    (out.into_inner(), filled)
}

fn fill_cells(xml: &str, value: &impl Fn(usize) -> String) -> (String, usize) {
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    let mut k = 0;
    while let Some(start) = rest.find("<w:tc>") {
        let end = start + rest[start..].find("</w:tc>").unwrap() + "</w:tc>".len();
        out.push_str(&rest[..start]);
        let cell = &rest[start..end];
        let text: String = cell
            .split("<w:t")
            .skip(1)
            .filter_map(|t| {
                t.split_once('>')
                    .map(|(_, r)| r.split('<').next().unwrap_or(""))
            })
            .collect();
        let continues = cell.contains("<w:vMerge/>") || cell.contains("w:val=\"continue\"");
        if text
            .trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}')
            .is_empty()
            && !continues
        {
            k += 1;
            let close = cell.rfind("</w:p>").unwrap();
            out.push_str(&cell[..close]);
            out.push_str("<w:r><w:t>");
            out.push_str(&value(k));
            out.push_str("</w:t></w:r>");
            out.push_str(&cell[close..]);
        } else {
            out.push_str(cell);
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    (out, k)
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
