use super::*;
use proptest::prelude::*;

const SEED_000: &str = include_str!("../../seeds/000_135c6ffaf0044007.txt");
const SEED_001: &str = include_str!("../../seeds/001_735dbb671a1fc0af.txt");
const SEED_002: &str = include_str!("../../seeds/002_27a6851aea0514d9.txt");
const SEED_003: &str = include_str!("../../seeds/003_3189c0feb333c258.txt");
const SEED_004: &str = include_str!("../../seeds/004_43155f03cca04b59.txt");

/// The role of `line` when it stands after a headline in an article of its
/// own (so repetition and headline rules stay out of the way).
fn role_of(line: &str) -> Role {
    let text = format!("Headline\n{line}\n");
    let layout = parse("t", &text);
    assert_eq!(layout.paragraphs.len(), 2, "{line:?}");
    layout.paragraphs[1].role
}

fn meta_of(line: &str) -> ArticleMeta {
    parse("t", &format!("Headline\n{line}\n")).meta
}

/// (role, start of the line) of every paragraph that is not body.
fn non_body(text: &str) -> Vec<(Role, String)> {
    parse("seed", text)
        .paragraphs
        .iter()
        .filter(|p| p.role != Role::Body)
        .map(|p| (p.role, p.span.slice(text).chars().take(24).collect()))
        .collect()
}

fn owned(list: &[(Role, &str)]) -> Vec<(Role, String)> {
    list.iter().map(|&(role, text)| (role, text.to_owned())).collect()
}

// --- lines and offsets -----------------------------------------------------

#[test]
fn lines_trim_bom_crlf_and_blanks_with_original_offsets() {
    let text = "\u{feff}  Headline \r\n\r\n\tBody one.\r\n   \r\nBody two";
    let layout = parse("t", text);
    let spans: Vec<(usize, usize)> =
        layout.paragraphs.iter().map(|p| (p.span.start, p.span.end)).collect();
    // BOM (3 bytes) and two spaces; " \r\n", "\r\n" and a tab; "\r\n" and "   \r\n".
    assert_eq!(spans, [(5, 13), (19, 28), (35, 43)]);
    let slices: Vec<&str> = layout.paragraphs.iter().map(|p| p.span.slice(text)).collect();
    assert_eq!(slices, ["Headline", "Body one.", "Body two"]);
}

#[test]
fn lines_of_empty_text() {
    let layout = parse("empty", "");
    assert_eq!(layout.paragraphs, vec![]);
    assert_eq!(layout.meta, ArticleMeta { id: "empty".into(), ..ArticleMeta::default() });
}

#[test]
fn lines_of_blank_text() {
    let layout = parse("blank", "\u{feff}\r\n  \n\t\r\n\n");
    assert_eq!(layout.paragraphs, vec![]);
    assert_eq!(layout.meta.headline, None);
}

/// Any printable text, or text made mostly of line padding.
const ANY_TEXT: &str = "\\PC*|[ a-z.\\r\\n\\t\u{feff}]*";

proptest! {
    #[test]
    fn paragraphs_are_ordered_trimmed_slices(text in ANY_TEXT) {
        let layout = parse("p", &text);
        let mut last_end = 0;
        for p in &layout.paragraphs {
            prop_assert!(last_end <= p.span.start && p.span.start < p.span.end);
            prop_assert!(p.span.end <= text.len());
            prop_assert!(text.is_char_boundary(p.span.start));
            prop_assert!(text.is_char_boundary(p.span.end));
            let slice = p.span.slice(&text);
            prop_assert_eq!(slice, slice.trim());
            let bom = '\u{feff}';
            prop_assert!(!slice.starts_with(bom) && !slice.contains('\n'));
            last_end = p.span.end;
        }
        let non_blank = text.split('\n').filter(|l| !l.trim_matches(is_line_padding).is_empty());
        prop_assert_eq!(layout.paragraphs.len(), non_blank.count());
    }
}

// --- furniture --------------------------------------------------------------

