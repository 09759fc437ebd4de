//! Attribution: classifies each quoted span (`direct`, `partial`, `title`,
//! `term`) and finds who said it, with cue, role, date, outlet and relay.
//!
//! Owns: the order in which frames are tried and the carrying of a speaker
//! from one quote to the next (split quotes, follow-on paragraphs). Does not
//! own: finding spans (`lexer`) or article metadata (`article`).
//!
//! For each quote, in text order:
//! 1. the frame after the closing mark (`post_attribution`), then the frame
//!    before the opening mark in the same sentence (`pre_attribution`);
//! 2. if neither, a quote that opens a sentence continues the speaker of the
//!    quote before it in the paragraph, or of the previous paragraph when the
//!    paragraph is all quotation (follow-on quotes);
//! 3. the phrase found is resolved against the article's people: `Cho` →
//!    `Cho Sung-ryul`, `he` → the last speaker or person named before.
//!
//! The grammar is in `grammar/attribution.ebnf`.

pub mod date;
pub mod indirect;
pub mod outlet;
pub mod speaker;
pub mod verb;

use std::cell::OnceCell;

use chrono::NaiveDate;

use crate::article::{more_words_than, Layout, Role};
use crate::lexer::RawQuote;
use crate::lexicon::Family;
use crate::model::{QuoteKind, Span};
use speaker::{Entities, SpeakerPhrase, Who};
use verb::{
    first_sentence_end, last_sentence_end, post_attribution, pre_attribution, Frame, Reach,
};

/// Everything attribution found for one quote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Attribution {
    /// What the span is; `None` until classified.
    pub kind: Option<QuoteKind>,
    /// Fullest name, or the description as written.
    pub speaker: Option<String>,
    /// Title or description of the speaker.
    pub role: Option<String>,
    /// Cue verb or phrase.
    pub cue: Option<String>,
    /// Medium.
    pub outlet: Option<String>,
    /// Who relayed the words.
    pub via: Option<String>,
    /// Date of the utterance.
    pub date: Option<NaiveDate>,
}

/// Head nouns of documents: `the statement continued` speaks for the
/// statement's author, `the Choson Sinbo article said` for the paper.
const DOCUMENT_NOUNS: &[&str] = &[
    "analysis",
    "article",
    "column",
    "commentary",
    "editorial",
    "interview",
    "letter",
    "memo",
    "op-ed",
    "post",
    "release",
    "report",
    "statement",
    "study",
    "tweet",
];

/// Words before a quote that make it a title.
const TITLE_CUES: &[&str] = &["titled", "entitled", "headlined", "headline", "subtitled"];

/// Nouns for works: right before a quote in title case (`its politics
/// podcast, “So, That Happened.”`, `the film ''Taken''`) they name it.
const WORK_NOUNS: &[&str] = &[
    "ad",
    "album",
    "book",
    "documentary",
    "episode",
    "essay",
    "film",
    "memoir",
    "movie",
    "novel",
    "play",
    "podcast",
    "poem",
    "series",
    "show",
    "song",
    "video",
];

/// Words before a quote that make it a coined term, not someone's words.
const TERM_CUES: &[&str] =
    &["so-called", "dubbed", "nicknamed", "term", "phrase", "word", "known as", "label"];

/// The people an article names: read from the body, with full names from
/// the headline for surnames the body uses (title-case headlines alone
/// would make people of phrases like `Donald Trump Featured In …`).
pub fn people(text: &str, layout: &Layout) -> Entities {
    let body: Vec<Span> =
        layout.paragraphs.iter().filter(|p| p.role == Role::Body).map(|p| p.span).collect();
    let headline = layout.paragraphs.iter().find(|p| p.role == Role::Headline).map(|p| p.span);
    Entities::collect_with_headline(text, &body, headline)
}

fn published(layout: &Layout) -> Option<NaiveDate> {
    layout.meta.published.as_deref().and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
}

/// Attributes every quote of an article. `quotes` are in text order;
/// `people` is [`people`] of the article.
pub fn attribute(
    text: &str,
    layout: &Layout,
    quotes: &[RawQuote],
    people: &Entities,
) -> Vec<Attribution> {
    let published = published(layout);
    let mut ctx = Context::new(text, layout, quotes, people, published, Vec::new());
    for (qi, q) in quotes.iter().enumerate() {
        let mut a = ctx.attribute_one(qi, q);
        // `the “Medicare for all” document`: a label of up to three words
        // that modifies the noun after it.
        let modifier = speaker::label_len(&text[q.open.start..]).is_some();
        if is_unframed_label(&text[q.inner.start..q.inner.end], &a, modifier) {
            a = a.for_kind(QuoteKind::Term);
        }
        ctx.out.push(a);
    }
    ctx.out
}

/// `the party's ''superdelegates''`, `what it calls “donor modeling”`: a
/// word or two woven into the reporter's sentence that no frame gives to
/// anyone is a label the reporter marks (a term), not someone's words. An
/// exclamation (`shout “Yessss!”`) is still an utterance. A label that
/// modifies the noun after it (`modifier`) may have three words.
fn is_unframed_label(words: &str, a: &Attribution, modifier: bool) -> bool {
    let words = words.trim_end_matches([',', '.', ';', ':']);
    let most = if modifier { 3 } else { 2 };
    a.kind == Some(QuoteKind::Partial)
        && a.speaker.is_none()
        && !more_words_than(words, most)
        && !words.ends_with(['!', '?'])
}

/// Reported speech without quotation marks, found in one article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reported {
    /// The content clause.
    pub span: Span,
    /// Index (into the layout's paragraphs) of its paragraph.
    pub paragraph: usize,
    /// Speaker, cue, role, date and outlet; `kind` is `Indirect`.
    pub attribution: Attribution,
}

/// Finds reported speech (`Vox reports that …`, `…, officials said.`) in the
/// body of an article, outside its quotations. `quotes` and `attrs` are
/// the article's quotes and their attributions, for resolving pronouns.
pub fn reported(
    text: &str,
    layout: &Layout,
    quotes: &[RawQuote],
    attrs: &[Attribution],
    people: &Entities,
) -> Vec<Reported> {
    let published = published(layout);
    let ctx = Context::new(text, layout, quotes, people, published, attrs.to_vec());
    let mut found = Vec::new();
    for (pi, p) in layout.paragraphs.iter().enumerate() {
        if p.role != Role::Body {
            continue;
        }
        let mut start = p.span.start;
        while start < p.span.end {
            let para_rest = &text[start..p.span.end];
            let len = first_sentence_end(para_rest);
            let sentence = &para_rest[..len];
            // A sentence inside a quotation (`“We will win.`) is not
            // searched: every report in it would overlap the quotation.
            let inside = inside_quote(quotes, Span::new(start, start + len));
            if let Some(r) = (!inside).then(|| indirect::reported_speech(sentence)).flatten() {
                let span = Span::new(start + r.content.0, start + r.content.1);
                // A report whose content holds a quotation is left to the
                // quotation (its words are the speaker's own).
                let overlaps = overlaps_quote(quotes, span);
                if !overlaps {
                    let at = start + r.at;
                    let prior = quotes.partition_point(|q| q.open.start < at);
                    let mut a =
                        Attribution { kind: Some(QuoteKind::Indirect), ..Attribution::default() };
                    ctx.resolve(&r.speaker, at, pi, prior, &mut a);
                    // A report without a speaker is dropped: its outlet and
                    // date are not looked for.
                    if a.speaker.is_some() {
                        a.cue = Some(r.cue);
                        a.outlet = outlet::find_outlet(sentence);
                        let mut dates: Vec<NaiveDate> = date::find_dates(&sentence[..r.content.0])
                            .iter()
                            .filter_map(|m| date::resolve(m.expr, published))
                            .collect();
                        dates.dedup();
                        if let [only] = dates.as_slice() {
                            a.date = Some(*only);
                        }
                        found.push(Reported { span, paragraph: pi, attribution: a });
                    }
                }
            }
            start += len.max(1);
            while start < p.span.end && !text.is_char_boundary(start) {
                start += 1;
            }
        }
    }
    found
}

