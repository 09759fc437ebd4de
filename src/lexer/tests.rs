use super::*;
use crate::article;

/// Lexes `text` (one paragraph a line) and returns each quote's inner text.
fn quotes(text: &str) -> Vec<String> {
    let layout = article::parse("t", &format!("Headline\n{text}"));
    let full = format!("Headline\n{text}");
    let (qs, _) = lex(&full, &layout.paragraphs);
    qs.iter().map(|q| q.inner.slice(&full).to_string()).collect()
}

fn lex_all(text: &str) -> (Vec<RawQuote>, Vec<LexDiagnostic>) {
    let layout = article::parse("t", text);
    lex(text, &layout.paragraphs)
}

#[test]
fn mark_accepts_double_apostrophe_before_single() {
    let (rest, def) = mark("''That").unwrap();
    assert_eq!((rest, def.mark), ("That", "''"));
    let (rest, def) = mark("'em").unwrap();
    assert_eq!((rest, def.mark), ("em", "'"));
}

#[test]
fn mark_rejects_prose() {
    assert!(mark("said").is_err());
}

#[test]
fn mark_start_offset_knows_every_mark_start() {
    for c in "\"'«»‹›‘’‚“”„".chars() {
        assert!(is_mark_start(c));
        assert_eq!(mark_start_offset(&format!("ab{c}")), 2, "{c}");
    }
    // Same lead bytes, no mark: an em dash, an ellipsis, a euro sign.
    assert_eq!(mark_start_offset("a—…€\u{a0}"), "a—…€\u{a0}".len());
}

#[test]
fn text_run_stops_at_marks() {
    assert_eq!(text_run("Moon said, “In"), Ok(("“In", "Moon said, ")));
    assert!(text_run("“In").is_err());
}

#[test]
fn paragraph_accepts_curly_quote_with_apostrophes_inside() {
    let q = quotes(
        "“Easing sanctions isn’t the only item on the agenda of the summit,” the article said.",
    );
    assert_eq!(q, ["Easing sanctions isn’t the only item on the agenda of the summit,"]);
}

#[test]
fn paragraph_rejects_possessive_apostrophes_as_marks() {
    // Seed sentences where a trailing ’ is a possessive, never a closer.
    assert!(quotes("the touchstone for determining the US’ sincerity about it").is_empty());
    assert!(quotes("after being derailed by the two sides’ failure to agree").is_empty());
    assert!(quotes("John Bolton said on CBS’ Face the Nation that").is_empty());
    assert!(quotes("That they decided Kim Hyok-chol’s next round isn’t clear.").is_empty());
}

#[test]
fn paragraph_accepts_single_curly_terms() {
    let q = quotes(
        "a new card that surpasses the ‘Hanoi No Deal’?which effectively caused the breakdown",
    );
    assert_eq!(q, ["Hanoi No Deal"]);
}

#[test]
fn paragraph_accepts_nested_single_in_double() {
    let text = "Headline\nRi said that “It wanted relief, and in exchange it would offer up the ‘nuclear production facilities in the Yongbyon area,’” Panda reported.";
    let (qs, diags) = lex_all(text);
    assert_eq!(qs.len(), 2, "{qs:?}");
    assert_eq!(qs[1].parent, Some(0));
    assert_eq!(qs[1].inner.slice(text), "nuclear production facilities in the Yongbyon area,");
    assert!(diags.is_empty());
}

#[test]
fn paragraph_accepts_newswire_double_apostrophes() {
    let q =
        quotes("''That wasn't a good way to treat me,'' he complained to an American afterward.");
    assert_eq!(q, ["That wasn't a good way to treat me,"]);
}

#[test]
fn paragraph_accepts_triple_apostrophe_closing_two_quotes() {
    let q = quotes("''I said, 'The lesson is there shouldn't be daylight,''' he recalled.");
    assert_eq!(
        q,
        [
            "I said, 'The lesson is there shouldn't be daylight,'",
            "The lesson is there shouldn't be daylight,"
        ]
    );
}

#[test]
fn paragraph_accepts_straight_quotes() {
    let q = quotes(
        r#"Bloomberg said it was "impossible" for him, and "his chances are slim," says Stone."#,
    );
    assert_eq!(q, ["impossible", "his chances are slim,"]);
}

