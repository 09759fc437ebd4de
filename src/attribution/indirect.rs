//! Reported speech without quotation marks: `Vox reports that North Korea
//! and the US have tentatively reached …`, `Trump told reporters flatly that
//! he hadn’t given ground …`, `Trump said they would have to wait and see`,
//! `The talks will resume next week, officials said.`, `According to
//! Politico, the GOP leaners …`.
//!
//! Owns: finding the content clause and the frame of each such report in a
//! sentence. Does not own: resolving the speaker (`attribution`), or
//! quotations (a report whose content holds quotation marks is left to the
//! quote it contains).
//!
//! Grammar (`grammar/attribution.ebnf`):
//! `reported_speech ::= speaker_phrase [appositive] [adverb] speech_verb
//! [object] [adjunct] ("that" | pronoun_start) content
//! | content "," (speaker_phrase speech_verb | speech_verb speaker_phrase) "."
//! | "according to" speaker_phrase "," content`.

use super::speaker::{
    space0, space1, speaker_phrase, speaker_start_floor, speaker_with_appositive, word,
    SpeakerPhrase, Who,
};
use super::verb::{is_word_start, speech_verb, word_starts};
use crate::lexicon;
use nom::Parser;
use std::sync::OnceLock;

/// Grammar rules implemented here.
pub const RULES: &[&str] = &["reported_speech"];
// (`quoted_as_saying` here is the indirect form of the rule of that name in
// `verb.rs`.)

/// Cue verbs that report what someone said, thought or found: a narrower
/// set than the quote cues, since without quotation marks the verb alone
/// must carry the report.
const REPORT_VERBS: &[&str] = &[
    "acknowledged",
    "added",
    "admitted",
    "announced",
    "argued",
    "asserted",
    "believes",
    "claimed",
    "claims",
    "conceded",
    "concluded",
    "confirmed",
    "contended",
    "declared",
    "denied",
    "emphasized",
    "explained",
    "found",
    "indicated",
    "insisted",
    "maintained",
    "noted",
    "predicted",
    "promised",
    "reiterated",
    "report",
    "reported",
    "reports",
    "revealed",
    "said",
    "say",
    "says",
    "signaled",
    "stated",
    "stressed",
    "suggested",
    "testified",
    "thinks",
    "told",
    "tweeted",
    "warned",
    "wrote",
];

/// Verbs whose object is a clause even without `that`.
const CLAUSE_VERBS: &[&str] = &[
    "argued",
    "believes",
    "claimed",
    "insisted",
    "predicted",
    "said",
    "says",
    "suggested",
    "thinks",
    "warned",
];

/// Words opening a subordinate clause: a report inside one ends at the
/// clause's comma (`Considering that Trump told reporters that he hadn’t
/// given ground …, the answer …`).
const SUBORDINATORS: &[&str] = &[
    "after",
    "although",
    "as",
    "because",
    "before",
    "considering",
    "if",
    "once",
    "shortly",
    "since",
    "though",
    "unless",
    "when",
    "whereas",
    "while",
];

/// One report found in a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// Byte range of the content clause in the searched text.
    pub content: (usize, usize),
    /// Who reported it.
    pub speaker: SpeakerPhrase,
    /// The cue as written.
    pub cue: String,
    /// Byte offset of the speaker phrase in the searched text (for
    /// resolving pronouns and surnames by position).
    pub at: usize,
}

/// reported_speech — every report in one sentence (`sentence` holds no
/// quotation marks the caller cares about; offsets are relative to it).
pub fn reported_speech(sentence: &str) -> Option<Report> {
    // Both the forward and the trailing frame need a report verb, at a
    // word start (the trailing frame's verb stands after a comma or a
    // space): one scan of the sentence for the places a verb may start
    // answers for both, and no sentence without one is read further.
    let candidates = report_verb_candidates(sentence);
    let last_verb = candidates.last().copied();
    last_verb
        .and_then(|_| forward(sentence, candidates))
        .or_else(|| quoted_as_saying(sentence))
        .or_else(|| last_verb.and_then(|v| trailing(sentence, v)))
        .or_else(|| according_to(sentence))
}

/// `Biegun was quoted as saying that he hadn’t gone to North Korea to
/// negotiate.`
fn quoted_as_saying(s: &str) -> Option<Report> {
    // One searcher for every sentence, built once.
    static FINDER: OnceLock<memchr::memmem::Finder<'static>> = OnceLock::new();
    let finder = FINDER.get_or_init(|| memchr::memmem::Finder::new(" quoted as saying"));
    let k = finder.find(s.as_bytes())?;
    let head = &s[..k];
    let verb_at = head.rfind(char::is_whitespace)?;
    if !matches!(head[verb_at..].trim(), "was" | "is" | "were" | "has been") {
        return None;
    }
    let starts = word_starts(s);
    let (at, speaker) = starts.iter().filter(|&&st| st < verb_at).find_map(|&st| {
        let (rest, sp) = speaker_with_appositive(&s[st..]).ok()?;
        (rest.len() == s.len() - verb_at).then_some((st, sp))
    })?;
    let after = k + " quoted as saying".len();
    let rest = &s[after..];
    let skip = rest.trim_start().strip_prefix("that").map_or(0, |r| rest.len() - r.len());
    let content = trim_clause(s, after + skip, s.len());
    super::more_words_than(&s[content.0..content.1], 2).then(|| Report {
        content,
        speaker,
        cue: "quoted as saying".to_string(),
        at,
    })
}

