//! Fuzz target: the whole extraction of one article (`quotecheck::extract`:
//! layout, lexer, attribution, lowering) and every export format.
//!
//! Any byte string is an article: invalid UTF-8 is decoded as
//! `extract --lossy` does. Besides "no panic", it checks the record
//! contract on whatever comes out.

#![no_main]

use libfuzzer_sys::fuzz_target;
use quotecheck::export::{Format, Writer};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let ex = quotecheck::extract("fuzz", &text);
    for (i, q) in ex.quotes.iter().enumerate() {
        assert_eq!(q.index, i, "quotes are numbered in order");
        assert!(
            q.start <= q.end && q.end <= text.len(),
            "span {}..{} out of the text",
            q.start,
            q.end
        );
        assert_eq!(
            text.get(q.start..q.end),
            Some(q.text.as_str()),
            "quote {i} does not slice the text"
        );
        if let Some(p) = q.parent {
            assert!(p < i, "quote {i} nested in a later quote {p}");
        }
        for field in [&q.speaker, &q.speaker_key, &q.role, &q.cue, &q.outlet, &q.via, &q.date] {
            assert_ne!(field.as_deref(), Some(""), "an empty string in an optional field");
        }
    }
    for d in &ex.diagnostics {
        assert!(d.offset <= text.len(), "diagnostic offset {} past the end", d.offset);
    }
    for format in Format::ALL {
        let mut w = Writer::new(format, Vec::new());
        w.write(&ex).expect("writing to memory cannot fail");
        let out = w.finish().expect("writing to memory cannot fail");
        if format == Format::Jsonl {
            let lines = out.split(|&b| b == b'\n').filter(|l| !l.is_empty()).count();
            assert_eq!(lines, ex.quotes.len(), "one JSONL record per quote");
        }
    }
});