/// True when `span` lies inside a quote (marks included), so that every
/// non-empty span inside it overlaps that quote (see [`overlaps_quote`]).
/// A quote that holds `span` opens at or before its start, so it is the
/// last quote opening there, or one that quote is nested in.
fn inside_quote(quotes: &[RawQuote], span: Span) -> bool {
    let idx = quotes.partition_point(|q| q.open.start <= span.start);
    let mut next = idx.checked_sub(1);
    while let Some(j) = next {
        let q = &quotes[j];
        if span.end <= q.close.map_or(q.inner.end, |c| c.end) {
            return true;
        }
        next = q.parent;
    }
    false
}

/// True when `span` overlaps a quote (marks included). Quotes are sorted
/// and top-level quotes never overlap, so only the last quote opening
/// before the span's end, and the quotes it is nested in, can overlap it.
fn overlaps_quote(quotes: &[RawQuote], span: Span) -> bool {
    let idx = quotes.partition_point(|q| q.open.start < span.end);
    let mut next = idx.checked_sub(1);
    while let Some(j) = next {
        let q = &quotes[j];
        let end = q.close.map_or(q.inner.end, |c| c.end);
        if q.open.start < span.end && span.start < end {
            return true;
        }
        next = q.parent;
    }
    false
}

struct Context<'a> {
    /// Indices of the top-level quotes, in order.
    tops: Vec<usize>,
    /// For each quote, the position in `tops` of its top-level quote.
    top_rank: Vec<usize>,
    text: &'a str,
    layout: &'a Layout,
    quotes: &'a [RawQuote],
    people: &'a Entities,
    published: Option<NaiveDate>,
    out: Vec<Attribution>,
}

/// How far before a quote its frame is looked for, in bytes. A frame is a
/// clause; a bound keeps the work per quote constant, so that a one-line
/// article of megabytes costs time linear in its length.
const WINDOW: usize = 800;

/// How many earlier quotes a pronoun or `the statement` looks back over.
const LOOKBACK: usize = 50;

/// The smallest char boundary of `text` at or after `at`.
fn ceil_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