fn is_report_verb(w: &str) -> bool {
    // Asked of every word of every sentence: a hashed list, not a scan.
    static LIST: OnceLock<lexicon::WordList> = OnceLock::new();
    LIST.get_or_init(|| lexicon::WordList::new(REPORT_VERBS.iter().copied())).contains(w)
}

/// The one character outside ASCII whose lowercase is a letter of
/// [`REPORT_VERBS`] (`K` → `k`).
const KELVIN: char = '\u{212A}';

/// What a byte is to [`report_verb_candidates`]: for an ASCII letter its
/// index in the alphabet (in either case), [`DIGIT`] for an ASCII digit,
/// [`OTHER`] for any other byte. One load per byte of every sentence.
const BYTE_CLASS: [u8; 256] = {
    let mut t = [OTHER; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        if c.is_ascii_alphabetic() {
            t[b] = c.to_ascii_lowercase() - b'a';
        } else if c.is_ascii_digit() {
            t[b] = DIGIT;
        }
        b += 1;
    }
    t
};
const DIGIT: u8 = 26;
const OTHER: u8 = u8::MAX;

/// The index of the three ASCII letters opening `w` among all three-letter
/// openings, in either case.
fn opening(w: &[u8]) -> Option<usize> {
    let letter = |b: u8| {
        let c = BYTE_CLASS[usize::from(b)];
        (c < DIGIT).then_some(usize::from(c))
    };
    match w {
        [a, b, c, ..] => Some((letter(*a)? * 26 + letter(*b)?) * 26 + letter(*c)?),
        _ => None,
    }
}

/// Length of [`ReportVerbs::openings`] in 64-bit words: a bit for each
/// three-letter opening.
const OPENING_WORDS: usize = (26 * 26 * 26usize).div_ceil(64);

/// The report verbs with the bits of their openings (every verb has three
/// letters or more), built once: a word whose opening's bit is clear holds
/// no verb, and most words are turned away with that one look-up.
struct ReportVerbs {
    openings: [u64; OPENING_WORDS],
    /// The verbs by their first letter.
    by_initial: [Vec<&'static [u8]>; 26],
}

fn report_verbs() -> &'static ReportVerbs {
    static VERBS: OnceLock<ReportVerbs> = OnceLock::new();
    VERBS.get_or_init(|| {
        let mut verbs =
            ReportVerbs { openings: [0; OPENING_WORDS], by_initial: Default::default() };
        for v in REPORT_VERBS.iter().map(|v| v.as_bytes()) {
            let k = opening(v).unwrap_or_else(|| panic!("report verb {v:?} has no opening"));
            verbs.openings[k / 64] |= 1 << (k % 64);
            verbs.by_initial[k / (26 * 26)].push(v);
        }
        verbs
    })
}

impl ReportVerbs {
    /// True when a verb (any ASCII case) opens `w`.
    fn open(&self, w: &[u8]) -> bool {
        let Some(k) = opening(w) else { return false };
        self.openings[k / 64] >> (k % 64) & 1 == 1
            && self.by_initial[k / (26 * 26)]
                .iter()
                .any(|v| w.get(..v.len()).is_some_and(|head| head.eq_ignore_ascii_case(v)))
    }
}

/// Byte offsets, in order, that may start a report verb in `s`: a superset
/// of the word starts holding one. Every occurrence of a verb (any ASCII
/// case) not glued to a letter or digit before it; with the Kelvin sign in
/// `s`, every word start. (A word matches a verb in any case; the Kelvin
/// sign is the one character outside ASCII whose lowercase is one of their
/// letters, `K` → `k`.) One pass over the sentence, before its words are
/// split and tried one by one: most sentences report nothing.
// (Inlined into `reported_speech`, this loop measured slower.)
#[inline(never)]
fn report_verb_candidates(s: &str) -> Vec<usize> {
    if s.contains(KELVIN) {
        return word_starts(s);
    }
    let verbs = report_verbs();
    let bytes = s.as_bytes();
    let class = |i: usize| bytes.get(i).map(|&b| BYTE_CLASS[usize::from(b)]);
    let mut at = Vec::new();
    let mut i = 0;
    while let Some(c) = class(i) {
        if c == OTHER {
            i += 1;
            continue;
        }
        // The first byte of a run of ASCII letters and digits: the verbs
        // are ASCII letters, so further in the run one would be glued to
        // the byte before it. The run may still be glued to a letter or
        // digit outside ASCII. Most runs are turned away by their first
        // two bytes alone.
        if bytes.get(i + 1).is_some_and(|&next| opens_pair(bytes[i], next))
            && verbs.open(&bytes[i..])
            && s[..i].chars().next_back().is_none_or(|c| !c.is_alphanumeric())
        {
            at.push(i);
        }
        i += 1;
        while class(i).is_some_and(|c| c != OTHER) {
            i += 1;
        }
    }
    at
}

