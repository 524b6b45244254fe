//! What the rules crate's integration tests share.

/// Reads a report from a name and its text with the default options: the reader the rule test
/// harness is given (`TestEnv::read`).
pub fn read(name: &str, text: &str) -> Result<gongkai_core::Report, String> {
    gongkai_reader::read(
        text.as_bytes(),
        name,
        &gongkai_reader::ReadOptions::default(),
    )
    .map(|e| e.report)
    .map_err(|e| e.to_string())
}
