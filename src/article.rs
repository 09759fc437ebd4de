//! Article layout: splits a raw article into paragraphs, tells body text from
//! page furniture, and reads the metadata the text itself carries (headline,
//! publication date, byline, outlet).
//!
//! Owns: paragraph spans and their roles, `ArticleMeta` found in the text.
//! Does not own: quotes or attribution. Input: the whole article as `&str`
//! (a leading BOM and CRLF line ends allowed); output: [`Layout`].
//!
//! A paragraph is one non-blank line. Each gets one [`Role`], decided in
//! this order (the first rule that fires wins):
//!
//! 1. [`Role::Furniture`]: the line is a phrase of `furniture.txt`
//!    (`Most viewed articles`, `Text Size`), or has no letter at all (`.`).
//! 2. [`Role::Meta`]: an archive marker (`meta_lines.txt`: `ABSTRACT.`), a
//!    dateline (`dateline_words.txt`: `Posted on : 2019-02-28 14:44 KST`, or
//!    a line that is only a date and a time), a byline (`By Kim Ji-eun, staff
//!    reporter`), a copyright line (`© The Asia Business Daily(...). All
//!    rights reserved.`), a contact line with an e-mail address, or a
//!    `Follow <name> on Twitter @handle` line.
//! 3. [`Role::Headline`]: the first line left.
//! 4. [`Role::Caption`]: a line of three or more words repeated verbatim
//!    in the article (scraped photo captions come twice), a line opening
//!    with a label of `caption_labels.txt` (`Caption:`), or one closing with
//!    a photo credit (`(AFP/Yonhap News)`, `[Image source=Yonhap News]`,
//!    `… via Getty Images.`).
//! 5. [`Role::Body`]: the rest, sub-headings included. A body paragraph
//!    opening with a bracketed byline (`[Asia Economy Reporter Lim
//!    Cheol-young] As claims emerge …`) stays body; the byline is recorded.
//!
//! The outlet comes from a copyright holder or from the domain of a contact
//! address (`outlet_domains.txt`); the publication date from the first full
//! date on a dateline, read with [`crate::attribution::date`] (a leaf module
//! with no dependencies of its own). Every rule leans towards `Body`: a
//! story paragraph lost to furniture loses its quotes, while a stray
//! furniture line kept as body usually has none.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use crate::attribution::date::{self, DateExpr, DateMatch};
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

const FURNITURE_TXT: &str = include_str!("../grammar/lexicon/furniture.txt");
const META_LINES_TXT: &str = include_str!("../grammar/lexicon/meta_lines.txt");
const DATELINE_WORDS_TXT: &str = include_str!("../grammar/lexicon/dateline_words.txt");
const BYLINE_WORDS_TXT: &str = include_str!("../grammar/lexicon/byline_words.txt");
const PHOTO_CREDITS_TXT: &str = include_str!("../grammar/lexicon/photo_credits.txt");
const CAPTION_LABELS_TXT: &str = include_str!("../grammar/lexicon/caption_labels.txt");
const OUTLET_DOMAINS_TXT: &str = include_str!("../grammar/lexicon/outlet_domains.txt");

/// A repeated line is a caption only from this many words on: the seed
/// captions repeat whole descriptions ("The Vietnam National Convention
/// Center", five words), while an interview may well repeat a short answer
/// ("No.") as story text.
const MIN_REPEATED_WORDS: usize = 3;

/// Datelines are short ("Posted on : 2019-02-28 14:44 KST Modified on :
/// 2019-02-28 14:44 KST" is 67 bytes); a longer line opening with
/// "Updated" is a sentence.
const MAX_DATELINE_BYTES: usize = 160;

/// The longest byline in the seeds has 17 words ("By Hwang Joon-bum,
/// Washington correspondent, and …"); room for a few more names.
const MAX_BYLINE_WORDS: usize = 30;

/// A bracketed byline names an outlet, a title and a person: "[Asia
/// Economy Reporter Lim Cheol-young]" has six words.
const MAX_BRACKET_BYLINE_WORDS: usize = 10;

/// Contact and social lines are one short request ("Please direct comments
/// or questions to [english@hani.co.kr]" has seven words); a longer line
/// with an address in it is more likely story text.
const MAX_CONTACT_WORDS: usize = 16;

/// Copyright notices run to a sentence or two of boilerplate.
const MAX_COPYRIGHT_WORDS: usize = 40;

