//! Speaker phrases: the nom rules for who is speaking (`Blue House
//! Spokesperson Ko Min-jung`, `he`, `A White House official`, `the Choson
//! Sinbo article`) and the article's table of people, which resolves a
//! surname or pronoun to the fullest form of the name in the article.
//!
//! Owns: `speaker_phrase` and its parts, `Entities`. Does not own: cue
//! verbs or which phrase belongs to which quote (`attribution`).

use fnv::{FnvHashMap, FnvHashSet};
use nom::branch::alt;
use nom::bytes::complete::{tag, tag_no_case, take_while1};
use nom::character::complete::char as ch;
use nom::combinator::{opt, peek, recognize, verify};
use nom::sequence::preceded;
use nom::{IResult, Parser};
use std::sync::OnceLock;

use crate::lexicon::{self, lowercase};

/// Grammar rules of `grammar/attribution.ebnf` implemented here.
pub const RULES: &[&str] = &[
    "word",
    "cap_word",
    "inner_title",
    "parenthetical",
    "name_phrase",
    "pronoun",
    "description",
    "relative_clause",
    "bare_description",
    "outlet_name",
    "speaker_phrase",
    "appositive",
    "dash_appositive",
    "quantifier_subject",
];

/// Who a speaker phrase names, before resolution against the article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Who {
    /// A name (`Ko Min-jung`, `Biegun`, `Choson Sinbo`), with the title
    /// words written before it (`Blue House Spokesperson`).
    Name {
        /// The name as written.
        name: String,
        /// Title words before the name.
        title: Option<String>,
    },
    /// A pronoun (`he`, `she`, `they`).
    Pronoun(String),
    /// A description without a name (`A White House official`).
    Description {
        /// The phrase as written.
        text: String,
        /// Its head noun, lowercase (`official`, `statement`).
        head: String,
    },
}

/// A speaker phrase with the role an appositive gave it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpeakerPhrase {
    /// Who.
    pub who: Who,
    /// Role from an appositive (`, professor at the University of …`).
    pub role: Option<String>,
}

/// One or more white-space characters of any kind: scraped text has
/// no-break spaces (U+00A0) where prose has spaces.
pub fn space1(i: &str) -> IResult<&str, &str> {
    // `take_while1(char::is_whitespace)`, with its error.
    match white_len(i) {
        0 => Err(nom::Err::Error(nom::error::Error::new(i, nom::error::ErrorKind::TakeWhile1))),
        n => Ok((&i[n..], &i[..n])),
    }
}

/// Zero or more white-space characters of any kind.
pub fn space0(i: &str) -> IResult<&str, &str> {
    let n = white_len(i);
    Ok((&i[n..], &i[..n]))
}

/// The length of the white space at the start of `i`: the parsers ask for
/// it between every two words, so an ASCII byte is compared as it is, and
/// only a character outside ASCII is decoded.
fn white_len(i: &str) -> usize {
    let bytes = i.as_bytes();
    let mut k = 0;
    while let Some(&b) = bytes.get(k) {
        // `char::is_whitespace` on ASCII: space, tab, and 0x0A to 0x0D.
        if b == b' ' || (b'\t'..=b'\r').contains(&b) {
            k += 1;
        } else if b.is_ascii() {
            break;
        } else {
            match i[k..].chars().next() {
                Some(c) if c.is_whitespace() => k += c.len_utf8(),
                _ => break,
            }
        }
    }
    k
}

fn is_word_char(c: char) -> bool {
    is_alphanumeric(c)
}

/// `c.is_alphanumeric()`, answered without the Unicode tables for the
/// general punctuation (U+2000 to U+206F: curly quotes and apostrophes,
/// dashes, the ellipsis, special spaces), which holds no letter or digit:
/// news text is full of these marks, and the tables are searched (twice,
/// for letters and for digits) for every character outside ASCII.
fn is_alphanumeric(c: char) -> bool {
    !('\u{2000}'..='\u{206F}').contains(&c) && c.is_alphanumeric()
}

/// Characters that join two runs of word characters into one word.
fn is_word_joiner(c: char) -> bool {
    matches!(c, '-' | '’' | '\'' | '.' | '\u{2010}' | '\u{2011}')
}

/// True for the bytes of ASCII letters and digits, the word characters
/// of ASCII: one load per byte in [`word_run`], which reads every byte of
/// every word the parsers look at.
const ASCII_WORD_BYTES: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    t
};

/// The end of the run of word characters in `i` from byte `from`.
fn word_run(i: &str, from: usize) -> usize {
    // The ASCII letters and digits in one tight loop; only a character
    // outside ASCII is decoded, out of line.
    let bytes = i.as_bytes();
    let end = from + ascii_word_len(&bytes[from..]);
    match bytes.get(end) {
        Some(&b) if !b.is_ascii() => word_run_wide(i, end),
        _ => end,
    }
}

/// How many ASCII letters and digits `b` starts with.
fn ascii_word_len(b: &[u8]) -> usize {
    b.iter().take_while(|&&b| ASCII_WORD_BYTES[usize::from(b)]).count()
}

/// [`word_run`] on from byte `end`, where a character outside ASCII
/// starts. Kept out of line, so that the word runs of ASCII, nearly all,
/// take a short path with few registers to save.
#[inline(never)]
fn word_run_wide(i: &str, mut end: usize) -> usize {
    let bytes = i.as_bytes();
    loop {
        match i[end..].chars().next() {
            Some(c) if is_word_char(c) => end += c.len_utf8(),
            _ => return end,
        }
        end += ascii_word_len(&bytes[end..]);
        match bytes.get(end) {
            Some(&b) if !b.is_ascii() => {}
            _ => return end,
        }
    }
}

/// The length of the [`is_word_joiner`] character at byte `at` of `i`, if
/// one stands there: an ASCII byte is read as it is, and only a character
/// outside ASCII is decoded.
fn joiner_len(i: &str, at: usize) -> Option<usize> {
    match *i.as_bytes().get(at)? {
        b'-' | b'\'' | b'.' => Some(1),
        b if b.is_ascii() => None,
        _ => wide_joiner_len(i, at),
    }
}

/// [`joiner_len`] at a character outside ASCII, decoded out of line: most
/// words end in ASCII.
#[inline(never)]
fn wide_joiner_len(i: &str, at: usize) -> Option<usize> {
    i[at..].chars().next().filter(|&c| is_word_joiner(c)).map(char::len_utf8)
}

/// word = alnum+ { ("-" | "’" | "'" | ".") alnum+ } ["."] — a word with its
/// inner hyphens and apostrophes (`Min-jung`, `Korea’s`, `U.S.`); a final
/// period only for abbreviations and initials (`Mr.`, `J.`).
pub fn word(i: &str) -> IResult<&str, &str> {
    // By hand rather than `recognize((take_while1, many0(…)))`: this runs at
    // every word the attribution parsers look at, and `many0` collects
    // into a vector each time.
    let mut end = word_run(i, 0);
    if end == 0 {
        return Err(nom::Err::Error(nom::error::Error::new(i, nom::error::ErrorKind::TakeWhile1)));
    }
    // Each joiner counts only with word characters after it.
    while let Some(len) = joiner_len(i, end) {
        let after = word_run(i, end + len);
        if after == end + len {
            break;
        }
        end = after;
    }
    let (w, rest) = i.split_at(end);
    if rest.starts_with('.') && takes_its_period(i, end) {
        return Ok((&rest[1..], &i[..end + 1]));
    }
    Ok((rest, w))
}

/// Whether the word `i[..end]`, before a period, is an initial or an
/// abbreviation that keeps it (`J.`, `Mr.`, `U.S.`). Out of line: most
/// words stand before no period, and the path of those stays short.
#[inline(never)]
fn takes_its_period(i: &str, end: usize) -> bool {
    let w = &i[..end];
    let with_dot = &i[..end + 1];
    let single_cap = w.chars().count() == 1 && w.chars().all(char::is_uppercase);
    single_cap || lexicon::abbreviations().contains(with_dot) || w.contains('.')
}

/// `w.trim_end_matches(['’', '\''])`, or with `also_s` `w.trim_end_matches(['’',
/// '\'', 's'])`, cut byte by byte rather than by decoding characters from
/// the end: an ASCII byte is a whole character, and the bytes E2 80 99 at
/// the end are a whole `’`.
fn trim_end_apostrophes(w: &str, also_s: bool) -> &str {
    let mut b = w.as_bytes();
    loop {
        match b {
            [rest @ .., b'\''] => b = rest,
            [rest @ .., b's'] if also_s => b = rest,
            [rest @ .., 0xE2, 0x80, 0x99] => b = rest,
            _ => break,
        }
    }
    &w[..b.len()]
}

fn starts_upper(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

/// cap_word = word starting with a capital that is not a function word
/// (`The`, `But`, `In` at a sentence start) — a possible part of a name.
pub fn cap_word(i: &str) -> IResult<&str, &str> {
    verify(word, |w: &str| {
        // An acronym (`US`, `IT`) is never the function word it spells.
        // (The capital is tested first: most words tried here have none;
        // and the look-up before the acronym test: few are function words.)
        let function =
            || lexicon::function_words().contains(trim_end_apostrophes(w, false)) && !is_acronym(w);
        starts_upper(w) && !function() && !lexicon::speech_verbs().contains(w)
    })
    .parse(i)
}

/// A lowercase title word inside a run of capitalized words (`North
/// Korean leader Kim Jong-un`, `Republican National Committee chairman
/// Reince Priebus`): up to three lowercase words, the last a role word
/// (`press secretary`, `campaign spokeswoman`, `senior politics editor`).
fn inner_title(i: &str) -> IResult<&str, &str> {
    // Written out rather than as `many_m_n(.., word) role_word`: a role
    // word may stand inside the title too (`campaign` is a source noun in
    // `campaign spokeswoman`), and the title ends at its *last* role word.
    match word(i) {
        Ok(first) => inner_title_from(i, first),
        Err(_) => Err(nom::Err::Error(nom::error::Error::new(i, nom::error::ErrorKind::Verify))),
    }
}

/// [`inner_title`] at `i`, whose first word, `first`, is already read (as
/// `word(i)` gives it).
fn inner_title_from<'a>(i: &'a str, first: (&'a str, &'a str)) -> IResult<&'a str, &'a str> {
    let lower = |w: &str| {
        !starts_upper(w)
            && !lexicon::function_words().contains(w)
            && !lexicon::speech_verbs().contains(w)
    };
    let mut rest = i;
    let mut end = None;
    for n in 0..3 {
        let step = if n == 0 { Ok(first) } else { preceded(space1, word).parse(rest) };
        let Ok((r, w)) = step else { break };
        if !lower(w) {
            break;
        }
        rest = r;
        if is_role_word(w) {
            end = Some(r);
        }
    }
    match end {
        Some(r) => Ok((r, &i[..i.len() - r.len()])),
        None => Err(nom::Err::Error(nom::error::Error::new(i, nom::error::ErrorKind::Verify))),
    }
}

/// A title (`senator`) or a noun for a person (`resident`, `spokesman`).
pub fn is_role_word(w: &str) -> bool {
    // Every title and source noun is in [`roles_and_sources`]: one look-up
    // there answers for the many words that are neither.
    roles_and_sources().contains(w)
        && (is_title(w) || (lexicon::source_nouns().contains(w) && !DOCUMENTS.contains(&w)))
}

/// True for a source noun that names a document, not a person.
pub fn is_document(noun: &str) -> bool {
    DOCUMENTS.contains(&noun)
}

/// Source nouns that name documents, not people.
const DOCUMENTS: &[&str] = &[
    "account",
    "affidavit",
    "analysis",
    "article",
    "column",
    "commentary",
    "complaint",
    "document",
    "editorial",
    "filing",
    "indictment",
    "interview",
    "lawsuit",
    "letter",
    "memo",
    "motion",
    "op-ed",
    "opinion",
    "piece",
    "poll",
    "post",
    "release",
    "report",
    "ruling",
    "statement",
    "study",
    "survey",
    "tweet",
];

/// The run of capitalized words: `North Korean Foreign Minister Ri Yong Ho`.
fn cap_run(i: &str) -> IResult<&str, Vec<&str>> {
    let (rest, first) = cap_word(i)?;
    Ok(cap_run_from(rest, first))
}

/// The rest of a capitalized run whose first word, `first`, ends where
/// `rest` starts.
fn cap_run_from<'a>(rest: &'a str, first: &'a str) -> (&'a str, Vec<&'a str>) {
    // Room for a name of a few words without growing.
    let mut words = Vec::with_capacity(4);
    let rest = cap_run_steps(rest, first, true, &mut words);
    (rest, words)
}

/// [`cap_run_from`] into `words` (cleared first), so that a caller reading
/// run after run reuses one vector: the rest of the text is returned.
fn cap_run_into<'a>(rest: &'a str, first: &'a str, words: &mut Vec<&'a str>) -> &'a str {
    cap_run_steps(rest, first, true, words)
}

/// [`cap_run_into`]; `look_ahead` skips the parsers for a step that surely
/// fails (off only to test that shortcut).
fn cap_run_steps<'a>(
    mut rest: &'a str,
    first: &'a str,
    look_ahead: bool,
    words: &mut Vec<&'a str>,
) -> &'a str {
    words.clear();
    words.push(first);
    // A space, an optional name particle (de, van) or lowercase title
    // word, a capitalized word. A particle, a title word, `of` and `for`
    // open with a small letter, a capitalized word with a capital: so
    // after a capital only the capitalized word is tried, and elsewhere
    // the step needs the optional part.
    while let Ok((after_space, _)) = space1(rest) {
        let part = if starts_upper(after_space) {
            None
        } else {
            // The part spans at most three words, and a capitalized word
            // must follow it: unless one of the three words after this one
            // starts with a capital, the step fails (as it does at the end
            // of nearly every run), and the parsers need not be tried.
            if look_ahead && !capital_in_next_three(after_space) {
                break;
            }
            // `(alt((particle, inner_title, title_connector(last))), space1)`, where
            // `particle` is a lowercase word of `name_particles`, with the
            // first word read once for the first two. Where no word
            // starts, neither they nor `of` and `for` match.
            let Ok(first) = word(after_space) else { break };
            // (A particle is lowercase: `after_space` starts with no capital.)
            let found = if lexicon::name_particles().contains(first.1) {
                Ok(first)
            } else {
                let last = words.last().copied();
                inner_title_from(after_space, first).or_else(|_| title_connector(last)(after_space))
            };
            match found.and_then(|(r, p)| space1(r).map(|(r, _)| (r, p))) {
                Ok((r, p)) => Some((r, p)),
                Err(_) => break,
            }
        };
        let Ok((r, w)) = cap_word(part.map_or(after_space, |(r, _)| r)) else { break };
        if let Some((_, p)) = part {
            // A title of several lowercase words is kept as one
            // item so that the name starts after all of it.
            words.push(p);
        }
        words.push(w);
        rest = r;
    }
    rest
}

/// `s.split_whitespace().skip(1).take(3).any(starts_upper)`: whether one of
/// the three words after the first starts with a capital, read byte by
/// byte with only characters outside ASCII decoded.
fn capital_in_next_three(s: &str) -> bool {
    let bytes = s.as_bytes();
    let mut words = 0;
    let mut in_word = false;
    let mut k = 0;
    while let Some(&b) = bytes.get(k) {
        // `char::is_whitespace` on ASCII: space, tab, and 0x0A to 0x0D.
        let (white, len) = if b.is_ascii() {
            (b == b' ' || (b'\t'..=b'\r').contains(&b), 1)
        } else {
            let c = s[k..].chars().next().expect("a character starts here");
            (c.is_whitespace(), c.len_utf8())
        };
        if white {
            in_word = false;
        } else if !in_word {
            in_word = true;
            words += 1;
            if words > 1 && starts_upper(&s[k..]) {
                return true;
            }
            if words == 4 {
                return false;
            }
        }
        k += len;
    }
    false
}

