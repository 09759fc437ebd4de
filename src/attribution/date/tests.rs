use super::*;
use nom_language::error::VerboseError;
use proptest::prelude::*;

type Verbose<'a> = VerboseError<&'a str>;

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("test date exists")
}

/// The only match in `text`, as (matched text, expression).
fn only(text: &str) -> (&str, DateExpr) {
    let found = find_dates(text);
    assert_eq!(found.len(), 1, "{text:?}: {found:?}");
    (&text[found[0].start..found[0].end], found[0].expr)
}

fn full(year: i32, month: u32, day: u32) -> DateExpr {
    DateExpr::Full { year, month, day }
}

fn month_day_expr(month: u32, day: u32) -> DateExpr {
    DateExpr::MonthDay { month, day }
}

// --- spec and code cannot drift ---------------------------------------------

/// Rule names defined in the EBNF file (`name = ...` at a line start,
/// outside comments).
fn ebnf_rules() -> Vec<String> {
    let src = include_str!("../../../grammar/date.ebnf");
    let mut text = String::new();
    let mut rest = src;
    while let Some(open) = rest.find("(*") {
        text.push_str(&rest[..open]);
        rest = rest[open..].find("*)").map_or("", |close| &rest[open + close + 2..]);
    }
    text.push_str(rest);
    text.lines()
        .filter_map(|line| {
            let name: String =
                line.chars().take_while(|c| c.is_ascii_lowercase() || *c == '_').collect();
            let after = line[name.len()..].trim_start();
            (!name.is_empty() && after.starts_with('=')).then_some(name)
        })
        .collect()
}

#[test]
fn rules_table_matches_ebnf() {
    let spec = ebnf_rules();
    assert!(spec.len() >= 10, "too few rules read from the EBNF: {spec:?}");
    for rule in &spec {
        assert!(RULES.contains(&rule.as_str()), "EBNF rule {rule} missing from RULES");
    }
    for rule in RULES {
        assert!(spec.iter().any(|s| s == rule), "RULES entry {rule} has no EBNF rule");
    }
}

#[test]
fn rules_table_names_parser_fns() {
    let code = include_str!("../date.rs");
    for rule in RULES {
        assert!(code.contains(&format!("fn {rule}<'a, E>(")), "no parser fn {rule}");
    }
}

// --- lexicons ---------------------------------------------------------------

fn check_lexicon(name: &str, src: &'static str) {
    let entries: Vec<&str> = lexicon_entries(src).collect();
    assert!(!entries.is_empty(), "{name} is empty");
    for line in src.lines().filter(|l| !l.starts_with('#')) {
        assert_eq!(line, line.trim(), "{name}: untrimmed line {line:?}");
        assert!(unicode_normalization::is_nfc(line), "{name}: not NFC: {line:?}");
    }
    for pair in entries.windows(2) {
        assert!(pair[0] < pair[1], "{name}: not sorted or not unique at {pair:?}");
    }
}

#[test]
fn lexicons_are_sorted_unique_trimmed_nfc() {
    check_lexicon("months.txt", MONTHS_TXT);
    check_lexicon("weekdays.txt", WEEKDAYS_TXT);
    check_lexicon("named_days.txt", NAMED_DAYS_TXT);
}

#[test]
fn lexicon_months_cover_each_month_and_parse() {
    let lines = lexicon_entries(MONTHS_TXT).count();
    assert_eq!(month_table().len(), lines, "a months.txt line did not parse");
    let mut months: Vec<u32> = month_table().iter().map(|m| m.month).collect();
    months.sort_unstable();
    months.dedup();
    assert_eq!(months, (1..=12).collect::<Vec<_>>());
}

#[test]
fn lexicon_weekdays_cover_each_day_and_parse() {
    assert_eq!(weekday_table().len(), 7);
    let mut days: Vec<u32> = weekday_table().iter().map(|&(_, d)| d).collect();
    days.sort_unstable();
    assert_eq!(days, (0..7).collect::<Vec<_>>());
}

#[test]
fn lexicon_named_days_end_in_a_weekday() {
    for entry in lexicon_entries(NAMED_DAYS_TXT) {
        let (_, day) = entry.split_once(' ').expect("two words");
        assert!(lookup_weekday(day).is_some(), "{entry}");
    }
}

// --- rules: accept ----------------------------------------------------------

#[test]
fn iso_date_accepts_dateline() {
    assert_eq!(iso_date::<Verbose>("2019-02-28 14:44 KST"), Ok((" 14:44 KST", full(2019, 2, 28))));
}

