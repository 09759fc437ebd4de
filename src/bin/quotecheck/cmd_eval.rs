//! `quotecheck eval`: accuracy against a gold file.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;

/// Arguments of `eval`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Gold quotations, JSONL.
    #[arg(long)]
    pub gold: PathBuf,
    /// Article files or directories to extract and score.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
}

pub fn run(args: &Args) -> Result<ExitCode> {
    let _ = args;
    todo!("eval")
}
