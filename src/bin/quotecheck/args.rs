//! Command-line arguments. Field doc comments are the `--help` text.

use clap::{Parser, Subcommand};

/// Find quotations in news articles and who said them.
#[derive(Debug, Parser)]
#[command(name = "quotecheck", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Extract every quotation with its speaker, cue, date and outlet.
    Extract(crate::cmd_extract::Args),
    /// Score extraction against a gold file (precision, recall, F1).
    Eval(crate::cmd_eval::Args),
    /// Cross-reference quotations across articles: duplicates, variants and
    /// conflicts of speaker, date, outlet and role.
    #[command(after_help = crate::cmd_audit::AFTER_HELP)]
    Audit(crate::cmd_audit::Args),
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
