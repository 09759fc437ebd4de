//! Tests of `quotecheck::xref::audit` on hand-built quotes shaped like the
//! seed articles, its invariants (proptest), and the `audit` command on the
//! scenarios in `fixtures/xref/`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use proptest::prelude::*;
use quotecheck::normalize::{name_identity, split_title};
use quotecheck::xref::{self, Detail, Finding, FindingType, Severity};
use quotecheck::{ArticleMeta, Quote, QuoteKind};

// ---------------------------------------------------------------------------
// Building quotes
// ---------------------------------------------------------------------------

/// A quote with the fields the audit reads; offsets are made from `index`.
#[derive(Clone, Debug)]
struct Q {
    article: &'static str,
    index: usize,
    kind: QuoteKind,
    text: &'static str,
    speaker: Option<&'static str>,
    role: Option<&'static str>,
    date: Option<&'static str>,
    outlet: Option<&'static str>,
    via: Option<&'static str>,
}

fn q(article: &'static str, index: usize, text: &'static str, speaker: &'static str) -> Q {
    Q {
        article,
        index,
        kind: QuoteKind::Direct,
        text,
        speaker: Some(speaker),
        role: None,
        date: None,
        outlet: None,
        via: None,
    }
}

impl Q {
    fn kind(mut self, kind: QuoteKind) -> Q {
        self.kind = kind;
        self
    }
    fn role(mut self, role: &'static str) -> Q {
        self.role = Some(role);
        self
    }
    fn date(mut self, date: &'static str) -> Q {
        self.date = Some(date);
        self
    }
    fn outlet(mut self, outlet: &'static str) -> Q {
        self.outlet = Some(outlet);
        self
    }
    fn via(mut self, via: &'static str) -> Q {
        self.via = Some(via);
        self
    }
    fn build(&self) -> Quote {
        let start = 100 + self.index * 1000;
        Quote {
            article: self.article.into(),
            index: self.index,
            kind: self.kind,
            text: self.text.into(),
            start,
            end: start + self.text.len(),
            paragraph: self.index,
            parent: None,
            speaker: self.speaker.map(Into::into),
            speaker_key: self.speaker.map(quotecheck::normalize::speaker_key),
            role: self.role.map(Into::into),
            cue: Some("said".into()),
            outlet: self.outlet.map(Into::into),
            via: self.via.map(Into::into),
            date: self.date.map(Into::into),
            insertions: Vec::new(),
        }
    }
}

fn meta(id: &str, published: &str) -> ArticleMeta {
    ArticleMeta { id: id.into(), published: Some(published.into()), ..ArticleMeta::default() }
}

fn run(quotes: &[Q], articles: &[ArticleMeta]) -> Vec<Finding> {
    let quotes: Vec<Quote> = quotes.iter().map(Q::build).collect();
    xref::audit(&quotes, articles)
}

fn of_type(findings: &[Finding], t: FindingType) -> Vec<&Finding> {
    findings.iter().filter(|f| f.finding_type() == t).collect()
}

fn types(findings: &[Finding]) -> Vec<FindingType> {
    findings.iter().map(Finding::finding_type).collect()
}

const KIM_SHORT: &str = "do not harbor foolish dreams.";
const KIM_LONG: &str = "the US should not harbor the foolish dream of trying to renegotiate \
    partial sanctions relief and the permanent dismantlement of large-scale nuclear facilities \
    such as the Yongbyon complex, which is the nerve center of our nuclear development, as was \
    on the Hanoi summit table.";
const CHOE: &str = "The delegates of the DPRK side are ready to enter into the DPRK-US \
    working-level negotiations.";
const CHOE_MISQUOTED: &str = "The delegates of the DPRK side are willing to enter into the \
    DPRK-US working-level negotiations.";
const KO: &str = "We look forward to these working-level negotiations bringing substantive \
    progress quickly toward the complete denuclearization of the Korean Peninsula.";

// ---------------------------------------------------------------------------
// One finding type at a time
// ---------------------------------------------------------------------------

