//! Regression tests: inputs that once crashed, hung or blew up, each kept
//! as the smallest input that shows it.
//!
//! `fuzz_<n>`: found by the fuzz targets in `fuzz/`; `linear_*` and
//! `bounded_*`: found by `examples/scaling.rs`, which times the shapes of
//! `tests/hostile.rs` at n and 4n. A test that still fails is `#[ignore]`d
//! with the function at fault named; run them with
//! `cargo test --test regression -- --ignored`.
//!
//! Time limits are generous for a debug build on a loaded machine: linear
//! work on these sizes takes a few seconds at most, quadratic work takes
//! many minutes, so a limit in between tells them apart without being
//! flaky.

use std::sync::mpsc;
use std::sync::Arc;
use std::time::Duration;

use quotecheck::article::{Paragraph, Role};
use quotecheck::lexer::RawQuote;
use quotecheck::{Extraction, Span};

/// Time allowed for one input. The largest input takes about 30 s of CPU
/// in a debug build, and up to twice that in wall time when other builds
/// share the machine; the quadratic versions took many minutes in release.
const BUDGET: Duration = Duration::from_secs(150);

/// Runs `f` on `text` in its own thread and returns its result, or panics
/// if it takes more than `BUDGET`.
fn within_budget<T: Send + 'static>(
    name: &str,
    text: String,
    f: impl FnOnce(&str) -> T + Send + 'static,
) -> T {
    let (tx, rx) = mpsc::channel();
    let len = text.len();
    let text = Arc::new(text);
    std::thread::spawn(move || {
        let _ = tx.send(f(&text));
    });
    match rx.recv_timeout(BUDGET) {
        Ok(v) => v,
        Err(mpsc::RecvTimeoutError::Timeout) => {
            panic!("{name}: {len} bytes took over {BUDGET:?}")
        }
        Err(mpsc::RecvTimeoutError::Disconnected) => panic!("{name}: panicked"),
    }
}

fn extract(text: &str) -> Extraction {
    quotecheck::extract("regression", text)
}

/// Lexes the whole text as one body paragraph.
fn lex_one_paragraph(text: &str) -> Vec<RawQuote> {
    let para = Paragraph { span: Span::new(0, text.len()), role: Role::Body };
    quotecheck::lexer::lex(text, &[para]).0
}

/// A one-line dump: 1 MB of sentences with a quote each, no line break.
///
/// Quadratic in `attribution::Context::masked_before`: for every quote it
/// copies the paragraph from its start up to the quote, and
/// `attribution::repair` and `verb::last_sentence_end` then walk that copy,
/// so the cost is (quotes × line length). Measured in release: 33 KB
/// takes 0.06 s, 132 KB 0.8 s (×14 for ×4).
#[test]
fn linear_one_line_article() {
    let text = "Kim Jong Un said, “We will win this time.” The talks went on. ".repeat(16_000);
    let ex = within_budget("one line", text, extract);
    assert_eq!(ex.quotes.len(), 16_000);
}

/// Quotes in a paragraph with no sentence end before them (here Arabic
/// and Hebrew with combining marks, no full stop).
///
/// Quadratic: with no sentence end, the attribution window `before` is the
/// whole paragraph up to the quote, and `verb::pre_attribution` (through
/// `verb::word_starts` and `verb::speech_verb`), `outlet::find_outlet` and
/// `date::find_dates` (on `format!("{before} {after}")` in
/// `Context::attribute_one`) each walk it for every quote. Measured in
/// release: 33 KB takes 2.7 s, 134 KB 50 s (×18 for ×4).
#[test]
fn linear_paragraph_without_sentence_end() {
    let text = "قال المتحدث «نحن هنا» ו־“שלום” e\u{301}\u{302}\u{303} ".repeat(2_000);
    let ex = within_budget("no sentence end", text, extract);
    assert_eq!(ex.quotes.len(), 4_000);
}

/// Many short paragraphs with a quote each: the ordinary shape of an
/// article, only long (a 6 MB dump of 100,000 paragraphs).
///
/// Quadratic in `attribution::Context::masked_before`: it scans every
/// earlier quote of the article (`self.quotes[..qi]`), not only those of
/// the quote's paragraph. Measured in release: 50,000 quotes take 6 s,
/// 200,000 take 113 s (×19 for ×4).
#[test]
fn linear_many_quoted_paragraphs() {
    let text: String = (0..100_000)
        .map(|i| format!("“We are ready for round {i},” Moon said on Tuesday.\n\n"))
        .collect();
    let ex = within_budget("many paragraphs", text, extract);
    assert_eq!(ex.quotes.len(), 100_000);
}

/// 200,000 opening single marks: as many nested open quotes.
///
/// Quadratic in `lexer::Lexer::classify`: `double_open` and `single_open`
/// are computed for every mark with `has_open`, a scan of the whole stack
/// of open quotes, so each mark costs time in the nesting depth (and
/// `Lexer::close` scans it again with `rposition`). In a debug build
/// 50,000 marks take 4.5 s.
#[test]
fn linear_deep_stack_of_open_quotes() {
    let quotes = within_budget("open singles", "‘".repeat(200_000), lex_one_paragraph);
    assert!(quotes.len() <= 200_000);
}

/// 100,000 opening double marks that never close, in one paragraph.
///
/// `lexer::lex` nests each in the one before and cuts every one at the
/// paragraph end (`Lexer::cut_all`), so n marks give n quotes whose texts
/// add up to n²/2 words: the records of this 600 KB paragraph would hold
/// about 30 GB of text (measured in release: 16,000 marks, 128 KB, need
/// 1 GB). Records may repeat nested text, but not without bound; this
/// asserts they hold at most 16 times the input.
#[test]
fn bounded_output_for_unmatched_openers() {
    let text = "“word ".repeat(100_000);
    let len = text.len();
    let quotes = within_budget("unmatched openers", text, lex_one_paragraph);
    let total: usize = quotes.iter().map(|q| q.inner.len()).sum();
    assert!(total <= 16 * len, "{} quotes hold {total} bytes of {len}", quotes.len());
}
