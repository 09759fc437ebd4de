//! Accuracy scoring of extracted quotes against hand-written gold, with the
//! same rules as the evaluation scorer beside the project (`score.py`): texts
//! normalised (NFKC, lowercase, curly quotes and dashes folded, white space
//! collapsed, edge punctuation stripped), one-to-one greedy pairing per
//! document by token-overlap F1, speaker match on folded names or equal last
//! tokens.
//!
//! Owns: gold/prediction records, reading them from JSON text, the scoring
//! rules and the [`Report`] with its plain and JSON renderings. Does not own:
//! running the extractor, reading files or choosing exit codes (the CLI does
//! that).
//!
//! The numbers and texts must agree exactly with `score.py`, so several
//! helpers here re-state Python semantics on purpose: Python's `\w` is
//! "letter, number or underscore" (Unicode general categories `L*`, `N*`),
//! its `\s` and `str.split()` add the four separator controls U+001C..U+001F
//! to Unicode `White_Space`, `str(None)` is `None`, `repr(1.0)` is `1.0`, and
//! `json.dumps` separates with `", "`/`": "` and escapes non-ASCII. The
//! Unicode tables are those of the Rust crates, so characters assigned after
//! the scorer's Python release may fold differently; nothing in news text
//! has been seen to hit this.
//!
//! Known deliberate differences from `score.py`: JSON Lines are split only at
//! `\n`, `\r\n` and `\r` (Python's `splitlines` also breaks inside strings at
//! U+0085, U+2028 and U+2029 and then rejects the file); a gold record whose
//! `quote` is not a string, or whose `speaker`, `kind` or `speaker_alt` has
//! the wrong JSON type, is an error here instead of a crash or a silent
//! oddity there.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::fmt::Write as _;
use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use unicode_normalization::UnicodeNormalization;

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

impl PredRecord {
    /// Makes a prediction the way the reader does: the speaker is trimmed and
    /// a blank one becomes `None` (so it counts as "no speaker" end to end).
    pub fn new(doc: &str, quote: &str, speaker: Option<&str>) -> PredRecord {
        PredRecord {
            doc: doc.to_string(),
            quote: quote.to_string(),
            speaker: clean_speaker(speaker),
        }
    }
}

/// How to score.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// Token F1 at or above which a prediction and a gold quote may pair.
    pub threshold: f64,
    /// Gold kinds to score; gold of other kinds is treated like `optional`
    /// (predictions pairing with it are ignored). `None` scores every kind.
    pub kinds: Option<BTreeSet<String>>,
    /// Documents scored. Predictions for other documents are dropped and
    /// counted in `n_pred_outside_docs`; every gold document is always in.
    pub universe: Option<BTreeSet<String>>,
}

impl Default for Options {
    fn default() -> Options {
        Options { threshold: 0.5, kinds: None, universe: None }
    }
}

/// Precision, recall and F1 of one matching rule.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct Prf {
    /// Matched pairs.
    pub tp: usize,
    /// `tp / n_pred`.
    pub precision: f64,
    /// `tp / n_gold`.
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
}

impl Prf {
    fn new(tp: usize, n_pred: usize, n_gold: usize) -> Prf {
        let p = ratio(tp, n_pred);
        let r = ratio(tp, n_gold);
        Prf { tp, precision: p, recall: r, f1: harmonic(p, r) }
    }
}

/// Speaker accuracy over lenient pairs whose gold has a speaker.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct SpeakerScore {
    /// Lenient pairs whose gold quote has a speaker.
    pub n: usize,
    /// Of those, pairs whose predicted speaker matches.
    pub correct: usize,
    /// `correct / n`.
    pub acc: f64,
}

/// Recall figures for one gold kind.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct KindScore {
    /// Scored gold quotes of this kind.
    pub n_gold: usize,
    /// Of those, quotes with a gold speaker.
    pub with_speaker: usize,
    /// Share paired leniently.
    pub recall_lenient: f64,
    /// Share paired with identical normalised text.
    pub recall_strict: f64,
    /// Lenient pairs with a gold speaker.
    pub speaker_n: usize,
    /// Speaker accuracy over those pairs.
    pub speaker_acc: f64,
    /// Share paired with the right speaker.
    pub recall_e2e: f64,
}

/// A gold quotation no prediction paired with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Missed {
    /// Document id.
    pub doc: String,
    /// Gold text.
    pub quote: String,
    /// Gold speaker.
    pub speaker: Option<String>,
}

/// A prediction that paired with no gold quotation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Spurious {
    /// Document id.
    pub doc: String,
    /// Predicted text.
    pub quote: String,
    /// Predicted speaker.
    pub speaker: Option<String>,
}

/// A lenient pair whose predicted speaker does not match the gold one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WrongSpeaker {
    /// Document id.
    pub doc: String,
    /// Gold text.
    pub quote: String,
    /// Gold speaker.
    pub gold_speaker: String,
    /// Predicted speaker.
    pub pred_speaker: Option<String>,
}

/// The itemised errors, each list in the order `score.py` prints it
/// (documents sorted; missed in gold order, spurious in prediction order,
/// wrong speakers in pairing order).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Errors {
    /// Gold quotations left unpaired.
    pub missed: Vec<Missed>,
    /// Predictions left unpaired (not counting ignored ones).
    pub spurious: Vec<Spurious>,
    /// Pairs with a wrong speaker.
    pub speaker: Vec<WrongSpeaker>,
}

/// The scores, shaped like `score.py --json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// The pairing threshold used.
    pub threshold: f64,
    /// Scored gold quotations (optional and excluded kinds left out).
    pub n_gold: usize,
    /// Scored predictions (ignored ones left out).
    pub n_pred: usize,
    /// Predictions that paired with optional or excluded gold.
    pub n_pred_ignored: usize,
    /// Predictions for documents outside the universe.
    pub n_pred_outside_docs: usize,
    /// One-to-one pairs by token F1.
    pub lenient: Prf,
    /// One-to-one pairs of identical normalised text.
    pub strict: Prf,
    /// Speaker accuracy on lenient pairs.
    pub speaker: SpeakerScore,
    /// Lenient pairs whose speaker is right too.
    pub e2e: Prf,
    /// Recall per gold kind (`unknown` when the gold has none).
    pub by_kind: BTreeMap<String, KindScore>,
    /// `lenient.f1`.
    pub quote_f1: f64,
    /// `speaker.acc`.
    pub speaker_acc: f64,
    /// `e2e.f1`.
    pub e2e_f1: f64,
    /// `strict.f1`.
    pub strict_f1: f64,
    /// Itemised errors; left out of the JSON summary unless asked for.
    #[serde(skip)]
    pub errors: Errors,
}

