use crate::extract;

fn speakers(text: &str) -> Vec<(String, Option<String>)> {
    extract("t", text).quotes.into_iter().map(|q| (q.text, q.speaker)).collect()
}

#[test]
fn split_quote_continues_the_speaker() {
    let got = speakers("Headline\nSouth Korea President Moon Jae-in re-engaged.\n“In the process, our role has become important once again,” Moon said. “While I believe the talks will reach an agreement, a vacuum is never desirable.”\n");
    assert_eq!(got[0].1.as_deref(), Some("Moon Jae-in"));
    assert_eq!(got[1].1.as_deref(), Some("Moon Jae-in"));
}

#[test]
fn pronouns_skip_people_of_the_other_gender() {
    let text = "Headline\nNicole Hargrove said she was undecided.\nShe met Mr. Trump. Donald Trump said he was sure.\n“I loved it,” she said.\n";
    let got = speakers(text);
    assert_eq!(got[0].1.as_deref(), Some("Nicole Hargrove"), "{got:?}");
}

#[test]
fn a_name_seen_only_as_an_owner_is_still_a_person() {
    // The one full mention is possessive; the surname later points to it.
    let text = "Headline\nRabbis plan to boycott Donald Trump's speech next week.\n\"I have a real question,\" Trump said.\n";
    let got = speakers(text);
    assert_eq!(got[0].1.as_deref(), Some("Donald Trump"), "{got:?}");
}

#[test]
fn an_owner_is_not_the_subject_a_pronoun_points_to() {
    let text = "Headline\nDonald Trump spoke first.\nCorey Lewandowski, Trump's campaign manager, said the candidate was calm.\n\"That will benefit all the races,\" he said.\n";
    let got = speakers(text);
    assert_eq!(got[0].1.as_deref(), Some("Corey Lewandowski"), "{got:?}");
}

#[test]
fn a_pronoun_before_the_quote_looks_back_from_where_it_stands() {
    // `Trump` comes after `He`, so it cannot be what `He` stands for.
    let text = "Headline\nNoam Neusner, a speechwriter, wrote a column. Donald Trump spoke.\nNeusner was blunt. He wrote that Trump \"has built a movement.\"\n";
    let got = speakers(text);
    assert_eq!(got[0].1.as_deref(), Some("Noam Neusner"), "{got:?}");
}

#[test]
fn a_participle_after_a_comma_goes_on_with_the_quote_before_it() {
    let text = "Headline\n“It’s not new in Virginia,” said Rep. Bobby Scott (D-Va.) at the time, adding that “we’ve been electing them for a long time.” Political analyst David Bositis agreed.\n";
    let got = speakers(text);
    assert_eq!(got[1].1.as_deref(), Some("Bobby Scott"), "{got:?}");
}

#[test]
fn a_sentence_ended_inside_the_marks_keeps_the_frame_before_it() {
    let text = "Headline\nDonald Trump said Hillary Clinton “caused death.” Bernie Sanders called Trump a “pathological liar.”\n";
    let got = speakers(text);
    assert_eq!(got[0].1.as_deref(), Some("Donald Trump"), "{got:?}");
    assert_eq!(got[1].1.as_deref(), Some("Bernie Sanders"), "{got:?}");
}

#[test]
fn an_opening_participle_is_no_subject_and_a_clause_no_appositive() {
    let text = "Headline\nBarry Bennett ran the campaign.\nReached by POLITICO, Bennett denied the notion that a shakeup is coming, explaining that he was “taking a day off.”\n";
    let got = speakers(text);
    assert_eq!(got[0].1.as_deref(), Some("Barry Bennett"), "{got:?}");
}

#[test]
fn a_frame_set_off_by_commas_in_the_sentence_counts() {
    let text = "Headline\nMark Jones teaches politics.\nThat could carry him through the “southern firewall” on March 1, which he is expected to win, Jones said.\nAny “cleareyed” reading of the deal, said Michael Kofman, an expert on Russia, would see a retreat.\n";
    let got = speakers(text);
    assert_eq!(got[0].1.as_deref(), Some("Mark Jones"), "{got:?}");
    assert_eq!(got[1].1.as_deref(), Some("Michael Kofman"), "{got:?}");
}

#[test]
fn auxiliaries_stand_between_a_subject_and_its_cue() {
    let text = "Headline\nHouse Speaker Paul Ryan has said he is “not ready” to endorse Trump.\n“Governor, the answer is no,” the Republican vice-presidential nominee riffed.\n";
    let got = speakers(text);
    assert_eq!(got[0].1.as_deref(), Some("Paul Ryan"), "{got:?}");
    assert_eq!(got[1].1.as_deref(), Some("the Republican vice-presidential nominee"), "{got:?}");
}

#[test]
fn a_surname_with_an_honorific_is_a_person() {
    // The article never gives Mr. Obama's full name.
    let text = "Headline\nMr. Obama said he had told Mr. Kerry to keep negotiating.\n''The faster we can offer relief,'' he said.\n";
    let got = speakers(text);
    assert_eq!(got[0].1.as_deref(), Some("Obama"), "{got:?}");
}

