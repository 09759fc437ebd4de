//! `quotecheck eval --pred` must agree with the evaluation scorer `score.py`
//! beside the project: same numbers in `--json`, same text in the plain
//! report and the error lists.
//!
//! The predictions are made from the real gold file by deterministic
//! perturbations (dropped and trimmed quotes, changed speakers, spurious and
//! duplicate quotes, every accepted record shape), so both scorers see the
//! same inputs with many partial matches and ties. The data lives outside
//! the repository in `../shared/eval/` (or where `QUOTECHECK_EVAL_DIR`
//! points); without it the tests are skipped, except under CI where they
//! fail.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{json, Value};

/// The evaluation data and the scorer, when present.
struct EvalData {
    score_py: PathBuf,
    gold: PathBuf,
    docs: PathBuf,
    records: Vec<Value>,
}

fn eval_data() -> Option<EvalData> {
    let dir = match std::env::var_os("QUOTECHECK_EVAL_DIR") {
        Some(d) => PathBuf::from(d),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/eval"),
    };
    let score_py = dir.join("score.py");
    let gold = dir.join("polnear-dev/gold.jsonl");
    let python =
        Command::new("python3").arg("--version").output().is_ok_and(|o| o.status.success());
    let missing = if !score_py.is_file() || !gold.is_file() {
        Some(format!("no evaluation data in {}", dir.display()))
    } else if !python {
        Some("python3 is not available".to_string())
    } else {
        None
    };
    if let Some(why) = missing {
        if std::env::var_os("CI").is_some() {
            panic!("eval agreement tests need the scorer and its data: {why}");
        }
        eprintln!("skipped: {why}");
        return None;
    }
    let text = std::fs::read_to_string(&gold).expect("gold file is readable");
    let records = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("gold line is JSON"))
        .collect();
    Some(EvalData { score_py, docs: dir.join("polnear-dev/docs"), gold, records })
}

/// A small deterministic generator (xorshift64*), so every run builds the
/// same files.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

fn field<'a>(rec: &'a Value, key: &str) -> Option<&'a str> {
    rec.get(key).and_then(Value::as_str)
}

/// Changes a quotation's words the ways extractors get them wrong (or
/// differently right).
fn perturb_text(rng: &mut Rng, quote: &str, next_in_doc: Option<&str>) -> String {
    // Inner quotation marks as the NYT archive writes them.
    if quote.contains(['\u{201C}', '\u{201D}']) && rng.chance(50) {
        return quote.replace(['\u{201C}', '\u{201D}'], "''");
    }
    let words: Vec<&str> = quote.split_whitespace().collect();
    match rng.below(12) {
        0 if words.len() > 1 => words[1..].join(" "),
        1 if words.len() > 1 => words[..words.len() - 1].join(" "),
        2 if words.len() > 1 => words[..words.len().div_ceil(2)].join(" "),
        3 => format!("\u{201C}{quote},\u{201D}"),
        4 => quote.replace('"', "''").to_uppercase(),
        5 => match next_in_doc {
            Some(next) => format!("{quote} {next}"),
            None => quote.to_string(),
        },
        6 => format!("...{quote}!"),
        7 => quote.replace(" - ", " \u{2014} ").replace('\'', "\u{2019}"),
        8 if words.len() > 3 => words[words.len() / 3..].join("  "),
        _ => quote.to_string(),
    }
}

/// Changes a speaker the ways extractors name people.
fn perturb_speaker(rng: &mut Rng, speaker: Option<&str>, others: &[&str]) -> Option<String> {
    let last = speaker.and_then(|s| s.split_whitespace().last()).unwrap_or("");
    match rng.below(12) {
        0 => Some(last.to_string()),
        1 => Some(format!("Mr. {last}")),
        2 if !others.is_empty() => Some(others[rng.below(others.len())].to_string()),
        3 => None,
        4 => speaker.map(|s| format!("  {s} ")),
        5 => Some(String::new()),
        6 => speaker.map(|s| s.replace(' ', "-")),
        7 => speaker.map(|s| format!("{s}'s")),
        8 => {
            let suffix = ["Jr.", "Sr.", "II", "III", "IV"][rng.below(5)];
            speaker.map(|s| format!("{s} {suffix}"))
        }
        _ => speaker.map(str::to_string),
    }
}