impl<'a> Context<'a> {
    fn new(
        text: &'a str,
        layout: &'a Layout,
        quotes: &'a [RawQuote],
        people: &'a Entities,
        published: Option<NaiveDate>,
        out: Vec<Attribution>,
    ) -> Context<'a> {
        let mut tops = Vec::new();
        let mut top_rank = Vec::with_capacity(quotes.len());
        for (i, q) in quotes.iter().enumerate() {
            if q.parent.is_none() {
                tops.push(i);
            }
            top_rank.push(tops.len().saturating_sub(1));
        }
        Context { tops, top_rank, text, layout, quotes, people, published, out }
    }

    /// The top-level quote before top-level quote `qi`.
    fn prev_top(&self, qi: usize) -> Option<usize> {
        let rank = self.top_rank[qi];
        let rank = if self.tops.get(rank) == Some(&qi) { rank } else { rank + 1 };
        rank.checked_sub(1).map(|r| self.tops[r])
    }

    /// The top-level quote after quote `qi`.
    fn next_top(&self, qi: usize) -> Option<usize> {
        self.tops.get(self.top_rank[qi] + 1).copied()
    }

    fn attribute_one(&self, qi: usize, q: &RawQuote) -> Attribution {
        let text = self.text;
        // A nested quote belongs to the words of its parent's speaker.
        if let Some(p) = q.parent {
            let parent = &self.out[p];
            let kind = if parent.kind.is_some_and(QuoteKind::is_speech) {
                QuoteKind::Partial
            } else {
                QuoteKind::Term
            };
            return Attribution { kind: Some(kind), ..parent.clone() }.for_kind(kind);
        }
        let para = self.layout.paragraphs[q.paragraph].span;
        let last_para = self.layout.paragraphs[q.last_paragraph].span;
        let close_end = q.close.map_or(q.inner.end, |c| c.end);

        // The text between the previous quote and this one (for quotes
        // that share a sentence), and the sentence before the quote with
        // earlier quotes in it masked, so their words are not read as frame.
        let prev_end = self
            .prev_sibling(qi)
            .filter(|p| p.last_paragraph == q.paragraph)
            .map_or(para.start, |p| p.close.map_or(p.inner.end, |c| c.end));
        let before_all = &text[prev_end.min(q.open.start)..q.open.start];
        let masked = self.masked_before(qi, q);
        let before = match last_sentence_end(&masked) {
            Some(e) => &masked[e..],
            None => &masked[..],
        };
        // A sentence opener (`Now, ''…''`, `But “…`) still lets a quote
        // continue the speaker before it.
        let sentence_starts_here = before.trim().is_empty() || is_opener_only(before);
        // The text after the quote up to the next quote or the sentence end.
        // A label of a word or two in marks inside the frame (`…,” Bill
        // Eastland, wearing “Ted Cruz” campaign pins, said`) does not end it.
        let mut next = self.next_top(qi);
        while let Some(n) = next.filter(|&n| self.is_label_in_sentence(n)) {
            next = self.next_top(n);
        }
        let next_open = next
            .map(|n| &self.quotes[n])
            .filter(|n| n.open.start >= close_end && n.open.start <= last_para.end)
            .map_or(last_para.end, |n| n.open.start);
        let after_end = ceil_boundary(text, next_open.max(close_end).min(close_end + WINDOW));
        let after_all = &text[close_end..after_end];
        let after_raw = &after_all[..first_sentence_end(after_all)];
        let after = repair(after_raw);
        let inner = q.inner.slice(text);

        let frames = Frames::new(before, &after);
        // The quote is all its paragraph holds (`'A really tough decision.'`
        // on a line of its own).
        let alone = q.open.start == para.start
            && text[close_end.min(last_para.end)..last_para.end]
                .trim_matches(|c: char| c.is_whitespace() || matches!(c, '.' | '–' | '—' | '-'))
                .is_empty();
        // A headline's quote is someone's words when the headline names who
        // (`Milbank: …`, `Gingrich Takes …`); `Will the US Present a 'New
        // Negotiation Card'?` only labels.
        let in_headline = self.layout.paragraphs[q.paragraph].role == Role::Headline;
        let standing = if in_headline
            && (before_all.contains(':') || self.headline_person(before_all, false).is_some())
        {
            Standing::Headline
        } else if alone {
            Standing::Alone
        } else {
            Standing::Inline
        };
        let kind = classify(before, inner, &after, sentence_starts_here, q, &frames, standing);
        let mut a = Attribution { kind: Some(kind), ..Attribution::default() };
        if !kind.is_speech() {
            return a;
        }
        // `McCain Challenger Kelli Ward: Impeach AG Lynch, ‘Stop DC …’`: a
        // headline names who it quotes before a colon.
        let headline = standing == Standing::Headline;
        if let Some((prefix, _)) = before_all.split_once(':').filter(|_| headline) {
            if let Some(e) = self.headline_person(prefix, true) {
                a.credit(e);
                return a;
            }
        }
        // `"The reality is, …¶S.C. Rep. Jim Clyburn."`: a quotation set off
        // as a block, signed on its last line.
        // An unclosed quote cut at its paragraph's end may be signed on the
        // next line, where its closing mark stands.
        let next_line = || {
            let next = self.layout.paragraphs.get(q.last_paragraph + 1)?;
            q.close.is_none().then(|| next.span.slice(text))
        };
        let signed = inner
            .trim_end()
            .rsplit_once('\n')
            .map(|(_, last)| last)
            .or_else(next_line)
            .and_then(signature_line);
        if let Some(sp) = signed {
            self.resolve(&sp, q.open.start, q.paragraph, qi, &mut a);
            return a;
        }
        let reach = if kind == QuoteKind::Direct { Reach::Near } else { Reach::Clause };
        // `“… in a political campaign.” Ohio Gov. John Kasich said he would
        // have fired …`, `“… enforcement.” The department also asked for …`,
        // `… a sign that read “15%!” Her father …`:
        // after a full stop inside the marks a new sentence starts, and a
        // cue in it that goes on into a predicate of its own reports other
        // words. Only a frame that is the whole sentence (`“…” Trump said.`)
        // or is set off by a comma still attributes the quote.
        // `''… Victor Pinchuk.'' Mrs. Clinton replied, ''As you know, …''`:
        // such a frame that a comma or colon joins to the next quote's
        // opening mark introduces that quote, not this one.
        let next_opens_after = next_open == close_end + after_raw.len();
        let post_parse = frames.post().clone().filter(|(rest, _)| {
            let new_sentence = inner.trim_end().ends_with(['.', '!', '?'])
                && after.trim_start().starts_with(char::is_uppercase);
            let introduces_next = next_opens_after && matches!(rest.trim(), "," | ":");
            !(new_sentence && (!rest.trim_start().starts_with(['.', ',']) || introduces_next))
        });
        // `…,” he said during a meeting on March 4, 2019, The Associated
        // Press reported.`: a reporting frame later in the same clause
        // names who relayed the words.
        let post_relay = post_parse.as_ref().and_then(|(rest, _)| {
            frames_after_commas(rest)
                .find_map(|(_, f)| f.cue.as_deref().is_some_and(is_report_cue).then_some(f.speaker))
        });
        let post = post_parse.map(|(_, f)| f);
        // `After FOX13's Craig Patrick asked about it, the Graysons became
        // “agitated” …`: a cue inside an opening subordinate clause does
        // not frame a quote in the main clause.
        let pre = match main_clause(before) {
            Some(main) => frames.pre(reach).and_then(|_| pre_attribution(main, reach)),
            None => frames.pre(reach),
        };
        let frame_at = q.open.start;
        // Whether the frame stands before the quote, in `before`.
        let mut frame_before = false;
        let (frame, relay) = match (pre, post) {
            // `Ri said that “…,” Panda reported.` — Ri spoke, Panda relayed.
            (Some(pre), Some(post))
                if post.cue.as_deref().is_some_and(is_report_cue)
                    && !same_who(&pre.speaker, &post.speaker) =>
            {
                frame_before = true;
                (Some(pre), Some(post.speaker))
            }
            // `adding that “… for a long time.” Political analyst David
            // Bositis agreed`: after a full stop inside the marks, the
            // words after the quote start a new sentence; the frame before
            // the quote is its own.
            (Some(pre), Some(_)) if inner.trim_end().ends_with('.') => {
                frame_before = true;
                (Some(pre), None)
            }
            (_, Some(post)) => (Some(post), post_relay),
            (Some(pre), None) => {
                frame_before = true;
                (Some(pre), None)
            }
            // `''They are painful'' but necessary ''for the long-term …,'' he
            // said.`: a quote with no frame shares the frame after the next
            // quote of its sentence; a paragraph that is all quotation
            // takes the frame that ends the paragraph before it with a
            // colon (`Parker Eaton … said that given the crop of
            // candidates on both sides:`).
            (None, None) => match self.next_quote_frame(qi, close_end) {
                Some(f) => (Some(f), None),
                None => (
                    self.colon_paragraph_frame(q)
                        .or_else(|| clause_frame(&after))
                        .or_else(|| clause_frame(before)),
                    None,
                ),
            },
        };
        // A one-word name that the article never capitalizes inside a
        // sentence is a capitalized common word (`Local news affiliate …`),
        // not a speaker.
        let frame = frame.filter(|f| match &f.speaker.who {
            Who::Name { name, title: None } if !name.contains(' ') => {
                self.people.is_known_name(name) || outlet::is_outlet(name)
            }
            _ => true,
        });
        // `the statement continued`, `the Choson Sinbo article said`: the
        // frame names a document already reported on.
        let names_document = frame.as_ref().is_some_and(
            |f| matches!(&f.speaker.who, Who::Description { head, .. } if DOCUMENT_NOUNS.contains(&head.as_str())),
        );
        if let Some(f) = frame {
            let Frame { mut speaker, cue, relay: quoted_relay } = f;
            // `it` and `they` speak for an organization or a document more
            // often than for a person: prefer the sentence's own subject.
            if matches!(&speaker.who, Who::Pronoun(p) if p == "it" || p == "they") {
                if let Some(subject) = verb::sentence_subject(before, &verb::word_starts(before)) {
                    if !matches!(subject.who, Who::Pronoun(_)) {
                        speaker = subject;
                    }
                }
            }
            // `He wrote that Trump “has built …”`: a pronoun before the
            // quote looks back from where it stands, not from the quote, so
            // that names after it are not its antecedent.
            let speaker_at =
                if frame_before { pronoun_at(text, &speaker, q, before_all) } else { frame_at };
            match self.participle_continues(qi, q, before_all, cue.as_deref(), frame_before) {
                Some(prev) => {
                    a.speaker = prev.speaker.clone();
                    a.role = prev.role.clone();
                }
                None => self.resolve(&speaker, speaker_at, q.paragraph, qi, &mut a),
            }
            a.cue = cue;
            for r in [relay, quoted_relay].into_iter().flatten() {
                let name = self.name_of(&r, frame_at, q.paragraph, qi);
                if Some(&name) == a.speaker.as_ref() {
                    continue;
                }
                if outlet::is_outlet(&name) {
                    a.outlet = Some(name.clone());
                }
                if a.via.is_none() {
                    a.via = Some(name);
                }
            }
        } else if let Some(prev) = self.follow_on(qi, q, sentence_starts_here, before_all) {
            a.speaker = prev.speaker.clone();
            a.role = prev.role.clone();
            a.cue = None;
            a.outlet = prev.outlet.clone();
            a.via = prev.via.clone();
            a.date = prev.date;
        } else if let Some(subject) = self.fragment_subject(kind, before, sentence_starts_here) {
            // `Trump blamed the problem of mass shootings on “sickos”`: a
            // fragment with no cue of its own is the words of the person
            // the sentence is about.
            let subject_at = pronoun_at(text, &subject, q, before_all);
            self.resolve(&subject, subject_at, q.paragraph, qi, &mut a);
        } else if let Some((subject, cue)) = self.announced_before(kind, q, &masked, before) {
            // `Lynch announced on Monday the lawsuit. “We are seeking a
            // court order …”`: a quotation with no frame that opens a
            // sentence gives the words of the one the sentence before it
            // says spoke.
            let subject_at = pronoun_at(text, &subject, q, before_all);
            self.resolve(&subject, subject_at, q.paragraph, qi, &mut a);
            a.cue = Some(cue);
        }
        // Outlet and date from the attribution clause itself; else, for a
        // quote that goes on with the same speaker's remarks (`…,” Moon
        // said.` after `…,” he said during a meeting on March 4, 2019, The
        // Associated Press reported.`), from the quote it continues.
        let clause = format!("{before} {after}");
        if a.outlet.is_none() {
            a.outlet = outlet::find_outlet(&clause);
        }
        if a.date.is_none() {
            // One date in the clause is the utterance's; several (`in a
            // Sept. 16 statement by …, a Sept. 20 statement by …`) leave
            // it unknown rather than guessed.
            let mut dates: Vec<NaiveDate> = date::find_dates(&clause)
                .iter()
                .filter_map(|m| date::resolve(m.expr, self.published))
                .collect();
            dates.dedup();
            if let [only] = dates.as_slice() {
                a.date = Some(*only);
            }
        }
        if let Some(prev) = self.same_remarks(qi, q, &a) {
            if a.outlet.is_none() && a.via.is_none() {
                a.outlet = prev.outlet.clone();
                a.via = prev.via.clone();
            }
            // The date carries over only within a paragraph, or to the same
            // document: a later paragraph may report another occasion.
            let prev_para = self.prev_sibling(qi).map(|p| p.last_paragraph);
            if a.date.is_none() && (prev_para == Some(q.paragraph) || names_document) {
                a.date = prev.date;
            }
        }
        if a.speaker.is_none() && headline {
            // `Gingrich Takes Talk Of Being Trump’s Running Mate ‘Very
            // Seriously’`: the person the headline is about.
            if let Some(e) = self.headline_person(before_all, false) {
                a.credit(e);
            }
        }
        if a.speaker.is_none() {
            a.role = None;
            a.via = None;
        }
        a
    }

    /// The paragraph up to the quote's opening mark (at most [`WINDOW`]
    /// bytes of it), the words of earlier quotes replaced by `…`.
    fn masked_before(&self, qi: usize, q: &RawQuote) -> String {
        let para = self.layout.paragraphs[q.paragraph].span;
        let lo = ceil_boundary(self.text, para.start.max(q.open.start.saturating_sub(WINDOW)));
        // Earlier top-level quotes that reach into the window, nearest
        // first; they do not overlap, so the walk stops at the first that
        // ends before the window.
        let mut inside = Vec::new();
        let mut prev = self.prev_top(qi);
        while let Some(i) = prev {
            let p = &self.quotes[i];
            if p.close.map_or(p.inner.end, |c| c.end) <= lo {
                break;
            }
            inside.push(p);
            prev = self.prev_top(i);
        }
        let mut out = String::new();
        let mut pos = lo;
        for p in inside.into_iter().rev() {
            let s = p.inner.start.max(pos);
            out.push_str(&self.text[pos..s]);
            out.push('…');
            pos = p.inner.end.max(pos);
            // `… that “they are going to people.” A Clinton campaign
            // official …`: a sentence that ended inside the marks ends here
            // too, so that the next one starts after the closing mark.
            let close_end = p.close.map_or(p.inner.end, |c| c.end);
            if close_end > pos && self.ends_sentence_inside(p) {
                out.push_str(". ");
                pos = close_end;
            }
        }
        out.push_str(&self.text[pos.min(q.open.start)..q.open.start]);
        repair(&out)
    }

    /// The frame after the next quote, when that quote is in the same
    /// sentence as this one (nothing but prose, no sentence end, between).
    fn next_quote_frame(&self, qi: usize, close_end: usize) -> Option<Frame> {
        let n = &self.quotes[self.next_top(qi)?];
        let between = self.text.get(close_end..n.open.start)?;
        if between.len() > WINDOW || verb::has_sentence_end(between) || between.contains('\n') {
            return None;
        }
        let n_close = n.close.map_or(n.inner.end, |c| c.end);
        let para_end = self.layout.paragraphs[n.last_paragraph].span.end;
        let end = ceil_boundary(self.text, para_end.min(n_close + WINDOW));
        let after_all = &self.text[n_close..end.max(n_close)];
        let after = repair(&after_all[..first_sentence_end(after_all)]);
        post_attribution(&after).ok().map(|(_, f)| f)
    }

    /// For a quote that opens its paragraph: the frame of the previous body
    /// paragraph when that paragraph ends with a colon.
    fn colon_paragraph_frame(&self, q: &RawQuote) -> Option<Frame> {
        let para = self.layout.paragraphs[q.paragraph].span;
        if q.open.start != para.start {
            return None;
        }
        let prev =
            self.layout.paragraphs[..q.paragraph].iter().rev().find(|p| p.role == Role::Body)?;
        let prev_text = prev.span.slice(self.text);
        if !prev_text.trim_end().ends_with(':') {
            return None;
        }
        let start = ceil_boundary(prev_text, prev_text.len().saturating_sub(WINDOW));
        let window = repair(&prev_text[start..]);
        let sentence = match last_sentence_end(window.trim_end()) {
            Some(e) => window[e..].to_string(),
            None => window,
        };
        pre_attribution(&sentence, Reach::Clause)
    }

    /// The subject of the sentence a fragment stands in, when that subject
    /// is a named person or a pronoun for one.
    fn fragment_subject(
        &self,
        kind: QuoteKind,
        before: &str,
        sentence_start: bool,
    ) -> Option<SpeakerPhrase> {
        // `He also said he was best positioned … because he's a negotiator,
        // “like you folks.”`: a whole clause that ends the reporter's
        // sentence, with no frame of its own, is woven in like a fragment.
        if kind != QuoteKind::Partial && (kind != QuoteKind::Direct || sentence_start) {
            return None;
        }
        let usable = |subject: SpeakerPhrase| match &subject.who {
            Who::Name { name, .. } if self.people.resolve_name(name, 0).is_some() => Some(subject),
            // `CREW filed a request for “records sufficient to show …”`:
            // an organization known by its initials.
            Who::Name { name, .. } if speaker::is_acronym(name) => Some(subject),
            Who::Pronoun(p) if p == "he" || p == "she" => Some(subject),
            // `Legal observers doubt the plan to “close” …`: a nameless
            // source as the subject.
            Who::Description { .. } => Some(subject),
            _ => None,
        };
        verb::sentence_subject(before, &verb::word_starts(before))
            .and_then(|subject| {
                usable(subject).or_else(|| {
                    // `Across Asia, policymakers have been startled by …`:
                    // what opened the sentence was a phrase before the
                    // subject, which follows its comma.
                    let (_, rest) = before.split_once(',')?;
                    usable(verb::sentence_subject(rest, &verb::word_starts(rest))?)
                })
            })
            .or_else(|| {
                // `It's become such a presence that Sanders thanked its
                // members “…”`: the person who opens the clause after a
                // `that` of result. After a cue (`promises that Johnson
                // won't “…”`) the clause is what was said, and its subject
                // is no speaker.
                let (head, rest) = before.rsplit_once(" that ")?;
                let word_before = head.rsplit(char::is_whitespace).next().unwrap_or("");
                if crate::lexicon::speech_verbs().contains(word_before) {
                    return None;
                }
                let (_, sp) = speaker::speaker_with_appositive(rest.trim_start()).ok()?;
                match &sp.who {
                    Who::Name { name, .. } if self.people.resolve_name(name, 0).is_some() => {
                        Some(sp)
                    }
                    _ => None,
                }
            })
    }

    /// A person of the article named in `text`, part of a headline: the
    /// last one (`McCain Challenger Kelli Ward`, before a colon) or the
    /// first (`Gingrich Takes Talk Of Being Trump’s Running Mate`). A
    /// headline is set in title case, so no name grammar reads it; the
    /// people table, built from the body, does.
    fn headline_person(&self, text: &str, last: bool) -> Option<&speaker::Entity> {
        let mut found = text
            .split(|c: char| c.is_whitespace() || matches!(c, ':' | ','))
            .map(|w| w.trim_end_matches("’s").trim_end_matches("'s"))
            .filter(|w| w.starts_with(char::is_uppercase))
            .filter_map(|w| self.people.resolve_name(w, usize::MAX));
        if last {
            found.next_back()
        } else {
            found.next()
        }
    }

    /// The subject and cue of the sentence before an unframed quotation
    /// that opens its own sentence (`masked` is the paragraph up to the
    /// quote, `before` its last sentence). A quotation that opens its
    /// paragraph looks at the last sentence of the body paragraph before
    /// (`In a video Thursday, Trump speculated that …¶“Syrians are now
    /// being caught …”`).
    fn announced_before(
        &self,
        kind: QuoteKind,
        q: &RawQuote,
        masked: &str,
        before: &str,
    ) -> Option<(SpeakerPhrase, String)> {
        if kind != QuoteKind::Direct || !before.trim().is_empty() {
            return None;
        }
        let mut prior = &masked[..masked.len() - before.len()];
        if prior.trim().is_empty() {
            let prev = self.layout.paragraphs[..q.paragraph].last()?;
            if prev.role != Role::Body || self.has_quote_in(prev.span) {
                return None;
            }
            let text = prev.span.slice(self.text);
            prior = &text[ceil_boundary(text, text.len().saturating_sub(WINDOW))..];
        }
        let sentence = match last_sentence_end(prior.trim_end()) {
            Some(e) => &prior[e..],
            None => prior,
        };
        // `In an Instagram video Thursday, Trump speculated …`: a phrase
        // may stand before the subject.
        let (subject, cue) = verb::announcing_subject(sentence).or_else(|| {
            let (_, rest) = sentence.split_once(", ")?;
            verb::announcing_subject(rest)
        })?;
        match &subject.who {
            Who::Name { name, .. } if self.people.resolve_name(name, 0).is_none() => None,
            Who::Pronoun(p) if p != "he" && p != "she" => None,
            _ => Some((subject, cue)),
        }
    }

    /// `“…,” said Rep. Bobby Scott at the time, adding that “…”`: a
    /// participle cue after a comma has no subject of its own; it goes on
    /// with the speaker of the quote earlier in the same sentence.
    fn participle_continues(
        &self,
        qi: usize,
        q: &RawQuote,
        between: &str,
        cue: Option<&str>,
        frame_before: bool,
    ) -> Option<&Attribution> {
        let cue = cue.filter(|c| frame_before && c.ends_with("ing"))?;
        let prev_i = self.prev_top(qi)?;
        let prev_q = &self.quotes[prev_i];
        // A quote that ends with its own full stop ends the sentence.
        let prev_ends = prev_q.inner.slice(self.text).trim_end().ends_with(['.', '!', '?']);
        let same_sentence = prev_q.last_paragraph == q.paragraph
            && !prev_ends
            && !verb::has_sentence_end(between)
            && !between.contains('\n');
        let after_comma = between.find(cue).is_some_and(|k| between[..k].trim_end().ends_with(','));
        let prev = &self.out[prev_i];
        (same_sentence && after_comma && prev.speaker.is_some()).then_some(prev)
    }

    /// The previous quote, when it is by the same speaker and in this or the
    /// previous paragraph: the same remarks, reported on.
    fn same_remarks(&self, qi: usize, q: &RawQuote, a: &Attribution) -> Option<&Attribution> {
        let speaker = a.speaker.as_ref()?;
        let prev_i = self.prev_top(qi)?;
        let prev = &self.quotes[prev_i];
        let attr = &self.out[prev_i];
        (attr.speaker.as_ref() == Some(speaker) && prev.last_paragraph + 1 >= q.paragraph)
            .then_some(attr)
    }

    /// Quote `n` is a label of three words at most, in one paragraph,
    /// with no punctuation of its own, that a lowercase word follows: part
    /// of the sentence around it (`wearing “Ted Cruz” campaign pins`).
    fn is_label_in_sentence(&self, n: usize) -> bool {
        let q = &self.quotes[n];
        q.paragraph == q.last_paragraph && speaker::label_len(&self.text[q.open.start..]).is_some()
    }

    /// The sentence ends inside quote `p`'s marks: its words end with a
    /// full stop, `!` or `?`, and a capital follows the closing mark.
    fn ends_sentence_inside(&self, p: &RawQuote) -> bool {
        let close_end = p.close.map_or(p.inner.end, |c| c.end);
        p.inner.slice(self.text).trim_end().ends_with(['.', '!', '?'])
            && self.text[close_end..].trim_start().starts_with(char::is_uppercase)
    }

    /// Whether a quote opens inside `span` (the quotes are in text order).
    fn has_quote_in(&self, span: Span) -> bool {
        let first = self.quotes.partition_point(|x| x.open.start < span.start);
        self.quotes.get(first).is_some_and(|x| x.open.start < span.end)
    }

    /// The previous top-level quote.
    fn prev_sibling(&self, qi: usize) -> Option<&RawQuote> {
        self.prev_top(qi).map(|i| &self.quotes[i])
    }

    /// The speaker a quote with no frame of its own continues: the quote
    /// before it in the paragraph when it opens a sentence, or the last
    /// quote of the previous paragraph when this paragraph opens with it.
    fn follow_on(
        &self,
        qi: usize,
        q: &RawQuote,
        sentence_start: bool,
        between: &str,
    ) -> Option<&Attribution> {
        let prev_i = self.prev_top(qi)?;
        let prev = &self.quotes[prev_i];
        let attr = &self.out[prev_i];
        attr.speaker.as_ref()?;
        let para_start = self.layout.paragraphs[q.paragraph].span.start;
        let same_paragraph = prev.last_paragraph == q.paragraph;
        let between_paras =
            &self.layout.paragraphs[(prev.last_paragraph + 1).min(q.paragraph)..q.paragraph];
        let mut body = between_paras.iter().filter(|p| p.role == Role::Body);
        let (only_body, more_body) = (body.next(), body.next().is_some());
        // `“…”¶Richards also spoke about the case …¶“Roe v. Wade is …”`: a
        // paragraph between, with no quote, whose subject is the speaker
        // still goes on about them.
        let about_speaker = |p: &crate::article::Paragraph| {
            let t = p.span.slice(self.text);
            let t = &t[..ceil_boundary(t, t.len().min(WINDOW))];
            !self.has_quote_in(p.span)
                && verb::sentence_subject(t, &verb::word_starts(t)).is_some_and(|sp| {
                    match &sp.who {
                        Who::Name { name, .. } => {
                            self.people.resolve_name(name, p.span.start).map(|e| &e.name)
                                == attr.speaker.as_ref()
                        }
                        _ => false,
                    }
                })
        };
        let previous_paragraph =
            prev.last_paragraph < q.paragraph && !more_body && only_body.is_none_or(about_speaker);
        let opens_paragraph = q.open.start == para_start;
        // `argued that being American “is an idea” and that “no group
        // owns …”`: a second quote in the same sentence, with no frame of
        // its own, shares the first one's.
        // A sentence that ended inside the earlier quote's marks (`to
        // “breathe, breathe.” That prompted Rubio to call Trump “…”`) is
        // over.
        let same_sentence =
            same_paragraph && !verb::has_sentence_end(between) && !self.ends_sentence_inside(prev);
        if !sentence_start && !same_sentence {
            return None;
        }
        (same_paragraph || (previous_paragraph && opens_paragraph)).then_some(attr)
    }

    fn name_of(&self, sp: &SpeakerPhrase, at: usize, paragraph: usize, qi: usize) -> String {
        let mut a = Attribution::default();
        self.resolve(sp, at, paragraph, qi, &mut a);
        a.speaker.unwrap_or_default()
    }

    /// Fills speaker and role from a speaker phrase standing at byte `at`
    /// in paragraph `paragraph`, with `qi` quotes before it in the article.
    fn resolve(
        &self,
        sp: &SpeakerPhrase,
        at: usize,
        paragraph: usize,
        qi: usize,
        a: &mut Attribution,
    ) {
        match &sp.who {
            Who::Name { name, title } => {
                let entity = self.people.resolve_name(name, at);
                a.speaker = Some(entity.map_or_else(|| name.clone(), |e| e.name.clone()));
                a.role = sp
                    .role
                    .clone()
                    .or_else(|| title.clone().filter(|t| !is_bare_honorific(t)))
                    .or_else(|| entity.and_then(|e| e.role.clone()));
            }
            Who::Pronoun(p) => {
                // A pronoun stands for: the last subject named earlier in
                // its paragraph; else the speaker of the quote before it in
                // this or the previous paragraph; else the last subject
                // named earlier in the article; else the last person named
                // — each of a gender the article does not contradict.
                let g = speaker::pronoun_gender(p);
                let para_start = self.layout.paragraphs[paragraph].span.start;
                if let Some(e) = self.people.last_subject_in(para_start, at, g) {
                    a.credit(e);
                    return;
                }
                // `… said that Bujnowski had seen bruises on Fields's forearm.
                // They "appeared …," he wrote.`: a person of the pronoun's
                // gender named earlier in the paragraph, in any position.
                if let Some(e) = g.and_then(|g| self.people.last_of_gender_in(para_start, at, g)) {
                    a.credit(e);
                    return;
                }
                let recent = self.quotes[..qi]
                    .iter()
                    .zip(&self.out)
                    .rev()
                    .take(LOOKBACK)
                    .take_while(|(p, _)| p.last_paragraph + 1 >= paragraph)
                    .find_map(|(p, attr)| {
                        let s = attr.speaker.as_ref()?;
                        let fits = self.people.by_name(s).is_none_or(|e| e.fits(g));
                        fits.then(|| (p.open.start, s.clone(), attr.role.clone()))
                    });
                // `… as Mr. McDonough suggested at the meeting.¶ Still he
                // rejected …, ''…,'' he said.`: a person named as a subject
                // in the previous paragraph after its last quote is nearer.
                if let Some((qat, s, r)) = recent {
                    let prev_start = paragraph
                        .checked_sub(1)
                        .map_or(para_start, |p| self.layout.paragraphs[p].span.start);
                    match self.people.last_subject_with_offset(prev_start, para_start, g) {
                        Some((sat, e)) if sat > qat => {
                            a.credit(e);
                        }
                        // `“…,” the Republican presidential candidate said
                        // ….¶ “…,” he went on.`: the pronoun names the same
                        // person as the description, and the article's
                        // person most mentioned is the best name for them.
                        _ if self.people.by_name(&s).is_none() && is_definite_description(&s) => {
                            match self.people.most_mentioned_before(at, g) {
                                Some(e) => a.credit(e),
                                None => {
                                    a.speaker = Some(s);
                                    a.role = r;
                                }
                            }
                        }
                        _ => {
                            a.speaker = Some(s);
                            a.role = r;
                        }
                    }
                    return;
                }
                // `… state Representative Karlee Macer … wants to hear. Her
                // district …¶ “…,” she said.`: with no quote near, a person
                // the article shows with the pronoun's gender, named in the
                // previous paragraph, is likelier than a subject before that
                // paragraph whose gender the article never shows.
                let prev_start = paragraph
                    .checked_sub(1)
                    .map_or(para_start, |p| self.layout.paragraphs[p].span.start);
                let subject = self.people.last_subject_with_offset(0, at, g);
                let unsure =
                    subject.is_none_or(|(sat, e)| sat < prev_start && e.gender().is_none());
                let subject = subject.map(|(_, e)| e);
                let in_previous = g
                    .filter(|_| unsure)
                    .and_then(|g| self.people.last_of_gender_in(prev_start, at, g));
                if let Some(e) = in_previous.or(subject).or_else(|| self.people.last_before(at, g))
                {
                    a.credit(e);
                }
            }
            Who::Description { text, head } => {
                if DOCUMENT_NOUNS.contains(&head.as_str()) {
                    // `Hoff’s letter` → its author, a person of the article.
                    if let Some(owner) = possessive_owner(text) {
                        match self.people.resolve_name(owner, at) {
                            Some(e) => a.credit(e),
                            None => a.speaker = Some(owner.to_string()),
                        }
                        return;
                    }
                    // `the Choson Sinbo article` → the paper; `the statement`
                    // → whoever made the statement quoted before.
                    if let Some(name) = capitalized_inside(text) {
                        a.speaker = Some(name);
                        return;
                    }
                    // `a study by economists at Duke University`: an
                    // indefinite document is a new one, not the last
                    // speaker's.
                    let indefinite = text.split_whitespace().next().is_some_and(|w| {
                        matches!(w.to_lowercase().as_str(), "a" | "an" | "one" | "another")
                    });
                    if let Some(prev) = self.out[..qi]
                        .iter()
                        .rev()
                        .take(LOOKBACK)
                        .find(|p| p.speaker.is_some())
                        .filter(|_| !indefinite)
                    {
                        a.speaker = prev.speaker.clone();
                        a.role = prev.role.clone();
                        return;
                    }
                }
                a.speaker = Some(text.clone());
            }
        }
    }
}

