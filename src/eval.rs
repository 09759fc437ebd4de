//! Accuracy scoring of extracted quotes against hand-written gold, with the
//! same rules as the evaluation scorer beside the project (`score.py`): texts
//! normalised (NFKC, lowercase, curly quotes and dashes folded, white space
//! collapsed, edge punctuation stripped), one-to-one greedy pairing per
//! document by token-overlap F1, speaker match on folded names or equal last
//! tokens.
//!
//! Owns: gold/prediction records and the report. Does not own: running the
//! extractor or reading files (the CLI does that).

use serde::{Deserialize, Serialize};

/// One gold quotation (`doc`, `quote`, `speaker`, `kind`, optional
/// `speaker_alt` and `optional`; other keys are kept by the file but ignored
/// by the scorer).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoldRecord {
    /// Document id (file stem).
    pub doc: String,
    /// The quoted words.
    pub quote: String,
    /// Fullest name form of the speaker, or null.
    pub speaker: Option<String>,
    /// `direct`, `partial`, `indirect`, `title` or `term`.
    #[serde(default)]
    pub kind: Option<String>,
    /// Other acceptable speaker names.
    #[serde(default)]
    pub speaker_alt: Vec<String>,
    /// Neither rewarded nor penalised.
    #[serde(default)]
    pub optional: bool,
}

/// One predicted quotation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PredRecord {
    /// Document id.
    pub doc: String,
    /// The quoted words.
    pub quote: String,
    /// Predicted speaker.
    pub speaker: Option<String>,
}
