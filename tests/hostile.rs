//! Hostile and broken input: what newsroom archives hold besides clean
//! articles. Broken encodings, binary files, empty and unreadable files,
//! paths that vanish, byte order marks and CRLF line ends (through the
//! `quotecheck` binary), and pathological text (through the library).
//!
//! Every input here is built by the test; nothing big is committed. The
//! pathological cases run at sizes that keep a debug `cargo test` fast;
//! `examples/scaling.rs` times the same shapes at n and 4n in release to
//! catch work that grows faster than the input.

mod util;

use std::fs;
use std::path::Path;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use proptest::prelude::*;
use quotecheck::{Extraction, Quote, Span};
use util::{run, stderr, stdout};

// ---------------------------------------------------------------------
// Helpers

/// An article with two attributable quotes, `tag` making it unique.
fn article(tag: &str) -> String {
    format!(
        "Talks resume in {tag}\n\n\
         Kim Jong Un said, “We will not give up the {tag} plan.”\n\n\
         “The door is open,” Moon Jae-in told reporters on Tuesday.\n"
    )
}

fn path_str(p: &Path) -> &str {
    p.to_str().expect("temporary paths are UTF-8")
}

/// The JSONL records of a run, as quotes.
fn records(out: &str) -> Vec<Quote> {
    out.lines().map(|l| serde_json::from_str(l).expect("a JSONL quote record")).collect()
}

/// The articles that gave at least one record.
fn articles_of(quotes: &[Quote]) -> Vec<String> {
    let mut ids: Vec<String> = quotes.iter().map(|q| q.article.clone()).collect();
    ids.dedup();
    ids
}

/// The summary line (the last line of standard error).
fn summary(err: &str) -> &str {
    err.lines().last().unwrap_or_default()
}

/// True when this process can read a file whose mode is 000, as root can.
#[cfg(unix)]
fn permissions_are_not_enforced(dir: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    let probe = dir.join("probe");
    fs::write(&probe, "x").unwrap();
    fs::set_permissions(&probe, fs::Permissions::from_mode(0o000)).unwrap();
    let readable = fs::read(&probe).is_ok();
    fs::set_permissions(&probe, fs::Permissions::from_mode(0o644)).unwrap();
    fs::remove_file(&probe).unwrap();
    readable
}

// ---------------------------------------------------------------------
// Encodings

#[test]
fn invalid_utf8_names_file_and_offset_and_the_rest_is_processed() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("a.txt"), article("Hanoi")).unwrap();
    // A Latin-1 "é" (0xE9) at byte 12, after a UTF-8 one: the offset counts
    // bytes, not characters.
    let mut bad = b"Caf\xc3\xa9 in Caf\xe9 closes\n\n".to_vec();
    bad.extend_from_slice(article("Paris").as_bytes());
    fs::write(d.join("b.txt"), &bad).unwrap();
    fs::write(d.join("c.txt"), article("Seoul")).unwrap();

    let out = run(&["extract", "-f", "jsonl", path_str(d)]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    let line =
        format!("quotecheck: {}: invalid UTF-8 at byte offset 12\n", d.join("b.txt").display());
    assert!(err.contains(&line), "{err}");
    let quotes = records(&stdout(&out));
    assert_eq!(articles_of(&quotes), ["a", "c"]);
    assert_eq!(summary(&err), format!("quotecheck: 2 articles, {} quotes, 1 failed", quotes.len()));
}