#[test]
fn kim_yo_jong_fragment_is_a_partial_variant() {
    let f = run(
        &[
            q("004", 0, KIM_SHORT, "Kim Yo-jong").kind(QuoteKind::Partial),
            q("004", 1, KIM_LONG, "Kim Yo-jong").role("First Deputy Director"),
        ],
        &[meta("004", "2020-07-11")],
    );
    assert_eq!(types(&f), vec![FindingType::Variant], "{f:#?}");
    assert_eq!(f[0].rule, "variant.partial");
    assert_eq!(f[0].severity, Severity::Variant);
    assert!((f[0].score - 0.8).abs() < 1e-9);
    let Detail::Variant { diff, .. } = &f[0].detail else { panic!("not a variant") };
    let shown = xref::render_diff(diff);
    assert!(shown.contains("harbor"), "{shown}");
    assert!(shown.contains("[-"), "{shown}");
}

#[test]
fn kim_yo_jong_fragment_given_to_north_korea_in_the_same_article_is_still_a_variant() {
    let f = run(
        &[
            q("004", 0, KIM_SHORT, "North Korea").kind(QuoteKind::Partial),
            q("004", 1, KIM_LONG, "Kim Yo-jong"),
        ],
        &[],
    );
    assert_eq!(types(&f), vec![FindingType::Variant]);
    let Detail::Variant { speakers, .. } = &f[0].detail else { panic!("not a variant") };
    assert_eq!(speakers, &["Kim Yo-jong", "North Korea"]);
}

#[test]
fn partly_reworded_fragment_of_someone_else_in_another_article_is_an_echo() {
    let f = run(
        &[
            q("a", 0, KIM_SHORT, "North Korea").kind(QuoteKind::Partial),
            q("b", 0, KIM_LONG, "Kim Yo-jong"),
        ],
        &[],
    );
    assert!(f.is_empty(), "{f:#?}");
}

#[test]
fn small_deal_partial_twice_in_one_article_is_a_duplicate() {
    let f = run(
        &[
            q("002", 0, "small deal.", "an official").kind(QuoteKind::Partial),
            q("002", 4, "small deal.", "a key official at the Blue House").kind(QuoteKind::Partial),
        ],
        &[meta("002", "2019-02-11")],
    );
    assert_eq!(types(&f), vec![FindingType::Duplicate], "{f:#?}");
    assert_eq!(f[0].severity, Severity::Duplicate);
    assert_eq!(f[0].quotes.len(), 2);
    let Detail::Duplicate { speaker } = &f[0].detail else { panic!("not a duplicate") };
    assert_eq!(speaker, "a key official at the Blue House");
}

#[test]
fn short_phrase_from_two_people_is_neither_duplicate_nor_conflict() {
    let f = run(
        &[
            q("002", 0, "small deal.", "an official").kind(QuoteKind::Partial),
            q("003", 0, "small deal.", "Mike Pompeo").kind(QuoteKind::Partial),
        ],
        &[],
    );
    assert!(f.is_empty(), "{f:#?}");
}

#[test]
fn choe_son_hui_role_change_over_time_is_reported_with_dates() {
    let f = run(
        &[
            q("000", 0, "We will decide the working-level agenda together.", "Choe Son-hui")
                .role("Vice Foreign Minister"),
            q("001", 0, CHOE, "Choe Son Hui").role("First Vice Minister of Foreign Affairs"),
        ],
        &[meta("000", "2019-02-28"), meta("001", "2019-10-02")],
    );
    assert_eq!(types(&f), vec![FindingType::RoleConflict], "{f:#?}");
    assert_eq!(f[0].severity, Severity::Info, "different dates: maybe a promotion");
    assert_eq!(f[0].rule, "role_conflict.over_time");
    let Detail::RoleConflict { speaker, roles } = &f[0].detail else { panic!("not roles") };
    assert_eq!(speaker, "Choe Son-hui");
    let got: Vec<_> =
        roles.iter().map(|r| (r.role.as_str(), r.article.as_str(), r.date.as_deref())).collect();
    assert_eq!(
        got,
        vec![
            ("Vice Foreign Minister", "000", Some("2019-02-28")),
            ("First Vice Minister of Foreign Affairs", "001", Some("2019-10-02")),
        ]
    );
}

#[test]
fn two_titles_in_one_article_are_a_role_conflict() {
    let f = run(
        &[
            q("a", 0, "We are ready.", "Choe Son-hui").role("Vice Foreign Minister"),
            q("a", 1, "They must change course.", "Choe Son-hui").role("Foreign Minister"),
        ],
        &[meta("a", "2019-10-02")],
    );
    assert_eq!(types(&f), vec![FindingType::RoleConflict]);
    assert_eq!(
        (f[0].severity, f[0].rule.as_str()),
        (Severity::Conflict, "role_conflict.same_time")
    );
}