/// Whether two bytes, in any ASCII case, are the first two letters of a
/// report verb: a necessary condition for [`ReportVerbs::open`], asked with
/// one look-up.
fn opens_pair(first: u8, second: u8) -> bool {
    VERB_PAIRS[usize::from(first) << 8 | usize::from(second)]
}

/// [`opens_pair`] for every two bytes, indexed by the first times 256 plus
/// the second.
static VERB_PAIRS: [bool; 1 << 16] = {
    let mut t = [false; 1 << 16];
    let mut k = 0;
    while k < REPORT_VERBS.len() {
        let v = REPORT_VERBS[k].as_bytes();
        let (a, b) = (v[0], v[1]);
        let firsts = [a.to_ascii_lowercase(), a.to_ascii_uppercase()];
        let seconds = [b.to_ascii_lowercase(), b.to_ascii_uppercase()];
        let mut x = 0;
        while x < 2 {
            let mut y = 0;
            while y < 2 {
                t[(firsts[x] as usize) << 8 | seconds[y] as usize] = true;
                y += 1;
            }
            x += 1;
        }
        k += 1;
    }
    t
};

/// What the words after one report verb of a sentence hold, found before
/// its subject is looked for: the subject search (a speaker parse at up to
/// [`SUBJECT_WINDOW`] word starts) is the dear part of [`forward`].
enum Frame {
    /// No clause follows the verb: a report verb with a subject here ends
    /// the search with nothing.
    NoClause,
    /// A clause follows, but too short to report: skipped whatever the
    /// subject.
    ShortClause,
    /// A reportable clause: a report when a subject precedes the verb.
    Clause { cue: String, content: (usize, usize) },
}

/// How many word starts before a verb its subject may start at.
const SUBJECT_WINDOW: usize = 25;

/// `SPEAKER said (to X) (on Tuesday) that CONTENT.` `candidates` are the
/// [`report_verb_candidates`] of `s`.
///
/// The first report verb (in word order) with a subject decides: a report
/// when a reportable clause follows it, nothing when no clause does. The
/// frame after each verb is found first, so the subject is looked for only
/// where it can change the answer.
fn forward(s: &str, candidates: Vec<usize>) -> Option<Report> {
    let first = s.split_whitespace().next().unwrap_or("");
    let subordinate = lexicon::lowercase_is_any(first, SUBORDINATORS);
    let mut frames: Vec<(usize, Frame)> =
        candidates.into_iter().filter_map(|v| Some((v, frame(s, v, subordinate)?))).collect();
    // Without a reportable clause there is no report, whatever the
    // subjects: the sentence's words need not be found.
    if !frames.iter().any(|(_, f)| matches!(f, Frame::Clause { .. })) {
        return None;
    }
    // A verb counts only at a word start (not glued: `U.S.-said`).
    frames.retain(|(v, _)| is_word_start(s, *v));
    for (n, (v, frame)) in frames.iter().enumerate() {
        match frame {
            Frame::ShortClause => continue,
            // A subject here ends the search with nothing; without a later
            // reportable clause the search ends with nothing either way.
            Frame::NoClause
                if !frames[n + 1..].iter().any(|(_, f)| matches!(f, Frame::Clause { .. })) =>
            {
                return None
            }
            _ => {}
        }
        let Some((at, speaker)) = subject(s, *v) else { continue };
        let Frame::Clause { cue, content } = frame else { return None };
        return Some(Report { content: *content, speaker, cue: cue.clone(), at });
    }
    None
}

/// The frame after the word starting at byte `v` of `s` when it is a
/// report verb; `subordinate` when `s` opens with a subordinator (the
/// clause then ends at its comma).
fn frame(s: &str, v: usize, subordinate: bool) -> Option<Frame> {
    // Cheap test first: most words are no report verb.
    let tail = &s[v..];
    let w = &tail[..tail.find(|c: char| !c.is_alphanumeric()).unwrap_or(tail.len())];
    if !is_report_verb(w) {
        return None;
    }
    let (after_verb, cue) = speech_verb(&s[v..]).ok()?;
    // The cue is most often the word just asked about; only a cue read
    // further (`said-so`, `pointed out`) needs asking again.
    if cue != w && !is_report_verb(&cue) {
        return None;
    }
    let after_verb = s.len() - after_verb.len();
    let Some(content_start) = clause_start(s, after_verb, &cue) else {
        return Some(Frame::NoClause);
    };
    let end = if subordinate {
        s[content_start..].find(", ").map_or(s.len(), |c| content_start + c)
    } else {
        s.len()
    };
    let content = trim_clause(s, content_start, end);
    if content.1 <= content.0 || !super::more_words_than(&s[content.0..content.1], 2) {
        return Some(Frame::ShortClause);
    }
    Some(Frame::Clause { cue, content })
}

