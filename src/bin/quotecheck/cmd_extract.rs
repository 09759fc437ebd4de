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
    let _ = args;
    todo!("extract")
}