#[test]
fn same_post_in_other_words_is_no_role_conflict() {
    let f = run(
        &[
            q("a", 0, "We are ready.", "Donald Trump").role("US President"),
            q("b", 0, "They must change course.", "Donald Trump").role("President"),
        ],
        &[],
    );
    assert!(f.is_empty(), "{f:#?}");
}

#[test]
fn misattributed_quote_is_a_speaker_conflict() {
    let f = run(
        &[q("001", 0, KO, "Ko Min-jung"), q("x", 3, KO, "Kim Eui-kyum")],
        &[meta("001", "2019-10-02"), meta("x", "2019-10-03")],
    );
    assert_eq!(types(&f), vec![FindingType::SpeakerConflict], "{f:#?}");
    assert_eq!(f[0].severity, Severity::Conflict);
    assert_eq!(f[0].rule, "speaker_conflict.same_words");
    let Detail::SpeakerConflict { speakers, diff } = &f[0].detail else { panic!() };
    assert_eq!(speakers, &["Kim Eui-kyum", "Ko Min-jung"]);
    assert!(diff.is_empty());
}

#[test]
fn misattributed_misquote_is_a_near_words_speaker_conflict_with_diff() {
    let f = run(&[q("001", 0, CHOE, "Choe Son-hui"), q("x", 0, CHOE_MISQUOTED, "Kim Song")], &[]);
    assert_eq!(types(&f), vec![FindingType::SpeakerConflict], "{f:#?}");
    assert_eq!(f[0].rule, "speaker_conflict.near_words");
    let Detail::SpeakerConflict { diff, .. } = &f[0].detail else { panic!() };
    assert!(xref::render_diff(diff).contains("[-ready-] {+willing+}"));
}

#[test]
fn anonymous_description_against_a_name_is_only_info() {
    let f = run(&[q("a", 0, KO, "a Blue House official"), q("b", 0, KO, "Ko Min-jung")], &[]);
    assert_eq!(types(&f), vec![FindingType::SpeakerConflict]);
    assert_eq!(f[0].severity, Severity::Info);
}

#[test]
fn surname_in_another_article_is_no_speaker_conflict() {
    let f = run(&[q("a", 0, KO, "Ko Min-jung"), q("b", 0, KO, "Ko")], &[]);
    assert_eq!(types(&f), vec![FindingType::Duplicate], "{f:#?}");
}

#[test]
fn one_word_misquote_is_a_variant_with_the_changed_word() {
    let f = run(
        &[
            q("001", 0, CHOE, "Choe Son-hui").date("2019-10-01"),
            q("y", 0, CHOE_MISQUOTED, "Choe Son Hui").date("2019-10-01"),
        ],
        &[],
    );
    assert_eq!(types(&f), vec![FindingType::Variant], "{f:#?}");
    assert_eq!(f[0].rule, "variant.reworded");
    assert!(f[0].score > 0.9 && f[0].score < 1.0, "{}", f[0].score);
    let Detail::Variant { diff, .. } = &f[0].detail else { panic!() };
    assert!(xref::render_diff(diff).contains("[-ready-] {+willing+}"));
}

#[test]
fn wrong_date_is_a_date_conflict() {
    let f = run(
        &[
            q("001", 0, CHOE, "Choe Son-hui").date("2019-10-01"),
            q("z", 0, CHOE, "Choe Son-hui").date("2019-10-02"),
        ],
        &[],
    );
    assert_eq!(types(&f), vec![FindingType::DateConflict, FindingType::Duplicate], "{f:#?}");
    let Detail::DateConflict { dates } = &f[0].detail else { panic!() };
    assert_eq!(dates, &["2019-10-01", "2019-10-02"]);
    assert_eq!(f[0].severity, Severity::Conflict);
}

#[test]
fn other_outlet_is_an_outlet_conflict() {
    let f = run(
        &[
            q("001", 0, CHOE, "Choe Son-hui").outlet("Korean Central News Agency"),
            q("z", 0, CHOE, "Choe Son-hui").outlet("Rodong Sinmun"),
            q("w", 0, CHOE, "Choe Son-hui").outlet("korean central news agency"),
        ],
        &[],
    );
    assert_eq!(types(&f), vec![FindingType::OutletConflict, FindingType::Duplicate], "{f:#?}");
    let Detail::OutletConflict { outlets } = &f[0].detail else { panic!() };
    assert_eq!(outlets.len(), 2, "outlets compare folded: {outlets:?}");
}