#[test]
fn lossy_replaces_bad_bytes_warns_and_processes_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("latin1.txt");
    // Two bad bytes (Latin-1 é) before the quote, so its offsets shift.
    let raw = b"Caf\xe9 owners meet\n\nThe caf\xe9 owner Kim Min-ji said, \
                \xe2\x80\x9cWe will stay open all winter.\xe2\x80\x9d\n"
        .to_vec();
    fs::write(&path, &raw).unwrap();

    let strict = run(&["extract", "-f", "jsonl", path_str(&path)]);
    assert_eq!(strict.status.code(), Some(2));
    assert_eq!(stdout(&strict), "");

    let out = run(&["extract", "-f", "jsonl", "--lossy", path_str(&path)]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    let warning = format!(
        "quotecheck: warning: {}: invalid UTF-8 at byte offset 3 and 1 more replaced by U+FFFD",
        path.display()
    );
    assert!(err.starts_with(&warning), "{err}");
    let quotes = records(&stdout(&out));
    let q = quotes.iter().find(|q| q.text.starts_with("We will stay open")).expect("the quote");
    // Offsets count bytes of the decoded text (each U+FFFD is 3 bytes where
    // the file had 1), as `--help` says.
    let decoded = String::from_utf8_lossy(&raw);
    assert_eq!(&decoded[q.start..q.end], q.text);
    assert_ne!(raw.get(q.start..q.end), Some(q.text.as_bytes()));
    assert!(summary(&err).starts_with("quotecheck: 1 articles, "), "{err}");
}

#[test]
fn empty_standard_input_is_skipped_with_a_warning() {
    let out = util::quotecheck()
        .args(["extract", "-f", "jsonl", "-"])
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.starts_with("quotecheck: warning: <stdin>: empty file, skipped\n"), "{err}");
    assert_eq!(summary(&err), "quotecheck: 0 articles, 0 quotes, 0 failed, 1 skipped");
}

#[test]
fn utf8_bom_and_crlf_offsets_slice_the_file_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bom.txt");
    let text = article("Singapore").replace('\n', "\r\n");
    let raw = [b"\xef\xbb\xbf".as_slice(), text.as_bytes()].concat();
    fs::write(&path, &raw).unwrap();

    let out = run(&["extract", "-f", "jsonl", path_str(&path)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let quotes = records(&stdout(&out));
    assert_eq!(quotes.len(), 2, "{quotes:?}");
    for q in &quotes {
        assert_eq!(&raw[q.start..q.end], q.text.as_bytes(), "{q:?}");
        assert!(!q.text.contains('\r'), "{q:?}");
    }
    // The same article without the mark and with LF gives the same quotes
    // three bytes earlier, CRLF aside.
    let plain = quotecheck::extract("bom", &article("Singapore"));
    let texts: Vec<&str> = plain.quotes.iter().map(|q| q.text.as_str()).collect();
    assert_eq!(texts, quotes.iter().map(|q| q.text.as_str()).collect::<Vec<_>>());
}

#[test]
fn crlf_inside_a_quote_runs_over_paragraphs_and_still_slices() {
    // A quotation continued over two paragraphs, the news way (no closing
    // mark at the end of the first), with CRLF line ends.
    let text = "Head\r\n\r\nMoon said, “We will meet again.\r\n\r\n\
                “And we will agree,” he said.\r\n";
    let ex = quotecheck::extract("crlf", text);
    assert!(!ex.quotes.is_empty());
    for q in &ex.quotes {
        assert_eq!(&text[q.start..q.end], q.text, "{q:?}");
    }
}

// ---------------------------------------------------------------------
// Files that are not articles

#[test]
fn binary_and_empty_files_are_skipped_with_a_warning_each() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("a.txt"), article("Hanoi")).unwrap();
    fs::write(d.join("b.txt"), b"GIF89a\x01\x00\x01\x00\x00\xff").unwrap();
    fs::write(d.join("c.txt"), b"").unwrap();
    fs::write(d.join("d.txt"), b"\r\n \t\n").unwrap();
    fs::write(d.join("e.txt"), b"\xef\xbb\xbf\n").unwrap();

    let out = run(&["extract", "-f", "jsonl", path_str(d)]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    let warn =
        |name: &str, what: &str| format!("quotecheck: warning: {}: {what}", d.join(name).display());
    assert!(err.contains(&warn("b.txt", "binary file (NUL byte at offset 7), skipped")), "{err}");
    for name in ["c.txt", "d.txt", "e.txt"] {
        assert!(err.contains(&warn(name, "empty file, skipped")), "{name}: {err}");
    }
    assert_eq!(articles_of(&records(&stdout(&out))), ["a"]);
    assert!(summary(&err).ends_with(" 0 failed, 4 skipped"), "{err}");
}

