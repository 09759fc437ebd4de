//! `cargo bench`: a short run of `qc-bench run` on a generated corpus,
//! printing the table to paste into an issue. Set `QC_BENCH_ARGS` to pass
//! other arguments (`QC_BENCH_ARGS="--mb 100 --audit 10000,100000"`).
//!
//! Not a criterion harness: the figures wanted (peak memory, MB/s on one
//! core and on all, the audit's growth over sizes) come from whole
//! processes, which `qc-bench` runs and measures with `wait4`.

use std::process::{Command, ExitCode};

fn main() -> ExitCode {
    let extra = std::env::var("QC_BENCH_ARGS").unwrap_or_default();
    let mut args: Vec<String> = vec!["run".into()];
    if extra.trim().is_empty() {
        args.extend(["--mb", "20"].map(String::from));
    } else {
        args.extend(extra.split_whitespace().map(String::from));
    }
    let status = Command::new(env!("CARGO_BIN_EXE_qc-bench"))
        .args(&args)
        .arg("--quotecheck")
        .arg(env!("CARGO_BIN_EXE_quotecheck"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .status();
    match status {
        Ok(s) if s.success() => ExitCode::SUCCESS,
        Ok(_) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("cannot run qc-bench: {e}");
            ExitCode::FAILURE
        }
    }
}
