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
//! 3. Each candidate pair is aligned word by word (`similar`, Myers) and
//!    classified: *elided* or *contained* (one lies inside the other, gaps
//!    allowed), *near identical*, *reworded*, or *partly reworded*.
//! 4. Findings: `duplicate` within a class; `fragment` and `variant` between
//!    classes of one speaker; `speaker_conflict`, `date_conflict` and
//!    `outlet_conflict` over *statements* (classes joined by strong
//!    relations); `role_conflict` over entities; `source_descriptions` over
//!    the sources (via, outlet) an article names.
//!
//! Nothing depends on input order: quotes are sorted first and every map is
//! a `BTreeMap`.

use std::collections::{BTreeMap, BTreeSet};
use std::hash::Hasher;

use serde::{Deserialize, Serialize};
use similar::{Algorithm, ChangeTag, DiffOp, TextDiff};

use crate::model::{ArticleMeta, Quote, QuoteKind};
use crate::normalize::{self, ClaimToken, Entity, EntityKind, Mention, RoleUse, SpeakerIndex};

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
    speaker_index(&quotes, articles, &published).entities().cloned().collect()
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
    let class = Class::new(key, Vec::new());
    let shingles: BTreeSet<String> = class.shingles().map(|sh| sh.join(" ")).collect();
    Some(BlockingKeys { claim_key: class.key, shingles: shingles.into_iter().collect() })
}