#[test]
fn paragraph_rejects_inch_marks_and_elisions() {
    assert!(quotes(r#"He is 5'11" tall and rock 'n' roll fans in the '90s loved 'em."#).is_empty());
}

#[test]
fn paragraph_accepts_guillemets_and_low_marks() {
    assert_eq!(quotes("Il a dit « non merci » hier."), ["non merci"]);
    assert_eq!(quotes("Er sagte „Nein“ gestern."), ["Nein"]);
}

#[test]
fn multi_paragraph_quote_is_one_quote() {
    let text = "Headline\n“The first paragraph runs on.\n“The second one closes,” he said.\nAfter.";
    let (qs, diags) = lex_all(text);
    assert_eq!(qs.len(), 1, "{qs:?}");
    assert_eq!(qs[0].inner.slice(text), "The first paragraph runs on.\n“The second one closes,");
    assert_eq!((qs[0].paragraph, qs[0].last_paragraph), (1, 2));
    assert!(diags.is_empty());
}

#[test]
fn unclosed_quote_is_cut_at_paragraph_end() {
    let text =
        "Headline\nHe said “this never closes.\nThe next paragraph has “its own quote” here.";
    let (qs, diags) = lex_all(text);
    assert_eq!(qs.len(), 2);
    assert_eq!(qs[0].inner.slice(text), "this never closes.");
    assert_eq!(qs[0].close, None);
    assert_eq!(qs[1].inner.slice(text), "its own quote");
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0].kind, DiagnosticKind::UnclosedQuote);
}

#[test]
fn stray_closer_is_a_diagnostic() {
    let (qs, diags) = lex_all("Headline\nthe end” of it");
    assert!(qs.is_empty());
    assert_eq!(diags[0].kind, DiagnosticKind::StrayClose);
}

#[test]
fn empty_quotes_are_dropped() {
    assert!(quotes("an empty “” pair").is_empty());
}

#[test]
fn deep_nesting_does_not_recurse() {
    let text = format!("Headline\n{}x{}", "“‘".repeat(2000), "’”".repeat(2000));
    let (qs, _) = lex_all(&text);
    assert_eq!(qs.len(), 4000);
    assert_eq!(qs[3999].parent, Some(3998));
}

#[test]
fn grammar_file_and_rules_agree() {
    let ebnf = include_str!("../../grammar/quote.ebnf");
    let names: Vec<&str> =
        ebnf.lines().filter_map(|l| l.split_once("::=").map(|(n, _)| n.trim())).collect();
    for n in &names {
        assert!(RULES.contains(n), "rule {n} of quote.ebnf has no parser in lexer.rs");
    }
    for r in RULES {
        assert!(names.contains(r), "parser {r} is not in quote.ebnf");
    }
}

mod props {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]
        #[test]
        fn lexer_never_panics_and_spans_are_sound(s in "\\PC*") {
            let layout = article::parse("p", &s);
            let (qs, _) = lex(&s, &layout.paragraphs);
            for q in &qs {
                prop_assert!(q.open.end <= q.inner.start && q.inner.start <= q.inner.end);
                prop_assert!(s.is_char_boundary(q.inner.start) && s.is_char_boundary(q.inner.end));
                if let Some(p) = q.parent { prop_assert!(qs[p].inner.contains(q.inner)); }
            }
        }

        #[test]
        fn mark_start_offset_finds_the_first_mark_start(
            s in "[a ’‘‚“”„‹›«»'\"—–…€\u{2000}-\u{20FF}\u{80}-\u{FF}]{0,40}"
        ) {
            prop_assert_eq!(mark_start_offset(&s), s.find(is_mark_start).unwrap_or(s.len()));
        }

        #[test]
        fn lexer_survives_mark_soup(s in "[“”‘’'\"«»„ a\\n]{0,200}") {
            let layout = article::parse("p", &s);
            let (qs, _) = lex(&s, &layout.paragraphs);
            for q in &qs {
                prop_assert!(s.is_char_boundary(q.inner.start) && s.is_char_boundary(q.inner.end));
            }
        }
    }
}

#[test]
fn paragraph_accepts_mixed_curly_and_straight_marks() {
    let q =
        quotes("“We are going to win so much,\" Trump said. \"You are going to be so happy.” Then");
    assert_eq!(q, ["We are going to win so much,", "You are going to be so happy."]);
}

#[test]
fn markup_attribute_values_are_not_quotes() {
    let text = "Cruz posted:\n<tweet tweet-author=\"@tedcruz\" tweet-date=\"January 19, 2016\n\">I love the people of Iowa.\nHe said \"thanks\" later.\n";
    assert_eq!(quotes(text), vec!["thanks".to_string()]);
    let (_, diagnostics) = lex_all(&format!("Headline\n{text}"));
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
}