/// Photo credits are a few words ("AFP/Yonhap News", "Image
/// source=Yonhap News"); a long parenthesis closing a line is prose.
const MAX_CREDIT_BYTES: usize = 60;

/// Captions are a sentence or two; a longer paragraph closing with an
/// agency name in parentheses is a wire story's last paragraph.
const MAX_CAPTION_WORDS: usize = 60;

/// A whole-line credit ("Jemal Countess via Getty Images.") is a name and
/// an agency.
const MAX_CREDIT_LINE_WORDS: usize = 8;

/// Reads the layout of an article.
///
/// ```
/// use quotecheck::article::{parse, Role};
/// let text = "\u{feff}Talks resume\r\n\r\nBy Kim Ji-eun, staff reporter\r\n\
///             Choe said on Oct. 1 that talks would resume.\r\nTop\r\n";
/// let layout = parse("a1", text);
/// let roles: Vec<Role> = layout.paragraphs.iter().map(|p| p.role).collect();
/// assert_eq!(roles, [Role::Headline, Role::Meta, Role::Body, Role::Furniture]);
/// assert_eq!(layout.paragraphs[0].span.slice(text), "Talks resume");
/// assert_eq!(layout.meta.byline.as_deref(), Some("Kim Ji-eun, staff reporter"));
/// ```
pub fn parse(id: &str, text: &str) -> Layout {
    let spans = lines(text);
    let mut copies: BTreeMap<&str, usize> = BTreeMap::new();
    for span in &spans {
        *copies.entry(span.slice(text)).or_default() += 1;
    }
    let mut meta = ArticleMeta { id: id.to_owned(), ..ArticleMeta::default() };
    let mut have_headline = false;
    let paragraphs = spans
        .into_iter()
        .map(|span| {
            let line = span.slice(text);
            let repeated = copies.get(line).is_some_and(|&n| n > 1);
            let role = classify(line, repeated, &mut have_headline, &mut meta);
            Paragraph { span, role }
        })
        .collect();
    Layout { meta, paragraphs }
}

/// White space around a line, and the byte-order mark some files open with
/// (U+FEFF is not `char::is_whitespace`).
fn is_line_padding(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

/// Spans of the non-blank lines of `text`, each trimmed of padding
/// (including a `\r` left by CRLF).
fn lines(text: &str) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut line_start = 0;
    // The pieces `split('\n')` gives, their ends found with `memchr`
    // (which `split` does not use for a character).
    for end in memchr::memchr_iter(b'\n', text.as_bytes()).chain([text.len()]) {
        let raw = &text[line_start..end];
        let trimmed = raw.trim_matches(is_line_padding);
        if !trimmed.is_empty() {
            let start = line_start + raw.len() - raw.trim_start_matches(is_line_padding).len();
            spans.push(Span::new(start, start + trimmed.len()));
        }
        line_start = end + 1;
    }
    spans
}

/// Decides one line's role, recording what it says about the article.
fn classify(line: &str, repeated: bool, have_headline: &mut bool, meta: &mut ArticleMeta) -> Role {
    if is_furniture(line) {
        return Role::Furniture;
    }
    if let Some(found) = meta_line(line) {
        found.record(meta);
        return Role::Meta;
    }
    if !*have_headline {
        *have_headline = true;
        meta.headline = Some(line.to_owned());
        return Role::Headline;
    }
    if (repeated && word_count(line) >= MIN_REPEATED_WORDS) || is_caption(line) {
        return Role::Caption;
    }
    if let Some((byline, _)) = bracket_byline(line) {
        meta.byline.get_or_insert_with(|| byline.to_owned());
    }
    Role::Body
}

// ---------------------------------------------------------------------------
// Lexicons