#[test]
fn a_name_and_a_verb_make_no_plural_source() {
    let text = "Headline\nIn March, Netanyahu rallied supporters by warning that \"the rule of the right is in danger.\"\n";
    let got = speakers(text);
    assert_eq!(got[0].1.as_deref(), Some("Netanyahu"), "{got:?}");
}

#[test]
fn the_subject_of_an_as_clause_is_a_pronoun_antecedent() {
    let text = "Headline\nAkhil Johri, the finance chief, spoke first. ''We will grow,'' Mr. Johri said.\nCosts must fall, as Robert McDonough suggested at the meeting.\nStill he rejected the notion. ''This was a tough decision,'' he said.\n";
    let got = speakers(text);
    assert_eq!(got[1].1.as_deref(), Some("Robert McDonough"), "{got:?}");
}

#[test]
fn a_quotation_signed_on_its_last_line_is_the_signer_s() {
    let text = "Headline\nThe platform matters.\n\n\"[Sanders] should stay in until he gets everything he is fighting for.\nFormer NAACP president Ben Jealous.\"\n\nThe committee met.\n";
    let got = speakers(text);
    assert_eq!(got[0].1.as_deref(), Some("Ben Jealous"), "{got:?}");
}

#[test]
fn a_name_before_a_verb_is_a_subject_for_pronouns() {
    let text = "Headline\n“She is standing with him,” Maggie Hassan said.\nThis is not the race Kelly Ayotte hoped to run against Maggie Hassan.\n“You deal with the conditions you are given,” she said.\n";
    let got = speakers(text);
    assert_eq!(got[1].1.as_deref(), Some("Kelly Ayotte"), "{got:?}");
}

#[test]
fn title_case_words_inside_a_sentence_name_a_work() {
    let text = "Headline\nThe French are big fans of ''Prison Break,'' Mr. Madden said. He called it ''a show that travels well.''\n";
    let got = extract("t", text).quotes;
    assert_eq!(got[0].kind, crate::model::QuoteKind::Title, "{got:?}");
    assert_eq!(got[0].speaker, None);
    assert_eq!(got[1].kind, crate::model::QuoteKind::Partial, "{got:?}");
    assert!(!super::is_title_case("Lock Her Up!"));
    assert!(super::is_title_case("Tales From the Crypt,"));
    assert!(!super::is_title_case("a different era"));
}

#[test]
fn a_fragment_without_a_cue_belongs_to_a_nameless_subject_too() {
    let text = "Headline\nLegal observers doubt the plan to “close” the prison this year.\n";
    let got = speakers(text);
    assert_eq!(got[0].1.as_deref(), Some("Legal observers"), "{got:?}");
}

#[test]
fn a_noun_phrase_right_before_a_cue_is_the_subject_after_a_quote() {
    // `the paper's editorial` would end at the source noun `editorial`.
    let text = "Headline\nEnter The Washington Post. “He is a politician selling fiction,” the paper's editorial board wrote.\n";
    let got = speakers(text);
    assert_eq!(got[0].1.as_deref(), Some("the paper's editorial board"), "{got:?}");
}

#[test]
fn title_case_in_the_headline_does_not_lengthen_a_full_name() {
    let text = "McCain Challenger Kelli Ward: Impeach AG Lynch\n\nFormer State Senator Dr. Kelli Ward called for the impeachment of John McCain's ally.\n\nDr. Ward stated:\n\n\"The Senate was supposed to be the guardian of the states.\"\n";
    let got = speakers(text);
    assert_eq!(got[0].1.as_deref(), Some("Kelli Ward"), "{got:?}");
}

#[test]
fn a_first_name_after_a_family_noun_is_a_person_of_its_gender() {
    let text = "Headline\nAubrey Pelletier hoisted a sign. Her father, Brad, 39, worried about Gary Johnson.\n\"People are afraid of wasting their votes,\" he surmised.\n";
    let got = speakers(text);
    assert_eq!(got[0].1.as_deref(), Some("Brad"), "{got:?}");
}

#[test]
fn the_subject_after_an_opening_phrase_owns_a_fragment() {
    let text = "Headline\nFirst, Donald Trump attacked Mitt Romney. Somewhere in there, he tossed in a “crooked” Ted Cruz.\n";
    let got = speakers(text);
    assert_eq!(got[0].1.as_deref(), Some("Donald Trump"), "{got:?}");
}