// ---------------------------------------------------------------------------
// Normalisation

/// Quote marks and dashes folded to ASCII, the table of `score.py`.
fn fold(c: char) -> char {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '`' | '\u{B4}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{AB}' | '\u{BB}' => '"',
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' | '\u{FE58}' | '\u{FE63}' => '-',
        c => c,
    }
}

/// Python's `str.isspace`: Unicode `White_Space` plus U+001C..U+001F, which
/// Python counts as line/field separators.
fn is_py_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1C}'..='\u{1F}').contains(&c)
}

/// Python's `str.strip()`.
fn py_strip(s: &str) -> &str {
    s.trim_matches(is_py_space)
}

/// Python's `' '.join(s.split())`.
fn collapse_space(s: &str) -> String {
    s.split(is_py_space).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
}

// Python's `\w` is exactly `[\p{L}\p{N}_]` (checked over every code point);
// the regex crate's own `\w` also takes marks and joiners, so it is not used.
static TOKEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[\p{L}\p{N}_]+(?:'[\p{L}\p{N}_]+)*").expect("token pattern is valid")
});
// `[\W_]` is "neither letter nor number".
static EDGE_PUNCT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$").expect("edge pattern is valid")
});
static POSSESSIVE_END: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"'s?[\s\x1C-\x1F]*$").expect("possessive pattern is valid"));
static NAME_PUNCT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[^\p{L}\p{N}_\s\x1C-\x1F]").expect("name punctuation pattern is valid")
});

/// Name suffixes skipped when taking a name's last token, so that
/// `Donald Trump Jr.` ends in `trump`.
const NAME_SUFFIXES: [&str; 5] = ["jr", "sr", "ii", "iii", "iv"];

/// The comparison form of a quotation: NFKC, lowercase, quote marks and
/// dashes folded, `''` read as a double quote (NYT archive style), white
/// space collapsed, leading and trailing punctuation removed.
pub fn norm_text(s: &str) -> String {
    let lower = s.nfkc().collect::<String>().to_lowercase();
    let folded: String = lower.chars().map(fold).collect();
    let collapsed = collapse_space(&folded.replace("''", "\""));
    EDGE_PUNCT.replace_all(&collapsed, "").into_owned()
}

/// Word tokens of a normalised text with their counts; a word may carry
/// internal apostrophes (`don't`, `o'neill`).
fn tokens(norm: &str) -> BTreeMap<&str, usize> {
    let mut out = BTreeMap::new();
    for m in TOKEN.find_iter(norm) {
        *out.entry(m.as_str()).or_insert(0) += 1;
    }
    out
}

/// F1 of the multiset overlap of two token bags.
fn token_f1(a: &BTreeMap<&str, usize>, b: &BTreeMap<&str, usize>) -> f64 {
    let common: usize = a.iter().map(|(t, n)| (*n).min(b.get(t).copied().unwrap_or(0))).sum();
    if common == 0 {
        return 0.0;
    }
    let p = common as f64 / a.values().sum::<usize>() as f64;
    let r = common as f64 / b.values().sum::<usize>() as f64;
    2.0 * p * r / (p + r)
}

/// Token-overlap F1 of two raw quotation texts (normalised first); 1.0 when
/// the normalised texts are identical, even if they hold no words.
pub fn text_f1(a: &str, b: &str) -> f64 {
    let (na, nb) = (norm_text(a), norm_text(b));
    if na == nb {
        1.0
    } else {
        token_f1(&tokens(&na), &tokens(&nb))
    }
}

/// The comparison form of a name: folded like a quotation, a trailing
/// possessive `'s` dropped, hyphens and other punctuation turned to spaces.
pub fn norm_name(s: &str) -> String {
    let lower = s.nfkc().collect::<String>().to_lowercase();
    let folded: String = lower.chars().map(fold).collect();
    let s = POSSESSIVE_END.replace_all(py_strip(&folded), "").replace('-', " ");
    collapse_space(&NAME_PUNCT.replace_all(&s, " "))
}

/// The last word of a normalised name, skipping `jr`, `sr`, `ii`… unless the
/// suffix is all there is.
fn last_token(n: &str) -> &str {
    let mut toks: Vec<&str> = n.split(' ').filter(|t| !t.is_empty()).collect();
    while toks.len() > 1 && toks.last().is_some_and(|t| NAME_SUFFIXES.contains(t)) {
        toks.pop();
    }
    toks.last().copied().unwrap_or("")
}

/// True when the predicted speaker names the gold speaker or one of its
/// alternatives: equal once case, hyphens and spaces are folded
/// (`Kim Jong-un` ~ `Kim Jong Un`), or with the same last name
/// (`Mr. Trump` ~ `Donald Trump`). A missing or blank prediction never
/// matches.
pub fn speaker_match(pred: Option<&str>, gold: Option<&str>, alts: &[String]) -> bool {
    let a = norm_name(pred.unwrap_or(""));
    if a.is_empty() {
        return false;
    }
    let a_joined = a.replace(' ', "");
    let a_last = last_token(&a);
    std::iter::once(gold.unwrap_or("")).chain(alts.iter().map(String::as_str)).any(|g| {
        let b = norm_name(g);
        !b.is_empty() && (a_joined == b.replace(' ', "") || a_last == last_token(&b))
    })
}

// ---------------------------------------------------------------------------
// Scoring

/// A quotation with its comparison forms.
struct Prepared<'a> {
    norm: &'a str,
    tokens: BTreeMap<&'a str, usize>,
}

fn prepare(norm: &str) -> Prepared<'_> {
    Prepared { norm, tokens: tokens(norm) }
}

/// Pairs predictions with gold one-to-one, best token F1 first; ties go to
/// identical text, then to the earlier prediction, then to the earlier gold.
/// Predictions in `used` do not take part. Returns `(pred, gold)` index
/// pairs in the order they were made (the order errors are listed in).
fn greedy_pairs(
    preds: &[&Prepared],
    golds: &[&Prepared],
    threshold: f64,
    used: &BTreeSet<usize>,
) -> Vec<(usize, usize)> {
    let mut cand = Vec::new();
    for (pi, p) in preds.iter().enumerate() {
        if used.contains(&pi) {
            continue;
        }
        for (gi, g) in golds.iter().enumerate() {
            let same = p.norm == g.norm;
            let f = if same { 1.0 } else { token_f1(&p.tokens, &g.tokens) };
            if f >= threshold && f > 0.0 {
                cand.push((f, !same, pi, gi));
            }
        }
    }
    cand.sort_by(|a, b| {
        b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)).then(a.3.cmp(&b.3))
    });
    let mut pairs = Vec::new();
    let mut taken_p = vec![false; preds.len()];
    let mut taken_g = vec![false; golds.len()];
    for (_, _, pi, gi) in cand {
        if taken_p[pi] || taken_g[gi] {
            continue;
        }
        taken_p[pi] = true;
        taken_g[gi] = true;
        pairs.push((pi, gi));
    }
    pairs
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