#[test]
fn directories_without_articles_warn_and_fail_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::create_dir_all(d.join("empty")).unwrap();
    fs::create_dir_all(d.join("other/deeper")).unwrap();
    fs::write(d.join("other/deeper/photo.jpg"), b"\xff\xd8\xff").unwrap();
    fs::write(d.join("a.txt"), article("Hanoi")).unwrap();

    let (empty, other) = (d.join("empty"), d.join("other"));
    let out = run(&["extract", "-f", "jsonl", path_str(&empty), path_str(&other), path_str(d)]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    for p in [&empty, &other] {
        let line =
            format!("quotecheck: warning: {}: no *.txt files in this directory", p.display());
        assert!(err.contains(&line), "{err}");
    }
    assert!(summary(&err).starts_with("quotecheck: 1 articles, "), "{err}");
    assert!(summary(&err).ends_with(", 0 failed"), "{err}");
}

#[test]
fn a_path_that_is_gone_is_an_error_and_the_run_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("a.txt"), article("Hanoi")).unwrap();
    fs::write(d.join("c.txt"), article("Seoul")).unwrap();
    // Named on the command line, then deleted before the run reaches it.
    let gone = d.join("b.txt");
    fs::write(&gone, article("Paris")).unwrap();
    fs::remove_file(&gone).unwrap();

    let out = run(&[
        "extract",
        "-f",
        "jsonl",
        path_str(&d.join("a.txt")),
        path_str(&gone),
        path_str(&d.join("c.txt")),
    ]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.starts_with(&format!("quotecheck: {}: ", gone.display())), "{err}");
    assert_eq!(err.lines().count(), 2, "one error and the summary: {err}");
    assert_eq!(articles_of(&records(&stdout(&out))), ["a", "c"]);
    assert!(summary(&err).ends_with(" 1 failed"), "{err}");
}

#[cfg(unix)]
#[test]
fn a_dangling_link_in_a_directory_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("a.txt"), article("Hanoi")).unwrap();
    // A file listed in the directory whose target has vanished.
    std::os::unix::fs::symlink(d.join("deleted.txt"), d.join("b.txt")).unwrap();

    let out = run(&["extract", "-f", "jsonl", path_str(d)]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.lines().any(|l| l.starts_with("quotecheck: ") && l.contains("b.txt")), "{err}");
    assert_eq!(articles_of(&records(&stdout(&out))), ["a"]);
    assert!(summary(&err).ends_with(" 1 failed"), "{err}");
}

#[cfg(unix)]
#[test]
fn unreadable_files_and_directories_are_errors_naming_them() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    if permissions_are_not_enforced(d) {
        eprintln!("skipped: this process reads mode-000 files (running as root?)");
        return;
    }
    fs::write(d.join("a.txt"), article("Hanoi")).unwrap();
    fs::write(d.join("locked.txt"), article("Paris")).unwrap();
    fs::create_dir(d.join("sealed")).unwrap();
    fs::write(d.join("sealed/inside.txt"), article("Seoul")).unwrap();
    for p in ["locked.txt", "sealed"] {
        fs::set_permissions(d.join(p), fs::Permissions::from_mode(0o000)).unwrap();
    }

    let out = run(&["extract", "-f", "jsonl", path_str(d)]);
    for p in ["locked.txt", "sealed"] {
        // Restored first, so that a failed assertion still cleans up.
        let mode = if p == "sealed" { 0o755 } else { 0o644 };
        fs::set_permissions(d.join(p), fs::Permissions::from_mode(mode)).unwrap();
    }
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    for p in ["locked.txt", "sealed"] {
        let named = format!("quotecheck: {}: ", d.join(p).display());
        assert!(err.lines().any(|l| l.starts_with(&named)), "{p}: {err}");
    }
    assert_eq!(articles_of(&records(&stdout(&out))), ["a"]);
    assert!(summary(&err).ends_with(" 2 failed"), "{err}");
}