#[test]
fn a_short_single_marked_paragraph_is_a_subheading() {
    let text = "Headline\nStill he rejected the notion. ''This was a really tough decision,'' he said.\n\n'A really tough decision.'\n\nCosts must fall.\n";
    let got = extract("t", text).quotes;
    let sub = got.iter().find(|q| q.text == "A really tough decision.").unwrap();
    assert_eq!(sub.kind, crate::model::QuoteKind::Term, "{got:?}");
    assert_eq!(sub.speaker, None);
    assert_eq!(got[0].kind, crate::model::QuoteKind::Direct, "{got:?}");
    let caps = extract(
        "t",
        "Headline\nObama spoke.\n“EVENTUALLY VOTERS MAKE GOOD DECISIONS”\nThe talks went on.\n",
    )
    .quotes;
    assert_eq!(caps[0].kind, crate::model::QuoteKind::Term, "{caps:?}");
    let said =
        extract("t", "Headline\nObama spoke.\n“We will win this time.”\nThe talks went on.\n")
            .quotes;
    assert_eq!(said[0].kind, crate::model::QuoteKind::Direct, "{said:?}");
}

#[test]
fn grammar_file_and_rules_agree() {
    let ebnf = include_str!("../../grammar/attribution.ebnf");
    let names: Vec<&str> =
        ebnf.lines().filter_map(|l| l.split_once("::=").map(|(n, _)| n.trim())).collect();
    let rules: Vec<&str> = super::speaker::RULES
        .iter()
        .chain(super::verb::RULES)
        .chain(super::indirect::RULES)
        .copied()
        .collect();
    for n in &names {
        assert!(rules.contains(n), "rule {n} of attribution.ebnf has no parser");
    }
    for r in &rules {
        assert!(names.contains(r), "parser {r} is not in attribution.ebnf");
    }
}

mod props {
    use crate::extract;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]
        #[test]
        fn extract_never_panics_and_spans_slice_the_text(s in "\\PC*") {
            let ex = extract("p", &s);
            for q in &ex.quotes {
                prop_assert_eq!(&s[q.start..q.end], q.text.as_str());
                if let Some(p) = q.parent { prop_assert!(p < q.index); }
                prop_assert!(q.speaker.as_deref() != Some(""));
            }
            prop_assert_eq!(ex, extract("p", &s));
        }

        #[test]
        fn extract_survives_news_like_soup(
            parts in proptest::collection::vec(
                prop_oneof![
                    Just("“"), Just("”"), Just("‘"), Just("’"), Just("\""), Just("'"), Just("''"),
                    Just(" said "), Just(" he said, "), Just("Kim Jong-un"), Just(", a professor at X,"),
                    Just(" according to "), Just("\n"), Just("\n\n"), Just(". "), Just("Mr. "),
                    Just(" on Feb. 26 "), Just("the 10th"), Just(":"), Just("—"), Just("?"), Just("a"),
                ],
                0..80,
            )
        ) {
            let s: String = parts.concat();
            let ex = extract("p", &s);
            for q in &ex.quotes {
                prop_assert_eq!(&s[q.start..q.end], q.text.as_str());
                prop_assert!(q.speaker.is_some() || (q.role.is_none() && q.via.is_none()));
                prop_assert!(q.kind.is_speech() || q.speaker.is_none());
            }
        }
    }
}

#[test]
fn a_clause_quoted_at_the_end_of_a_framed_sentence_is_the_subjects() {
    let text = "Headline\n\nDonald Trump spoke to the coalition. Trump spoke. He also said he was best positioned to get a peace deal because he is a negotiator, \"like you folks.\"\n";
    let got = speakers(text);
    assert_eq!(got[0].1.as_deref(), Some("Donald Trump"), "{got:?}");
}

#[test]
fn a_work_noun_before_a_quote_in_title_case_makes_it_a_title() {
    let text = "Headline\nThe Huffington Post spoke with Zephyr Teachout on its politics podcast, \u{201c}So, That Happened.\u{201d}\n";
    let q = &extract("t", text).quotes[0];
    assert_eq!(q.kind, crate::model::QuoteKind::Title, "{q:?}");
    assert_eq!(q.speaker, None);
    let text = "Headline\n\nThe PAC is spending $50,000 on the web. One ad, \"Balanced Rebellion,\" stars an actor.\n";
    let q = &extract("t", text).quotes[0];
    assert_eq!(q.kind, crate::model::QuoteKind::Title, "{q:?}");
}

#[test]
fn a_cue_that_takes_a_clause_after_a_full_stop_reports_other_words() {
    let text = "Headline\n\nTed Cruz criticized the campaign. \"It's a very sad development,\" Cruz told reporters. \"This is the consequence of the culture of the campaign.\" Ohio Gov. John Kasich said he would have fired the manager.\n";
    let got = speakers(text);
    assert_eq!(got[1].1.as_deref(), Some("Ted Cruz"), "{got:?}");
}

#[test]
fn an_unframed_quotation_after_a_sentence_with_a_cue_is_its_subjects() {
    let text = "Headline\n\nLoretta Lynch spoke on Monday. Lynch announced on Monday a lawsuit against the state. \u{201c}We are seeking a court order declaring the restriction discriminatory.\u{201d} The department also asked for a ban on enforcement.\n";
    let got = speakers(text);
    assert_eq!(got[0].1.as_deref(), Some("Loretta Lynch"), "{got:?}");
}