impl Attribution {
    /// The words are `e`'s, in the role the article gives `e`.
    fn credit(&mut self, e: &speaker::Entity) {
        self.speaker = Some(e.name.clone());
        self.role = e.role.clone();
    }

    fn for_kind(mut self, kind: QuoteKind) -> Attribution {
        if !kind.is_speech() {
            self = Attribution { kind: Some(kind), ..Attribution::default() };
        }
        self
    }
}

/// A signature: a line that is nothing but a titled full name (`Former
/// NAACP president Ben Jealous.`), as under a quotation set off as a block.
fn signature_line(line: &str) -> Option<SpeakerPhrase> {
    let line = line.trim().trim_end_matches(['"', '”']).trim_end_matches('.').trim_end();
    let (rest, who) = speaker::name_phrase(line).ok()?;
    match &who {
        Who::Name { name, .. } if rest.trim().is_empty() && name.contains(' ') => {
            Some(SpeakerPhrase { who, role: None })
        }
        _ => None,
    }
}

/// `… into the “Super Tuesday” primary on March 1, Jones said.`, `Any
/// “cleareyed” interpretation, said Michael Kofman, an expert …, would
/// read …`: a frame set off by a comma elsewhere in the quote's sentence,
/// ending it or closed by another comma. Only verbs of the lexicon count
/// here, far from the quote.
fn clause_frame(sentence: &str) -> Option<Frame> {
    frames_after_commas(sentence).find_map(|(rest, frame)| {
        let cue = frame.cue.as_deref()?;
        let known = cue == "according to" || crate::lexicon::speech_verbs().contains(cue);
        let closed = rest.trim_start().starts_with(',') || !more_words_than(rest, 6);
        (known && closed).then_some(frame)
    })
}