/// One prediction record in one of the accepted shapes.
fn shape(rng: &mut Rng, doc: &str, text: String, speaker: Option<String>) -> Value {
    match rng.below(5) {
        0 => json!({"doc": doc, "quote": text, "speaker": speaker}),
        1 => json!({"article": doc, "text": text, "speaker": speaker}),
        2 => {
            json!({"article": format!("docs/{doc}.txt"), "text": text, "speaker": {"name": speaker}})
        }
        3 => {
            json!({"doc": format!("{doc}.txt"), "text": text, "speaker": {"name": speaker}, "x": 1})
        }
        _ => json!({"doc": doc, "quote": text}),
    }
}

/// Predictions made from the gold by seeded perturbations.
fn perturbed(records: &[Value], seed: u64) -> Vec<Value> {
    let mut rng = Rng(seed);
    let mut out = Vec::new();
    for (i, rec) in records.iter().enumerate() {
        let (Some(doc), Some(quote)) = (field(rec, "doc"), field(rec, "quote")) else {
            continue;
        };
        if rng.chance(15) {
            continue;
        }
        let same_doc: Vec<&Value> =
            records.iter().filter(|r| field(r, "doc") == Some(doc)).collect();
        let next = records.get(i + 1).filter(|r| field(r, "doc") == Some(doc));
        let others: Vec<&str> = same_doc.iter().filter_map(|r| field(r, "speaker")).collect();
        let text = perturb_text(&mut rng, quote, next.and_then(|r| field(r, "quote")));
        let speaker = perturb_speaker(&mut rng, field(rec, "speaker"), &others);
        if quote.contains(',') && rng.chance(8) {
            // A twin with the same words but not the same text, listed
            // first: the identical prediction must still win the pair.
            let twin = quote.replace(',', "");
            let other = others.first().map(|s| s.to_string());
            out.push(shape(&mut rng, doc, twin, other));
        }
        let record = shape(&mut rng, doc, text, speaker);
        if rng.chance(6) {
            out.push(record.clone());
        }
        out.push(record);
        if rng.chance(10) {
            // Words of another gold quotation, claimed for this document.
            let other = &records[rng.below(records.len())];
            let words: Vec<&str> = field(other, "quote").unwrap_or("").split_whitespace().collect();
            let take = words.len().min(3 + rng.below(8));
            out.push(json!({"doc": doc, "quote": words[..take].join(" "), "speaker": null}));
        }
    }
    // Records outside the documents, and records the reader must skip.
    out.push(json!({"doc": "not-in-the-corpus", "quote": "words nobody wrote"}));
    out.push(json!({"article": "elsewhere/another.txt", "text": "more words", "speaker": "X"}));
    out.push(json!({"doc": null, "quote": "no document"}));
    out.push(json!({"doc": "a", "quote": 5}));
    out.push(json!(["not", "a", "record"]));
    out
}

fn jsonl(values: &[Value]) -> String {
    values.iter().map(|v| format!("{v}\n")).collect()
}

/// The same predictions grouped per document under `quotes` lists.
fn grouped(values: &[Value]) -> Value {
    let mut groups: Vec<(String, Vec<Value>)> = Vec::new();
    for v in values {
        let doc = v.get("doc").or_else(|| v.get("article")).cloned().unwrap_or(Value::Null);
        let key = doc.to_string();
        let mut entry = v.clone();
        if let Some(obj) = entry.as_object_mut() {
            obj.remove("doc");
            obj.remove("article");
        }
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, list)) => list.push(entry),
            None => groups.push((key, vec![entry])),
        }
    }
    let items: Vec<Value> = groups
        .into_iter()
        .map(|(key, quotes)| {
            let doc: Value = serde_json::from_str(&key).unwrap_or(Value::Null);
            json!({"article": doc, "quotes": quotes})
        })
        .collect();
    Value::Array(items)
}

struct Outputs {
    ours: String,
    theirs: String,
}