#[test]
fn a_post_modifier_stops_at_the_predicates_past_tense() {
    let text = "Headline\n\nAttorneys for Clinton appeared to oppose the effort, saying that her account \"has never been the property of the department.\"\n";
    let got = speakers(text);
    assert_eq!(got[0].1.as_deref(), Some("Attorneys for Clinton"), "{got:?}");
}

#[test]
fn an_occupation_without_a_name_is_a_description() {
    let text = "Headline\n\nThe retired neurosurgeon has given no details, saying only that he was \u{201c}refining some operational practices.\u{201d}\n";
    let got = speakers(text);
    assert_eq!(got[0].1.as_deref(), Some("The retired neurosurgeon"), "{got:?}");
}

#[test]
fn a_given_name_outweighs_pronouns_that_follow_it() {
    // Every pronoun after `Donald Trump` here is `she` (about Ayotte), yet
    // `he` can still be Trump: `Donald` is a man's name.
    let text = "Headline\n\nKelly Ayotte said she met Donald Trump, and she said little. Ayotte spoke to Donald Trump before she left. Patrick Toomey has not endorsed him and his aides said so.\nAyotte has tangled with Trump once, saying she was \"appalled.\" For that she drew Trump's ire - he called her \"weak.\"\n";
    let got = speakers(text);
    let weak = got.iter().find(|(t, _)| t == "weak.");
    assert_eq!(weak.and_then(|w| w.1.as_deref()), Some("Donald Trump"), "{got:?}");
}

#[test]
fn a_document_released_by_the_subject_is_the_subjects_words() {
    let text = "Headline\n\nDonald Trump spoke in Manila. Martin Andanar released a statement saying that Trump had \"professed his love for the islands.\"\n";
    let got = speakers(text);
    assert_eq!(got[0].1.as_deref(), Some("Martin Andanar"), "{got:?}");
}

#[test]
fn institutions_speak_and_an_indefinite_document_is_a_new_source() {
    let text = "Headline\n\nBarack Obama spoke.\n\nDuring the call, Obama and Hollande \"reaffirmed their commitment,\" the White House said.\n\nThe tax cut emissions with \"negligible effects on economic performance,\" according to a study by economists.\n";
    let got = speakers(text);
    assert_eq!(got[0].1.as_deref(), Some("the White House"), "{got:?}");
    assert_eq!(got[1].1.as_deref(), Some("a study by economists"), "{got:?}");
}

#[test]
fn a_name_inside_a_quotation_is_no_antecedent() {
    let text = "Headline\n\nDonald Trump raised money.\n\nCorey Lewandowski, the campaign manager, said that the candidate was consistent, noting that the money would go to the party.\n\n\"That will help not only Mr. Trump, but every race,\" he said, adding: \"I do not think that is unfair.\"\n";
    let got = speakers(text);
    assert_eq!(got[2].1.as_deref(), Some("Corey Lewandowski"), "{got:?}");
}

#[test]
fn a_relative_clause_cue_belongs_to_its_antecedent() {
    let text = "Headline\n\nLater in the broadcast, Kevin Swanson praised the evangelist Franklin Graham, who has publicly vowed not to buy cookies because of the group's \"support of transgender rights.\"\n";
    let got = speakers(text);
    assert_eq!(got[0].1.as_deref(), Some("Franklin Graham"), "{got:?}");
}

#[test]
fn a_name_set_off_by_dashes_identifies_a_description() {
    let text = "Headline\n\nA former Republican presidential candidate -- John McCain, who lost the 2008 election -- said the president \"offered no changes to his strategy.\"\n";
    let got = speakers(text);
    assert_eq!(got[0].1.as_deref(), Some("John McCain"), "{got:?}");
}

#[test]
fn a_cue_in_an_opening_subordinate_clause_does_not_frame_the_main_clause() {
    let text = "Headline\n\nAfter reporter Craig Patrick asked about the trip in an interview, the couple became \"agitated\" once the cameras were off, according to a source at the station.\n";
    let got = speakers(text);
    assert_eq!(got[0].1.as_deref(), Some("a source at the station"), "{got:?}");
}

#[test]
fn as_someone_put_it_frames_the_quote() {
    let text = "Headline\n\nBut at the time, as anti-terrorist prosecutor Marc Trevidic put it, \"apart from the wrong crowd, there was not much to complain about.\"\n";
    let q = &extract("t", text).quotes[0];
    assert_eq!(q.speaker.as_deref(), Some("Marc Trevidic"), "{q:?}");
    assert_eq!(q.outlet, None, "{q:?}");
}

#[test]
fn a_pronoun_after_someone_elses_mention_is_no_gender_evidence() {
    // `he` after `Neera Tanden … asked Eric Holder whether` is Holder's.
    let text = "Headline\n\nHillary Clinton spoke first.\n\nNeera Tanden, a Clinton supporter, asked Eric Holder whether he had thoughts on the crisis. She said she asked the question \"to build on the earlier comments.\"\n";
    let got = speakers(text);
    assert_eq!(got[0].1.as_deref(), Some("Neera Tanden"), "{got:?}");
}