/// `for`, `of` or `of the` after a title or organization word joins the
/// next capitalized words to the title: `Special Representative for North
/// Korea Stephen Biegun`, `First Vice Minister of Foreign Affairs Choe
/// Son-hui`.
fn title_connector<'a>(last: Option<&'a str>) -> impl Fn(&'a str) -> IResult<&'a str, &'a str> {
    move |i: &'a str| {
        let found =
            recognize(alt(((tag("of"), space1, tag("the")), (tag("for"), space1, tag("the")))))
                .parse(i)
                .or_else(|_| alt((tag("of"), tag("for"))).parse(i))?;
        // Only then the look-ups: most words are not `of` or `for`.
        if !last.is_some_and(|w| is_title(w) || is_org(w)) {
            return Err(nom::Err::Error(nom::error::Error::new(i, nom::error::ErrorKind::Verify)));
        }
        Ok(found)
    }
}

/// `AIPAC`, `GOP`: organizations, not parts of a person's name.
pub fn is_acronym(w: &str) -> bool {
    // At least two letters, all capitals; one pass that stops at the first
    // small letter, since this is asked of every capitalized word.
    let mut letters = 0;
    for c in w.chars().filter(|c| c.is_alphabetic()) {
        if !c.is_uppercase() {
            return false;
        }
        letters += 1;
    }
    letters >= 2
}

fn is_title(w: &str) -> bool {
    lexicon::titles().contains(w)
}

fn is_org(w: &str) -> bool {
    // `w.trim_end_matches(['’', '\'', 's']).trim_end_matches('’')`: the first
    // trim leaves no `’` at the end for the second.
    let trimmed = trim_end_apostrophes(w, true);
    // A word with nothing trimmed is looked up once.
    lexicon::org_words().contains(trimmed)
        || (trimmed.len() != w.len() && lexicon::org_words().contains(w))
}

/// Where the name starts in a capitalized run, as [`split_title`] splits
/// it (`None` when no word is left for a name): the words are not copied.
fn name_start(words: &[&str]) -> Option<usize> {
    // A possessive (`Pennsylvania's Patrick J. Toomey`, `Google’s`) belongs
    // to what comes before the name, like a title.
    let is_possessive = |w: &&str| w.ends_with("'s") || w.ends_with("’s") || w.ends_with('’');
    // A lowercase item (`leader`, `press secretary`) is a role by the way
    // the run was built.
    let is_lower_role = |w: &&str| !starts_upper(w);
    // The tests are pure, so the cheap ones go before the look-ups.
    let last_role = words
        .iter()
        .rposition(|w| is_possessive(w) || is_lower_role(w) || is_title(w) || is_org(w));
    let name_start = last_role.map_or(0, |p| p + 1);
    (name_start < words.len()).then_some(name_start)
}

/// Splits a capitalized run into title words and the name after them: the
/// name starts after the last title or organization word.
fn split_title(words: &[&str]) -> Option<(Option<String>, Vec<String>)> {
    let name_start = name_start(words)?;
    let name: Vec<String> = words[name_start..].iter().map(|w| w.to_string()).collect();
    let title = (name_start > 0).then(|| words[..name_start].join(" "));
    Some((title, name))
}

/// A run that ends in a possessive (`Donald Trump's speech`): the name
/// is the run with the possessive ending cut, split like any other run.
/// ([`split_title`] reads a possessive as the owner before a name, as in
/// `Pennsylvania's Patrick J. Toomey`, and finds no name after it here.)
/// The ending is cut from the run's last word in place, and the answer is
/// where the name starts, as from [`name_start`].
fn possessive_name_start(words: &mut [&str]) -> Option<usize> {
    let last = words.last_mut()?;
    *last = last.strip_suffix("'s").or_else(|| last.strip_suffix("’s"))?;
    name_start(words)
}

/// name_phrase = [title_words] name — `US President Donald Trump`,
/// `Professor Jung Dae-jin of Ajou University`, `Biegun`.
pub fn name_phrase(i: &str) -> IResult<&str, Who> {
    // `spokesman Alex Conant`, `former speechwriter Noam Neusner`: a
    // lowercase role before the capitalized run.
    // (A title word is lowercase: at a capital only a modifier such as
    // `Former` can stand before the run.)
    let (i2, prefix) = if starts_upper(i) {
        opt((name_modifier, space1)).parse(i)?
    } else {
        opt((alt((inner_title, name_modifier)), space1)).parse(i)?
    };
    name_phrase_after(i2, prefix.map(|(p, _)| p))
}

/// [`name_phrase`] at a first word that is no name modifier (`former`):
/// only a lowercase title can stand before the capitalized run.
fn name_phrase_unmodified(i: &str) -> IResult<&str, Who> {
    // (`inner_title` then `name_modifier`, as in `name_phrase`: the
    // second fails here.)
    let (i2, prefix) =
        if starts_upper(i) { (i, None) } else { opt((inner_title, space1)).parse(i)? };
    name_phrase_after(i2, prefix.map(|(p, _)| p))
}

/// The rest of [`name_phrase`] after the words `prefix` before the run.
fn name_phrase_after<'a>(i2: &'a str, prefix: Option<&str>) -> IResult<&'a str, Who> {
    let (rest, mut who) = name_phrase_core(i2)?;
    if let (Some(p), Who::Name { title, .. }) = (prefix, &mut who) {
        *title = Some(match title.take() {
            Some(t) => format!("{p} {t}"),
            None => p.to_string(),
        });
    }
    // `Rep. Bobby Scott (D-Va.)`: a short parenthetical after the name.
    let (rest, _) = opt(parenthetical).parse(rest)?;
    Ok((rest, who))
}

/// Words that qualify a title without being one, before a name whose run
/// holds the title (`former George W. Bush speechwriter Noam Neusner`).
/// A closed class, like the determiners.
const NAME_MODIFIERS: &[&str] =
    &["acting", "current", "fellow", "former", "incoming", "longtime", "outgoing", "then"];

/// A lowercase word before a capitalized title: a name modifier, a role
/// word, or the level of an office (`state Rep.`, `federal Judge`).
fn is_title_qualifier(w: &str) -> bool {
    // The modifiers and levels are lowercase, compared exactly: a word
    // with a capital first (most words asked here) is none of them.
    !starts_upper(w)
        && (NAME_MODIFIERS.contains(&w)
            || matches!(w, "state" | "federal" | "city" | "county")
            || is_role_word(w))
}

fn name_modifier(i: &str) -> IResult<&str, &str> {
    verify(word, |w: &str| lexicon::lowercase_is_any(w, NAME_MODIFIERS)).parse(i)
}

/// ` (D-Va.)`, ` (R-Texas)`, ` (KINU)`: at most five words in brackets.
fn parenthetical(i: &str) -> IResult<&str, &str> {
    recognize((
        space0,
        ch('('),
        verify(take_while1(|c: char| c != ')' && c != '(' && c != '\n'), |s: &str| {
            s.split_whitespace().count() <= 5
        }),
        ch(')'),
    ))
    .parse(i)
}

fn name_phrase_core(i: &str) -> IResult<&str, Who> {
    let (rest, words) = cap_run(i)?;
    // Split as [`split_title`] splits, without copying each word: most
    // parses here are thrown away, and only the joined strings are kept.
    let Some(name_start) = name_start(&words) else {
        // Only title or organization words: an organization speaking
        // (`The White House`), kept whole.
        let whole = words.join(" ");
        // `Hoff’s letter`: a possessive modifies what follows; it is no
        // speaker by itself.
        let possessive = words
            .last()
            .is_some_and(|w| w.ends_with("'s") || w.ends_with("’s") || w.ends_with('’'));
        if possessive || words.iter().all(|w| is_title(w)) {
            return Err(nom::Err::Error(nom::error::Error::new(i, nom::error::ErrorKind::Verify)));
        }
        return Ok((rest, Who::Name { name: whole, title: None }));
    };
    let title = (name_start > 0).then(|| words[..name_start].join(" "));
    // `Professor Jung Dae-jin of Ajou University`: the `of …` belongs to
    // the title. (Read only after a title: without one it is not used.)
    let (rest, title) = match title {
        Some(t) => match of_phrase(rest) {
            Ok((r, of)) => (r, Some(format!("{t} {of}"))),
            Err(_) => (rest, Some(t)),
        },
        None => (rest, None),
    };
    let mut name = words[name_start..].join(" ");
    // The trimmed name is a prefix of the joined one: cut in place.
    let kept = trim_suffixes(trim_suffixes(&name, "’s"), "'s").trim_end_matches(['’', '\'']).len();
    name.truncate(kept);
    Ok((rest, Who::Name { name, title }))
}

/// `s.trim_end_matches(suffix)` without building a substring searcher for
/// `suffix` at each call (this runs for every capitalized run).
fn trim_suffixes<'a>(mut s: &'a str, suffix: &str) -> &'a str {
    while let Some(rest) = s.strip_suffix(suffix) {
        s = rest;
    }
    s
}

/// ` of Ajou University`, ` at the University of North Korean Studies`.
fn of_phrase(i: &str) -> IResult<&str, String> {
    let (rest, (_, p, _, the, words)) =
        (space1, alt((tag("of"), tag("at"))), space1, opt((tag_no_case("the"), space1)), cap_run)
            .parse(i)?;
    let the = if the.is_some() { "the " } else { "" };
    Ok((rest, format!("{p} {the}{}", words.join(" "))))
}

/// pronoun = "he" | "she" | "they" | "it" | "we" | "I".
pub fn pronoun(i: &str) -> IResult<&str, Who> {
    let (rest, w) = verify(word, |w: &str| lexicon::pronouns().contains(w)).parse(i)?;
    Ok((rest, Who::Pronoun(w.to_lowercase())))
}

const DETERMINERS: &[&str] = &[
    "a",
    "an",
    "another",
    "anonymous",
    "both",
    "her",
    "his",
    "four",
    "many",
    "multiple",
    "one",
    "other",
    "several",
    "some",
    "the",
    "their",
    "three",
    "two",
    "unnamed",
];

/// [`DETERMINERS`] as a list that ignores case, as
/// `lexicon::lowercase_is_any(w, DETERMINERS)` does, in one look-up.
fn determiners() -> &'static lexicon::WordList {
    static LIST: OnceLock<lexicon::WordList> = OnceLock::new();
    LIST.get_or_init(|| lexicon::WordList::new(DETERMINERS.iter().copied()))
}

/// Determiners that count a part of a group (`one of …`).
const QUANTITIES: &[&str] = &["both", "four", "many", "one", "several", "some", "three", "two"];

/// description = determiner { modifier } source_noun [post_modifier] —
/// `A White House official`, `a key official at the Blue House`,
/// `anonymous sources who are familiar with the North Korea-US
/// negotiations`, `the Choson Sinbo article`.
pub fn description(i: &str) -> IResult<&str, Who> {
    if let Ok(found) = plural_sources(i) {
        return Ok(found);
    }
    // A possessive determines too: `Google's chief human resources
    // executive`, `Powell’s office`.
    let (mut rest, det) =
        verify(word, |w: &str| determiners().contains(w) || w.ends_with("'s") || w.ends_with("’s"))
            .parse(i)?;
    // `one of two witnesses who relayed the same story`, `some of his
    // aides`: a part of a group of sources is a source.
    if lexicon::lowercase_is_any(det, QUANTITIES) {
        if let Ok((r, (_, _, _, Who::Description { head, .. }))) =
            (space1, tag_no_case("of"), space1, description).parse(rest)
        {
            let text = i[..i.len() - r.len()].to_string();
            return Ok((r, Who::Description { text, head }));
        }
    }
    let mut head = None;
    let mut end = rest;
    // Up to six words, ending at a source noun. `former`, `then` are
    // function words (never part of a name) but modify a role here (`a
    // former candidate`).
    // (The lists ignore case: a word is lowercased only to be kept.)
    for _ in 0..7 {
        let Ok((r, (_, w))) = (space1, word).parse(rest) else { break };
        if lexicon::speech_verbs().contains(w)
            || (lexicon::function_words().contains(w)
                && !lexicon::lowercase_is_any(w, NAME_MODIFIERS))
        {
            break;
        }
        rest = r;
        // (Lowercasing keeps a final period, and makes none.)
        if lexicon::source_nouns().contains(w) || (is_title(w) && !w.ends_with('.')) {
            head = Some(lowercase(w).into_owned());
            end = r;
        }
    }
    // A determiner that is itself the head (`Several said`) is no description.
    let head = match head {
        Some(h) => h,
        None if lexicon::source_nouns().contains(det) => det.to_lowercase(),
        None => {
            return Err(nom::Err::Error(nom::error::Error::new(i, nom::error::ErrorKind::Verify)))
        }
    };
    let mut rest = end;
    // `the Post's senior politics editor Steven Ginsberg`: a role right
    // before a full name is the name's title.
    if is_role_word(&head) {
        if let Ok((r, (_, Who::Name { name, title: None }))) =
            (space1, name_phrase_core).parse(rest)
        {
            if name.contains(' ') {
                let title = i[..i.len() - rest.len()].to_string();
                return Ok((r, Who::Name { name, title: Some(title) }));
            }
        }
    }
    if let Ok((r, _)) = post_modifier(rest) {
        rest = r;
    }
    if let Ok((r, _)) = relative_clause(rest) {
        rest = r;
    }
    let text = i[..i.len() - rest.len()].to_string();
    Ok((rest, Who::Description { text, head }))
}

/// relative_clause = "who" word {word} — `one of two witnesses who relayed
/// the same story but didn't want to speak on the record`: it runs to the
/// next punctuation (a comma before an appositive, the sentence's end),
/// at most twenty words, and stops before a speech verb that is no
/// infinitive, which is the frame's own cue (`an official who was there
/// said`).
fn relative_clause(i: &str) -> IResult<&str, &str> {
    let (mut rest, _) = (space1, tag("who")).parse(i)?;
    let mut taken = 0;
    let mut prev = "";
    while taken < 20 {
        let Ok((r, (_, w))) = (space1, word).parse(rest) else { break };
        // `… didn't want to speak on the record`: an infinitive is no cue.
        let cue = prev != "to" && lexicon::speech_verbs().contains(w);
        if taken > 0 && (cue || is_adverb_before_verb(w, r)) {
            break;
        }
        prev = w;
        rest = r;
        taken += 1;
    }
    if taken == 0 {
        return Err(nom::Err::Error(nom::error::Error::new(i, nom::error::ErrorKind::Verify)));
    }
    Ok((rest, &i[..i.len() - rest.len()]))
}

/// `the congressman’s alleged “paramours”`: a word that owns the next is
/// no speaker.
fn head_end_is_possessive(phrase: &str) -> bool {
    phrase.ends_with("'s") || phrase.ends_with("’s") || phrase.ends_with("s'")
}

