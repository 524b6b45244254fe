//! Every fixture's tables, metadata, section headings and read issues, one line per cell, as
//! reviewed against the source files (see `common::render`).

mod common;

#[test]
fn fixtures_render_as_reviewed() {
    for name in common::text_fixtures() {
        let x = common::extract(&name);
        // The name without its extension, other dots as dashes ("x.layout.txt" → "x-layout").
        let stem = name
            .rsplit_once('.')
            .map_or(name.as_str(), |(stem, _)| stem)
            .replace('.', "-");
        insta::with_settings!({ snapshot_suffix => stem, prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!("fixture", common::render(&x.report));
        });
    }
}
