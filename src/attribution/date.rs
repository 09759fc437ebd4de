//! Dates of utterances: the nom grammar for date expressions in news prose
//! (`on Feb. 26`, `on March 4, 2019`, `on the 10th`, `Sept. 30`, `on Tuesday`)
//! and their resolution to calendar dates against the article's publication
//! date.
//!
//! Owns: date expressions. Does not own: deciding which date belongs to
//! which quote (that is `attribution`). Never invents a date: an expression
//! that cannot be resolved gives `None`.
//!
//! The grammar is `grammar/date.ebnf`; each rule there is a parser fn here
//! of the same name, listed in [`RULES`]. Vocabulary lives in
//! `grammar/lexicon/`: `months.txt`, `weekdays.txt` and `named_days.txt`.
//! Input: any `&str`; output: byte offsets relative to it.
//!
//! What is deliberately not a date: a month without a day (`in late
//! September`, `in August 2018`, `March 2019`), a year alone, `May` without
//! a day number (`May be`), an ordinal followed by a content word (`the
//! 21st century`) and named days (`Super Tuesday`).

use std::sync::OnceLock;

use chrono::{Datelike, Days, NaiveDate};
use nom::branch::alt;
use nom::bytes::complete::{tag_no_case, take_while_m_n};
use nom::character::complete::{char, satisfy};
use nom::combinator::{map_opt, not, opt, verify};
use nom::error::{context, ContextError, ErrorKind, ParseError};
use nom::{IResult, Offset, Parser};

/// A date expression as written, before resolution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateExpr {
    /// Year, month and day all written (`March 4, 2019`, `2019-02-28`).
    Full {
        /// Year.
        year: i32,
        /// Month, 1-12.
        month: u32,
        /// Day of month.
        day: u32,
    },
    /// Month and day (`Feb. 26`, `Oct. 1`): the year comes from the article.
    MonthDay {
        /// Month, 1-12.
        month: u32,
        /// Day of month.
        day: u32,
    },
    /// Day of month only (`the 10th`).
    Day {
        /// Day of month.
        day: u32,
    },
    /// A weekday (`Monday`), 0 = Monday.
    Weekday {
        /// 0 = Monday … 6 = Sunday.
        weekday: u32,
    },
}

/// A date expression found in a stretch of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateMatch {
    /// Byte offsets in the searched text (relative to its start).
    pub start: usize,
    /// One past the end.
    pub end: usize,
    /// What was written.
    pub expr: DateExpr,
}

/// Names of the grammar rules in `grammar/date.ebnf`, each a parser fn in
/// this module. A unit test checks the two lists match.
pub const RULES: &[&str] = &[
    "date_expr",
    "iso_date",
    "month_day_year",
    "day_month_year",
    "day_of_month",
    "month_day",
    "ordinal_day",
    "weekday",
    "month_name",
    "weekday_name",
    "capital_word",
    "day_number",
    "day_range",
    "ordinal_suffix",
    "year",
    "blank",
    "word_end",
    "ordinal_end",
];

const MONTHS_TXT: &str = include_str!("../../grammar/lexicon/months.txt");
const WEEKDAYS_TXT: &str = include_str!("../../grammar/lexicon/weekdays.txt");
const NAMED_DAYS_TXT: &str = include_str!("../../grammar/lexicon/named_days.txt");

/// Words that may follow an ordinal day (`on the 10th in Seoul`). Any other
/// word makes the ordinal an adjective (`the 21st century`, `the 10th
/// time`). A closed class of function words, so it lives here rather than
/// in a lexicon file.
const ORDINAL_FOLLOWERS: &[&str] = &[
    "after", "and", "at", "before", "but", "during", "for", "from", "in", "of", "on", "or",
    "since", "that", "through", "to", "until", "when", "while", "with",
];