#[test]
fn iso_date_accepts_datetime() {
    assert_eq!(iso_date::<Verbose>("2019-10-02T17:36"), Ok(("T17:36", full(2019, 10, 2))));
}

#[test]
fn month_day_accepts_abbreviation_with_period() {
    assert_eq!(
        month_day::<Verbose>("Feb. 26, the two leaders"),
        Ok((", the two leaders", month_day_expr(2, 26)))
    );
}

#[test]
fn month_day_accepts_abbreviation_without_period() {
    assert_eq!(month_day::<Verbose>("Sep 30 talks"), Ok((" talks", month_day_expr(9, 30))));
    assert_eq!(month_day::<Verbose>("Sept. 30."), Ok((".", month_day_expr(9, 30))));
}

#[test]
fn month_day_accepts_full_name() {
    assert_eq!(month_day::<Verbose>("February 26"), Ok(("", month_day_expr(2, 26))));
    assert_eq!(month_day::<Verbose>("May 5,"), Ok((",", month_day_expr(5, 5))));
}

#[test]
fn month_day_accepts_range_keeping_first_day() {
    assert_eq!(month_day::<Verbose>("Feb. 27-28, Hanoi"), Ok((", Hanoi", month_day_expr(2, 27))));
    assert_eq!(month_day::<Verbose>("Feb. 27–28"), Ok(("", month_day_expr(2, 27))));
}

#[test]
fn month_day_accepts_ordinal_suffix() {
    assert_eq!(month_day::<Verbose>("March 4th."), Ok((".", month_day_expr(3, 4))));
}

#[test]
fn month_day_year_accepts_us_order() {
    assert_eq!(
        month_day_year::<Verbose>("March 4, 2019, The Associated Press"),
        Ok((", The Associated Press", full(2019, 3, 4)))
    );
    assert_eq!(month_day_year::<Verbose>("February 28, 2019"), Ok(("", full(2019, 2, 28))));
    assert_eq!(month_day_year::<Verbose>("Feb. 27-28, 2019"), Ok(("", full(2019, 2, 27))));
    assert_eq!(month_day_year::<Verbose>("March 4 2019"), Ok(("", full(2019, 3, 4))));
}

#[test]
fn day_month_year_accepts_british_order() {
    assert_eq!(day_month_year::<Verbose>("28 February 2019 in"), Ok((" in", full(2019, 2, 28))));
    assert_eq!(day_month_year::<Verbose>("1st Oct. 2019"), Ok(("", full(2019, 10, 1))));
}

#[test]
fn day_of_month_accepts_ordinal_of_month() {
    assert_eq!(day_of_month::<Verbose>("the 4th of July"), Ok(("", month_day_expr(7, 4))));
    assert_eq!(day_of_month::<Verbose>("10th of March,"), Ok((",", month_day_expr(3, 10))));
}

#[test]
fn ordinal_day_accepts_the_nth() {
    let day = |d| DateExpr::Day { day: d };
    assert_eq!(ordinal_day::<Verbose>("the 10th that"), Ok((" that", day(10))));
    assert_eq!(ordinal_day::<Verbose>("the 1st."), Ok((".", day(1))));
    assert_eq!(ordinal_day::<Verbose>("the 22nd, when"), Ok((", when", day(22))));
    assert_eq!(ordinal_day::<Verbose>("The 3rd"), Ok(("", day(3))));
}

#[test]
fn weekday_accepts_capitalised_name() {
    assert_eq!(weekday::<Verbose>("Tuesday."), Ok((".", DateExpr::Weekday { weekday: 1 })));
    assert_eq!(weekday::<Verbose>("Sunday’s"), Ok(("’s", DateExpr::Weekday { weekday: 6 })));
}

// --- rules: reject ----------------------------------------------------------

#[test]
fn iso_date_rejects_impossible_fields_and_longer_numbers() {
    assert!(iso_date::<Verbose>("2019-13-01").is_err());
    assert!(iso_date::<Verbose>("2019-02-32").is_err());
    assert!(iso_date::<Verbose>("2019-02-284").is_err());
    assert!(iso_date::<Verbose>("20190-02-28").is_err());
}

#[test]
fn month_name_rejects_lower_case_and_unknown_words() {
    assert!(month_name::<Verbose>("march").is_err());
    assert!(month_name::<Verbose>("Marches").is_err());
    assert!(month_name::<Verbose>("Monday").is_err());
    assert_eq!(month_name::<Verbose>("Oct."), Ok(("", 10)));
}