/// Plural sources need no determiner: `officials said`, `Senior U.S.
/// officials said`, `Law enforcement sources have said`. At most three
/// modifiers, then a plural source noun.
fn plural_sources(i: &str) -> IResult<&str, Who> {
    let fail = || nom::Err::Error(nom::error::Error::new(i, nom::error::ErrorKind::Verify));
    let mut rest = i;
    for n in 0..4 {
        let (r, w) = if n == 0 {
            word(rest)?
        } else {
            (space1, word).parse(rest).map(|(r, (_, w))| (r, w))?
        };
        // (The lists ignore case: the word is lowercased only where a
        // test needs its lowercase, which most words never reach.)
        // A function word may open the phrase only as a determiner
        // (`Many officials`), never as a preposition (`without reporters`).
        let function = lexicon::function_words().contains(w);
        // `Netanyahu rallied supporters`: a name and a past-tense verb
        // make a clause; its object is no source.
        let verb_after_name = n > 0
            && starts_upper(i)
            && !starts_upper(w)
            && lowercase_ends_with_ed(w)
            && !determiners().contains(w);
        if lexicon::speech_verbs().contains(w)
            || verb_after_name
            || (function && (n > 0 || !determiners().contains(w)))
        {
            return Err(fail());
        }
        rest = r;
        // A plural head ends in `s`: a word whose last character is ASCII
        // and no `s` or `S` (lowercased on its own, as ASCII always is) is
        // none, and is not looked up.
        let last = w.as_bytes()[w.len() - 1];
        if last.is_ascii() && !last.eq_ignore_ascii_case(&b's') {
            continue;
        }
        if !lexicon::source_nouns().contains(w) {
            continue;
        }
        let lw = lowercase(w);
        let plural_head = lw.len() > 3 && lw.ends_with('s') && !DOCUMENTS.contains(&lw.as_ref());
        if plural_head {
            let (rest, _) = opt(post_modifier).parse(rest)?;
            let (rest, _) = opt(relative_clause).parse(rest)?;
            let text = i[..i.len() - rest.len()].to_string();
            return Ok((rest, Who::Description { text, head: lw.into_owned() }));
        }
    }
    Err(fail())
}

/// `lowercase(w).ends_with("ed")`, without lowercasing a word that ends
/// in two ASCII characters: those end its lowercase, lowercased each on
/// its own.
fn lowercase_ends_with_ed(w: &str) -> bool {
    match w.as_bytes() {
        [.., a, b] if a.is_ascii() && b.is_ascii() => {
            a.eq_ignore_ascii_case(&b'e') && b.eq_ignore_ascii_case(&b'd')
        }
        _ => lowercase(w).ends_with("ed"),
    }
}

/// post_modifier = [ ("last" | "this") ("year" | "week" | "month") ]
/// [ participle ] (" in" | " at" | " from" | " with" | " of" | " for" |
/// " by" | " close to" | " to" (a name or determiner) |
/// " familiar with" | " who " ("is" | "are" | "was" | "were") " familiar
/// with") words — at most twelve, and never past a comma or a cue verb.
/// `a study last year by economists at Duke University and the University
/// of Ottawa`, `A legal opinion drafted for the project`.
fn post_modifier(i: &str) -> IResult<&str, &str> {
    // `a study last year by economists`: a time may stand between the
    // noun and its modifier.
    let (i_mod, _) = opt((
        space1,
        alt((tag("last"), tag("this"))),
        space1,
        alt((tag("year"), tag("week"), tag("month"))),
    ))
    .parse(i)?;
    // `A legal opinion drafted for the project`: a participle, then the
    // phrase it takes.
    let (i_mod, _) = opt((
        space1,
        verify(word, |w: &str| w.len() > 4 && w.ends_with("ed") && !starts_upper(w)),
        peek((space1, alt((tag("by"), tag("for"), tag("in"), tag("at"), tag("from"))), space1)),
    ))
    .parse(i_mod)?;
    let (mut rest, _) = (
        space1,
        alt((
            recognize((
                tag("who"),
                space1,
                alt((tag("are"), tag("is"), tag("were"), tag("was"))),
                space1,
                tag("familiar"),
                space1,
                tag("with"),
            )),
            recognize((tag("familiar"), space1, tag("with"))),
            recognize((tag("close"), space1, tag("to"))),
            // `Aides to Mr. Sanders`, `an adviser to the governor`: `to`
            // and the person served.
            recognize((tag("to"), peek((space1, verify(word, is_served))))),
            tag("in"),
            tag("at"),
            tag("from"),
            tag("with"),
            tag("of"),
            tag("for"),
            tag("by"),
        )),
    )
        .parse(i_mod)?;
    let mut taken = 0;
    let mut prev = "";
    while taken < 12 {
        let Ok((r, (_, w))) = (space1, word).parse(rest) else { break };
        // `Attorneys for Clinton appeared to oppose …`: a past tense that
        // no determiner introduces is the predicate (`the affected areas`
        // keeps its participle).
        let determiner =
            matches!(prev, "the" | "a" | "an" | "its" | "their" | "his" | "her" | "this");
        let past = w.len() > 4 && w.ends_with("ed") && !starts_upper(w);
        if past && !determiner {
            break;
        }
        // `economists at Duke University and the University of Ottawa`,
        // `the journal Judgment and Decision Making`: `and` between two
        // names joins them.
        let joins_names = w == "and"
            && starts_upper(prev)
            && (space1, opt((tag("the"), space1)), word)
                .parse(r)
                .is_ok_and(|(_, (_, _, next))| starts_upper(next));
        prev = w;
        // `Leaders of the organization have said`: an auxiliary starts the
        // predicate.
        let stop = !joins_names
            && matches!(
                w,
                "as" | "that"
                    | "to"
                    | "and"
                    | "but"
                    | "when"
                    | "while"
                    | "on"
                    | "have"
                    | "has"
                    | "had"
                    | "is"
                    | "are"
                    | "was"
                    | "were"
                    | "will"
                    | "would"
                    | "could"
                    | "did"
                    | "does"
            );
        if stop || lexicon::speech_verbs().contains(w) || is_adverb_before_verb(w, r) {
            break;
        }
        rest = r;
        taken += 1;
    }
    if taken == 0 {
        return Err(nom::Err::Error(nom::error::Error::new(i, nom::error::ErrorKind::Verify)));
    }
    Ok((rest, &i[..i.len() - rest.len()]))
}

/// The first word of whom a source serves, after `to`: a name or a
/// determiner (`to Mr. Sanders`, `to the governor`), not an infinitive.
fn is_served(w: &str) -> bool {
    starts_upper(w) || matches!(w, "the" | "a" | "an" | "his" | "her" | "its" | "their")
}

fn is_adverb_before_verb(w: &str, rest: &str) -> bool {
    lexicon::adverbs().contains(w)
        && (space1, word).parse(rest).is_ok_and(|(_, (_, v))| lexicon::speech_verbs().contains(v))
}

/// appositive = "," ws phrase "," — `, director of the North Korea research
/// office at the Korea Institute for National Unification (KINU),`. The
/// phrase has no cue verb and at most 25 words.
pub fn appositive(i: &str) -> IResult<&str, String> {
    // One to three comma-separated chunks: `, who is a pastor at the
    // Reformation Church of Elizabeth, Colorado,`.
    let chunk = |i| appositive_chunk(i);
    let (mut rest, first) =
        (ch(','), space0, chunk, ch(',')).parse(i).map(|(r, (_, _, b, _))| (r, b))?;
    let mut end = first.len();
    let body_start = i.len() - i[1..].trim_start().len();
    let mut words = first.split_whitespace().count();
    for _ in 0..2 {
        let Ok((r, b)) = (space0, chunk, ch(',')).parse(rest).map(|(r, (_, b, _))| (r, b)) else {
            break;
        };
        words += b.split_whitespace().count();
        if words > 30 {
            break;
        }
        rest = r;
        end = i.len() - rest.len() - 1 - body_start;
    }
    let body = &i[body_start..body_start + end];
    Ok((rest, body.trim().to_string()))
}

/// dash_appositive = dash phrase dash — `A former Republican presidential
/// candidate -- John McCain, who lost the 2008 election -- said`: a phrase
/// set off by a pair of dashes (`--`, `—`, `–`), in one sentence and with
/// no quotation mark.
fn dash_appositive(i: &str) -> IResult<&str, String> {
    let fail = || nom::Err::Error(nom::error::Error::new(i, nom::error::ErrorKind::Verify));
    let (body_start, (_, dash, _)) =
        (space1, alt((tag("--"), tag("—"), tag("–"))), space1).parse(i)?;
    let window = &body_start[..body_start.len().min(300)];
    let k = window.find(dash).ok_or_else(fail)?;
    let body = body_start[..k].trim();
    let words = body.split_whitespace().count();
    if words == 0
        || words > 30
        || body.contains(['“', '”', '"'])
        || super::verb::has_sentence_end(&format!("{body} "))
    {
        return Err(fail());
    }
    Ok((&body_start[k + dash.len()..], body.to_string()))
}

fn appositive_chunk(i: &str) -> IResult<&str, &str> {
    verify(chunk_text, |s: &str| {
        let words: Vec<&str> = s.split_whitespace().collect();
        // `, Bennett denied the notion …,`: a name and a past-tense verb
        // make a clause, not an appositive.
        let clause = words.iter().position(|w| !starts_upper(w)).is_some_and(|k| {
            k > 0 && words[k].len() > 3 && words[k].ends_with("ed") && !is_role_word(words[k])
        });
        !words.is_empty()
            && !clause
            && !has_object_relative(&words)
            && words.len() <= 25
            && !words.iter().any(|w| {
                lexicon::speech_verbs().contains(w.trim_matches(|c: char| !c.is_alphanumeric()))
            })
    })
    .parse(i)
}

/// `Russia, a country that the former nominee, Mitt Romney, called`: a
/// relative pronoun followed by a subject of its own (a determiner, a
/// personal pronoun or a name) opens an object relative clause, whose
/// subject does what the verb after it says; such a phrase is no
/// appositive of the name before it. A subject relative (`a firm that
/// represents …`) still is.
fn has_object_relative(words: &[&str]) -> bool {
    const SUBJECT_STARTS: &[&str] =
        &["the", "a", "an", "his", "her", "its", "their", "he", "she", "they", "we"];
    words.windows(2).skip(1).any(|w| {
        matches!(w[0], "that" | "which" | "whom")
            && (starts_upper(w[1]) || SUBJECT_STARTS.contains(&w[1]))
    })
}

/// Text up to a comma, a quotation mark or a sentence-ending period (a
/// period inside `R-Ky.,` or `U.S.` does not end it).
fn chunk_text(i: &str) -> IResult<&str, &str> {
    let mut at = 0;
    loop {
        let (rest, _) = phrase_until(&i[at..], false);
        let stop = i.len() - rest.len();
        match label_len(rest) {
            // `, wearing a cowboy hat and “Ted Cruz” campaign pins,`: a
            // label in marks is part of the chunk.
            Some(len) => at = stop + len,
            None => return Ok((rest, &i[..stop])),
        }
    }
}

/// The length of a label in quotation marks at the start of `s`: three
/// words at most, no punctuation, and a lowercase word after it (`“Ted
/// Cruz” campaign pins`).
pub(super) fn label_len(s: &str) -> Option<usize> {
    // The closing mark counts only at byte 60 at the latest, so it is
    // looked for no farther (a mark starting there ends by byte 64), not
    // through the whole quotation and the text after it.
    label_len_within(s, 64)
}

/// [`label_len`], looking for the closing mark in the first `reach` bytes
/// after the opening one (rounded up to a character boundary).
fn label_len_within(s: &str, reach: usize) -> Option<usize> {
    let open = s.chars().next().filter(|&c| c == '“' || c == '"')?;
    let body = &s[open.len_utf8()..];
    let mut near = body.len().min(reach);
    while !body.is_char_boundary(near) {
        near += 1;
    }
    let k = body[..near].find(['”', '"']).filter(|&k| k <= 60)?;
    let inner = &body[..k];
    let close = body[k..].chars().next()?;
    let after = &body[k + close.len_utf8()..];
    let label = !inner.trim().is_empty()
        && inner.split_whitespace().count() <= 3
        && !inner.contains([',', '.', '!', '?', ';', ':', '“', '"'])
        && after.starts_with(' ')
        && after.trim_start().starts_with(char::is_lowercase);
    label.then(|| s.len() - after.len())
}

/// Splits `i` before its first comma, quotation mark (and semicolon, with
/// `semicolon`) or sentence-ending period: `Mrs. Clinton's time` and `John
/// E. Herbst` do not end the phrase; `Studies. At` does.
fn phrase_until(i: &str, semicolon: bool) -> (&str, &str) {
    let end = i
        .char_indices()
        .find(|&(k, c)| {
            matches!(c, ',' | '“' | '"' | '”')
                || (semicolon && c == ';')
                || (c == '.' && super::verb::ends_sentence_at(i, k, true))
        })
        .map_or(i.len(), |(k, _)| k);
    (&i[end..], &i[..end])
}

/// An appositive at the end of a clause: `, professor at the University of
/// North Korean Studies.` — closed by a period or the end of the window.
pub fn trailing_appositive<'a>(i: &'a str) -> IResult<&'a str, String> {
    let (rest, (_, _, body)) = (
        ch(','),
        space0,
        verify(
            |i: &'a str| -> IResult<&'a str, &'a str> { Ok(phrase_until(i, true)) },
            |s: &str| {
                let words: Vec<&str> = s.split_whitespace().collect();
                !words.is_empty()
                    && words.len() <= 25
                    && words[0].chars().next().is_some_and(|c| !c.is_uppercase() || words.len() > 1)
            },
        ),
    )
        .parse(i)?;
    Ok((rest, body.trim().to_string()))
}

/// speaker_phrase = pronoun | description | name_phrase | bare_description.
pub fn speaker_phrase(i: &str) -> IResult<&str, SpeakerPhrase> {
    let (rest, who) = match speaker_rules_at(i) {
        Rules::None => {
            return Err(nom::Err::Error(nom::error::Error::new(i, nom::error::ErrorKind::Verify)))
        }
        Rules::Outlet => outlet_name(i)?,
        // `description` is `plural_sources` or a determiner's phrase.
        Rules::NoOpener => alt((outlet_name, plural_sources, name_phrase_unmodified)).parse(i)?,
        Rules::All => alt((
            outlet_name,
            pronoun,
            description,
            name_phrase,
            bare_description,
            quantifier_subject,
        ))
        .parse(i)?,
    };
    Ok((rest, SpeakerPhrase { who, role: None }))
}

/// Which of the rules of [`speaker_phrase`] may match at `i`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rules {
    /// None of them.
    None,
    /// At most `outlet_name`.
    Outlet,
    /// Those that need no opener ([`phrase_openers`]) or possessive as the
    /// first word: `outlet_name`, `plural_sources` (of `description`) and
    /// `name_phrase`. A pronoun, a determiner (of `description` and
    /// `bare_description`) and a quantifier are openers.
    NoOpener,
    /// Any of them.
    All,
}