#[test]
fn a_headline_quotes_in_single_marks_the_person_it_names() {
    let text = "Elizabeth Warren: Donald Trump Is a \u{2018}Proven Failure\u{2019} in Business.\n\nSen. Elizabeth Warren said Donald Trump was a \u{201c}proven failure\u{201d} in business.\n";
    let q = &extract("t", text).quotes[0];
    assert_eq!(q.kind, crate::model::QuoteKind::Partial, "{q:?}");
    assert_eq!(q.speaker.as_deref(), Some("Elizabeth Warren"), "{q:?}");
    let text = "Will the US Present a 'New Negotiation Card' Surpassing 'Hanoi'?\n\nThe talks in Hanoi ended early.\n";
    let q = &extract("t", text).quotes[0];
    assert_eq!(q.kind, crate::model::QuoteKind::Term, "{q:?}");
}

#[test]
fn repair_skips_only_text_it_would_not_change() {
    use super::{needs_repair, repair_chars};
    for s in [
        "",
        "said Kim Jong-un.",
        "summedGerald Seib",
        "saidKim",
        "a?b",
        "tab\there",
        "vertical\u{b}tab",
        "no-break\u{a0}space",
        "caf\u{e9} Owner",
        "caf\u{e9}Owner",
        "said\u{c9}",
        "\u{201c}Quote,\u{201d} Kim said\u{2019}s",
        "em\u{2003}space",
        "line\nbreak",
        "ABC def GHI",
        "aB",
    ] {
        if !needs_repair(s) {
            assert_eq!(repair_chars(s), s, "{s:?}");
        }
    }
    assert!(needs_repair("summedGerald Seib"));
    assert!(needs_repair("tab\there"));
    assert!(needs_repair("vertical\u{b}tab"));
    assert!(!needs_repair("said Kim Jong-un, an official."));
    assert!(!needs_repair("\u{201c}said Kim\u{2019}s aide\u{201d}"));
    assert!(needs_repair("caf\u{e9}Owner"));
    assert!(needs_repair("em\u{2003}space"));
}

mod repair_props {
    use proptest::prelude::*;

    proptest! {
        /// The byte pre-check never skips a window the full repair would
        /// change.
        #[test]
        fn repair_equals_repair_chars(s in "[a-zA-Z ?\t\u{b}\u{a0}\u{e9}\u{c9}\u{201c}\u{2019}\u{3a3}\u{2003}.,-]{0,24}") {
            prop_assert_eq!(super::super::repair(&s), super::super::repair_chars(&s));
        }
    }
}

#[test]
fn inside_quote_finds_every_quote_holding_a_span() {
    use super::inside_quote;
    use crate::model::Span;
    let texts = [
        include_str!("../../seeds/000_135c6ffaf0044007.txt"),
        "Head\n“We will win. “They said ‘no. Never.’ Twice.” We have the votes,” Smith said. He left.\n\"Open. Never closed\n",
    ];
    for text in texts {
        let layout = crate::article::parse("t", text);
        let (quotes, _) = crate::lexer::lex(text, &layout.paragraphs);
        let holds = |span: Span| {
            quotes.iter().any(|q| {
                q.open.start <= span.start && span.end <= q.close.map_or(q.inner.end, |c| c.end)
            })
        };
        let bounds: Vec<usize> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
        for (k, &start) in bounds.iter().enumerate() {
            for &end in bounds[k + 1..].iter().take(80) {
                let span = Span::new(start, end);
                assert_eq!(inside_quote(&quotes, span), holds(span), "{:?}", &text[start..end]);
            }
        }
    }
}

#[test]
fn a_lawsuit_or_a_piece_speaks_for_itself() {
    let text = "Headline\n\nA federal lawsuit was filed against the city, alleging that its program used religion as a \"permissible proxy for criminality.\"\n";
    let got = speakers(text);
    assert_eq!(got[0].1.as_deref(), Some("A federal lawsuit"), "{got:?}");
}

#[test]
fn a_group_named_by_a_quantifier_speaks_right_before_a_cue() {
    let text = "Headline\n\nNine of 10 Republicans were worried about the economy; most said they were \"very worried.\" While those surveyed said the governor had the \"best experience,\" few voted.\n";
    let got = speakers(text);
    assert_eq!(got[0].1.as_deref(), Some("most"), "{got:?}");
    assert_eq!(got[1].1.as_deref(), Some("those surveyed"), "{got:?}");
}

#[test]
fn an_organization_known_by_its_initials_owns_its_fragment() {
    let text = "Headline\n\nCREW filed a public-records request for \"records sufficient to show the number of email accounts.\"\n";
    let got = speakers(text);
    assert_eq!(got[0].1.as_deref(), Some("CREW"), "{got:?}");
}

