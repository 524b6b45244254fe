//! The crate graph in docs/decisions.md is the graph of the manifests: each library crate's
//! workspace dependencies, as `cargo tree -p <crate> -e normal --depth 1` prints them.

use std::collections::BTreeMap;
use std::path::Path;

/// The `gongkai*` names in the `[dependencies]` table of a manifest (normal dependencies only).
fn workspace_deps(manifest: &str) -> Vec<String> {
    let mut deps = Vec::new();
    let mut in_deps = false;
    for line in manifest.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_deps = line == "[dependencies]";
            continue;
        }
        if in_deps && line.starts_with("gongkai") {
            let name = line.split(['.', ' ', '=']).next().unwrap_or_default();
            deps.push(name.to_owned());
        }
    }
    deps.sort();
    deps
}

#[test]
fn the_documented_crate_graph_is_the_manifests() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut actual = BTreeMap::new();
    actual.insert(
        "gongkai".to_owned(),
        workspace_deps(&std::fs::read_to_string(root.join("Cargo.toml")).unwrap()),
    );
    for entry in std::fs::read_dir(root.join("crates")).unwrap() {
        let dir = entry.unwrap().path();
        let Ok(manifest) = std::fs::read_to_string(dir.join("Cargo.toml")) else {
            continue;
        };
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        actual.insert(name, workspace_deps(&manifest));
    }

    let decisions = std::fs::read_to_string(root.join("docs/decisions.md")).unwrap();
    let section = decisions
        .split("## Crate graph")
        .nth(1)
        .expect("docs/decisions.md has a crate graph section");
    let block = section
        .split("```text\n")
        .nth(1)
        .and_then(|b| b.split("```").next())
        .expect("the section has a text block");
    let mut documented = BTreeMap::new();
    for line in block.lines() {
        let (name, deps) = line.split_once("->").expect("`crate -> deps`");
        let mut deps: Vec<String> = deps.split_whitespace().map(str::to_owned).collect();
        deps.sort();
        documented.insert(name.trim().to_owned(), deps);
    }
    assert_eq!(documented, actual);
    // The CLI reaches every other crate through the façade.
    assert_eq!(actual["gongkai-cli"], ["gongkai"]);
}