#[test]
fn people_sharing_a_surname_never_merge() {
    let f = run(
        &[
            q(
                "001",
                0,
                "The US will determine whether the talks become a window of opportunity.",
                "Kim Song",
            )
            .role("UN Ambassador"),
            q("004", 0, KIM_LONG, "Kim Yo-jong").role("First Deputy Director"),
            q(
                "002",
                0,
                "They decided that the next round will be held in another Asian country.",
                "Kim Eui-kyum",
            )
            .role("Blue House Spokesperson"),
            q("000", 0, "We will sit down again tomorrow.", "Kim Hyok-chol")
                .role("Special Representative"),
            q("000", 1, "We will meet again.", "Kim").role("Chairman"),
            q("000", 2, "We will see what happens tonight.", "Kim Jong-un").role("leader"),
        ],
        &[],
    );
    assert!(of_type(&f, FindingType::RoleConflict).is_empty(), "{f:#?}");
    let quotes: Vec<Quote> = [
        q("001", 0, "a b c", "Kim Song"),
        q("004", 0, "d e f", "Kim Yo-jong"),
        q("002", 0, "g h i", "Kim Eui-kyum"),
        q("000", 0, "j k l", "Kim Hyok-chol"),
        q("000", 1, "m n o", "Kim Jong-un"),
        q("000", 2, "p q r", "Kim"),
    ]
    .iter()
    .map(Q::build)
    .collect();
    let entities = xref::entities(&quotes, &[]);
    assert_eq!(entities.len(), 6, "{entities:#?}");
}

#[test]
fn kim_jong_un_spellings_are_one_entity() {
    let quotes: Vec<Quote> = [
        q("000", 0, "a", "Kim Jong-un"),
        q("003", 0, "b", "Kim Jong Un"),
        q("004", 0, "c", "KIM Jong Un"),
        q("003", 1, "d", "Kim"),
    ]
    .iter()
    .map(Q::build)
    .collect();
    let entities = xref::entities(&quotes, &[]);
    assert_eq!(entities.len(), 1, "{entities:#?}");
    assert_eq!(entities[0].articles, vec!["000", "003", "004"]);
}

#[test]
fn vox_report_descriptions_are_listed_together() {
    let f = run(
        &[
            q(
                "000",
                0,
                "the US would agree to lift some sanctions on North Korea in exchange for a commitment to close down a key nuclear facility.",
                "anonymous sources",
            )
            .via("Vox"),
            q(
                "000",
                1,
                "North Korea and the US have tentatively reached the following agreements",
                "Vox",
            )
            .kind(QuoteKind::Indirect),
            q(
                "000",
                2,
                "the Vox report was generally an accurate reflection of the working-level negotiations",
                "Multiple sources in the South Korean government",
            )
            .kind(QuoteKind::Indirect),
            q("000", 3, "North Korea appears to have also asked the US to remove its nuclear umbrella.", "Koo Kab-woo"),
        ],
        &[meta("000", "2019-02-28")],
    );
    assert_eq!(types(&f), vec![FindingType::SourceDescriptions], "{f:#?}");
    let Detail::SourceDescriptions { source, descriptions } = &f[0].detail else { panic!() };
    assert_eq!(source, "Vox");
    let hows: Vec<_> = descriptions.iter().map(|d| (d.index, d.how.as_str())).collect();
    assert_eq!(hows, vec![(0, "via"), (1, "speaker"), (2, "mentioned")]);
    assert_eq!(f[0].quotes.len(), 3);
}

#[test]
fn ellipsis_quote_is_an_elided_fragment_of_the_full_one() {
    let f = run(
        &[
            q("003", 0, "If they're not willing to do it, then I think President Trump has been very clear. … They're not going to get relief from the crushing economic sanctions", "John Bolton"),
            q("x", 0, "If they're not willing to do it, then I think President Trump has been very clear. If they don't, they're not going to get relief from the crushing economic sanctions", "John Bolton"),
        ],
        &[],
    );
    assert_eq!(types(&f), vec![FindingType::Fragment], "{f:#?}");
    assert_eq!((f[0].rule.as_str(), f[0].score), ("fragment.elided", 1.0));
}