#[test]
fn the_person_opening_a_that_clause_of_result_owns_its_fragment() {
    let text = "Headline\n\nBernie Sanders toured Iowa.\n\nThe union has become such a presence on the trail that Sanders on Sunday thanked its members \"for their support in my campaign.\" An ad promises that Sanders won't \"send you to war.\"\n";
    let got = speakers(text);
    assert_eq!(got[0].1.as_deref(), Some("Bernie Sanders"), "{got:?}");
    assert_ne!(got[1].1.as_deref(), Some("Bernie Sanders"), "{got:?}");
}

#[test]
fn an_owner_before_a_cue_word_is_no_speaker() {
    let text = "Headline\n\nMinning is listed as one of the congressman's alleged \"paramours\" in the filings.\n";
    let got = speakers(text);
    assert_eq!(got[0].1.as_deref(), None, "{got:?}");
}

#[test]
fn a_sentence_ended_inside_an_earlier_quote_ends_before_the_next_subject() {
    let text = "Headline\n\nHillary Clinton spoke in the debate. She also said that \u{201c}they are going to people.\u{201d}\u{a0}A Clinton campaign official later walked back the comments, saying that Clinton \u{201c}didn\u{2019}t have a particular video in mind.\u{201d}\n";
    let got = speakers(text);
    assert_eq!(got[1].1.as_deref(), Some("A Clinton campaign official"), "{got:?}");
}

#[test]
fn a_pronoun_after_a_description_names_the_person_the_article_is_about() {
    let text = "Headline\n\nDonald Trump called for surveillance. Trump spoke on Thursday. Mayor Bill de Blasio disbanded the unit.\n\n\"There is hatred,\" the Republican presidential candidate said.\n\n\"We ought to start it up again,\" he went on.\n";
    let got = speakers(text);
    assert_eq!(got[0].1.as_deref(), Some("the Republican presidential candidate"), "{got:?}");
    assert_eq!(got[1].1.as_deref(), Some("Donald Trump"), "{got:?}");
}

#[test]
fn a_pronoun_inside_quoted_words_is_no_gender_evidence() {
    let text = "Headline\n\n\"It is hard to dispute,\" said pollster Stan Greenberg.\n\nGeoff Garin, a Democratic pollster, said the primaries had helped. But he also said that the attacks have \"reinforced stereotypes\" for Clinton.\n\nGarin added, \"People are wrong to think the numbers define her standing.\"\n\nGarin went on: \"Her standing will change.\"\n";
    let got = speakers(text);
    assert_eq!(got[2].1.as_deref(), Some("Geoff Garin"), "{got:?}");
}

#[test]
fn a_part_of_a_group_of_sources_is_a_source() {
    let text = "Headline\n\n\"It was awful,\" said one of the organizers.\n\n\"It was fine,\" some of his aides said.\n";
    let got = speakers(text);
    assert_eq!(got[0].1.as_deref(), Some("one of the organizers"), "{got:?}");
    assert_eq!(got[1].1.as_deref(), Some("some of his aides"), "{got:?}");
}

#[test]
fn a_relative_clause_belongs_to_the_description_it_follows() {
    let text = "Headline\n\n\"It was unseemly,\" said one of two witnesses who relayed the same story but did not want to speak on the record.\n\nA former supporter who still backs Randolph, former Colorado Rep. Pat Schroeder, wrote that it was \"tragic.\"\n";
    let got = speakers(text);
    assert_eq!(
        got[0].1.as_deref(),
        Some("one of two witnesses who relayed the same story but did not want to speak on the record"),
        "{got:?}"
    );
    assert_eq!(got[1].1.as_deref(), Some("Pat Schroeder"), "{got:?}");
}

#[test]
fn a_document_keeps_its_time_participle_and_joined_names() {
    let text = "Headline\n\nThe tax cut emissions with \"negligible effects on the economy,\" according to a study last year by economists at Duke University and the University of Ottawa.\n\nA legal opinion drafted for the project in May 2012 concluded that it was a \"foreign principal\" under the law.\n";
    let got = speakers(text);
    assert_eq!(
        got[0].1.as_deref(),
        Some("a study last year by economists at Duke University and the University of Ottawa"),
        "{got:?}"
    );
    assert_eq!(
        got[1].1.as_deref(),
        Some("A legal opinion drafted for the project in May 2012"),
        "{got:?}"
    );
}

#[test]
fn the_object_of_a_preposition_does_not_do_what_a_participle_says() {
    let text = "Headline\n\nPhoenix Mayor Greg Stanton wrote a letter to Attorney General Loretta E. Lynch asking the department to investigate the \"fiasco.\"\n\nRepublicans were irritated, with Sen. John McCain calling it a \"Chinese menu.\"\n";
    let got = speakers(text);
    assert_eq!(got[0].1.as_deref(), Some("Greg Stanton"), "{got:?}");
    assert_eq!(got[1].1.as_deref(), Some("John McCain"), "{got:?}");
}