/// Finds every date expression in `text`, in order.
///
/// Tries the grammar at each word start (a letter or digit not preceded by
/// one) and resumes after each match, so matches never overlap. Each try
/// reads a bounded number of characters, which keeps the scan linear.
///
/// ```
/// use quotecheck::attribution::date::{find_dates, DateExpr};
/// let found = find_dates("talks on Feb. 27-28 in Hanoi");
/// assert_eq!(found.len(), 1);
/// assert_eq!((found[0].start, found[0].end), (9, 19));
/// assert_eq!(found[0].expr, DateExpr::MonthDay { month: 2, day: 27 });
/// ```
pub fn find_dates(text: &str) -> Vec<DateMatch> {
    let mut found = Vec::new();
    let bytes = text.as_bytes();
    let mut at = 0;
    // A date opens with a digit, a capital or the `t` of `the` (see
    // `could_start_date`): only those bytes are tried, found with one
    // look-up a byte in a tight loop.
    while let Some(k) = bytes[at..].iter().position(|&b| DATE_OPENERS[usize::from(b)]) {
        at += k;
        // At a word start: the character before is no letter or digit. An
        // ASCII byte before is that character; only one outside ASCII is
        // decoded.
        let word_start = match at.checked_sub(1).map(|k| bytes[k]) {
            None => true,
            Some(p) if p.is_ascii() => !p.is_ascii_alphanumeric(),
            Some(_) => text[..at].chars().next_back().is_none_or(|p| !p.is_alphanumeric()),
        };
        match word_start.then(|| date_at(text, at)).flatten() {
            // Matches never overlap: the search resumes after this one.
            Some(m) => {
                at = m.end.max(at + 1);
                found.push(m);
            }
            None => at += 1,
        }
    }
    found
}

/// The date opening at byte `at` of `text`, a word start. Out of line: the
/// grammar is tried at few of the bytes [`find_dates`] passes, and its
/// scan stays small.
#[inline(never)]
fn date_at(text: &str, at: usize) -> Option<DateMatch> {
    let rest = &text[at..];
    if !could_start_date(rest) {
        return None;
    }
    let (after, expr) = date_expr::<nom::error::Error<&str>>(rest).ok()?;
    let end = at + rest.offset(after);
    if matches!(expr, DateExpr::Weekday { .. }) && is_named_day(&text[..at], &text[at..end]) {
        return None;
    }
    Some(DateMatch { start: at, end, expr })
}

/// The bytes a date may open with: an ASCII digit, an ASCII capital, or
/// `t` (of `the`).
const DATE_OPENERS: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = c.is_ascii_digit() || c.is_ascii_uppercase() || c == b't';
        b += 1;
    }
    t
};

/// A cheap necessary condition for [`date_expr`] at the start of `rest`
/// (not empty): every date opens with a digit, with `the`, or with a
/// capitalized month or weekday name of at most nine ASCII letters (see
/// [`capital_word`]). Most words are none of these, and the full grammar
/// is tried at every word start.
fn could_start_date(rest: &str) -> bool {
    let b = rest.as_bytes();
    if b[0].is_ascii_digit() {
        return true;
    }
    // A date opening with `the` (`the 10th`, `the 10th of March`) has one
    // to three blanks and a digit after it; most `the`s are followed by a
    // word, and only a month or weekday name in capitals (below) could
    // still start a date there.
    if b.get(..3).is_some_and(|h| h.eq_ignore_ascii_case(b"the")) && blank_then_digit(&rest[3..]) {
        return true;
    }
    if !b[0].is_ascii_uppercase() {
        return false;
    }
    // Most capitals open no month or weekday name: their initial is
    // none of those names' initials, and the lists need not be read.
    if name_initials() & initial_bit(b[0]) == 0 {
        return false;
    }
    let len = b.iter().take_while(|c| c.is_ascii_alphabetic()).count();
    let word = &rest[..len];
    (3..=9).contains(&len) && (lookup_month(word).is_some() || lookup_weekday(word).is_some())
}