#[test]
fn month_name_takes_period_only_after_abbreviation() {
    assert_eq!(month_name::<Verbose>("March."), Ok((".", 3)));
    assert!(month_day::<Verbose>("March. 4 people").is_err());
}

#[test]
fn month_day_rejects_month_with_year_or_no_day() {
    assert!(month_day::<Verbose>("March 2019").is_err());
    assert!(month_day::<Verbose>("May be").is_err());
    assert!(month_day::<Verbose>("Oct. 0").is_err());
    assert!(month_day::<Verbose>("Oct. 32").is_err());
}

#[test]
fn ordinal_day_rejects_ordinal_adjectives() {
    assert!(ordinal_day::<Verbose>("the 21st century").is_err());
    assert!(ordinal_day::<Verbose>("the 10th Amendment").is_err());
    assert!(ordinal_day::<Verbose>("the 10th time").is_err());
    assert!(ordinal_day::<Verbose>("the 10thousand").is_err());
}

#[test]
fn weekday_rejects_plural_and_lower_case() {
    assert!(weekday::<Verbose>("Mondays").is_err());
    assert!(weekday::<Verbose>("monday").is_err());
}

#[test]
fn day_number_rejects_zero_and_three_digits() {
    assert!(day_number::<Verbose>("0").is_err());
    assert!(day_number::<Verbose>("300").is_err());
    assert_eq!(day_number::<Verbose>("09 "), Ok((" ", 9)));
}

#[test]
fn date_expr_error_names_the_rule() {
    let Err(nom::Err::Error(e)) = date_expr::<Verbose>("nothing") else {
        panic!("expected an error");
    };
    let contexts: Vec<_> = e
        .errors
        .iter()
        .filter_map(|(_, kind)| match kind {
            nom_language::error::VerboseErrorKind::Context(c) => Some(*c),
            _ => None,
        })
        .collect();
    assert!(contexts.contains(&"date_expr"), "{contexts:?}");
}

// --- find_dates -------------------------------------------------------------

#[test]
fn find_dates_accepts_every_form_with_its_span() {
    let cases: &[(&str, &str, DateExpr)] = &[
        ("Vietnam, on Feb. 26, the two leaders", "Feb. 26", month_day_expr(2, 26)),
        ("on February 26 the", "February 26", month_day_expr(2, 26)),
        ("On Sept. 9, North Korea signaled", "Sept. 9", month_day_expr(9, 9)),
        ("by Sep 30 at", "Sep 30", month_day_expr(9, 30)),
        ("said on Oct. 1 that", "Oct. 1", month_day_expr(10, 1)),
        ("held on Feb. 27-28, Hanoi", "Feb. 27-28", month_day_expr(2, 27)),
        ("meeting on March 4, 2019, The", "March 4, 2019", full(2019, 3, 4)),
        ("on February 28, 2019.", "February 28, 2019", full(2019, 2, 28)),
        ("Posted on : 2019-02-28 14:44 KST", "2019-02-28", full(2019, 2, 28)),
        ("ended on 28 February 2019 in", "28 February 2019", full(2019, 2, 28)),
        ("a statement on the 10th that", "the 10th", DateExpr::Day { day: 10 }),
        ("since the 1st,", "the 1st", DateExpr::Day { day: 1 }),
        ("on the 22nd.", "the 22nd", DateExpr::Day { day: 22 }),
        ("Trump said on Monday", "Monday", DateExpr::Weekday { weekday: 0 }),
        ("Tuesday, he said", "Tuesday", DateExpr::Weekday { weekday: 1 }),
    ];
    for &(text, want_text, want_expr) in cases {
        assert_eq!(only(text), (want_text, want_expr), "{text:?}");
    }
}

#[test]
fn find_dates_rejects_non_dates() {
    for text in [
        "May be",
        "It may be that May brings rain",
        "in August 2018",
        "March 2019",
        "in late September",
        "a 300-building complex",
        "a 5-megawatt reactor",
        "in 2016 and 2017",
        "the 21st century",
        "AFeb. 26",
        "X2019-02-28",
        "a march 4 miles long",
    ] {
        assert_eq!(find_dates(text), vec![], "{text:?}");
    }
}