#[test]
fn a_word_or_two_that_no_frame_gives_to_anyone_is_a_term() {
    let text = "Headline\n\nThe rules favor the party's \"superdelegates\" over voters. The firm does \"donor modeling.\" The \"Medicare for all\" document followed. When she saw the news, all she could do was \"Yessss!\" at the screen. Bernie Sanders called the plan \"very flexible.\"\n";
    let kinds: Vec<_> = extract("t", text).quotes.into_iter().map(|q| (q.text, q.kind)).collect();
    assert_eq!(kinds[0].1, crate::model::QuoteKind::Term, "{kinds:?}");
    assert_eq!(kinds[1].1, crate::model::QuoteKind::Term, "{kinds:?}");
    assert_eq!(kinds[2].1, crate::model::QuoteKind::Term, "{kinds:?}");
    assert_eq!(kinds[3].1, crate::model::QuoteKind::Partial, "{kinds:?}");
    assert_eq!(kinds[4].1, crate::model::QuoteKind::Partial, "{kinds:?}");
}

#[test]
fn a_label_in_marks_inside_an_appositive_keeps_the_frame() {
    let text = "Headline\n\n\"We have had more successful conventions than this one,\" Texas delegate Bill Eastland, wearing a cowboy hat and \"Ted Cruz\" campaign pins, said matter-of-factly.\n";
    let got = speakers(text);
    assert_eq!(got[0].1.as_deref(), Some("Bill Eastland"), "{got:?}");
}

#[test]
fn a_participle_after_a_quote_does_not_take_the_pronoun_after_it() {
    // `he` opens what was suggested; the participle goes on with Trump.
    let text = "Headline\n\nDonald Trump spoke on Tuesday. John Kasich quit the race.\n\nTrump welcomed the news, saying the Ohio governor was \"doing the right thing,\" suggesting he might consider Kasich for the ticket.\n";
    let q = &extract("t", text).quotes[0];
    assert_eq!(q.speaker.as_deref(), Some("Donald Trump"), "{q:?}");
    assert_eq!(q.cue.as_deref(), Some("saying"), "{q:?}");
}

#[test]
fn a_quotation_opening_a_paragraph_takes_the_speaker_the_paragraph_before_announces() {
    // No frame of its own, no quote before it: the paragraph before says
    // who spoke (after an opening phrase).
    let text = "Headline\n\nDonald Trump held a rally.\n\nIn a video on Thursday, Trump speculated that the men could be part of the group.\n\n\"They're going to be pouring in. We don't know who they are,\" Trump from his desk.\n";
    let got = speakers(text);
    assert_eq!(got[0].1.as_deref(), Some("Donald Trump"), "{got:?}");
}

#[test]
fn a_comment_clause_with_as_frames_nothing_after_it() {
    // `as Rubio has said` comments on the clause before it.
    let text = "Headline\n\nMarco Rubio spoke before Donald Trump.\n\nTrump mocked his rivals and assured the crowd that his hands are not small - as Rubio has said - and he can \"guarantee\" that.\n\nThe rally ended, as a reporter put it, in an \"extreme makeover\" of the race.\n";
    let q = &extract("t", text).quotes;
    assert_eq!(q[0].speaker.as_deref(), Some("Donald Trump"), "{q:?}");
    assert_eq!(q[1].cue.as_deref(), Some("put it"), "{q:?}");
}

#[test]
fn a_document_someone_owns_speaks_for_its_author() {
    let text = "Headline\n\nMargaret Hoover praised the plan, and Rachel Hoff wrote to the committee.\n\n\"It is a start,\" Hoover said.\n\nHoff's letter makes a libertarian case: \"Followers of radical Islam hate everything we stand for.\"\n";
    let got = speakers(text);
    assert_eq!(got[1].1.as_deref(), Some("Rachel Hoff"), "{got:?}");
}

#[test]
fn a_sentence_that_ended_inside_the_marks_is_not_continued() {
    // The court, not the lawsuit of the sentence before, rules on the words.
    let text = "Headline\n\nA federal lawsuit called it a \"proxy for criminality.\" In October, the U.S. Court of Appeals reversed the decision, ruling that it could not accept \"national security\" as a reason.\n";
    let got = speakers(text);
    assert_eq!(got[1].1.as_deref(), Some("the U.S. Court of Appeals"), "{got:?}");
}

#[test]
fn an_opener_word_after_an_earlier_sentence_stands_before_the_subject() {
    let text = "Headline\n\nFirst, Donald Trump attacked Mitt Romney for being a \"failed candidate.\" Then he turned to \"little\" Marco Rubio.\n";
    let got = speakers(text);
    assert_eq!(got[1].1.as_deref(), Some("Donald Trump"), "{got:?}");
}