/// A cheap test run before the speaker parsers, which are tried at many
/// word starts, from the first word the parsers would read: a speaker
/// phrase opens with a capital that is no function word, a pronoun, a
/// determiner, or has a role or source noun among its first four words
/// (`spokesman Alex Conant`, `law enforcement sources`).
///
/// A test that lets through more than the parsers accept changes nothing
/// but the time taken. (The hashed lists ignore case, as the rules' own
/// look-ups do or let through more.)
fn speaker_rules_at(i: &str) -> Rules {
    let upper = starts_upper(i);
    // Every rule but `outlet_name` reads a `word` first; that one needs
    // a capital.
    let Ok((_, first)) = word(i) else { return if upper { Rules::Outlet } else { Rules::None } };
    // A pronoun, a determiner of `description` or `bare_description`, a
    // quantifier or a name modifier of `name_phrase`; a possessive
    // determines a description.
    if phrase_openers().contains(first) || first.ends_with("'s") || first.ends_with("’s") {
        return Rules::All;
    }
    let function = |w| lexicon::function_words().contains(w);
    let speech = |w| lexicon::speech_verbs().contains(w);
    if upper {
        // Past the openers, `plural_sources` (of `description`) refuses
        // a first word that is a function word or a speech verb, and
        // `name_phrase` needs a `cap_word` there, which refuses a speech
        // verb and a function word that is no acronym.
        let no_cap_word =
            speech(first) || (function(first.trim_end_matches(['’', '\''])) && !is_acronym(first));
        return if (function(first) || speech(first)) && no_cap_word {
            Rules::Outlet
        } else {
            Rules::NoOpener
        };
    }
    // Lowercase and no opener: only `plural_sources` (a plural source
    // noun in the first four words) and `inner_title` before a name (a
    // role word in the first three) can match, both over words joined by
    // white space, neither past a function word or a speech verb.
    let mut rest = i;
    for n in 0..4 {
        let step = if n == 0 { word(rest) } else { preceded(space1, word).parse(rest) };
        let Ok((r, w)) = step else { return Rules::None };
        if function(w) || speech(w) {
            return Rules::None;
        }
        if roles_and_sources().contains(w) {
            return Rules::NoOpener;
        }
        rest = r;
    }
    Rules::None
}

/// Pronouns, [`DETERMINERS`], [`NAME_MODIFIERS`] and [`QUANTIFIERS`]: the
/// words that open a speaker phrase by themselves.
fn phrase_openers() -> &'static lexicon::WordList {
    static LIST: OnceLock<lexicon::WordList> = OnceLock::new();
    LIST.get_or_init(|| {
        let closed = [DETERMINERS, NAME_MODIFIERS, QUANTIFIERS].into_iter().flatten().copied();
        lexicon::WordList::new(lexicon::pronouns().words().iter().copied().chain(closed))
    })
}

/// Titles and source nouns: a word of either is a role word or a source
/// noun (see [`is_role_word`]), and every such word is one of them.
fn roles_and_sources() -> &'static lexicon::WordList {
    static LIST: OnceLock<lexicon::WordList> = OnceLock::new();
    LIST.get_or_init(|| {
        let titles = lexicon::titles().words().iter();
        lexicon::WordList::new(titles.chain(lexicon::source_nouns().words()).copied())
    })
}

/// outlet_name = a name of `outlets.txt`, capitalized as written (`The
/// Associated Press`, `Reuters`), ending at a word boundary.
pub fn outlet_name(i: &str) -> IResult<&str, Who> {
    let fail = || nom::Err::Error(nom::error::Error::new(i, nom::error::ErrorKind::Verify));
    if !starts_upper(i) {
        return Err(fail());
    }
    let best = outlets_by_initial()[usize::from(i.as_bytes()[0].to_ascii_lowercase())]
        .iter()
        .filter(|o| {
            let tail = i.get(o.len()..).unwrap_or("x");
            i.get(..o.len()).is_some_and(|head| head.eq_ignore_ascii_case(o))
                && tail.chars().next().is_none_or(|c| !c.is_alphanumeric())
                // `Fox's Chris Wallace`: a possessive outlet is no speaker.
                && !tail.starts_with("'s")
                && !tail.starts_with("’s")
        })
        .max_by_key(|o| o.len())
        .ok_or_else(fail)?;
    let (name, rest) = i.split_at(best.len());
    Ok((rest, Who::Name { name: name.to_string(), title: None }))
}

/// The outlets of `outlets.txt` by their first byte, in list order: this
/// runs at every capitalized word a speaker is looked for at, and only
/// names with its initial can match there.
fn outlets_by_initial() -> &'static [Vec<&'static str>] {
    static BY_INITIAL: OnceLock<Vec<Vec<&'static str>>> = OnceLock::new();
    BY_INITIAL.get_or_init(|| {
        let mut by_initial = vec![Vec::new(); 256];
        for o in lexicon::outlets().words() {
            if let Some(&b) = o.as_bytes().first() {
                by_initial[usize::from(b.to_ascii_lowercase())].push(*o);
            }
        }
        by_initial
    })
}

/// bare_description = determiner word{1,4} — only when a cue verb follows
/// at once (`the heckler yelled`, `the Lincoln actor says`): next to a cue any noun phrase is a speaker, while away
/// from one only `description`'s source nouns are.
pub fn bare_description(i: &str) -> IResult<&str, Who> {
    let (mut rest, det) =
        verify(word, |w: &str| lexicon::lowercase_is_any(w, &["the", "a", "an"])).parse(i)?;
    let _ = det;
    for n in 0..4 {
        // `the bespectacled, 71-year-old diplomat`: a comma may join two
        // adjectives (not before the first word).
        let comma = if n > 0 { opt(ch(',')).parse(rest)?.1 } else { None };
        let after_comma = if comma.is_some() { &rest[1..] } else { rest };
        let Ok((r, (_, w))) = (space1, word).parse(after_comma) else { break };
        let lw = lowercase(w);
        if lexicon::speech_verbs().contains(&lw) || lexicon::function_words().contains(&lw) {
            break;
        }
        rest = r;
        let next_is_cue =
            (space1, word).parse(rest).is_ok_and(|(_, (_, v))| lexicon::speech_verbs().contains(v));
        if next_is_cue
            && n < 4
            && w.chars().next().is_some_and(char::is_lowercase)
            && !head_end_is_possessive(w)
        {
            let text = i[..i.len() - rest.len()].to_string();
            return Ok((rest, Who::Description { text, head: lw.into_owned() }));
        }
    }
    Err(nom::Err::Error(nom::error::Error::new(i, nom::error::ErrorKind::Verify)))
}

/// Words for a group that may stand alone as a subject (`most said`).
const QUANTIFIERS: &[&str] =
    &["all", "both", "few", "many", "most", "others", "several", "some", "those"];

/// quantifier_subject = ("most" | "many" | … | "those" participle) — only
/// right before a cue verb: `most said they were “very worried”`, `those
/// surveyed said`. The group a poll or a reporter spoke with.
fn quantifier_subject(i: &str) -> IResult<&str, Who> {
    let fail = || nom::Err::Error(nom::error::Error::new(i, nom::error::ErrorKind::Verify));
    let (mut rest, q) = word(i)?;
    let lq = lowercase(q);
    match lq.as_ref() {
        "those" => {
            let (r, (_, p)) = (space1, word).parse(rest)?;
            if !matches!(p, "surveyed" | "polled" | "interviewed" | "questioned" | "asked") {
                return Err(fail());
            }
            rest = r;
        }
        w if QUANTIFIERS.contains(&w) => {}
        _ => return Err(fail()),
    }
    let cue_follows =
        (space1, word).parse(rest).is_ok_and(|(_, (_, v))| lexicon::speech_verbs().contains(v));
    if !cue_follows {
        return Err(fail());
    }
    let text = i[..i.len() - rest.len()].to_string();
    Ok((rest, Who::Description { text, head: lq.into_owned() }))
}

/// Where a speaker phrase (with its appositive) that ends before byte `end`
/// of `s` can start at the earliest: after the last double quotation mark
/// (`“`, `”`, `"`) before `end`. No rule of [`speaker_with_appositive`]
/// reads one except `parenthetical` (`Rep. X (“the fixer”) said`), so
/// when a `(` stands before `end` the answer is 0. The cue parsers try
/// speaker phrases at every word before a cue; this keeps them out of the
/// quotation before it.
pub fn speaker_start_floor(s: &str, end: usize) -> usize {
    let before = &s.as_bytes()[..end];
    if memchr::memchr(b'(', before).is_some() {
        return 0;
    }
    // `"`, or the last byte of `“` (E2 80 9C) or `”` (E2 80 9D).
    memchr::memrchr3_iter(b'"', 0x9C, 0x9D, before)
        .find(|&i| before[i] == b'"' || (i >= 2 && before[i - 2..i] == [0xE2, 0x80]))
        .map_or(0, |i| i + 1)
}

/// speaker_phrase followed by an optional appositive giving the role.
pub fn speaker_with_appositive(i: &str) -> IResult<&str, SpeakerPhrase> {
    speaker_with_appositive_and_bare(i).map(|(rest, (sp, _))| (rest, sp))
}

/// [`speaker_with_appositive`], with what follows its [`speaker_phrase`]
/// alone (the same as `speaker_phrase(i)` leaves): whether an appositive
/// was read, without parsing the phrase again.
pub fn speaker_with_appositive_and_bare(i: &str) -> IResult<&str, (SpeakerPhrase, &str)> {
    let (rest, mut sp) = speaker_phrase(i)?;
    if let Ok((r, role)) = alt((preceded(space0, appositive), dash_appositive)).parse(rest) {
        match &sp.who {
            Who::Name { .. } => sp.role = (!is_participial(&role)).then_some(role),
            // `the Vatican spokesman, Federico Lombardi,`: the appositive
            // names the person the description describes.
            Who::Description { .. } => {
                if let Some(named) = named_in_appositive(&sp, &role) {
                    sp = named;
                }
            }
            Who::Pronoun(_) => {}
        }
        return Ok((r, (sp, rest)));
    }
    // `Google's chief executive, Laszlo Bock said`: the same without a
    // closing comma, right before the cue.
    if let Who::Description { text, head } = &sp.who {
        if !is_role_word(head) {
            return Ok((rest, (sp, rest)));
        }
        if let Ok((r, (_, _, Who::Name { name, .. }))) = (ch(','), space0, name_phrase).parse(rest)
        {
            if name.contains(' ') {
                let role = text.clone();
                let sp = SpeakerPhrase { who: Who::Name { name, title: None }, role: Some(role) };
                return Ok((r, (sp, rest)));
            }
        }
    }
    Ok((rest, (sp, rest)))
}

/// `, wearing a cowboy hat,`, `, clad in a red cape,`: a participle
/// phrase between a name and its verb describes the moment, not a role.
fn is_participial(phrase: &str) -> bool {
    let mut words = phrase.split_whitespace();
    let (Some(first), second) = (words.next(), words.next()) else { return false };
    if starts_upper(first) {
        return false;
    }
    first.ends_with("ing")
        || ((first.ends_with("ed") || first == "clad")
            && second.is_some_and(|w| matches!(w, "in" | "by" | "with")))
}

/// `the American ambassador at the time, John E. Herbst`: when `sp`
/// describes a person by role and `appositive` is all a full name, that
/// person, with the description as role.
///
/// A document by someone described by role names its author the same way:
/// `a study by an influential sociologist, Mikhail E. Dmitriyev,` is the
/// sociologist's, with `an influential sociologist` as role.
pub fn named_in_appositive(sp: &SpeakerPhrase, appositive: &str) -> Option<SpeakerPhrase> {
    let Who::Description { text, head } = &sp.who else { return None };
    let role = if is_role_word(head) {
        text.as_str()
    } else if is_document(head) {
        document_author(text)?
    } else {
        return None;
    };
    let (tail, who) = name_phrase(appositive).ok()?;
    match who {
        // `John McCain, who lost the 2008 election`: the name may have an
        // appositive of its own.
        Who::Name { name, .. }
            if (tail.trim().is_empty() || tail.starts_with(',')) && name.contains(' ') =>
        {
            Some(SpeakerPhrase {
                who: Who::Name { name, title: None },
                role: Some(role.to_string()),
            })
        }
        _ => None,
    }
}

/// `a study by an influential sociologist` → `an influential sociologist`:
/// the description of a document's author, when the document's phrase
/// ends in `by` and a role.
fn document_author(text: &str) -> Option<&str> {
    let (_, author) = text.rsplit_once(" by ")?;
    let last = author.rsplit(char::is_whitespace).next()?;
    is_role_word(last).then_some(author)
}

/// Offset, within the run starting at `i`, of the last `n` words of `words`.
fn words_offset(i: &str, words: &[&str], n: usize) -> usize {
    // Every word of a run is a slice of `i`, and only white space stands
    // between two of them, so the word's own place in `i` is where a
    // search for each word in turn would find it.
    let first = words[words.len() - n];
    first.as_ptr() as usize - i.as_ptr() as usize
}

/// True when `before` (a paragraph up to a word) ends where a sentence
/// starts: nothing, or a sentence end, possibly with an opening mark.
/// The last 64 bytes (or so, on a char boundary) of `s`: all that the
/// sentence-start tests look at, so that they cost the same however long
/// the paragraph before them is.
fn tail(s: &str) -> &str {
    let mut at = s.len().saturating_sub(64);
    while !s.is_char_boundary(at) {
        at += 1;
    }
    &s[at..]
}

fn is_sentence_start(before: &str) -> bool {
    let t = before.trim_end().trim_end_matches(['“', '"', '‘', '\'', '(', '[']);
    match t.chars().next_back() {
        None => true,
        Some('.' | '!' | '?' | ':') => {
            super::verb::has_sentence_end_before_space(t) || t.ends_with(':')
        }
        Some('”' | '’') => true,
        _ => false,
    }
}

/// A word that may open a sentence before its subject (`But Akhil Johri,
/// …`, `And Trump …`).
pub fn is_sentence_opener(w: &str) -> bool {
    const OPENERS: &[&str] = &[
        "and",
        "but",
        "so",
        "yet",
        "still",
        "then",
        "now",
        "later",
        "instead",
        "meanwhile",
        "also",
    ];
    lexicon::lowercase_is_any(w, OPENERS)
}

/// True when a name after `before` (its paragraph up to the name) stands
/// where a sentence subject stands: at the paragraph or sentence start, or
/// after an opening clause and a comma (`In 2008, Putin …`).
fn is_subject_position(before: &str) -> bool {
    // `But state Rep. Gilda Cobb-Hunter …`, `former Gov. …`: lowercase
    // words that qualify the title stand before the subject's run.
    let mut t = before.trim_end();
    for _ in 0..2 {
        match t.rsplit_once(char::is_whitespace) {
            Some((r, w)) if is_title_qualifier(w) => t = r.trim_end(),
            None if is_title_qualifier(t) => t = "",
            _ => break,
        }
    }
    let stripped = t.trim_end_matches(['“', '"', '‘', '\'']);
    match stripped.chars().next_back() {
        None => true,
        // `In 2008, Putin …` but not `behind Rick Santorum, Senator Marco
        // Rubio, …`: one comma after the sentence's opening clause.
        Some(',') => {
            let body = &stripped[..stripped.len() - 1];
            let since = super::verb::last_sentence_end(body).map_or(body, |e| &body[e..]);
            !since.contains(',')
        }
        Some(':' | ';' | '(' | '—' | '–') => true,
        Some('.' | '!' | '?') => super::verb::has_sentence_end_before_space(stripped),
        Some(_) => {
            // `But Akhil Johri, …`, `And Trump …`: a sentence opener and
            // then the subject.
            let (rest, w) = match stripped.rsplit_once(char::is_whitespace) {
                Some((r, w)) => (r, w),
                None => ("", stripped),
            };
            // `…, as Mr. McDonough suggested`: the subject of a clause.
            let subordinator = matches!(w, "as" | "when" | "while" | "after" | "because" | "since");
            subordinator || (is_sentence_opener(w) && is_sentence_start(rest))
        }
    }
}

/// Whether a name the people table found is a sentence subject: not an
/// owner (`Trump's campaign manager`), and in subject position after
/// `before` (its paragraph up to the name's run, or the end of it) or
/// right before a verb in `rest` (the text after the run).
fn is_subject(possessive: bool, before: &str, rest: &str) -> bool {
    !possessive && (is_subject_position(before) || verb_follows(rest))
}