/// Entries of a lexicon file: lines that are neither blank nor `#` comments.
fn lexicon_entries(src: &'static str) -> impl Iterator<Item = &'static str> {
    src.lines().map(str::trim).filter(|line| !line.is_empty() && !line.starts_with('#'))
}

/// Entries of a two-column (`key<TAB>value`) lexicon file.
fn lexicon_pairs(src: &'static str) -> impl Iterator<Item = (&'static str, &'static str)> {
    lexicon_entries(src)
        .filter_map(|line| line.split_once('\t').map(|(key, value)| (key.trim(), value.trim())))
}

/// A lexicon file, split into entries on first use: every line of every
/// article is checked against several lists, and splitting the files each
/// time cost more than the checks.
struct Lexicon {
    src: &'static str,
    entries: OnceLock<Vec<&'static str>>,
    pairs: OnceLock<Vec<(&'static str, &'static str)>>,
}

impl Lexicon {
    const fn new(src: &'static str) -> Lexicon {
        Lexicon { src, entries: OnceLock::new(), pairs: OnceLock::new() }
    }

    /// [`lexicon_entries`] of the file.
    fn entries(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.entries.get_or_init(|| lexicon_entries(self.src).collect()).iter().copied()
    }

    /// The value of `key` (compared ASCII-case-insensitively) in a
    /// two-column lexicon.
    fn value(&self, key: &str) -> Option<&'static str> {
        let pairs = self.pairs.get_or_init(|| lexicon_pairs(self.src).collect());
        pairs.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)).map(|&(_, v)| v)
    }
}

static FURNITURE: Lexicon = Lexicon::new(FURNITURE_TXT);
static META_LINES: Lexicon = Lexicon::new(META_LINES_TXT);
static DATELINE_WORDS: Lexicon = Lexicon::new(DATELINE_WORDS_TXT);
static BYLINE_WORDS: Lexicon = Lexicon::new(BYLINE_WORDS_TXT);
static PHOTO_CREDITS: Lexicon = Lexicon::new(PHOTO_CREDITS_TXT);
static CAPTION_LABELS: Lexicon = Lexicon::new(CAPTION_LABELS_TXT);
static OUTLET_DOMAINS: Lexicon = Lexicon::new(OUTLET_DOMAINS_TXT);

// ---------------------------------------------------------------------------
// Small text functions

fn word_count(text: &str) -> usize {
    text.split_whitespace().count()
}

/// `text.split_whitespace().count() > n`, without counting past `n`: the
/// limits are a few words, and the text tested is often a story paragraph
/// or the rest of a sentence.
///
/// By hand rather than `split_whitespace().nth(n)`, which decodes every
/// character: this runs on most lines and at most cues. An ASCII byte is
/// white space as `char::is_whitespace` says (tab to carriage return, the
/// space). Outside ASCII only a character whose first byte is `C2` (U+0085,
/// U+00A0), `E1` (U+1680), `E2` (U+2000 to U+205F) or `E3` (U+3000) can be
/// white space, so only those are decoded; any other byte is part of a
/// word (a test checks this against every `char`).
pub(crate) fn more_words_than(text: &str, n: usize) -> bool {
    let bytes = text.as_bytes();
    let (mut words, mut in_word, mut i) = (0, false, 0);
    while i < bytes.len() {
        let b = bytes[i];
        let (white, len) = match b {
            b'\t'..=b'\r' | b' ' => (true, 1),
            0xC2 | 0xE1 | 0xE2 | 0xE3 => {
                let c = text[i..].chars().next().unwrap_or_default();
                (c.is_whitespace(), c.len_utf8())
            }
            _ => (false, 1),
        };
        if !white && !in_word {
            words += 1;
            if words > n {
                return true;
            }
        }
        in_word = !white;
        i += len;
    }
    false
}

/// True when `text` holds `needle` (lowercase ASCII) in any ASCII case:
/// `text.to_ascii_lowercase().contains(needle)` without the copy.
pub(crate) fn contains_ci(text: &str, needle: &str) -> bool {
    let (t, n) = (text.as_bytes(), needle.as_bytes());
    if n.is_empty() {
        return true;
    }
    // The scan jumps between occurrences of one byte of the needle, in
    // either case: its rarest letter in English text (` via ` would
    // otherwise stop at every space, `all rights reserved` at every `a`).
    // Every match holds that byte at offset `k`.
    let k = (0..n.len()).max_by_key(|&i| letter_rarity(n[i])).unwrap_or(0);
    let anchor = n[k];
    memchr::memchr2_iter(anchor, anchor.to_ascii_uppercase(), t)
        .any(|i| i >= k && t[i - k..].get(..n.len()).is_some_and(|w| w.eq_ignore_ascii_case(n)))
}

/// How rare a lowercase ASCII letter is in English text (0 for the most
/// common, and for anything not a letter).
fn letter_rarity(b: u8) -> usize {
    const BY_FREQUENCY: &[u8] = b"etaoinshrdlcumwfgypbvkjxqz";
    BY_FREQUENCY.iter().position(|&c| c == b).unwrap_or(0)
}