/// A bit for an ASCII letter `b` (in either case) among 26; no bit for any
/// other byte.
fn initial_bit(b: u8) -> u32 {
    if b.is_ascii_alphabetic() {
        1 << (b.to_ascii_lowercase() - b'a')
    } else {
        0
    }
}

/// The [`initial_bit`]s of the month and weekday names, built once: a word
/// whose initial's bit is clear matches none of them (they are matched
/// ignoring ASCII case).
fn name_initials() -> u32 {
    static INITIALS: OnceLock<u32> = OnceLock::new();
    *INITIALS.get_or_init(|| {
        let months = month_table().iter().map(|m| m.name);
        let weekdays = weekday_table().iter().map(|&(name, _)| name);
        months.chain(weekdays).fold(0, |bits, name| bits | initial_bit(name.as_bytes()[0]))
    })
}

/// True when `s` opens with one to three [`blank`] characters (as many as
/// there are, up to three) and then an ASCII digit.
fn blank_then_digit(s: &str) -> bool {
    let (n, len) = s
        .chars()
        .take(3)
        .take_while(|&c| c == ' ' || c == '\u{a0}')
        .fold((0, 0), |(n, len), c| (n + 1, len + c.len_utf8()));
    n > 0 && s[len..].starts_with(|c: char| c.is_ascii_digit())
}

/// Resolves an expression against the article's publication date. Year-less
/// dates take the year that makes them not later than the publication date.
///
/// - `Full`: the date itself, `None` if it does not exist (`Feb. 30, 2019`).
/// - `MonthDay`: the latest such date on or before `published`, looked for
///   in the publication year and the year before (news leaves the year out
///   only within about a year; a `Feb. 29` with no leap year in that window
///   is a slip and gives `None`).
/// - `Day`: that day in the publication month if not later than
///   `published`, else in the month before (`None` if that month is too
///   short).
/// - `Weekday`: the latest such weekday on or before `published` (a story
///   from a Wednesday saying "on Tuesday" means the day before; a Tuesday
///   story saying "Tuesday" means that day).
///
/// Every form but `Full` gives `None` without a publication date.
///
/// ```
/// use chrono::NaiveDate;
/// use quotecheck::attribution::date::{resolve, DateExpr};
/// let published = NaiveDate::from_ymd_opt(2019, 2, 28);
/// let oct_1 = DateExpr::MonthDay { month: 10, day: 1 };
/// assert_eq!(resolve(oct_1, published), NaiveDate::from_ymd_opt(2018, 10, 1));
/// ```
pub fn resolve(expr: DateExpr, published: Option<NaiveDate>) -> Option<NaiveDate> {
    match expr {
        DateExpr::Full { year, month, day } => NaiveDate::from_ymd_opt(year, month, day),
        DateExpr::MonthDay { month, day } => {
            let published = published?;
            let year = published.year();
            [year, year - 1]
                .into_iter()
                .filter_map(|y| NaiveDate::from_ymd_opt(y, month, day))
                .find(|date| *date <= published)
        }
        DateExpr::Day { day } => {
            let published = published?;
            if day <= published.day() {
                published.with_day(day)
            } else {
                published.with_day(1)?.pred_opt()?.with_day(day)
            }
        }
        DateExpr::Weekday { weekday } => {
            let published = published?;
            if weekday > 6 {
                return None;
            }
            let back = (published.weekday().num_days_from_monday() + 7 - weekday) % 7;
            published.checked_sub_days(Days::new(u64::from(back)))
        }
    }
}

// ---------------------------------------------------------------------------
// Lexicons

