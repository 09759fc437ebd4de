//! quotecheck finds quotations in news articles, attributes each to its
//! speaker with cue verb, role, date and outlet, and audits how the same
//! statements travel between reports.
//!
//! The pipeline for one article: [`article::parse`] splits it into
//! paragraphs and reads its metadata, [`lexer::lex`] finds the quoted spans,
//! [`attribution::attribute`] classifies each span and finds who said it,
//! and [`extract`] lowers the result into [`Quote`] records.
#![deny(missing_docs)]

use std::collections::HashMap;

pub mod article;
pub mod attribution;
pub mod eval;
pub mod export;
pub mod lexer;
pub mod lexicon;
pub mod model;
pub mod normalize;
pub mod xref;

pub use model::{
    ArticleMeta, Diagnostic, DiagnosticKind, Extraction, Person, Quote, QuoteKind, Span,
    SCHEMA_VERSION,
};

/// Extracts every quotation from one article.
///
/// `id` names the article in every record; `text` is the whole article.
pub fn extract(id: &str, text: &str) -> Extraction {
    extract_with(id, text, &ArticleMeta::default())
}

/// Like [`extract`], with metadata given alongside the text (a JSONL corpus
/// record, say). Each field set in `given` wins over what the text says.
pub fn extract_with(id: &str, text: &str, given: &ArticleMeta) -> Extraction {
    let mut layout = article::parse(id, text);
    let meta = &mut layout.meta;
    meta.id = id.to_string();
    for (mine, theirs) in [
        (&mut meta.headline, &given.headline),
        (&mut meta.published, &given.published),
        (&mut meta.byline, &given.byline),
        (&mut meta.outlet, &given.outlet),
        (&mut meta.url, &given.url),
    ] {
        if theirs.is_some() {
            mine.clone_from(theirs);
        }
    }
    let (raws, lex_diags) = lexer::lex(text, &layout.paragraphs);
    let mut people = attribution::people(text, &layout);
    people.set_quoted(raws.iter().map(|q| (q.inner.start, q.inner.end)));
    let attrs = attribution::attribute(text, &layout, &raws, &people);
    let reports = attribution::reported(text, &layout, &raws, &attrs, &people);
    if given.people.is_empty() {
        layout.meta.people = people
            .people
            .iter()
            .filter(|e| e.role.is_some())
            .map(|e| Person {
                name: e.name.clone(),
                role: e.role.clone(),
                offset: e.mentions.first().copied().unwrap_or(0),
            })
            .collect();
        layout.meta.people.sort_by_key(|p| p.offset);
    } else {
        layout.meta.people.clone_from(&given.people);
    }
    let mut diagnostics: Vec<Diagnostic> = lex_diags
        .into_iter()
        .map(|d| Diagnostic {
            article: id.to_string(),
            kind: d.kind,
            offset: d.offset,
            message: d.message,
        })
        .collect();

    // Quotations and reported speech, in text order; a quote's `parent`
    // is renumbered to the merged order.
    enum Item<'a> {
        Quote(usize, &'a lexer::RawQuote),
        Report(&'a attribution::Reported),
    }
    let mut items: Vec<(usize, Item)> =
        raws.iter().enumerate().map(|(i, r)| (r.inner.start, Item::Quote(i, r))).collect();
    items.extend(reports.iter().map(|r| (r.span.start, Item::Report(r))));
    items.sort_by_key(|(start, _)| *start);
    let mut new_index = vec![0; raws.len()];
    for (n, (_, item)) in items.iter().enumerate() {
        if let Item::Quote(i, _) = item {
            new_index[*i] = n;
        }
    }
    let mut attrs = attrs.into_iter().map(Some).collect::<Vec<_>>();
    // An article quotes a few people many times: each speaker's key (NFKC
    // folding, the costliest step of lowering a quote) is made once.
    let mut speaker_keys: HashMap<String, String> = HashMap::new();
    let mut speaker_key = |speaker: &str| match speaker_keys.get(speaker) {
        Some(key) => key.clone(),
        None => {
            let key = normalize::speaker_key(speaker);
            speaker_keys.insert(speaker.to_string(), key.clone());
            key
        }
    };
    let quotes: Vec<Quote> = items
        .into_iter()
        .enumerate()
        .map(|(index, (_, item))| {
            let (span, paragraph, parent, a) = match item {
                Item::Quote(i, raw) => (
                    raw.inner,
                    raw.paragraph,
                    raw.parent.map(|p| new_index[p]),
                    attrs[i].take().unwrap_or_default(),
                ),
                Item::Report(r) => (r.span, r.paragraph, None, r.attribution.clone()),
            };
            let kind = a.kind.unwrap_or(QuoteKind::Partial);
            let text_span = span.slice(text);
            if kind.is_speech() && a.speaker.is_none() {
                diagnostics.push(Diagnostic {
                    article: id.to_string(),
                    kind: DiagnosticKind::Unattributed,
                    offset: span.start,
                    message: format!("no speaker found for quote {index}"),
                });
            }
            Quote {
                article: id.to_string(),
                index,
                kind,
                text: text_span.to_string(),
                start: span.start,
                end: span.end,
                paragraph,
                parent,
                speaker_key: a.speaker.as_deref().map(&mut speaker_key),
                speaker: a.speaker,
                role: a.role,
                cue: a.cue,
                outlet: a.outlet,
                via: a.via,
                date: a.date.map(|d| d.format("%Y-%m-%d").to_string()),
                insertions: if kind == QuoteKind::Indirect {
                    Vec::new()
                } else {
                    insertions(text_span)
                },
            }
        })
        .collect();
    diagnostics.sort_by_key(|d| d.offset);
    Extraction { meta: layout.meta, quotes, diagnostics }
}

/// Editorial insertions inside a quote: bracketed text (`[Feb. 28]`,
/// `[. . .]`) and ellipses (`…`, `...`).
pub fn insertions(quote: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = quote;
    while let Some(open) = rest.find('[') {
        match rest[open..].find(']') {
            Some(close) => {
                out.push(rest[open..open + close + 1].to_string());
                rest = &rest[open + close + 1..];
            }
            None => break,
        }
    }
    // Without an opening bracket there is nothing to strip (a lone `]` is
    // kept): the quote is searched in place rather than copied.
    let unbracketed = if !quote.contains('[') {
        std::borrow::Cow::Borrowed(quote)
    } else {
        std::borrow::Cow::Owned(strip_brackets(quote))
    };
    // Both kinds counted in one pass over the bytes that can start them
    // (`.`, and 0xE2, the first byte of `…`), rather than with
    // `str::matches` for each, which sets up a two-way search at every
    // call. Like `matches`, the count takes the occurrences that do not
    // overlap, from the left; `…` and `...` share no byte.
    let bytes = unbracketed.as_bytes();
    let (mut ellipses, mut dots, mut from) = (0, 0, 0);
    for i in memchr::memchr2_iter(b'.', 0xE2, bytes) {
        if i < from {
            continue;
        }
        if bytes[i..].starts_with(b"...") {
            dots += 1;
            from = i + 3;
        } else if bytes[i..].starts_with("…".as_bytes()) {
            ellipses += 1;
            from = i + "…".len();
        }
    }
    out.extend(std::iter::repeat_n("…".to_string(), ellipses));
    out.extend(std::iter::repeat_n("...".to_string(), dots));
    out
}

fn strip_brackets(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut depth = 0usize;
    for c in s.chars() {
        match c {
            '[' => depth += 1,
            ']' if depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn insertions_without_brackets_search_the_quote_itself() {
        for quote in
            ["a … b ... c", "no marks", "a ] b … c", "x [Feb. 28] y …", "[a … b] c ...", ""]
        {
            let mut want = Vec::new();
            let mut rest = quote;
            while let Some(open) = rest.find('[') {
                let Some(close) = rest[open..].find(']') else { break };
                want.push(rest[open..open + close + 1].to_string());
                rest = &rest[open + close + 1..];
            }
            let stripped = strip_brackets(quote);
            for m in ["…", "..."] {
                want.extend(stripped.matches(m).map(str::to_string));
            }
            assert_eq!(insertions(quote), want, "{quote:?}");
        }
        assert_eq!(insertions("a ] b … c"), ["…"]);
        // Occurrences that do not overlap, from the left; `…` first.
        assert_eq!(insertions("a .... b ...... …"), ["…", "...", "...", "..."]);
    }
}