#[test]
fn furniture_accepts_navigation_and_promotion_lines() {
    for line in [
        "Most viewed articles",
        "Related stories",
        "button that move to original korean article (클릭시 원문보기로 이동하는 버튼)",
        "Special Coverage",
        "Join us on social!",
        "Top",
        "Text Size",
        "Close",
        "bar_progress",
        "본문 바로가기",
        "Do you support Donald Trump? Like the page:",
        "MOST   VIEWED ARTICLES",
    ] {
        assert_eq!(role_of(line), Role::Furniture, "{line:?}");
    }
}

#[test]
fn fold_matches_split_join_lowercase() {
    for line in [
        "  Most\u{a0}VIEWED\t\tarticles  ",
        "“Quoted” Words — ÉLAN İstanbul",
        "ΟΔΟΣ ΣΟΦΙΑΣ",
        "\u{212a}elvin\u{2003}sign",
        "a\u{b}B\u{c} c\r\nD  E\tf",
        " \t ",
        "Share THIS",
        "",
    ] {
        let reference = line.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
        assert_eq!(fold(line), reference, "{line:?}");
    }
}

/// `fold_some` over all of `line`, from both ends, and the fold it
/// should equal when nothing is cut.
fn fold_some_both_ways(line: &str) -> (String, String) {
    // A fold is never longer than twice its line: nothing is cut.
    let max = 2 * line.len();
    let forward = fold_some(line.chars(), max, false);
    let backward: String = fold_some(line.chars().rev(), max, true).chars().rev().collect();
    (forward, backward)
}

#[test]
fn fold_some_matches_fold_but_for_sigma() {
    for line in [
        "  Most\u{a0}VIEWED\t\tarticles  ",
        "“Quoted” Words — ÉLAN İstanbul",
        "\u{212a}elvin\u{2003}sign",
        "a\u{b}B\u{c} c\r\nD  E\tf",
        " \t ",
        "",
    ] {
        assert_eq!(fold_some_both_ways(line), (fold(line), fold(line)), "{line:?}");
    }
    // A final capital sigma: `fold` gives `ς`, `fold_some` `σ`.
    assert_eq!(fold("ΟΔΟΣ"), "οδος");
    assert_eq!(fold_some_both_ways("ΟΔΟΣ").0, "οδοσ");
    // Cut once longer than `max` bytes.
    assert_eq!(fold_some("Most  Viewed Articles".chars(), 6, false), "most vi");
    assert_eq!(fold_some("Like  The Page:".chars().rev(), 6, true), ":egap e");
}

/// [`is_furniture`] with every line folded at both ends, as first
/// written.
fn is_furniture_folding_all(line: &str) -> bool {
    if !line.chars().any(char::is_alphabetic) {
        return true;
    }
    let f = furniture_entries();
    let head = fold_some(line.chars(), f.longest, false);
    let tail = fold_some(line.chars().rev(), f.longest_suffix, true);
    f.whole.iter().any(|&e| head == e)
        || f.prefixes.iter().any(|&p| head.starts_with(p))
        || f.suffixes.iter().any(|s| tail.starts_with(s.as_str()))
}

#[test]
fn furniture_openings_turn_away_only_lines_no_entry_matches() {
    let mut lines = vec![String::new(), "a".into(), "T".into(), "to".into(), "\u{e9}".into()];
    for entry in FURNITURE.entries() {
        let bare = entry.trim_start_matches("* ").trim_end_matches(" *");
        for form in [bare.to_string(), bare.to_uppercase(), format!(" {bare}"), format!("{bare} ")]
        {
            for line in [
                form.clone(),
                format!("{form} and more"),
                format!("Some text {form}"),
                format!("{form}\u{a0}x"),
                form.chars().skip(1).collect(),
                form.chars().take(2).collect(),
            ] {
                lines.push(line);
            }
        }
    }
    let mut furniture = 0;
    for line in &lines {
        assert_eq!(is_furniture(line), is_furniture_folding_all(line), "{line:?}");
        furniture += usize::from(is_furniture(line));
    }
    // Both answers occur, so the test compares something.
    assert!(furniture > 0 && furniture < lines.len(), "{furniture} of {}", lines.len());
}

