//! The quote lexer: finds quoted spans in an article's paragraphs.
//!
//! Owns: telling quotation marks from apostrophes, pairing marks (with
//! nesting), joining a quotation that runs over several paragraphs, and
//! recovering from marks that never close. Does not own: what a span is or
//! who said it (`attribution`).
//!
//! Input: the article text and its paragraphs (`article::parse`); output:
//! [`RawQuote`]s in text order, plus diagnostics. The grammar is in
//! `grammar/quote.ebnf`; its token rules are the nom parsers [`mark`] and
//! [`text_run`], and the pairing rules are the state machine in [`lex`].
//!
//! Whole paragraphs are lexed, never sentences: sentence breakers split
//! inside quotations. Time is linear in the text and nothing recurses, so
//! 100,000 unmatched marks or quotes nested 1,000 deep cost no more than
//! ordinary text.

use nom::error::{Error, ErrorKind};
use nom::IResult;

use crate::article::{Paragraph, Role};
use crate::lexicon::{quote_marks, Family, MarkDef, MarkRole};
use crate::model::{DiagnosticKind, Span};

/// The grammar rules of `grammar/quote.ebnf` implemented in this module.
pub const RULES: &[&str] = &["paragraph", "text_run", "mark"];

/// A quoted span before attribution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawQuote {
    /// The opening mark.
    pub open: Span,
    /// The words between the marks (across paragraphs for a continued quote).
    pub inner: Span,
    /// The closing mark; `None` when the quote was cut at a paragraph end.
    pub close: Option<Span>,
    /// Index (into the layout's paragraphs) of the paragraph it opens in.
    pub paragraph: usize,
    /// Index of the paragraph it closes (or is cut) in.
    pub last_paragraph: usize,
    /// Index (into the returned quotes) of the quote it is nested in.
    pub parent: Option<usize>,
    /// The family of its marks.
    pub family: Family,
}

/// Something the lexer noticed and recovered from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LexDiagnostic {
    /// What kind.
    pub kind: DiagnosticKind,
    /// Byte offset of the mark concerned.
    pub offset: usize,
    /// One line for a person.
    pub message: String,
}

/// mark = one of the marks in `quote_marks.tsv`, the longest that matches.
///
/// `''` is one mark (the double quote of older newswire archives), not two
/// apostrophes.
pub fn mark(i: &str) -> IResult<&str, &'static MarkDef> {
    for def in quote_marks() {
        if let Some(rest) = i.strip_prefix(def.mark) {
            return Ok((rest, def));
        }
    }
    Err(nom::Err::Error(Error::new(i, ErrorKind::Tag)))
}

/// text_run = { char - mark_start }+ — the prose between marks.
pub fn text_run(i: &str) -> IResult<&str, &str> {
    // A byte scan rather than `take_till1(is_mark_start)`: every byte of
    // every paragraph passes here, and decoding each char cost more than
    // the rest of the lexer.
    match mark_start_offset(i) {
        0 => Err(nom::Err::Error(Error::new(i, ErrorKind::TakeTill1))),
        n => Ok((&i[n..], &i[..n])),
    }
}

/// Lead bytes of the marks outside ASCII: `«` and `»` are `C2 AB` and
/// `C2 BB`; the others are `E2 80 xx`.
const LATIN1_LEAD: u8 = 0xC2;
const PUNCTUATION_LEAD: u8 = 0xE2;
const PUNCTUATION_SECOND: u8 = 0x80;

/// The byte offset of the first char of `i` that [`is_mark_start`], or
/// `i.len()`. A mark starts with `"`, `'`, or one of two lead bytes, and
/// `memchr` finds the candidates many bytes at a time: `memchr3` the next
/// `"`, `'` or [`PUNCTUATION_LEAD`], and, since it takes three bytes, a
/// second search the [`LATIN1_LEAD`] of `«` and `»` before it (each byte
/// is searched once, however many candidates turn out to be no mark).
/// Each candidate is an ASCII char or a lead byte, so the offset is a
/// char boundary.
fn mark_start_offset(i: &str) -> usize {
    let b = i.as_bytes();
    let mut from = 0;
    loop {
        let next = memchr::memchr3(b'"', b'\'', PUNCTUATION_LEAD, &b[from..])
            .map_or(b.len(), |k| from + k);
        let mut at = from;
        while let Some(k) = memchr::memchr(LATIN1_LEAD, &b[at..next]) {
            let lead = at + k;
            if matches!(b.get(lead + 1), Some(0xAB | 0xBB)) {
                return lead;
            }
            at = lead + 1;
        }
        let is_mark = match b.get(next) {
            None => return b.len(),
            Some(b'"' | b'\'') => true,
            // `PUNCTUATION_LEAD`: ‘ ’ ‚ “ ” „ ‹ ›
            Some(_) => {
                b.get(next + 1) == Some(&PUNCTUATION_SECOND)
                    && matches!(b.get(next + 2), Some(0x98..=0x9A | 0x9C..=0x9E | 0xB9 | 0xBA))
            }
        };
        if is_mark {
            return next;
        }
        from = next + 1;
    }
}