/// `… the kind of campaign Ayotte hoped to run`: a name right before a
/// verb (`rest` is the text after it) is its subject too.
fn verb_follows(rest: &str) -> bool {
    preceded(space1, word).parse(rest).is_ok_and(|(_, w)| {
        lexicon::speech_verbs().contains(w)
            || (w.len() > 4 && w.ends_with("ed") && !starts_upper(w) && !is_role_word(w))
    })
}

/// How much a given name of [`lexicon::male_names`] or
/// [`lexicon::female_names`] weighs against pronoun evidence (one vote a
/// mention) and honorifics (two): more than any article's pronouns, since
/// those often belong to someone named nearby.
const NAME_GENDER_WEIGHT: i32 = 1000;

/// The gender evidence of an honorific: 2 for `Mr.` and for titles only
/// men hold (`Pope`, `King`), -2 for `Mrs.`, `Ms.`, `Miss` and titles only
/// women hold (`Queen`), 0 for anything else.
fn honorific_gender(word: &str) -> i32 {
    match word {
        "Mr." | "Mr" => 2,
        "Mrs." | "Ms." | "Mrs" | "Ms" | "Miss" => -2,
        // Titles held by one sex only: `Pope Francis`, `Queen Elizabeth`.
        "Pope" | "Cardinal" | "King" | "Prince" | "Sir" | "Lord" => 2,
        "Queen" | "Princess" | "Dame" | "Lady" => -2,
        _ => 0,
    }
}

/// For a one-word name between commas right after a family noun (`Her
/// father, Brad, 39,`), the gender evidence the noun gives.
fn kin_gender(before: &str, after: &str) -> Option<i32> {
    if !after.starts_with(',') {
        return None;
    }
    let noun = before.trim_end().strip_suffix(',')?.rsplit(char::is_whitespace).next()?;
    match noun {
        "father" | "husband" | "son" | "brother" | "grandfather" | "uncle" | "nephew" => Some(2),
        "mother" | "wife" | "daughter" | "sister" | "grandmother" | "aunt" | "niece" => Some(-2),
        _ => None,
    }
}

/// `s` up to its first `“`, `"` or `«` (all of `s` without one), as
/// `s.split(['“', '"', '«']).next()` gives it: `memchr` finds the last
/// byte of each mark (`“` is E2 80 9C, `«` is C2 AB) many bytes at a time,
/// rather than every character of the words after each mention being
/// decoded and compared with the three.
fn before_opening_mark(s: &str) -> &str {
    let b = s.as_bytes();
    let end = memchr::memchr3_iter(b'"', 0x9C, 0xAB, b)
        .find_map(|i| match b[i] {
            b'"' => Some(i),
            0x9C if i >= 2 && b[i - 2..i] == [0xE2, 0x80] => Some(i - 2),
            0xAB if i >= 1 && b[i - 1] == 0xC2 => Some(i - 1),
            _ => None,
        })
        .unwrap_or(b.len());
    &s[..end]
}

/// The offset in `text` after `n` characters from byte `at` (or the end
/// of `text`). Two hundred bytes of ASCII are two hundred characters: only
/// other text is decoded.
fn char_end(text: &str, at: usize, n: usize) -> usize {
    let ascii_end = (at + n).min(text.len());
    if text.as_bytes()[at..ascii_end].is_ascii() {
        return ascii_end;
    }
    // A character starts at each byte that does not continue one (below
    // 0x80 or from 0xC0). Bytes are taken as many at a time as characters
    // are still wanted (a stretch of `k` bytes starts at most `k`
    // characters), and their starts counted without decoding.
    let bytes = text.as_bytes();
    let starts = |b: &&u8| (**b as i8) >= -0x40;
    let (mut end, mut seen) = (at, 0);
    while seen < n && end < bytes.len() {
        let step = (n - seen).min(bytes.len() - end);
        seen += char_starts(&bytes[end..end + step]);
        end += step;
    }
    if seen < n {
        return text.len();
    }
    // `n` characters start before `end`: the next starts after the bytes
    // that continue the last of them.
    end + bytes[end..].iter().take_while(|b| !starts(b)).count()
}

/// `b.iter().filter(|&&b| (b as i8) >= -0x40).count()`: how many characters
/// start in `b` (the bytes that do not continue one, `10xxxxxx`), eight
/// bytes at a time, as [`char_end`] counts them after every mention.
fn char_starts(b: &[u8]) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x80 * ONES;
    let mut chunks = b.chunks_exact(8);
    let mut continuing = 0;
    // A count for each of the eight bytes of a chunk, added up byte-wise:
    // a byte of the sum holds at most 255, so it is emptied at least every
    // 255 chunks.
    let mut sums = 0u64;
    let mut summed = 0;
    for chunk in &mut chunks {
        let x = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        // A continuing byte has its high bit set and the next one clear:
        // bit 6 shifted onto bit 7 of the same byte.
        sums += (x & !(x << 1) & HIGH) >> 7;
        summed += 1;
        if summed == 255 {
            continuing += byte_sum(sums);
            (sums, summed) = (0, 0);
        }
    }
    continuing += byte_sum(sums);
    continuing += chunks.remainder().iter().filter(|&&b| b & 0xC0 == 0x80).count();
    b.len() - continuing
}

/// The sum of the eight bytes of `x`.
fn byte_sum(x: u64) -> usize {
    const PAIRS: u64 = 0x00FF_00FF_00FF_00FF;
    // Pairs of bytes added into four 16-bit lanes (each at most 510); the
    // multiplication adds the four lanes into the top one (at most 2040,
    // and no lower lane's sum carries into it).
    let lanes = (x & PAIRS) + ((x >> 8) & PAIRS);
    (lanes.wrapping_mul(0x0001_0001_0001_0001) >> 48) as usize
}

/// `w.to_lowercase()`, written into `buf`: an ASCII word (nearly every
/// word) is lowercased without allocating.
fn lowercase_in<'b>(w: &str, buf: &'b mut String) -> &'b str {
    buf.clear();
    if w.is_ascii() {
        buf.push_str(w);
        buf.make_ascii_lowercase();
    } else {
        buf.push_str(&w.to_lowercase());
    }
    buf
}

/// `w.to_lowercase()`, an ASCII word lowercased byte by byte (the same
/// string, made without the Unicode case tables).
fn lower(w: &str) -> String {
    lowercase(w).into_owned()
}

/// The lowercase first and last word of a name.
fn name_key(words: &[String]) -> Option<(String, String)> {
    Some((lower(words.first()?), lower(words.last()?)))
}

/// One person named in the article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entity {
    /// The fullest form of the name.
    pub name: String,
    /// Its words.
    pub words: Vec<String>,
    /// Title or role first seen with it.
    pub role: Option<String>,
    /// Byte offsets of its mentions (full or partial), ascending.
    pub mentions: Vec<usize>,
    /// Evidence of grammatical gender from the article itself: positive
    /// for `he`/`his`/`Mr.`, negative for `she`/`her`/`Mrs.`/`Ms.`.
    pub gender: i32,
}

/// Grammatical gender of a pronoun or a person, as the article shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gender {
    /// he, him, his, Mr.
    Male,
    /// she, her, hers, Mrs., Ms.
    Female,
}

impl Entity {
    /// The gender the article's own words give this person, if clear.
    pub fn gender(&self) -> Option<Gender> {
        match self.gender {
            g if g > 0 => Some(Gender::Male),
            g if g < 0 => Some(Gender::Female),
            _ => None,
        }
    }

    /// True unless the article shows this person with the other gender.
    pub fn fits(&self, g: Option<Gender>) -> bool {
        match (g, self.gender()) {
            (Some(a), Some(b)) => a == b,
            _ => true,
        }
    }
}

/// The gender of a third-person pronoun.
pub fn pronoun_gender(p: &str) -> Option<Gender> {
    // Asked of every word after every mention of a person: ASCII words are
    // compared in place, without lowercasing them into a new string.
    if p.is_ascii() {
        let is = |forms: &[&str]| forms.iter().any(|f| f.eq_ignore_ascii_case(p));
        return if is(&["he", "him", "his", "himself"]) {
            Some(Gender::Male)
        } else if is(&["she", "her", "hers", "herself"]) {
            Some(Gender::Female)
        } else {
            None
        };
    }
    match lowercase(p).as_ref() {
        "he" | "him" | "his" | "himself" => Some(Gender::Male),
        "she" | "her" | "hers" | "herself" => Some(Gender::Female),
        _ => None,
    }
}

/// Where a capital may start in `b`, as [`capital_or_lead`] finds it, but
/// past the lead bytes of U+2000 to U+207F (E2 80 and E2 81: the curly
/// quotes and apostrophes, the dashes), which start no capital: news text
/// is full of these marks, and the people table need not stop at each.
fn next_capital(b: &[u8]) -> Option<usize> {
    let mut from = 0;
    loop {
        let at = from + capital_or_lead(&b[from..])?;
        if b[at] == 0xE2 && matches!(b.get(at + 1), Some(0x80 | 0x81)) {
            from = at + 1;
            continue;
        }
        return Some(at);
    }
}

/// `b.iter().position(|&b| b.is_ascii_uppercase() || b >= 0xC0)`, eight
/// bytes at a time: the people table looks for the next capital through
/// every paragraph of the article.
fn capital_or_lead(b: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x80 * ONES;
    let mut chunks = b.chunks_exact(8);
    let mut base = 0;
    for chunk in &mut chunks {
        let x = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        // Each byte's low seven bits plus a constant below 0x40 never
        // carries into the next byte, and sets the high bit exactly when
        // the seven bits are at least `A` (or above `Z`): a capital is a
        // byte so placed whose own high bit is clear.
        let low = x & !HIGH;
        let at_least_a = low + u64::from(0x80 - b'A') * ONES;
        let above_z = low + u64::from(0x80 - b'Z' - 1) * ONES;
        let capital = at_least_a & !above_z & !x & HIGH;
        // A lead byte has its two high bits set: bit 6 shifted onto bit 7
        // of the same byte.
        let lead = x & (x << 1) & HIGH;
        let found = capital | lead;
        if found != 0 {
            // Little-endian: the lowest flagged byte comes first.
            return Some(base + (found.trailing_zeros() / 8) as usize);
        }
        base += 8;
    }
    chunks.remainder().iter().position(|&b| b.is_ascii_uppercase() || b >= 0xC0).map(|p| base + p)
}

/// How [`first_pronoun_gender`] classes a byte: 1 for a byte of a word
/// (an ASCII letter or digit, `.`, `!`, `?`), 2 for a byte outside ASCII
/// (its character decides), 0 for a separator.
const PIECE_BYTES: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = if c >= 0x80 {
            2
        } else if c.is_ascii_alphanumeric() || c == b'.' || c == b'!' || c == b'?' {
            1
        } else {
            0
        };
        b += 1;
    }
    t
};

/// The first third-person pronoun in `s` (up to its second sentence end):
/// after `Nicole Hargrove, a 14-year Carrier worker, said she was …` the
/// pronoun that follows a name most often refers to it.
///
/// The pieces of `s` are those of `s.split(|c: char| !c.is_alphanumeric()
/// && !matches!(c, '.' | '!' | '?'))`. Only two kinds of piece matter: one
/// that ends with a mark (a sentence end) and a pronoun, and every form of
/// a pronoun has an `h` first or second (`he`, `she`). So rather than every
/// byte of every piece being read, `memchr` jumps between the marks and the
/// `h`s, and only the pieces around them are read, in order, each once.
fn first_pronoun_gender(s: &str) -> Option<(Gender, usize)> {
    let bytes = s.as_bytes();
    let mut hs = memchr::memchr2_iter(b'h', b'H', bytes).peekable();
    let mut marks = memchr::memchr3_iter(b'.', b'!', b'?', bytes).peekable();
    let mut ends = 0;
    // The end of the last piece read: a byte before it is in a piece read.
    let mut done = 0;
    loop {
        let k = match (hs.peek(), marks.peek()) {
            (Some(&h), Some(&m)) if h < m => hs.next(),
            (_, Some(_)) => marks.next(),
            (Some(_), None) => hs.next(),
            (None, None) => return None,
        }?;
        if k < done {
            continue;
        }
        // An `h` after a letter or digit (`the`, `which`), other than an `s`
        // that starts its piece (`she`), is neither first nor second in a
        // pronoun: its piece is read only if it ends with a mark, and then
        // it is read at the mark.
        if bytes[k] != b'.' && bytes[k] != b'!' && bytes[k] != b'?' && !may_open_pronoun(bytes, k) {
            continue;
        }
        let (at, k) = piece_around(s, k);
        done = k;
        // The marks are ASCII, so they are compared as bytes: the last byte
        // of a character outside ASCII is never one.
        let is_mark = |b: &u8| matches!(b, b'.' | b'!' | b'?');
        let mut bare = &bytes[at..k];
        if bare.last().is_some_and(is_mark) {
            ends += 1;
            if ends >= 2 {
                return None;
            }
            // (Only a piece that ends with a mark has marks to cut.)
            while let Some((last, rest)) = bare.split_last() {
                if !is_mark(last) {
                    break;
                }
                bare = rest;
            }
        }
        // The forms are two to seven letters from `h` or `s`: any other
        // ASCII word is no pronoun, and is not compared with each form.
        let may_be = ((2..=7).contains(&bare.len()) && matches!(bare[0] | 0x20, b'h' | b's'))
            || !bare.is_ascii();
        if may_be {
            if let Some(g) = pronoun_gender(&s[at..at + bare.len()]) {
                return Some((g, at));
            }
        }
    }
}

/// Whether the `h` at byte `k` of `b` may be the first or second letter of
/// a piece of [`first_pronoun_gender`], the second after an `s`: false
/// only when an ASCII letter or digit (or mark) of the same piece surely
/// stands two places before it, or one place before it other than an `s`.
/// (A byte outside ASCII before it is left to the caller to decode.)
fn may_open_pronoun(b: &[u8], k: usize) -> bool {
    let opens = |p: Option<&u8>| p.is_none_or(|&c| PIECE_BYTES[usize::from(c)] != 1);
    let prev = k.checked_sub(1).map(|p| &b[p]);
    match prev {
        Some(&c) if c | 0x20 == b's' => opens(k.checked_sub(2).map(|p| &b[p])),
        p => opens(p),
    }
}

/// The piece of [`first_pronoun_gender`] around the ASCII piece byte at
/// `k` of `s`: where it starts and ends.
fn piece_around(s: &str, k: usize) -> (usize, usize) {
    let bytes = s.as_bytes();
    let mut start = k;
    while let Some(&b) = start.checked_sub(1).map(|p| &bytes[p]) {
        match PIECE_BYTES[usize::from(b)] {
            0 => break,
            1 => start -= 1,
            _ => match s[..start].chars().next_back() {
                Some(c) if is_alphanumeric(c) => start -= c.len_utf8(),
                _ => break,
            },
        }
    }
    let mut end = k;
    loop {
        // Over the bytes of a word in one tight loop; only a character
        // outside ASCII is decoded.
        end += bytes[end..].iter().take_while(|&&b| PIECE_BYTES[usize::from(b)] == 1).count();
        match bytes.get(end) {
            Some(&b) if b >= 0x80 => match s[end..].chars().next() {
                Some(c) if is_alphanumeric(c) => end += c.len_utf8(),
                _ => return (start, end),
            },
            _ => return (start, end),
        }
    }
}