fn harmonic(p: f64, r: f64) -> f64 {
    if p + r != 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    }
}

fn has_text(s: &Option<String>) -> bool {
    s.as_deref().is_some_and(|s| !s.is_empty())
}

#[derive(Default)]
struct KindCount {
    n: usize,
    with_speaker: usize,
    lenient: usize,
    strict: usize,
    speaker_n: usize,
    speaker_ok: usize,
    e2e: usize,
}

/// Scores predictions against gold, document by document.
pub fn score(gold: &[GoldRecord], preds: &[PredRecord], opts: &Options) -> Report {
    let gold_norm: Vec<String> = gold.iter().map(|g| norm_text(&g.quote)).collect();
    let pred_norm: Vec<String> = preds.iter().map(|p| norm_text(&p.quote)).collect();
    let gold_prep: Vec<Prepared> = gold_norm.iter().map(|n| prepare(n)).collect();
    let pred_prep: Vec<Prepared> = pred_norm.iter().map(|n| prepare(n)).collect();

    let mut outside = 0;
    let mut by_doc: BTreeMap<&str, (Vec<usize>, Vec<usize>)> = BTreeMap::new();
    for (i, g) in gold.iter().enumerate() {
        by_doc.entry(g.doc.as_str()).or_default().0.push(i);
    }
    for (i, p) in preds.iter().enumerate() {
        let inside = match &opts.universe {
            None => true,
            Some(u) => {
                u.contains(&p.doc) || by_doc.get(p.doc.as_str()).is_some_and(|d| !d.0.is_empty())
            }
        };
        if inside {
            by_doc.entry(p.doc.as_str()).or_default().1.push(i);
        } else {
            outside += 1;
        }
    }
    let is_optional = |g: &GoldRecord| {
        g.optional
            || opts.kinds.as_ref().is_some_and(|ks| g.kind.as_ref().is_none_or(|k| !ks.contains(k)))
    };

    let (mut n_gold, mut n_pred, mut n_ignored) = (0, 0, 0);
    let (mut len_tp, mut strict_tp, mut e2e_tp, mut sp_n, mut sp_ok) = (0, 0, 0, 0, 0);
    let mut kinds: BTreeMap<String, KindCount> = BTreeMap::new();
    let mut errors = Errors::default();
    for (doc, (gis, pis)) in &by_doc {
        let req: Vec<usize> = gis.iter().copied().filter(|&i| !is_optional(&gold[i])).collect();
        let opt: Vec<usize> = gis.iter().copied().filter(|&i| is_optional(&gold[i])).collect();
        let ps: Vec<&Prepared> = pis.iter().map(|&i| &pred_prep[i]).collect();
        let req_p: Vec<&Prepared> = req.iter().map(|&i| &gold_prep[i]).collect();
        let opt_p: Vec<&Prepared> = opt.iter().map(|&i| &gold_prep[i]).collect();
        let pairs = greedy_pairs(&ps, &req_p, opts.threshold, &BTreeSet::new());
        let paired: BTreeSet<usize> = pairs.iter().map(|&(pi, _)| pi).collect();
        let ignored: BTreeSet<usize> = greedy_pairs(&ps, &opt_p, opts.threshold, &paired)
            .into_iter()
            .map(|(pi, _)| pi)
            .collect();
        n_gold += req.len();
        n_pred += ps.len() - ignored.len();
        n_ignored += ignored.len();

        // Strict: identical normalised texts, one-to-one (a multiset
        // intersection), credited to gold quotes in gold order.
        let mut pred_norms: BTreeMap<&str, usize> = BTreeMap::new();
        for (i, p) in ps.iter().enumerate() {
            if !ignored.contains(&i) {
                *pred_norms.entry(p.norm).or_insert(0) += 1;
            }
        }
        for &gi in &req {
            let g = &gold[gi];
            let k = kinds.entry(kind_name(g)).or_default();
            k.n += 1;
            if let Some(n) = pred_norms.get_mut(gold_norm[gi].as_str()).filter(|n| **n > 0) {
                *n -= 1;
                k.strict += 1;
                strict_tp += 1;
            }
            if has_text(&g.speaker) {
                k.with_speaker += 1;
            }
        }

        let mut matched_g = BTreeSet::new();
        for &(pi, gi) in &pairs {
            matched_g.insert(gi);
            let p = &preds[pis[pi]];
            let g = &gold[req[gi]];
            let k = kinds.entry(kind_name(g)).or_default();
            k.lenient += 1;
            let ok = if has_text(&g.speaker) {
                let ok = speaker_match(p.speaker.as_deref(), g.speaker.as_deref(), &g.speaker_alt);
                sp_n += 1;
                k.speaker_n += 1;
                if ok {
                    sp_ok += 1;
                    k.speaker_ok += 1;
                } else {
                    errors.speaker.push(WrongSpeaker {
                        doc: doc.to_string(),
                        quote: g.quote.clone(),
                        gold_speaker: g.speaker.clone().unwrap_or_default(),
                        pred_speaker: p.speaker.clone(),
                    });
                }
                ok
            } else {
                p.speaker.is_none()
            };
            if ok {
                e2e_tp += 1;
                k.e2e += 1;
            }
        }
        len_tp += pairs.len();
        for (gi, &i) in req.iter().enumerate() {
            if !matched_g.contains(&gi) {
                let g = &gold[i];
                errors.missed.push(Missed {
                    doc: doc.to_string(),
                    quote: g.quote.clone(),
                    speaker: g.speaker.clone(),
                });
            }
        }
        for (pi, &i) in pis.iter().enumerate() {
            if !paired.contains(&pi) && !ignored.contains(&pi) {
                let p = &preds[i];
                errors.spurious.push(Spurious {
                    doc: doc.to_string(),
                    quote: p.quote.clone(),
                    speaker: p.speaker.clone(),
                });
            }
        }
    }

    let lenient = Prf::new(len_tp, n_pred, n_gold);
    let strict = Prf::new(strict_tp, n_pred, n_gold);
    let e2e = Prf::new(e2e_tp, n_pred, n_gold);
    let speaker = SpeakerScore { n: sp_n, correct: sp_ok, acc: ratio(sp_ok, sp_n) };
    let by_kind = kinds
        .into_iter()
        .map(|(name, k)| {
            let score = KindScore {
                n_gold: k.n,
                with_speaker: k.with_speaker,
                recall_lenient: ratio(k.lenient, k.n),
                recall_strict: ratio(k.strict, k.n),
                speaker_n: k.speaker_n,
                speaker_acc: ratio(k.speaker_ok, k.speaker_n),
                recall_e2e: ratio(k.e2e, k.n),
            };
            (name, score)
        })
        .collect();
    Report {
        threshold: opts.threshold,
        n_gold,
        n_pred,
        n_pred_ignored: n_ignored,
        n_pred_outside_docs: outside,
        lenient,
        strict,
        speaker,
        e2e,
        by_kind,
        quote_f1: lenient.f1,
        speaker_acc: speaker.acc,
        e2e_f1: e2e.f1,
        strict_f1: strict.f1,
        errors,
    }
}

