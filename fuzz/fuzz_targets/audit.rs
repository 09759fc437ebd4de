//! Fuzz target: the cross-article audit (`quotecheck::xref::audit`) over
//! the quotes extracted from two to four small articles.
//!
//! The input is split into articles at NUL bytes (at most four; with no
//! NUL, in two halves). Besides "no panic", it checks that the findings do
//! not depend on the order of the articles and that every finding points
//! at quotes that exist.

#![no_main]

use libfuzzer_sys::fuzz_target;
use quotecheck::{ArticleMeta, Quote};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut parts: Vec<&str> = text.splitn(4, '\0').collect();
    if parts.len() < 2 {
        let mut mid = text.len() / 2;
        while !text.is_char_boundary(mid) {
            mid += 1;
        }
        parts = vec![&text[..mid], &text[mid..]];
    }
    let mut quotes: Vec<Quote> = Vec::new();
    let mut metas: Vec<ArticleMeta> = Vec::new();
    for (i, part) in parts.iter().enumerate() {
        let ex = quotecheck::extract(&format!("a{i}"), part);
        quotes.extend(ex.quotes);
        metas.push(ex.meta);
    }
    let findings = quotecheck::xref::audit(&quotes, &metas);
    for f in &findings {
        for r in &f.quotes {
            let exists = quotes
                .iter()
                .any(|q| q.article == r.article && q.index == r.index && q.start == r.start);
            assert!(exists, "finding {} points at a quote that does not exist: {r:?}", f.id);
        }
    }
    quotes.reverse();
    metas.reverse();
    let reversed = quotecheck::xref::audit(&quotes, &metas);
    let a = serde_json::to_string(&findings).expect("findings serialize");
    let b = serde_json::to_string(&reversed).expect("findings serialize");
    assert_eq!(a, b, "findings depend on the order of the articles");
});
