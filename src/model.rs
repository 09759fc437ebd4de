//! Plain data shared by every stage: spans, quotes, article metadata and
//! diagnostics.
//!
//! Owns: the serde shapes that reach output (the JSONL contract documented in
//! the README). Does not own: parsing, I/O or printing. Every type here is
//! built by the pipeline in `lib.rs` and read by `export`, `eval` and the CLI.

use serde::{Deserialize, Serialize};

/// Version of the JSON output schema; bumped whenever a key changes meaning.
pub const SCHEMA_VERSION: u32 = 1;

/// A half-open byte range `start..end` into an article's text.
///
/// Both ends always lie on `char` boundaries because every span is made from
/// offsets the text itself produced (`char_indices`, `nom::Offset`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    /// First byte of the range.
    pub start: usize,
    /// One past the last byte of the range.
    pub end: usize,
}

impl Span {
    /// Makes a span; `start` must not be greater than `end`.
    pub fn new(start: usize, end: usize) -> Span {
        debug_assert!(start <= end, "span {start}..{end} is reversed");
        Span { start, end }
    }

    /// The text the span covers.
    pub fn slice<'a>(&self, text: &'a str) -> &'a str {
        &text[self.start..self.end]
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// True when the span covers nothing.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// True when `other` lies wholly inside this span.
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

/// What a quoted span is, judged from its own words and its frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuoteKind {
    /// Someone's words: one or more clauses in quotation marks.
    Direct,
    /// A fragment of someone's words woven into the reporter's sentence.
    Partial,
    /// The title of a work (`an article titled “…”`).
    Title,
    /// Scare quotes or a coined label with no speech frame.
    Term,
    /// Reported speech without quotation marks (`X said that …`).
    Indirect,
}

impl QuoteKind {
    /// The name used in every output format.
    pub fn as_str(self) -> &'static str {
        match self {
            QuoteKind::Direct => "direct",
            QuoteKind::Partial => "partial",
            QuoteKind::Title => "title",
            QuoteKind::Term => "term",
            QuoteKind::Indirect => "indirect",
        }
    }

    /// True for kinds that carry someone's words and so may get a speaker.
    pub fn is_speech(self) -> bool {
        matches!(self, QuoteKind::Direct | QuoteKind::Partial | QuoteKind::Indirect)
    }
}

impl std::fmt::Display for QuoteKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One quotation found in an article: the record of the JSONL contract.
///
/// Unknown values are `None` (JSON `null`), never empty strings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    /// Article id (the file stem, or the `id` of a JSONL record).
    pub article: String,
    /// 0-based position within the article, in text order.
    pub index: usize,
    /// What the span is.
    pub kind: QuoteKind,
    /// The words inside the marks, exactly as in the source.
    pub text: String,
    /// Byte offset of `text` in the article file.
    pub start: usize,
    /// Byte offset one past the end of `text`.
    pub end: usize,
    /// 0-based index of the paragraph (non-blank line) where the quote opens.
    pub paragraph: usize,
    /// `index` of the quote this one is nested in.
    pub parent: Option<usize>,
    /// Fullest form of the speaker's name in the article, or a description
    /// (`a White House official`) for anonymous sources.
    pub speaker: Option<String>,
    /// `speaker` folded for comparison: lowercase, hyphens and spaces folded.
    pub speaker_key: Option<String>,
    /// The speaker's title or description as the article gives it.
    pub role: Option<String>,
    /// The verb or phrase that frames the quote (`said`, `according to`).
    pub cue: Option<String>,
    /// The medium where the words were published or said.
    pub outlet: Option<String>,
    /// Who relayed the quote, when that is not the speaker.
    pub via: Option<String>,
    /// ISO `YYYY-MM-DD` date of the utterance, when the text gives one.
    pub date: Option<String>,
    /// Editorial insertions inside `text` (`[Feb. 28]`, `[. . .]`, `…`).
    pub insertions: Vec<String>,
}

impl Quote {
    /// The span of `text` in the article.
    pub fn span(&self) -> Span {
        Span::new(self.start, self.end)
    }
}

/// Metadata of one article, found in its text or given with it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleMeta {
    /// Article id.
    pub id: String,
    /// The headline (first meaningful line).
    pub headline: Option<String>,
    /// Publication date, ISO `YYYY-MM-DD`.
    pub published: Option<String>,
    /// Byline: the reporters' names as written.
    pub byline: Option<String>,
    /// The publishing outlet.
    pub outlet: Option<String>,
    /// Source address, when given with the article.
    pub url: Option<String>,
    /// People the article names with a title or role (`North Korean Vice
    /// Foreign Minister Choe Son-hui`), quoted or not: the audit compares
    /// the roles one person is given across articles.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub people: Vec<Person>,
}

/// A person named in an article, with the role the article gives.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    /// Fullest form of the name in the article.
    pub name: String,
    /// The title or description first given with the name.
    pub role: Option<String>,
    /// Byte offset of the first mention.
    pub offset: usize,
}

/// What went wrong or looked doubtful while reading one article. A
/// diagnostic is data: the article is still processed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// Article id.
    pub article: String,
    /// What kind of problem.
    pub kind: DiagnosticKind,
    /// Byte offset in the article where it was seen.
    pub offset: usize,
    /// One line for a person.
    pub message: String,
}

/// The kinds of [`Diagnostic`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DiagnosticKind {
    /// A quotation mark opened and never closed; recovered at paragraph end.
    UnclosedQuote,
    /// A closing mark with no opening mark before it.
    StrayClose,
    /// A speech quote for which no speaker could be found.
    Unattributed,
}

/// Everything extracted from one article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extraction {
    /// The article's metadata.
    pub meta: ArticleMeta,
    /// Its quotations, in text order.
    pub quotes: Vec<Quote>,
    /// Problems met on the way.
    pub diagnostics: Vec<Diagnostic>,
}