fn run_both(data: &EvalData, gold: &Path, pred: &Path, extra: &[&str]) -> Outputs {
    let ours = Command::new(env!("CARGO_BIN_EXE_quotecheck"))
        .arg("eval")
        .arg("--gold")
        .arg(gold)
        .arg("--pred")
        .arg(pred)
        .args(extra)
        .output()
        .expect("quotecheck runs");
    let theirs = Command::new("python3")
        .arg(&data.score_py)
        .arg("--gold")
        .arg(gold)
        .arg("--pred")
        .arg(pred)
        .args(extra)
        .output()
        .expect("python3 runs");
    assert!(
        ours.status.success(),
        "quotecheck eval {extra:?} failed: {}",
        String::from_utf8_lossy(&ours.stderr)
    );
    assert!(
        theirs.status.success(),
        "score.py {extra:?} failed: {}",
        String::from_utf8_lossy(&theirs.stderr)
    );
    Outputs {
        ours: String::from_utf8(ours.stdout).expect("UTF-8 output"),
        theirs: String::from_utf8(theirs.stdout).expect("UTF-8 output"),
    }
}

/// Every key present on both sides, every number equal to 1e-9.
fn assert_same_json(ours: &Value, theirs: &Value, at: &str) {
    match (ours, theirs) {
        (Value::Object(a), Value::Object(b)) => {
            let ka: Vec<&String> = a.keys().collect();
            let kb: Vec<&String> = b.keys().collect();
            assert_eq!(ka, kb, "keys differ at {at}");
            for (k, v) in a {
                assert_same_json(v, &b[k], &format!("{at}.{k}"));
            }
        }
        (Value::Number(a), Value::Number(b)) => {
            let (x, y) = (a.as_f64().expect("number"), b.as_f64().expect("number"));
            assert!((x - y).abs() <= 1e-9, "{at}: quotecheck {x}, score.py {y}");
            assert_eq!(a.is_f64(), b.is_f64(), "{at}: integer on one side only");
        }
        (a, b) => assert_eq!(a, b, "{at} differs"),
    }
}

/// Checks `--json` and the plain report for one prediction file, with and
/// without `--kinds direct,partial`, and returns both JSON summaries.
fn check_agreement(data: &EvalData, gold: &Path, pred: &Path, extra: &[&str]) -> Vec<Value> {
    let mut summaries = Vec::new();
    for kinds in [&[][..], &["--kinds", "direct,partial"][..]] {
        let args: Vec<&str> = extra.iter().chain(kinds).copied().collect();
        let mut json_args = args.clone();
        json_args.push("--json");
        let out = run_both(data, gold, pred, &json_args);
        let ours: Value = serde_json::from_str(&out.ours).expect("quotecheck prints JSON");
        let theirs: Value = serde_json::from_str(&out.theirs).expect("score.py prints JSON");
        assert_same_json(&ours, &theirs, "$");
        assert_eq!(out.ours, out.theirs, "JSON text differs for {json_args:?}");
        summaries.push(ours);

        // The error lists come first, then the whole plain report.
        let mut plain_args = args.clone();
        plain_args.extend(["--errors", "40"]);
        let out = run_both(data, gold, pred, &plain_args);
        assert_eq!(out.ours, out.theirs, "plain report differs for {plain_args:?}");
    }
    summaries
}

fn num(v: &Value, path: &[&str]) -> f64 {
    path.iter().fold(v, |v, k| &v[*k]).as_f64().expect("numeric field")
}

#[test]
fn agrees_on_perturbed_jsonl() {
    let Some(data) = eval_data() else { return };
    let dir = tempfile::tempdir().expect("tempdir");
    for seed in [1, 2] {
        let pred = dir.path().join(format!("pred-{seed}.jsonl"));
        std::fs::write(&pred, jsonl(&perturbed(&data.records, seed))).expect("write pred");
        let all = check_agreement(&data, &data.gold, &pred, &[]);
        // The perturbations must leave real work for the scorer: partial
        // scores, predictions outside the documents, ignored predictions.
        let f1 = num(&all[0], &["quote_f1"]);
        assert!(0.3 < f1 && f1 < 1.0, "quote_f1 {f1}");
        assert!(num(&all[0], &["speaker_acc"]) < 1.0);
        assert!(num(&all[0], &["strict_f1"]) < f1);
        assert_eq!(num(&all[0], &["n_pred_outside_docs"]), 2.0);
        assert!(num(&all[1], &["n_pred_ignored"]) > 0.0);
    }
    // Error lists before the JSON, as score.py prints them.
    let pred = dir.path().join("pred-1.jsonl");
    let out = run_both(&data, &data.gold, &pred, &["--errors", "15", "--json"]);
    assert_eq!(out.ours, out.theirs, "--errors with --json differs");
}

