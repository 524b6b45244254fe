//! What the CLI's integration tests share: the repository root, running the built binary, and
//! scratch directories. Each test file uses part of it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root, where `tests/fixtures` and `rules/` are.
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Runs the built `gongkai` in the repository root, without the caller's colour and width
/// settings, so that output is the same on every machine.
pub fn gongkai(args: &[&str]) -> Output {
    gongkai_in(&repo(), args)
}

/// As [`gongkai`], in `dir` (where a `gongkai.toml` may be found).
pub fn gongkai_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("COLUMNS")
        .output()
        .expect("gongkai runs")
}

/// A fresh, empty directory of this test process, named after the test file and `name`.
pub fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "gongkai-{}-{}-{name}",
        env!("CARGO_CRATE_NAME"),
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}