/// The `by_kind` key of a gold quote: its kind, or `unknown` when blank.
fn kind_name(g: &GoldRecord) -> String {
    match g.kind.as_deref() {
        Some(k) if !k.is_empty() => k.to_string(),
        _ => "unknown".to_string(),
    }
}

// ---------------------------------------------------------------------------
// Rendering

impl Report {
    /// The itemised error lists as `score.py --errors N` prints them: for
    /// each of missed, spurious and wrong-speaker quotations a `--- name:
    /// count` line, then at most `limit` items, each field cut to 120
    /// characters. Empty when `limit` is 0.
    pub fn render_errors(&self, limit: usize) -> String {
        let mut out = String::new();
        if limit == 0 {
            return out;
        }
        let missed: Vec<Vec<String>> = self
            .errors
            .missed
            .iter()
            .map(|m| vec![m.doc.clone(), m.quote.clone(), py_str_opt(&m.speaker)])
            .collect();
        let spurious: Vec<Vec<String>> = self
            .errors
            .spurious
            .iter()
            .map(|s| vec![s.doc.clone(), s.quote.clone(), py_str_opt(&s.speaker)])
            .collect();
        let speaker: Vec<Vec<String>> = self
            .errors
            .speaker
            .iter()
            .map(|w| {
                let gold = w.gold_speaker.clone();
                vec![w.doc.clone(), w.quote.clone(), gold, py_str_opt(&w.pred_speaker)]
            })
            .collect();
        for (name, items) in [("missed", missed), ("spurious", spurious), ("speaker", speaker)] {
            let _ = writeln!(out, "--- {name}: {}", items.len());
            for item in items.iter().take(limit) {
                let cut: Vec<String> = item.iter().map(|x| x.chars().take(120).collect()).collect();
                let _ = writeln!(out, "  {}", cut.join(" | "));
            }
        }
        out
    }

    /// The one-line summary: `quote_f1=… speaker_acc=… e2e_f1=… strict_f1=…`
    /// (no line end).
    pub fn summary_line(&self) -> String {
        format!(
            "quote_f1={:.3} speaker_acc={:.3} e2e_f1={:.3} strict_f1={:.3}",
            self.quote_f1, self.speaker_acc, self.e2e_f1, self.strict_f1
        )
    }

    /// The human-readable report, the same text as `score.py` prints: the
    /// error lists first when `errors` > 0 (see [`Report::render_errors`]),
    /// then counts, the P/R/F1 table, speaker accuracy, the per-kind table
    /// and the summary line.
    pub fn render_plain(&self, errors: usize) -> String {
        let mut out = self.render_errors(errors);
        let _ = writeln!(
            out,
            "gold={} pred={} (ignored: {} on optional/excluded gold, {} outside the documents)  \
             threshold={}",
            self.n_gold,
            self.n_pred,
            self.n_pred_ignored,
            self.n_pred_outside_docs,
            py_float_repr(self.threshold)
        );
        let _ = writeln!(out, "{:18}{:>7}{:>7}{:>7}{:>7}", "", "P", "R", "F1", "TP");
        for (label, m) in [
            ("quote (lenient)", &self.lenient),
            ("quote (strict)", &self.strict),
            ("end-to-end", &self.e2e),
        ] {
            let _ = writeln!(
                out,
                "{label:18}{:7.3}{:7.3}{:7.3}{:7}",
                m.precision, m.recall, m.f1, m.tp
            );
        }
        let sp = &self.speaker;
        let _ = writeln!(
            out,
            "speaker accuracy  {:.3} ({}/{} lenient matches with a gold speaker)",
            sp.acc, sp.correct, sp.n
        );
        if !self.by_kind.is_empty() {
            let _ = writeln!(
                out,
                "{:10}{:>6}{:>7}{:>7}{:>7}{:>8}{:>7}",
                "kind", "gold", "w/spk", "R_len", "R_str", "spk_acc", "R_e2e"
            );
            for (name, k) in &self.by_kind {
                let _ = writeln!(
                    out,
                    "{name:10}{:6}{:7}{:7.3}{:7.3}{:8.3}{:7.3}",
                    k.n_gold,
                    k.with_speaker,
                    k.recall_lenient,
                    k.recall_strict,
                    k.speaker_acc,
                    k.recall_e2e
                );
            }
        }
        let _ = writeln!(out, "{}", self.summary_line());
        out
    }

    /// The JSON summary, byte for byte what `score.py --json` prints (keys
    /// sorted, Python's separators and number forms, non-ASCII escaped; no
    /// line end). With `with_errors`, an `errors` key holds the itemised
    /// lists as well.
    pub fn to_json(&self, with_errors: bool) -> String {
        let mut value = serde_json::to_value(self).unwrap_or(Value::Null);
        if with_errors {
            if let (Value::Object(map), Ok(errs)) = (&mut value, serde_json::to_value(&self.errors))
            {
                map.insert("errors".to_string(), errs);
            }
        }
        let mut out = String::new();
        write_py_json(&value, &mut out);
        out
    }
}

/// Python's `str()` of an optional string.
fn py_str_opt(s: &Option<String>) -> String {
    s.clone().unwrap_or_else(|| "None".to_string())
}