#[test]
fn agrees_at_other_thresholds() {
    let Some(data) = eval_data() else { return };
    let dir = tempfile::tempdir().expect("tempdir");
    let pred = dir.path().join("pred.jsonl");
    std::fs::write(&pred, jsonl(&perturbed(&data.records, 7))).expect("write pred");
    let strict = check_agreement(&data, &data.gold, &pred, &["--threshold", "0.8"]);
    let loose = check_agreement(&data, &data.gold, &pred, &["--threshold", "0.25"]);
    assert!(num(&strict[0], &["lenient", "tp"]) < num(&loose[0], &["lenient", "tp"]));
}

#[test]
fn agrees_on_grouped_array_and_pretty_object() {
    let Some(data) = eval_data() else { return };
    let dir = tempfile::tempdir().expect("tempdir");
    let preds = perturbed(&data.records, 11);

    let array = dir.path().join("grouped.json");
    let text = serde_json::to_string_pretty(&grouped(&preds)).expect("serialise");
    std::fs::write(&array, text).expect("write pred");
    check_agreement(&data, &data.gold, &array, &[]);

    // One document as a single pretty-printed object.
    let first = grouped(&preds)[0].clone();
    let object = dir.path().join("one.json");
    std::fs::write(&object, serde_json::to_string_pretty(&first).expect("serialise"))
        .expect("write pred");
    let one = check_agreement(&data, &data.gold, &object, &[]);
    assert!(num(&one[0], &["lenient", "tp"]) > 0.0);
}

#[test]
fn agrees_on_reordered_predictions() {
    let Some(data) = eval_data() else { return };
    let dir = tempfile::tempdir().expect("tempdir");
    // Reversed order changes which of two equal candidates pairs first.
    let mut preds = perturbed(&data.records, 5);
    preds.reverse();
    // Keep the stray non-record line off the first line, where it would
    // make both readers take the file for one JSON array.
    preds.rotate_left(1);
    let pred = dir.path().join("reversed.jsonl");
    std::fs::write(&pred, jsonl(&preds)).expect("write pred");
    check_agreement(&data, &data.gold, &pred, &[]);
}

#[test]
fn agrees_with_optional_and_odd_gold() {
    let Some(data) = eval_data() else { return };
    let dir = tempfile::tempdir().expect("tempdir");
    // The shipped gold has no optional records and every kind set; vary it.
    let gold: Vec<Value> = data
        .records
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let mut r = r.clone();
            if let Some(obj) = r.as_object_mut() {
                if i % 9 == 0 {
                    obj.insert("optional".to_string(), json!(true));
                }
                if i % 13 == 0 {
                    obj.remove("kind");
                }
                if i % 17 == 0 {
                    obj.insert("speaker".to_string(), json!(""));
                }
                if i % 19 == 0 {
                    obj.insert("speaker_alt".to_string(), Value::Null);
                }
                if i % 5 == 0 {
                    // An inner quotation in the gold text.
                    let quote = obj.get("quote").and_then(Value::as_str).unwrap_or("");
                    let words: Vec<&str> = quote.split_whitespace().collect();
                    if words.len() > 2 {
                        let mid = words.len() / 2;
                        let inner = format!("\u{201C}{}\u{201D}", words[mid]);
                        let text = [&words[..mid], &[inner.as_str()], &words[mid + 1..]].concat();
                        obj.insert("quote".to_string(), json!(text.join(" ")));
                    }
                }
            }
            r
        })
        .collect();
    let gold_path = dir.path().join("gold.jsonl");
    std::fs::write(&gold_path, jsonl(&gold)).expect("write gold");
    let pred = dir.path().join("pred.jsonl");
    std::fs::write(&pred, jsonl(&perturbed(&gold, 13))).expect("write pred");
    let docs = data.docs.to_string_lossy().into_owned();
    let with_docs = check_agreement(&data, &gold_path, &pred, &["--docs", &docs]);
    assert!(num(&with_docs[0], &["n_pred_ignored"]) > 0.0);
    assert!(with_docs[0]["by_kind"].get("unknown").is_some());
    // No docs/ folder beside this gold: nothing counts as outside.
    let without = check_agreement(&data, &gold_path, &pred, &[]);
    assert_eq!(num(&without[0], &["n_pred_outside_docs"]), 0.0);
}
