//! Writers for extraction results: JSON Lines, JSON, CSV and a text table.
//!
//! Owns: the on-disk shapes of the output contract (documented in the
//! README). Does not own: choosing files or exit codes (the CLI does).