/// The subject of a verb at byte `v`: the longest speaker phrase ending
/// right before it (an adverb may stand between: `told reporters
/// flatly`), starting at one of the last [`SUBJECT_WINDOW`] word starts
/// before it.
fn subject(s: &str, v: usize) -> Option<(usize, SpeakerPhrase)> {
    // No speaker phrase starts before the floor, so the word starts are
    // read forward from it (in one tight loop over ASCII words), not back
    // from the verb character by character. They are the starts the whole
    // sentence has there: a word start depends only on the two characters
    // before it, and the one before a floor past 0 is a quotation mark,
    // which counts as no character at all (no word character, no joiner).
    // The last of them are the last before the verb, less those before
    // the floor.
    let floor = speaker_start_floor(s, v);
    let starts = word_starts(&s[floor..v]);
    starts[starts.len().saturating_sub(SUBJECT_WINDOW)..].iter().find_map(|&k| {
        let st = floor + k;
        let (rest, sp) = speaker_with_appositive(&s[st..]).ok()?;
        let (rest, _) = (space0, nom::combinator::opt((adverb, space1))).parse(rest).ok()?;
        (rest.len() == s.len() - v).then_some((st, sp))
    })
}

fn adverb(i: &str) -> nom::IResult<&str, &str> {
    nom::combinator::verify(word, |w: &str| lexicon::adverbs().contains(w)).parse(i)
}

/// Where the reported clause starts after the verb (offset `from`): after
/// `that`, possibly past an object (`told reporters`) and a short adjunct
/// (`on Feb. 10`, `in a statement`, `flatly`); or right away when a
/// pronoun opens it (`said they would have to wait and see`).
fn clause_start(s: &str, from: usize, cue: &str) -> Option<usize> {
    let rest = &s[from..];
    // Most often the words read are ASCII: they are read in place.
    if let Some(start) = clause_start_ascii(rest, from, cue) {
        return start;
    }
    // Otherwise at most nine words are read. Lowercasing goes character by
    // character (but for a capital sigma, whose form depends on what
    // follows it), so the lowercase of those words alone is the start of
    // the lowercase of the rest, and serves (the lowercase of a whole
    // sentence was the dear part of this).
    // (The ASCII words most heads are lowercased byte by byte, or kept as
    // they are when they hold no capital.)
    let head = &rest[..words_end(rest, 9)];
    let lower =
        if head.contains('Σ') { rest.to_lowercase().into() } else { lexicon::lowercase(head) };
    clause_start_in(&lower, rest, from, cue)
}

/// [`clause_start`] read in place, with the words compared in any ASCII
/// case, or `None` when a character outside ASCII but for [`MARKS`] comes
/// before the answer (the caller then reads a lowercase copy). The words
/// before it are split and lowercased there as here: their white space and
/// letters are ASCII, their lowercase is as long, and the marks are no
/// letter, digit or white space, and their own lowercase.
fn clause_start_ascii(rest: &str, from: usize, cue: &str) -> Option<Option<usize>> {
    let bytes = rest.as_bytes();
    let white = |b: u8| char::from(b).is_whitespace();
    let mut at = 0;
    // The words as `clause_start_in` reads them, with their index.
    let mut i = 0;
    loop {
        while bytes.get(at).is_some_and(|&b| b.is_ascii() && white(b)) {
            at += 1;
        }
        let start = at;
        while let Some(&b) = bytes.get(at) {
            if !b.is_ascii() {
                // (Every mark is three bytes long.)
                MARKS.iter().any(|m| rest[at..].starts_with(*m)).then_some(())?;
                at += 3;
                continue;
            }
            if white(b) {
                break;
            }
            at += 1;
        }
        if start == at {
            // The end of the sentence.
            return Some(None);
        }
        let word = &bytes[start..at];
        let lead = word.iter().take_while(|b| !b.is_ascii_alphanumeric()).count();
        let trail = word[lead..].iter().rev().take_while(|b| !b.is_ascii_alphanumeric()).count();
        let w = &rest[start + lead..at - trail];
        match clause_word(i, w, cue) {
            ClauseWord::That => return Some(Some(from + start + lead + "that".len())),
            ClauseWord::OpensClause => {
                return Some(Some(from + rest.len() - rest.trim_start().len()))
            }
            ClauseWord::NoClause => return Some(None),
            ClauseWord::Next => i += 1,
        }
    }
}