fn is_mark_start(c: char) -> bool {
    matches!(c, '"' | '\'' | '«' | '»' | '‹' | '›' | '‘' | '’' | '‚' | '“' | '”' | '„')
}

/// Words that begin with an apostrophe (elisions), so a straight `'` before
/// them opens nothing: `'em`, `'til`, `'90s`.
const ELISIONS: &[&str] = &["cause", "em", "n", "nuff", "round", "til", "tis", "twas"];

#[derive(Debug, Clone, Copy)]
struct Open {
    quote: usize,
    family: Family,
    straight: bool,
}

/// What one mark does here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    Open(Family, bool),
    /// Close the innermost open quote of these families.
    Close(Family),
    /// An apostrophe or a mark that pairs with nothing here.
    Ignore,
    Stray,
}

struct Lexer<'t> {
    text: &'t str,
    quotes: Vec<RawQuote>,
    diagnostics: Vec<LexDiagnostic>,
    stack: Vec<Open>,
    /// How many open quotes of each (family, straight) are on the stack,
    /// so that "is one open?" costs O(1), not a scan of a deep stack.
    open_counts: [usize; 12],
    /// Quotes dropped as noise: unclosed quotes nested in another quote
    /// cut at the same place (only the outermost is kept).
    dropped: Vec<bool>,
}

/// Lexes the body and headline paragraphs of an article.
///
/// `paragraphs` is the whole layout; other roles (captions, furniture,
/// metadata lines) are skipped but keep their indices.
pub fn lex(text: &str, paragraphs: &[Paragraph]) -> (Vec<RawQuote>, Vec<LexDiagnostic>) {
    let mut lx = Lexer {
        text,
        quotes: Vec::new(),
        diagnostics: Vec::new(),
        stack: Vec::new(),
        open_counts: [0; 12],
        dropped: Vec::new(),
    };
    let lexed: Vec<usize> = paragraphs
        .iter()
        .enumerate()
        .filter(|(_, p)| matches!(p.role, Role::Body | Role::Headline))
        .map(|(i, _)| i)
        .collect();
    for (n, &pi) in lexed.iter().enumerate() {
        let span = paragraphs[pi].span;
        let mut from = span.start;
        if !lx.stack.is_empty() {
            // A quote left open by the previous paragraph continues here
            // only if this paragraph opens with a mark of its family.
            // (the previous paragraph checked that this one continues it)
            match lx.continuation(span) {
                Some(after) => from = after,
                None => lx.cut_all(span.start),
            }
            for open in &lx.stack {
                lx.quotes[open.quote].last_paragraph = pi;
            }
        }
        lx.paragraph(pi, Span::new(from, span.end));
        if !lx.stack.is_empty() {
            let next_continues = lexed
                .get(n + 1)
                .is_some_and(|&next| lx.opens_with_continuation(paragraphs[next].span));
            if next_continues && lx.stack_is_continuable() {
                // Nested quotes never continue past a paragraph; the outer one does.
                lx.cut_above(1, span.end);
                lx.quotes[lx.stack[0].quote].inner.end = span.end;
            } else {
                lx.cut_all(span.end);
            }
        }
    }
    lx.cut_all(text.len());
    // Drop quotes with nothing between the marks; renumber parents.
    let keep: Vec<bool> = lx
        .quotes
        .iter()
        .zip(&lx.dropped)
        .map(|(q, &dropped)| !dropped && !q.inner.slice(text).trim().is_empty())
        .collect();
    // A kept quote's parent is its nearest kept ancestor; parents come
    // before their children, so one pass in order finds it.
    let mut parents: Vec<Option<usize>> = Vec::with_capacity(lx.quotes.len());
    for q in &lx.quotes {
        let p = q.parent.and_then(|p| if keep[p] { Some(p) } else { parents[p] });
        parents.push(p);
    }
    let mut new_index = vec![None; lx.quotes.len()];
    let mut out = Vec::with_capacity(lx.quotes.len());
    for (i, mut q) in lx.quotes.into_iter().enumerate() {
        if keep[i] {
            new_index[i] = Some(out.len());
            q.parent = parents[i];
            out.push(q);
        }
    }
    for q in &mut out {
        q.parent = q.parent.and_then(|p| new_index[p]);
        // The words inside the marks: French spacing (« non ») is not text.
        let inner = q.inner.slice(text);
        let lead = inner.len() - inner.trim_start().len();
        q.inner = Span::new(q.inner.start + lead, q.inner.start + inner.trim_end().len());
    }
    (out, lx.diagnostics)
}