#[test]
fn a_cue_word_after_a_possessive_is_a_noun() {
    let text = "Headline\n\nGeoff Garin, a pollster, spoke on Monday. But he also said that Bernie Sanders's attacks have \"reinforced stereotypes that are untrue\" for Clinton.\n";
    let q = &extract("t", text).quotes[0];
    assert_eq!(q.cue.as_deref(), Some("said"), "{q:?}");
}

#[test]
fn an_object_relative_clause_is_no_appositive() {
    // The country is what was called something; the governor did the calling.
    let text = "Headline\nThe plan broke with decades of policy toward Russia, a country that the former governor, Mitt Romney, called “our top rival.”\n";
    let got = speakers(text);
    assert_eq!(got[0].1.as_deref(), Some("Mitt Romney"), "{got:?}");
}

#[test]
fn aides_to_a_person_are_his_aides() {
    let text = "Headline\nSenator Ann Lowe spoke on Monday.\nAides to Ms. Lowe have been urging party officials to adopt a ban on “junk fees.”\n";
    let got = speakers(text);
    assert_eq!(got[0].1.as_deref(), Some("Aides to Ms. Lowe"), "{got:?}");
}

#[test]
fn a_document_by_a_described_author_names_the_author_after_a_comma() {
    let text = "Headline\nVoters praise the mayor as a ''builder,'' a study by a prominent local economist, Mark T. Hollis, concluded this year.\n";
    let got = speakers(text);
    assert_eq!(got[0].1.as_deref(), Some("Mark T. Hollis"), "{got:?}");
}

#[test]
fn a_pronoun_prefers_a_person_of_its_gender_in_the_paragraph_before() {
    // Osei, a subject of no known gender, is farther back than Whitcombe.
    let text = "Headline\nQuill Osei, the finance chief, noted that costs had risen.\n\nThe plant will close in 2019.\n\nLayoffs are the last thing state Senator Dana Whitcombe wants to hear about. Her district includes the plant.\n\n“We built this town,” she said.\n";
    let got = speakers(text);
    assert_eq!(got[1].1.as_deref(), Some("Dana Whitcombe"), "{got:?}");
}

#[test]
fn a_frame_joined_by_a_comma_to_the_next_quote_introduces_that_quote() {
    let text = "Headline\nAmbassador Ruth Ames flew to the capital with the mayor and his wife, ''at the invitation of the governor.'' Mr. Kern replied, ''That is good news.''\n";
    let got = speakers(text);
    assert_eq!(got[0].1.as_deref(), Some("Ruth Ames"), "{got:?}");
    assert_eq!(got[1].1.as_deref(), Some("Kern"), "{got:?}");
}

#[test]
fn a_title_held_by_men_only_shows_a_man() {
    let text = "Headline\nPope Anselm visited the border on Sunday.\n\n“We must build bridges,” the Vatican spokesman, Marco Ferri, told reporters.\n\nIndeed, Anselm's message is a moral one, as he laments a “culture of waste.”\n";
    let got = speakers(text);
    assert_eq!(got[1].1.as_deref(), Some("Anselm"), "{got:?}");
}

#[test]
fn a_subordinate_clause_that_a_dash_set_quote_completes_names_its_speaker() {
    let text = "Headline\n\nDonald Trump spoke for an hour.\n\nWhen Trump finally wrapped up — \"I will fight for you, and I will win for you!\" — the balloons came down.\n";
    let got = speakers(text);
    assert_eq!(got[0].1.as_deref(), Some("Donald Trump"), "{got:?}");
}

#[test]
fn a_paragraph_about_the_speaker_between_quotes_keeps_the_follow_on() {
    let text = "Headline\n\n\"The comments were outrageous,\" said Cecile Richards, the group's president.\n\nRichards also spoke about the case before the court.\n\n\"Roe v. Wade is the law of the land.\"\n";
    let got = speakers(text);
    assert_eq!(got[1].1.as_deref(), Some("Cecile Richards"), "{got:?}");
}

#[test]
fn a_participle_after_the_object_of_a_cue_does_not_frame_the_quote() {
    // The report is what was called outrageous; the spokesman called it so.
    let text = "Headline\n\nA spokesman for Senator Ann Lowe called a report suggesting donors were granted greater access \"outrageous.\"\n";
    let q = &extract("t", text).quotes[0];
    assert_eq!(q.cue.as_deref(), Some("called"), "{q:?}");
    assert_eq!(q.speaker.as_deref(), Some("A spokesman for Senator Ann Lowe"), "{q:?}");
}

#[test]
fn a_cue_inside_a_subordinate_clause_frames_nothing_past_its_comma() {
    let text = "Headline\n\nDonald Trump spoke last.\n\nBoos rained down when Trump mentioned his rival, and at one point the crowd reprised the chant \"Lock her up!\" again.\n";
    let q = &extract("t", text).quotes[0];
    assert_ne!(q.cue.as_deref(), Some("mentioned"), "{q:?}");
    assert_ne!(q.speaker.as_deref(), Some("Donald Trump"), "{q:?}");
}
