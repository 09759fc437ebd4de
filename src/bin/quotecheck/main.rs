//! The `quotecheck` command line: a thin layer over the library. This is the
//! only code that touches files, standard streams or exit codes.
//!
//! Exit codes: 0 success, 1 a check asked for failed (accuracy below a
//! threshold), 2 an error (unreadable input, bad arguments).

mod args;
mod cmd_audit;
mod cmd_eval;
mod cmd_extract;
mod input;
mod ordered;

use std::process::ExitCode;

/// Extraction makes many small short-lived allocations on every thread
/// (words, phrases, windows); mimalloc serves them faster than the system
/// allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::Parser;

fn main() -> ExitCode {
    let cli = args::Cli::parse();
    let result = match &cli.command {
        args::Command::Extract(a) => cmd_extract::run(a),
        args::Command::Eval(a) => cmd_eval::run(a),
        args::Command::Audit(a) => cmd_audit::run(a),
    };
    match result {
        Ok(code) => code,
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("quotecheck: {err}");
            ExitCode::from(2)
        }
    }
}

/// A closed pipe (`quotecheck extract … | head`) is a normal way for output
/// to end, not an error.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