impl<'t> Lexer<'t> {
    /// paragraph = { text_run | mark } — one pass, left to right.
    fn paragraph(&mut self, pi: usize, span: Span) {
        let text = self.text;
        let body = span.slice(text);
        // Where the last possible closer of each kind stands, so that "is
        // there a closer later?" costs O(1) and the pass stays linear.
        let last_curly_single = body.rfind('’').map(|o| span.start + o);
        let last_straight_single = body.rfind('\'').map(|o| span.start + o);
        let mut rest = body;
        while !rest.is_empty() {
            if let Ok((r, _)) = text_run(rest) {
                rest = r;
                continue;
            }
            let Ok((r, def)) = mark(rest) else {
                // Not reachable: text_run stops only at a mark start, and
                // every mark start is a mark. Step over one char regardless.
                let step = rest.chars().next().map_or(1, char::len_utf8);
                rest = &rest[step..];
                continue;
            };
            let off = span.start + (body.len() - rest.len());
            let mut len = def.mark.len();
            let prev = text[span.start..off].chars().next_back();
            let next = r.chars().next();
            // `'''` closes a straight single quote and then a double one.
            if def.mark == "''" && next == Some('\'') && self.top_is(Family::Single, true) {
                self.close(Family::Single, Span::new(off, off + 1));
                rest = &rest[1..];
                continue;
            }
            // Markup left in scraped text (`<tweet date="March 9, 2016">`):
            // a straight mark after `=` opens an attribute value, which ends
            // at the next straight mark of the paragraph; one before `>`
            // ends a value begun on the line before. Neither quotes anyone.
            if def.mark == "\"" && prev == Some('=') {
                let value_end = r.find('"').map_or(r.len(), |k| k + 1);
                rest = &r[value_end..];
                continue;
            }
            if def.mark == "\"" && next == Some('>') {
                rest = r;
                continue;
            }
            let later_closer = match def.mark {
                "’" => last_curly_single.is_some_and(|l| l > off),
                "'" => last_straight_single.is_some_and(|l| l > off),
                _ => false,
            };
            let after_next = r.chars().nth(1);
            let action = self.classify(def, prev, next, after_next, r, later_closer);
            match action {
                Action::Open(family, straight) => {
                    let parent = self.stack.last().map(|o| o.quote);
                    self.quotes.push(RawQuote {
                        open: Span::new(off, off + len),
                        inner: Span::new(off + len, off + len),
                        close: None,
                        paragraph: pi,
                        last_paragraph: pi,
                        parent,
                        family,
                    });
                    self.dropped.push(false);
                    self.push(Open { quote: self.quotes.len() - 1, family, straight });
                }
                Action::Close(family) => self.close(family, Span::new(off, off + len)),
                Action::Stray => self.diagnostics.push(LexDiagnostic {
                    kind: DiagnosticKind::StrayClose,
                    offset: off,
                    message: format!("closing mark {} with no opening mark", def.mark),
                }),
                Action::Ignore => len = def.mark.len(),
            }
            rest = &rest[len..];
        }
    }

    fn top_is(&self, family: Family, straight: bool) -> bool {
        self.stack.last().is_some_and(|o| o.family == family && o.straight == straight)
    }

    fn slot(family: Family, straight: bool) -> usize {
        let f = match family {
            Family::Double => 0,
            Family::Single => 1,
            Family::Guillemet => 2,
            Family::SingleGuillemet => 3,
            Family::LowDouble => 4,
            Family::LowSingle => 5,
        };
        f * 2 + usize::from(straight)
    }

    fn push(&mut self, open: Open) {
        self.open_counts[Self::slot(open.family, open.straight)] += 1;
        self.stack.push(open);
    }

    fn pop(&mut self) -> Option<Open> {
        let open = self.stack.pop()?;
        self.open_counts[Self::slot(open.family, open.straight)] -= 1;
        Some(open)
    }

    /// Open quotes of `family`, straight or curly as asked (`None`: both).
    fn open_count(&self, family: Family, straight: Option<bool>) -> usize {
        match straight {
            Some(s) => self.open_counts[Self::slot(family, s)],
            None => {
                self.open_counts[Self::slot(family, false)]
                    + self.open_counts[Self::slot(family, true)]
            }
        }
    }