/// `text` without a leading `prefix`, compared ASCII-case-insensitively.
fn strip_prefix_ci<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix).then(|| &text[prefix.len()..])
}

/// True when `text` does not continue a word (empty, or no letter next).
fn at_word_end(text: &str) -> bool {
    !text.starts_with(char::is_alphanumeric)
}

// ---------------------------------------------------------------------------
// Furniture

/// Rule 1: a furniture phrase, or a line without letters.
fn is_furniture(line: &str) -> bool {
    if !line.chars().any(char::is_alphabetic) {
        return true;
    }
    // Entries are short phrases, compared with the folded line (`fold`)
    // without folding all of it: only as much of the fold at each end as
    // makes it longer than every entry there (or all of it). A stretch that
    // long settles a prefix or a suffix, and a whole-line entry cannot
    // equal a fold cut short, which is longer than the entry.
    // Most lines are turned away by the first two bytes of the fold at
    // each end, read off the line, before any of it is folded.
    let f = furniture_entries();
    if fold_opening(line.chars()).is_none_or(|o| f.openings.contains(&o)) {
        let head = fold_some(line.chars(), f.longest, false);
        if f.whole.iter().any(|&e| head == e) || f.prefixes.iter().any(|&p| head.starts_with(p)) {
            return true;
        }
    }
    // The end of the line is folded only when some entry is a suffix.
    !f.suffixes.is_empty()
        && fold_opening(line.chars().rev()).is_none_or(|o| f.suffix_openings.contains(&o))
        && {
            let tail = fold_some(line.chars().rev(), f.longest_suffix, true);
            f.suffixes.iter().any(|s| tail.starts_with(s.as_str()))
        }
}

/// The first two bytes of `fold_some(chars, …)` (any `max` from 2 on, either
/// direction), or `[b, 0]` when the fold is the one byte `b`: read off the
/// first two characters when they tell it, `None` otherwise (a character
/// outside ASCII, or white space, whose fold depends on what follows).
fn fold_opening(mut chars: impl Iterator<Item = char>) -> Option<[u8; 2]> {
    let plain =
        |c: char| (c.is_ascii() && !c.is_whitespace()).then(|| c.to_ascii_lowercase() as u8);
    let first = plain(chars.next()?)?;
    match chars.next() {
        None => Some([first, 0]),
        Some(c) => Some([first, plain(c)?]),
    }
}

/// `furniture.txt` split by kind once: `is_furniture` runs on every line.
struct FurnitureEntries {
    /// Whole-line entries.
    whole: Vec<&'static str>,
    /// Entries `PREFIX *`, without the ` *`.
    prefixes: Vec<&'static str>,
    /// Entries `* SUFFIX`, without the `* `, character by character
    /// reversed: compared with the fold of the line's end, which comes
    /// reversed too.
    suffixes: Vec<String>,
    /// The byte length of the longest entry, as written.
    longest: usize,
    /// The byte length of the longest suffix.
    longest_suffix: usize,
    /// The first two bytes of every whole-line entry and prefix: those of
    /// the fold of a line one of them matches.
    openings: Vec<[u8; 2]>,
    /// The same of every (reversed) suffix.
    suffix_openings: Vec<[u8; 2]>,
}

fn furniture_entries() -> &'static FurnitureEntries {
    static ENTRIES: OnceLock<FurnitureEntries> = OnceLock::new();
    ENTRIES.get_or_init(|| {
        let mut f = FurnitureEntries {
            whole: Vec::new(),
            prefixes: Vec::new(),
            suffixes: Vec::new(),
            longest: 0,
            longest_suffix: 0,
            openings: Vec::new(),
            suffix_openings: Vec::new(),
        };
        // (Every entry has two bytes or more, so a fold of one byte, or
        // one opening otherwise, matches none.)
        let opening = |e: &str| -> [u8; 2] {
            let b = e.as_bytes();
            assert!(b.len() >= 2, "furniture entry {e:?} is shorter than two bytes");
            [b[0], b[1]]
        };
        for entry in FURNITURE.entries() {
            f.longest = f.longest.max(entry.len());
            if let Some(prefix) = entry.strip_suffix(" *") {
                f.prefixes.push(prefix);
            } else if let Some(suffix) = entry.strip_prefix("* ") {
                f.longest_suffix = f.longest_suffix.max(suffix.len());
                f.suffixes.push(suffix.chars().rev().collect());
            } else {
                f.whole.push(entry);
            }
        }
        f.openings = f.whole.iter().chain(&f.prefixes).map(|e| opening(e)).collect();
        f.suffix_openings = f.suffixes.iter().map(|e| opening(e)).collect();
        f
    })
}

