//! `quotecheck eval`: accuracy against a gold file, scored with the same
//! rules as the evaluation scorer `score.py` (see `quotecheck::eval`).
//!
//! Two ways to get predictions: extract the articles given as PATHS, or read
//! an existing prediction file with `--pred`. This module reads the files,
//! picks the documents scored, prints the report and turns `--min-*` checks
//! into the exit code; the scoring itself is the library's.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use quotecheck::eval::{self, Options, PredRecord, Report};

use crate::input;

/// Arguments of `eval`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Exit status: 0 scored, 1 a --min-* check failed, 2 an error.")]
pub struct Args {
    /// Gold quotations, JSONL: one {"doc", "quote", "speaker", "kind"} per
    /// line, optionally "speaker_alt" (other acceptable names) and
    /// "optional": true (neither rewarded nor penalised). A directory means
    /// every *.jsonl file in it (e.g. fixtures/).
    #[arg(long, value_name = "GOLD")]
    pub gold: PathBuf,

    /// Article files or directories (walked for *.txt) to extract and score;
    /// `-` reads standard input (its id is `-`). Each article's id is its
    /// file stem. Only these articles are scored: gold for other documents
    /// is left out rather than counted as missed, so a few articles can be
    /// checked against a gold file covering many. Submitted are the quotes
    /// the extractor classes as someone's words (with --kinds, only those
    /// kinds; titles and scare-quoted terms never), top-level only: a
    /// nested quote repeats words already inside its parent's record.
    #[arg(value_name = "PATHS", required_unless_present = "pred", conflicts_with = "pred")]
    pub paths: Vec<PathBuf>,

    /// Score this prediction file instead of extracting: JSONL (or one JSON
    /// array/object) with "doc" or "article", "quote" or "text", and
    /// "speaker" (a string, {"name": ...} or null); records holding a
    /// "quotes" list are expanded. As in score.py, every gold document
    /// counts, and predictions for documents neither in the gold nor in
    /// --docs are dropped.
    #[arg(long, value_name = "PRED")]
    pub pred: Option<PathBuf>,

    /// With --pred: the folder of the scored documents (its *.txt stems);
    /// predictions for other documents are dropped and reported as outside
    /// the documents. Default: a `docs/` folder beside the gold file, if
    /// there is one; otherwise no prediction is dropped.
    #[arg(long, value_name = "DIR", conflicts_with = "paths")]
    pub docs: Option<PathBuf>,

    /// Comma-separated gold kinds to score (e.g. direct,partial). Gold of
    /// other kinds is set aside, and predictions that pair with it are
    /// ignored rather than counted wrong. Default: all kinds.
    #[arg(long, value_name = "KINDS")]
    pub kinds: Option<String>,

    /// Token-overlap F1 at or above which a predicted and a gold quotation
    /// may pair (the lenient match).
    #[arg(long, value_name = "F1", default_value_t = 0.5)]
    pub threshold: f64,

    /// Print up to N missed, spurious and wrongly attributed quotations
    /// before the scores, also before --json output (each list headed by
    /// its full count).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub errors: usize,

    /// Print the scores as one JSON object (the shape of score.py --json).
    #[arg(long)]
    pub json: bool,

    /// Exit with status 1 when quote F1 (lenient) is below X.
    #[arg(long, value_name = "X")]
    pub min_f1: Option<f64>,

    /// Exit with status 1 when end-to-end F1 (quote and speaker right) is
    /// below X.
    #[arg(long, value_name = "X")]
    pub min_e2e: Option<f64>,

    /// Exit with status 1 when speaker accuracy on matched quotes is below
    /// X.
    #[arg(long, value_name = "X")]
    pub min_speaker: Option<f64>,
}

