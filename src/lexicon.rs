//! Lexicon files.