proptest! {
    #[test]
    fn furniture_openings_agree_with_folding_all(
        line in "(Share|SHARE|share|top|Top|to|T|this|like|the|page:|PAGE:|\u{bcf8}\u{bb38}|\u{e9}|\u{212a}| |\t|\u{a0}|\\.|:){0,6}"
    ) {
        prop_assert_eq!(is_furniture(&line), is_furniture_folding_all(&line), "{:?}", line);
    }
}

#[test]
fn furniture_entries_have_no_sigma() {
    // `fold_some` lowercases every capital sigma to `σ`.
    for entry in FURNITURE.entries() {
        assert!(!entry.contains(['σ', 'ς']), "{entry:?}");
    }
}

#[test]
fn caption_labels_have_no_colon() {
    // `has_caption_label` relies on it: the colon after a label is the
    // line's first.
    for entry in CAPTION_LABELS.entries() {
        assert!(!entry.contains(':'), "{entry:?}");
    }
}

proptest! {
    #[test]
    fn fold_some_matches_fold_on_any_text(line in "\\PC{0,40}|[a-zA-Z \t\u{b}\u{c}\r\n]{0,40}") {
        let line = line.replace('Σ', "S");
        let (forward, backward) = fold_some_both_ways(&line);
        prop_assert_eq!(&forward, &fold(&line));
        prop_assert_eq!(&backward, &fold(&line));
    }

    #[test]
    fn fold_matches_split_join_lowercase_on_any_text(line in "\\PC{0,40}|[a-zA-Z \t\u{b}\u{c}\r\n]{0,40}") {
        let reference = line.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
        prop_assert_eq!(fold(&line), reference);
    }

    #[test]
    fn more_words_than_matches_word_count(line in "[a-z \t\u{a0}]{0,30}", n in 0usize..8) {
        prop_assert_eq!(more_words_than(&line, n), word_count(&line) > n);
    }
}

#[test]
fn furniture_matches_the_ends_of_long_lines() {
    let long = "Do you support Donald Trump? ".repeat(8);
    assert_eq!(role_of(&format!("{long}  LIKE   the PAGE:")), Role::Furniture);
    let button = "button that move to original korean article";
    assert_eq!(role_of(&format!("{button} {}", "(원문) ".repeat(40))), Role::Furniture);
    assert_eq!(role_of(&format!("{long} like the page: no")), Role::Body);
    assert_eq!(role_of(&format!("Most viewed {}articles", " ".repeat(200))), Role::Furniture);
}

#[test]
fn furniture_accepts_lines_without_letters() {
    for line in [".", "—-", "* * *", "2019"] {
        assert_eq!(role_of(line), Role::Furniture, "{line:?}");
    }
}

#[test]
fn furniture_rejects_story_lines_sharing_its_words() {
    for line in [
        "Top officials met on Monday.",
        "Close aides said the talks would go on.",
        "Related stories ran in other papers for weeks.",
        "Location of working-level talks not announced",
        "Share prices rose.",
    ] {
        assert_eq!(role_of(line), Role::Body, "{line:?}");
    }
}

// --- meta: datelines --------------------------------------------------------

#[test]
fn dateline_accepts_seed_posted_line() {
    let line = "Posted on : 2019-02-28 14:44 KST Modified on : 2019-03-01 09:00 KST";
    assert_eq!(role_of(line), Role::Meta);
    assert_eq!(meta_of(line).published.as_deref(), Some("2019-02-28"));
}

#[test]
fn dateline_accepts_common_shapes() {
    for (line, date) in [
        ("Published: March 4, 2019", "2019-03-04"),
        ("Updated 10:31 AM ET, Tue March 5, 2019", "2019-03-05"),
        ("Last updated on February 28, 2019 at 3 p.m.", "2019-02-28"),
        ("2019-02-28 14:44 KST", "2019-02-28"),
        ("Tue March 5, 2019 10:31 AM ET", "2019-03-05"),
    ] {
        assert_eq!(role_of(line), Role::Meta, "{line:?}");
        assert_eq!(meta_of(line).published.as_deref(), Some(date), "{line:?}");
    }
}