/// The frames that start at a comma of `s`, in order, with the text after
/// each.
fn frames_after_commas(s: &str) -> impl Iterator<Item = (&str, Frame)> + '_ {
    s.match_indices(',').filter_map(move |(k, _)| post_attribution(&s[k..]).ok())
}

/// Where a speaker phrase found in `before` (the text from the previous
/// quote or the paragraph start up to quote `q`) stands: for a pronoun,
/// its own offset; otherwise, and when it cannot be found, the quote's.
fn pronoun_at(text: &str, sp: &SpeakerPhrase, q: &RawQuote, before: &str) -> usize {
    match &sp.who {
        Who::Pronoun(p) => {
            let lo = q.open.start - before.len();
            word_in_sentence(text, lo, q.open.start, p).unwrap_or(q.open.start)
        }
        _ => q.open.start,
    }
}

/// The offset of the first whole-word `word` (any case) in the last
/// sentence of `text[lo..hi]`.
fn word_in_sentence(text: &str, lo: usize, hi: usize, word: &str) -> Option<usize> {
    let span = text.get(lo..hi)?;
    let start = last_sentence_end(span).unwrap_or(0);
    let sentence = &span[start..];
    let is_word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    sentence.char_indices().find_map(|(i, _)| {
        let rest = &sentence[i..];
        let hit = rest.get(..word.len()).is_some_and(|w| w.eq_ignore_ascii_case(word))
            && !is_word(sentence[..i].chars().next_back())
            && !is_word(rest[word.len()..].chars().next());
        hit.then_some(lo + start + i)
    })
}