#[test]
fn find_dates_rejects_named_days() {
    assert_eq!(find_dates("after Super Tuesday"), vec![]);
    assert_eq!(
        only("after Super Tuesday, on Wednesday"),
        ("Wednesday", DateExpr::Weekday { weekday: 2 })
    );
    // Sentence-initial "On" is no named-day word.
    assert_eq!(only("On Tuesday"), ("Tuesday", DateExpr::Weekday { weekday: 1 }));
}

#[test]
fn find_dates_finds_several_in_order_with_byte_offsets() {
    // Multi-byte quote marks before the dates check byte (not char) offsets.
    let text = "“I think that everything will be decided tonight [Feb. 28],” he said on \
                Feb. 27 after the talks on Oct. 5.";
    let found = find_dates(text);
    let got: Vec<&str> = found.iter().map(|m| &text[m.start..m.end]).collect();
    assert_eq!(got, ["Feb. 28", "Feb. 27", "Oct. 5"]);
    assert_eq!(found[0].start, text.find("Feb. 28").expect("present"));
}

#[test]
fn find_dates_prefers_full_date_over_its_prefix() {
    assert_eq!(only("on March 4, 2019"), ("March 4, 2019", full(2019, 3, 4)));
    assert_eq!(only("on March 4, 20 people"), ("March 4", month_day_expr(3, 4)));
}

#[test]
fn find_dates_on_empty_text() {
    assert_eq!(find_dates(""), vec![]);
}

#[test]
fn find_dates_handles_long_adversarial_runs() {
    // Every "1" and every "the" is a word start the grammar must try; each
    // try is bounded, so this finishes at once.
    let digits = "1-".repeat(50_000);
    assert_eq!(find_dates(&digits), vec![]);
    let ordinals = "the 1st century ".repeat(20_000);
    assert_eq!(find_dates(&ordinals), vec![]);
    let letters = "a".repeat(100_000);
    assert_eq!(find_dates(&letters), vec![]);
}

proptest! {
    #[test]
    fn find_dates_spans_are_ordered_and_on_char_boundaries(text in "\\PC*") {
        let found = find_dates(&text);
        let mut last_end = 0;
        for m in found {
            prop_assert!(last_end <= m.start && m.start < m.end && m.end <= text.len());
            prop_assert!(text.is_char_boundary(m.start) && text.is_char_boundary(m.end));
            last_end = m.end;
        }
    }

    #[test]
    fn could_start_date_holds_wherever_a_date_parses(
        text in "(([A-Za-z][a-z]{2,9}|Feb|SEPT|March|Tuesday|[Tt][Hh][Ee]|[Tt]he[ \u{a0}]{1,4}|Theodore|\\PC{1,3})\\.? ?[0-9]{1,4}(st|th)?[,–-]? ?(of )?[A-Z]?[a-z]{0,8} ?[0-9]{0,4})+"
    ) {
        for (at, _) in text.char_indices() {
            let rest = &text[at..];
            if date_expr::<nom::error::Error<&str>>(rest).is_ok() {
                prop_assert!(could_start_date(rest), "{:?}", rest);
            }
        }
    }

    #[test]
    fn find_dates_never_panics_on_date_like_text(
        text in "([A-Z][a-z]{2,8}\\.? ?[0-9]{1,4}[,–-]? ?|the [0-9]{1,2}(st|nd|rd|th) ?| )*"
    ) {
        let _ = find_dates(&text);
    }
}

// --- resolve ----------------------------------------------------------------

#[test]
fn resolve_full_validates_the_date() {
    assert_eq!(resolve(full(2019, 2, 28), None), Some(ymd(2019, 2, 28)));
    assert_eq!(resolve(full(2019, 2, 30), None), None);
    assert_eq!(resolve(full(2019, 2, 29), None), None);
    assert_eq!(resolve(full(2020, 2, 29), None), Some(ymd(2020, 2, 29)));
    assert_eq!(resolve(full(1900, 2, 29), None), None);
    assert_eq!(resolve(full(2000, 2, 29), None), Some(ymd(2000, 2, 29)));
    assert_eq!(resolve(full(2019, 4, 31), None), None);
}