#[test]
fn dateline_without_full_date_is_meta_without_date() {
    assert_eq!(role_of("Updated 10:31 AM ET"), Role::Meta);
    assert_eq!(meta_of("Updated 10:31 AM ET").published, None);
}

#[test]
fn dateline_rejects_sentences_with_dates() {
    for line in [
        "Updated polls on March 4, 2019 showed the race tightening.",
        "Published reports said on Feb. 26 that the talks had stalled.",
        "May 5, 2019 He won",
        "On March 4, 2019, Moon spoke.",
    ] {
        assert_eq!(role_of(line), Role::Body, "{line:?}");
        assert_eq!(meta_of(line).published, None, "{line:?}");
    }
}

#[test]
fn dateline_first_date_wins() {
    let text = "Headline\nPosted on : 2019-02-11 16:55 KST\nPublished: March 4, 2019\n";
    assert_eq!(parse("t", text).meta.published.as_deref(), Some("2019-02-11"));
}

// --- meta: bylines ----------------------------------------------------------

#[test]
fn byline_accepts_seed_bylines() {
    for (line, names) in [
        ("By Kim Ji-eun, staff reporter", "Kim Ji-eun, staff reporter"),
        (
            "By Park Min-hee, Noh Ji-won, and Seong Yeon-cheol, staff reporters",
            "Park Min-hee, Noh Ji-won, and Seong Yeon-cheol, staff reporters",
        ),
        (
            "By Hwang Joon-bum, Washington correspondent, and Seong Yeon-cheol and Lee \
             Kyung-mi, staff reporters",
            "Hwang Joon-bum, Washington correspondent, and Seong Yeon-cheol and Lee \
             Kyung-mi, staff reporters",
        ),
        ("By Ludwig van Beethoven", "Ludwig van Beethoven"),
    ] {
        assert_eq!(role_of(line), Role::Meta, "{line:?}");
        assert_eq!(meta_of(line).byline.as_deref(), Some(names), "{line:?}");
    }
}

#[test]
fn byline_rejects_sentences_opening_with_by() {
    for line in [
        "By 2019, the talks had stalled.",
        "By the end of next week, both sides will meet again.",
        "By Monday night, negotiators had left Hanoi.",
        "By Kim’s own account, “the talks went well.”",
        "Byrne Kim, staff reporter",
    ] {
        assert_eq!(role_of(line), Role::Body, "{line:?}");
        assert_eq!(meta_of(line).byline, None, "{line:?}");
    }
}

#[test]
fn bracket_byline_opening_a_paragraph_stays_body() {
    let line = "[Asia Economy Reporter Lim Cheol-young] As claims emerge that the Donald \
                Trump administration is considering new proposals, attention is focused.";
    assert_eq!(role_of(line), Role::Body);
    assert_eq!(meta_of(line).byline.as_deref(), Some("Asia Economy Reporter Lim Cheol-young"));
}

#[test]
fn bracket_byline_alone_is_meta() {
    assert_eq!(role_of("[Asia Economy Reporter Lim Cheol-young]"), Role::Meta);
}

#[test]
fn bracket_byline_rejects_brackets_without_a_title_word() {
    for line in [
        "[Seoul=Yonhap News] North Korea said on Oct. 1 it would talk.",
        "[The summit] will be held in Hanoi, officials said.",
        "[Reporter] Kim said.",
    ] {
        assert_eq!(role_of(line), Role::Body, "{line:?}");
        assert_eq!(meta_of(line).byline, None, "{line:?}");
    }
}

// --- meta: contact, copyright, social, markers ------------------------------

#[test]
fn contact_accepts_seed_line_and_finds_outlet() {
    let line = "Please direct comments or questions to [english@hani.co.kr]";
    assert_eq!(role_of(line), Role::Meta);
    assert_eq!(meta_of(line).outlet.as_deref(), Some("The Hankyoreh"));
}