fn same_who(a: &SpeakerPhrase, b: &SpeakerPhrase) -> bool {
    a.who == b.who
}

/// `the Republican presidential candidate`: a person described, not named.
fn is_definite_description(s: &str) -> bool {
    let mut words = s.split_whitespace();
    let first = words.next().unwrap_or("");
    (first == "the" || first == "The")
        && words
            .last()
            .is_some_and(|w| w.chars().all(|c| c.is_lowercase()) && !DOCUMENT_NOUNS.contains(&w))
}

fn is_report_cue(cue: &str) -> bool {
    matches!(cue, "reported" | "reports" | "wrote" | "writes" | "according to")
}

/// `Mr.` or `Sen.` alone is a form of address, not a role.
fn is_bare_honorific(t: &str) -> bool {
    matches!(t.to_lowercase().as_str(), "mr." | "mrs." | "ms." | "miss" | "dr.")
}

/// The capitalized words inside a description (`the Choson Sinbo article`
/// → `Choson Sinbo`), when there are any.
/// The capitalized name that owns a description (`Hoff’s letter`, `Rachel
/// Hoff's new letter` → `Hoff`, `Rachel Hoff`).
fn possessive_owner(text: &str) -> Option<&str> {
    let (owner, _) = text.split_once("’s ").or_else(|| text.split_once("'s "))?;
    let capitalized = owner.split_whitespace().all(|w| w.starts_with(char::is_uppercase));
    (capitalized && !owner.is_empty() && !more_words_than(owner, 4)).then_some(owner)
}