/// Entries of a lexicon file: lines that are neither blank nor `#` comments.
fn lexicon_entries(src: &'static str) -> impl Iterator<Item = &'static str> {
    src.lines().map(str::trim).filter(|line| !line.is_empty() && !line.starts_with('#'))
}

/// Splits a `name<TAB>number` entry.
fn numbered_entry(line: &'static str) -> Option<(&'static str, u32)> {
    let (name, number) = line.split_once('\t')?;
    Some((name.trim(), number.trim().parse().ok()?))
}

/// One line of `months.txt`.
#[derive(Debug)]
struct MonthName {
    /// Lower-case name without its period.
    name: &'static str,
    /// 1-12.
    month: u32,
    /// Written with a period in the lexicon: may take one in text.
    abbreviation: bool,
}

fn month_table() -> &'static [MonthName] {
    static TABLE: OnceLock<Vec<MonthName>> = OnceLock::new();
    TABLE.get_or_init(|| {
        lexicon_entries(MONTHS_TXT)
            .filter_map(numbered_entry)
            .filter(|(_, month)| (1..=12).contains(month))
            .map(|(name, month)| match name.strip_suffix('.') {
                Some(name) => MonthName { name, month, abbreviation: true },
                None => MonthName { name, month, abbreviation: false },
            })
            .collect()
    })
}

fn weekday_table() -> &'static [(&'static str, u32)] {
    static TABLE: OnceLock<Vec<(&'static str, u32)>> = OnceLock::new();
    TABLE.get_or_init(|| {
        lexicon_entries(WEEKDAYS_TXT).filter_map(numbered_entry).filter(|(_, d)| *d < 7).collect()
    })
}

fn lookup_month(word: &str) -> Option<&'static MonthName> {
    month_table().iter().find(|m| m.name.eq_ignore_ascii_case(word))
}

fn lookup_weekday(word: &str) -> Option<u32> {
    weekday_table().iter().find(|(name, _)| name.eq_ignore_ascii_case(word)).map(|&(_, d)| d)
}

/// True when the word before a weekday makes a named day (`Super
/// Tuesday`). `before` is the text up to the weekday.
fn is_named_day(before: &str, weekday: &str) -> bool {
    let before = before.trim_end_matches([' ', '\u{a0}']);
    // The previous word, read backwards; named-day words are short, so a
    // longer run of letters is no named day and the look-back stays bounded.
    let mut start = before.len();
    for (at, c) in before.char_indices().rev().take(12) {
        if !c.is_alphabetic() {
            break;
        }
        start = at;
    }
    let word = &before[start..];
    let whole_word = before[..start].chars().next_back().is_none_or(|c| !c.is_alphabetic());
    if word.is_empty() || !whole_word {
        return false;
    }
    lexicon_entries(NAMED_DAYS_TXT).any(|entry| {
        entry.split_once(' ').is_some_and(|(first, day)| {
            first.eq_ignore_ascii_case(word) && day.eq_ignore_ascii_case(weekday)
        })
    })
}

// ---------------------------------------------------------------------------
// Grammar: one fn per rule of grammar/date.ebnf.

/// Fails with `kind` at `i`.
fn fail<'a, T, E: ParseError<&'a str>>(i: &'a str, kind: ErrorKind) -> IResult<&'a str, T, E> {
    Err(nom::Err::Error(E::from_error_kind(i, kind)))
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit()
}

/// `date_expr = iso_date | month_day_year | day_month_year | day_of_month
///            | month_day | ordinal_day | weekday ;`
fn date_expr<'a, E>(i: &'a str) -> IResult<&'a str, DateExpr, E>
where
    E: ParseError<&'a str> + ContextError<&'a str>,
{
    context(
        "date_expr",
        alt((
            iso_date,
            month_day_year,
            day_month_year,
            day_of_month,
            month_day,
            ordinal_day,
            weekday,
        )),
    )
    .parse(i)
}