#[test]
fn editorial_insertion_does_not_hide_a_duplicate() {
    let f = run(
        &[
            q("000", 0, "I think that everything will be decided tonight [Feb. 28]. Today, the two leaders will have a candid discussion.", "Yang Moo-jin"),
            q("x", 0, "I think that everything will be decided tonight. Today, the two leaders will have a candid discussion.", "Yang Moo-jin"),
        ],
        &[],
    );
    assert_eq!(types(&f), vec![FindingType::Duplicate], "{f:#?}");
}

#[test]
fn nested_quote_is_not_compared_with_its_parent() {
    let outer = "North Korea had a clear request: it would offer up the 'nuclear production facilities in the Yongbyon area'";
    let inner = "nuclear production facilities in the Yongbyon area";
    let mut a = q("003", 0, outer, "Ri Yong Ho").build();
    let mut b = q("003", 1, inner, "Ankit Panda").build();
    b.start = a.start + outer.find(inner).unwrap_or(0);
    b.end = b.start + inner.len();
    b.parent = Some(0);
    a.index = 0;
    let f = xref::audit(&[a, b], &[]);
    assert!(f.is_empty(), "{f:#?}");
}

#[test]
fn findings_are_sorted_most_serious_first_with_unique_ids() {
    let f = run(&seed_like_corpus(), &seed_like_articles());
    assert!(f.len() >= 6, "{f:#?}");
    assert!(f.windows(2).all(|w| w[0].severity >= w[1].severity));
    let ids: BTreeSet<_> = f.iter().map(|x| x.id.as_str()).collect();
    assert_eq!(ids.len(), f.len());
    assert!(f.iter().all(|x| (0.0..=1.0).contains(&x.score)));
}

// ---------------------------------------------------------------------------
// Invariants
// ---------------------------------------------------------------------------

fn seed_like_corpus() -> Vec<Q> {
    vec![
        q("004", 0, KIM_SHORT, "Kim Yo-jong").kind(QuoteKind::Partial),
        q("004", 1, KIM_LONG, "Kim Yo-jong").role("First Deputy Director"),
        q("002", 0, "small deal.", "an official").kind(QuoteKind::Partial),
        q("002", 4, "small deal.", "a key official at the Blue House").kind(QuoteKind::Partial),
        q("000", 0, "We will decide the agenda together.", "Choe Son-hui")
            .role("Vice Foreign Minister"),
        q("001", 0, CHOE, "Choe Son-hui")
            .role("First Vice Minister of Foreign Affairs")
            .date("2019-10-01"),
        q("001", 1, KO, "Ko Min-jung").role("Blue House Spokesperson"),
        q("x", 0, KO, "Kim Eui-kyum"),
        q("y", 0, CHOE_MISQUOTED, "Choe Son Hui").date("2019-10-01"),
        q("z", 0, CHOE, "Choe").date("2019-10-02").outlet("KCNA"),
        q(
            "z",
            1,
            "The US would determine whether the negotiations become a window of opportunity.",
            "Kim Song",
        )
        .role("UN Ambassador"),
        q(
            "x",
            1,
            "The US would determine whether the negotiations become a window of opportunity.",
            "Kim Song",
        )
        .role("UN Ambassador"),
    ]
}

fn seed_like_articles() -> Vec<ArticleMeta> {
    vec![
        meta("000", "2019-02-28"),
        meta("001", "2019-10-02"),
        meta("002", "2019-02-11"),
        meta("004", "2020-07-11"),
        meta("x", "2019-10-03"),
        meta("y", "2019-10-03"),
        meta("z", "2019-10-04"),
    ]
}

/// Findings with quotes reduced to what does not depend on article names:
/// (type, rule, score, sorted (speaker, text) of the quotes).
type Shape = (FindingType, String, u64, Vec<(Option<String>, String)>);

fn shapes(findings: &[Finding]) -> BTreeSet<Shape> {
    findings
        .iter()
        .map(|f| {
            let mut qs: Vec<_> =
                f.quotes.iter().map(|q| (q.speaker.clone(), q.text.clone())).collect();
            qs.sort();
            (f.finding_type(), f.rule.clone(), (f.score * 1000.0).round() as u64, qs)
        })
        .collect()
}

const WORDS: &[&str] = &[
    "the",
    "talks",
    "will",
    "resume",
    "sanctions",
    "relief",
    "summit",
    "nuclear",
    "facility",
    "dismantle",
    "agreement",
    "peace",
    "we",
    "are",
    "ready",
    "willing",
    "to",
    "negotiate",
];
const SPEAKERS: &[&str] = &["Kim Song", "Kim Yo-jong", "Choe Son-hui", "Choe", "an official"];

