//! Cross-referencing: which statements are reported more than once, which
//! are worded differently from one report to the next, and which are given
//! to different people, dates or media.
//!
//! Owns: [`audit`], the [`Finding`] types and the similarity thresholds.
//! Does not own: folding text and names (that is [`crate::normalize`]),
//! extracting quotes, reading files or printing. Input: [`Quote`] records
//! from any number of articles plus their [`ArticleMeta`]; output: findings
//! sorted most serious first, each with the quotes involved, the rule that
//! fired, a score and a content-derived id.
//!
//! # How it works
//!
//! 1. Each speech quote (direct, partial, indirect) gets a claim key
//!    ([`normalize::claim_key`]); quotes with equal keys form one *class*.
//!    Speakers are resolved into entities ([`SpeakerIndex`]).
//! 2. Candidate pairs of classes come from an inverted index over word
//!    pairs ([`SHINGLE_WORDS`]-word shingles of [`normalize::match_form`]
//!    words); a shingle found in more than [`MAX_SHINGLE_CLASSES`] classes
//!    is boilerplate and skipped. So the audit never compares every quote
//!    with every other: its cost grows with the number of quotes times
//!    [`MAX_SHINGLE_CLASSES`].
//! 3. Each candidate pair is aligned word by word (`similar`, Myers, over
//!    word ids) and classified: *elided* or *contained* (one lies inside
//!    the other, gaps allowed), *near identical*, *reworded*, or *partly
//!    reworded*. Two bounds drop first the pairs no alignment could relate:
//!    the words they share as a bag, then the length of a longest common
//!    subsequence (bit-parallel, far cheaper than the diff). Pairs are
//!    classified on every core.
//! 4. Findings: `duplicate` within a class; `fragment` and `variant` between
//!    classes of one speaker; `speaker_conflict`, `date_conflict` and
//!    `outlet_conflict` over *statements* (classes joined by strong
//!    relations); `role_conflict` over entities; `source_descriptions` over
//!    the sources (via, outlet) an article names.
//!
//! Nothing depends on input order or on the number of threads: quotes are
//! sorted first, every map whose order shows in the output is a `BTreeMap`,
//! and parallel results are collected in order.

use std::collections::{BTreeMap, BTreeSet};
use std::hash::Hasher;

use fnv::FnvHashMap;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use similar::{Algorithm, ChangeTag, DiffOp, TextDiff};

use crate::model::{ArticleMeta, Quote, QuoteKind};
use crate::normalize::{
    self, ClaimToken, Entity, EntityKind, EntityRef, FitKey, MentionRef, NameReadings, Resolved,
    RoleRef, RoleUse,
};

/// Words per shingle in the candidate index. Two, not three: the seed pair
/// `do not harbor foolish dreams` / `the US should not harbor the foolish
/// dream of …` shares no three-word shingle but two word pairs (`not
/// harbor`, `foolish dream`), and a two-word partial (`small deal`) has no
/// three-word shingle at all.
pub const SHINGLE_WORDS: usize = 2;

/// A shingle found in more classes than this is skipped as boilerplate
/// (`of the`, `going to`). It bounds the candidate pairs per shingle, so the
/// audit stays near-linear. Measured on the PolNeAR sample beside the
/// project (1,125 direct and partial gold quotes, 1,113 distinct keys): the
/// commonest word pairs occur in 71–78 keys (`going to`, `in the`, `of
/// the`), the next in 51; a cap of 64 drops those three, cuts candidate
/// pairs from 23,681 to 17,022, and loses none of the 57 pairs that
/// scored as related without it.
pub const MAX_SHINGLE_CLASSES: usize = 64;

/// Word-alignment ratio (`2·matches / (words_a + words_b)`, gaps allowed)
/// from which two quotes are the *same statement* for conflict checks
/// (`speaker_conflict`, `date_conflict`, `outlet_conflict`). One changed
/// word in a seven-word quote gives 12/14 = 0.857 and in the ten-word Choe
/// Son-hui statement 0.9, so a one-word misquote of seven words or more is
/// still the same statement; two changed words in ten (0.8) are not. On the
/// PolNeAR sample the one pair above 0.85 that is not a word-for-word
/// fragment was one statement (Trump's shutdown statement with one word
/// more, 0.86); the next below scored 0.77.
pub const SAME_STATEMENT_MIN_RATIO: f64 = 0.85;

/// Ratio from which two quotes are a `variant` of each other. One changed
/// word in a four-word quote gives 0.75. On the PolNeAR sample the three
/// pairs at or above 0.75 that are not word-for-word fragments were each
/// one statement (0.86 above; `we are going to build a wall` / `we're
/// going to build a wall`, 0.77; `i'm not quite there yet` / `not there
/// yet`, 0.75); the five from 0.6 to 0.71 were all different statements
/// (`that would be hillary clinton` / `that would be you`, 0.67; two
/// officials' `committed to an open … process`, 0.71).
pub const VARIANT_MIN_RATIO: f64 = 0.75;

/// Share of the shorter quote's words that must align with the longer one
/// for a partly reworded fragment (`variant.partial`). The seed pair `do
/// not harbor foolish dreams` / `… should not harbor the foolish dream of
/// …` aligns 4 of 5 words (0.8; `dreams` ~ `dream`). On the PolNeAR sample,
/// 0.75 let through `100 percent committed to an open and transparent
/// process` against another official's `committed to an open inclusive and
/// representative process`.
pub const PARTIAL_MIN_CONTAINMENT: f64 = 0.8;

/// Content words (not [`normalize::FUNCTION_WORDS`]) a partly reworded
/// fragment must share with the longer quote. The PolNeAR pairs that
/// reached [`PARTIAL_MIN_CONTAINMENT`] by function words alone (`is that
/// all there is`, `that's not even an issue` / `it's not an issue`) share
/// at most one; the Kim Yo-jong pair shares three (`harbor foolish dream`).
pub const PARTIAL_MIN_CONTENT_WORDS: usize = 2;

/// Shortest quote (in words) that may be a partly reworded fragment: with
/// three words, 3 × 0.8 rounds to two, which common words supply.
pub const PARTIAL_MIN_WORDS: usize = 4;

/// The aligned words of a partly reworded fragment must lie within this
/// many times its length in the longer quote; scattered matches are chance
/// (`the … of … that`). The seed pair spans 5 words for 5 (1.0).
pub const PARTIAL_MAX_SPREAD: f64 = 2.0;

/// A word-for-word fragment joins a statement for conflict checks only when
/// it is at least this share of the longer quote. A short phrase inside a
/// long quote is usually one speaker echoing another: on the PolNeAR sample
/// with its indirect claims included, the differently attributed fragments
/// below it (`a ban on Muslims
/// entering the United States` inside a paraphrase of Jewish leaders, 0.24;
/// `the former secretary of state`, 0.39) were echoes, while the one above
/// (Bill and Hillary Clinton given one sentence about ISIS, 0.78) was a
/// genuine disagreement of the reports.
pub const CONFLICT_MIN_CONTAINED: f64 = 0.5;

/// Shortest quote (in words) that counts as a statement in conflict checks.
/// Short phrases recur with different speakers as a matter of course: on
/// the PolNeAR sample the claim keys shared by different speakers were
/// `weak`, `moaning` (one word), `no daylight` (two), `isis best
/// recruiter` (three; said by both Clintons); from four words up, the two
/// shared keys (five and thirty-one words) were each one statement that the
/// gold gives two speakers.
pub const MIN_CONFLICT_WORDS: usize = 4;

/// How serious a finding is; ordered `Info < Duplicate < Variant <
/// Conflict`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Worth knowing; no error implied.
    Info,
    /// The same words reported more than once.
    Duplicate,
    /// The same statement worded differently.
    Variant,
    /// Reports disagree (speaker, date, medium or title).
    Conflict,
}

impl Severity {
    /// The name used in every output format.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Duplicate => "duplicate",
            Severity::Variant => "variant",
            Severity::Conflict => "conflict",
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The kinds of finding (the `type` key of a [`Finding`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingType {
    /// The same words from the same speaker in several places.
    Duplicate,
    /// The same statement worded differently.
    Variant,
    /// A quote that lies inside a longer quote of the same speaker.
    Fragment,
    /// The same or nearly the same words given to different speakers.
    SpeakerConflict,
    /// The same statement given different dates.
    DateConflict,
    /// The same statement given different media.
    OutletConflict,
    /// One person described with different titles.
    RoleConflict,
    /// One reported source (report, statement, article) described several
    /// ways.
    SourceDescriptions,
}

impl FindingType {
    /// The name used in every output format.
    pub fn as_str(self) -> &'static str {
        match self {
            FindingType::Duplicate => "duplicate",
            FindingType::Variant => "variant",
            FindingType::Fragment => "fragment",
            FindingType::SpeakerConflict => "speaker_conflict",
            FindingType::DateConflict => "date_conflict",
            FindingType::OutletConflict => "outlet_conflict",
            FindingType::RoleConflict => "role_conflict",
            FindingType::SourceDescriptions => "source_descriptions",
        }
    }
}

impl std::fmt::Display for FindingType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One quote as a finding cites it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct QuoteRef {
    /// Article id.
    pub article: String,
    /// Index of the quote in its article.
    pub index: usize,
    /// Byte offset of the quoted text in the article.
    pub start: usize,
    /// Byte offset one past its end.
    pub end: usize,
    /// What the quote is.
    pub kind: QuoteKind,
    /// The speaker as the article names it.
    pub speaker: Option<String>,
    /// The resolved speaker entity's id (see [`entities`]).
    pub entity: Option<String>,
    /// The speaker's role as the article gives it.
    pub role: Option<String>,
    /// Date of the statement.
    pub date: Option<String>,
    /// Medium the words were published or said in.
    pub outlet: Option<String>,
    /// Who relayed the words.
    pub via: Option<String>,
    /// Publication date of the article.
    pub published: Option<String>,
    /// The quoted words, exactly as in the article.
    pub text: String,
}

/// What a diff chunk does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DiffOpKind {
    /// Words in both.
    Equal,
    /// Words only in the first quote.
    Delete,
    /// Words only in the second quote.
    Insert,
}

/// A run of words of a word-level diff between two claim keys.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiffChunk {
    /// Kept, dropped or added.
    pub op: DiffOpKind,
    /// The words (folded, as in the claim key).
    pub text: String,
}