#[test]
fn audit_skips_binary_files_and_names_unreadable_ones() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("a.txt"), article("Hanoi")).unwrap();
    fs::write(d.join("b.txt"), article("Paris")).unwrap();
    fs::write(d.join("c.txt"), b"\x89PNG\r\n\x1a\n\x00\x00").unwrap();
    let out = run(&["audit", path_str(d)]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    let line = format!(
        "quotecheck: warning: {}: binary file (NUL byte at offset 8), skipped\n",
        d.join("c.txt").display()
    );
    assert_eq!(err, line);
    assert!(stdout(&out).starts_with("quotecheck audit: 2 article(s)"), "{}", stdout(&out));

    // An article that cannot be read would change the findings: the run
    // stops, naming it.
    fs::write(d.join("d.txt"), b"Caf\xe9").unwrap();
    let out = run(&["audit", path_str(d)]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    let line =
        format!("quotecheck: {}: invalid UTF-8 at byte offset 3\n", d.join("d.txt").display());
    assert!(err.ends_with(&line), "{err}");
}

/// A directory holding one of every kind of trouble: each input is either
/// an article or named on standard error, and the summary adds up.
#[test]
fn no_input_is_dropped_without_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let good = ["a.txt", "f.txt"];
    for name in good {
        fs::write(d.join(name), article(name)).unwrap();
    }
    let troubled = [
        ("b.txt", &b"\x00\x00binary"[..]),
        ("c.txt", b""),
        ("d.txt", b"bad \xc0\xaf bytes"),
        ("e.txt", b"\xff\xfeU\x00T\x00F\x00"),
    ];
    for (name, bytes) in troubled {
        fs::write(d.join(name), bytes).unwrap();
    }
    fs::create_dir(d.join("g")).unwrap();

    let out = run(&["extract", "-f", "jsonl", path_str(d)]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    let quotes = records(&stdout(&out));
    assert_eq!(articles_of(&quotes), ["a", "f"]);
    for (name, _) in troubled {
        let named = d.join(name).display().to_string();
        assert_eq!(err.lines().filter(|l| l.contains(&named)).count(), 1, "{name}: {err}");
    }
    let (warnings, errors) = err
        .lines()
        .filter(|l| *l != summary(&err))
        .partition::<Vec<&str>, _>(|l| l.starts_with("quotecheck: warning: "));
    assert_eq!((warnings.len(), errors.len()), (2, 2), "{err}");
    let want = format!("quotecheck: 2 articles, {} quotes, 2 failed, 2 skipped", quotes.len());
    assert_eq!(summary(&err), want);
}

// ---------------------------------------------------------------------
// Pathological text

/// Time allowed for one pathological article in a debug build. Generous:
/// linear work on these sizes takes well under a second; the budget is
/// there so that a run that went quadratic fails instead of hanging.
const BUDGET: Duration = Duration::from_secs(60);

/// Stack for the extraction thread: small, so that recursion that grows
/// with nesting depth overflows here rather than on a bigger input later.
const SMALL_STACK: usize = 512 * 1024;

/// Runs `quotecheck::extract` on `text` in a thread with a small stack and
/// fails if it takes longer than `BUDGET`; checks the record contract on
/// the result.
fn extract_bounded(name: &str, text: String) -> Extraction {
    let (tx, rx) = mpsc::channel();
    let started = Instant::now();
    let text = std::sync::Arc::new(text);
    let shared = text.clone();
    std::thread::Builder::new()
        .name(name.to_string())
        .stack_size(SMALL_STACK)
        .spawn(move || {
            let _ = tx.send(quotecheck::extract("hostile", &shared));
        })
        .unwrap();
    let ex = match rx.recv_timeout(BUDGET) {
        Ok(ex) => ex,
        Err(mpsc::RecvTimeoutError::Timeout) => {
            panic!("{name}: extraction of {} bytes took over {BUDGET:?}", text.len())
        }
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            panic!("{name}: extraction panicked or overflowed its stack")
        }
    };
    eprintln!(
        "{name}: {} bytes, {} quotes in {:?}",
        text.len(),
        ex.quotes.len(),
        started.elapsed()
    );
    assert_contract(&text, &ex);
    ex
}