fn sentence() -> impl Strategy<Value = Vec<usize>> {
    prop::collection::vec(0..WORDS.len(), 4..12)
}

/// A second sentence made from the first by up to two word edits, so the
/// pair is often related.
fn edited(base: Vec<usize>) -> impl Strategy<Value = (Vec<usize>, Vec<usize>)> {
    let n = base.len();
    prop::collection::vec((0..n, 0..WORDS.len(), 0..3u8), 0..3).prop_map(move |edits| {
        let mut other = base.clone();
        for (at, word, op) in edits {
            let at = at.min(other.len().saturating_sub(1));
            match op {
                0 => other[at] = word,
                1 if other.len() > 1 => {
                    other.remove(at);
                }
                _ => other.insert(at, word),
            }
        }
        (base.clone(), other)
    })
}

fn text(ids: &[usize]) -> &'static str {
    let s: String = ids.iter().map(|&i| WORDS[i]).collect::<Vec<_>>().join(" ");
    Box::leak(s.into_boxed_str())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn findings_do_not_depend_on_input_order(
        quotes in Just(seed_like_corpus()).prop_shuffle(),
        articles in Just(seed_like_articles()).prop_shuffle(),
    ) {
        let base = run(&seed_like_corpus(), &seed_like_articles());
        prop_assert_eq!(run(&quotes, &articles), base);
    }

    #[test]
    fn pair_findings_are_symmetric(
        (a, b) in sentence().prop_flat_map(edited),
        sa in 0..SPEAKERS.len(),
        sb in 0..SPEAKERS.len(),
        same_article in any::<bool>(),
    ) {
        let (ta, tb) = (text(&a), text(&b));
        let (x, y) = if same_article { ("p", "p") } else { ("p", "r") };
        // The same two reports, with the articles (and so the order in
        // which the audit meets them) swapped.
        let one = run(&[q(x, 0, ta, SPEAKERS[sa]), q(y, 1, tb, SPEAKERS[sb])], &[]);
        let two = run(&[q(x, 1, tb, SPEAKERS[sb]), q(y, 0, ta, SPEAKERS[sa])], &[]);
        let kinds = [FindingType::Duplicate, FindingType::Variant, FindingType::SpeakerConflict];
        let keep = |f: &[Finding]| -> Vec<Finding> {
            f.iter().filter(|x| kinds.contains(&x.finding_type())).cloned().collect()
        };
        prop_assert_eq!(shapes(&keep(&one)), shapes(&keep(&two)));
        // A relation lists both quotes, never just one side.
        for f in keep(&one) {
            prop_assert_eq!(f.quotes.len(), 2, "{:?}", f);
        }
    }

    #[test]
    fn random_pairs_are_order_independent(
        (a, b) in sentence().prop_flat_map(edited),
        sa in 0..SPEAKERS.len(),
        sb in 0..SPEAKERS.len(),
    ) {
        let qa = q("p", 0, text(&a), SPEAKERS[sa]).date("2019-10-01");
        let qb = q("r", 0, text(&b), SPEAKERS[sb]).date("2019-10-02");
        prop_assert_eq!(run(&[qa.clone(), qb.clone()], &[]), run(&[qb, qa], &[]));
    }

    #[test]
    fn claim_key_is_idempotent_through_the_public_api(s in "\\PC{0,80}") {
        let k = quotecheck::normalize::claim_key(&s);
        prop_assert_eq!(quotecheck::normalize::claim_key(&k), k);
    }
}

// ---------------------------------------------------------------------------
// The command
// ---------------------------------------------------------------------------

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_quotecheck"))
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn audit_help_explains_findings_formats_and_exit_codes() {
    let out = bin().args(["audit", "--help"]).output().expect("run");
    assert!(out.status.success());
    let help = String::from_utf8_lossy(&out.stdout);
    for needle in [
        "--format",
        "--fail-on",
        "--output",
        "speaker_conflict",
        "role_conflict",
        "source_descriptions",
        "schema_version",
        "Exit status",
    ] {
        assert!(help.contains(needle), "help lacks {needle}:\n{help}");
    }
}

#[test]
fn audit_rejects_an_unknown_severity_with_status_2() {
    let out = bin().args(["audit", "--fail-on", "severe", "x.txt"]).output().expect("run");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn audit_rejects_two_articles_with_one_id_with_status_2() {
    let dir = tempfile::tempdir().expect("tempdir");
    for sub in ["one", "two"] {
        std::fs::create_dir(dir.path().join(sub)).expect("mkdir");
        std::fs::write(dir.path().join(sub).join("same.txt"), "Headline\n").expect("write");
    }
    let out = bin().arg("audit").arg(dir.path()).output().expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("same"));
}