/// `iso_date = year , "-" , digit , digit , "-" , digit , digit ,
///             ? not followed by a digit ? ;`
fn iso_date<'a, E>(i: &'a str) -> IResult<&'a str, DateExpr, E>
where
    E: ParseError<&'a str> + ContextError<&'a str>,
{
    let two_digits = || map_opt(take_while_m_n(2, 2, is_digit), |d: &str| d.parse::<u32>().ok());
    context(
        "iso_date",
        verify(
            (year, char('-'), two_digits(), char('-'), two_digits(), not(satisfy(is_digit)))
                .map(|(year, _, month, _, day, _)| DateExpr::Full { year, month, day }),
            |expr| {
                matches!(expr, DateExpr::Full { month, day, .. }
                    if (1..=12).contains(month) && (1..=31).contains(day))
            },
        ),
    )
    .parse(i)
}

/// `month_day_year = month_name , blank , day_number , [ ordinal_suffix ] ,
///                   [ day_range ] , ( "," , [ blank ] | blank ) , year ,
///                   word_end ;`
fn month_day_year<'a, E>(i: &'a str) -> IResult<&'a str, DateExpr, E>
where
    E: ParseError<&'a str> + ContextError<&'a str>,
{
    let separator = alt(((char(','), opt(blank)).map(|_| ()), blank.map(|_| ())));
    context(
        "month_day_year",
        (
            month_name,
            blank,
            day_number,
            opt(ordinal_suffix),
            opt(day_range),
            separator,
            year,
            word_end,
        )
            .map(|(month, _, day, _, _, _, year, _)| DateExpr::Full { year, month, day }),
    )
    .parse(i)
}

/// `day_month_year = day_number , [ ordinal_suffix ] , blank , month_name ,
///                   blank , year , word_end ;`
fn day_month_year<'a, E>(i: &'a str) -> IResult<&'a str, DateExpr, E>
where
    E: ParseError<&'a str> + ContextError<&'a str>,
{
    context(
        "day_month_year",
        (day_number, opt(ordinal_suffix), blank, month_name, blank, year, word_end)
            .map(|(day, _, _, month, _, year, _)| DateExpr::Full { year, month, day }),
    )
    .parse(i)
}

/// `day_of_month = [ "the" , blank ] , day_number , ordinal_suffix , blank ,
///                 "of" , blank , month_name , word_end ;`
fn day_of_month<'a, E>(i: &'a str) -> IResult<&'a str, DateExpr, E>
where
    E: ParseError<&'a str> + ContextError<&'a str>,
{
    context(
        "day_of_month",
        (
            opt((tag_no_case("the"), blank)),
            day_number,
            ordinal_suffix,
            blank,
            tag_no_case("of"),
            blank,
            month_name,
            word_end,
        )
            .map(|(_, day, _, _, _, _, month, _)| DateExpr::MonthDay { month, day }),
    )
    .parse(i)
}

/// `month_day = month_name , blank , day_number , [ ordinal_suffix ] ,
///              [ day_range ] , word_end ;`
fn month_day<'a, E>(i: &'a str) -> IResult<&'a str, DateExpr, E>
where
    E: ParseError<&'a str> + ContextError<&'a str>,
{
    context(
        "month_day",
        (month_name, blank, day_number, opt(ordinal_suffix), opt(day_range), word_end)
            .map(|(month, _, day, _, _, _)| DateExpr::MonthDay { month, day }),
    )
    .parse(i)
}

/// `ordinal_day = "the" , blank , day_number , ordinal_suffix , ordinal_end ;`
fn ordinal_day<'a, E>(i: &'a str) -> IResult<&'a str, DateExpr, E>
where
    E: ParseError<&'a str> + ContextError<&'a str>,
{
    context(
        "ordinal_day",
        (tag_no_case("the"), blank, day_number, ordinal_suffix, ordinal_end)
            .map(|(_, _, day, _, _)| DateExpr::Day { day }),
    )
    .parse(i)
}

/// `weekday = weekday_name , word_end ;`
fn weekday<'a, E>(i: &'a str) -> IResult<&'a str, DateExpr, E>
where
    E: ParseError<&'a str> + ContextError<&'a str>,
{
    context("weekday", (weekday_name, word_end).map(|(weekday, _)| DateExpr::Weekday { weekday }))
        .parse(i)
}