/// Python's `repr(float)`: the shortest digits that read back to the same
/// value, in fixed notation for exponents -4..16 (with at least one decimal)
/// and as `1e-05`/`1.5e+16` otherwise.
fn py_float_repr(x: f64) -> String {
    if x.is_nan() {
        return "nan".to_string();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf" } else { "-inf" }.to_string();
    }
    // Rust's `{:e}` gives the same shortest round-trip digits as Python's
    // repr; only the layout differs.
    let sci = format!("{x:e}");
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let (sign, mantissa) = match mantissa.strip_prefix('-') {
        Some(m) => ("-", m),
        None => ("", mantissa),
    };
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    if (-4..16).contains(&exp) {
        if exp < 0 {
            format!("{sign}0.{}{digits}", "0".repeat((-exp - 1) as usize))
        } else {
            let int_len = exp as usize + 1;
            if digits.len() <= int_len {
                format!("{sign}{digits}{}.0", "0".repeat(int_len - digits.len()))
            } else {
                format!("{sign}{}.{}", &digits[..int_len], &digits[int_len..])
            }
        }
    } else {
        let esign = if exp < 0 { '-' } else { '+' };
        format!("{sign}{mantissa}e{esign}{:02}", exp.unsigned_abs())
    }
}

/// `json.dumps(value, sort_keys=True)` with Python's defaults.
fn write_py_json(v: &Value, out: &mut String) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                let _ = write!(out, "{i}");
            } else if let Some(u) = n.as_u64() {
                let _ = write!(out, "{u}");
            } else {
                let f = n.as_f64().unwrap_or(f64::NAN);
                match py_float_repr(f).as_str() {
                    "nan" => out.push_str("NaN"),
                    "inf" => out.push_str("Infinity"),
                    "-inf" => out.push_str("-Infinity"),
                    s => out.push_str(s),
                }
            }
        }
        Value::String(s) => write_py_json_str(s, out),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_py_json(item, out);
            }
            out.push(']');
        }
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_py_json_str(k, out);
                out.push_str(": ");
                write_py_json(&map[k], out);
            }
            out.push('}');
        }
    }
}

/// A JSON string as Python's `ensure_ascii` writes it.
fn write_py_json_str(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{C}' => out.push_str("\\f"),
            ' '..='~' => out.push(c),
            c => {
                let mut buf = [0u16; 2];
                for unit in c.encode_utf16(&mut buf) {
                    let _ = write!(out, "\\u{unit:04x}");
                }
            }
        }
    }
    out.push('"');
}

// ---------------------------------------------------------------------------
// Reading

/// Where in the input a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    /// A 1-based line of the text.
    Line(usize),
    /// A 1-based record of a JSON array.
    Record(usize),
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Line(n) => write!(f, "line {n}"),
            Location::Record(n) => write!(f, "record {n}"),
        }
    }
}

/// A gold or prediction text that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    location: Location,
    message: String,
}

impl ReadError {
    /// Where the problem is.
    pub fn location(&self) -> Location {
        self.location
    }

    /// What the problem is.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

impl std::error::Error for ReadError {}

fn bad_json(location: Location, e: &serde_json::Error) -> ReadError {
    // serde_json appends its own "at line L column C"; the line is already
    // in `location`, so keep only the column.
    let full = e.to_string();
    let what = full.split(" at line ").next().unwrap_or(&full);
    ReadError { location, message: format!("bad JSON at column {} ({what})", e.column()) }
}

/// Lines split at `\n`, `\r\n` or `\r`.
fn split_lines(text: &str) -> Vec<&str> {
    let mut lines = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        match rest.find(['\n', '\r']) {
            Some(i) => {
                lines.push(&rest[..i]);
                let skip = if rest[i..].starts_with("\r\n") { 2 } else { 1 };
                rest = &rest[i + skip..];
            }
            None => {
                lines.push(rest);
                rest = "";
            }
        }
    }
    lines
}

/// The JSON values of a text: one per non-blank line (JSON Lines), or the
/// items of one array when the text opens with `[`, or a single (possibly
/// pretty-printed) object when the first line alone is not JSON.
fn read_records(text: &str) -> Result<Vec<(Location, Value)>, ReadError> {
    let stripped = text.trim_start_matches(is_py_space);
    if stripped.is_empty() {
        return Ok(Vec::new());
    }
    if stripped.starts_with('[') {
        let v: Value =
            serde_json::from_str(text).map_err(|e| bad_json(Location::Line(e.line()), &e))?;
        let items = match v {
            Value::Array(items) => items,
            other => vec![other],
        };
        return Ok(items
            .into_iter()
            .enumerate()
            .map(|(i, v)| (Location::Record(i + 1), v))
            .collect());
    }
    let mut out = Vec::new();
    for (i, line) in split_lines(text).into_iter().enumerate() {
        let n = i + 1;
        if py_strip(line).is_empty() {
            continue;
        }
        match serde_json::from_str(line) {
            Ok(v) => out.push((Location::Line(n), v)),
            // A pretty-printed object fails on its first line alone.
            Err(_) if n == 1 && stripped.starts_with('{') => {
                let v = serde_json::from_str(text)
                    .map_err(|e| bad_json(Location::Line(e.line()), &e))?;
                return Ok(vec![(Location::Line(1), v)]);
            }
            Err(e) => return Err(bad_json(Location::Line(n), &e)),
        }
    }
    Ok(out)
}

/// Python's `str()` of a JSON value (arrays and objects as JSON text, where
/// Python would print its own repr).
fn py_str(v: &Value) -> String {
    match v {
        Value::Null => "None".to_string(),
        Value::Bool(true) => "True".to_string(),
        Value::Bool(false) => "False".to_string(),
        Value::Number(n) if n.is_f64() => py_float_repr(n.as_f64().unwrap_or(f64::NAN)),
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A document id from a name or path: the last path component without a
/// `.txt` ending.
pub fn doc_key(name: &str) -> String {
    let base = name.rsplit('/').next().unwrap_or(name);
    base.strip_suffix(".txt").unwrap_or(base).to_string()
}

/// Python's truth value of a JSON value.
fn is_truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
    }
}

fn opt_string(
    rec: &serde_json::Map<String, Value>,
    key: &str,
    loc: Location,
) -> Result<Option<String>, ReadError> {
    match rec.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(ReadError {
            location: loc,
            message: format!("gold \"{key}\" must be a string or null"),
        }),
    }
}