/// The quotation marks and dashes [`clause_start_ascii`] reads in words:
/// the common characters outside ASCII there (`hadn’t`, `“that`).
const MARKS: [&str; 6] = ["\u{2018}", "\u{2019}", "\u{201c}", "\u{201d}", "\u{2013}", "\u{2014}"];

/// [`clause_start`] given `lower`, a lowercase copy of at least the first
/// nine words of `rest` (`s[from..]`).
fn clause_start_in(lower: &str, rest: &str, from: usize, cue: &str) -> Option<usize> {
    for (i, w) in lower.split_whitespace().enumerate() {
        // (Most words begin and end with an ASCII letter or digit: nothing
        // to trim.)
        let w = match (w.as_bytes().first(), w.as_bytes().last()) {
            (Some(a), Some(b)) if a.is_ascii_alphanumeric() && b.is_ascii_alphanumeric() => w,
            _ => w.trim_matches(|c: char| !c.is_alphanumeric()),
        };
        match clause_word(i, w, cue) {
            ClauseWord::That => {
                let pos = find_word(lower, "that", i)?;
                return Some(from + pos + "that".len());
            }
            ClauseWord::OpensClause => return Some(from + rest.len() - rest.trim_start().len()),
            ClauseWord::NoClause => return None,
            ClauseWord::Next => {}
        }
    }
    None
}

/// What one word after a report verb says of where the content clause
/// starts ([`clause_start`]).
enum ClauseWord {
    /// It is `that`: the clause starts after it.
    That,
    /// It opens the clause itself (`said they would …`).
    OpensClause,
    /// No clause follows the verb.
    NoClause,
    /// Read on.
    Next,
}

/// The rule of [`clause_start`] for word `i` (from 0) after report verb
/// `cue`: `w` is the word trimmed of marks, compared in any ASCII case.
/// Up to eight words may come before `that` (the person spoken to, `told
/// reporters on Tuesday that`), none of them a cue.
fn clause_word(i: usize, w: &str, cue: &str) -> ClauseWord {
    let is = |v: &str| w.eq_ignore_ascii_case(v);
    if is("that") {
        return ClauseWord::That;
    }
    if i == 0 && ["he", "she", "they", "we", "i", "it"].into_iter().any(is) {
        return ClauseWord::OpensClause;
    }
    // `many analysts suggested the two sides are unlikely to …`: verbs
    // that take a clause may drop `that` before a determiner.
    if i == 0
        && CLAUSE_VERBS.contains(&cue)
        && ["the", "a", "an", "his", "her", "their", "its"].into_iter().any(is)
    {
        return ClauseWord::OpensClause;
    }
    // (The ninth word ends the search.)
    if i >= 8 || lexicon::speech_verbs().contains(w) {
        ClauseWord::NoClause
    } else {
        ClauseWord::Next
    }
}

/// The offset in `s` just after its first `n` white-space-separated
/// words (all of `s` when it has fewer).
fn words_end(s: &str, n: usize) -> usize {
    let mut count = 0;
    let mut in_word = false;
    for (i, c) in s.char_indices() {
        if !c.is_whitespace() {
            in_word = true;
        } else if in_word {
            in_word = false;
            count += 1;
            if count == n {
                return i;
            }
        }
    }
    s.len()
}

/// Byte offset of the `n`-th white-space-separated word of `s` if it is
/// `word` (ignoring edge punctuation).
fn find_word(s: &str, word: &str, n: usize) -> Option<usize> {
    let mut count = 0;
    let mut in_word = false;
    for (i, c) in s.char_indices() {
        if c.is_whitespace() {
            in_word = false;
        } else if !in_word {
            in_word = true;
            if count == n {
                return s[i..].find(word).map(|p| i + p);
            }
            count += 1;
        }
    }
    None
}

/// `CONTENT, officials said.` / `CONTENT, said Smith.`
///
/// `last_verb` is the last of the [`report_verb_candidates`] of `s`.
fn trailing(s: &str, last_verb: usize) -> Option<Report> {
    let body = s.trim_end().trim_end_matches(['.', '!']);
    let comma = body.rfind(',')?;
    // The cue is a report verb after the comma, after white space or right
    // after the comma, so one of the candidates: with none after the comma
    // there is no frame to parse.
    if last_verb < comma {
        return None;
    }
    let frame = &body[comma + 1..];
    let frame_t = frame.trim_start();
    let at = body.len() - frame_t.len();
    let parsed = (|| {
        let (rest, (sp, _, cue)) = (speaker_phrase, space1, speech_verb).parse(frame_t).ok()?;
        Some((rest, sp, cue))
    })()
    .or_else(|| {
        let (rest, (cue, _, sp)) = (speech_verb, space1, speaker_phrase).parse(frame_t).ok()?;
        // `…, wrote a column.`: an indefinite document after the verb is
        // what was written, not who wrote it.
        let object = matches!(&sp.who, Who::Description { text, head }
            if (text.starts_with("a ") || text.starts_with("an "))
                && super::DOCUMENT_NOUNS.contains(&head.as_str()));
        (!object).then_some((rest, sp, cue))
    });
    let (rest, speaker, cue) = parsed?;
    // The frame must end the sentence (a date or place may follow).
    if super::more_words_than(rest, 6) || !is_report_verb(&cue) {
        return None;
    }
    let content = trim_clause(s, 0, comma);
    if !super::more_words_than(&s[content.0..content.1], 3) {
        return None;
    }
    Some(Report { content, speaker, cue, at })
}