#[test]
fn contact_with_unknown_domain_is_meta_without_outlet() {
    let line = "Send tips to news@example.org.";
    assert_eq!(role_of(line), Role::Meta);
    assert_eq!(meta_of(line).outlet, None);
}

#[test]
fn contact_rejects_long_lines_and_handles() {
    let long = "In an email sent to supporters from info@campaign.org on Monday, the \
                campaign said it would keep fighting until the very last vote was counted.";
    assert_eq!(role_of(long), Role::Body);
    assert_eq!(role_of("Trump wrote @ 3 a.m. that he was right."), Role::Body);
}

#[test]
fn copyright_accepts_notices_and_finds_holder() {
    for (line, outlet) in [
        (
            "© The Asia Business Daily(www.asiae.co.kr). All rights reserved.",
            "The Asia Business Daily",
        ),
        ("Copyright 2016 The Associated Press. All rights reserved.", "The Associated Press"),
        ("(c) 2019 www.asiae.co.kr all rights reserved", "The Asia Business Daily"),
    ] {
        assert_eq!(role_of(line), Role::Meta, "{line:?}");
        assert_eq!(meta_of(line).outlet.as_deref(), Some(outlet), "{line:?}");
    }
}

#[test]
fn copyright_rejects_sentences_about_copyright() {
    assert_eq!(role_of("Copyright law protects reporters too, he said."), Role::Body);
}

#[test]
fn social_accepts_follow_handle_line() {
    assert_eq!(role_of("Follow Kim Ji-eun on Twitter @kimjieun."), Role::Meta);
    assert_eq!(role_of("Follow the money, he said."), Role::Body);
}

#[test]
fn marker_accepts_archive_headers() {
    for line in ["ABSTRACT.", "FULL TEXT.", "Full text:"] {
        assert_eq!(role_of(line), Role::Meta, "{line:?}");
    }
    assert_eq!(role_of("Abstract art sells well."), Role::Body);
}

// --- headline ---------------------------------------------------------------

#[test]
fn headline_is_first_line_after_furniture() {
    let layout = parse("s4", SEED_004);
    assert_eq!(
        layout.meta.headline.as_deref(),
        Some("Will the US Present a 'New Negotiation Card' Surpassing 'Hanoi'?")
    );
    let first: Vec<Role> = layout.paragraphs.iter().take(5).map(|p| p.role).collect();
    assert_eq!(
        first,
        [Role::Furniture, Role::Furniture, Role::Furniture, Role::Furniture, Role::Headline]
    );
}

#[test]
fn headline_skips_leading_meta() {
    let layout = parse("t", "Posted on : 2019-02-28 14:44 KST\nTalks resume\nBody.\n");
    let roles: Vec<Role> = layout.paragraphs.iter().map(|p| p.role).collect();
    assert_eq!(roles, [Role::Meta, Role::Headline, Role::Body]);
}

#[test]
fn headline_only_once() {
    let layout = parse("t", "First line\nSecond line\n");
    let roles: Vec<Role> = layout.paragraphs.iter().map(|p| p.role).collect();
    assert_eq!(roles, [Role::Headline, Role::Body]);
}

// --- captions ---------------------------------------------------------------

#[test]
fn caption_accepts_repeated_lines() {
    let text = "Headline\nThe Vietnam National Convention Center\n\
                The Vietnam National Convention Center\nBody.\n";
    let roles: Vec<Role> = parse("t", text).paragraphs.iter().map(|p| p.role).collect();
    assert_eq!(roles, [Role::Headline, Role::Caption, Role::Caption, Role::Body]);
}

#[test]
fn caption_rejects_short_repeated_lines() {
    let text = "Headline\n“No.”\nHe asked again.\n“No.”\n";
    let roles: Vec<Role> = parse("t", text).paragraphs.iter().map(|p| p.role).collect();
    assert_eq!(roles, [Role::Headline, Role::Body, Role::Body, Role::Body]);
}