/// Reads gold quotations: JSON Lines (or one JSON array) of objects with
/// `doc`, `quote`, `speaker`, `kind`, and optionally `speaker_alt` and
/// `optional`. Values that are not objects are skipped, like `score.py`
/// does; `doc` is reduced to its stem.
pub fn read_gold(text: &str) -> Result<Vec<GoldRecord>, ReadError> {
    let mut out = Vec::new();
    for (loc, v) in read_records(text)? {
        let Value::Object(rec) = v else { continue };
        let err = |message: &str| ReadError { location: loc, message: message.to_string() };
        let doc = rec.get("doc").ok_or_else(|| err("gold record has no \"doc\""))?;
        let quote = match rec.get("quote") {
            Some(Value::String(s)) => s.clone(),
            _ => return Err(err("gold record has no string \"quote\"")),
        };
        let speaker_alt = match rec.get("speaker_alt") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(alts)) => {
                let mut names = Vec::new();
                for a in alts {
                    match a {
                        Value::String(s) => names.push(s.clone()),
                        // A null alternative can never match; dropping it
                        // changes nothing.
                        Value::Null => {}
                        _ => return Err(err("gold \"speaker_alt\" must list strings")),
                    }
                }
                names
            }
            Some(_) => return Err(err("gold \"speaker_alt\" must be a list of strings")),
        };
        out.push(GoldRecord {
            doc: doc_key(&py_str(doc)),
            quote,
            speaker: opt_string(&rec, "speaker", loc)?,
            kind: opt_string(&rec, "kind", loc)?,
            speaker_alt,
            optional: rec.get("optional").is_some_and(is_truthy),
        });
    }
    Ok(out)
}

/// A predicted speaker: a string, or an object's `name`; trimmed; blank is
/// none.
fn speaker_of(v: Option<&Value>) -> Option<String> {
    let v = match v {
        Some(Value::Object(o)) => o.get("name"),
        v => v,
    };
    clean_speaker(v.and_then(Value::as_str))
}

fn clean_speaker(s: Option<&str>) -> Option<String> {
    s.map(py_strip).filter(|s| !s.is_empty()).map(str::to_string)
}

fn add_pred(rec: &Value, inherited: Option<&Value>, out: &mut Vec<PredRecord>) {
    let Value::Object(obj) = rec else { return };
    // A key that is present wins even when null, as in `rec.get('doc', …)`.
    let doc = obj.get("doc").or_else(|| obj.get("article")).or(inherited).filter(|d| !d.is_null());
    if let Some(Value::Array(quotes)) = obj.get("quotes") {
        for q in quotes {
            add_pred(q, doc, out);
        }
        return;
    }
    let text = match obj.get("quote") {
        Some(v) => v.as_str(),
        None => obj.get("text").and_then(Value::as_str),
    };
    if let (Some(doc), Some(text)) = (doc, text) {
        out.push(PredRecord {
            doc: doc_key(&py_str(doc)),
            quote: text.to_string(),
            speaker: speaker_of(obj.get("speaker")),
        });
    }
}