/// What every extraction must satisfy, whatever the input.
fn assert_contract(text: &str, ex: &Extraction) {
    for (i, q) in ex.quotes.iter().enumerate() {
        assert_eq!(q.index, i);
        assert_eq!(text.get(q.start..q.end), Some(q.text.as_str()), "quote {i}");
        assert!(q.parent.is_none_or(|p| p < i), "quote {i} in a later parent");
    }
    assert!(ex.diagnostics.iter().all(|d| d.offset <= text.len()));
}

#[test]
fn one_long_line_with_quotes() {
    let sentence = "Kim Jong Un said, “We will win this time.” The talks went on. ";
    // Small: today attribution re-reads the line up to each quote, so the
    // time grows with the square of the line (see tests/regression.rs).
    let n = 300;
    let ex = extract_bounded("one_line", sentence.repeat(n));
    assert_eq!(ex.quotes.len(), n);
}

#[test]
fn unmatched_closing_marks() {
    let ex = extract_bounded("unmatched_close", "word” ".repeat(100_000));
    assert!(ex.quotes.is_empty());
    assert!(!ex.diagnostics.is_empty(), "stray marks are reported");
}

#[test]
fn unmatched_opening_marks() {
    let ex = extract_bounded("unmatched_open", "“word ".repeat(1_000));
    assert!(!ex.diagnostics.is_empty(), "unclosed marks are reported");
}

#[test]
fn quotes_nested_a_thousand_deep() {
    let depth = 1_000;
    let mut s = String::from("Ri Son-gwon said, ");
    for i in 0..depth {
        s.push_str(if i % 2 == 0 { "“level " } else { "‘level " });
    }
    s.push_str("core");
    for i in (0..depth).rev() {
        s.push(if i % 2 == 0 { '”' } else { '’' });
    }
    s.push_str(" he added.\n");
    let ex = extract_bounded("nested", s);
    assert_eq!(ex.quotes.len(), depth);
    // Each quote is nested in the one before it.
    for (i, q) in ex.quotes.iter().enumerate().skip(1) {
        assert_eq!(q.parent, Some(i - 1));
    }
}

#[test]
fn a_paragraph_of_only_apostrophes() {
    // Alone, and between words, where an apostrophe may be an elision,
    // a possessive or an opening mark.
    let marks = ["'", "’", "' ", "’ ", "''", "‘’", "it's' ", "rock 'n' ", "the '90s' ", "Dems' "];
    for mark in marks {
        let text = format!("Head\n\n{}\n\nMoon said, “Yes, it is.”\n", mark.repeat(20_000));
        let ex = extract_bounded("apostrophes", text);
        assert!(ex.quotes.iter().any(|q| q.text == "Yes, it is."), "{mark:?}");
    }
}