pub fn run(args: &Args) -> Result<ExitCode> {
    if !args.threshold.is_finite() {
        bail!("--threshold must be a number, not {}", args.threshold);
    }
    let mut gold = read_gold_files(&args.gold)?;

    let (preds, universe) = match &args.pred {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            let preds =
                eval::read_pred(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
            (preds, docs_universe(&args.gold, args.docs.as_deref())?)
        }
        None => {
            let kinds = parse_kinds(args.kinds.as_deref());
            let (preds, ids) = extract_all(&args.paths, kinds.as_ref())?;
            gold.retain(|g| ids.contains(&g.doc));
            (preds, Some(ids))
        }
    };

    let opts =
        Options { threshold: args.threshold, kinds: parse_kinds(args.kinds.as_deref()), universe };
    let report = eval::score(&gold, &preds, &opts);

    let mut out = std::io::stdout().lock();
    if args.json {
        out.write_all(report.render_errors(args.errors).as_bytes())?;
        writeln!(out, "{}", report.to_json(false))?;
    } else {
        out.write_all(report.render_plain(args.errors).as_bytes())?;
    }
    out.flush()?;

    let failed = failed_checks(&report, args);
    for line in &failed {
        eprintln!("quotecheck: {line}");
    }
    Ok(if failed.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// Reads the gold file, or every `*.jsonl` file of a gold directory (in
/// name order), such as `fixtures/`.
fn read_gold_files(path: &Path) -> Result<Vec<eval::GoldRecord>> {
    let files: Vec<PathBuf> = if path.is_dir() {
        let mut files: Vec<PathBuf> = std::fs::read_dir(path)
            .with_context(|| format!("cannot list {}", path.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
            .collect();
        files.sort();
        if files.is_empty() {
            bail!("no *.jsonl gold files in {}", path.display());
        }
        files
    } else {
        vec![path.to_path_buf()]
    };
    let mut gold = Vec::new();
    for f in files {
        let text =
            std::fs::read_to_string(&f).with_context(|| format!("cannot read {}", f.display()))?;
        gold.extend(eval::read_gold(&text).map_err(|e| anyhow::anyhow!("{}: {e}", f.display()))?);
    }
    Ok(gold)
}

/// `--kinds` as score.py reads it: comma-separated, each name trimmed; an
/// empty value means all kinds.
fn parse_kinds(kinds: Option<&str>) -> Option<BTreeSet<String>> {
    kinds.filter(|k| !k.is_empty()).map(|k| k.split(',').map(|s| s.trim().to_string()).collect())
}

/// The documents a prediction file is scored on: the `*.txt` stems of
/// `--docs`, or of a `docs/` folder beside the gold file.
fn docs_universe(gold: &Path, docs: Option<&Path>) -> Result<Option<BTreeSet<String>>> {
    let dir = match docs {
        Some(d) => d.to_path_buf(),
        None => {
            let abs = std::path::absolute(gold)
                .with_context(|| format!("cannot resolve {}", gold.display()))?;
            abs.parent().map(|p| p.join("docs")).unwrap_or_else(|| PathBuf::from("docs"))
        }
    };
    if !dir.is_dir() {
        if docs.is_some() {
            bail!("--docs: no folder {}", dir.display());
        }
        return Ok(None);
    }
    let mut ids = BTreeSet::new();
    let entries = std::fs::read_dir(&dir)
        .with_context(|| format!("cannot read directory {}", dir.display()))?;
    for entry in entries {
        let entry = entry.with_context(|| format!("cannot read directory {}", dir.display()))?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.ends_with(".txt") {
            ids.insert(eval::doc_key(&name));
        }
    }
    Ok(Some(ids))
}

/// Extracts every article and returns its speech quotes as predictions,
/// with the set of article ids.
fn extract_all(
    paths: &[PathBuf],
    kinds: Option<&BTreeSet<String>>,
) -> Result<(Vec<PredRecord>, BTreeSet<String>)> {
    let mut preds = Vec::new();
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    for source in input::collect(paths)? {
        let id = source.id();
        let here = match &source {
            input::Source::File(p) => p.display().to_string(),
            input::Source::Stdin => "standard input".to_string(),
        };
        // Two files with one stem would pool their quotes under one id and
        // be scored against one gold document: refuse rather than mislead.
        if let Some(first) = seen.insert(id.clone(), here.clone()) {
            bail!("{first} and {here} have the same article id {id}");
        }
        let text = source.read().with_context(|| format!("cannot read {here}"))?;
        let extraction = quotecheck::extract(&id, &text);
        preds.extend(
            extraction
                .quotes
                .iter()
                // Nested quotes repeat words already inside their
                // parent's record: the parent is the quotation scored.
                .filter(|q| q.kind.is_speech() && q.parent.is_none())
                .filter(|q| kinds.is_none_or(|k| k.contains(q.kind.as_str())))
                .map(|q| PredRecord::new(&id, &q.text, q.speaker.as_deref())),
        );
    }
    Ok((preds, seen.into_keys().collect()))
}

/// The `--min-*` checks that failed, one message each.
fn failed_checks(report: &Report, args: &Args) -> Vec<String> {
    let checks = [
        ("quote_f1", report.quote_f1, "--min-f1", args.min_f1),
        ("e2e_f1", report.e2e_f1, "--min-e2e", args.min_e2e),
        ("speaker_acc", report.speaker_acc, "--min-speaker", args.min_speaker),
    ];
    checks
        .into_iter()
        .filter_map(|(name, value, flag, min)| {
            let min = min?;
            (value < min).then(|| format!("{name} {value:.3} is below {flag} {min}"))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[test]
    fn parse_kinds_trims_and_treats_empty_as_all() {
        let want: BTreeSet<String> = ["direct".to_string(), "partial".to_string()].into();
        assert_eq!(parse_kinds(Some("direct, partial")), Some(want));
        assert_eq!(parse_kinds(Some("")), None);
        assert_eq!(parse_kinds(None), None);
    }

    #[test]
    fn docs_universe_reads_txt_stems_beside_the_gold() {
        let dir = tempfile::tempdir().expect("tempdir");
        let docs = dir.path().join("docs");
        std::fs::create_dir(&docs).expect("mkdir");
        std::fs::write(docs.join("a.txt"), "").expect("write");
        std::fs::write(docs.join("b.md"), "").expect("write");
        let gold = dir.path().join("gold.jsonl");
        let got = docs_universe(&gold, None).expect("universe");
        assert_eq!(got, Some(["a".to_string()].into()));
        let none = docs_universe(&docs.join("gold.jsonl"), None).expect("no docs folder");
        assert_eq!(none, None);
        assert!(docs_universe(&gold, Some(&dir.path().join("missing"))).is_err());
    }

    #[test]
    fn failed_checks_compare_unrounded_scores() {
        let report = eval::score(&[], &[], &Options::default());
        let cli = crate::args::Cli::try_parse_from([
            "quotecheck",
            "eval",
            "--gold",
            "g.jsonl",
            "--pred",
            "p.jsonl",
            "--min-f1",
            "0.1",
            "--min-speaker",
            "0",
        ]);
        let Ok(crate::args::Cli { command: crate::args::Command::Eval(args) }) = cli else {
            panic!("arguments should parse");
        };
        let failed = failed_checks(&report, &args);
        assert_eq!(failed, vec!["quote_f1 0.000 is below --min-f1 0.1".to_string()]);
    }

    #[test]
    fn paths_and_pred_are_exclusive() {
        let both = crate::args::Cli::try_parse_from([
            "quotecheck",
            "eval",
            "--gold",
            "g",
            "--pred",
            "p",
            "a.txt",
        ]);
        assert!(both.is_err());
        let neither = crate::args::Cli::try_parse_from(["quotecheck", "eval", "--gold", "g"]);
        assert!(neither.is_err());
        let docs_without_pred = crate::args::Cli::try_parse_from([
            "quotecheck",
            "eval",
            "--gold",
            "g",
            "--docs",
            "d",
            "a.txt",
        ]);
        assert!(docs_without_pred.is_err());
    }
}