/// Cross-references quotes across articles. The result is sorted most
/// serious first and does not depend on the order of either input.
pub fn audit(quotes: &[Quote], articles: &[ArticleMeta]) -> Vec<Finding> {
    let quotes = canonical_quotes(quotes);
    let published = published_dates(articles);
    let speakers = speaker_index(&quotes, articles, &published);
    let ctx = Context::new(&quotes, &published, &speakers);
    let mut findings = Vec::new();
    ctx.class_findings(&mut findings);
    let relations = ctx.relations();
    ctx.pair_findings(&relations, &mut findings);
    ctx.statement_findings(&relations, &mut findings);
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

/// Quotes in a fixed order, exact repeats of one record dropped.
fn canonical_quotes(quotes: &[Quote]) -> Vec<Quote> {
    let mut qs: Vec<Quote> = quotes.to_vec();
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
fn published_dates(articles: &[ArticleMeta]) -> BTreeMap<String, String> {
    let mut out: BTreeMap<String, String> = BTreeMap::new();
    for a in articles {
        if let Some(d) = &a.published {
            out.entry(a.id.clone())
                .and_modify(|e| {
                    if d < e {
                        e.clone_from(d);
                    }
                })
                .or_insert_with(|| d.clone());
        }
    }
    out
}

/// Mentions of speakers (from the quotes) and of people the articles name
/// with a role without quoting them (`ArticleMeta::people`), so that a
/// title given in one article can be compared with another's.
fn speaker_index(
    quotes: &[Quote],
    articles: &[ArticleMeta],
    published: &BTreeMap<String, String>,
) -> SpeakerIndex {
    let mut people: Vec<Mention> = articles
        .iter()
        .flat_map(|a| {
            a.people.iter().filter(|p| p.role.is_some()).map(move |p| Mention {
                article: a.id.clone(),
                name: p.name.clone(),
                role: p.role.clone(),
                date: published.get(&a.id).cloned(),
                quote: None,
            })
        })
        .collect();
    people.sort_by(|a, b| (&a.article, &a.name, &a.role).cmp(&(&b.article, &b.name, &b.role)));
    people.dedup();
    let mut mentions: Vec<Mention> = quotes
        .iter()
        .filter_map(|q| {
            let name = q.speaker.as_ref()?;
            Some(Mention {
                article: q.article.clone(),
                name: name.clone(),
                role: q.role.clone(),
                date: published.get(&q.article).cloned().or_else(|| q.date.clone()),
                quote: Some(q.index),
            })
        })
        .collect();
    mentions.extend(people);
    SpeakerIndex::resolve(&mentions)
}

/// Quotes with one claim key.
struct Class {
    key: String,
    /// Folded words, gaps removed.
    words: Vec<String>,
    /// `match_form` of each word.
    forms: Vec<String>,
    /// Word positions preceded by a gap.
    gaps: BTreeSet<usize>,
    /// `forms`, sorted: for the bag-of-words bound in [`relate`].
    sorted_forms: Vec<String>,
    /// Indexes into the canonical quotes.
    members: Vec<usize>,
}

impl Class {
    fn new(key: String, members: Vec<usize>) -> Class {
        let mut words = Vec::new();
        let mut gaps = BTreeSet::new();
        for t in normalize::claim_tokens(&key) {
            match t {
                ClaimToken::Word(w) => words.push(w.to_string()),
                ClaimToken::Gap => {
                    gaps.insert(words.len());
                }
            }
        }
        let forms: Vec<String> =
            words.iter().map(|w| normalize::match_form(w).to_string()).collect();
        let mut sorted_forms = forms.clone();
        sorted_forms.sort_unstable();
        Class { key, words, forms, gaps, sorted_forms, members }
    }

    /// The candidate index's shingles: [`SHINGLE_WORDS`]-word windows of
    /// match forms, never across a gap.
    fn shingles(&self) -> impl Iterator<Item = &[String]> + '_ {
        let mut start = 0;
        self.gaps.iter().copied().chain(std::iter::once(self.words.len())).flat_map(move |end| {
            let seg = &self.forms[start..end];
            start = end;
            seg.windows(SHINGLE_WORDS)
        })
    }

    /// Word runs between gaps.
    fn segments(&self) -> Vec<&[String]> {
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
fn find_segments(short: &[&[String]], long: &[String]) -> Option<Vec<usize>> {
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
fn containment(short: &Class, long: &Class) -> Option<Relation> {
    if short.words.len() > long.words.len() || short.words.is_empty() {
        return None;
    }
    let segs = short.segments();
    let starts = find_segments(&segs, &long.words)?;
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
    /// The aligned words (match forms).
    shared: Vec<String>,
    explained: usize,
    b_first: usize,
    b_last: usize,
}

fn align(a: &Class, b: &Class) -> Alignment {
    let fa: Vec<&str> = a.forms.iter().map(String::as_str).collect();
    let fb: Vec<&str> = b.forms.iter().map(String::as_str).collect();
    let ops = similar::capture_diff_slices(Algorithm::Myers, &fa, &fb);
    let mut al =
        Alignment { matches: 0, shared: Vec::new(), explained: 0, b_first: usize::MAX, b_last: 0 };
    for op in &ops {
        match *op {
            DiffOp::Equal { new_index, len, .. } => {
                al.matches += len;
                al.shared.extend(fb[new_index..new_index + len].iter().map(|w| w.to_string()));
                al.b_first = al.b_first.min(new_index);
                al.b_last = al.b_last.max(new_index + len - 1);
            }
            DiffOp::Insert { old_index, new_len, .. } => {
                if a.gaps.contains(&old_index) {
                    al.explained += new_len;
                }
            }
            DiffOp::Delete { old_len, new_index, .. } => {
                if b.gaps.contains(&new_index) {
                    al.explained += old_len;
                }
            }
            DiffOp::Replace { old_index, old_len, new_index, new_len } => {
                if a.gaps.contains(&old_index) {
                    al.explained += new_len;
                }
                if b.gaps.contains(&new_index) {
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
fn ratio(a: &Class, b: &Class, al: &Alignment) -> f64 {
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
fn content_words(words: &[String]) -> usize {
    words.iter().filter(|w| !normalize::is_function_word(w)).count()
}

/// Size of the multiset intersection of two sorted word lists.
fn common_words(a: &[String], b: &[String]) -> usize {
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

/// True when no rule can fire for the pair. The words two quotes share as
/// a bag bound from above the words any alignment can match, so this
/// cheap test drops most candidates before the diff and changes no result.
fn cannot_relate(a: &Class, b: &Class) -> bool {
    if !a.gaps.is_empty() || !b.gaps.is_empty() {
        return false;
    }
    let common = common_words(&a.sorted_forms, &b.sorted_forms);
    let short = a.words.len().min(b.words.len());
    let total = a.words.len() + b.words.len();
    common < short
        && 2.0 * (common as f64) < VARIANT_MIN_RATIO * total as f64
        && (short < PARTIAL_MIN_WORDS || (common as f64) < PARTIAL_MIN_CONTAINMENT * short as f64)
}

/// Classifies a candidate pair, or `None` when they are unrelated.
fn relate(a: &Class, b: &Class) -> Option<Relation> {
    if cannot_relate(a, b) {
        return None;
    }
    if let Some(r) = containment(a, b).or_else(|| containment(b, a)) {
        // A fragment of function words only (`of course`) is no evidence.
        let short = if a.words.len() <= b.words.len() { a } else { b };
        return (r.strength == Strength::Elided || content_words(&short.words) > 0).then_some(r);
    }
    let al = align(a, b);
    let r = ratio(a, b, &al);
    if r >= SAME_STATEMENT_MIN_RATIO {
        return Some(Relation { strength: Strength::NearIdentical, score: r });
    }
    if r >= VARIANT_MIN_RATIO {
        return Some(Relation { strength: Strength::Reworded, score: r });
    }
    let (short, long) = if a.words.len() <= b.words.len() { (a, b) } else { (b, a) };
    if short.words.len() < PARTIAL_MIN_WORDS || al.matches == 0 {
        return None;
    }
    let contained = al.matches as f64 / short.words.len() as f64;
    if contained < PARTIAL_MIN_CONTAINMENT {
        return None;
    }
    // Aligned again short-to-long so spans and shared words are read on
    // the longer side.
    let al = align(short, long);
    let spread = (al.b_last + 1 - al.b_first) as f64 / short.words.len() as f64;
    let shared_content = al.shared.iter().filter(|w| !normalize::is_function_word(w)).count();
    (spread <= PARTIAL_MAX_SPREAD && shared_content >= PARTIAL_MIN_CONTENT_WORDS)
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
    entity: Option<String>,
    members: Vec<usize>,
}

struct Context<'a> {
    quotes: &'a [Quote],
    published: &'a BTreeMap<String, String>,
    speakers: &'a SpeakerIndex,
    classes: Vec<Class>,
    /// Entity id of each quote.
    entity_of: Vec<Option<String>>,
    /// (article, quote index) → position in `quotes`.
    by_position: BTreeMap<(String, usize), usize>,
}

impl<'a> Context<'a> {
    fn new(
        quotes: &'a [Quote],
        published: &'a BTreeMap<String, String>,
        speakers: &'a SpeakerIndex,
    ) -> Context<'a> {
        let mut by_key: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (i, q) in quotes.iter().enumerate() {
            if !q.kind.is_speech() {
                continue;
            }
            let key = normalize::claim_key(&q.text);
            if !key.is_empty() {
                by_key.entry(key).or_default().push(i);
            }
        }
        let classes = by_key.into_iter().map(|(k, m)| Class::new(k, m)).collect();
        let entity_of = quotes
            .iter()
            .map(|q| {
                let name = q.speaker.as_ref()?;
                speakers.entity_of(&q.article, name).map(|e| e.id.clone())
            })
            .collect();
        let by_position =
            quotes.iter().enumerate().map(|(i, q)| ((q.article.clone(), q.index), i)).collect();
        Context { quotes, published, speakers, classes, entity_of, by_position }
    }

    fn quote_ref(&self, i: usize) -> QuoteRef {
        let q = &self.quotes[i];
        QuoteRef {
            article: q.article.clone(),
            index: q.index,
            start: q.start,
            end: q.end,
            kind: q.kind,
            speaker: q.speaker.clone(),
            entity: self.entity_of[i].clone(),
            role: q.role.clone(),
            date: q.date.clone(),
            outlet: q.outlet.clone(),
            via: q.via.clone(),
            published: self.published.get(&q.article).cloned(),
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

    fn display_name(&self, entity: Option<&str>) -> String {
        entity.and_then(|id| self.speakers.get(id)).map(|e| e.name.clone()).unwrap_or_default()
    }

    fn entity_kind(&self, entity: Option<&str>) -> Option<EntityKind> {
        entity.and_then(|id| self.speakers.get(id)).map(|e| e.kind)
    }

    fn compatible(&self, a: Option<&str>, b: Option<&str>) -> bool {
        match (a, b) {
            (Some(a), Some(b)) => self.speakers.compatible(a, b),
            _ => true,
        }
    }

    /// Splits quotes into speaker groups. Each entity is a group; an
    /// unresolved surname joins the one full-name group it fits, and
    /// unattributed quotes join the only group there is. What fits nowhere
    /// (or several places) stays a group of its own.
    fn groups(&self, members: &[usize]) -> Vec<Group> {
        let mut by_entity: BTreeMap<Option<String>, Vec<usize>> = BTreeMap::new();
        for &m in members {
            by_entity.entry(self.entity_of[m].clone()).or_default().push(m);
        }
        let unknown = by_entity.remove(&None);
        let (surnames, mut full): (Vec<_>, Vec<_>) = by_entity
            .into_iter()
            .partition(|(e, _)| self.entity_kind(e.as_deref()) == Some(EntityKind::Surname));
        let mut alone = Vec::new();
        for (e, ms) in surnames {
            let fits: Vec<usize> = full
                .iter()
                .enumerate()
                .filter(|(_, (f, _))| self.compatible(e.as_deref(), f.as_deref()))
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
        for class in &self.classes {
            if class.members.len() < 2 {
                continue;
            }
            for g in self.groups(&class.members) {
                if g.members.len() < 2 {
                    continue;
                }
                let speaker = self.display_name(g.entity.as_deref());
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
    fn relations(&self) -> BTreeMap<(usize, usize), Relation> {
        let mut index: BTreeMap<Vec<&str>, BTreeSet<usize>> = BTreeMap::new();
        for (ci, class) in self.classes.iter().enumerate() {
            for sh in class.shingles() {
                index.entry(sh.iter().map(String::as_str).collect()).or_default().insert(ci);
            }
        }
        let mut candidates: BTreeSet<(usize, usize)> = BTreeSet::new();
        for postings in index.values() {
            if postings.len() < 2 || postings.len() > MAX_SHINGLE_CLASSES {
                continue;
            }
            let ids: Vec<usize> = postings.iter().copied().collect();
            for (n, &a) in ids.iter().enumerate() {
                for &b in &ids[n + 1..] {
                    candidates.insert((a, b));
                }
            }
        }
        candidates
            .into_iter()
            .filter_map(|(a, b)| relate(&self.classes[a], &self.classes[b]).map(|r| ((a, b), r)))
            .collect()
    }

    /// True when two quotes overlap in one article (a quote nested in
    /// another): the same words on the page, not two reports of them.
    fn overlap(&self, a: usize, b: usize) -> bool {
        let (qa, qb) = (&self.quotes[a], &self.quotes[b]);
        qa.article == qb.article && qa.start < qb.end && qb.start < qa.end
    }

    /// Orders two classes for a diff: the one cited first in the corpus
    /// (article, offset) is the "old" side.
    fn diff_between(&self, a: usize, b: usize) -> Vec<DiffChunk> {
        let first =
            |c: usize| self.classes[c].members.iter().map(|&m| quote_order(&self.quotes[m])).min();
        let (old, new) = if first(a) <= first(b) { (a, b) } else { (b, a) };
        diff_chunks(&self.classes[old].key, &self.classes[new].key)
    }

    /// `fragment` and `variant` between the speaker groups of related
    /// classes.
    fn pair_findings(
        &self,
        relations: &BTreeMap<(usize, usize), Relation>,
        out: &mut Vec<Finding>,
    ) {
        for (&(a, b), rel) in relations {
            let ga = self.groups(&self.classes[a].members);
            let gb = self.groups(&self.classes[b].members);
            for x in &ga {
                for y in &gb {
                    let same = self.compatible(x.entity.as_deref(), y.entity.as_deref());
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
                    let members: BTreeSet<usize> = x
                        .members
                        .iter()
                        .flat_map(|&p| y.members.iter().map(move |&q| (p, q)))
                        .filter(|&(p, q)| !self.overlap(p, q))
                        .filter(|&(p, q)| {
                            echo_ok || self.quotes[p].article == self.quotes[q].article
                        })
                        .flat_map(|(p, q)| [p, q])
                        .collect();
                    if members.is_empty() {
                        continue;
                    }
                    let sx = self.display_name(x.entity.as_deref());
                    let sy = self.display_name(y.entity.as_deref());
                    let diff = self.diff_between(a, b);
                    let pct = (rel.score * 100.0).round();
                    let (detail, severity, rule, reason) = match (same, rel.strength) {
                        (true, Strength::Elided) => (
                            Detail::Fragment { speaker: sx.clone(), diff },
                            Severity::Info,
                            "fragment.elided",
                            format!("one quote of {sx} is the other with words left out at its ellipsis"),
                        ),
                        (true, Strength::Contained) => (
                            Detail::Fragment { speaker: sx.clone(), diff },
                            Severity::Info,
                            "fragment.contained",
                            format!("a shorter quote of {sx} lies word for word inside a longer one ({pct}% of its length)"),
                        ),
                        (_, Strength::NearIdentical | Strength::Reworded) if same || !self.strong_conflict(a, b, rel) => (
                            Detail::Variant { speakers: speakers_of(&sx, &sy), diff },
                            Severity::Variant,
                            "variant.reworded",
                            format!("the words differ between reports: {pct}% of words align"),
                        ),
                        (_, Strength::PartlyReworded) => (
                            Detail::Variant { speakers: speakers_of(&sx, &sy), diff },
                            Severity::Variant,
                            "variant.partial",
                            format!("a fragment's words differ from the longer quote: {pct}% of them align, close together"),
                        ),
                        // Different speakers, same statement: reported as a
                        // `speaker_conflict` over the whole statement.
                        _ => continue,
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
        self.classes[c].words.len() >= MIN_CONFLICT_WORDS
    }

    /// `speaker_conflict`, `date_conflict`, `outlet_conflict` over
    /// statements: classes joined by same-statement relations.
    fn statement_findings(
        &self,
        relations: &BTreeMap<(usize, usize), Relation>,
        out: &mut Vec<Finding>,
    ) {
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
            .filter(|(&(a, b), r)| self.strong_conflict(a, b, r))
            .map(|(&(a, b), r)| (a, b, r.score))
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
        let mut statements: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for c in 0..n {
            if self.statement_sized(c) {
                statements.entry(find(&mut parent, c)).or_default().push(c);
            }
        }
        for (root, classes) in statements {
            let score = min_score.get(&root).copied().unwrap_or(1.0);
            let scope = if classes.len() == 1 { "same_words" } else { "near_words" };
            let mut members: Vec<usize> =
                classes.iter().flat_map(|&c| self.classes[c].members.iter().copied()).collect();
            members.sort_unstable();
            // A quote nested inside another of the statement is the same
            // words on the page: keep the outer one.
            let inner: BTreeSet<usize> = members
                .iter()
                .flat_map(|&p| members.iter().map(move |&q| (p, q)))
                .filter(|&(p, q)| p != q && self.overlap(p, q))
                .map(
                    |(p, q)| {
                        if self.quotes[p].text.len() <= self.quotes[q].text.len() {
                            p
                        } else {
                            q
                        }
                    },
                )
                .collect();
            members.retain(|m| !inner.contains(m));
            self.speaker_conflict(&classes, &members, scope, score, out);
            self.value_conflict(
                &members,
                scope,
                score,
                out,
                |q| q.date.clone(),
                FindingType::DateConflict,
            );
            self.value_conflict(
                &members,
                scope,
                score,
                out,
                |q| q.outlet.clone(),
                FindingType::OutletConflict,
            );
        }
    }

    fn speaker_conflict(
        &self,
        classes: &[usize],
        members: &[usize],
        scope: &str,
        score: f64,
        out: &mut Vec<Finding>,
    ) {
        let groups: Vec<Group> =
            self.groups(members).into_iter().filter(|g| g.entity.is_some()).collect();
        if groups.len() < 2 {
            return;
        }
        let named = groups
            .iter()
            .filter(|g| self.entity_kind(g.entity.as_deref()) != Some(EntityKind::Description))
            .count();
        let severity = if named >= 2 { Severity::Conflict } else { Severity::Info };
        let speakers: Vec<String> = groups
            .iter()
            .map(|g| self.display_name(g.entity.as_deref()))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        // Diff between the first two classes that carry different groups.
        let class_of =
            |m: usize| classes.iter().copied().find(|&c| self.classes[c].members.contains(&m));
        let diff = groups
            .iter()
            .filter_map(|g| g.members.first().and_then(|&m| class_of(m)))
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

    fn value_conflict(
        &self,
        members: &[usize],
        scope: &str,
        score: f64,
        out: &mut Vec<Finding>,
        value: impl Fn(&Quote) -> Option<String>,
        kind: FindingType,
    ) {
        // Values compare folded (`KCNA` = `kcna`), display as first written.
        let mut by_key: BTreeMap<String, (String, Vec<usize>)> = BTreeMap::new();
        for &m in members {
            if let Some(v) = value(&self.quotes[m]) {
                let k = normalize::speaker_key(&v);
                if k.is_empty() {
                    continue;
                }
                by_key.entry(k).or_insert_with(|| (v, Vec::new())).1.push(m);
            }
        }
        if by_key.len() < 2 {
            return;
        }
        let values: Vec<String> = by_key.values().map(|(v, _)| v.clone()).collect();
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
        for entity in self.speakers.entities() {
            if entity.kind == EntityKind::Description || entity.roles.len() < 2 {
                continue;
            }
            // Cluster role wordings by equivalence (union over a sorted list).
            let distinct: Vec<&str> = entity
                .roles
                .iter()
                .map(|r| r.role.as_str())
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect();
            let mut cluster: Vec<usize> = (0..distinct.len()).collect();
            for i in 0..distinct.len() {
                for j in 0..i {
                    if normalize::roles_equivalent(distinct[i], distinct[j]) {
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
            let cluster_of =
                |role: &str| distinct.iter().position(|d| *d == role).map(|i| cluster[i]);
            if cluster.iter().collect::<BTreeSet<_>>().len() < 2 {
                continue;
            }
            // Different posts at one time (same article or date, or a date
            // unknown) is a conflict; at different dates it may be a change
            // of post, which an editor should confirm.
            let mut same_time = false;
            for (i, a) in entity.roles.iter().enumerate() {
                for b in &entity.roles[..i] {
                    if cluster_of(&a.role) == cluster_of(&b.role) {
                        continue;
                    }
                    if a.article == b.article
                        || a.date.is_none()
                        || b.date.is_none()
                        || a.date == b.date
                    {
                        same_time = true;
                    }
                }
            }
            let (severity, rule, when) = if same_time {
                (Severity::Conflict, "role_conflict.same_time", "at the same time")
            } else {
                (
                    Severity::Info,
                    "role_conflict.over_time",
                    "at different dates (a change of post?)",
                )
            };
            let members: Vec<usize> = entity
                .roles
                .iter()
                .filter_map(|r| self.by_position.get(&(r.article.clone(), r.quote?)).copied())
                .collect();
            let mut roles_text: Vec<String> = entity.roles.iter().map(|r| r.to_string()).collect();
            roles_text.dedup();
            let reason = format!(
                "{} is described with different titles {when}: {}",
                entity.name,
                roles_text.join("; ")
            );
            out.push(self.finding(
                Detail::RoleConflict {
                    speaker: entity.name.clone(),
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
        let mut by_article: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (i, q) in self.quotes.iter().enumerate() {
            by_article.entry(&q.article).or_default().push(i);
        }
        for (article, members) in by_article {
            let mut sources: BTreeMap<String, String> = BTreeMap::new();
            for &m in &members {
                let q = &self.quotes[m];
                for v in [&q.via, &q.outlet].into_iter().flatten() {
                    let k = source_key(v);
                    if !k.is_empty() {
                        sources.entry(k).or_insert_with(|| v.clone());
                    }
                }
            }
            for (key, shown) in sources {
                let key_words: Vec<&str> = key.split(' ').collect();
                let mut uses: Vec<(usize, SourceUse)> = Vec::new();
                for &m in &members {
                    let q = &self.quotes[m];
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
                        |v: &'a Option<String>| v.as_deref().filter(|v| source_key(v) == key);
                    if let Some(s) = refers(&q.speaker) {
                        add("speaker", s);
                    } else if let Some(s) =
                        q.speaker.as_deref().filter(|s| contains_words(&source_key(s), &key_words))
                    {
                        add("speaker", s);
                    }
                    if let Some(v) = refers(&q.via) {
                        add("via", v);
                    }
                    if let Some(v) = refers(&q.outlet) {
                        add("outlet", v);
                    }
                    if q.kind.is_speech()
                        && contains_words(&normalize::claim_key(&q.text), &key_words)
                    {
                        add("mentioned", &shown);
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
                    Detail::SourceDescriptions { source: shown.clone(), descriptions },
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

/// True when the words of `needle` appear in a row in the key `hay`.
fn contains_words(hay: &str, needle: &[&str]) -> bool {
    let words: Vec<&str> = hay.split(' ').collect();
    !needle.is_empty() && words.windows(needle.len()).any(|w| w == needle)
}

/// One use of each role per article and date (the first, by quote), so the
/// evidence lists each title once.
fn distinct_roles(roles: &[normalize::RoleUse]) -> Vec<normalize::RoleUse> {
    let mut seen = BTreeSet::new();
    roles
        .iter()
        .filter(|r| seen.insert((r.role.clone(), r.article.clone(), r.date.clone())))
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class(text: &str) -> Class {
        Class::new(normalize::claim_key(text), vec![])
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
        let r = containment(&class("small deal"), &class("we do not want a small deal at all"));
        assert_eq!(r.map(|r| r.strength), Some(Strength::Contained));
    }

    #[test]
    fn containment_accepts_ellipsis_filled_by_words() {
        let r = containment(
            &class("it is clear … they will not get relief"),
            &class("it is clear, very clear, that they will not get relief"),
        )
        .expect("elided");
        assert_eq!((r.strength, r.score), (Strength::Elided, 1.0));
    }

    #[test]
    fn containment_rejects_changed_words() {
        assert!(containment(&class("a big deal"), &class("we do not want a small deal")).is_none());
        assert!(containment(&class("deal small"), &class("a small deal")).is_none());
    }

    #[test]
    fn relate_calls_a_one_word_misquote_near_identical() {
        let r = relate(
            &class("The delegates of the DPRK side are ready to enter into the negotiations."),
            &class("The delegates of the DPRK side are willing to enter into the negotiations."),
        )
        .expect("related");
        assert_eq!(r.strength, Strength::NearIdentical);
        assert!(r.score >= SAME_STATEMENT_MIN_RATIO && r.score < 1.0, "{}", r.score);
    }

    #[test]
    fn relate_calls_the_kim_yo_jong_pair_partly_reworded() {
        let r = relate(
            &class("do not harbor foolish dreams."),
            &class(
                "the US should not harbor the foolish dream of trying to renegotiate partial \
                 sanctions relief and the permanent dismantlement of large-scale nuclear facilities",
            ),
        )
        .expect("related");
        assert_eq!(r.strength, Strength::PartlyReworded);
        assert!((r.score - 0.8).abs() < 1e-9, "{}", r.score);
    }

    #[test]
    fn relate_rejects_scattered_common_words() {
        // Four of five words align, but spread over the whole sentence.
        let r = relate(
            &class("the talks of the summit"),
            &class("the US side said talks would go on, but of course none of the aides knew when a summit might come"),
        );
        assert!(r.is_none(), "{r:?}");
    }

    #[test]
    fn relate_rejects_unrelated_quotes() {
        assert!(relate(
            &class("we want to make this work"),
            &class("this is a disaster for everyone")
        )
        .is_none());
    }

    #[test]
    fn ratio_explains_words_at_a_gap() {
        let a = class("we will … win");
        let b = class("we will certainly and quickly win");
        let al = align(&a, &b);
        assert_eq!(ratio(&a, &b, &al), 1.0);
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
        assert!(contains_words("the vox report was accurate", &["vox", "report"]));
        assert!(!contains_words("voxel", &["vox"]));
    }
}