/// `month_name = capital_word , [ "." ] ;` — the word from `months.txt`; the
/// period only after an abbreviation.
fn month_name<'a, E>(i: &'a str) -> IResult<&'a str, u32, E>
where
    E: ParseError<&'a str> + ContextError<&'a str>,
{
    let (rest, entry) = context("month_name", map_opt(capital_word, lookup_month)).parse(i)?;
    if entry.abbreviation {
        let (rest, _) = opt(char('.')).parse(rest)?;
        return Ok((rest, entry.month));
    }
    Ok((rest, entry.month))
}

/// `weekday_name = capital_word ;` — the word from `weekdays.txt`.
fn weekday_name<'a, E>(i: &'a str) -> IResult<&'a str, u32, E>
where
    E: ParseError<&'a str> + ContextError<&'a str>,
{
    context("weekday_name", map_opt(capital_word, lookup_weekday)).parse(i)
}

/// `capital_word = upper , letter , letter , { letter } ;` — at most nine
/// ASCII letters (`September`, `Wednesday`), not followed by a letter.
fn capital_word<'a, E>(i: &'a str) -> IResult<&'a str, &'a str, E>
where
    E: ParseError<&'a str> + ContextError<&'a str>,
{
    context(
        "capital_word",
        verify(
            (
                take_while_m_n(3, 9, |c: char| c.is_ascii_alphabetic()),
                not(satisfy(char::is_alphabetic)),
            )
                .map(|(word, _)| word),
            |word: &str| word.starts_with(|c: char| c.is_ascii_uppercase()),
        ),
    )
    .parse(i)
}

/// `day_number = digit , [ digit ] ;` — 1 to 31, not followed by a digit.
fn day_number<'a, E>(i: &'a str) -> IResult<&'a str, u32, E>
where
    E: ParseError<&'a str> + ContextError<&'a str>,
{
    context(
        "day_number",
        verify(
            map_opt(
                (take_while_m_n(1, 2, is_digit), not(satisfy(is_digit))),
                |(d, _): (&str, _)| d.parse::<u32>().ok(),
            ),
            |day| (1..=31).contains(day),
        ),
    )
    .parse(i)
}

/// `day_range = ( "-" | "–" ) , day_number ;` — the second day is dropped.
fn day_range<'a, E>(i: &'a str) -> IResult<&'a str, (), E>
where
    E: ParseError<&'a str> + ContextError<&'a str>,
{
    context("day_range", (alt((char('-'), char('–'))), day_number).map(|_| ())).parse(i)
}

/// `ordinal_suffix = "st" | "nd" | "rd" | "th" ;`
fn ordinal_suffix<'a, E>(i: &'a str) -> IResult<&'a str, &'a str, E>
where
    E: ParseError<&'a str> + ContextError<&'a str>,
{
    context(
        "ordinal_suffix",
        alt((tag_no_case("st"), tag_no_case("nd"), tag_no_case("rd"), tag_no_case("th"))),
    )
    .parse(i)
}

/// `year = digit , digit , digit , digit ;` — not followed by a digit.
fn year<'a, E>(i: &'a str) -> IResult<&'a str, i32, E>
where
    E: ParseError<&'a str> + ContextError<&'a str>,
{
    context(
        "year",
        map_opt((take_while_m_n(4, 4, is_digit), not(satisfy(is_digit))), |(d, _): (&str, _)| {
            d.parse::<i32>().ok()
        }),
    )
    .parse(i)
}

/// `blank = ( " " | NBSP ) , [ " " | NBSP ] , [ " " | NBSP ] ;`
fn blank<'a, E>(i: &'a str) -> IResult<&'a str, &'a str, E>
where
    E: ParseError<&'a str> + ContextError<&'a str>,
{
    context("blank", take_while_m_n(1, 3, |c: char| c == ' ' || c == '\u{a0}')).parse(i)
}

