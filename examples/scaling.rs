//! Times `quotecheck::extract` on pathological articles of size n and 4n
//! and prints the ratio of the two times: about 4 for linear work, about 16
//! for quadratic (the last column: the same for the layout and lexer
//! alone). Run in release:
//!
//! ```text
//! cargo run --release --example scaling            # default n
//! cargo run --release --example scaling -- 50000   # n, in units per case
//! cargo run --release --example scaling -- 500 unmatched_open
//! cargo run --release --example scaling -- 100000 all lex   # lexer only
//! ```
//!
//! The inputs are built here, never read from files, so that nothing big
//! is committed. The same builders (at small sizes) are in
//! `tests/hostile.rs`.

use std::time::{Duration, Instant};

/// One class of hostile input: its name and a builder from a size unit.
struct Case {
    name: &'static str,
    build: fn(usize) -> String,
}

/// `n` sentences with a quote and a speaker, all on one line.
fn one_line(n: usize) -> String {
    "Kim Jong Un said, “We will win this time.” The talks went on. ".repeat(n)
}

/// `n` opening marks that never close, in one paragraph.
fn unmatched_open(n: usize) -> String {
    "“word ".repeat(n)
}

/// `n` closing marks with nothing open.
fn unmatched_close(n: usize) -> String {
    "word” ".repeat(n)
}

/// `n` straight double quotes with words between (they pair up).
fn straight(n: usize) -> String {
    "\"word ".repeat(n)
}

/// Quotes nested `n` deep, alternating double and single marks.
fn nested(n: usize) -> String {
    let mut s = String::from("Ri said, ");
    for i in 0..n {
        s.push_str(if i % 2 == 0 { "“level " } else { "‘level " });
    }
    s.push_str("core");
    for i in (0..n).rev() {
        s.push_str(if i % 2 == 0 { "”" } else { "’" });
    }
    s.push_str(" he added.\n");
    s
}

/// `n` opening single marks: as many nested quotes, none closed.
fn open_singles(n: usize) -> String {
    "‘".repeat(n)
}

/// One paragraph of apostrophes only.
fn apostrophes(n: usize) -> String {
    "'’ ".repeat(n)
}

/// Right-to-left text and combining marks around quotes.
fn rtl_combining(n: usize) -> String {
    "قال المتحدث «نحن هنا» ו־“שלום” e\u{301}\u{302}\u{303} ".repeat(n)
}

/// `n` short paragraphs, each with a quote (the ordinary shape, for
/// scale). Numbered: a line repeated word for word is page furniture.
fn many_paragraphs(n: usize) -> String {
    (0..n).map(|i| format!("“We are ready for round {i},” Moon said on Tuesday.\n\n")).collect()
}

const CASES: &[Case] = &[
    Case { name: "one_line", build: one_line },
    Case { name: "many_paragraphs", build: many_paragraphs },
    Case { name: "unmatched_open", build: unmatched_open },
    Case { name: "unmatched_close", build: unmatched_close },
    Case { name: "straight", build: straight },
    Case { name: "nested", build: nested },
    Case { name: "open_singles", build: open_singles },
    Case { name: "apostrophes", build: apostrophes },
    Case { name: "rtl_combining", build: rtl_combining },
];

/// Time of the whole extraction, and the number of quotes.
fn time(text: &str) -> (Duration, usize) {
    let start = Instant::now();
    let ex = quotecheck::extract("scaling", text);
    (start.elapsed(), ex.quotes.len())
}

/// Time of the layout and the lexer alone (no attribution, no records),
/// to tell which stage grows too fast. Every paragraph is lexed as body
/// text, even one the layout would set aside as page furniture.
fn time_lexer(text: &str) -> Duration {
    let start = Instant::now();
    let mut layout = quotecheck::article::parse("scaling", text);
    for p in &mut layout.paragraphs {
        p.role = quotecheck::article::Role::Body;
    }
    let _ = quotecheck::lexer::lex(text, &layout.paragraphs);
    start.elapsed()
}

fn ratio(t1: Duration, t4: Duration) -> f64 {
    t4.as_secs_f64() / t1.as_secs_f64().max(1e-9)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(2_000);
    let only = args.next().filter(|c| c != "all");
    // `lex`: time the layout and lexer only, for sizes where a slow
    // attribution would take too long.
    let lex_only = args.next().is_some_and(|a| a == "lex");
    println!(
        "{:<16} {:>9} {:>10} {:>10} {:>7} {:>7} {:>8}",
        "case", "bytes(n)", "t(n)", "t(4n)", "quotes", "ratio", "lex only"
    );
    for case in CASES.iter().filter(|c| only.as_deref().is_none_or(|o| o == c.name)) {
        let small = (case.build)(n);
        let big = (case.build)(4 * n);
        let lex = ratio(time_lexer(&small), time_lexer(&big));
        let ((t1, _), (t4, q)) = if lex_only {
            ((Duration::ZERO, 0), (Duration::ZERO, 0))
        } else {
            (time(&small), time(&big))
        };
        println!(
            "{:<16} {:>9} {:>9.3}s {:>9.3}s {:>7} {:>7.1} {:>8.1}",
            case.name,
            small.len(),
            t1.as_secs_f64(),
            t4.as_secs_f64(),
            q,
            ratio(t1, t4),
            lex
        );
    }
}