fn capitalized_inside(text: &str) -> Option<String> {
    let words: Vec<&str> = text
        .split_whitespace()
        .skip(1)
        .take_while(|w| w.chars().next().is_some_and(char::is_uppercase))
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// Repairs scraping damage in an attribution window before it is parsed:
/// a `?` glued between words stands for a dash, and a cue verb glued to the
/// name after it (`summedGerald Seib`) is split. The quote text itself is
/// never altered.
fn repair(s: &str) -> String {
    if !needs_repair(s) {
        return s.to_string();
    }
    repair_chars(s)
}

/// False only when [`repair_chars`] would give `s` back unchanged: text
/// with no `?`, no white space but the plain space, and no small letter
/// right before a capital (nothing else is ever rewritten). Most windows
/// are such text (curly quotes and all), and one pass that only looks at
/// each character is all they cost.
fn needs_repair(s: &str) -> bool {
    let bytes = s.as_bytes();
    let mut prev_lower = false;
    let mut k = 0;
    while let Some(&b) = bytes.get(k) {
        // An ASCII byte is tested as it is; only a character outside ASCII
        // is decoded. (`char::is_whitespace` on ASCII is the space, tab and
        // 0x0A to 0x0D.)
        if b.is_ascii() {
            if b == b'?' || (b'\t'..=b'\r').contains(&b) || (prev_lower && b.is_ascii_uppercase()) {
                return true;
            }
            prev_lower = b.is_ascii_lowercase();
            k += 1;
            continue;
        }
        let c = s[k..].chars().next().expect("a character starts here");
        if c.is_whitespace() || (prev_lower && c.is_uppercase()) {
            return true;
        }
        prev_lower = c.is_lowercase();
        k += c.len_utf8();
    }
    false
}

/// [`repair`], character by character.
fn repair_chars(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut word_start = 0;
    // The character before `c` in `s` (not in `out`), and the one after.
    let mut prev: Option<char> = None;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        let before = prev.replace(c);
        if c == '?'
            && before.is_some_and(char::is_alphabetic)
            && chars.peek().is_some_and(|n| n.is_alphabetic())
        {
            out.push_str(" — ");
            word_start = out.len();
            continue;
        }
        if c.is_uppercase() && before.is_some_and(char::is_lowercase) {
            let left = &out[word_start..];
            if crate::lexicon::speech_verbs().contains(left)
                || crate::lexicon::function_words().contains(left)
            {
                out.push(' ');
            }
        }
        // Any white space (a no-break space, say) reads as a space.
        let c = if c.is_whitespace() { ' ' } else { c };
        if !c.is_alphanumeric() {
            word_start = out.len() + c.len_utf8();
        }
        out.push(c);
    }
    out
}

