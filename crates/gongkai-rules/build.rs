//! Embeds the built-in rule pack (`rules/` at the workspace root): every `*.yaml` file below it,
//! as `(relative path, text)` pairs, so the binary needs no files at run time.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    println!("cargo:rerun-if-changed={}", dir.display());
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let p = entry.path();
        if p.is_dir() {
            walk(&p, out);
        } else if p.extension().is_some_and(|e| e == "yaml") {
            println!("cargo:rerun-if-changed={}", p.display());
            out.push(p);
        }
    }
}

fn main() {
    let manifest =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let root = manifest.join("../../rules");
    let mut files = Vec::new();
    walk(&root, &mut files);
    files.sort();
    let mut rules = String::from(
        "/// Built-in rule files: (path under `rules/`, text).\npub(crate) static RULES: &[(&str, &str)] = &[\n",
    );
    let mut tests = String::from(
        "/// Built-in rule test files: (path under `rules/`, text).\npub(crate) static TESTS: &[(&str, &str)] = &[\n",
    );
    for f in &files {
        let rel = f
            .strip_prefix(&root)
            .expect("walked below root")
            .to_string_lossy()
            .replace('\\', "/");
        let abs = f.canonicalize().expect("file exists");
        let line = format!(
            "    ({rel:?}, include_str!({:?})),\n",
            abs.to_string_lossy()
        );
        if rel.ends_with(".test.yaml") {
            tests.push_str(&line);
        } else {
            rules.push_str(&line);
        }
    }
    rules.push_str("];\n");
    tests.push_str("];\n");
    let mut out = String::new();
    let _ = write!(out, "{rules}\n{tests}");
    let dest =
        PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("builtin.rs");
    std::fs::write(dest, out).expect("OUT_DIR is writable");
}