/// Reads predictions: JSON Lines, or one JSON array or object. A record
/// names its document with `doc` or `article` (a path is reduced to its
/// stem), its words with `quote` or `text`, and its speaker as a string or
/// an object with `name`; a record with a `quotes` list stands for its
/// entries, which inherit its document. Records without a document or text
/// are skipped.
pub fn read_pred(text: &str) -> Result<Vec<PredRecord>, ReadError> {
    let mut out = Vec::new();
    for (_, v) in read_records(text)? {
        add_pred(&v, None, &mut out);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gold(doc: &str, quote: &str, speaker: Option<&str>, kind: &str) -> GoldRecord {
        GoldRecord {
            doc: doc.to_string(),
            quote: quote.to_string(),
            speaker: speaker.map(str::to_string),
            kind: Some(kind.to_string()),
            speaker_alt: Vec::new(),
            optional: false,
        }
    }

    fn pred(doc: &str, quote: &str, speaker: Option<&str>) -> PredRecord {
        PredRecord::new(doc, quote, speaker)
    }

    #[test]
    fn norm_text_folds_curly_quotes_and_dashes() {
        assert_eq!(norm_text("“It’s over — done,” he"), "it's over - done,\" he");
        assert_eq!(norm_text("a \u{2013} b \u{2212} c"), "a - b - c");
    }

    #[test]
    fn norm_text_reads_two_apostrophes_as_a_double_quote() {
        assert_eq!(norm_text("he said ''no'' twice"), "he said \"no\" twice");
        // Left to right, without overlap, like `str.replace`.
        assert_eq!(norm_text("x'''y"), "x\"'y");
    }

    #[test]
    fn norm_text_strips_edge_punctuation_only() {
        assert_eq!(norm_text("  ...We will win!\"  "), "we will win");
        assert_eq!(norm_text("_under_"), "under");
        assert_eq!(norm_text("U.S. policy."), "u.s. policy");
        assert_eq!(norm_text("?!"), "");
        // A trailing digit is a word character and stays.
        assert_eq!(norm_text("(in 2016)"), "in 2016");
    }

    #[test]
    fn norm_text_applies_nfkc_and_collapses_space() {
        assert_eq!(norm_text("ﬁne\u{A0}\u{A0}print"), "fine print");
        assert_eq!(norm_text("Ｔｒｕｍｐ\u{1F}said"), "trump said");
        assert_eq!(norm_text("a\n\t b"), "a b");
    }

    #[test]
    fn tokens_keep_inner_apostrophes_only() {
        let t = tokens("don't 'quote' o'neill's x");
        let got: Vec<(&str, usize)> = t.into_iter().collect();
        assert_eq!(got, vec![("don't", 1), ("o'neill's", 1), ("quote", 1), ("x", 1)]);
    }

    #[test]
    fn token_f1_uses_multiset_overlap() {
        // a: the the cat (3), b: the cat sat (3); common = the + cat = 2.
        let f = text_f1("the the cat", "the cat sat");
        assert!((f - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(text_f1("one two", "three four"), 0.0);
        assert_eq!(text_f1("“Hello.”", "hello"), 1.0);
        assert_eq!(text_f1("...", "!!"), 1.0, "two empty texts are identical");
    }

    #[test]
    fn speaker_match_accepts_folded_and_last_name_forms() {
        assert!(speaker_match(Some("Kim Jong Un"), Some("Kim Jong-un"), &[]));
        assert!(speaker_match(Some("Mr. Trump"), Some("Donald Trump"), &[]));
        assert!(speaker_match(Some("Trump's"), Some("Donald J. Trump"), &[]));
        assert!(speaker_match(Some("Donald Trump Jr."), Some("Donald Trump"), &[]));
        assert!(speaker_match(Some("CLINTON"), Some("Hillary Clinton"), &[]));
    }

    #[test]
    fn speaker_match_rejects_other_people_and_blanks() {
        assert!(!speaker_match(Some("Hillary Clinton"), Some("Donald Trump"), &[]));
        assert!(!speaker_match(None, Some("Donald Trump"), &[]));
        assert!(!speaker_match(Some("  "), Some("Donald Trump"), &[]));
        assert!(!speaker_match(Some("Trump"), None, &[]));
        assert!(!speaker_match(Some("Trump"), Some(""), &[]));
        // The suffix rule only strips suffixes: `Jr.` alone is kept.
        assert!(!speaker_match(Some("Jr."), Some("Donald Trump Jr."), &[]));
    }

    #[test]
    fn speaker_match_tries_alternatives() {
        let alts = vec!["Sean Spicer".to_string()];
        assert!(speaker_match(Some("Spicer"), Some("the press secretary"), &alts));
        assert!(!speaker_match(Some("Conway"), Some("the press secretary"), &alts));
    }

    #[test]
    fn last_token_skips_suffixes_but_not_everything() {
        assert_eq!(last_token("donald trump jr"), "trump");
        assert_eq!(last_token("john smith iii"), "smith");
        assert_eq!(last_token("jr"), "jr");
        assert_eq!(last_token(""), "");
    }

    #[test]
    fn norm_name_drops_possessive_and_punctuation() {
        assert_eq!(norm_name(" Trump’s "), "trump");
        assert_eq!(norm_name("Kim Jong-un"), "kim jong un");
        assert_eq!(norm_name("Sen. O'Neill"), "sen o neill");
    }

    #[test]
    fn greedy_prefers_higher_f1_then_identical_then_order() {
        let norms = ["a b c d", "a b c", "a b c d"];
        let preps: Vec<Prepared> = norms.iter().map(|n| prepare(n)).collect();
        // One prediction "a b c d", golds "a b c" (F1 .857) and "a b c d" (1.0).
        let pairs = greedy_pairs(&[&preps[0]], &[&preps[1], &preps[2]], 0.5, &BTreeSet::new());
        assert_eq!(pairs, vec![(0, 1)]);
        // Two equal predictions, one gold: the first prediction wins.
        let pairs = greedy_pairs(&[&preps[0], &preps[2]], &[&preps[0]], 0.5, &BTreeSet::new());
        assert_eq!(pairs, vec![(0, 0)]);
        // Equal F1 1.0 for identical and for merely token-equal text: the
        // identical one wins even when it comes later.
        let texts = ["a, b", "a b"];
        let tp: Vec<String> = texts.iter().map(|t| t.to_string()).collect();
        let pp: Vec<Prepared> = tp.iter().map(|n| prepare(n)).collect();
        let pairs = greedy_pairs(&[&pp[0], &pp[1]], &[&pp[1]], 0.5, &BTreeSet::new());
        assert_eq!(pairs, vec![(1, 0)]);
    }

    #[test]
    fn greedy_respects_threshold_and_used() {
        let norms = ["a b c d", "a x y z"];
        let preps: Vec<Prepared> = norms.iter().map(|n| prepare(n)).collect();
        assert!(greedy_pairs(&[&preps[0]], &[&preps[1]], 0.5, &BTreeSet::new()).is_empty());
        assert_eq!(greedy_pairs(&[&preps[0]], &[&preps[1]], 0.25, &BTreeSet::new()), vec![(0, 0)]);
        let used: BTreeSet<usize> = [0].into();
        assert!(greedy_pairs(&[&preps[0]], &[&preps[0]], 0.5, &used).is_empty());
    }

    #[test]
    fn score_counts_pairs_speakers_and_errors() {
        let g = vec![
            gold("d", "We will build a wall", Some("Donald Trump"), "direct"),
            gold("d", "a total disaster", Some("Donald Trump"), "partial"),
            gold("d", "no comment at this time", None, "direct"),
        ];
        let p = vec![
            pred("d", "“We will build a wall,”", Some("Trump")),
            pred("d", "total disaster for everyone", Some("Hillary Clinton")),
            pred("d", "something else entirely", None),
        ];
        let r = score(&g, &p, &Options::default());
        assert_eq!((r.n_gold, r.n_pred), (3, 3));
        assert_eq!(r.lenient.tp, 2);
        assert_eq!(r.strict.tp, 1);
        assert_eq!((r.speaker.n, r.speaker.correct), (2, 1));
        assert_eq!(r.e2e.tp, 1);
        assert_eq!(r.errors.missed.len(), 1);
        assert_eq!(r.errors.missed[0].quote, "no comment at this time");
        assert_eq!(r.errors.spurious.len(), 1);
        assert_eq!(r.errors.speaker.len(), 1);
        assert_eq!(r.by_kind["partial"].speaker_acc, 0.0);
        assert_eq!(r.by_kind["direct"].recall_strict, 0.5);
    }

    #[test]
    fn score_gold_without_speaker_wants_none() {
        let g = vec![gold("d", "rain tomorrow", None, "direct")];
        let right = score(&g, &[pred("d", "rain tomorrow", None)], &Options::default());
        assert_eq!(right.e2e.tp, 1);
        let wrong = score(&g, &[pred("d", "rain tomorrow", Some("Bob"))], &Options::default());
        assert_eq!((wrong.e2e.tp, wrong.speaker.n), (0, 0));
        assert!(wrong.errors.speaker.is_empty());
    }

    #[test]
    fn score_ignores_predictions_on_optional_gold() {
        let mut opt = gold("d", "maybe a quote here", None, "direct");
        opt.optional = true;
        let g = vec![opt, gold("d", "surely not the same", None, "direct")];
        let p = vec![pred("d", "maybe a quote here", None), pred("d", "unrelated words", None)];
        let r = score(&g, &p, &Options::default());
        assert_eq!((r.n_gold, r.n_pred, r.n_pred_ignored), (1, 1, 1));
        assert_eq!(r.errors.spurious.len(), 1);
        assert_eq!(r.errors.spurious[0].quote, "unrelated words");
    }

    #[test]
    fn score_kinds_excludes_other_gold_and_its_predictions() {
        let g = vec![
            gold("d", "said the direct words", None, "direct"),
            gold("d", "reported that indirect thing", None, "indirect"),
        ];
        let p = vec![pred("d", "said the direct words", None), pred("d", "indirect thing", None)];
        let kinds = Some(["direct".to_string()].into());
        let r = score(&g, &p, &Options { kinds, ..Options::default() });
        assert_eq!((r.n_gold, r.n_pred, r.n_pred_ignored), (1, 1, 1));
        assert_eq!(r.by_kind.keys().collect::<Vec<_>>(), vec!["direct"]);
        assert_eq!(r.quote_f1, 1.0);
        // Without the filter the indirect pair counts.
        let all = score(&g, &p, &Options::default());
        assert_eq!((all.n_gold, all.lenient.tp), (2, 2));
    }

    #[test]
    fn score_pairing_prefers_the_optional_free_match_first() {
        // A prediction pairing with required gold is not also "ignored".
        let mut opt = gold("d", "the same words", None, "direct");
        opt.optional = true;
        let g = vec![gold("d", "the same words", None, "direct"), opt];
        let r = score(&g, &[pred("d", "the same words", None)], &Options::default());
        assert_eq!((r.lenient.tp, r.n_pred_ignored), (1, 0));
    }

    #[test]
    fn score_universe_drops_outside_predictions_but_keeps_gold_docs() {
        let g = vec![gold("a", "hello world", None, "direct")];
        let p = vec![pred("a", "hello world", None), pred("b", "x", None), pred("c", "y", None)];
        let universe = Some(["c".to_string()].into());
        let r = score(&g, &p, &Options { universe, ..Options::default() });
        assert_eq!((r.n_pred, r.n_pred_outside_docs), (2, 1));
    }

    #[test]
    fn render_plain_matches_the_python_layout() {
        let g = vec![gold("d", "hello world", Some("Ann Lee"), "direct")];
        let r = score(&g, &[pred("d", "hello world", Some("Lee"))], &Options::default());
        let text = r.render_plain(0);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[0],
            "gold=1 pred=1 (ignored: 0 on optional/excluded gold, 0 outside the documents)  \
             threshold=0.5"
        );
        assert_eq!(lines[1], "                        P      R     F1     TP");
        assert_eq!(lines[2], "quote (lenient)     1.000  1.000  1.000      1");
        assert_eq!(lines[6], "kind        gold  w/spk  R_len  R_str spk_acc  R_e2e");
        assert_eq!(lines[7], "direct         1      1  1.000  1.000   1.000  1.000");
        assert_eq!(lines[8], "quote_f1=1.000 speaker_acc=1.000 e2e_f1=1.000 strict_f1=1.000");
        assert!(r.render_plain(3).starts_with("--- missed: 0\n--- spurious: 0\n--- speaker: 0\n"));
    }

    #[test]
    fn to_json_uses_python_layout() {
        let r = score(&[], &[], &Options::default());
        let json = r.to_json(false);
        assert!(json.starts_with("{\"by_kind\": {}, \"e2e\": {\"f1\": 0.0, \"precision\": 0.0,"));
        assert!(json.ends_with("\"strict_f1\": 0.0, \"threshold\": 0.5}"));
        assert!(!json.contains("errors"));
        assert!(r.to_json(true).contains("\"errors\": {\"missed\": []"));
    }

    #[test]
    fn py_float_repr_matches_python() {
        assert_eq!(py_float_repr(0.5), "0.5");
        assert_eq!(py_float_repr(1.0), "1.0");
        assert_eq!(py_float_repr(2.0 / 3.0), "0.6666666666666666");
        assert_eq!(py_float_repr(1e-5), "1e-05");
        assert_eq!(py_float_repr(0.0001), "0.0001");
        assert_eq!(py_float_repr(1e16), "1e+16");
        assert_eq!(py_float_repr(123456.0), "123456.0");
        assert_eq!(py_float_repr(-1.5e-7), "-1.5e-07");
    }

    #[test]
    fn py_json_escapes_like_ensure_ascii() {
        let mut out = String::new();
        write_py_json_str("é\"\u{1F600}\u{7F}", &mut out);
        assert_eq!(out, "\"\\u00e9\\\"\\ud83d\\ude00\\u007f\"");
    }

    #[test]
    fn read_pred_accepts_every_documented_shape() {
        let text = concat!(
            "{\"doc\": \"a\", \"quote\": \"one\", \"speaker\": \" Ann \"}\n",
            "\n",
            "{\"article\": \"dir/b.txt\", \"text\": \"two\", \"speaker\": {\"name\": \"Bo\"}}\r\n",
            "{\"article\": \"c\", \"quotes\": [{\"text\": \"three\"}, {\"doc\": \"d\", \"quote\": \"four\"}]}\n",
            "{\"doc\": null, \"article\": \"e\", \"quote\": \"skipped: doc is null\"}\n",
            "{\"doc\": \"f\", \"quote\": null, \"text\": \"skipped: quote is null\"}\n",
            "{\"doc\": 7, \"quote\": \"five\", \"speaker\": \"\"}\n",
            "[1, 2]\n",
        );
        let got = read_pred(text).expect("readable");
        let want = vec![
            pred("a", "one", Some("Ann")),
            pred("b", "two", Some("Bo")),
            pred("c", "three", None),
            pred("d", "four", None),
            pred("7", "five", None),
        ];
        assert_eq!(got, want);
    }

    #[test]
    fn read_pred_accepts_an_array_and_a_pretty_object() {
        let arr = "[{\"doc\": \"a\", \"quote\": \"x\"}, 3]";
        assert_eq!(read_pred(arr).expect("array"), vec![pred("a", "x", None)]);
        let obj = "{\n  \"article\": \"a.txt\",\n  \"quotes\": [{\"text\": \"y\"}]\n}\n";
        assert_eq!(read_pred(obj).expect("object"), vec![pred("a", "y", None)]);
        assert_eq!(read_pred("  \n").expect("empty"), vec![]);
    }

    #[test]
    fn read_errors_name_the_line() {
        let err = read_pred("{\"doc\": \"a\", \"quote\": \"x\"}\n{oops\n").expect_err("bad");
        assert_eq!(err.location(), Location::Line(2));
        assert_eq!(err.to_string(), "line 2: bad JSON at column 2 (key must be a string)");
        let err = read_gold("{\"doc\": \"a\", \"quote\": \"x\"}\n{\"quote\": \"y\"}\n")
            .expect_err("no doc");
        assert_eq!(err.to_string(), "line 2: gold record has no \"doc\"");
        let err = read_gold("[{\"doc\": \"a\", \"quote\": 5}]").expect_err("number quote");
        assert_eq!(err.location(), Location::Record(1));
    }

    #[test]
    fn read_gold_takes_python_truthiness_and_stems() {
        let text = concat!(
            "{\"doc\": \"x/a.txt\", \"quote\": \"q\", \"speaker\": null, \"kind\": \"direct\", ",
            "\"optional\": 1, \"speaker_alt\": [\"B\", null]}\n",
            "{\"doc\": \"b\", \"quote\": \"r\", \"optional\": \"\"}\n",
            "\"not an object\"\n",
        );
        let got = read_gold(text).expect("readable");
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].doc, "a");
        assert!(got[0].optional);
        assert_eq!(got[0].speaker_alt, vec!["B".to_string()]);
        assert!(!got[1].optional);
        assert_eq!(got[1].kind, None);
    }

    #[test]
    fn doc_key_strips_directories_and_txt_only() {
        assert_eq!(doc_key("a/b/c.txt"), "c");
        assert_eq!(doc_key("c.json"), "c.json");
        assert_eq!(doc_key("c"), "c");
    }
}