/// `According to Politico, CONTENT.`
fn according_to(s: &str) -> Option<Report> {
    let lead = s.len() - s.trim_start().len();
    let t = &s[lead..];
    let rest = t.strip_prefix("According to ")?;
    let (after, speaker) = speaker_with_appositive(rest).ok()?;
    let after_t = after.strip_prefix(',')?;
    let start = s.len() - after_t.len();
    let content = trim_clause(s, start, s.len());
    if !super::more_words_than(&s[content.0..content.1], 3) {
        return None;
    }
    Some(Report {
        content,
        speaker,
        cue: "according to".to_string(),
        at: lead + "According to ".len(),
    })
}

/// The clause `s[start..end]` without surrounding white space and the
/// sentence's final punctuation.
fn trim_clause(s: &str, start: usize, end: usize) -> (usize, usize) {
    let part = &s[start..end];
    let lead = part.len() - part.trim_start().len();
    let trimmed = part.trim().trim_end_matches(['.', '!', '?', ';', ',']);
    (start + lead, start + lead + trimmed.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use aho_corasick::AhoCorasick;

    fn content(s: &str) -> Option<&str> {
        reported_speech(s).map(|r| &s[r.content.0..r.content.1])
    }

    #[test]
    fn reported_speech_accepts_that_clauses() {
        assert_eq!(
            content("Vox reports that North Korea and the US have tentatively reached the following agreements."),
            Some("North Korea and the US have tentatively reached the following agreements")
        );
        assert_eq!(
            content("Considering that Trump told reporters flatly that he hadn’t given ground on the goal of denuclearization, the answer …"),
            Some("he hadn’t given ground on the goal of denuclearization")
        );
    }

    #[test]
    fn reported_speech_accepts_pronoun_clauses_and_trailing_frames() {
        assert_eq!(
            content("Trump said they would have to wait and see."),
            Some("they would have to wait and see")
        );
        assert_eq!(
            content("The talks will resume in Stockholm next week, officials said."),
            Some("The talks will resume in Stockholm next week")
        );
        assert_eq!(
            content("According to Politico, the GOP leaners in the area seem enamored with Trump."),
            Some("the GOP leaners in the area seem enamored with Trump")
        );
    }

    /// [`report_verb_candidates`] as first written: every overlapping
    /// occurrence of a verb, sorted.
    fn report_verb_candidates_reference(s: &str) -> Vec<usize> {
        if s.contains(KELVIN) {
            return word_starts(s);
        }
        static OVERLAPPING: OnceLock<AhoCorasick> = OnceLock::new();
        let overlapping = OVERLAPPING.get_or_init(|| {
            AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .build(REPORT_VERBS)
                .unwrap_or_else(|e| panic!("REPORT_VERBS do not build an automaton: {e}"))
        });
        let mut at: Vec<usize> = overlapping
            .find_overlapping_iter(s)
            .map(|m| m.start())
            .filter(|&m| s[..m].chars().next_back().is_none_or(|c| !c.is_alphanumeric()))
            .collect();
        at.sort_unstable();
        at.dedup();
        at
    }

    #[test]
    fn report_verb_candidates_agree_with_an_overlapping_search() {
        // Every verb glued to every other, in every case, after and before
        // letters, digits, spaces, punctuation and letters outside ASCII.
        let joins = ["", " ", "x", "7", "-", "é", ",", "\u{2019}"];
        let mut n = 0;
        for a in REPORT_VERBS {
            for b in REPORT_VERBS {
                for j in joins {
                    for s in [
                        format!("{a}{j}{b}"),
                        format!("{j}{a}{b}{j}"),
                        format!("{}{j}{b}s", a.to_uppercase()),
                        format!("un{a}{j}{}", &b[1..]),
                    ] {
                        assert_eq!(
                            report_verb_candidates(&s),
                            report_verb_candidates_reference(&s),
                            "{s}"
                        );
                        n += 1;
                    }
                }
            }
        }
        assert_eq!(n, REPORT_VERBS.len().pow(2) * joins.len() * 4);
        for s in
            ["Officials said he says they reported that the reports say so.", "he thin\u{212A}s so"]
        {
            assert_eq!(report_verb_candidates(s), report_verb_candidates_reference(s), "{s}");
        }
    }

    #[test]
    fn report_verb_candidates_find_verbs_in_any_case() {
        let any = |s: &str| !report_verb_candidates(s).is_empty();
        assert!(any("Officials SAID so"));
        assert!(any("he thin\u{212A}s so"));
        assert!(!any("The summit was held in Hanoi."));
        for v in REPORT_VERBS {
            assert!(any(&format!("x {} y", v.to_uppercase())));
            assert!(any(&format!("x,{v}")));
            // Glued to a word before it, a verb is none.
            assert!(report_verb_candidates(&format!("x{v}")).is_empty());
        }
        // A trailing frame's verb is always a candidate.
        for s in [
            "The talks will resume in Stockholm next week, officials said.",
            "The talks will resume in Stockholm next week, said Smith.",
            "The talks will resume in Stockholm next week,officials SAID.",
            "The talks will resume in Stockholm next week,said Smith.",
        ] {
            let last = report_verb_candidates(s).last().copied();
            assert!(last.is_some_and(|v| v > s.rfind(',').unwrap_or(0)), "{s}");
            assert!(trailing(s, last.unwrap_or(0)).is_some(), "{s}");
        }
    }

    /// [`subject`] as first written: tried at the last [`SUBJECT_WINDOW`]
    /// of `before`, the word starts before `v`, from the floor on.
    fn subject_reference(s: &str, before: &[usize], v: usize) -> Option<(usize, SpeakerPhrase)> {
        let floor = speaker_start_floor(s, v);
        before.iter().skip(before.len().saturating_sub(SUBJECT_WINDOW)).find_map(|&st| {
            if st < floor {
                return None;
            }
            let (rest, sp) = speaker_with_appositive(&s[st..]).ok()?;
            let (rest, _) = (space0, nom::combinator::opt((adverb, space1))).parse(rest).ok()?;
            (rest.len() == s.len() - v).then_some((st, sp))
        })
    }

    #[test]
    fn subject_reads_the_word_starts_from_the_floor() {
        let sentences = [
            "Trump told reporters flatly that he hadn\u{2019}t given ground.",
            "\u{201c}We will win,\u{201d} Mr. Lee, a spokesman, said that it was over.",
            "\u{201c}We will win,\u{201d}-Lee said \"so\".Lee said it.",
            "\u{201d}'Lee said\u{201c}.Lee said \u{201c}\u{2019}s Kim said",
            "Rep. Kim (\u{201c}the fixer\u{201d}) said that it was.",
            "The senator from the state of the union of the many states of the great \
             republic of the west of the old world of the new era, Smith, said so.",
            "a b c d e f g h i j k l m n o p q r s t u v w x y z Officials said",
            "\u{201c}a b c d e f g h i j k l m n o p q r s t u v w x y z\u{201d} officials said",
        ];
        let mut found = 0;
        for s in sentences {
            let starts = word_starts(s);
            for (v, _) in s.char_indices() {
                let before: Vec<usize> = starts.iter().copied().filter(|&st| st < v).collect();
                let subject = subject(s, v);
                assert_eq!(subject, subject_reference(s, &before, v), "{s:?} at {v}");
                found += usize::from(subject.is_some());
            }
        }
        // Subjects are found, so the test compares something.
        assert!(found > 10, "{found}");
    }

    /// [`forward`] as first written: the subject is looked for at every
    /// report verb, before the clause after it.
    fn forward_reference(s: &str) -> Option<Report> {
        let starts = word_starts(s);
        for (k, &v) in starts.iter().enumerate() {
            let Ok((after_verb, cue)) = speech_verb(&s[v..]) else { continue };
            if !is_report_verb(&cue) {
                continue;
            }
            let Some((at, speaker)) = subject_reference(s, &starts[..k], v) else { continue };
            let content_start = clause_start(s, s.len() - after_verb.len(), &cue)?;
            let first = s.split_whitespace().next().unwrap_or("").to_lowercase();
            let end = if SUBORDINATORS.contains(&first.as_str()) {
                s[content_start..].find(", ").map_or(s.len(), |c| content_start + c)
            } else {
                s.len()
            };
            let content = trim_clause(s, content_start, end);
            if content.1 <= content.0 || s[content.0..content.1].split_whitespace().count() < 3 {
                continue;
            }
            return Some(Report { content, speaker, cue, at });
        }
        None
    }

    #[test]
    fn forward_agrees_with_trying_every_subject() {
        // Clauses of each kind, joined in every order, so sentences hold
        // verbs without a clause, with a short one and with a full one,
        // before and after each other.
        let parts = [
            "Trump said on Tuesday",
            "officials said",
            "Smith said it",
            "the senator told reporters flatly that he hadn\u{2019}t given ground on the goal",
            "Vox reports that North Korea and the US have reached agreements",
            "he said they would have to wait and see",
            "When Pompeo said that talks would resume soon",
            "many analysts suggested the two sides are unlikely to agree",
            "The report, which said nothing,",
            "Mr. Lee, a spokesman, said no",
            "after the vote",
            "Officials SAID that the talks would resume",
            "the unsaid truth is that we know it",
            "the U.S.-said deal holds that all is well",
            "he thin\u{212A}s that it will rain soon",
        ];
        let (mut n, mut reports) = (0, 0);
        for a in parts {
            for b in parts {
                for c in parts {
                    let s = format!("{a}, {b} and {c}.");
                    let found = forward(&s, report_verb_candidates(&s));
                    assert_eq!(found, forward_reference(&s), "{s}");
                    n += 1;
                    reports += usize::from(found.is_some());
                }
            }
        }
        assert_eq!(n, parts.len().pow(3));
        // Both answers occur, so the test compares something.
        assert!(reports > 0 && reports < n, "{reports} reports of {n}");
    }

    #[test]
    fn trailing_frames_hold_a_candidate_after_their_comma() {
        // Contents joined to frames of each kind, cues in any case, with and
        // without white space after the comma.
        let frames = [
            "officials said",
            "said Smith",
            "SAID Smith",
            "Smith Said",
            "wrote a column",
            "officials told reporters",
            "the senator added",
            "he thin\u{212A}s",
            "officials noted on Tuesday",
            "according to officials",
            "U.S.-said officials",
            "officials unsaid",
        ];
        let contents = ["The talks will resume in Stockholm next week", "He said it, and", ""];
        let (mut n, mut reports) = (0, 0);
        for c in contents {
            for f in frames {
                for join in [", ", ",", ",\u{a0}"] {
                    for end in ["", ".", "!", " . "] {
                        let s = format!("{c}{join}{f}{end}");
                        // `usize::MAX` lets every sentence through the test.
                        let found = trailing(&s, usize::MAX);
                        if found.is_some() {
                            let last = report_verb_candidates(&s).last().copied();
                            assert_eq!(last.and_then(|v| trailing(&s, v)), found, "{s}");
                            reports += 1;
                        }
                        n += 1;
                    }
                }
            }
        }
        assert!(reports > 0 && reports < n, "{reports} reports of {n}");
    }

    /// [`clause_start`] as first written: the whole rest lowercased.
    fn clause_start_reference(s: &str, from: usize, cue: &str) -> Option<usize> {
        clause_start_in(&s[from..].to_lowercase(), &s[from..], from, cue)
    }

    #[test]
    fn clause_start_reads_only_the_words_it_needs() {
        let sentences = [
            "Trump told reporters on Tuesday in a long statement that he would go.",
            "Trump said THAT it was over",
            "He said on a b c d e f g that it was",
            "He said on a b c d e f g h that it was",
            "He said on a b c d e f that",
            "He said \u{201c}That\u{201d} was all",
            "He warned the voters",
            "Officials told reporters, \u{2018}That is all.\u{2019}",
            "She said \u{3a3}\u{3a3} that \u{3a3}",
            "He told \u{130}stanbul officials that it was \u{130}",
            "He said \u{212a}im a b c d e f g that it \u{3a3}",
            "They told a b c d e f g h \u{3a3} that",
            "\u{201c}He said that,\u{201d} she said that \u{2019}it\u{2019} was",
            "said",
            "said   ",
        ];
        for s in sentences {
            for (from, _) in s.char_indices() {
                for cue in ["said", "told", "warned", "noted"] {
                    assert_eq!(
                        clause_start(s, from, cue),
                        clause_start_reference(s, from, cue),
                        "{s:?} from {from} {cue}"
                    );
                }
            }
        }
        assert_eq!(words_end("a b  c", 2), 3);
        assert_eq!(words_end(" a b", 5), 4);
    }

    proptest::proptest! {
        #[test]
        fn clause_start_agrees_with_a_lowercase_copy_anywhere(
            s in "((that|THAT|That|he|She|THEY|the|An|reporters|told|said|on|Tuesday|x|\u{3a3}|\u{130}|\u{212a}|\u{2019}|\u{201c}|\u{2014}|\u{2026}|\u{e9}|\u{a0}|\u{b}|,|\\.|\"| ){0,14})",
            cue in "(said|told|warned|noted)",
        ) {
            for (from, _) in s.char_indices() {
                proptest::prop_assert_eq!(
                    clause_start(&s, from, &cue),
                    clause_start_reference(&s, from, &cue),
                    "{:?} from {}", s, from
                );
            }
        }
    }

    #[test]
    fn reported_speech_rejects_sentences_without_reports() {
        assert_eq!(content("The summit was held in Hanoi on Feb. 27."), None);
        assert_eq!(content("He said no."), None);
        assert_eq!(content("The decision was said to be final by many."), None);
    }
}