#[test]
fn caption_accepts_labels_and_credits() {
    for line in [
        "Caption: North Korean First Vice Minister of Foreign Affairs Choe Son-hui \
         (Hankyoreh archives)",
        "North Korean First Vice Minister of Foreign Affairs Choe Son-hui (Hankyoreh archives)",
        "North Korean leader Kim Jong-un and US President Donald Trump greet each other at the \
         Sofitel Legend Metropole Hanoi hotel on the evening of Feb. 27. (AFP/Yonhap News)",
        "US State Department Special Representative for North Korea Stephen Biegun prepares \
         to leave South Korean via Incheon International Airport on Feb. 10. (Yonhap News)",
        "Will the US Present a 'New Negotiation Card' Surpassing 'Hanoi'? [Image \
         source=Yonhap News]",
        "Trump speaks in Hanoi. (Reuters/Jorge Silva)",
        "Kim Ji-eun via Getty Images.",
    ] {
        assert_eq!(role_of(line), Role::Caption, "{line:?}");
    }
}

#[test]
fn caption_rejects_story_lines_closing_with_parentheses() {
    for line in [
        "The rule was written by the Environmental Protection Agency (EPA).",
        "Choe said in a statement released through the Korean Central News Agency (KCNA).",
        "“We will meet again,” Kim told reporters on Tuesday. (Yonhap)",
        "First vice foreign minister releases statement via Korean Central News Agency",
        "The photo was taken in Hanoi, he said (in a later interview).",
    ] {
        assert_eq!(role_of(line), Role::Body, "{line:?}");
    }
}

// --- whole seeds --------------------------------------------------------------

#[test]
fn seed_000_roles_and_meta() {
    let layout = parse("000", SEED_000);
    assert_eq!(
        layout.meta,
        ArticleMeta {
            id: "000".into(),
            headline: Some(
                "US media reports that working-level negotiations produce tentative \
                 denuclearization agreement"
                    .into()
            ),
            published: Some("2019-02-28".into()),
            byline: Some("Kim Ji-eun, staff reporter".into()),
            outlet: Some("The Hankyoreh".into()),
            url: None,
            people: Vec::new(),
        }
    );
    assert_eq!(
        non_body(SEED_000),
        owned(&[
            (Role::Headline, "US media reports that wo"),
            (Role::Meta, "Posted on : 2019-02-28 1"),
            (Role::Caption, "North Korean leader Kim "),
            (Role::Caption, "North Korean leader Kim "),
            (Role::Meta, "By Kim Ji-eun, staff rep"),
            (Role::Meta, "Please direct comments o"),
            (Role::Furniture, "button that move to orig"),
            (Role::Furniture, "Most viewed articles"),
        ])
    );
}

#[test]
fn seed_001_roles_and_meta() {
    let layout = parse("001", SEED_001);
    assert_eq!(layout.meta.published.as_deref(), Some("2019-10-02"));
    assert_eq!(
        layout.meta.byline.as_deref(),
        Some("Park Min-hee, Noh Ji-won, and Seong Yeon-cheol, staff reporters")
    );
    assert_eq!(
        non_body(SEED_001),
        owned(&[
            (Role::Headline, "N. Korea says it agreed "),
            (Role::Meta, "Posted on : 2019-10-02 1"),
            (Role::Caption, "North Korean First Vice "),
            (Role::Caption, "North Korean First Vice "),
            (Role::Meta, "By Park Min-hee, Noh Ji-"),
            (Role::Meta, "Please direct comments o"),
            (Role::Caption, "Caption: North Korean Fi"),
            (Role::Furniture, "button that move to orig"),
            (Role::Furniture, "Related stories"),
            (Role::Furniture, "Most viewed articles"),
        ])
    );
}