#[test]
fn audit_of_no_articles_writes_an_empty_report_to_the_output_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let report = dir.path().join("report.json");
    let out = bin()
        .arg("audit")
        .arg(dir.path())
        .args(["--format", "json", "--fail-on", "info", "--output"])
        .arg(&report)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stdout.is_empty());
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&report).expect("report")).expect("json");
    assert_eq!(v, serde_json::json!({"schema_version": 1, "findings": []}));
}

/// One expected finding of a scenario.
#[derive(serde::Deserialize, Debug)]
struct Expected {
    r#type: FindingType,
    #[serde(default)]
    speakers: Vec<String>,
    articles: Vec<String>,
}

#[derive(serde::Deserialize, Debug)]
struct Scenario {
    exhaustive: bool,
    /// Paths to audit, relative to the repository; the scenario directory
    /// when absent.
    #[serde(default)]
    paths: Vec<String>,
    findings: Vec<Expected>,
}

fn person(name: &str) -> String {
    name_identity(&split_title(name).name)
}

fn matches(e: &Expected, f: &Finding, exhaustive: bool) -> bool {
    let articles: BTreeSet<&str> = f.quotes.iter().map(|q| q.article.as_str()).collect();
    let want_articles: BTreeSet<&str> = e.articles.iter().map(String::as_str).collect();
    let speakers: BTreeSet<String> =
        f.quotes.iter().filter_map(|q| q.speaker.as_deref()).map(person).collect();
    let want: BTreeSet<String> = e.speakers.iter().map(|s| person(s)).collect();
    let speakers_ok =
        if exhaustive && !want.is_empty() { speakers == want } else { want.is_subset(&speakers) };
    f.finding_type() == e.r#type && articles == want_articles && speakers_ok
}

fn run_scenario(name: &str) {
    let dir = repo().join("fixtures/xref").join(name);
    let spec: Scenario = serde_json::from_str(
        &std::fs::read_to_string(dir.join("expected.json")).expect("expected.json"),
    )
    .expect("expected.json parses");
    let paths: Vec<PathBuf> = if spec.paths.is_empty() {
        vec![dir.clone()]
    } else {
        spec.paths.iter().map(|p| repo().join(p)).collect()
    };
    let out = bin().arg("audit").args(&paths).args(["--format", "json"]).output().expect("run");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(report["schema_version"], 1);
    let findings: Vec<Finding> =
        serde_json::from_value(report["findings"].clone()).expect("findings parse");
    let mut unmatched: BTreeMap<usize, &Finding> = findings.iter().enumerate().collect();
    for e in &spec.findings {
        let hit = unmatched.iter().find(|(_, f)| matches(e, f, spec.exhaustive)).map(|(i, _)| *i);
        match hit {
            Some(i) => {
                unmatched.remove(&i);
            }
            None => panic!("{name}: expected {e:?} among {findings:#?}"),
        }
    }
    if spec.exhaustive {
        assert!(unmatched.is_empty(), "{name}: unexpected findings {unmatched:#?}");
    }
}

/// Every scenario directory has a test below.
#[test]
fn every_scenario_is_tested() {
    let mut dirs: Vec<String> = std::fs::read_dir(repo().join("fixtures/xref"))
        .expect("fixtures/xref")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    dirs.sort();
    let tested = [
        "misattribution",
        "misquote",
        "repeated_partial",
        "role_change",
        "seeds",
        "shared_surname",
        "wrong_date",
    ];
    assert_eq!(dirs, tested);
    for d in tested {
        assert!(Path::new(&repo().join("fixtures/xref").join(d).join("expected.json")).exists());
    }
}

#[test]

fn scenario_misattribution() {
    run_scenario("misattribution");
}

#[test]

fn scenario_misquote() {
    run_scenario("misquote");
}

#[test]

fn scenario_wrong_date() {
    run_scenario("wrong_date");
}

#[test]

fn scenario_shared_surname() {
    run_scenario("shared_surname");
}

#[test]

fn scenario_role_change() {
    run_scenario("role_change");
}

#[test]

fn scenario_repeated_partial() {
    run_scenario("repeated_partial");
}

#[test]

