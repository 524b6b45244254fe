//! Embeds the web page (`web/dist`, built by `scripts/build-web`) for `gongkai serve` when it has
//! been built; without it the binary builds all the same (no node needed) and `serve` says how
//! to get the page. See docs/decisions.md ("gongkai serve").

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn files(dir: &Path, base: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            files(&path, base, out);
        } else if let Ok(relative) = path.strip_prefix(base) {
            out.push(relative.to_path_buf());
        }
    }
}

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let web = manifest.join("../../web");
    let dist = web.join("dist");
    // The dist when it exists (any file in it changed), else its parent (the dist appearing).
    if dist.is_dir() {
        println!("cargo::rerun-if-changed={}", dist.display());
    } else {
        println!(
            "cargo::rerun-if-changed={}",
            web.join("index.html").display()
        );
        println!("cargo::rerun-if-changed={}", web.display());
    }
    let mut list = Vec::new();
    if dist.join("index.html").is_file() {
        files(&dist, &dist, &mut list);
    }
    let mut code = String::from("/// The files of `web/dist` at build time: (path, contents).\n");
    code.push_str("pub(crate) static PAGE: &[(&str, &[u8])] = &[\n");
    for relative in &list {
        let name = relative.to_string_lossy().replace('\\', "/");
        let full = dist.join(relative);
        let _ = writeln!(
            code,
            "    ({name:?}, include_bytes!({:?})),",
            full.to_string_lossy()
        );
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default()).join("page.rs");
    if let Err(e) = std::fs::write(&out, code) {
        println!("cargo::warning=cannot write {}: {e}", out.display());
    }
}