#[test]
fn seed_002_roles_and_meta() {
    let layout = parse("002", SEED_002);
    assert_eq!(layout.meta.published.as_deref(), Some("2019-02-11"));
    assert_eq!(layout.meta.outlet.as_deref(), Some("The Hankyoreh"));
    assert_eq!(
        non_body(SEED_002),
        owned(&[
            (Role::Headline, "2nd North Korea-US summi"),
            (Role::Meta, "Posted on : 2019-02-11 1"),
            (Role::Caption, "US State Department Spec"),
            (Role::Caption, "US State Department Spec"),
            (Role::Caption, "The Vietnam National Con"),
            (Role::Caption, "The Vietnam National Con"),
            (Role::Meta, "By Hwang Joon-bum, Washi"),
            (Role::Meta, "Please direct comments o"),
            (Role::Furniture, "button that move to orig"),
            (Role::Furniture, "Most viewed articles"),
        ])
    );
}

#[test]
fn seed_003_repeated_headline_is_caption() {
    let layout = parse("003", SEED_003);
    assert_eq!(layout.meta.published, None);
    assert_eq!(layout.meta.byline, None);
    assert_eq!(
        non_body(SEED_003),
        owned(&[
            (Role::Headline, "U.S. and North Korea neg"),
            (Role::Caption, "U.S. and North Korea neg")
        ])
    );
}

#[test]
fn seed_004_roles_and_meta() {
    let layout = parse("004", SEED_004);
    assert_eq!(layout.meta.byline.as_deref(), Some("Asia Economy Reporter Lim Cheol-young"));
    assert_eq!(layout.meta.outlet.as_deref(), Some("The Asia Business Daily"));
    assert_eq!(layout.meta.published, None);
    assert_eq!(
        non_body(SEED_004),
        owned(&[
            (Role::Furniture, "본문 바로가기"),
            (Role::Furniture, "bar_progress"),
            (Role::Furniture, "Text Size"),
            (Role::Furniture, "Close"),
            (Role::Headline, "Will the US Present a 'N"),
            (Role::Caption, "Will the US Present a 'N"),
            (Role::Meta, "© The Asia Business Dail"),
            (Role::Furniture, "Special Coverage"),
            (Role::Furniture, "Join us on social!"),
            (Role::Furniture, "Top"),
        ])
    );
}

// --- lexicons -----------------------------------------------------------------

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
    for (name, src) in [
        ("furniture.txt", FURNITURE_TXT),
        ("meta_lines.txt", META_LINES_TXT),
        ("dateline_words.txt", DATELINE_WORDS_TXT),
        ("byline_words.txt", BYLINE_WORDS_TXT),
        ("photo_credits.txt", PHOTO_CREDITS_TXT),
        ("caption_labels.txt", CAPTION_LABELS_TXT),
        ("outlet_domains.txt", OUTLET_DOMAINS_TXT),
    ] {
        check_lexicon(name, src);
    }
}

#[test]
fn lexicons_are_lower_case() {
    for src in [FURNITURE_TXT, META_LINES_TXT, DATELINE_WORDS_TXT, CAPTION_LABELS_TXT] {
        for entry in lexicon_entries(src) {
            assert_eq!(entry, entry.to_lowercase());
        }
    }
    for src in [BYLINE_WORDS_TXT, PHOTO_CREDITS_TXT, OUTLET_DOMAINS_TXT] {
        for (key, _) in lexicon_pairs(src) {
            assert_eq!(key, key.to_lowercase());
        }
    }
}

#[test]
fn lexicon_pairs_parse_with_known_kinds() {
    for (src, kinds) in
        [(BYLINE_WORDS_TXT, ["job", "link"]), (PHOTO_CREDITS_TXT, ["credit", "agency"])]
    {
        assert_eq!(lexicon_pairs(src).count(), lexicon_entries(src).count());
        for (key, kind) in lexicon_pairs(src) {
            assert!(kinds.contains(&kind), "{key}: {kind}");
        }
    }
    assert_eq!(
        lexicon_pairs(OUTLET_DOMAINS_TXT).count(),
        lexicon_entries(OUTLET_DOMAINS_TXT).count()
    );
}

