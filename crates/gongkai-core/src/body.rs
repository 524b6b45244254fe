//! Which body a report is by: an organisation's name reduced to a key that the same body's
//! reports of different years share, however the name is written.
//!
//! The same body writes its name differently from one year to the next: "淮安市洪泽区人民政府" one
//! year, "洪泽区人民政府" the next; "平潭综合实验区管委会" and "平潭综合实验区"; full-width letters,
//! brackets and spaces. The key drops what varies and keeps what tells bodies apart: a leading
//! higher-level place ("淮安市", "福建省") only when another place follows it (so "淮安市人民政府"
//! stays itself, and "淮安市司法局" is not "司法局"), and a trailing "管委会"/"管理委员会".

/// Suffixes dropped from the end of a name: what the same body writes one year and not the next.
const SUFFIXES: [&str; 2] = ["管理委员会", "管委会"];

/// Endings of a higher-level place at the start of a name ("淮安市", "福建省").
const UPPER_PLACES: [&str; 5] = ["自治区", "省", "市", "州", "盟"];

/// Endings of a place that may follow a higher-level one ("洪泽区", "沭阳县", "某某镇").
const PLACES: [&str; 7] = ["区", "县", "市", "旗", "镇", "乡", "街道"];

/// The longest place name before its ending, in characters ("黔西南布依族苗族自治" is 9).
const MAX_PLACE_CHARS: usize = 10;

/// The key of the body that wrote a report, from its organisation's name: full-width forms made
/// half-width, spaces removed, a leading higher-level place and a trailing "管委会" dropped.
/// Two names with the same key are taken for the same body.
///
/// ```
/// use gongkai_core::body_key;
/// assert_eq!(body_key("淮安市洪泽区人民政府"), body_key("洪泽区人民政府"));
/// assert_eq!(body_key("平潭综合实验区管委会"), body_key("平潭综合实验区"));
/// assert_ne!(body_key("淮安市人民政府"), body_key("人民政府"));
/// assert_ne!(body_key("淮安市司法局"), body_key("司法局"));
/// ```
pub fn body_key(name: &str) -> String {
    let mut key: String = name
        .chars()
        .filter_map(|c| match c {
            // Full-width ASCII forms (！ to ～) are the ASCII characters 0xFEE0 below.
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0),
            c if c.is_whitespace() => None,
            c => Some(c),
        })
        .collect();
    for suffix in SUFFIXES {
        if let Some(rest) = key.strip_suffix(suffix)
            && !rest.is_empty()
        {
            key.truncate(rest.len());
            break;
        }
    }
    // A province and then a city ("江苏省淮安市洪泽区…") are two prefixes.
    while let Some(rest) = strip_upper_place(&key) {
        key = rest.to_owned();
    }
    key
}

/// Words no place name contains: a name with one of them before a place ending is a body's
/// ("住房和城乡建设局" has 乡, "社区服务中心" has 区).
const NOT_A_PLACE: [&str; 13] = [
    "局", "委", "办", "厅", "院", "会", "和", "部", "城乡", "中心", "所", "站", "社",
];

/// `name` without its leading higher-level place, when another place follows it. The last such
/// ending within reach is taken: "福州市鼓楼区" is 福州市 then 鼓楼区, not 福州 then 市….
fn strip_upper_place(name: &str) -> Option<&str> {
    let mut found = None;
    for (i, (at, _)) in name.char_indices().enumerate().skip(1) {
        if i > MAX_PLACE_CHARS || !is_place_name(&name[..at]) {
            break;
        }
        for ending in UPPER_PLACES {
            if let Some(rest) = name[at..].strip_prefix(ending)
                && starts_with_place(rest)
            {
                found = Some(rest);
            }
        }
    }
    found
}

/// Whether `name` starts with a place: a name of at least one character, then a place ending.
fn starts_with_place(name: &str) -> bool {
    name.char_indices()
        .skip(1)
        .take(MAX_PLACE_CHARS)
        .any(|(at, _)| {
            PLACES
                .iter()
                .any(|p| name[at..].starts_with(p) && is_place_name(&name[..at + p.len()]))
        })
}

/// Whether `text` can be a place's name (with its ending: "城乡" is no place).
fn is_place_name(text: &str) -> bool {
    !NOT_A_PLACE.iter().any(|w| text.contains(w))
}

/// Whether two organisation names are taken for the same body (their [`body_key`]s are equal).
pub fn same_body(a: &str, b: &str) -> bool {
    a == b || body_key(a) == body_key(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn administrative_prefixes_go_when_a_place_follows() {
        assert_eq!(body_key("淮安市洪泽区人民政府"), "洪泽区人民政府");
        assert_eq!(body_key("江苏省淮安市洪泽区人民政府"), "洪泽区人民政府");
        assert_eq!(body_key("福建省平潭综合实验区"), "平潭综合实验区");
        assert_eq!(
            body_key("西安市高陵区行政审批服务局"),
            "高陵区行政审批服务局"
        );
        // No place after the city: the city is the body.
        assert_eq!(body_key("淮安市人民政府"), "淮安市人民政府");
        assert_eq!(body_key("淮安市市场监督管理局"), "淮安市市场监督管理局");
        assert_eq!(body_key("淮安市司法局"), "淮安市司法局");
        assert_eq!(body_key("淮安市住房和城乡建设局"), "淮安市住房和城乡建设局");
        assert_eq!(body_key("淮安市住房城乡建设局"), "淮安市住房城乡建设局");
        assert_eq!(body_key("福州市鼓楼区人民政府"), "鼓楼区人民政府");
        assert_eq!(body_key("南京市社区服务中心"), "南京市社区服务中心");
    }

    #[test]
    fn suffixes_widths_and_spaces() {
        assert_eq!(body_key("平潭综合实验区管委会"), "平潭综合实验区");
        assert_eq!(body_key("平潭综合实验区管理委员会"), "平潭综合实验区");
        assert_eq!(body_key("  平潭 综合实验区 "), "平潭综合实验区");
        assert_eq!(body_key("ＸＸ区（试点）"), "XX区(试点)");
        assert_eq!(body_key("管委会"), "管委会");
        assert!(same_body("淮安市洪泽区人民政府", "洪泽区 人民政府"));
        assert!(!same_body("洪泽区人民政府", "洪泽区人民政府办公室"));
    }
}