/// True when `before` is only a sentence opener and punctuation (`Now, `,
/// `But `, `And so, `).
fn is_opener_only(before: &str) -> bool {
    let words: Vec<&str> =
        before.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    !words.is_empty()
        && words.len() <= 2
        && words.iter().all(|w| {
            matches!(
                w.to_lowercase().as_str(),
                "now"
                    | "but"
                    | "and"
                    | "so"
                    | "still"
                    | "yet"
                    | "then"
                    | "later"
                    | "also"
                    | "instead"
            )
        })
}

/// The main clause of a sentence that opens with a subordinate clause
/// (`After Patrick asked about it, the Graysons became …`): what follows
/// the first comma. `As Trump said, …` is a frame itself, so `as` does not
/// count.
fn main_clause(sentence: &str) -> Option<&str> {
    let first = sentence.split_whitespace().next()?;
    let (_, main) = sentence.split_once(',').filter(|_| verb::is_subordinator(first))?;
    Some(main)
}

/// Every word capitalized but the small words of titles (`Tales From the
/// Crypt`, `24`), and no exclamation or question (`Lock Her Up!`).
fn is_title_case(text: &str) -> bool {
    const SMALL: &[&str] =
        &["a", "an", "and", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to", "with"];
    let text = text.trim_end_matches([',', '.', ';', ':']);
    if text.is_empty() || text.ends_with(['!', '?']) {
        return false;
    }
    let mut capitals = 0;
    for w in text.split_whitespace() {
        let Some(c) = w.chars().find(|c| c.is_alphanumeric()) else { return false };
        if c.is_uppercase() {
            capitals += 1;
        } else if c.is_lowercase() && !SMALL.contains(&w) {
            return false;
        }
    }
    capitals > 0 || text.chars().all(|c| c.is_ascii_digit() || c == '-')
}

/// The frames before and after one quote, each parsed at most once:
/// `classify` and the attribution after it ask for the same ones.
struct Frames<'a> {
    before: &'a str,
    after: &'a str,
    post: OnceCell<Option<(&'a str, Frame)>>,
    pre_clause: OnceCell<Option<Frame>>,
}

impl<'a> Frames<'a> {
    fn new(before: &'a str, after: &'a str) -> Frames<'a> {
        Frames { before, after, post: OnceCell::new(), pre_clause: OnceCell::new() }
    }

    /// `post_attribution(after).ok()`.
    fn post(&self) -> &Option<(&'a str, Frame)> {
        self.post.get_or_init(|| post_attribution(self.after).ok())
    }

    /// `pre_attribution(before, reach)`.
    fn pre(&self, reach: Reach) -> Option<Frame> {
        match reach {
            Reach::Clause => {
                self.pre_clause.get_or_init(|| pre_attribution(self.before, reach)).clone()
            }
            Reach::Near => pre_attribution(self.before, reach),
        }
    }
}

/// Decides what a quoted span is from its words and its frame (`frames`,
/// of `before` and `after`).
fn classify(
    before: &str,
    inner: &str,
    after: &str,
    sentence_start: bool,
    q: &RawQuote,
    frames: &Frames,
    standing: Standing,
) -> QuoteKind {
    // `'A really tough decision.'` as a paragraph of its own: a subheading
    // in single marks that repeats words quoted elsewhere, not an utterance
    // at this place (top-level quotes in single marks are rare in running
    // English prose).
    // The same for a paragraph that is nothing but a quote in capitals
    // (`“EVENTUALLY VOTERS MAKE GOOD DECISIONS”`): a subheading.
    let capitals = inner.chars().any(char::is_uppercase) && !inner.chars().any(char::is_lowercase);
    if standing == Standing::Alone
        && (matches!(q.family, Family::Single) || capitals)
        && !more_words_than(inner, 8)
    {
        return QuoteKind::Term;
    }
    let before_l = before.trim_end().to_lowercase();
    let last_word = before_l.rsplit(|c: char| c.is_whitespace()).next().unwrap_or("");
    let last_word = last_word.trim_matches(|c: char| !c.is_alphanumeric());
    if TITLE_CUES.contains(&last_word) {
        return QuoteKind::Title;
    }
    if WORK_NOUNS.contains(&last_word) && is_title_case(inner.trim_end()) {
        return QuoteKind::Title;
    }
    if TERM_CUES.iter().any(|t| before_l.ends_with(t)) {
        return QuoteKind::Term;
    }
    let words = inner.split_whitespace().count();
    let inner_t = inner.trim_end();
    let clause_end = inner_t.ends_with(['.', '!', '?', ',', '…', ':', ';'])
        || inner_t.ends_with(".'")
        || inner_t.ends_with(".’");
    let starts_upper = inner.chars().find(|c| c.is_alphanumeric()).is_some_and(char::is_uppercase);
    let framed_before = before.trim_end().ends_with([',', ':']) || before.trim().is_empty();
    let after_t = after.trim_start();
    let framed_after = after_t.starts_with(',') || frames.post().is_some();
    if (sentence_start || framed_before) && (starts_upper || clause_end) && words >= 3 {
        return QuoteKind::Direct;
    }
    if sentence_start && framed_after && words >= 2 {
        return QuoteKind::Direct;
    }
    // Short single-quoted labels in running text with no speech frame are
    // coined terms (‘Hanoi No Deal’); fragments in double quotes are
    // someone's words woven into the sentence.
    // `fans of ''Prison Break,'' Mr. Madden said`, `''MTV Unplugged,''
    // whose …`: a few words in title case inside a sentence name a work.
    // (In single marks they are a coined label, below: ‘Hanoi No Deal’.)
    // A headline is set in title case and quotes in single marks (`Elizabeth
    // Warren: Donald Trump Is a ‘Proven Failure’ in Business`): neither
    // tells a label from someone's words there.
    if standing == Standing::Headline {
        return QuoteKind::Partial;
    }
    let single = matches!(q.family, Family::Single);
    if !single && !sentence_start && !framed_before && words <= 6 && is_title_case(inner_t) {
        return QuoteKind::Title;
    }
    let has_cue = frames.pre(Reach::Clause).is_some() || frames.post().is_some();
    if single && words <= 6 && !has_cue {
        return QuoteKind::Term;
    }
    QuoteKind::Partial
}

/// Where a quote stands, for [`classify`].
#[derive(Clone, Copy, PartialEq, Eq)]
enum Standing {
    /// Inside a body paragraph with other text.
    Inline,
    /// All its body paragraph holds.
    Alone,
    /// In the headline.
    Headline,
}

#[cfg(test)]
mod tests;