#[test]
fn resolve_month_day_takes_latest_not_after_publication() {
    let oct_1 = month_day_expr(10, 1);
    assert_eq!(resolve(oct_1, Some(ymd(2019, 2, 28))), Some(ymd(2018, 10, 1)));
    assert_eq!(resolve(oct_1, Some(ymd(2019, 10, 2))), Some(ymd(2019, 10, 1)));
    assert_eq!(resolve(oct_1, Some(ymd(2019, 10, 1))), Some(ymd(2019, 10, 1)));
    assert_eq!(resolve(month_day_expr(12, 31), Some(ymd(2019, 1, 1))), Some(ymd(2018, 12, 31)));
    assert_eq!(resolve(month_day_expr(2, 26), Some(ymd(2019, 2, 28))), Some(ymd(2019, 2, 26)));
}

#[test]
fn resolve_month_day_leap_day() {
    let feb_29 = month_day_expr(2, 29);
    assert_eq!(resolve(feb_29, Some(ymd(2020, 3, 1))), Some(ymd(2020, 2, 29)));
    assert_eq!(resolve(feb_29, Some(ymd(2021, 1, 10))), Some(ymd(2020, 2, 29)));
    // No Feb. 29 in the year up to publication: a slip, not a date.
    assert_eq!(resolve(feb_29, Some(ymd(2020, 2, 28))), None);
    assert_eq!(resolve(feb_29, Some(ymd(2019, 3, 1))), None);
    assert_eq!(resolve(month_day_expr(2, 30), Some(ymd(2019, 3, 1))), None);
}

#[test]
fn resolve_day_uses_publication_month_or_the_one_before() {
    let day = |d| DateExpr::Day { day: d };
    assert_eq!(resolve(day(10), Some(ymd(2019, 2, 28))), Some(ymd(2019, 2, 10)));
    assert_eq!(resolve(day(28), Some(ymd(2019, 2, 28))), Some(ymd(2019, 2, 28)));
    assert_eq!(resolve(day(20), Some(ymd(2019, 1, 5))), Some(ymd(2018, 12, 20)));
    // Month ends: March has a 31st, February has no 30th, April no 31st.
    assert_eq!(resolve(day(31), Some(ymd(2019, 4, 15))), Some(ymd(2019, 3, 31)));
    assert_eq!(resolve(day(30), Some(ymd(2019, 3, 15))), None);
    assert_eq!(resolve(day(29), Some(ymd(2020, 3, 15))), Some(ymd(2020, 2, 29)));
    assert_eq!(resolve(day(31), Some(ymd(2019, 5, 15))), None);
    assert_eq!(resolve(day(0), Some(ymd(2019, 5, 15))), None);
}

#[test]
fn resolve_weekday_takes_latest_on_or_before_publication() {
    // 2019-02-28 was a Thursday.
    let published = Some(ymd(2019, 2, 28));
    let weekday = |w| DateExpr::Weekday { weekday: w };
    assert_eq!(resolve(weekday(1), published), Some(ymd(2019, 2, 26)));
    assert_eq!(resolve(weekday(2), published), Some(ymd(2019, 2, 27)));
    assert_eq!(resolve(weekday(3), published), Some(ymd(2019, 2, 28)));
    assert_eq!(resolve(weekday(4), published), Some(ymd(2019, 2, 22)));
    assert_eq!(resolve(weekday(0), Some(ymd(2020, 3, 1))), Some(ymd(2020, 2, 24)));
    assert_eq!(resolve(weekday(7), published), None);
}

#[test]
fn resolve_relative_forms_need_a_publication_date() {
    for expr in [month_day_expr(10, 1), DateExpr::Day { day: 10 }, DateExpr::Weekday { weekday: 1 }]
    {
        assert_eq!(resolve(expr, None), None, "{expr:?}");
    }
}

#[test]
fn resolve_found_seed_dates() {
    // Seed 000, published 2019-02-28: "on Feb. 26" and "on the 10th".
    let published = Some(ymd(2019, 2, 28));
    let text = "On Feb. 26, US news website Vox quoted; a statement on the 10th that";
    let dates: Vec<_> = find_dates(text).iter().map(|m| resolve(m.expr, published)).collect();
    assert_eq!(dates, [Some(ymd(2019, 2, 26)), Some(ymd(2019, 2, 10))]);
}

#[test]
fn the_starts_a_date_only_before_blanks_and_a_digit() {
    for (rest, want) in [
        ("the 10th", true),
        ("The\u{a0}10th of March", true),
        ("the   3rd", true),
        ("the    3rd", false),
        ("the talks", false),
        ("there", false),
        ("the", false),
        ("Theodore", false),
        ("The March 3 talks", false),
    ] {
        assert_eq!(could_start_date(rest), want, "{rest:?}");
    }
}