/// How a source is referred to by one quote.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct SourceUse {
    /// Article id.
    pub article: String,
    /// Index of the quote.
    pub index: usize,
    /// `speaker`, `via`, `outlet` or `mentioned` (named in the words).
    pub how: String,
    /// The source as written there.
    pub written: String,
}

/// The type-specific part of a [`Finding`]; its `type` key names the type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Detail {
    /// The same words from one speaker in several places.
    Duplicate {
        /// The speaker's display name (empty when unattributed).
        speaker: String,
    },
    /// The same statement worded differently.
    Variant {
        /// The speakers of the quotes involved.
        speakers: Vec<String>,
        /// Word-level diff from the earlier-cited quote to the other.
        diff: Vec<DiffChunk>,
    },
    /// A quote inside a longer one of the same speaker.
    Fragment {
        /// The speaker's display name.
        speaker: String,
        /// Word-level diff from the earlier-cited quote to the other.
        diff: Vec<DiffChunk>,
    },
    /// The same statement given to different speakers.
    SpeakerConflict {
        /// The speakers, by display name.
        speakers: Vec<String>,
        /// Word-level diff between two differently attributed forms
        /// (empty when the words are the same).
        diff: Vec<DiffChunk>,
    },
    /// The same statement given different dates.
    DateConflict {
        /// The dates, sorted.
        dates: Vec<String>,
    },
    /// The same statement given different media.
    OutletConflict {
        /// The media, sorted.
        outlets: Vec<String>,
    },
    /// One person described with different titles.
    RoleConflict {
        /// The person's display name.
        speaker: String,
        /// Every role use, sorted by date.
        roles: Vec<RoleUse>,
    },
    /// One source described several ways.
    SourceDescriptions {
        /// The source's display form.
        source: String,
        /// Every reference to it.
        descriptions: Vec<SourceUse>,
    },
}

impl Detail {
    /// The finding type this detail belongs to.
    pub fn finding_type(&self) -> FindingType {
        match self {
            Detail::Duplicate { .. } => FindingType::Duplicate,
            Detail::Variant { .. } => FindingType::Variant,
            Detail::Fragment { .. } => FindingType::Fragment,
            Detail::SpeakerConflict { .. } => FindingType::SpeakerConflict,
            Detail::DateConflict { .. } => FindingType::DateConflict,
            Detail::OutletConflict { .. } => FindingType::OutletConflict,
            Detail::RoleConflict { .. } => FindingType::RoleConflict,
            Detail::SourceDescriptions { .. } => FindingType::SourceDescriptions,
        }
    }
}

/// One result of the audit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// Type and type-specific evidence (serialized as `type` plus fields).
    #[serde(flatten)]
    pub detail: Detail,
    /// Content-derived id: 16 hex digits of FNV-1a over the type, rule and
    /// the quotes' articles and offsets. Stable across runs and input order.
    pub id: String,
    /// How serious.
    pub severity: Severity,
    /// The rule that fired, `<type>.<case>` (`variant.partial`).
    pub rule: String,
    /// The rule's score in `0..=1` (alignment ratio or containment).
    pub score: f64,
    /// One sentence for a person: why the rule fired.
    pub reason: String,
    /// The quotes involved, sorted by article and offset.
    pub quotes: Vec<QuoteRef>,
}

impl Finding {
    /// The finding's type.
    pub fn finding_type(&self) -> FindingType {
        self.detail.finding_type()
    }
}

/// Renders a diff for people: kept words plain, `[-dropped-]`, `{+added+}`.
pub fn render_diff(diff: &[DiffChunk]) -> String {
    diff.iter()
        .map(|c| match c.op {
            DiffOpKind::Equal => c.text.clone(),
            DiffOpKind::Delete => format!("[-{}-]", c.text),
            DiffOpKind::Insert => format!("{{+{}+}}", c.text),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Every speaker entity behind the quotes, sorted by id: names merged
/// across articles, with every role each was given.
pub fn entities(quotes: &[Quote], articles: &[ArticleMeta]) -> Vec<Entity> {
    let quotes = canonical_quotes(quotes);
    let published = published_dates(articles);
    let mentions = speaker_mentions(&quotes, articles, &published);
    let readings = NameReadings::new(&mentions);
    Resolved::new(mentions, &readings).into_index().entities().cloned().collect()
}

/// The keys by which [`audit`] finds the quotes to compare with a quote:
/// what a distributed run groups quotes by before auditing each group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlockingKeys {
    /// The claim key ([`normalize::claim_key`]): quotes with equal keys are
    /// one class, compared for duplicates.
    pub claim_key: String,
    /// The class's shingles, sorted and unique, each its
    /// [`SHINGLE_WORDS`] match-form words joined by a space: classes
    /// sharing one are candidate pairs, unless more than
    /// [`MAX_SHINGLE_CLASSES`] classes share it.
    pub shingles: Vec<String>,
}

/// The [`BlockingKeys`] of one quote, computed as [`audit`] computes them;
/// `None` for quotes the audit does not compare (titles, terms, quotes
/// with no words).
pub fn blocking_keys(quote: &Quote) -> Option<BlockingKeys> {
    if !quote.kind.is_speech() {
        return None;
    }
    let key = normalize::claim_key(&quote.text);
    if key.is_empty() {
        return None;
    }
    // Shingles never span a gap: cut the match forms at each one.
    let mut shingles: BTreeSet<String> = BTreeSet::new();
    let mut segment: Vec<&str> = Vec::new();
    for t in normalize::claim_tokens(&key).into_iter().chain([ClaimToken::Gap]) {
        match t {
            ClaimToken::Word(w) => segment.push(normalize::match_form(w)),
            ClaimToken::Gap => {
                shingles.extend(segment.windows(SHINGLE_WORDS).map(|sh| sh.join(" ")));
                segment.clear();
            }
        }
    }
    Some(BlockingKeys { claim_key: key, shingles: shingles.into_iter().collect() })
}

/// Cross-references quotes across articles. The result is sorted most
/// serious first and does not depend on the order of either input.
pub fn audit(quotes: &[Quote], articles: &[ArticleMeta]) -> Vec<Finding> {
    let quotes = canonical_quotes(quotes);
    let published = published_dates(articles);
    let mentions = speaker_mentions(&quotes, articles, &published);
    let readings = NameReadings::new(&mentions);
    let speakers = Resolved::new(mentions, &readings);
    let mut ctx = Context::new(&quotes, &published, &speakers);
    let mut findings = Vec::new();
    ctx.class_findings(&mut findings);
    let relations = ctx.relations();
    ctx.pair_findings(&relations, &mut findings);
    ctx.statement_findings(&relations, &mut findings);
    // Only the keys are read from here on: the findings to come are the
    // bulk of the output, so make room for them.
    drop(relations);
    ctx.classes.drop_words();
    ctx.role_findings(&mut findings);
    ctx.source_findings(&mut findings);
    findings.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then(a.finding_type().cmp(&b.finding_type()))
            .then_with(|| first_pos(a).cmp(&first_pos(b)))
            .then_with(|| a.id.cmp(&b.id))
    });
    findings
}

fn first_pos(f: &Finding) -> Option<(&str, usize)> {
    f.quotes.first().map(|q| (q.article.as_str(), q.start))
}

/// Quotes in a fixed order, exact repeats of one record dropped. Borrowed,
/// not copied: the records are the largest thing the audit holds.
fn canonical_quotes(quotes: &[Quote]) -> Vec<&Quote> {
    let mut qs: Vec<&Quote> = quotes.iter().collect();
    qs.sort_by(|a, b| quote_order(a).cmp(&quote_order(b)));
    qs.dedup();
    qs
}

type QuoteOrder<'a> = (&'a str, usize, usize, usize, &'a str, Option<&'a str>, QuoteKind);

fn quote_order(q: &Quote) -> QuoteOrder<'_> {
    (&q.article, q.start, q.end, q.index, &q.text, q.speaker.as_deref(), q.kind)
}

/// Article id → publication date. When two records share an id the
/// smallest date wins, so the choice does not depend on order.
fn published_dates(articles: &[ArticleMeta]) -> FnvHashMap<&str, &str> {
    let mut out: FnvHashMap<&str, &str> = FnvHashMap::default();
    for a in articles {
        if let Some(d) = &a.published {
            out.entry(&a.id)
                .and_modify(|e| {
                    if d.as_str() < *e {
                        *e = d;
                    }
                })
                .or_insert(d);
        }
    }
    out
}

/// Mentions of speakers (from the quotes) and of people the articles name
/// with a role without quoting them (`ArticleMeta::people`), so that a
/// title given in one article can be compared with another's.
fn speaker_mentions<'a>(
    quotes: &[&'a Quote],
    articles: &'a [ArticleMeta],
    published: &FnvHashMap<&'a str, &'a str>,
) -> Vec<MentionRef<'a>> {
    let people = articles.iter().flat_map(|a| {
        a.people.iter().filter(|p| p.role.is_some()).map(move |p| MentionRef {
            article: &a.id,
            name: &p.name,
            role: p.role.as_deref(),
            date: published.get(a.id.as_str()).copied(),
            quote: None,
        })
    });
    quotes
        .iter()
        .filter_map(|q| {
            Some(MentionRef {
                article: &q.article,
                name: q.speaker.as_deref()?,
                role: q.role.as_deref(),
                date: published.get(q.article.as_str()).copied().or(q.date.as_deref()),
                quote: Some(q.index),
            })
        })
        .chain(people)
        .collect()
}

