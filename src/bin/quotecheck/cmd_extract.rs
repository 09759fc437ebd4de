//! `quotecheck extract`: every quotation in every article.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;

/// Arguments of `extract`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Article files or directories (walked for *.txt); `-` reads standard input.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
}

pub fn run(args: &Args) -> Result<ExitCode> {
    use std::io::Write;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for src in crate::input::collect(&args.paths)? {
        let text = src.read()?;
        let ex = quotecheck::extract(&src.id(), &text);
        for q in &ex.quotes {
            serde_json::to_writer(&mut out, q)?;
            writeln!(out)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
