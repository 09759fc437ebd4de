//! The `quotecheck` binary as a user meets it: help texts, exit codes,
//! messages, `--output`, closed pipes, and snapshots of every output format
//! on the seed articles.

mod util;

use std::fs;
use std::io::{BufRead, BufReader};
use std::process::Stdio;

use util::{assert_snapshot, compare, quotecheck, run, stderr, stdout};

#[test]
fn help_snapshot() {
    let out = run(&["--help"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_snapshot("help.txt", &stdout(&out));
}

#[test]
fn extract_help_snapshot() {
    let out = run(&["extract", "--help"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_snapshot("extract_help.txt", &stdout(&out));
}

#[test]
fn snapshot_mismatch_shows_a_unified_diff() {
    assert_eq!(compare("x.txt", "a\nb\n", "a\nb\n"), Ok(()));
    assert_eq!(compare("x.txt", "a\r\nb\r\n", "a\nb\n"), Ok(()));
    let diff = compare("x.txt", "a\nb\nc\n", "a\nB\nc\n").unwrap_err();
    assert!(diff.contains("--- fixtures/cli/x.txt (snapshot)"), "{diff}");
    assert!(diff.contains("+++ actual output"), "{diff}");
    assert!(diff.contains("\n-b\n+B\n"), "{diff}");
}

#[test]
fn missing_file_exits_2_and_names_it() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-article.txt");
    let out = run(&["extract", missing.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    let first = err.lines().next().unwrap_or_default();
    assert!(first.starts_with(&format!("quotecheck: {}: ", missing.display())), "{err}");
    assert!(err.ends_with("quotecheck: 0 articles, 0 quotes, 1 failed\n"), "{err}");
    assert_eq!(stdout(&out), "");
}

#[test]
fn invalid_utf8_exits_2_with_path_and_offset() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("latin1.txt");
    // "Café" in Latin-1: the é is byte 3 and is not UTF-8.
    fs::write(&bad, b"Caf\xe9 au lait").unwrap();
    let out = run(&["extract", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains(&format!("quotecheck: {}: invalid UTF-8 at byte offset 3\n", bad.display())),
        "{err}"
    );
}

#[test]
fn invalid_utf8_on_stdin_is_reported_as_stdin() {
    let mut child = quotecheck()
        .args(["extract", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(b"ok so far \xff").unwrap();
    }
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("quotecheck: <stdin>: invalid UTF-8 at byte offset 10\n"));
}

#[test]
fn binary_file_is_skipped_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let bin = dir.path().join("image.txt");
    fs::write(&bin, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR").unwrap();
    let out = run(&["extract", bin.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    let err = stderr(&out);
    assert!(err.contains(&format!("quotecheck: warning: {}: binary file", bin.display())), "{err}");
    assert!(err.ends_with("0 failed, 1 skipped\n"), "{err}");
}

#[test]
fn directory_without_articles_is_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("notes.md"), "not an article").unwrap();
    let out = run(&["extract", "--format", "jsonl", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    let err = stderr(&out);
    assert!(err.contains(&format!("quotecheck: warning: {}: no *.txt", dir.path().display())));
    assert_eq!(stdout(&out), "");
}

#[test]
fn quiet_prints_errors_but_no_summary_or_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("gone.txt");
    let out = run(&["extract", "--quiet", dir.path().to_str().unwrap(), missing.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("gone.txt"), "{err}");
}

#[test]
fn unknown_format_is_a_usage_error() {
    let out = run(&["extract", "--format", "xml", "seeds"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("possible values: text, jsonl, json, csv"));
}

#[test]
fn output_replaces_the_file_with_a_complete_document() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("out.json");
    fs::write(&target, "old contents").unwrap();
    let missing = dir.path().join("missing.txt");
    let out = run(&[
        "extract",
        "--format",
        "json",
        "--output",
        target.to_str().unwrap(),
        missing.to_str().unwrap(),
    ]);
    // The input failed, but the output is still made, and whole.
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stdout(&out), "");
    let doc: serde_json::Value = serde_json::from_str(&fs::read_to_string(&target).unwrap())
        .expect("output is one JSON document");
    assert_eq!(doc, serde_json::json!({"schema_version": 1, "articles": []}));
    let left: Vec<_> = fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(left, ["out.json"], "no temporary file is left behind");
}

#[test]
fn output_in_a_missing_directory_fails_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("no-such-dir").join("out.csv");
    let out = run(&["extract", "-f", "csv", "-o", target.to_str().unwrap(), "seeds"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("cannot create a temporary file in"), "{err}");
    assert!(!target.exists());
}

/// Whatever happens to a run, the `--output` file holds either what it
/// held before or the complete output, and no temporary file remains.
/// (Today extraction is unfinished and the run panics half-way; once it
/// works, the run succeeds. Both must keep the invariant.)
#[test]
fn output_is_never_half_written() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("out.json");
    fs::write(&target, "old contents").unwrap();
    let out = run(&["extract", "-f", "json", "-o", target.to_str().unwrap(), "seeds"]);
    let now = fs::read_to_string(&target).unwrap();
    if out.status.success() {
        let doc: serde_json::Value = serde_json::from_str(&now).expect("complete JSON");
        assert_eq!(doc["articles"].as_array().map(Vec::len), Some(5));
    } else {
        assert_eq!(now, "old contents", "{}", stderr(&out));
    }
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1, "a temporary file was left");
}

/// `quotecheck extract … | head -1`: the reader goes away, the run ends
/// quietly with status 0.
#[test]

fn closed_pipe_exits_0_quietly() {
    // Enough output to overflow any pipe buffer: the seeds, many times.
    let mut args = vec!["extract", "--format", "jsonl"];
    args.extend(std::iter::repeat_n("seeds", 400));
    let mut child =
        quotecheck().args(&args).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
    assert!(first.starts_with("{\"article\":"), "{first}");
    // The reader is dropped here, closing the pipe.
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stderr(&out), "");
}

/// Kills a run writing `--output` part-way: the target keeps its old
/// contents (a temporary file may remain, as nothing runs after SIGKILL).
/// A run that ended before the kill must have written it whole.
#[test]

fn killed_run_leaves_output_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("out.jsonl");
    fs::write(&target, "old contents").unwrap();
    let mut args = vec!["extract", "-f", "jsonl", "-o", target.to_str().unwrap()];
    args.extend(std::iter::repeat_n("seeds", 2000));
    let mut child = quotecheck().args(&args).stderr(Stdio::null()).spawn().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(200));
    let finished = child.try_wait().unwrap().is_some();
    child.kill().unwrap();
    child.wait().unwrap();
    let now = fs::read_to_string(&target).unwrap();
    if finished {
        assert!(now.ends_with('\n'));
        for line in now.lines() {
            serde_json::from_str::<serde_json::Value>(line).expect("a whole record");
        }
    } else {
        assert_eq!(now, "old contents");
    }
}

/// Golden output of every format on the seed articles. These snapshot the
/// format and order of output, not extraction quality (that is scored
/// against gold files).
fn seeds_snapshot(format: &str, name: &str) {
    let out = run(&["extract", "--format", format, "seeds"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.starts_with("quotecheck: 5 articles, "), "{err}");
    assert_snapshot(name, &stdout(&out));
}

#[test]

fn seeds_jsonl_snapshot() {
    seeds_snapshot("jsonl", "seeds.jsonl");
}

#[test]

fn seeds_json_snapshot() {
    seeds_snapshot("json", "seeds.json");
}

#[test]

fn seeds_csv_snapshot() {
    seeds_snapshot("csv", "seeds.csv");
}

#[test]

fn seeds_text_snapshot() {
    seeds_snapshot("text", "seeds.txt");
}

/// The same articles read one by one, from a directory, and from standard
/// input give the same records (bar the article id of stdin).
#[test]

fn stdin_gives_the_same_records_as_the_file() {
    let path = "seeds/000_135c6ffaf0044007.txt";
    let from_file = stdout(&run(&["extract", "-f", "jsonl", path]));
    let child = quotecheck()
        .args(["extract", "-f", "jsonl", "-"])
        .stdin(fs::File::open(util::root().join(path)).unwrap())
        .output()
        .unwrap();
    let from_stdin =
        stdout(&child).replace("\"article\":\"-\"", "\"article\":\"000_135c6ffaf0044007\"");
    assert_eq!(from_stdin, from_file);
}

/// The seed articles as a JSON Lines corpus, one record per article, with
/// the file stem as id and `extra` keys added to each record.
fn seeds_corpus(extra: serde_json::Value) -> String {
    let mut paths: Vec<_> = fs::read_dir(util::root().join("seeds"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    let mut out = String::new();
    for p in paths {
        let mut rec = serde_json::json!({
            "id": p.file_stem().unwrap().to_str().unwrap(),
            "text": fs::read_to_string(&p).unwrap(),
        });
        if let (Some(r), Some(x)) = (rec.as_object_mut(), extra.as_object()) {
            r.extend(x.clone());
        }
        out.push_str(&rec.to_string());
        out.push('\n');
    }
    out
}

fn run_with_stdin(args: &[&str], input: &str) -> std::process::Output {
    use std::io::Write;
    let mut child = quotecheck()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_string();
    // Written from a thread so that a full output pipe cannot block it.
    let feeder = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child.wait_with_output().unwrap();
    feeder.join().unwrap().unwrap();
    out
}

/// A JSONL corpus of the seeds gives the records of the seed directory,
/// read as a file and from standard input.
#[test]
fn jsonl_corpus_gives_the_same_records_as_the_files() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("seeds.jsonl");
    fs::write(&corpus, seeds_corpus(serde_json::json!({}))).unwrap();
    let from_dir = run(&["extract", "-f", "jsonl", "seeds"]);
    let from_corpus = run(&["extract", "-f", "jsonl", corpus.to_str().unwrap()]);
    assert_eq!(from_corpus.status.code(), Some(0), "{}", stderr(&from_corpus));
    assert_eq!(stderr(&from_corpus), stderr(&from_dir));
    assert_eq!(stdout(&from_corpus), stdout(&from_dir));
    let from_stdin =
        run_with_stdin(&["extract", "-f", "jsonl", "-"], &seeds_corpus(serde_json::json!({})));
    assert_eq!(stdout(&from_stdin), stdout(&from_dir));
}

#[test]
fn jsonl_record_metadata_wins_over_the_text() {
    let corpus =
        seeds_corpus(serde_json::json!({"published": "2001-09-11", "outlet": "The Daily"}));
    let out = run_with_stdin(&["extract", "-f", "json", "--input-format", "jsonl", "-"], &corpus);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let articles = doc["articles"].as_array().unwrap();
    assert_eq!(articles.len(), 5);
    for a in articles {
        assert_eq!(a["published"], "2001-09-11");
        assert_eq!(a["outlet"], "The Daily");
    }
}

#[test]
fn bad_jsonl_lines_are_reported_and_the_rest_written() {
    let good = seeds_corpus(serde_json::json!({}));
    let mut lines: Vec<&str> = good.lines().collect();
    lines.insert(1, "{\"id\": \"broken\", \"text\": ");
    lines.insert(3, "{\"text\": \"no id\"}");
    let corpus = lines.join("\n") + "\n";
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.jsonl");
    fs::write(&path, corpus).unwrap();
    let out = run(&["extract", "-f", "jsonl", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 3, "{err}");
    assert!(lines[0].starts_with(&format!("quotecheck: {}:2: invalid record: ", path.display())));
    assert!(lines[1].starts_with(&format!("quotecheck: {}:4: invalid record: ", path.display())));
    assert!(lines[1].contains("missing field `id`"), "{err}");
    assert!(lines[2].starts_with("quotecheck: 5 articles, "), "{err}");
    assert_eq!(stdout(&out), stdout(&run(&["extract", "-f", "jsonl", "seeds"])));
}

/// Output order is the input order whatever the number of threads.
#[test]
fn threads_do_not_change_the_output() {
    let mut args = vec!["extract", "-f", "csv", "-q"];
    args.extend(std::iter::repeat_n("seeds", 20));
    let one = run(&[&args[..], &["-j", "1"]].concat());
    let two = run(&[&args[..], &["-j", "3"]].concat());
    assert_eq!(one.status.code(), Some(0));
    assert_eq!(stdout(&one), stdout(&two));
    let single = stdout(&run(&["extract", "-f", "csv", "-q", "seeds"])).lines().count();
    assert_eq!(stdout(&one).lines().count() - 1, 20 * (single - 1));
}

#[test]
fn emit_keys_adds_the_audit_keys_to_jsonl() {
    let out = run(&["extract", "-f", "jsonl", "--emit-keys", "seeds"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let plain = stdout(&run(&["extract", "-f", "jsonl", "seeds"]));
    let keyed = stdout(&out);
    assert_eq!(keyed.lines().count(), plain.lines().count());
    let mut speech = 0;
    for (k, p) in keyed.lines().zip(plain.lines()) {
        let mut k: serde_json::Value = serde_json::from_str(k).unwrap();
        let p: serde_json::Value = serde_json::from_str(p).unwrap();
        let obj = k.as_object_mut().unwrap();
        let claim = obj.remove("claim_key").unwrap();
        let shingles = obj.remove("shingles").unwrap();
        let published = obj.remove("published").unwrap();
        assert_eq!(k, p, "the quote record itself is unchanged");
        assert!(published.is_string() || published.is_null());
        match p["kind"].as_str().unwrap() {
            "title" | "term" => assert!(claim.is_null() && shingles == serde_json::json!([])),
            _ => {
                speech += 1;
                assert!(claim.as_str().is_some_and(|c| !c.is_empty()), "{claim}");
                for s in shingles.as_array().unwrap() {
                    assert_eq!(s.as_str().unwrap().split(' ').count(), 2, "{s}");
                }
            }
        }
    }
    assert!(speech > 0);
    let out = run(&["extract", "-f", "csv", "--emit-keys", "seeds"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--emit-keys needs --format jsonl"));
}
