//! Shared code for the CLI tests: running the built binary and comparing its
//! output with snapshot files in `fixtures/cli/`.
//!
//! A snapshot records what the CLI prints (help, output formats); it is not
//! a judgement of extraction quality (that is the gold files' job). Set
//! `QUOTECHECK_BLESS=1` to rewrite snapshots from the current output, then
//! review the diff like code.

#![allow(dead_code)] // Each test file uses its own subset.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The environment variable that rewrites snapshots.
pub const BLESS: &str = "QUOTECHECK_BLESS";

/// The package root: where `seeds/` and `fixtures/` are.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A command for the built `quotecheck`, run from the package root with a
/// fixed help width and no backtraces, so that output does not depend on
/// the terminal or the caller's environment.
pub fn quotecheck() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_quotecheck"));
    cmd.current_dir(root()).env("COLUMNS", "100").env_remove("RUST_BACKTRACE");
    cmd
}

/// Runs `quotecheck` with `args` and collects its output.
pub fn run(args: &[&str]) -> Output {
    quotecheck().args(args).output().expect("cannot run quotecheck")
}

/// Standard output as UTF-8.
pub fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("stdout is not UTF-8")
}

/// Standard error as UTF-8.
pub fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).expect("stderr is not UTF-8")
}

/// The path of snapshot `name`.
pub fn snapshot_path(name: &str) -> PathBuf {
    root().join("fixtures").join("cli").join(name)
}

/// Compares `actual` with the snapshot `name`, or rewrites the snapshot
/// when `QUOTECHECK_BLESS=1`. Panics with a unified diff on mismatch.
pub fn assert_snapshot(name: &str, actual: &str) {
    let path = snapshot_path(name);
    if std::env::var_os(BLESS).is_some_and(|v| v == "1") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = match std::fs::read_to_string(&path) {
        Ok(s) => s,
        Err(e) => {
            panic!("cannot read snapshot {}: {e}\nrun with {BLESS}=1 to create it", path.display())
        }
    };
    if let Err(diff) = compare(name, &expected, actual) {
        panic!("{diff}\nrun with {BLESS}=1 to accept the new output");
    }
}

/// `Err` with a unified diff (expected → actual) when the texts differ.
/// Line endings are compared as `\n`: a checkout may turn them into `\r\n`.
pub fn compare(name: &str, expected: &str, actual: &str) -> Result<(), String> {
    let expected = expected.replace("\r\n", "\n");
    if expected == actual {
        return Ok(());
    }
    let diff = similar::TextDiff::from_lines(expected.as_str(), actual);
    let shown = diff
        .unified_diff()
        .context_radius(3)
        .header(&format!("fixtures/cli/{name} (snapshot)"), "actual output")
        .to_string();
    Err(format!("snapshot {name} differs:\n{shown}"))
}