/// `word_end = ? next character is not a letter or digit ? ;` — consumes
/// nothing.
fn word_end<'a, E>(i: &'a str) -> IResult<&'a str, (), E>
where
    E: ParseError<&'a str> + ContextError<&'a str>,
{
    context("word_end", not(satisfy(char::is_alphanumeric))).parse(i)
}

/// `ordinal_end = word_end , ? no content word follows after blank ? ;` —
/// consumes nothing. The next word may only be one of
/// [`ORDINAL_FOLLOWERS`]: "the 10th" is an adjective in "the 10th time" and
/// "the 21st century", and a capital ("the 10th Amendment") is a name.
fn ordinal_end<'a, E>(i: &'a str) -> IResult<&'a str, (), E>
where
    E: ParseError<&'a str> + ContextError<&'a str>,
{
    let (rest, ()) = context("ordinal_end", word_end).parse(i)?;
    let next_word = (blank::<E>, take_while_m_n(1, 8, char::is_alphabetic)).parse(rest);
    match next_word {
        Ok((after, (_, word))) => {
            let whole = !after.starts_with(char::is_alphabetic);
            if whole && ORDINAL_FOLLOWERS.contains(&word) {
                Ok((rest, ()))
            } else {
                fail(i, ErrorKind::Verify)
            }
        }
        Err(_) => Ok((rest, ())),
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod scan_tests {
    use super::*;

    /// [`find_dates`] as first written: every digit, capital and `t`,
    /// its word start decoded from the character before it.
    fn find_dates_reference(text: &str) -> Vec<DateMatch> {
        let mut found = Vec::new();
        let mut resume = 0;
        let candidates = text
            .bytes()
            .enumerate()
            .filter(|&(_, b)| b.is_ascii_digit() || b.is_ascii_uppercase() || b == b't')
            .map(|(at, _)| at);
        for at in candidates {
            let word_start = text[..at].chars().next_back().is_none_or(|p| !p.is_alphanumeric());
            if at < resume || !word_start {
                continue;
            }
            let rest = &text[at..];
            let Ok((after, expr)) = date_expr::<nom::error::Error<&str>>(rest) else {
                continue;
            };
            let end = at + rest.offset(after);
            if matches!(expr, DateExpr::Weekday { .. }) && is_named_day(&text[..at], &text[at..end])
            {
                continue;
            }
            found.push(DateMatch { start: at, end, expr });
            resume = end;
        }
        found
    }

    #[test]
    fn find_dates_agrees_with_trying_every_opener() {
        // Dates of each form after every kind of character, glued or not.
        let dates = [
            "Feb. 26",
            "March 4, 2019",
            "2019-02-28",
            "the 10th of March",
            "the 10th",
            "Tuesday",
            "SEPT. 30",
            "4 March 2019",
            "Super Tuesday",
            "May be",
            "Theodore",
        ];
        let joins = ["", " ", "x", "7", "-", "é", "\u{2019}", "\u{a0}", "Ⅻ", "t", "T"];
        let mut n = 0;
        for a in dates {
            for b in dates {
                for j in joins {
                    let s = format!("{j}{a}{j}{b}{j}");
                    assert_eq!(find_dates(&s), find_dates_reference(&s), "{s:?}");
                    n += usize::from(!find_dates(&s).is_empty());
                }
            }
        }
        assert!(n > 100, "{n}");
    }

    #[test]
    fn name_initials_are_those_of_the_lists() {
        for c in b'A'..=b'Z' {
            let opens = month_table()
                .iter()
                .any(|m| m.name.as_bytes()[0] == c.to_ascii_lowercase())
                || weekday_table().iter().any(|(w, _)| w.as_bytes()[0] == c.to_ascii_lowercase());
            assert_eq!(name_initials() & initial_bit(c) != 0, opens, "{}", c as char);
        }
        assert_eq!(initial_bit(b'1'), 0);
    }
}