/// Lexes `text` as one body paragraph (whatever `article::parse` would
/// make of it) within `BUDGET`, on a small stack.
fn lex_bounded(name: &str, text: String) -> Vec<quotecheck::lexer::RawQuote> {
    use quotecheck::article::{Paragraph, Role};
    let (tx, rx) = mpsc::channel();
    let text = std::sync::Arc::new(text);
    let shared = text.clone();
    std::thread::Builder::new()
        .stack_size(SMALL_STACK)
        .spawn(move || {
            let para = Paragraph { span: Span::new(0, shared.len()), role: Role::Body };
            let _ = tx.send(quotecheck::lexer::lex(&shared, &[para]).0);
        })
        .unwrap();
    let quotes = match rx.recv_timeout(BUDGET) {
        Ok(q) => q,
        Err(e) => panic!("{name}: lexing {} bytes failed: {e}", text.len()),
    };
    for q in &quotes {
        assert!(text.get(q.inner.start..q.inner.end).is_some(), "{name}: {q:?}");
    }
    quotes
}

#[test]
fn the_lexer_alone_on_a_paragraph_of_apostrophes() {
    // 10,000: `‘` repeated opens that many nested quotes, and today each
    // mark costs time in the depth (see tests/regression.rs).
    for mark in ["'", "’", "' ", "’ ", "''", "‘’", "‘", "'a' ", "a' ", "s' b "] {
        let started = Instant::now();
        let quotes = lex_bounded("apostrophes", mark.repeat(10_000));
        eprintln!("{mark:?} × 10,000: {} quotes in {:?}", quotes.len(), started.elapsed());
    }
}

#[test]
fn right_to_left_text_and_combining_marks() {
    let para =
        "قال المتحدث «نحن هنا» ו־“שלום עכשיו” e\u{301}\u{302}\u{303}\u{304} \u{202e}abc\u{202c}. ";
    let text = format!("כותרת\n\n{}\n", para.repeat(50));
    let ex = extract_bounded("rtl_combining", text);
    assert!(ex.quotes.iter().any(|q| q.text == "نحن هنا"));
    assert!(ex.quotes.iter().any(|q| q.text == "שלום עכשיו"));
}

#[test]
fn a_lone_combining_mark_and_a_bom_at_every_edge() {
    for text in [
        "\u{301}",
        "\u{feff}",
        "“\u{301}”",
        "\u{feff}“\u{feff}”\u{feff}",
        "“",
        "”",
        "'",
        "\r",
        "\r\n\r\n“",
    ] {
        extract_bounded("edges", text.to_string());
    }
}

// ---------------------------------------------------------------------
// Properties

/// Article-shaped text made of the pieces that trouble a quote lexer.
fn hostile_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("“".to_string()),
        Just("”".to_string()),
        Just("‘".to_string()),
        Just("’".to_string()),
        Just("\"".to_string()),
        Just("'".to_string()),
        Just("''".to_string()),
        Just("«".to_string()),
        Just("»".to_string()),
        Just("„".to_string()),
        Just(" said ".to_string()),
        Just(", he said.".to_string()),
        Just("Kim Jong Un".to_string()),
        Just("\r\n".to_string()),
        Just("\n\n".to_string()),
        Just("\u{feff}".to_string()),
        Just("e\u{301}".to_string()),
        Just("שלום".to_string()),
        Just("\u{202e}".to_string()),
        Just("…".to_string()),
        Just("[Feb. 28]".to_string()),
        "[a-zA-Z]{1,8}",
        " |\\.|,",
        any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..80).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn hostile_text_keeps_the_record_contract(text in hostile_text()) {
        let ex = quotecheck::extract("p", &text);
        for (i, q) in ex.quotes.iter().enumerate() {
            prop_assert_eq!(text.get(q.start..q.end), Some(q.text.as_str()), "quote {}", i);
            prop_assert!(q.parent.is_none_or(|p| p < i));
        }
    }

    /// Bytes that are not UTF-8, read the `--lossy` way, make an article
    /// like any other.
    #[test]
    fn lossy_decoded_bytes_keep_the_record_contract(
        bytes in prop::collection::vec(any::<u8>(), 0..400),
    ) {
        let text = String::from_utf8_lossy(&bytes);
        let ex = quotecheck::extract("p", &text);
        for q in &ex.quotes {
            prop_assert_eq!(text.get(q.start..q.end), Some(q.text.as_str()));
        }
    }
}