/// The words of the claim keys as numbers: equal words get equal ids, so
/// that comparing and aligning quotes compares integers, and each word's
/// match form and function-word test is worked out once.
#[derive(Default)]
struct Vocabulary {
    ids: FnvHashMap<Box<str>, u32>,
    /// Per id: the id of its [`normalize::match_form`].
    form: Vec<u32>,
    /// Per id: whether it is one of [`normalize::FUNCTION_WORDS`].
    function: Vec<bool>,
}

impl Vocabulary {
    fn id(&mut self, word: &str) -> u32 {
        if let Some(&id) = self.ids.get(word) {
            return id;
        }
        let id = u32::try_from(self.form.len()).expect("fewer than 2^32 distinct words");
        self.ids.insert(word.into(), id);
        self.form.push(id);
        self.function.push(normalize::is_function_word(word));
        let form = normalize::match_form(word);
        if form.len() != word.len() {
            // A match form is its own match form, so this recurses once.
            self.form[id as usize] = self.id(form);
        }
        id
    }
}

/// Quotes with one claim key.
struct Class {
    /// Where its claim key lies in [`Classes::keys`].
    key: std::ops::Range<usize>,
    /// Where its tokens start in [`Classes::tokens`]: `len` word ids (the
    /// folded words, gaps removed), then the ids of their match forms,
    /// sorted, for the bag-of-words bound in [`relate`].
    at: usize,
    len: usize,
    /// Word positions preceded by a gap, ascending.
    gaps: Box<[usize]>,
    /// Where its quotes (indexes into the canonical quotes, ascending)
    /// lie in [`Classes::members`].
    members: std::ops::Range<usize>,
}

/// Every class, with their keys, words and quotes stored end to end: a
/// million classes would otherwise be a few million small allocations.
#[derive(Default)]
struct Classes {
    vocab: Vocabulary,
    keys: String,
    /// Emptied by [`Classes::drop_words`].
    tokens: Vec<u32>,
    members: Vec<usize>,
    list: Vec<Class>,
}

/// What the comparison of two classes reads of one of them.
#[derive(Clone, Copy)]
struct ClassView<'a> {
    /// Word ids, gaps removed.
    words: &'a [u32],
    /// Match-form ids, sorted.
    sorted_forms: &'a [u32],
    /// Word positions preceded by a gap, ascending.
    gaps: &'a [usize],
    vocab: &'a Vocabulary,
}

impl Classes {
    fn push(&mut self, key: &str, members: &[usize]) {
        let at = self.tokens.len();
        let mut gaps = Vec::new();
        for t in normalize::claim_tokens(key) {
            match t {
                ClaimToken::Word(w) => {
                    let id = self.vocab.id(w);
                    self.tokens.push(id);
                }
                ClaimToken::Gap => gaps.push(self.tokens.len() - at),
            }
        }
        let len = self.tokens.len() - at;
        for i in at..at + len {
            let form = self.vocab.form[self.tokens[i] as usize];
            self.tokens.push(form);
        }
        self.tokens[at + len..].sort_unstable();
        let first = self.members.len();
        self.members.extend_from_slice(members);
        let key_at = self.keys.len();
        self.keys.push_str(key);
        self.list.push(Class {
            key: key_at..self.keys.len(),
            at,
            len,
            gaps: gaps.into_boxed_slice(),
            members: first..self.members.len(),
        });
    }

    fn len(&self) -> usize {
        self.list.len()
    }

    /// Gives back the memory of the words; only keys and members are left
    /// (no [`Classes::view`] after this).
    fn drop_words(&mut self) {
        self.tokens = Vec::new();
    }

    fn view(&self, c: usize) -> ClassView<'_> {
        let class = &self.list[c];
        let (at, len) = (class.at, class.len);
        ClassView {
            words: &self.tokens[at..at + len],
            sorted_forms: &self.tokens[at + len..at + 2 * len],
            gaps: &class.gaps,
            vocab: &self.vocab,
        }
    }

    fn key(&self, c: usize) -> &str {
        &self.keys[self.list[c].key.clone()]
    }

    fn members(&self, c: usize) -> &[usize] {
        &self.members[self.list[c].members.clone()]
    }

    fn word_count(&self, c: usize) -> usize {
        self.list[c].len
    }
}