fn scenario_seeds() {
    run_scenario("seeds");
}

/// Issue 3: `Kim Jong-un` (seeds 000, 001) and `Kim Jong Un` (seed 003) are
/// one entity, and the other Kims of the seeds are not merged into it.
#[test]
fn seeds_kim_jong_un_spellings_are_one_entity() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut quotes = Vec::new();
    let mut metas = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(&root).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    for f in files {
        let id = f.file_stem().unwrap().to_string_lossy().into_owned();
        let ex = quotecheck::extract(&id, &std::fs::read_to_string(&f).unwrap());
        quotes.extend(ex.quotes);
        metas.push(ex.meta);
    }
    let entities = quotecheck::xref::entities(&quotes, &metas);
    let kim: Vec<_> =
        entities.iter().filter(|e| e.names.iter().any(|n| n.starts_with("Kim Jong"))).collect();
    assert_eq!(kim.len(), 1, "{kim:#?}");
    let articles: std::collections::BTreeSet<&str> =
        kim[0].roles.iter().map(|r| r.article.as_str()).collect();
    assert!(articles.len() >= 2, "named in several seeds: {kim:#?}");
    for other in ["Kim Yo-jong", "Kim Song", "Kim Eui-kyum", "Kim Hyok-chol"] {
        assert!(!kim[0].names.iter().any(|n| n == other), "{other} merged into {kim:#?}");
    }
}

/// Runs the binary with `input` on standard input.
fn piped(args: &[&str], input: Vec<u8>) -> std::process::Output {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = bin()
        .current_dir(repo())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run");
    let mut stdin = child.stdin.take().expect("stdin");
    let feeder = std::thread::spawn(move || stdin.write_all(&input));
    let out = child.wait_with_output().expect("wait");
    feeder.join().expect("feeder").expect("write stdin");
    out
}

/// The seeds audited as files, as a JSON Lines corpus, and as the quote
/// records of `extract --emit-keys` give one report.
#[test]
fn audit_of_a_corpus_and_of_quote_records_equals_audit_of_the_files() {
    let from_files =
        bin().current_dir(repo()).args(["audit", "seeds", "--format", "json"]).output();
    let from_files = from_files.expect("run");
    assert!(from_files.status.success(), "{}", String::from_utf8_lossy(&from_files.stderr));

    let mut corpus = String::new();
    let mut seeds: Vec<PathBuf> = std::fs::read_dir(repo().join("seeds"))
        .expect("seeds")
        .map(|e| e.expect("entry").path())
        .collect();
    seeds.sort();
    for p in &seeds {
        let id = p.file_stem().and_then(|s| s.to_str()).expect("stem");
        let text = std::fs::read_to_string(p).expect("seed");
        corpus.push_str(&serde_json::json!({"id": id, "text": text}).to_string());
        corpus.push('\n');
    }
    let from_corpus = piped(&["audit", "--format", "json", "-"], corpus.into_bytes());
    assert!(from_corpus.status.success(), "{}", String::from_utf8_lossy(&from_corpus.stderr));
    assert_eq!(from_corpus.stdout, from_files.stdout);

    let keyed = bin()
        .current_dir(repo())
        .args(["extract", "-q", "--format", "jsonl", "--emit-keys", "seeds"])
        .output()
        .expect("run");
    let from_quotes = piped(&["audit", "--quotes", "--format", "json", "-"], keyed.stdout);
    assert!(from_quotes.status.success(), "{}", String::from_utf8_lossy(&from_quotes.stderr));
    // Quote records do not carry the people an article names without
    // quoting them: the role changes that need them are the only difference.
    let findings = |out: &[u8]| -> Vec<serde_json::Value> {
        let v: serde_json::Value = serde_json::from_slice(out).expect("json");
        v["findings"].as_array().expect("findings").clone()
    };
    let needs_people = |f: &serde_json::Value| {
        f["type"] == "role_conflict"
            && f["roles"].as_array().is_some_and(|r| r.iter().any(|u| u["quote"].is_null()))
    };
    let expected: Vec<_> =
        findings(&from_files.stdout).into_iter().filter(|f| !needs_people(f)).collect();
    assert_eq!(findings(&from_quotes.stdout), expected);
}

#[test]
fn audit_names_the_line_of_a_bad_quote_record() {
    let out = piped(&["audit", "--quotes", "-"], b"{\"article\": \"a\"}\n".to_vec());
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("<stdin>:1: invalid quote record"), "{err}");
}