    /// Decides what a mark does from its neighbours and the open quotes.
    fn classify(
        &self,
        def: &MarkDef,
        prev: Option<char>,
        next: Option<char>,
        after_next: Option<char>,
        rest: &str,
        later_closer: bool,
    ) -> Action {
        let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
        let opens_here = is_opening_context(prev) && !is_closing_context(next);
        let closes_here = !is_opening_context(prev) || is_closing_context(next);
        let double_open =
            self.open_count(Family::Double, None) + self.open_count(Family::LowDouble, None) > 0;
        let single_open =
            self.open_count(Family::Single, None) + self.open_count(Family::LowSingle, None) > 0;
        match (def.family, def.role) {
            (Family::Double, MarkRole::Open) => {
                // “ closes a „ (German style), and closes a “ when writers use
                // the same curly mark at both ends.
                if self.top_is(Family::LowDouble, false)
                    || (self.top_is(Family::Double, false) && closes_here && !opens_here)
                {
                    Action::Close(Family::Double)
                } else {
                    Action::Open(Family::Double, false)
                }
            }
            (Family::Double, MarkRole::Close) => {
                if double_open {
                    Action::Close(Family::Double)
                } else if opens_here {
                    Action::Open(Family::Double, false)
                } else {
                    Action::Stray
                }
            }
            (Family::Double, MarkRole::Either) => {
                if self.open_count(Family::Double, Some(true)) > 0 {
                    Action::Close(Family::Double)
                } else if !opens_here && closes_here {
                    // `“We are going to win so much," Trump said`: writers
                    // mix curly and straight marks; a straight mark in
                    // closing position closes a curly quote.
                    if double_open {
                        Action::Close(Family::Double)
                    } else {
                        Action::Stray
                    }
                } else {
                    Action::Open(Family::Double, true)
                }
            }
            (Family::Single, MarkRole::Open) => {
                if word(prev) || next.is_some_and(|c| c.is_ascii_digit()) {
                    Action::Ignore
                } else {
                    Action::Open(Family::Single, false)
                }
            }
            (Family::Single, MarkRole::Close) | (Family::Single, MarkRole::Either) => {
                let straight = def.role == MarkRole::Either;
                if word(prev) && word(next) {
                    return Action::Ignore; // isn’t, Kim Hyok-chol’s
                }
                let open_of_kind = if straight {
                    self.open_count(Family::Single, Some(true)) > 0
                } else {
                    single_open
                };
                if open_of_kind && !prev.is_some_and(char::is_whitespace) {
                    // `the two sides’ view` inside a single-quoted span: a
                    // plural possessive, when a closer still follows.
                    if is_possessive(prev, next, after_next) && later_closer {
                        Action::Ignore
                    } else {
                        Action::Close(Family::Single)
                    }
                } else if straight
                    && opens_here
                    && later_closer
                    && !next.is_some_and(|c| c.is_ascii_digit())
                    && !starts_with_elision(rest)
                {
                    Action::Open(Family::Single, true)
                } else {
                    Action::Ignore // US’ sincerity, CBS’ Face the Nation, 'em
                }
            }
            (Family::LowDouble, _) => Action::Open(Family::LowDouble, false),
            (Family::LowSingle, _) => {
                if word(prev) {
                    Action::Ignore
                } else {
                    Action::Open(Family::LowSingle, false)
                }
            }
            (family, MarkRole::Open) => Action::Open(family, false),
            (family, _) => {
                if self.open_count(family, None) > 0 {
                    Action::Close(family)
                } else {
                    Action::Stray
                }
            }
        }
    }

    /// Closes the innermost open quote that `family`'s closer can close; the
    /// quotes opened inside it and never closed are cut here.
    fn close(&mut self, family: Family, mark: Span) {
        let closes = |o: &Open| match family {
            Family::Double => matches!(o.family, Family::Double | Family::LowDouble),
            Family::Single => matches!(o.family, Family::Single | Family::LowSingle),
            f => o.family == f,
        };
        let any_open = match family {
            Family::Double => {
                self.open_count(Family::Double, None) + self.open_count(Family::LowDouble, None)
            }
            Family::Single => {
                self.open_count(Family::Single, None) + self.open_count(Family::LowSingle, None)
            }
            f => self.open_count(f, None),
        } > 0;
        // Checked by count first: scanning the stack for a closer that
        // matches nothing would cost its depth for every such mark. When one
        // matches, everything above it is popped, so the scan is paid once.
        let found = if any_open { self.stack.iter().rposition(closes) } else { None };
        let Some(pos) = found else {
            self.diagnostics.push(LexDiagnostic {
                kind: DiagnosticKind::StrayClose,
                offset: mark.start,
                message: format!("closing mark {} with no opening mark", mark.slice(self.text)),
            });
            return;
        };
        self.cut_above(pos + 1, mark.start);
        let open = self.pop().unwrap_or_else(|| unreachable!());
        let q = &mut self.quotes[open.quote];
        q.inner.end = mark.start;
        q.close = Some(mark);
    }