impl ClassView<'_> {
    /// The match form of each word.
    fn forms(&self) -> Vec<u32> {
        self.words.iter().map(|&w| self.vocab.form[w as usize]).collect()
    }

    fn has_gap_at(&self, position: usize) -> bool {
        self.gaps.binary_search(&position).is_ok()
    }

    /// Word runs between gaps.
    fn segments(&self) -> Vec<&[u32]> {
        let mut out = Vec::new();
        let mut start = 0;
        for &g in self.gaps.iter().chain(std::iter::once(&self.words.len())) {
            if g > start {
                out.push(&self.words[start..g]);
            }
            start = g;
        }
        out
    }

    /// The candidate index's shingles, each packed into a number:
    /// [`SHINGLE_WORDS`]-word windows of match forms, never across a gap;
    /// sorted and unique.
    fn shingles(&self) -> Vec<u64> {
        let forms = self.forms();
        let mut out = Vec::new();
        let mut start = 0;
        for &end in self.gaps.iter().chain(std::iter::once(&forms.len())) {
            out.extend(forms[start..end].windows(SHINGLE_WORDS).map(|sh| {
                const _: () = assert!(SHINGLE_WORDS == 2, "a shingle packs two word ids");
                (u64::from(sh[0]) << 32) | u64::from(sh[1])
            }));
            start = end;
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// How two classes relate, strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Strength {
    /// One is the other with words left out at its ellipses.
    Elided,
    /// One lies word for word inside the other.
    Contained,
    /// Alignment ratio ≥ [`SAME_STATEMENT_MIN_RATIO`].
    NearIdentical,
    /// Alignment ratio ≥ [`VARIANT_MIN_RATIO`].
    Reworded,
    /// A fragment most of whose words align, close together, in the other.
    PartlyReworded,
}

impl Strength {
    /// Strong enough to call both the same statement in conflict checks.
    fn is_same_statement(self, score: f64) -> bool {
        match self {
            Strength::Elided | Strength::NearIdentical => true,
            Strength::Contained => score >= CONFLICT_MIN_CONTAINED,
            Strength::Reworded | Strength::PartlyReworded => false,
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Relation {
    strength: Strength,
    score: f64,
}

/// Positions where each segment of `short` starts in `long`, matched in
/// order without overlap (leftmost match is optimal for ordered segments).
fn find_segments(short: &[&[u32]], long: &[u32]) -> Option<Vec<usize>> {
    let mut at = 0;
    let mut starts = Vec::new();
    for seg in short {
        let found =
            (at..=long.len().checked_sub(seg.len())?).find(|&i| long[i..i + seg.len()] == **seg)?;
        starts.push(found);
        at = found + seg.len();
    }
    Some(starts)
}

/// `short` inside `long` word for word (gaps in `short` may skip words).
fn containment(short: ClassView, long: ClassView) -> Option<Relation> {
    if short.words.len() > long.words.len() || short.words.is_empty() {
        return None;
    }
    let segs = short.segments();
    let starts = find_segments(&segs, long.words)?;
    let first = *starts.first()?;
    let last_end = starts.last()? + segs.last()?.len();
    let strength = if !short.gaps.is_empty() && first == 0 && last_end == long.words.len() {
        Strength::Elided
    } else {
        Strength::Contained
    };
    let score = if strength == Strength::Elided {
        1.0
    } else {
        short.words.len() as f64 / long.words.len() as f64
    };
    Some(Relation { strength, score })
}

/// Word alignment of two classes: matched words, words explained by the
/// other side's gaps, and the span of `b` the matches cover.
struct Alignment {
    matches: usize,
    /// Aligned words (match forms) that are not function words.
    shared_content: usize,
    explained: usize,
    b_first: usize,
    b_last: usize,
}

/// Aligns the match forms `fa` of `a` with `fb` of `b` (Myers).
fn align_forms(a: ClassView, b: ClassView, fa: &[u32], fb: &[u32]) -> Alignment {
    let ops = similar::capture_diff_slices(Algorithm::Myers, fa, fb);
    let mut al =
        Alignment { matches: 0, shared_content: 0, explained: 0, b_first: usize::MAX, b_last: 0 };
    for op in &ops {
        match *op {
            DiffOp::Equal { new_index, len, .. } => {
                al.matches += len;
                al.shared_content += fb[new_index..new_index + len]
                    .iter()
                    .filter(|&&f| !b.vocab.function[f as usize])
                    .count();
                al.b_first = al.b_first.min(new_index);
                al.b_last = al.b_last.max(new_index + len - 1);
            }
            DiffOp::Insert { old_index, new_len, .. } => {
                if a.has_gap_at(old_index) {
                    al.explained += new_len;
                }
            }
            DiffOp::Delete { old_len, new_index, .. } => {
                if b.has_gap_at(new_index) {
                    al.explained += old_len;
                }
            }
            DiffOp::Replace { old_index, old_len, new_index, new_len } => {
                if a.has_gap_at(old_index) {
                    al.explained += new_len;
                }
                if b.has_gap_at(new_index) {
                    al.explained += old_len;
                }
            }
        }
    }
    al
}

/// The gap-aware alignment ratio: `2·matches / (|a| + |b| − explained)`,
/// where words of one side that sit at an ellipsis of the other are
/// explained rather than counted as differences.
fn ratio(a: ClassView, b: ClassView, al: &Alignment) -> f64 {
    let total = (a.words.len() + b.words.len()).saturating_sub(al.explained);
    if total == 0 {
        return 0.0;
    }
    (2.0 * al.matches as f64 / total as f64).min(1.0)
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// Words of a class that are not function words.
fn content_words(c: ClassView) -> usize {
    c.words.iter().filter(|&&w| !c.vocab.function[w as usize]).count()
}

/// Size of the multiset intersection of two sorted word lists.
fn common_words(a: &[u32], b: &[u32]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// Two quotes' word counts and whether each has a gap.
#[derive(Clone, Copy)]
struct Shape {
    a_len: usize,
    b_len: usize,
    a_gaps: bool,
    b_gaps: bool,
}

/// True when `matches` aligned words, `content` of them content words, can
/// satisfy no alignment rule of [`relate`] for quotes of this shape.
fn too_few_matches(matches: usize, content: usize, shape: Shape) -> bool {
    let Shape { a_len, b_len, a_gaps, b_gaps } = shape;
    let short = a_len.min(b_len);
    // Words explained at a gap (see `ratio`) are unmatched words of the
    // other side: at most this many.
    let explained = if a_gaps { b_len.saturating_sub(matches) } else { 0 }
        + if b_gaps { a_len.saturating_sub(matches) } else { 0 };
    let total = (a_len + b_len).saturating_sub(explained);
    let ratio = match (matches, total) {
        (0, _) => 0.0,
        (_, 0) => 1.0,
        _ => (2.0 * matches as f64 / total as f64).min(1.0),
    };
    ratio < VARIANT_MIN_RATIO
        && (short < PARTIAL_MIN_WORDS
            || matches == 0
            || (matches as f64 / short as f64) < PARTIAL_MIN_CONTAINMENT
            || content < PARTIAL_MIN_CONTENT_WORDS)
}

/// Size of the multiset intersection of the content words (not function
/// words) of two sorted match-form lists.
fn common_content_words(a: ClassView, b: ClassView) -> usize {
    let content = |f: &&u32| !a.vocab.function[**f as usize];
    let x: Vec<u32> = a.sorted_forms.iter().filter(content).copied().collect();
    let y: Vec<u32> = b.sorted_forms.iter().filter(content).copied().collect();
    common_words(&x, &y)
}

/// True when no rule can fire for the pair. The words two quotes share as
/// a bag bound from above the words any alignment can match, so this
/// cheap test drops most candidates before the diff and changes no result.
fn cannot_relate(a: ClassView, b: ClassView) -> bool {
    if !a.gaps.is_empty() || !b.gaps.is_empty() {
        return false;
    }
    let common = common_words(a.sorted_forms, b.sorted_forms);
    let short = a.words.len().min(b.words.len());
    let total = a.words.len() + b.words.len();
    common < short
        && 2.0 * (common as f64) < VARIANT_MIN_RATIO * total as f64
        && (short < PARTIAL_MIN_WORDS || (common as f64) < PARTIAL_MIN_CONTAINMENT * short as f64)
}

/// Length of a longest common subsequence of `a` and `b`, bit-parallel
/// (Allison–Dix, Hyyrö): `|b|·⌈|a|/64⌉` word operations.
fn lcs_len(a: &[u32], b: &[u32]) -> usize {
    let blocks = a.len().div_ceil(64);
    if blocks == 0 || b.is_empty() {
        return 0;
    }
    // One bit mask over the positions of `a` per distinct word of `a`.
    let mut symbols: Vec<u32> = a.to_vec();
    symbols.sort_unstable();
    symbols.dedup();
    let mut masks = vec![0u64; symbols.len() * blocks];
    for (i, w) in a.iter().enumerate() {
        let s = symbols.binary_search(w).expect("a word of a");
        masks[s * blocks + i / 64] |= 1 << (i % 64);
    }
    // Zero bits of `v` count the common subsequence; bits past `a.len()`
    // never match, so they stay one.
    let mut v = vec![u64::MAX; blocks];
    for w in b {
        let Ok(s) = symbols.binary_search(w) else { continue };
        let m = &masks[s * blocks..(s + 1) * blocks];
        let mut carry = false;
        for (vk, &mk) in v.iter_mut().zip(m) {
            let u = *vk & mk;
            let (sum, c1) = vk.overflowing_add(u);
            let (sum, c2) = sum.overflowing_add(u64::from(carry));
            carry = c1 || c2;
            *vk = sum | (*vk & !mk);
        }
    }
    v.iter().map(|x| x.count_zeros() as usize).sum()
}

/// Classifies a candidate pair, or `None` when they are unrelated.
fn relate(a: ClassView, b: ClassView) -> Option<Relation> {
    if cannot_relate(a, b) {
        return None;
    }
    if let Some(r) = containment(a, b).or_else(|| containment(b, a)) {
        // A fragment of function words only (`of course`) is no evidence.
        let short = if a.words.len() <= b.words.len() { a } else { b };
        return (r.strength == Strength::Elided || content_words(short) > 0).then_some(r);
    }
    let (fa, fb) = (a.forms(), b.forms());
    // The alignment matches no more words than a longest common
    // subsequence, which is far cheaper to count, and no more content
    // words than the two share: when even that many would not do, the pair
    // is unrelated.
    let shape = Shape {
        a_len: fa.len(),
        b_len: fb.len(),
        a_gaps: !a.gaps.is_empty(),
        b_gaps: !b.gaps.is_empty(),
    };
    if too_few_matches(lcs_len(&fa, &fb), common_content_words(a, b), shape) {
        return None;
    }
    let al = align_forms(a, b, &fa, &fb);
    let r = ratio(a, b, &al);
    if r >= SAME_STATEMENT_MIN_RATIO {
        return Some(Relation { strength: Strength::NearIdentical, score: r });
    }
    if r >= VARIANT_MIN_RATIO {
        return Some(Relation { strength: Strength::Reworded, score: r });
    }
    let a_short = a.words.len() <= b.words.len();
    let short = if a_short { a } else { b };
    if short.words.len() < PARTIAL_MIN_WORDS || al.matches == 0 {
        return None;
    }
    let contained = al.matches as f64 / short.words.len() as f64;
    if contained < PARTIAL_MIN_CONTAINMENT {
        return None;
    }
    // Aligned again short-to-long so spans and shared words are read on
    // the longer side.
    // (When `a` is the shorter, that is the alignment already made.)
    let al = if a_short { al } else { align_forms(b, a, &fb, &fa) };
    let spread = (al.b_last + 1 - al.b_first) as f64 / short.words.len() as f64;
    (spread <= PARTIAL_MAX_SPREAD && al.shared_content >= PARTIAL_MIN_CONTENT_WORDS)
        .then_some(Relation { strength: Strength::PartlyReworded, score: contained })
}

fn diff_chunks(old: &str, new: &str) -> Vec<DiffChunk> {
    let diff = TextDiff::from_unicode_words(old, new);
    let mut out: Vec<DiffChunk> = Vec::new();
    for change in diff.iter_all_changes() {
        let op = match change.tag() {
            ChangeTag::Equal => DiffOpKind::Equal,
            ChangeTag::Delete => DiffOpKind::Delete,
            ChangeTag::Insert => DiffOpKind::Insert,
        };
        let text = change.value();
        match out.last_mut() {
            Some(last) if last.op == op => last.text.push_str(text),
            _ => out.push(DiffChunk { op, text: text.to_string() }),
        }
    }
    for c in &mut out {
        c.text = c.text.trim().to_string();
    }
    out.retain(|c| !c.text.is_empty());
    out
}

fn finding_id(kind: FindingType, rule: &str, quotes: &[QuoteRef], extra: &str) -> String {
    let mut h = fnv::FnvHasher::default();
    for part in [kind.as_str(), rule, extra] {
        h.write(part.as_bytes());
        h.write_u8(0);
    }
    for q in quotes {
        h.write(q.article.as_bytes());
        h.write_u8(0);
        h.write_u64(q.start as u64);
        h.write_u64(q.end as u64);
    }
    format!("{:016x}", h.finish())
}

/// Speakers of a set of quotes grouped into "the same person" groups.
struct Group {
    /// Position of the entity in `Resolved::entities`.
    entity: Option<usize>,
    members: Vec<usize>,
}

/// Quotes whose claim keys one task computes into one buffer: memory
/// allocated on a worker thread and freed later is not reused by the rest
/// of the audit, so a million keys must not be a million allocations there.
const KEY_CHUNK: usize = 4096;

/// The claim keys of a chunk of quotes end to end, and for each quote with
/// a key: where its key starts and ends in the buffer, and the quote.
type KeyChunk = (String, Vec<(usize, usize, usize)>);

/// Candidate and related pairs of classes `(a, b, relation)`, `a < b`,
/// sorted.
type Relations = Vec<(usize, usize, Relation)>;

struct Context<'a> {
    quotes: &'a [&'a Quote],
    published: &'a FnvHashMap<&'a str, &'a str>,
    speakers: &'a Resolved<'a>,
    /// Per entity: what tells whether two may be one speaker.
    fit_keys: Vec<FitKey>,
    classes: Classes,
    /// Class of each quote, if it has one.
    class_of: Vec<Option<usize>>,
    /// Entity of each quote (position in `Resolved::entities`).
    entity_of: Vec<Option<usize>>,
}

impl<'a> Context<'a> {
    fn new(
        quotes: &'a [&'a Quote],
        published: &'a FnvHashMap<&'a str, &'a str>,
        speakers: &'a Resolved<'a>,
    ) -> Context<'a> {
        // Claim keys (the costly part) on every core, each task's keys in
        // one buffer; classes in key order.
        let chunks: Vec<KeyChunk> = quotes
            .par_chunks(KEY_CHUNK)
            .enumerate()
            .map(|(c, chunk)| {
                let mut buf = String::new();
                let mut spans = Vec::new();
                for (j, q) in chunk.iter().enumerate() {
                    if !q.kind.is_speech() {
                        continue;
                    }
                    let key = normalize::claim_key(&q.text);
                    if !key.is_empty() {
                        spans.push((buf.len(), buf.len() + key.len(), c * KEY_CHUNK + j));
                        buf.push_str(&key);
                    }
                }
                (buf, spans)
            })
            .collect();
        let mut keyed: Vec<(&str, usize)> = chunks
            .iter()
            .flat_map(|(buf, spans)| spans.iter().map(move |&(s, e, i)| (&buf[s..e], i)))
            .collect();
        keyed.par_sort_unstable();
        let mut classes = Classes::default();
        let runs = || keyed.chunk_by(|x, y| x.0 == y.0);
        classes.keys.reserve_exact(runs().map(|run| run[0].0.len()).sum());
        let mut class_of = vec![None; quotes.len()];
        let mut members = Vec::new();
        for run in runs() {
            members.clear();
            members.extend(run.iter().map(|&(_, m)| m));
            for &m in &members {
                class_of[m] = Some(classes.len());
            }
            classes.push(run[0].0, &members);
        }
        drop(keyed);
        drop(chunks);
        classes.tokens.shrink_to_fit();
        classes.members.shrink_to_fit();
        classes.list.shrink_to_fit();
        let entity_of = quotes
            .iter()
            .map(|q| speakers.entity_index(&q.article, q.speaker.as_deref()?))
            .collect();
        let fit_keys = speakers.entities.iter().map(|e| FitKey::new(e.kind, e.name)).collect();
        Context { quotes, published, speakers, fit_keys, classes, class_of, entity_of }
    }

    fn entity(&self, e: usize) -> &EntityRef<'a> {
        &self.speakers.entities[e]
    }

    fn quote_ref(&self, i: usize) -> QuoteRef {
        let q = self.quotes[i];
        QuoteRef {
            article: q.article.clone(),
            index: q.index,
            start: q.start,
            end: q.end,
            kind: q.kind,
            speaker: q.speaker.clone(),
            entity: self.entity_of[i].map(|e| self.entity(e).id.clone()),
            role: q.role.clone(),
            date: q.date.clone(),
            outlet: q.outlet.clone(),
            via: q.via.clone(),
            published: self.published.get(q.article.as_str()).map(|d| d.to_string()),
            text: q.text.clone(),
        }
    }

    fn refs(&self, members: impl IntoIterator<Item = usize>) -> Vec<QuoteRef> {
        let set: BTreeSet<usize> = members.into_iter().collect();
        let mut refs: Vec<QuoteRef> = set.into_iter().map(|i| self.quote_ref(i)).collect();
        refs.sort_by(|a, b| {
            (&a.article, a.start, a.end, a.index).cmp(&(&b.article, b.start, b.end, b.index))
        });
        refs
    }

    fn display_name(&self, entity: Option<usize>) -> String {
        entity.map(|e| self.entity(e).name.to_string()).unwrap_or_default()
    }

    fn entity_kind(&self, entity: Option<usize>) -> Option<EntityKind> {
        entity.map(|e| self.entity(e).kind)
    }

    /// [`SpeakerIndex::compatible`] by entity position.
    fn compatible(&self, a: Option<usize>, b: Option<usize>) -> bool {
        match (a, b) {
            (Some(a), Some(b)) => a == b || self.fit_keys[a].compatible(&self.fit_keys[b]),
            _ => true,
        }
    }

    /// Splits quotes into speaker groups. Each entity is a group; an
    /// unresolved surname joins the one full-name group it fits, and
    /// unattributed quotes join the only group there is. What fits nowhere
    /// (or several places) stays a group of its own.
    fn groups(&self, members: &[usize]) -> Vec<Group> {
        let mut by_entity: BTreeMap<Option<usize>, Vec<usize>> = BTreeMap::new();
        for &m in members {
            by_entity.entry(self.entity_of[m]).or_default().push(m);
        }
        let unknown = by_entity.remove(&None);
        let (surnames, mut full): (Vec<_>, Vec<_>) = by_entity
            .into_iter()
            .partition(|(e, _)| self.entity_kind(*e) == Some(EntityKind::Surname));
        let mut alone = Vec::new();
        for (e, ms) in surnames {
            let fits: Vec<usize> = full
                .iter()
                .enumerate()
                .filter(|(_, (f, _))| self.compatible(e, *f))
                .map(|(i, _)| i)
                .collect();
            match fits.as_slice() {
                [one] => full[*one].1.extend(ms),
                _ => alone.push((e, ms)),
            }
        }
        full.extend(alone);
        if let Some(ms) = unknown {
            match full.as_mut_slice() {
                [(_, only)] => only.extend(ms),
                _ => full.push((None, ms)),
            }
        }
        let mut groups: Vec<Group> = full
            .into_iter()
            .map(|(entity, mut members)| {
                members.sort_unstable();
                Group { entity, members }
            })
            .collect();
        groups.sort_by(|a, b| a.members.cmp(&b.members));
        groups
    }

    fn finding(
        &self,
        detail: Detail,
        severity: Severity,
        rule: &str,
        score: f64,
        reason: String,
        members: impl IntoIterator<Item = usize>,
    ) -> Finding {
        let quotes = self.refs(members);
        let extra = match &detail {
            Detail::RoleConflict { speaker, .. } => speaker.clone(),
            Detail::SourceDescriptions { source, .. } => source.clone(),
            _ => String::new(),
        };
        let id = finding_id(detail.finding_type(), rule, &quotes, &extra);
        Finding {
            detail,
            id,
            severity,
            rule: rule.to_string(),
            score: round3(score),
            reason,
            quotes,
        }
    }

    /// `duplicate`: the same key from one speaker group more than once.
    fn class_findings(&self, out: &mut Vec<Finding>) {
        for c in 0..self.classes.len() {
            let members = self.classes.members(c);
            if members.len() < 2 {
                continue;
            }
            for g in self.groups(members) {
                if g.members.len() < 2 {
                    continue;
                }
                let speaker = self.display_name(g.entity);
                let articles: BTreeSet<&str> =
                    g.members.iter().map(|&m| self.quotes[m].article.as_str()).collect();
                let who = if speaker.is_empty() {
                    "an unattributed speaker".into()
                } else {
                    speaker.clone()
                };
                let reason = format!(
                    "the same words from {who} appear {} times in {} article(s)",
                    g.members.len(),
                    articles.len()
                );
                out.push(self.finding(
                    Detail::Duplicate { speaker },
                    Severity::Duplicate,
                    "duplicate.same_words",
                    1.0,
                    reason,
                    g.members.iter().copied(),
                ));
            }
        }
    }

    /// Candidate class pairs from the shingle index, classified.
    fn relations(&self) -> Relations {
        let n = self.classes.len();
        // How many classes hold each shingle: only those in
        // 2..=MAX_SHINGLE_CLASSES get postings. (Shingles are recomputed
        // rather than kept: cheap, and a million classes' worth is large.)
        let mut count: FnvHashMap<u64, u32> = FnvHashMap::default();
        for c in 0..n {
            for sh in self.classes.view(c).shingles() {
                *count.entry(sh).or_default() += 1;
            }
        }
        let mut postings: FnvHashMap<u64, Vec<usize>> = count
            .into_iter()
            .filter(|&(_, k)| k >= 2 && k as usize <= MAX_SHINGLE_CLASSES)
            .map(|(sh, k)| (sh, Vec::with_capacity(k as usize)))
            .collect();
        for c in 0..n {
            for sh in self.classes.view(c).shingles() {
                if let Some(p) = postings.get_mut(&sh) {
                    p.push(c);
                }
            }
        }
        // Each class with the later classes it shares a posting with.
        let per_class: Vec<Vec<(usize, usize, Relation)>> = (0..n)
            .into_par_iter()
            .map(|a| {
                let va = self.classes.view(a);
                let mut later: Vec<usize> = va
                    .shingles()
                    .iter()
                    .filter_map(|sh| postings.get(sh))
                    .flat_map(|p| p.iter().copied().filter(|&b| b > a))
                    .collect();
                later.sort_unstable();
                later.dedup();
                later
                    .into_iter()
                    .filter_map(|b| relate(va, self.classes.view(b)).map(|r| (a, b, r)))
                    .collect()
            })
            .collect();
        per_class.into_iter().flatten().collect()
    }

    /// True when two quotes overlap in one article (a quote nested in
    /// another): the same words on the page, not two reports of them.
    fn overlap(&self, a: usize, b: usize) -> bool {
        let (qa, qb) = (self.quotes[a], self.quotes[b]);
        qa.article == qb.article && qa.start < qb.end && qb.start < qa.end
    }

    /// Orders two classes for a diff: the one cited first in the corpus
    /// (article, offset) is the "old" side.
    fn diff_between(&self, a: usize, b: usize) -> Vec<DiffChunk> {
        let first =
            |c: usize| self.classes.members(c).iter().map(|&m| quote_order(self.quotes[m])).min();
        let (old, new) = if first(a) <= first(b) { (a, b) } else { (b, a) };
        diff_chunks(self.classes.key(old), self.classes.key(new))
    }

    /// Quotes of `from` that pair with at least one quote of `with`: not
    /// overlapping it, and in its article when `same_article`. Both lists
    /// are ascending, so each article's quotes lie together.
    fn paired(&self, from: &[usize], with: &[usize], same_article: bool) -> Vec<usize> {
        from.iter()
            .copied()
            .filter(|&p| {
                let article = self.quotes[p].article.as_str();
                let lo = with.partition_point(|&q| self.quotes[q].article.as_str() < article);
                let hi = with.partition_point(|&q| self.quotes[q].article.as_str() <= article);
                (!same_article && hi - lo < with.len())
                    || with[lo..hi].iter().any(|&q| !self.overlap(p, q))
            })
            .collect()
    }

    /// `fragment` and `variant` between the speaker groups of related
    /// classes.
    fn pair_findings(&self, relations: &Relations, out: &mut Vec<Finding>) {
        let mut groups: FnvHashMap<usize, Vec<Group>> = FnvHashMap::default();
        for &(a, b, ref rel) in relations {
            for c in [a, b] {
                groups.entry(c).or_insert_with(|| self.groups(self.classes.members(c)));
            }
            let (ga, gb) = (&groups[&a], &groups[&b]);
            // The same for every pair of groups; computed when first needed.
            let mut diff: Option<Vec<DiffChunk>> = None;
            for x in ga {
                for y in gb {
                    let same = self.compatible(x.entity, y.entity);
                    // People echo each other's phrases across reports, so a
                    // partly reworded fragment given to someone else counts
                    // only within one article, where it is the article
                    // itself giving one statement two sources.
                    let echo_ok = same || rel.strength != Strength::PartlyReworded;
                    // Short phrases given to different people are stock
                    // phrases (see MIN_CONFLICT_WORDS), not one statement.
                    if !(same || self.statement_sized(a) && self.statement_sized(b)) {
                        continue;
                    }
                    let rule = match (same, rel.strength) {
                        (true, Strength::Elided) => "fragment.elided",
                        (true, Strength::Contained) => "fragment.contained",
                        (_, Strength::NearIdentical | Strength::Reworded)
                            if same || !self.strong_conflict(a, b, rel) =>
                        {
                            "variant.reworded"
                        }
                        (_, Strength::PartlyReworded) => "variant.partial",
                        // Different speakers, same statement: reported as a
                        // `speaker_conflict` over the whole statement.
                        _ => continue,
                    };
                    let mut members = self.paired(&x.members, &y.members, !echo_ok);
                    if members.is_empty() {
                        continue;
                    }
                    members.extend(self.paired(&y.members, &x.members, !echo_ok));
                    let sx = self.display_name(x.entity);
                    let sy = self.display_name(y.entity);
                    let diff = diff.get_or_insert_with(|| self.diff_between(a, b)).clone();
                    let pct = (rel.score * 100.0).round();
                    let (detail, severity, reason) = match rule {
                        "fragment.elided" => (
                            Detail::Fragment { speaker: sx.clone(), diff },
                            Severity::Info,
                            format!("one quote of {sx} is the other with words left out at its ellipsis"),
                        ),
                        "fragment.contained" => (
                            Detail::Fragment { speaker: sx.clone(), diff },
                            Severity::Info,
                            format!("a shorter quote of {sx} lies word for word inside a longer one ({pct}% of its length)"),
                        ),
                        "variant.reworded" => (
                            Detail::Variant { speakers: speakers_of(&sx, &sy), diff },
                            Severity::Variant,
                            format!("the words differ between reports: {pct}% of words align"),
                        ),
                        _ => (
                            Detail::Variant { speakers: speakers_of(&sx, &sy), diff },
                            Severity::Variant,
                            format!("a fragment's words differ from the longer quote: {pct}% of them align, close together"),
                        ),
                    };
                    out.push(self.finding(detail, severity, rule, rel.score, reason, members));
                }
            }
        }
    }

    /// True when a differently attributed pair is close enough to be one
    /// statement: then the conflict finding covers it.
    fn strong_conflict(&self, a: usize, b: usize, rel: &Relation) -> bool {
        rel.strength.is_same_statement(rel.score)
            && self.statement_sized(a)
            && self.statement_sized(b)
    }

    fn statement_sized(&self, c: usize) -> bool {
        self.classes.word_count(c) >= MIN_CONFLICT_WORDS
    }

    /// Members of a statement nested inside another of its members (the
    /// same words on the page): each quote overlapping one at least as
    /// long. `members` is ascending, so each article's quotes lie together
    /// in order of their start.
    fn nested(&self, members: &[usize]) -> BTreeSet<usize> {
        let mut inner = BTreeSet::new();
        for (i, &p) in members.iter().enumerate() {
            let qp = self.quotes[p];
            // Later quotes starting before `p` ends; those starting at or
            // after its end cannot overlap it, nor can any after them.
            for &q in &members[i + 1..] {
                let qq = self.quotes[q];
                if qq.article != qp.article || qq.start >= qp.end {
                    break;
                }
                if self.overlap(p, q) {
                    // Of two overlapping quotes the shorter is inner; of
                    // two as long, both.
                    if qp.text.len() <= qq.text.len() {
                        inner.insert(p);
                    }
                    if qq.text.len() <= qp.text.len() {
                        inner.insert(q);
                    }
                }
            }
        }
        inner
    }

    /// `speaker_conflict`, `date_conflict`, `outlet_conflict` over
    /// statements: classes joined by same-statement relations.
    fn statement_findings(&self, relations: &Relations, out: &mut Vec<Finding>) {
        let n = self.classes.len();
        let mut parent: Vec<usize> = (0..n).collect();
        fn find(p: &mut [usize], mut x: usize) -> usize {
            while p[x] != x {
                p[x] = p[p[x]];
                x = p[x];
            }
            x
        }
        let mut min_score: BTreeMap<usize, f64> = BTreeMap::new();
        let strong: Vec<(usize, usize, f64)> = relations
            .iter()
            .filter(|(a, b, r)| self.strong_conflict(*a, *b, r))
            .map(|&(a, b, r)| (a, b, r.score))
            .collect();
        for &(a, b, _) in &strong {
            let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
            if ra != rb {
                parent[ra.max(rb)] = ra.min(rb);
            }
        }
        for &(a, _, s) in &strong {
            let r = find(&mut parent, a);
            let e = min_score.entry(r).or_insert(1.0);
            *e = e.min(s);
        }
        // Statements by root, each with its classes ascending.
        let mut statements: Vec<(usize, usize)> = (0..n)
            .filter(|&c| self.statement_sized(c))
            .map(|c| (find(&mut parent, c), c))
            .collect();
        statements.sort_unstable();
        for run in statements.chunk_by(|x, y| x.0 == y.0) {
            let root = run[0].0;
            let classes: Vec<usize> = run.iter().map(|&(_, c)| c).collect();
            let mut members: Vec<usize> =
                classes.iter().flat_map(|&c| self.classes.members(c).iter().copied()).collect();
            // One quote is no conflict with anything.
            if members.len() < 2 {
                continue;
            }
            let score = min_score.get(&root).copied().unwrap_or(1.0);
            let scope = if classes.len() == 1 { "same_words" } else { "near_words" };
            members.sort_unstable();
            // A quote nested inside another of the statement is the same
            // words on the page: keep the outer one.
            let inner = self.nested(&members);
            members.retain(|m| !inner.contains(m));
            self.speaker_conflict(&members, scope, score, out);
            self.value_conflict(
                &members,
                scope,
                score,
                out,
                |q| q.date.as_deref(),
                FindingType::DateConflict,
            );
            self.value_conflict(
                &members,
                scope,
                score,
                out,
                |q| q.outlet.as_deref(),
                FindingType::OutletConflict,
            );
        }
    }

    fn speaker_conflict(&self, members: &[usize], scope: &str, score: f64, out: &mut Vec<Finding>) {
        let groups: Vec<Group> =
            self.groups(members).into_iter().filter(|g| g.entity.is_some()).collect();
        if groups.len() < 2 {
            return;
        }
        let named = groups
            .iter()
            .filter(|g| self.entity_kind(g.entity) != Some(EntityKind::Description))
            .count();
        let severity = if named >= 2 { Severity::Conflict } else { Severity::Info };
        let speakers: Vec<String> = groups
            .iter()
            .map(|g| self.display_name(g.entity))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        // Diff between the first two classes that carry different groups.
        let diff = groups
            .iter()
            .filter_map(|g| g.members.first().and_then(|&m| self.class_of[m]))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .take(2)
            .collect::<Vec<_>>();
        let diff = match diff.as_slice() {
            [a, b] => self.diff_between(*a, *b),
            _ => Vec::new(),
        };
        let reason = format!(
            "the same {} attributed to different speakers: {}",
            if scope == "same_words" { "words are" } else { "statement is" },
            speakers.join(", ")
        );
        let involved = groups.iter().flat_map(|g| g.members.iter().copied());
        out.push(self.finding(
            Detail::SpeakerConflict { speakers, diff },
            severity,
            &format!("speaker_conflict.{scope}"),
            score,
            reason,
            involved,
        ));
    }

    fn value_conflict<'q>(
        &self,
        members: &[usize],
        scope: &str,
        score: f64,
        out: &mut Vec<Finding>,
        value: impl Fn(&'q Quote) -> Option<&'q str>,
        kind: FindingType,
    ) where
        'a: 'q,
    {
        // Values compare folded (`KCNA` = `kcna`), display as first written.
        let mut by_key: BTreeMap<String, (&str, Vec<usize>)> = BTreeMap::new();
        for &m in members {
            if let Some(v) = value(self.quotes[m]) {
                let k = normalize::speaker_key(v);
                if k.is_empty() {
                    continue;
                }
                by_key.entry(k).or_insert_with(|| (v, Vec::new())).1.push(m);
            }
        }
        if by_key.len() < 2 {
            return;
        }
        let values: Vec<String> = by_key.values().map(|(v, _)| v.to_string()).collect();
        let involved: Vec<usize> = by_key.values().flat_map(|(_, ms)| ms.iter().copied()).collect();
        let (detail, what) = match kind {
            FindingType::DateConflict => (Detail::DateConflict { dates: values.clone() }, "dates"),
            _ => (Detail::OutletConflict { outlets: values.clone() }, "media"),
        };
        let reason = format!("the same statement is given different {what}: {}", values.join(", "));
        out.push(self.finding(
            detail,
            Severity::Conflict,
            &format!("{}.{scope}", kind.as_str()),
            score,
            reason,
            involved,
        ));
    }

    /// `role_conflict`: one entity, roles that are not the same post.
    fn role_findings(&self, out: &mut Vec<Finding>) {
        // (article, quote index) → position of the quote; of records
        // sharing both, the last. The quotes are sorted by article, so
        // each article's are a range of positions.
        let mut articles: FnvHashMap<&str, std::ops::Range<usize>> = FnvHashMap::default();
        for (i, q) in self.quotes.iter().enumerate() {
            articles.entry(q.article.as_str()).or_insert(i..i).end = i + 1;
        }
        let mut by_index: Vec<(usize, usize)> =
            self.quotes.iter().enumerate().map(|(i, q)| (q.index, i)).collect();
        for range in articles.values() {
            by_index[range.clone()].sort_unstable();
        }
        let position = |article: &str, index: usize| {
            let in_article = &by_index[articles.get(article)?.clone()];
            let end = in_article.partition_point(|&(x, _)| x <= index);
            in_article[..end].last().filter(|&&(x, _)| x == index).map(|&(_, i)| i)
        };
        // Whether two wordings are one post, for the few distinct wordings.
        let mut equivalent: FnvHashMap<(&str, &str), bool> = FnvHashMap::default();
        for entity in &self.speakers.entities {
            if entity.kind == EntityKind::Description || entity.roles.len() < 2 {
                continue;
            }
            // Cluster role wordings by equivalence (union over a sorted list).
            let distinct: Vec<&str> =
                entity.roles.iter().map(|r| r.role).collect::<BTreeSet<_>>().into_iter().collect();
            let mut cluster: Vec<usize> = (0..distinct.len()).collect();
            for i in 0..distinct.len() {
                for j in 0..i {
                    let (a, b) = (distinct[i], distinct[j]);
                    if *equivalent
                        .entry((a, b))
                        .or_insert_with(|| normalize::roles_equivalent(a, b))
                    {
                        let (ci, cj) = (cluster[i], cluster[j]);
                        let (lo, hi) = (ci.min(cj), ci.max(cj));
                        for c in cluster.iter_mut() {
                            if *c == hi {
                                *c = lo;
                            }
                        }
                    }
                }
            }
            if cluster.iter().collect::<BTreeSet<_>>().len() < 2 {
                continue;
            }
            let cluster_of = |role: &str| {
                cluster[distinct.binary_search(&role).expect("every role is among the distinct")]
            };
            // Different posts at one time (same article or date, or a date
            // unknown) is a conflict; at different dates it may be a change
            // of post, which an editor should confirm.
            let same_time = {
                // Every role has another of a different post (there are two
                // posts at least), so one without a date is a conflict;
                // otherwise two posts must share an article or a date.
                let mut article_posts: BTreeMap<&str, BTreeSet<usize>> = BTreeMap::new();
                let mut date_posts: BTreeMap<&str, BTreeSet<usize>> = BTreeMap::new();
                let mut undated = false;
                for r in &entity.roles {
                    let c = cluster_of(r.role);
                    article_posts.entry(r.article).or_default().insert(c);
                    match r.date {
                        Some(d) => {
                            date_posts.entry(d).or_default().insert(c);
                        }
                        None => undated = true,
                    }
                }
                undated
                    || article_posts.values().any(|p| p.len() > 1)
                    || date_posts.values().any(|p| p.len() > 1)
            };
            let (severity, rule, when) = if same_time {
                (Severity::Conflict, "role_conflict.same_time", "at the same time")
            } else {
                (
                    Severity::Info,
                    "role_conflict.over_time",
                    "at different dates (a change of post?)",
                )
            };
            let members: Vec<usize> =
                entity.roles.iter().filter_map(|r| position(r.article, r.quote?)).collect();
            let mut roles_text: Vec<String> = entity.roles.iter().map(|r| r.to_string()).collect();
            roles_text.dedup();
            let reason = format!(
                "{} is described with different titles {when}: {}",
                entity.name,
                roles_text.join("; ")
            );
            out.push(self.finding(
                Detail::RoleConflict {
                    speaker: entity.name.to_string(),
                    roles: distinct_roles(&entity.roles),
                },
                severity,
                rule,
                1.0,
                reason,
                members,
            ));
        }
    }

    /// `source_descriptions`: within one article, a source named as `via`
    /// or `outlet` of some quote, and referred to by several quotes in
    /// more than one way (relaying a quote, speaking in an indirect claim,
    /// named in another claim's words).
    fn source_findings(&self, out: &mut Vec<Finding>) {
        // Speakers, vias and outlets repeat across articles: fold each once.
        let mut folded: FnvHashMap<&str, String> = FnvHashMap::default();
        // The quotes are sorted by article: each article's lie together.
        for run in (0..self.quotes.len())
            .collect::<Vec<_>>()
            .chunk_by(|&x, &y| self.quotes[x].article == self.quotes[y].article)
        {
            let article = self.quotes[run[0]].article.as_str();
            let members = run;
            for &m in members {
                let q = self.quotes[m];
                for v in [&q.speaker, &q.via, &q.outlet].into_iter().flatten() {
                    folded.entry(v).or_insert_with(|| source_key(v));
                }
            }
            let mut sources: BTreeMap<&str, &str> = BTreeMap::new();
            for &m in members {
                let q = self.quotes[m];
                for v in [&q.via, &q.outlet].into_iter().flatten() {
                    let k = folded[v.as_str()].as_str();
                    if !k.is_empty() {
                        sources.entry(k).or_insert(v);
                    }
                }
            }
            if sources.is_empty() {
                continue;
            }
            // Each quote's speaker, via and outlet with their folded forms.
            let with_key = |v: &'a Option<String>| v.as_deref().map(|v| (v, folded[v].as_str()));
            let keys: Vec<[Option<(&str, &str)>; 3]> = members
                .iter()
                .map(|&m| {
                    let q = self.quotes[m];
                    [with_key(&q.speaker), with_key(&q.via), with_key(&q.outlet)]
                })
                .collect();
            for (key, shown) in sources {
                let mut uses: Vec<(usize, SourceUse)> = Vec::new();
                for (&m, [speaker, via, outlet]) in members.iter().zip(&keys) {
                    let q = self.quotes[m];
                    let mut add = |how: &str, written: &str| {
                        uses.push((
                            m,
                            SourceUse {
                                article: article.to_string(),
                                index: q.index,
                                how: how.to_string(),
                                written: written.to_string(),
                            },
                        ))
                    };
                    let refers =
                        |v: &Option<(&'a str, &str)>| v.filter(|&(_, k)| k == key).map(|(v, _)| v);
                    if let Some(s) = refers(speaker) {
                        add("speaker", s);
                    } else if let Some((s, _)) =
                        speaker.as_ref().filter(|(_, k)| contains_words(k, key))
                    {
                        add("speaker", s);
                    }
                    if let Some(v) = refers(via) {
                        add("via", v);
                    }
                    if let Some(v) = refers(outlet) {
                        add("outlet", v);
                    }
                    // A speech quote's claim key is its class's (no class:
                    // no words, so nothing named).
                    if q.kind.is_speech()
                        && self.class_of[m]
                            .is_some_and(|c| contains_words(self.classes.key(c), key))
                    {
                        add("mentioned", shown);
                    }
                }
                let quotes: BTreeSet<usize> = uses.iter().map(|(m, _)| *m).collect();
                let ways: BTreeSet<(&str, QuoteKind)> =
                    uses.iter().map(|(m, u)| (u.how.as_str(), self.quotes[*m].kind)).collect();
                if quotes.len() < 2 || ways.len() < 2 {
                    continue;
                }
                let mut descriptions: Vec<SourceUse> =
                    uses.iter().map(|(_, u)| u.clone()).collect();
                descriptions.sort();
                let reason = format!(
                    "{shown} is referred to by {} quotes of {article} in {} ways",
                    quotes.len(),
                    ways.len()
                );
                out.push(self.finding(
                    Detail::SourceDescriptions { source: shown.to_string(), descriptions },
                    Severity::Info,
                    "source_descriptions.same_article",
                    1.0,
                    reason,
                    quotes,
                ));
            }
        }
    }
}

fn speakers_of(a: &str, b: &str) -> Vec<String> {
    let set: BTreeSet<String> =
        [a, b].into_iter().filter(|s| !s.is_empty()).map(str::to_string).collect();
    set.into_iter().collect()
}

/// A source name folded like a claim, without a leading article: `the Vox
/// report` and `Vox report` give `vox report`.
fn source_key(name: &str) -> String {
    let key = normalize::claim_key(name);
    let key = key.strip_prefix("the ").unwrap_or(&key);
    key.to_string()
}

/// True when the words of the key `needle` (words between single spaces)
/// appear in a row in the key `hay`: `needle` occurs in it starting and
/// ending at word boundaries.
fn contains_words(hay: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return false;
    }
    let bytes = hay.as_bytes();
    let mut from = 0;
    while let Some(i) = hay[from..].find(needle) {
        let (start, end) = (from + i, from + i + needle.len());
        if (start == 0 || bytes[start - 1] == b' ') && (end == hay.len() || bytes[end] == b' ') {
            return true;
        }
        // Matches may overlap: go on from the next character.
        from = start + hay[start..].chars().next().map_or(1, char::len_utf8);
    }
    false
}

/// One use of each role per article and date (the first, by quote), so the
/// evidence lists each title once.
fn distinct_roles(roles: &[RoleRef]) -> Vec<RoleUse> {
    let mut seen = BTreeSet::new();
    roles
        .iter()
        .filter(|r| seen.insert((r.role, r.article, r.date)))
        .map(|r| r.to_role_use())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The classes of `texts`, in order.
    fn classes(texts: &[&str]) -> Classes {
        let mut t = Classes::default();
        for text in texts {
            t.push(&normalize::claim_key(text), &[]);
        }
        t
    }

    /// `f` on the classes of two texts.
    fn pair<T>(a: &str, b: &str, f: impl FnOnce(ClassView, ClassView) -> T) -> T {
        let t = classes(&[a, b]);
        f(t.view(0), t.view(1))
    }

    fn align(a: ClassView, b: ClassView) -> Alignment {
        align_forms(a, b, &a.forms(), &b.forms())
    }

    fn speech(text: &str, kind: QuoteKind) -> Quote {
        Quote {
            article: "a".into(),
            index: 0,
            kind,
            text: text.into(),
            start: 0,
            end: text.len(),
            paragraph: 0,
            parent: None,
            speaker: None,
            speaker_key: None,
            role: None,
            cue: None,
            outlet: None,
            via: None,
            date: None,
            insertions: Vec::new(),
        }
    }

    #[test]
    fn blocking_keys_are_the_index_shingles_of_the_claim_key() {
        let k = blocking_keys(&speech(
            "Do not harbor… foolish dreams, not harbor!",
            QuoteKind::Partial,
        ))
        .expect("speech has keys");
        assert_eq!(k.claim_key, normalize::claim_key("Do not harbor… foolish dreams, not harbor!"));
        // No shingle across the ellipsis; a repeated pair once; sorted.
        let dreams = normalize::match_form("dreams");
        let want: BTreeSet<String> = ["do not".to_string(), "not harbor".into()]
            .into_iter()
            .chain([format!("foolish {dreams}"), format!("{dreams} not")])
            .collect();
        assert_eq!(k.shingles, want.into_iter().collect::<Vec<_>>());
        assert!(!k.shingles.iter().any(|s| s.starts_with("harbor ")), "{:?}", k.shingles);
    }

    #[test]
    fn blocking_keys_reject_titles_terms_and_empty_quotes() {
        assert!(blocking_keys(&speech("Hanoi No Deal", QuoteKind::Term)).is_none());
        assert!(blocking_keys(&speech("A Breakthrough", QuoteKind::Title)).is_none());
        assert!(blocking_keys(&speech("…", QuoteKind::Direct)).is_none());
        let one = blocking_keys(&speech("weak", QuoteKind::Partial)).expect("keys");
        assert_eq!((one.claim_key.as_str(), one.shingles.len()), ("weak", 0));
    }

    /// Two quotes the audit relates through the shingle index share a
    /// blocking key: grouping by the keys loses no candidate pair.
    #[test]
    fn related_quotes_share_a_blocking_key() {
        let a =
            blocking_keys(&speech("do not harbor foolish dreams.", QuoteKind::Partial)).unwrap();
        let b = blocking_keys(&speech(
            "the US should not harbor the foolish dream of trying to renegotiate",
            QuoteKind::Partial,
        ))
        .unwrap();
        assert!(a.shingles.iter().any(|s| b.shingles.contains(s)), "{a:?} {b:?}");
    }

    #[test]
    fn containment_accepts_word_for_word_fragments() {
        let r = pair("small deal", "we do not want a small deal at all", containment);
        assert_eq!(r.map(|r| r.strength), Some(Strength::Contained));
    }

    #[test]
    fn containment_accepts_ellipsis_filled_by_words() {
        let r = pair(
            "it is clear … they will not get relief",
            "it is clear, very clear, that they will not get relief",
            containment,
        )
        .expect("elided");
        assert_eq!((r.strength, r.score), (Strength::Elided, 1.0));
    }

    #[test]
    fn containment_rejects_changed_words() {
        assert!(pair("a big deal", "we do not want a small deal", containment).is_none());
        assert!(pair("deal small", "a small deal", containment).is_none());
    }

    #[test]
    fn relate_calls_a_one_word_misquote_near_identical() {
        let r = pair(
            "The delegates of the DPRK side are ready to enter into the negotiations.",
            "The delegates of the DPRK side are willing to enter into the negotiations.",
            relate,
        )
        .expect("related");
        assert_eq!(r.strength, Strength::NearIdentical);
        assert!(r.score >= SAME_STATEMENT_MIN_RATIO && r.score < 1.0, "{}", r.score);
    }

    #[test]
    fn relate_calls_the_kim_yo_jong_pair_partly_reworded() {
        let r = pair("do not harbor foolish dreams.", "the US should not harbor the foolish dream of trying to renegotiate partial \
                 sanctions relief and the permanent dismantlement of large-scale nuclear facilities", relate)
        .expect("related");
        assert_eq!(r.strength, Strength::PartlyReworded);
        assert!((r.score - 0.8).abs() < 1e-9, "{}", r.score);
    }

    #[test]
    fn relate_rejects_scattered_common_words() {
        // Four of five words align, but spread over the whole sentence.
        let r = pair("the talks of the summit", "the US side said talks would go on, but of course none of the aides knew when a summit might come", relate);
        assert!(r.is_none(), "{r:?}");
    }

    #[test]
    fn relate_rejects_unrelated_quotes() {
        assert!(
            pair("we want to make this work", "this is a disaster for everyone", relate).is_none()
        );
    }

    #[test]
    fn ratio_explains_words_at_a_gap() {
        pair("we will … win", "we will certainly and quickly win", |a, b| {
            assert_eq!(ratio(a, b, &align(a, b)), 1.0);
        });
    }

    /// Longest common subsequence by the textbook table.
    fn lcs_table(a: &[u32], b: &[u32]) -> usize {
        let mut row = vec![0usize; b.len() + 1];
        for x in a {
            let mut diag = 0;
            for (j, y) in b.iter().enumerate() {
                let up = row[j + 1];
                row[j + 1] = if x == y { diag + 1 } else { up.max(row[j]) };
                diag = up;
            }
        }
        row[b.len()]
    }

    proptest::proptest! {
        #[test]
        fn lcs_len_is_the_longest_common_subsequence(
            a in proptest::collection::vec(0u32..6, 0..150),
            b in proptest::collection::vec(0u32..6, 0..150),
        ) {
            proptest::prop_assert_eq!(lcs_len(&a, &b), lcs_table(&a, &b));
        }
    }

    #[test]
    fn too_few_matches_follows_the_rules() {
        let shape = |a_len, b_len| Shape { a_len, b_len, a_gaps: false, b_gaps: false };
        // 3 of 4 and 4 words: ratio 0.75, a variant (content words or not).
        assert!(!too_few_matches(3, 0, shape(4, 4)));
        assert!(too_few_matches(2, 2, shape(4, 4)));
        // 4 of a 5-word fragment in 20 words: containment 0.8, if two of
        // them are content words.
        assert!(!too_few_matches(4, 2, shape(5, 20)));
        assert!(too_few_matches(4, 1, shape(5, 20)));
        assert!(too_few_matches(3, 3, shape(5, 20)));
        // Three words are too short for a partial.
        assert!(too_few_matches(3, 3, shape(3, 20)));
        // A gap in the 3-word quote may explain the 17 unmatched words of
        // the other: 2·3 / (3 + 20 − 17) = 1.
        assert!(!too_few_matches(3, 3, Shape { a_gaps: true, ..shape(3, 20) }));
        // A gap in the longer one explains nothing of the shorter here.
        assert!(too_few_matches(3, 3, Shape { b_gaps: true, ..shape(3, 20) }));
        // Gaps on both sides may explain every unmatched word.
        assert!(!too_few_matches(1, 0, Shape { a_gaps: true, b_gaps: true, ..shape(9, 9) }));
    }

    #[test]
    fn diff_chunks_show_word_changes() {
        let d = diff_chunks("they are ready to go", "they are willing to go");
        assert_eq!(render_diff(&d), "they are [-ready-] {+willing+} to go");
    }

    #[test]
    fn finding_id_depends_on_content_only() {
        let q = QuoteRef {
            article: "a".into(),
            index: 0,
            start: 1,
            end: 5,
            kind: QuoteKind::Direct,
            speaker: None,
            entity: None,
            role: None,
            date: None,
            outlet: None,
            via: None,
            published: None,
            text: "x".into(),
        };
        let one = finding_id(
            FindingType::Duplicate,
            "duplicate.same_words",
            std::slice::from_ref(&q),
            "",
        );
        assert_eq!(
            one,
            finding_id(
                FindingType::Duplicate,
                "duplicate.same_words",
                std::slice::from_ref(&q),
                ""
            )
        );
        assert_eq!(one.len(), 16);
        let moved = QuoteRef { start: 2, ..q };
        assert_ne!(one, finding_id(FindingType::Duplicate, "duplicate.same_words", &[moved], ""));
    }

    #[test]
    fn severity_orders_conflict_first() {
        assert!(Severity::Conflict > Severity::Variant);
        assert!(Severity::Variant > Severity::Duplicate);
        assert!(Severity::Duplicate > Severity::Info);
    }

    #[test]
    fn finding_serializes_with_a_type_tag() {
        let f = Finding {
            detail: Detail::DateConflict { dates: vec!["2019-10-01".into()] },
            id: "0".into(),
            severity: Severity::Conflict,
            rule: "date_conflict.same_words".into(),
            score: 1.0,
            reason: String::new(),
            quotes: vec![],
        };
        let v = serde_json::to_value(&f).expect("json");
        assert_eq!(v["type"], "date_conflict");
        assert_eq!(v["severity"], "conflict");
        let back: Finding = serde_json::from_value(v).expect("back");
        assert_eq!(back, f);
    }

    #[test]
    fn source_key_drops_the_article() {
        assert_eq!(source_key("the Vox"), "vox");
        assert!(contains_words("the vox report was accurate", "vox report"));
        assert!(contains_words("vox report", "vox report"));
        assert!(!contains_words("voxel", "vox"));
        assert!(!contains_words("a voxel report", "vox"));
        assert!(contains_words("ba ba b", "ba b"));
        assert!(!contains_words("ba ba b", "a b"));
        assert!(!contains_words("", ""));
    }
}