#[test]
fn outlet_for_domain_finds_parent_domains() {
    assert_eq!(outlet_for_domain("english.hani.co.kr"), Some("The Hankyoreh"));
    assert_eq!(outlet_for_domain("www.asiae.co.kr"), Some("The Asia Business Daily"));
    assert_eq!(outlet_for_domain("co.kr"), None);
    assert_eq!(outlet_for_domain("example.org"), None);
}

#[test]
fn email_domain_reads_addresses_only() {
    assert_eq!(email_domain("to [english@hani.co.kr]"), Some("hani.co.kr"));
    assert_eq!(email_domain("mail kim@news.example.org."), Some("news.example.org"));
    assert_eq!(email_domain("@AdelleNaz."), None);
    assert_eq!(email_domain("meet @ 3 p.m."), None);
    assert_eq!(email_domain("a@b.c1"), None);
}

#[test]
fn contains_ci_agrees_with_lowercasing_and_searching() {
    let texts = [
        "",
        "via",
        " VIA ",
        "Jemal Countess via Getty Images.",
        "Jemal Countess Via Getty Images.",
        "v via",
        "All Rights Reserved.",
        "all rights reserve",
        "ALL RIGHTS RESERVED",
        "© The Asia Business Daily. all rights\u{a0}reserved",
        "caf\u{e9} via x",
    ];
    for text in texts {
        for needle in [" via ", "all rights reserved", "v", "", "a"] {
            assert_eq!(
                contains_ci(text, needle),
                text.to_ascii_lowercase().contains(needle),
                "{text:?} {needle:?}"
            );
        }
    }
}

proptest! {
    #[test]
    fn contains_ci_never_misses_a_match(text in "[aAvVisIS \u{e9}]{0,24}", needle in "[avis ]{1,4}") {
        prop_assert_eq!(contains_ci(&text, &needle), text.to_ascii_lowercase().contains(&needle));
    }
}

#[test]
fn more_words_than_counts_as_split_whitespace_for_every_char() {
    // Every character as a separator, between and around words: the byte
    // scan must take it for white space exactly when `char` does.
    for c in (0..=char::MAX as u32).filter_map(char::from_u32) {
        for text in [format!("a{c}b"), format!("{c}a"), format!("a{c}"), format!("{c}")] {
            for n in 0..3 {
                let reference = text.split_whitespace().nth(n).is_some();
                assert_eq!(more_words_than(&text, n), reference, "{text:?} {n}");
            }
        }
    }
}

/// [`lines`] as first written, splitting the text.
fn lines_by_split(text: &str) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut line_start = 0;
    for raw in text.split('\n') {
        let trimmed = raw.trim_matches(is_line_padding);
        if !trimmed.is_empty() {
            let start = line_start + raw.len() - raw.trim_start_matches(is_line_padding).len();
            spans.push(Span::new(start, start + trimmed.len()));
        }
        line_start += raw.len() + 1;
    }
    spans
}

proptest! {
    #[test]
    fn lines_agree_with_splitting(text in "(a|Line|\n|\r\n| |\u{feff}|\u{a0}|\u{2028}|\u{bcf8}){0,30}") {
        prop_assert_eq!(lines(&text), lines_by_split(&text));
    }
}

#[test]
fn lines_agree_with_splitting_at_the_ends() {
    for text in ["", "\n", "a", "a\n", "\na", " a \r\n\n b\n\n", SEED_000] {
        assert_eq!(lines(text), lines_by_split(text), "{text:?}");
    }
    assert!(lines(SEED_000).len() > 3);
}

proptest! {
    #[test]
    fn more_words_than_matches_split_whitespace(
        text in "(\\PC|[ \t\u{b}\u{c}\r\n\u{85}\u{a0}\u{1680}\u{2000}-\u{200b}\u{2028}\u{2029}\u{202f}\u{205f}\u{3000}]){0,40}",
        n in 0usize..12,
    ) {
        prop_assert_eq!(more_words_than(&text, n), text.split_whitespace().nth(n).is_some());
    }
}