/// The people named in one article, for resolving `Cho`, `Mr. Netanyahu`
/// and `he`.
///
/// The word indexes are only looked up, never walked, so their order does
/// not matter: they are FNV hash tables, which answer for a short word in
/// fewer steps than a tree of string comparisons.
#[derive(Debug, Clone, Default)]
pub struct Entities {
    /// Every person with a name of two or more words.
    pub people: Vec<Entity>,
    /// Mentions, full or one-word: (offset, entity index, in subject
    /// position), ascending.
    mentions: Vec<(usize, usize, bool)>,
    /// Capitalized words seen inside a sentence, not at its start: those
    /// are names; a word capitalized only at sentence starts (`Local`,
    /// `Appearing`) is not.
    capitalized_inside: FnvHashSet<String>,
    /// Index of `people` by lowercase (first word, last word), so that a
    /// mention costs a look-up, not a scan of everyone named.
    by_key: FnvHashMap<(String, String), usize>,
    /// Spans of the article's quotations, sorted: see
    /// [`Entities::set_quoted`].
    quoted: Vec<(usize, usize)>,
    /// Index of `people` by lowercase first word.
    by_first: FnvHashMap<String, Vec<usize>>,
    /// Index of `people` by lowercase last word.
    by_last: FnvHashMap<String, Vec<usize>>,
    /// Every lowercase word of every name.
    name_words: FnvHashSet<String>,
}

impl Entities {
    /// Collects the names of two or more words in `paragraphs` (spans into
    /// `text`), then the single-word mentions that point back to them.
    pub fn collect(text: &str, paragraphs: &[crate::model::Span]) -> Entities {
        Entities::collect_with_headline(text, paragraphs, None)
    }

    /// Like [`Entities::collect`], and also takes from the headline the
    /// full names of people the body names by surname only (`Cecile
    /// Richards` in the headline, `Richards` in the body). A headline name
    /// is cut after the word the body knows, so title case (`Donald Trump
    /// Featured In …`) adds no words to it.
    pub fn collect_with_headline(
        text: &str,
        paragraphs: &[crate::model::Span],
        headline: Option<crate::model::Span>,
    ) -> Entities {
        let mut ents = Entities::collect_body(text, paragraphs);
        let Some(h) = headline else { return ents };
        let line = h.slice(text);
        for start in super::verb::word_starts(line) {
            let Ok((_, words)) = cap_run(&line[start..]) else { continue };
            let Some(cut) = words.iter().rposition(|w| {
                let lw = lowercase(w);
                ents.by_last.contains_key(lw.as_ref())
                    || ents.capitalized_inside.contains(lw.as_ref())
            }) else {
                continue;
            };
            let Some((_, name)) = split_title(&words[..=cut]) else { continue };
            if name.len() >= 2
                && name.len() <= 4
                && !name.iter().any(|w| is_org(w) || is_acronym(w))
            {
                // Only a name the body uses: its last word must be a
                // known surname or a capitalized word of the body.
                let first_mention = name
                    .last()
                    .and_then(|l| ents.by_last.get(lowercase(l).as_ref()))
                    .and_then(|v| v.first().copied());
                // A longer headline form replaces a full name of the body
                // only when the body knows every added word as a name
                // (`McCain Challenger Kelli Ward` does not lengthen `Kelli
                // Ward`: `Challenger` is title case, not a name).
                let lengthens = |i: usize| {
                    let known = &ents.people[i].words;
                    known.len() < name.len()
                        && name.ends_with(known)
                        && name[..name.len() - known.len()].iter().all(|w| {
                            let lw = lowercase(w);
                            ents.capitalized_inside.contains(lw.as_ref())
                                && ents.name_words.contains(lw.as_ref())
                        })
                };
                match first_mention {
                    Some(i) if lengthens(i) => {
                        ents.people[i].name = name.join(" ");
                        ents.people[i].words = name;
                    }
                    Some(_) => {}
                    None => {
                        ents.people.push(Entity {
                            name: name.join(" "),
                            words: name,
                            role: None,
                            mentions: Vec::new(),
                            gender: 0,
                        });
                    }
                }
                ents.reindex();
            }
        }
        ents
    }

