//! Article layout: splits a raw article into paragraphs, tells body text from
//! page furniture, and reads the metadata the text itself carries (headline,
//! publication date, byline, outlet).
//!
//! Owns: paragraph spans and their roles, `ArticleMeta` found in the text.
//! Does not own: quotes or attribution. Input: the whole article as `&str`
//! (a leading BOM and CRLF line ends allowed); output: [`Layout`].

use crate::model::{ArticleMeta, Span};

/// What a paragraph is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The headline.
    Headline,
    /// Running text of the story (including sub-headings).
    Body,
    /// Dateline, byline, contact or copyright lines: metadata, not story.
    Meta,
    /// Photo captions and repeated lines.
    Caption,
    /// Navigation, share buttons, "Most viewed articles" and the like.
    Furniture,
}

/// One paragraph: a non-blank line, trimmed of surrounding white space.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paragraph {
    /// The trimmed line in the article text.
    pub span: Span,
    /// What the line is.
    pub role: Role,
}

/// An article split into paragraphs, with its metadata.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    /// Metadata found in the text.
    pub meta: ArticleMeta,
    /// Every non-blank line, in order.
    pub paragraphs: Vec<Paragraph>,
}

/// Reads the layout of an article.
pub fn parse(id: &str, text: &str) -> Layout {
    let mut paragraphs = Vec::new();
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let start = pos;
        pos += line.len();
        let lead = line.len() - line.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}').len();
        let trimmed = line.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
        if trimmed.is_empty() {
            continue;
        }
        let span = Span::new(start + lead, start + lead + trimmed.len());
        let role = if paragraphs.is_empty() { Role::Headline } else { Role::Body };
        paragraphs.push(Paragraph { span, role });
    }
    let headline = paragraphs.first().map(|p| p.span.slice(text).to_string());
    Layout { meta: ArticleMeta { id: id.to_string(), headline, ..ArticleMeta::default() }, paragraphs }
}