/// The start of `fold(chars)`: its characters in order until they take
/// more than `max` bytes, or all of them. With `backward`, `chars` come
/// from the end of a line and so does the fold, character by character
/// reversed.
///
/// Each character is lowercased on its own, so a capital sigma becomes
/// `σ` where `fold` may give `ς` (it looks at the neighbours): both are
/// two bytes, the two folds differ only at those places, and no furniture
/// entry holds either letter (a test checks this).
fn fold_some(chars: impl Iterator<Item = char>, max: usize, backward: bool) -> String {
    let mut out = String::with_capacity(max + 4);
    let mut gap = false;
    for c in chars {
        if out.len() > max {
            break;
        }
        if c.is_whitespace() {
            gap = !out.is_empty();
            continue;
        }
        if gap {
            out.push(' ');
            gap = false;
        }
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else if backward {
            out.extend(c.to_lowercase().rev());
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// `line` with its white space collapsed to single spaces, lowercased, in
/// one pass: what `split_whitespace`, `join(" ")` and `to_lowercase` give.
/// The reference for [`fold_some`], which the furniture test uses.
#[cfg(test)]
fn fold(line: &str) -> String {
    // `str::to_lowercase` lowercases char by char, except a capital sigma,
    // whose form depends on its neighbours.
    if line.contains('Σ') {
        return line.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    }
    let mut gap = false;
    if line.is_ascii() {
        // Word by word, each copied whole, then all lowercased at once:
        // `char::is_whitespace` on ASCII is tab to carriage return and the
        // space.
        let mut out = Vec::with_capacity(line.len());
        let white = |b: &u8| (b'\t'..=b'\r').contains(b) || *b == b' ';
        for word in line.as_bytes().split(white).filter(|w| !w.is_empty()) {
            if !out.is_empty() {
                out.push(b' ');
            }
            out.extend_from_slice(word);
        }
        out.make_ascii_lowercase();
        return String::from_utf8(out).unwrap_or_default();
    }
    let mut out = String::with_capacity(line.len());
    for c in line.chars() {
        if c.is_whitespace() {
            gap = !out.is_empty();
        } else {
            if gap {
                out.push(' ');
                gap = false;
            }
            if c.is_ascii() {
                out.push(c.to_ascii_lowercase());
            } else {
                out.extend(c.to_lowercase());
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------
// Meta

/// What a metadata line says.
#[derive(Debug, Clone, PartialEq, Eq)]
enum MetaLine<'a> {
    /// An archive marker (`ABSTRACT.`).
    Marker,
    /// A dateline and the first full date on it.
    Dateline(Option<chrono::NaiveDate>),
    /// A byline: the names as written.
    Byline(&'a str),
    /// A copyright notice and the outlet it names.
    Copyright(Option<String>),
    /// A contact line and the outlet its address belongs to.
    Contact(Option<&'static str>),
    /// "Follow <name> on Twitter @handle".
    Social,
}

impl MetaLine<'_> {
    /// Fills fields of `meta` still empty; the first line to give a field
    /// wins.
    fn record(self, meta: &mut ArticleMeta) {
        match self {
            MetaLine::Dateline(Some(date)) => {
                meta.published.get_or_insert_with(|| date.to_string());
            }
            MetaLine::Byline(names) => {
                meta.byline.get_or_insert_with(|| names.to_owned());
            }
            MetaLine::Copyright(Some(outlet)) => {
                meta.outlet.get_or_insert(outlet);
            }
            MetaLine::Contact(Some(outlet)) => {
                meta.outlet.get_or_insert_with(|| outlet.to_owned());
            }
            _ => {}
        }
    }
}

/// Rule 2: a metadata line.
fn meta_line(line: &str) -> Option<MetaLine<'_>> {
    if is_marker(line) {
        return Some(MetaLine::Marker);
    }
    if let Some(date) = dateline(line) {
        return Some(MetaLine::Dateline(date));
    }
    if let Some(names) = byline(line) {
        return Some(MetaLine::Byline(names));
    }
    if let Some((names, "")) = bracket_byline(line) {
        return Some(MetaLine::Byline(names));
    }
    if is_copyright(line) {
        return Some(MetaLine::Copyright(copyright_holder(line)));
    }
    if is_social(line) {
        return Some(MetaLine::Social);
    }
    // (An address needs an `@`: looked for before the words are counted.)
    if memchr::memchr(b'@', line.as_bytes()).is_some() && !more_words_than(line, MAX_CONTACT_WORDS)
    {
        if let Some(domain) = email_domain(line) {
            return Some(MetaLine::Contact(outlet_for_domain(domain)));
        }
    }
    None
}

/// `ABSTRACT.`, `FULL TEXT.`: whole-line markers of `meta_lines.txt`.
fn is_marker(line: &str) -> bool {
    let bare = line.trim_end_matches(['.', ':']).trim_end();
    META_LINES.entries().any(|entry| entry.eq_ignore_ascii_case(bare))
}

/// A dateline: a word of `dateline_words.txt` followed by a date or a time
/// (`Posted on : 2019-02-28 14:44 KST`), or a line that is only a date and
/// a time. Gives the first full date on the line, if any.
fn dateline(line: &str) -> Option<Option<chrono::NaiveDate>> {
    if line.len() > MAX_DATELINE_BYTES {
        return None;
    }
    let after_word = DATELINE_WORDS
        .entries()
        .filter_map(|word| strip_prefix_ci(line, word).filter(|rest| at_word_end(rest)))
        .min_by_key(|rest| rest.len());
    // Without a dateline word the line needs a full date, and every full
    // date has a four-digit year: a line without a digit is no dateline,
    // and its dates are not looked for.
    if after_word.is_none() && !line.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let dates = date::find_dates(line);
    let first_full = dates
        .iter()
        .find(|m| matches!(m.expr, DateExpr::Full { .. }))
        .and_then(|m| date::resolve(m.expr, None));
    let keyed = after_word.is_some_and(|rest| {
        let at = line.len() - after_dateline_word(rest).len();
        line[at..].starts_with(|c: char| c.is_ascii_digit()) || dates.iter().any(|m| m.start == at)
    });
    (keyed || (first_full.is_some() && is_only_date_and_time(line, &dates))).then_some(first_full)
}

/// Skips what may stand between a dateline word and its date: blanks, an
/// "on" or "at", a colon (`Posted on : 2019-02-28`, `Published: March 4`).
fn after_dateline_word(rest: &str) -> &str {
    let mut rest = rest.trim_start();
    for word in ["on", "at"] {
        if let Some(after) = strip_prefix_ci(rest, word).filter(|r| at_word_end(r)) {
            rest = after.trim_start();
            break;
        }
    }
    rest.strip_prefix(':').unwrap_or(rest).trim_start()
}

/// True when every word outside the date matches is part of a time stamp:
/// no letters (`14:44`, `|`), a time-zone or meridiem abbreviation in
/// capitals (`KST`, `ET`, `PM`), `a.m.`/`p.m.`, or a weekday abbreviation
/// (`Tue`). "May 5, 2019 He won" is not a dateline: "He" is none of these.
fn is_only_date_and_time(line: &str, dates: &[DateMatch]) -> bool {
    // Closed-class time-stamp words; not vocabulary that grows.
    const TIME_WORDS: &[&str] =
        &["a.m", "fri", "mon", "p.m", "sat", "sun", "thu", "thur", "thurs", "tue", "tues", "wed"];
    let mut last = 0;
    let mut rest = Vec::new();
    for m in dates {
        rest.extend(line[last..m.start].split_whitespace());
        last = m.end;
    }
    rest.extend(line[last..].split_whitespace());
    rest.into_iter().all(|token| {
        let word = token.trim_matches(|c: char| !c.is_alphanumeric());
        !word.chars().any(char::is_alphabetic)
            || (word.len() <= 4 && word.chars().all(|c| c.is_ascii_uppercase()))
            || TIME_WORDS.iter().any(|t| t.eq_ignore_ascii_case(word))
    })
}

/// How a byline word counts (`byline_words.txt`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BylineWord {
    /// A capitalised word: part of a name or a place.
    Name,
    /// A word of a reporter's title (`staff`, `reporter`).
    Job,
    /// A joining word or name particle (`and`, `van`).
    Link,
}

/// Classifies one word of a byline; `None` for a word no byline has (a
/// lower-case content word, a number, a quotation mark).
fn byline_word(word: &str) -> Option<BylineWord> {
    match BYLINE_WORDS.value(word) {
        Some("job") => Some(BylineWord::Job),
        Some("link") => Some(BylineWord::Link),
        _ if word.starts_with(char::is_uppercase)
            && !word.contains(|c: char| c.is_ascii_digit()) =>
        {
            Some(BylineWord::Name)
        }
        _ => None,
    }
}

/// Counts (names, jobs) in a byline; `None` when a word cannot be part of
/// one.
fn byline_words(text: &str, max_words: usize) -> Option<(usize, usize)> {
    if more_words_than(text, max_words) {
        return None;
    }
    let (mut names, mut jobs) = (0, 0);
    for token in text.split_whitespace() {
        let word = token.trim_matches([',', ';', '.', '|', '&', '(', ')']);
        if word.is_empty() {
            continue;
        }
        match byline_word(word)? {
            BylineWord::Name => names += 1,
            BylineWord::Job => jobs += 1,
            BylineWord::Link => {}
        }
    }
    Some((names, jobs))
}

/// `By Kim Ji-eun, staff reporter`: "By" and names, title words and
/// joining words only ("By the end of next week" has "end"; "By 2010, Mr.
/// Yanukovych's revival" has a number). Gives the names as written.
fn byline(line: &str) -> Option<&str> {
    let names = line.strip_prefix("By ").or_else(|| line.strip_prefix("BY "))?.trim();
    let (name_words, jobs) = byline_words(names, MAX_BYLINE_WORDS)?;
    (name_words + jobs > 0).then_some(names)
}

/// `[Asia Economy Reporter Lim Cheol-young] As claims emerge …`: a bracketed
/// name with a title word, opening a line. Gives the byline and the rest of
/// the line.
fn bracket_byline(line: &str) -> Option<(&str, &str)> {
    let inner = line.strip_prefix('[')?;
    let close = inner.find(']')?;
    let names = inner[..close].trim();
    let (name_words, jobs) = byline_words(names, MAX_BRACKET_BYLINE_WORDS)?;
    (name_words > 0 && jobs > 0).then(|| (names, inner[close + 1..].trim()))
}

/// `© …`, `(c) …`, `Copyright 2016 …`, or any short line saying "All rights
/// reserved". "Copyright law …" is a sentence.
fn is_copyright(line: &str) -> bool {
    let notice = line.starts_with('©')
        || strip_prefix_ci(line, "(c)").is_some()
        || strip_prefix_ci(line, "copyright").is_some_and(|rest| {
            rest.trim_start().starts_with(|c: char| c == '©' || c.is_ascii_digit())
        });
    // The words are counted last: most lines are neither, and long.
    (notice || contains_ci(line, "all rights reserved"))
        && !more_words_than(line, MAX_COPYRIGHT_WORDS)
}

/// The holder named by a copyright notice: `© The Asia Business
/// Daily(www.asiae.co.kr). All rights reserved.` → `The Asia Business
/// Daily`; `Copyright 2016 The Associated Press. All rights reserved.` →
/// `The Associated Press`. Falls back on a known domain in the line.
fn copyright_holder(line: &str) -> Option<String> {
    let mut rest = line;
    loop {
        let before = rest.len();
        rest = rest.trim_start_matches(|c: char| {
            c.is_whitespace() || c.is_ascii_digit() || matches!(c, '©' | ',' | '-' | '–')
        });
        for mark in ["(c)", "copyright"] {
            if let Some(after) = strip_prefix_ci(rest, mark) {
                rest = after;
            }
        }
        if rest.len() == before {
            break;
        }
    }
    let mut holder = &rest[..rest.find(['(', '|']).unwrap_or(rest.len())];
    if let Some(stop) = holder.find(". ") {
        holder = &holder[..stop];
    }
    if let Some(stop) = holder.to_ascii_lowercase().find("all rights reserved") {
        holder = &holder[..stop];
    }
    let holder = holder.trim().trim_end_matches(['.', ',']).trim_end();
    if holder.starts_with(char::is_uppercase) {
        return Some(holder.to_owned());
    }
    line.split(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | '[' | ']'))
        .find_map(outlet_for_domain)
        .map(str::to_owned)
}

/// `Follow Adelle Nazarian on Twitter @AdelleNaz.`: a reporter's handle.
fn is_social(line: &str) -> bool {
    line.starts_with("Follow ")
        && !more_words_than(line, MAX_CONTACT_WORDS)
        && line.split_whitespace().any(|w| w.len() > 1 && w.starts_with('@'))
}

/// The domain of the first e-mail address in `line`
/// (`[english@hani.co.kr]` → `hani.co.kr`).
fn email_domain(line: &str) -> Option<&str> {
    line.match_indices('@').find_map(|(at, _)| {
        let has_local = line[..at]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-'));
        let tail = &line[at + 1..];
        let len = tail
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '-'))
            .unwrap_or(tail.len());
        let domain = tail[..len].trim_end_matches(['.', '-']);
        let labels_ok = domain.split('.').all(|label| !label.is_empty());
        let top_ok = domain
            .rsplit_once('.')
            .is_some_and(|(_, top)| top.len() >= 2 && top.chars().all(|c| c.is_ascii_alphabetic()));
        (has_local && labels_ok && top_ok).then_some(domain)
    })
}

/// The outlet of a domain or of one of its parents (`english.hani.co.kr`,
/// `www.asiae.co.kr`), from `outlet_domains.txt`.
fn outlet_for_domain(domain: &str) -> Option<&'static str> {
    let mut rest = domain.trim_matches(|c: char| !c.is_ascii_alphanumeric());
    loop {
        if let Some(outlet) = OUTLET_DOMAINS.value(rest) {
            return Some(outlet);
        }
        rest = rest.split_once('.')?.1;
    }
}

// ---------------------------------------------------------------------------
// Captions

/// Rule 4 (besides repetition): a labelled caption, a caption closing with
/// a photo credit, or a credit line.
fn is_caption(line: &str) -> bool {
    has_caption_label(line) || has_trailing_credit(line) || is_credit_line(line)
}

/// `Caption: North Korean First Vice Minister …`.
fn has_caption_label(line: &str) -> bool {
    // The text before the first colon, trimmed, is a label: the line opens
    // with the label, blanks and a colon. Labels have no colon in them (a
    // test checks this), so that colon is the first one, found without
    // searching a story paragraph for a colon.
    CAPTION_LABELS.entries().any(|entry| {
        strip_prefix_ci(line.trim_start(), entry)
            .is_some_and(|rest| rest.trim_start().starts_with(':'))
    })
}

/// True when the words of `group` mark a photo credit: a `credit` word of
/// `photo_credits.txt`, or an `agency` word in a group with a "/".
fn is_credit(group: &str) -> bool {
    group.split(|c: char| !c.is_alphanumeric()).any(|word| match PHOTO_CREDITS.value(word) {
        Some("credit") => true,
        Some("agency") => group.contains('/'),
        _ => false,
    })
}

/// `… on the evening of Feb. 27. (AFP/Yonhap News)`, `… Surpassing
/// 'Hanoi'? [Image source=Yonhap News]`. A paragraph with a double
/// quotation mark in it, or longer than a caption, is story text even when
/// it closes with an agency name.
fn has_trailing_credit(line: &str) -> bool {
    let end = line.trim_end_matches('.').trim_end();
    let open = match end.chars().next_back() {
        Some(')') => '(',
        Some(']') => '[',
        _ => return false,
    };
    let Some(start) = end.rfind(open) else {
        return false;
    };
    let group = &end[start + 1..end.len() - 1];
    let before = &end[..start];
    group.len() <= MAX_CREDIT_BYTES
        && is_credit(group)
        && !more_words_than(before, MAX_CAPTION_WORDS)
        && !before.contains(['"', '“', '”'])
}

/// `Jemal Countess via Getty Images.`: a short line giving a credit.
fn is_credit_line(line: &str) -> bool {
    // The words are counted first: a story paragraph has more than a few
    // at its start, and the search would scan all of it.
    !more_words_than(line, MAX_CREDIT_LINE_WORDS)
        && contains_ci(line, " via ")
        && line.to_ascii_lowercase().rfind(" via ").is_some_and(|at| is_credit(&line[at + 5..]))
}

#[cfg(test)]
mod tests;
