use super::*;

fn doc(html: &str) -> Document {
    read(html.as_bytes(), "t.html", &ReadOptions::default())
        .unwrap()
        .0
}

fn rendered(d: &Document) -> Vec<String> {
    d.blocks.iter().map(Block::joined).collect()
}

#[test]
fn paragraphs_and_entities_keep_their_source_ranges() {
    let html = "<html><body><p>规章&nbsp;１２</p><p>a &amp; b</p></body></html>";
    let d = doc(html);
    assert_eq!(rendered(&d), ["规章 12", "a & b"]);
    let Block::Line(t) = &d.blocks[0] else {
        panic!()
    };
    let i = t.as_str().find("12").unwrap();
    assert_eq!(&html[t.source_range(i..i + 2)], "１２");
    let Block::Line(t) = &d.blocks[1] else {
        panic!()
    };
    let amp = t.as_str().find('&').unwrap();
    assert_eq!(&html[t.source_range(amp..amp + 1)], "&amp;");
}

#[test]
fn rowspan_labels_repeat_but_values_do_not() {
    let html = "<table><tr><td rowspan=2>（三）不予公开</td><td>1.属于国家秘密</td>\
                <td rowspan=2>5</td></tr><tr><td>2.其他</td></tr>\
                <tr><td colspan=2>（七）总计</td><td>&nbsp;</td></tr></table>";
    let d = doc(html);
    assert_eq!(
        rendered(&d),
        [
            "(三)不予公开|1.属于国家秘密|5",
            "(三)不予公开|2.其他|",
            "(七)总计|"
        ]
    );
    let Block::Row(cells) = &d.blocks[2] else {
        panic!()
    };
    // The blank cell is anchored where its content starts, on the `&nbsp;`.
    assert!(html[cells[1].source_range(0..0).start..].starts_with("&nbsp;"));
}

#[test]
fn junk_and_implied_end_tags() {
    let html = "<div class=\"nav\"><a>首页</a></div><script>var a='<p>x</p>';</script>\
                <p>一、总体情况<p>第二段<footer>版权所有</footer>\
                <table><tr><td>a<td>1<tr><td>b<td>2</table>";
    assert_eq!(
        rendered(&doc(html)),
        ["一、总体情况", "第二段", "a|1", "b|2"]
    );
}

#[test]
fn layout_tables_are_read_as_text() {
    let html = "<table><tr><td><p>标题</p><table><tr><td>x</td><td>1</td></tr></table>\
                <p>尾</p></td></tr></table>";
    assert_eq!(rendered(&doc(html)), ["标题", "x|1", "尾"]);
}

#[test]
fn nesting_too_deep_is_refused_with_its_line() {
    let html = format!("<p>\n{}", "<div>".repeat(100_000));
    let err = read(html.as_bytes(), "t.html", &ReadOptions::default()).unwrap_err();
    assert!(matches!(err, ReadError::TooDeep { line: 2, .. }), "{err:?}");
    assert!(err.to_string().contains("嵌套"), "{err}");
}

#[test]
fn gbk_meta_charset_is_honoured() {
    let html = "<html><head><meta charset=\"gb2312\"></head><body><p>规章 1</p></body></html>";
    let (bytes, _, _) = encoding_rs::GBK.encode(html);
    let (d, _) = read(&bytes, "t.html", &ReadOptions::default()).unwrap();
    assert_eq!(d.encoding, "GB18030");
    assert_eq!(rendered(&d), ["规章 1"]);
}

#[test]
fn hostile_spans_are_bounded() {
    let html = "<table><tr><td colspan=99999 rowspan=99999>x</td><td>1</td></tr></table>";
    let d = doc(html);
    assert_eq!(rendered(&d).len(), 1);
}