    /// Cuts at `end` every open quote above stack depth `keep`. Of the
    /// quotes cut together, only the outermost stays a quote: the ones
    /// inside it are noise (`“ “ “ …` with no closer would otherwise give
    /// n quotes each running to the paragraph end, n² text in all).
    fn cut_above(&mut self, keep: usize, end: usize) {
        let mut last = None;
        while self.stack.len() > keep {
            let open = self.pop().unwrap_or_else(|| unreachable!());
            if let Some(inner) = last.replace(open.quote) {
                self.dropped[inner] = true;
            }
            self.cut(open, end);
        }
    }

    /// Ends an open quote at `end` (paragraph end or an outer closer).
    fn cut(&mut self, open: Open, end: usize) {
        let q = &mut self.quotes[open.quote];
        let end = end.max(q.inner.start);
        q.inner.end = trim_end_to(self.text, q.inner.start, end);
        self.diagnostics.push(LexDiagnostic {
            kind: DiagnosticKind::UnclosedQuote,
            offset: q.open.start,
            message: format!(
                "quotation mark {} never closes; the quote is cut at byte {}",
                q.open.slice(self.text),
                q.inner.end
            ),
        });
    }

    fn cut_all(&mut self, end: usize) {
        self.cut_above(0, end);
    }

    fn stack_is_continuable(&self) -> bool {
        self.stack.first().is_some_and(|o| {
            matches!(o.family, Family::Double | Family::Guillemet | Family::LowDouble)
        })
    }

    fn opens_with_continuation(&self, para: Span) -> bool {
        let Some(bottom) = self.stack.first() else { return false };
        match mark(para.slice(self.text)) {
            Ok((_, def)) => continues(bottom, def),
            Err(_) => false,
        }
    }

    /// When `para` opens with the mark that continues the open quote,
    /// returns the offset just after that mark.
    fn continuation(&self, para: Span) -> Option<usize> {
        let bottom = self.stack.first()?;
        let (rest, def) = mark(para.slice(self.text)).ok()?;
        continues(bottom, def).then(|| para.end - rest.len())
    }
}

/// True when a paragraph opening with `def` continues a quote of `family`.
/// The reopening mark must be of the same style as the opening one: a
/// straight `"` left open (a pull quote, say) is not continued by a curly
/// “ paragraph, which is its own quote.
fn continues(open: &Open, def: &MarkDef) -> bool {
    let straight = def.role == MarkRole::Either;
    match open.family {
        Family::Double | Family::LowDouble => {
            (def.family == Family::Double
                && def.role != MarkRole::Close
                && straight == open.straight)
                || def.family == Family::LowDouble
        }
        Family::Guillemet => def.family == Family::Guillemet && def.role == MarkRole::Open,
        _ => false,
    }
}

/// Before a mark: start of paragraph, white space, an opening bracket, a
/// dash or another mark.
fn is_opening_context(prev: Option<char>) -> bool {
    match prev {
        None => true,
        Some(c) => c.is_whitespace() || "([{—–-/".contains(c) || is_mark_start(c),
    }
}

/// After a mark: end of paragraph, white space, punctuation or another mark.
fn is_closing_context(next: Option<char>) -> bool {
    match next {
        None => true,
        Some(c) => c.is_whitespace() || ".,;:!?)]}—–-/…".contains(c) || is_mark_start(c),
    }
}

/// `sides’ view`, `Dems' plan`: an s-final word, the mark, a space and a
/// word.
fn is_possessive(prev: Option<char>, next: Option<char>, after_next: Option<char>) -> bool {
    matches!(prev, Some('s' | 'S' | 'z'))
        && next == Some(' ')
        && after_next.is_some_and(char::is_alphanumeric)
}

fn starts_with_elision(rest: &str) -> bool {
    let word: String =
        rest.chars().take_while(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect();
    ELISIONS.contains(&word.as_str())
}

/// Moves `end` back over white space, not before `start`.
fn trim_end_to(text: &str, start: usize, end: usize) -> usize {
    start + text[start..end].trim_end().len()
}

#[cfg(test)]
mod tests;