    fn collect_body(text: &str, paragraphs: &[crate::model::Span]) -> Entities {
        let mut ents = Entities::default();
        // Room for the words of a typical article (a few dozen capitalized
        // words, a dozen people), so that the tables seldom grow and rehash.
        ents.capitalized_inside.reserve(64);
        ents.mentions.reserve(64);
        ents.by_key.reserve(16);
        ents.by_first.reserve(16);
        ents.by_last.reserve(16);
        ents.name_words.reserve(32);
        // One-word names: (offset, the word, whether it is an owner, its
        // paragraph's text up to the run (its last 64 bytes, as `tail` gives
        // them), the text after the run). (The word is lowercased only when
        // it is looked up, into a reused buffer.) Room for those of a
        // typical article.
        let mut singles: Vec<(usize, &str, bool, &str, &str)> = Vec::with_capacity(64);
        // `Mr. Obama`, `Ms. Bigbee`: a surname with an honorific is a
        // person even when the article never gives the full name.
        // With `Her father, Brad,` and `Trump's wife, Melania,` a first
        // name set off after a family noun is a person too, of the noun's
        // gender. (word, gender evidence)
        let mut honored: Vec<(String, i32)> = Vec::new();
        // Room for a word lowercased, reused.
        let mut lower_buf = String::new();
        // The words of the capitalized run read last, reused.
        let mut words = Vec::with_capacity(8);
        for p in paragraphs {
            let para = p.slice(text);
            let mut i = para;
            while !i.is_empty() {
                let at = p.start + (para.len() - i.len());
                let boundary =
                    para[..at - p.start].chars().next_back().is_none_or(|c| !is_alphanumeric(c));
                if boundary && starts_upper(i) {
                    if let Ok((r, w)) = cap_word(i) {
                        if !is_sentence_start(tail(&para[..at - p.start])) {
                            // Most such words are seen before: a copy is
                            // made only for a new one.
                            let lw = lowercase_in(w, &mut lower_buf);
                            if !ents.capitalized_inside.contains(lw) {
                                ents.capitalized_inside.insert(lw.to_string());
                            }
                        }
                        // `cap_run(i)`, from the word just read.
                        let rest = cap_run_into(r, w, &mut words);
                        // An owner (`Trump's campaign manager`) is never the
                        // subject of the sentence.
                        let (start, possessive) = match name_start(&words) {
                            Some(start) => (start, false),
                            None => match possessive_name_start(&mut words) {
                                Some(start) => (start, true),
                                None => {
                                    i = rest;
                                    continue;
                                }
                            },
                        };
                        // The title words and the name, as `split_title`
                        // gives them, still as slices: most runs are dropped
                        // below, and only what is kept is copied.
                        let (title, name) = words.split_at(start);
                        fn name_word<'a>(w: &&'a str) -> &'a str {
                            trim_suffixes(trim_suffixes(w, "’s"), "'s")
                        }
                        // `The Independent Vermont senator vowed`: a run
                        // right before a lowercase role word modifies it.
                        let modifies_role = || {
                            !possessive
                                && preceded(space1, word)
                                    .parse(rest)
                                    .is_ok_and(|(_, w)| !starts_upper(w) && is_role_word(w))
                        };
                        // (No word of the name is an organization word: the
                        // name starts after the last one, and after the last
                        // possessive, so `name_word` leaves each word as it is.)
                        let is_person_like = name.len() >= 2
                            && name.len() <= 4
                            && !modifies_role()
                            && !name.iter().any(|w| is_acronym(w));
                        // What follows is kept only for a person or a
                        // one-word name: for any other run (most runs
                        // are organizations, places, sentence openers)
                        // it is not worked out.
                        if !is_person_like && name.len() != 1 {
                            i = rest;
                            continue;
                        }
                        // The title joined is an honorific only when it is
                        // one word: the honorifics have no spaces.
                        let honorific = matches!(title, [t] if honorific_gender(t) != 0);
                        let name_at = at + words_offset(i, &words, name.len());
                        let before = tail(&para[..at - p.start]);
                        if is_person_like {
                            // The role is asked for only here: only a
                            // person keeps one.
                            let role = if title.is_empty() {
                                preceded(space0, trailing_appositive)
                                    .parse(rest)
                                    .ok()
                                    .map(|(_, r)| r)
                            } else {
                                Some(title.join(" "))
                            };
                            let name = name.iter().map(|w| name_word(w).to_string()).collect();
                            let subject = is_subject(possessive, before, rest);
                            ents.add(name, role, name_at, subject);
                        } else {
                            let single = name_word(&name[0]);
                            let kin = kin_gender(before, rest);
                            if honorific || kin.is_some() {
                                honored.push((single.to_string(), kin.unwrap_or(0)));
                            }
                            // Whether it is a subject is asked only of a
                            // one-word name found to name someone: most
                            // (places, organizations) name no one.
                            singles.push((name_at, single, possessive, before, rest));
                        }
                        i = rest;
                        continue;
                    }
                }
                let step = i.chars().next().map_or(1, char::len_utf8);
                i = &i[step..];
                // Only a capital starts a run: skip to the next ASCII
                // capital or character outside ASCII (a lead byte) that
                // may be one.
                let skip = next_capital(i.as_bytes());
                i = &i[skip.unwrap_or(i.len())..];
            }
        }
        for (w, gender) in honored {
            if ents.lookup_word(&w, usize::MAX).is_none() {
                ents.people.push(Entity {
                    name: w.clone(),
                    words: vec![w],
                    role: None,
                    mentions: Vec::new(),
                    gender,
                });
                ents.index(ents.people.len() - 1);
            }
        }
        // Resolved against the full-name mentions only (sorted, as found),
        // then added, so that every look-up sees sorted mentions.
        // A surname two people share (`Clinton`) gives no evidence of
        // gender: which of them it means is a guess by recency.
        let mut shared = FnvHashSet::default();
        let resolved: Vec<(usize, usize, bool)> = singles
            .into_iter()
            .filter_map(|(at, single, possessive, before, rest)| {
                // `lookup_word`, with the owners looked up once.
                let owners = ents.owners(lowercase_in(single, &mut lower_buf))?;
                if owners.len() > 1 {
                    shared.insert(at);
                }
                let e = ents.most_recent(owners, at)?;
                Some((at, e, is_subject(possessive, before, rest)))
            })
            .collect();
        for (at, e, subject) in resolved {
            ents.mentions.push((at, e, subject));
            ents.people[e].mentions.push(at);
        }
        ents.mentions.sort_unstable();
        for e in &mut ents.people {
            e.mentions.sort_unstable();
        }
        // Gender evidence: honorifics before a mention, and the first
        // pronoun after it.
        for &(at, e, _) in &ents.mentions {
            if shared.contains(&at) {
                continue;
            }
            let before = text[..at].trim_end();
            let honorific = before.rsplit(char::is_whitespace).next().unwrap_or("");
            let vote = match honorific_gender(honorific) {
                0 => {
                    let end = char_end(text, at, 200);
                    let after = &text[at..end];
                    let after = after.split_once(char::is_whitespace).map_or("", |(_, r)| r);
                    let after_at = end - after.len();
                    // `Garin added, "… define her standing …"`: a pronoun
                    // in quoted words is the speaker's, about someone else.
                    let after = before_opening_mark(after);
                    // `Neera Tanden … asked Eric Holder whether he had …`:
                    // a pronoun after someone else's mention is theirs.
                    let other_between = |p: usize| {
                        let lo = ents.mentions.partition_point(|&(m, _, _)| m <= at);
                        let hi = ents.mentions.partition_point(|&(m, _, _)| m < p);
                        ents.mentions[lo..hi].iter().any(|&(_, o, _)| o != e)
                    };
                    match first_pronoun_gender(after) {
                        Some((_, k)) if other_between(after_at + k) => 0,
                        Some((Gender::Male, _)) => 1,
                        Some((Gender::Female, _)) => -1,
                        None => 0,
                    }
                }
                honorific => honorific,
            };
            ents.people[e].gender += vote;
        }
        // A given name that is a man's or a woman's in nearly every use
        // outweighs a few pronouns that may belong to someone else nearby.
        for e in &mut ents.people {
            if e.words.len() < 2 {
                continue;
            }
            // (The look-ups ignore case: the name is not lowercased.)
            let first = &e.words[0];
            if lexicon::male_names().contains(first) {
                e.gender += NAME_GENDER_WEIGHT;
            } else if lexicon::female_names().contains(first) {
                e.gender -= NAME_GENDER_WEIGHT;
            }
        }
        ents
    }

    fn add(&mut self, words: Vec<String>, role: Option<String>, at: usize, subject: bool) {
        let key = name_key(&words);
        let found = key.as_ref().and_then(|k| self.by_key.get(k).copied());
        let idx = match found {
            Some(i) => {
                let e = &mut self.people[i];
                if words.len() > e.words.len() {
                    e.name = words.join(" ");
                    e.words = words;
                }
                if e.role.is_none() {
                    e.role = role;
                }
                e.mentions.push(at);
                i
            }
            None => {
                self.people.push(Entity {
                    name: words.join(" "),
                    words,
                    role,
                    mentions: vec![at],
                    gender: 0,
                });
                let i = self.people.len() - 1;
                // The key of the words just moved into the new person.
                self.index_keyed(i, key);
                i
            }
        };
        self.mentions.push((at, idx, subject));
    }

    /// Adds person `i` to the look-up indexes.
    fn index(&mut self, i: usize) {
        self.index_keyed(i, name_key(&self.people[i].words));
    }

    /// [`Entities::index`] with the [`name_key`] of person `i` worked out.
    fn index_keyed(&mut self, i: usize, key: Option<(String, String)>) {
        // A word already indexed (a shared first name or surname, a word
        // seen in another name) is looked up, not copied again: a copy is
        // made only for a new entry.
        fn push_owner(index: &mut FnvHashMap<String, Vec<usize>>, word: &str, i: usize) {
            match index.get_mut(word) {
                Some(owners) => owners.push(i),
                None => {
                    index.insert(word.to_string(), vec![i]);
                }
            }
        }
        let words = &self.people[i].words;
        let Some(k) = key else { return };
        // A word already noted is looked up, not copied again.
        fn note(name_words: &mut FnvHashSet<String>, lw: &str) {
            if !name_words.contains(lw) {
                name_words.insert(lw.to_string());
            }
        }
        // The first and last words lowercased are the key's: only the
        // words between them are lowercased here.
        note(&mut self.name_words, &k.0);
        note(&mut self.name_words, &k.1);
        let mut buf = String::new();
        for w in words.get(1..words.len().saturating_sub(1)).unwrap_or_default() {
            note(&mut self.name_words, lowercase_in(w, &mut buf));
        }
        push_owner(&mut self.by_first, &k.0, i);
        push_owner(&mut self.by_last, &k.1, i);
        self.by_key.insert(k, i);
    }

    /// Rebuilds the indexes after names were changed in place.
    fn reindex(&mut self) {
        self.by_key.clear();
        self.by_first.clear();
        self.by_last.clear();
        self.name_words.clear();
        for i in 0..self.people.len() {
            self.index(i);
        }
    }

    /// The person a one-word name (`Cho`, `Moon`, `Trump`) points to: one
    /// whose name begins or ends with it, the most recently mentioned
    /// before `at` first (so two Kims are told apart by recency).
    fn lookup_word(&self, w: &str, at: usize) -> Option<usize> {
        self.most_recent(self.owners(&lowercase(w))?, at)
    }

    /// The people a one-word name, lowercase, may point to.
    fn owners(&self, lw: &str) -> Option<&[usize]> {
        // Surname-first names (Cho Sung-ryul, Moon Jae-in) are matched on
        // their first word only when no name ends with the word, so that
        // `Trump` finds `Donald Trump`, not an organization named after him.
        self.by_last.get(lw).or_else(|| self.by_first.get(lw)).map(Vec::as_slice)
    }

    /// Of `candidates`, the one mentioned last before `at` (the first of
    /// them when none is).
    fn most_recent(&self, candidates: &[usize], at: usize) -> Option<usize> {
        let mut best: Option<(usize, usize)> = None; // (last mention before at, entity)
        for &i in candidates {
            let e = &self.people[i];
            let n = e.mentions.partition_point(|&m| m <= at);
            let score = n.checked_sub(1).map_or(0, |k| e.mentions[k] + 1);
            if best.is_none_or(|(s, _)| score > s) {
                best = Some((score, i));
            }
        }
        best.map(|(_, i)| i)
    }

    /// Resolves a written name to the fullest form in the article.
    pub fn resolve_name(&self, name: &str, at: usize) -> Option<&Entity> {
        let words: Vec<&str> = name.split_whitespace().collect();
        match words.as_slice() {
            [] => None,
            [w] => self.lookup_word(w, at).map(|i| &self.people[i]),
            [first, .., last] => {
                let k = (lower(first), lower(last));
                self.by_key.get(&k).map(|&i| &self.people[i])
            }
        }
    }

    /// True when `word` is known as a name in the article: a word of a
    /// person's name, or a capitalized word seen inside a sentence.
    pub fn is_known_name(&self, word: &str) -> bool {
        let lw = lowercase(word);
        self.capitalized_inside.contains(lw.as_ref()) || self.name_words.contains(lw.as_ref())
    }

    /// Marks the spans of the article's quotations (`start..end`, any
    /// order): a name inside a quotation is the speaker's word, never what a
    /// pronoun of the reporter's stands for (`“Rubio is very, very weak on
    /// immigration,” he said`).
    pub fn set_quoted(&mut self, spans: impl IntoIterator<Item = (usize, usize)>) {
        self.quoted = spans.into_iter().collect();
        self.quoted.sort_unstable();
    }

    /// True when the mention at `at` is outside every quotation.
    fn unquoted(&self, at: usize) -> bool {
        // Quotations nest but never cross, so the one that starts last
        // before `at`, or its parent, is the one that may hold it.
        let k = self.quoted.partition_point(|&(s, _)| s <= at);
        !self.quoted[..k].iter().rev().take(4).any(|&(s, e)| s <= at && at < e)
    }

    /// The person most recently mentioned before `at`, for a pronoun.
    pub fn last_before(&self, at: usize, g: Option<Gender>) -> Option<&Entity> {
        let idx = self.mentions.partition_point(|&(m, _, _)| m < at);
        self.mentions[..idx]
            .iter()
            .rev()
            .filter(|m| self.unquoted(m.0))
            .map(|m| &self.people[m.1])
            .find(|e| e.fits(g))
    }

    /// The person most recently mentioned as a sentence subject in
    /// `from..at` (`Nicole Hargrove, a 14-year Carrier worker, said …`).
    pub fn last_subject_in(&self, from: usize, at: usize, g: Option<Gender>) -> Option<&Entity> {
        self.last_subject_with_offset(from, at, g).map(|(_, e)| e)
    }

    /// Like [`Entities::last_subject_in`], with the mention's offset.
    pub fn last_subject_with_offset(
        &self,
        from: usize,
        at: usize,
        g: Option<Gender>,
    ) -> Option<(usize, &Entity)> {
        let lo = self.mentions.partition_point(|&(m, _, _)| m < from);
        let hi = self.mentions.partition_point(|&(m, _, _)| m < at);
        self.mentions[lo..hi]
            .iter()
            .rev()
            .filter(|m| m.2 && self.unquoted(m.0))
            .map(|m| (m.0, &self.people[m.1]))
            .find(|(_, e)| e.fits(g))
    }

    /// The person last mentioned in `from..at` whom the article shows with
    /// gender `g` (unknown gender does not count here).
    pub fn last_of_gender_in(&self, from: usize, at: usize, g: Gender) -> Option<&Entity> {
        let lo = self.mentions.partition_point(|&(m, _, _)| m < from);
        let hi = self.mentions.partition_point(|&(m, _, _)| m < at);
        self.mentions[lo..hi]
            .iter()
            .rev()
            .filter(|m| self.unquoted(m.0))
            .map(|m| &self.people[m.1])
            .find(|e| e.gender() == Some(g))
    }

    /// The person mentioned most often before `at` (the earliest of a tie),
    /// of a gender that fits: whom the article is about.
    pub fn most_mentioned_before(&self, at: usize, g: Option<Gender>) -> Option<&Entity> {
        let count = |e: &Entity| e.mentions.partition_point(|&m| m < at);
        self.people.iter().filter(|e| e.fits(g) && count(e) > 0).fold(
            None,
            |best: Option<&Entity>, e| match best {
                Some(b) if count(b) >= count(e) => Some(b),
                _ => Some(e),
            },
        )
    }

    /// The person with this exact full name, if the article names one.
    pub fn by_name(&self, name: &str) -> Option<&Entity> {
        self.people.iter().find(|e| e.name == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name_of(who: &Who) -> (&str, Option<&str>) {
        match who {
            Who::Name { name, title } => (name, title.as_deref()),
            other => panic!("not a name: {other:?}"),
        }
    }

    /// [`cap_run_from`] without the look-ahead for a capital.
    fn cap_run_from_reference<'a>(rest: &'a str, first: &'a str) -> (&'a str, Vec<&'a str>) {
        let mut words = Vec::new();
        let rest = cap_run_steps(rest, first, false, &mut words);
        (rest, words)
    }

    #[test]
    fn first_pronoun_gender_gives_the_pronoun_and_its_offset() {
        assert_eq!(first_pronoun_gender("said she was"), Some((Gender::Female, 5)));
        assert_eq!(first_pronoun_gender("He. She"), Some((Gender::Male, 0)));
        assert_eq!(first_pronoun_gender("\u{201c}Hers,\u{201d} he"), Some((Gender::Female, 3)));
        // Only up to the second sentence end.
        assert_eq!(first_pronoun_gender("a. b. she"), None);
        assert_eq!(first_pronoun_gender("herselfx heh"), None);
    }

    /// [`first_pronoun_gender`] as `split` reads it.
    fn first_pronoun_gender_reference(s: &str) -> Option<(Gender, usize)> {
        let mut ends = 0;
        for w in s.split(|c: char| !c.is_alphanumeric() && c != '.' && c != '!' && c != '?') {
            if w.ends_with(['.', '!', '?']) {
                ends += 1;
                if ends >= 2 {
                    return None;
                }
            }
            if let Some(g) = pronoun_gender(w.trim_end_matches(['.', '!', '?'])) {
                return Some((g, w.as_ptr() as usize - s.as_ptr() as usize));
            }
        }
        None
    }

    #[test]
    fn first_pronoun_gender_agrees_with_split() {
        let texts = [
            "",
            "said she was",
            "He. She",
            "\u{201c}Hers,\u{201d} he",
            "a. b. she!? x",
            "  two  spaces, and caf\u{e9} \u{4e2d}\u{6587} \u{2014}dash\u{2014} HIM.",
            "U.S. officials\u{a0}said his",
            "\u{c9}lise said s\u{e9} her",
            "herself",
            "x he",
            "Himself!",
            "hes he",
        ];
        for text in texts {
            for (at, _) in text.char_indices().chain([(text.len(), ' ')]) {
                let t = &text[at..];
                assert_eq!(first_pronoun_gender(t), first_pronoun_gender_reference(t), "{t:?}");
            }
        }
    }

    proptest::proptest! {
        /// The jumps between marks and `h`s find what reading every piece
        /// finds: words with `h` anywhere, `s` before `h`, marks alone and
        /// in runs, letters outside ASCII (the Kelvin sign lowercases to
        /// ASCII) and marks that are no letters (`’`, `“`, U+2014).
        #[test]
        fn first_pronoun_gender_agrees_with_split_everywhere(
            s in "((he|He|HIM|his|himself|she|She|sHe|her|hers|Herself|h|sh|ssh|the|which|shh|hes|xhe|\u{e9}he|he\u{e9}|\u{212a}|\u{130}|a|s|U\\.S|1\\.5|\\.|!|\\?|\\.\\.\\.|,|'|\u{2019}|\u{201c}|\u{2014}|\u{a0}| ){0,12})"
        ) {
            proptest::prop_assert_eq!(
                first_pronoun_gender(&s),
                first_pronoun_gender_reference(&s),
                "{:?}",
                s
            );
        }
    }

    #[test]
    fn capital_in_next_three_agrees_with_split_whitespace() {
        let texts = [
            "",
            "said",
            "said the President",
            "of the United States",
            "of the very big Thing",
            "a b c D",
            "a b c d E",
            "a\u{a0}b\u{2003}\u{c9}mile x",
            "  lead  spaces\tand\x0bvertical Tab",
            "caf\u{e9} d\u{e9}j\u{e0} \u{c9}cole",
        ];
        for text in texts {
            let want = text.split_whitespace().skip(1).take(3).any(starts_upper);
            assert_eq!(capital_in_next_three(text), want, "{text:?}");
        }
    }

    #[test]
    fn next_capital_passes_over_no_capital() {
        assert!(('\u{2000}'..='\u{207F}').all(|c| !c.is_uppercase()));
        let text = "a \u{201c}Kim\u{201d} \u{2014} it\u{2019}s \u{c9}mile \u{2160} \u{2070}x";
        for (at, _) in text.char_indices() {
            let b = &text.as_bytes()[at..];
            let want = text[at..].char_indices().find(|&(_, c)| {
                c.is_ascii_uppercase() || (!c.is_ascii() && !('\u{2000}'..='\u{207F}').contains(&c))
            });
            assert_eq!(next_capital(b), want.map(|(k, _)| k), "{at}");
        }
    }

    #[test]
    fn capital_or_lead_agrees_with_a_byte_scan() {
        // Every byte value at every place of a buffer longer than a chunk.
        for b in 0..=255u8 {
            for at in 0..20 {
                let mut buf = [b'a'; 20];
                buf[at] = b;
                for from in 0..buf.len() {
                    let s = &buf[from..];
                    let want = s.iter().position(|&b| b.is_ascii_uppercase() || b >= 0xC0);
                    assert_eq!(capital_or_lead(s), want, "{b} {at} {from}");
                }
            }
        }
    }

    #[test]
    fn before_opening_mark_agrees_with_splitting() {
        for s in [
            "",
            "he said so",
            "Garin added, \"\u{2026} define her standing \u{2026}\"",
            "and \u{201c}she\u{201d} said \u{ab}non\u{bb}",
            "\u{ab}first",
            "\u{bb}\u{201d}\u{201d}\u{201c} and \u{2019}\u{9c}\u{c2}",
            "caf\u{e9} \u{2014} \u{20ac}\u{a0}\u{2122} \u{61c}x\"y",
        ] {
            assert_eq!(
                before_opening_mark(s),
                s.split(['“', '"', '«']).next().unwrap_or(""),
                "{s:?}"
            );
        }
    }

    #[test]
    fn word_shortcuts_agree_with_decoding() {
        let text = "Min-jung Korea\u{2019}s U.S. x\u{2010}y a\u{2011}b it's. \u{e9}-";
        for (at, _) in text.char_indices() {
            let want = text[at..].chars().next().filter(|&c| is_word_joiner(c)).map(char::len_utf8);
            assert_eq!(joiner_len(text, at), want, "{at}");
        }
        assert_eq!(joiner_len(text, text.len()), None);
    }

    #[test]
    fn role_word_shortcuts_agree_with_the_lists() {
        let words = lexicon::titles().words().iter().chain(lexicon::source_nouns().words());
        let extra = ["Senator", "SPOKESMAN", "officials", "said", "the", "Trump", "statement"];
        for w in words.copied().chain(extra) {
            let want =
                is_title(w) || (lexicon::source_nouns().contains(w) && !DOCUMENTS.contains(&w));
            assert_eq!(is_role_word(w), want, "{w}");
        }
        for w in ["ed", "ED", "fired", "FIRED", "Ed", "d", "b\u{e9}d", "\u{c9}D", "wanted\u{2019}"]
        {
            assert_eq!(lowercase_ends_with_ed(w), lowercase(w).ends_with("ed"), "{w}");
        }
    }

    /// [`speaker_rules_at`] against the rules it rules out.
    fn check_speaker_rules(s: &str) -> Result<(), proptest::test_runner::TestCaseError> {
        let others = |i| {
            alt((pronoun, description, name_phrase, bare_description, quantifier_subject)).parse(i)
        };
        match speaker_rules_at(s) {
            Rules::None => {
                proptest::prop_assert!(outlet_name(s).is_err(), "{:?}", s);
                proptest::prop_assert!(others(s).is_err(), "{:?}", s);
            }
            Rules::Outlet => proptest::prop_assert!(others(s).is_err(), "{:?}", s),
            Rules::NoOpener => {
                // (Which error a failure gives is never read.)
                let fewer =
                    alt((outlet_name, plural_sources, name_phrase_unmodified)).parse(s).ok();
                let all = alt((outlet_name, others)).parse(s).ok();
                proptest::prop_assert_eq!(fewer, all, "{:?}", s);
            }
            Rules::All => {}
        }
        Ok(())
    }

    #[test]
    fn speaker_rules_rule_out_only_rules_that_fail() {
        let text = "In a statement, spokesman Alex Conant said that law enforcement sources, \
            who were In These Times, told the Post's editor IT officials of the AP and its \
            former aides. Said Trump: many officials; in Officials Say, \u{2018}those polled\u{2019} \
            Fox's Chris Wallace, senior U.S. officials (AP) \u{212a}elvin state Rep. Jo Ann.";
        for (at, _) in text.char_indices() {
            check_speaker_rules(&text[at..]).unwrap();
        }
    }

    proptest::proptest! {
        #[test]
        fn speaker_rules_rule_out_only_rules_that_fail_everywhere(
            s in "((In|in|IN|the|The|officials|Officials|OFFICIALS|said|Said|its|of|spokesman|Spokesman|former|Former|then|Trump|Trump's|US|IT|law|enforcement|sources|senior|who|a|An|AP|These|Times|Fox|statement|press|secretary|most|Those|polled|\u{e9}t\u{e9}|\u{212a}|,|\\.|'|\u{2019}|-|\\(|\\)) ?){0,8}"
        ) {
            check_speaker_rules(&s)?;
        }
    }

    #[test]
    fn label_len_looks_for_the_closing_mark_nearby_only() {
        // The closing mark looked for through the whole text.
        let reference = |s: &str| label_len_within(s, usize::MAX);
        for pad in 0..70 {
            for fill in ["x", "\u{e9}", "\u{2014}", " "] {
                let inner = format!("ab{}", fill.repeat(pad));
                for close in ["”", "\""] {
                    let s = format!("“{inner}{close} campaign pins");
                    assert_eq!(label_len(&s), reference(&s), "{s:?}");
                    let s = format!("\"{inner}{close} campaign");
                    assert_eq!(label_len(&s), reference(&s), "{s:?}");
                }
            }
        }
    }

    #[test]
    fn is_alphanumeric_agrees_with_the_unicode_tables() {
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    #[test]
    fn word_run_agrees_with_decoding() {
        let text = "Min-jung Korea\u{2019}s caf\u{e9}s \u{e9}t\u{e9}x \u{4e2d}\u{6587}1 x\u{2014}y Stra\u{df}e";
        for (from, _) in text.char_indices().chain([(text.len(), ' ')]) {
            let want = text[from..]
                .char_indices()
                .find(|&(_, c)| !c.is_alphanumeric())
                .map_or(text.len(), |(k, _)| from + k);
            assert_eq!(word_run(text, from), want, "{from}");
        }
    }

    #[test]
    fn spaces_agree_with_take_while() {
        for s in [
            "",
            " ",
            "x",
            "  x y",
            "\t\n\x0b\x0c\r z",
            "\u{a0}\u{2003} x",
            "\u{a0}",
            "\u{e9} ",
            " \u{201c}",
            "\u{85}\u{3000}x",
        ] {
            let want1: IResult<&str, &str> = take_while1(char::is_whitespace).parse(s);
            let want0: IResult<&str, &str> =
                nom::bytes::complete::take_while(char::is_whitespace).parse(s);
            assert_eq!(space1(s), want1, "{s:?}");
            assert_eq!(space0(s), want0, "{s:?}");
        }
    }

    #[test]
    fn trim_end_apostrophes_agrees_with_trimming_characters() {
        for w in [
            "",
            "s",
            "'",
            "\u{2019}",
            "Trump's",
            "Trumps\u{2019}",
            "boss''",
            "x\u{2019}s\u{2019}",
            "\u{2019}\u{2019}s",
            "caf\u{e9}s",
            "\u{2019}x",
            "ss\u{2019}'s",
            "\u{e2}\u{2019}",
        ] {
            assert_eq!(trim_end_apostrophes(w, false), w.trim_end_matches(['\u{2019}', '\'']));
            assert_eq!(
                trim_end_apostrophes(w, true),
                w.trim_end_matches(['\u{2019}', '\'', 's']).trim_end_matches('\u{2019}'),
                "{w:?}"
            );
        }
    }

    #[test]
    fn char_starts_agrees_with_a_byte_count() {
        let want = |b: &[u8]| b.iter().filter(|&&b| (b as i8) >= -0x40).count();
        // Longer than 255 chunks of eight, so the byte-wise sums are emptied.
        let text =
            "Kim said \u{201c}it\u{2019}s fine.\u{201d} caf\u{e9} \u{4e2d}\u{6587} \u{20ac}\u{80}x"
                .repeat(60);
        let bytes: Vec<u8> = (0..=255u8).cycle().take(3000).collect();
        for b in [text.as_bytes(), &bytes, &[0x80; 2100], &[b'a'; 2100]] {
            for from in 0..16 {
                for to in [from, from + 1, from + 7, from + 8, from + 9, from + 100, b.len()] {
                    assert_eq!(char_starts(&b[from..to]), want(&b[from..to]), "{from} {to}");
                }
            }
        }
    }

    #[test]
    fn char_end_counts_characters() {
        let text = "Kim said “it’s fine.” Then Lee spoke, and he left at once; caf\u{e9} x";
        for (at, _) in text.char_indices() {
            for n in [0, 1, 5, 20, 200] {
                let want = text[at..].char_indices().nth(n).map_or(text.len(), |(i, _)| at + i);
                assert_eq!(char_end(text, at, n), want, "{at} {n}");
            }
        }
    }

    #[test]
    fn cap_runs_agree_with_trying_every_step() {
        let texts = [
            "North Korean leader Kim Jong-un said",
            "Special Representative for North Korea Stephen Biegun",
            "First Vice Minister of Foreign Affairs Choe Son-hui",
            "Republican National Committee chairman Reince Priebus",
            "Trump campaign spokeswoman Hope Hicks said",
            "Ludwig van Beethoven wrote",
            "Senior U.S. officials said",
            "Trump said the talks would go on",
            "Trump senior politics editor a b Smith",
            "Trump leader, Smith",
            "Kim offered Smith a deal",
            "Moon of the Blue House",
            "Moon of theater Group",
        ];
        for t in texts {
            for (at, _) in t.char_indices() {
                if let Ok((rest, first)) = cap_word(&t[at..]) {
                    assert_eq!(
                        cap_run_from(rest, first),
                        cap_run_from_reference(rest, first),
                        "{t:?} at {at}"
                    );
                }
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn cap_runs_agree_everywhere(
            t in "(Kim|Jong-un|North|Korea|leader|press|secretary|of|for|the|van|de|said|Smith|President|Sen\\.|campaign|senior|,| |  |\u{a0})*"
        ) {
            for (at, _) in t.char_indices() {
                if let Ok((rest, first)) = cap_word(&t[at..]) {
                    proptest::prop_assert_eq!(cap_run_from(rest, first), cap_run_from_reference(rest, first));
                }
            }
        }
    }

    #[test]
    fn word_accepts_hyphens_initials_and_abbreviations() {
        assert_eq!(word("Min-jung said"), Ok((" said", "Min-jung")));
        assert_eq!(word("J. Rhodes"), Ok((" Rhodes", "J.")));
        assert_eq!(word("Mr. Netanyahu"), Ok((" Netanyahu", "Mr.")));
        assert_eq!(word("U.S. officials"), Ok((" officials", "U.S.")));
        assert_eq!(word("said. The"), Ok((". The", "said")));
    }

    #[test]
    fn name_phrase_accepts_titles_before_names() {
        let (_, who) = name_phrase("Blue House Spokesperson Ko Min-jung said").unwrap();
        assert_eq!(name_of(&who), ("Ko Min-jung", Some("Blue House Spokesperson")));
        let (_, who) = name_phrase("North Korean Foreign Minister Ri Yong Ho said").unwrap();
        assert_eq!(name_of(&who), ("Ri Yong Ho", Some("North Korean Foreign Minister")));
        let (rest, who) =
            name_phrase("Professor Jung Dae-jin of Ajou University analyzed").unwrap();
        assert_eq!(name_of(&who), ("Jung Dae-jin", Some("Professor of Ajou University")));
        assert_eq!(rest, " analyzed");
    }

    #[test]
    fn name_phrase_rejects_sentence_starts_and_lone_titles() {
        assert!(name_phrase("The reason").is_err());
        assert!(name_phrase("President said").is_err());
    }

    #[test]
    fn description_accepts_anonymous_sources() {
        let (rest, who) = description("A White House official said").unwrap();
        assert_eq!(rest, " said");
        assert!(matches!(who, Who::Description { ref head, .. } if head == "official"));
        let (rest, _) = description("a key official at the Blue House said").unwrap();
        assert_eq!(rest, " said");
        let (rest, _) = description(
            "anonymous sources who are familiar with the North Korea-US negotiations as saying",
        )
        .unwrap();
        assert_eq!(rest, " as saying");
    }

    #[test]
    fn description_rejects_plain_noun_phrases() {
        assert!(description("the summit will").is_err());
        assert!(description("the Hanoi summit").is_err());
    }

    #[test]
    fn appositive_accepts_role_between_commas() {
        let (rest, role) =
            appositive(", a research consultant for the Institute for National Security Strategy (INSS), observed")
                .unwrap();
        assert_eq!(
            role,
            "a research consultant for the Institute for National Security Strategy (INSS)"
        );
        assert_eq!(rest, " observed");
    }

    #[test]
    fn appositive_rejects_clauses_with_cue_verbs() {
        assert!(appositive(", Biegun said, ").is_err());
    }

    #[test]
    fn entities_resolve_surnames_by_recency() {
        let text =
            "Kim Eui-kyum spoke. Later Kim Yo-jong spoke. Kim said no. Cho Sung-ryul agreed.";
        let ents = Entities::collect(text, &[crate::model::Span::new(0, text.len())]);
        let at = text.find("Kim said").unwrap();
        assert_eq!(ents.resolve_name("Kim", at).unwrap().name, "Kim Yo-jong");
        assert_eq!(ents.resolve_name("Cho", text.len()).unwrap().name, "Cho Sung-ryul");
        assert_eq!(ents.resolve_name("Sung-ryul", text.len()).unwrap().name, "Cho Sung-ryul");
    }

    #[test]
    fn entities_mark_subjects_of_full_and_one_word_names() {
        // A sentence start, the object of `of`, after an opening clause, an
        // owner, before a verb, after a title.
        let text = "Donald Trump spoke on Monday. Critics of Trump met. In 2016, Trump won. \
            Trump's aides left. Aides said Trump hoped to win. But Mr. Trump said no.";
        let ents = Entities::collect(text, &[crate::model::Span::new(0, text.len())]);
        let found: Vec<(&str, bool)> =
            ents.mentions.iter().map(|&(at, _, subject)| (&text[at..at + 6], subject)).collect();
        let want = [
            ("Donald", true),
            ("Trump ", false),
            ("Trump ", true),
            ("Trump'", false),
            ("Trump ", true),
            ("Trump ", true),
        ];
        assert_eq!(found, want);
        let at = |s: &str| text.find(s).unwrap();
        assert_eq!(
            ents.mentions.iter().map(|m| m.0).collect::<Vec<_>>(),
            [
                0,
                at("Trump met"),
                at("Trump won"),
                at("Trump's"),
                at("Trump hoped"),
                at("Trump said")
            ]
        );
    }

    #[test]
    fn entities_index_every_word_of_every_name() {
        let text = "Mr. Obama spoke. Sen. John McCain and \u{c9}mile Z\u{f6}la met Mary Ann \
            Lou Berg and Cho Sung-ryul. Her father, Brad, came.";
        let ents = Entities::collect(text, &[crate::model::Span::new(0, text.len())]);
        let want: FnvHashSet<String> =
            ents.people.iter().flat_map(|e| e.words.iter().map(|w| w.to_lowercase())).collect();
        assert!(ents.people.iter().any(|e| e.words.len() == 1), "{:?}", ents.people);
        assert!(ents.people.iter().any(|e| e.words.len() >= 3), "{:?}", ents.people);
        assert!(ents.people.iter().any(|e| !e.name.is_ascii()), "{:?}", ents.people);
        assert_eq!(ents.name_words, want);
    }

    #[test]
    fn outlet_name_accepts_outlets_as_written() {
        let (rest, who) = outlet_name("The Associated Press reported.").unwrap();
        assert_eq!((rest, name_of(&who).0), (" reported.", "The Associated Press"));
    }

    #[test]
    fn outlet_name_rejects_possessives_and_longer_words() {
        assert!(outlet_name("Fox's Chris Wallace said").is_err());
        assert!(outlet_name("Voxel said").is_err());
    }

    #[test]
    fn bare_description_accepts_noun_phrases_before_cues() {
        let (rest, who) = bare_description("the heckler yelled: ").unwrap();
        assert_eq!(rest, " yelled: ");
        assert!(matches!(who, Who::Description { ref head, .. } if head == "heckler"));
    }

    #[test]
    fn bare_description_rejects_noun_phrases_without_cue() {
        assert!(bare_description("the same show, Sen. Claire McCaskill said").is_err());
    }

    #[test]
    fn description_accepts_plural_sources_and_possessives() {
        let (rest, _) = description("Law enforcement sources have said").unwrap();
        assert_eq!(rest, " have said");
        let (rest, who) = description("Powell’s office said").unwrap();
        assert_eq!(rest, " said");
        assert!(matches!(who, Who::Description { ref head, .. } if head == "office"));
    }

    proptest::proptest! {
        /// `speaker_start_floor` is only a shortcut: no phrase it rules out
        /// parses.
        #[test]
        fn speaker_start_floor_never_cuts_a_phrase(
            text in "(Ko|Min-jung|the|official|said|of|\\(|\\)|,|“|”|\"|Rep\\.|spokesman|sources| |a|he)*"
        ) {
            for (st, _) in text.char_indices() {
                if let Ok((rest, _)) = speaker_with_appositive(&text[st..]) {
                    let end = text.len() - rest.len();
                    proptest::prop_assert!(speaker_start_floor(&text, end) <= st, "{:?}", &text[st..end]);
                }
            }
        }
    }

    #[test]
    fn inner_title_and_parenthetical_belong_to_the_name() {
        let (_, who) = name_phrase("White House press secretary Josh Earnest said").unwrap();
        assert_eq!(name_of(&who), ("Josh Earnest", Some("White House press secretary")));
        let (rest, who) = name_phrase("Rep. Bobby Scott (D-Va.) said").unwrap();
        assert_eq!((rest, name_of(&who).0), (" said", "Bobby Scott"));
        assert!(parenthetical(" (a note that runs on for far too many words to be one)").is_err());
    }

    #[test]
    fn titles_of_several_lowercase_words_and_modifiers_belong_to_the_name() {
        // `campaign` is a source noun itself; the title runs to `spokeswoman`.
        let (_, who) = name_phrase("Trump campaign spokeswoman Hope Hicks said").unwrap();
        assert_eq!(name_of(&who), ("Hope Hicks", Some("Trump campaign spokeswoman")));
        let (_, who) =
            name_phrase("former George W. Bush speechwriter Noam Neusner wrote").unwrap();
        assert_eq!(name_of(&who), ("Noam Neusner", Some("former George W. Bush speechwriter")));
        assert!(name_phrase("said Cruz constituent Dan Golvach").is_err());
        let (_, who) = name_phrase("Cruz constituent Dan Golvach when asked").unwrap();
        assert_eq!(name_of(&who), ("Dan Golvach", Some("Cruz constituent")));
    }

    #[test]
    fn bare_descriptions_join_adjectives_with_a_comma() {
        let (rest, who) = bare_description("the bespectacled, 71-year-old diplomat said").unwrap();
        assert_eq!(rest, " said");
        assert!(matches!(who, Who::Description { ref text, .. }
            if text == "the bespectacled, 71-year-old diplomat"));
        assert!(bare_description("the, diplomat said").is_err());
    }

    #[test]
    fn a_role_before_a_full_name_is_its_title() {
        let (rest, who) =
            description("the Post's senior politics editor Steven Ginsberg responded").unwrap();
        assert_eq!(rest, " responded");
        assert_eq!(name_of(&who), ("Steven Ginsberg", Some("the Post's senior politics editor")));
    }

    #[test]
    fn post_modifiers_take_for_and_stop_at_auxiliaries() {
        let (rest, who) =
            description("a spokeswoman for the House Armed Services Committee said").unwrap();
        assert_eq!(rest, " said");
        assert!(matches!(who, Who::Description { ref text, .. }
            if text == "a spokeswoman for the House Armed Services Committee"));
        let (rest, who) = description("Leaders of the organization have said").unwrap();
        assert_eq!(rest, " have said");
        assert!(
            matches!(who, Who::Description { ref text, .. } if text == "Leaders of the organization")
        );
    }

    #[test]
    fn an_appositive_name_identifies_a_description_and_participles_are_no_role() {
        let sp = SpeakerPhrase {
            who: Who::Description {
                text: "the American ambassador at the time".into(),
                head: "ambassador".into(),
            },
            role: None,
        };
        let named = named_in_appositive(&sp, "John E. Herbst").unwrap();
        assert_eq!(named.role.as_deref(), Some("the American ambassador at the time"));
        assert!(named_in_appositive(&sp, "who was there").is_none());
        let (_, sp) = speaker_with_appositive("Bill Eastland, wearing a cowboy hat, said").unwrap();
        assert_eq!(sp.role, None);
        let (_, sp) = speaker_with_appositive("Bill Eastland, a Texas delegate, said").unwrap();
        assert_eq!(sp.role.as_deref(), Some("a Texas delegate"));
    }
}
