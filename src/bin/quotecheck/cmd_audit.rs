//! `quotecheck audit`: cross-references the quotations of several articles
//! and reports duplicates, variants and conflicts.
//!
//! Reads the articles (files, directories, JSON Lines corpora), extracts
//! each with `quotecheck::extract_with` on every core, runs
//! `quotecheck::xref::audit`, and writes a text report, JSON or CSV. With
//! `--quotes` it reads quote records instead (the output of `extract
//! --format jsonl`, as a distributed run's groups are). The exit code says
//! whether a finding of the `--fail-on` severity was found.
//!
//! Only the quotes and metadata of each article are kept, not its text, so
//! memory grows with the number of quotes, not with the corpus.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use serde::{Deserialize, Serialize};

use quotecheck::xref::{self, Detail, Finding, Severity};
use quotecheck::{ArticleMeta, Extraction, Quote};

use crate::input::{self, InputFormat, Job, LoadError, Problem};

/// Text shown after the options in `quotecheck audit --help`.
pub const AFTER_HELP: &str = "\
Findings, most serious first:
  conflict   speaker_conflict  the same or nearly the same words given to different speakers
             date_conflict     the same statement given different dates
             outlet_conflict   the same statement given different media
             role_conflict     one person described with different titles at the same
                               time (at different dates it is reported as info: a change
                               of post an editor should confirm)
  variant    variant           the same statement worded differently, with a word diff
                               ([-dropped-] {+added+}) and the share of words that align
  duplicate  duplicate         the same words from the same speaker in several places
  info       fragment          a quote lying word for word inside a longer quote of the
                               same speaker (an ellipsis may stand for the missing words)
             source_descriptions  one source (report, statement, outlet) referred to in
                               several ways within an article

Each finding names the rule that fired, its score (0-1), a stable id derived from
the quotes it cites, and the quotes: article, index, byte offsets, speaker, date,
outlet and text.

Output formats:
  text  a readable report (default)
  json  {\"schema_version\":1,\"findings\":[...]}; each finding has \"type\", \"id\",
        \"severity\", \"rule\", \"score\", \"reason\", \"quotes\" and its own evidence
  csv   one row per finding and quote, with the finding's columns repeated

Input: article files and directories as for extract, JSON Lines corpora (one
article per line: {\"id\", \"text\", \"published\"?, \"outlet\"?, ...}), or with
--quotes the quote records that `extract --format jsonl` writes (extra keys such
as those of --emit-keys are ignored; `published`, when there, dates the article).
Quote records do not carry the people an article names without quoting them, so
with --quotes a role change of someone never quoted is not found.

Exit status: 0 no finding at the --fail-on level (or no --fail-on), 1 such a finding
was found, 2 an error (unreadable input or record, two inputs with the same article id).

Examples:
  quotecheck audit seeds/
  quotecheck audit corpus.jsonl --format json
  quotecheck extract -f jsonl seeds/ | quotecheck audit --quotes -
  quotecheck audit seeds/ --format json
  quotecheck audit corpus/ --format csv --output findings.csv
  quotecheck audit corpus/ --fail-on conflict";

/// Arguments of `audit`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Article files, directories (walked for *.txt) or JSON Lines corpora;
    /// `-` reads standard input. Article ids (file stems, record ids) must
    /// be unique.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// How files named as PATH and standard input are read (as for
    /// extract).
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = InputFormat::Auto)]
    pub input_format: InputFormat,
    /// PATHs hold quote records (JSON Lines, as `extract --format jsonl`
    /// writes them), not articles: audit them without extracting. Role
    /// changes are then found among speakers only.
    #[arg(long)]
    pub quotes: bool,
    /// Worker threads for extraction; 0 uses every core.
    #[arg(short = 'j', long, value_name = "N", default_value_t = 0)]
    pub threads: usize,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Exit with status 1 when a finding this serious or more is found
    /// (conflict > variant > duplicate > info).
    #[arg(long, value_enum, value_name = "SEVERITY")]
    pub fail_on: Option<FailOn>,
    /// Write the report to FILE instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Output formats of `audit`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A readable report, most serious findings first.
    Text,
    /// `{"schema_version":1,"findings":[…]}`.
    Json,
    /// One row per finding and quote.
    Csv,
}

/// Severities `--fail-on` accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    /// Speaker, date, outlet or role conflicts.
    Conflict,
    /// Variants or worse.
    Variant,
    /// Duplicates or worse.
    Duplicate,
    /// Any finding.
    Info,
}

impl FailOn {
    fn severity(self) -> Severity {
        match self {
            FailOn::Conflict => Severity::Conflict,
            FailOn::Variant => Severity::Variant,
            FailOn::Duplicate => Severity::Duplicate,
            FailOn::Info => Severity::Info,
        }
    }
}

/// Runs `audit`.
pub fn run(args: &Args) -> Result<ExitCode> {
    crate::ordered::use_threads(args.threads)?;
    let Corpus { quotes, metas } = if args.quotes {
        read_quotes(&args.paths)?
    } else {
        extract_articles(&args.paths, args.input_format)?
    };
    let findings = xref::audit(&quotes, &metas);

    let sink: Box<dyn Write> = match &args.output {
        Some(path) => Box::new(
            std::fs::File::create(path)
                .with_context(|| format!("cannot create {}", path.display()))?,
        ),
        None => Box::new(std::io::stdout().lock()),
    };
    let mut out = BufWriter::new(sink);
    match args.format {
        Format::Text => write_text(&mut out, metas.len(), quotes.len(), &findings)?,
        Format::Json => write_json(&mut out, &findings)?,
        Format::Csv => write_csv(&mut out, &findings)?,
    }
    out.flush()?;

    let failed = args.fail_on.is_some_and(|f| findings.iter().any(|x| x.severity >= f.severity()));
    Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// What the audit reads: every quote, and one metadata record per article.
#[derive(Default)]
struct Corpus {
    quotes: Vec<Quote>,
    metas: Vec<ArticleMeta>,
}

/// Extracts every article of the inputs on every core, keeping only quotes
/// and metadata. Any input that cannot be read ends the run: an audit of
/// part of the articles would report part of the findings as if complete.
fn extract_articles(paths: &[PathBuf], format: InputFormat) -> Result<Corpus> {
    let mut corpus = Corpus::default();
    let mut ids = BTreeSet::new();
    let window = 16 * rayon::current_num_threads();
    let work =
        |job: Job| job.load(false).map(|a| quotecheck::extract_with(&a.id, &a.text, &a.given));
    crate::ordered::map(input::jobs(paths, format), window, work, |done| -> Result<()> {
        match done {
            Ok(Extraction { meta, quotes, .. }) => {
                if !ids.insert(meta.id.clone()) {
                    bail!(
                        "two inputs have the article id {}: article ids (file stems, record \
                         ids) must be unique, or findings would mix the articles up",
                        meta.id
                    );
                }
                corpus.quotes.extend(quotes);
                corpus.metas.push(meta);
            }
            Err(Problem::Failed(LoadError { what, message })) => bail!("{what}: {message}"),
            // A binary or empty file among the articles is skipped with a
            // warning, as `extract` does: it holds no article to audit.
            Err(Problem::Skipped(LoadError { what, message })) => {
                eprintln!("quotecheck: warning: {what}: {message}")
            }
            Err(Problem::NoArticles(dir)) => {
                eprintln!("quotecheck: warning: no *.txt articles in {}", dir.display())
            }
        }
        Ok(())
    })?;
    Ok(corpus)
}

/// One line of `extract --format jsonl` output (with or without
/// `--emit-keys`).
#[derive(Deserialize)]
struct QuoteLine {
    #[serde(flatten)]
    quote: Quote,
    #[serde(default)]
    published: Option<String>,
}

/// Reads quote records, one per line, parsing on every core. A bad line
/// ends the run, naming file and line.
fn read_quotes(paths: &[PathBuf]) -> Result<Corpus> {
    let mut quotes = Vec::new();
    // Article id → its publication date, when a record gives one.
    let mut articles: BTreeMap<String, Option<String>> = BTreeMap::new();
    let window = 16 * rayon::current_num_threads();
    let work = |job: Job| match job {
        Job::Line { corpus, line, bytes } => serde_json::from_slice::<QuoteLine>(&bytes)
            .map_err(|e| format!("{corpus}:{line}: invalid quote record: {e}")),
        Job::File(path) => Err(format!(
            "{}: with --quotes, name JSON Lines files of quote records, not directories",
            path.display()
        )),
        Job::Failed { what, message } => Err(format!("{what}: {message}")),
        Job::NoArticles(dir) => Err(format!("{}: no quote records", dir.display())),
        Job::Stdin(_) => Err("<stdin>: not JSON Lines".to_string()),
    };
    let jobs = input::jobs(paths, InputFormat::Jsonl);
    crate::ordered::map(jobs, window, work, |line| -> Result<()> {
        let QuoteLine { quote, published } = line.map_err(anyhow::Error::msg)?;
        let entry = articles.entry(quote.article.clone()).or_default();
        if entry.is_none() {
            *entry = published;
        }
        quotes.push(quote);
        Ok(())
    })?;
    let metas = articles
        .into_iter()
        .map(|(id, published)| ArticleMeta { id, published, ..ArticleMeta::default() })
        .collect();
    Ok(Corpus { quotes, metas })
}

fn write_json(out: &mut impl Write, findings: &[Finding]) -> Result<()> {
    #[derive(Serialize)]
    struct Report<'a> {
        schema_version: u32,
        findings: &'a [Finding],
    }
    serde_json::to_writer_pretty(
        &mut *out,
        &Report { schema_version: quotecheck::SCHEMA_VERSION, findings },
    )?;
    writeln!(out)?;
    Ok(())
}

/// The type-specific evidence of a finding as one line.
fn evidence(f: &Finding) -> String {
    match &f.detail {
        Detail::Duplicate { speaker } => format!("speaker: {speaker}"),
        Detail::Variant { speakers, diff } => {
            format!("speakers: {}; diff: {}", speakers.join(", "), xref::render_diff(diff))
        }
        Detail::Fragment { speaker, diff } => {
            format!("speaker: {speaker}; diff: {}", xref::render_diff(diff))
        }
        Detail::SpeakerConflict { speakers, diff } if diff.is_empty() => {
            format!("speakers: {}", speakers.join(", "))
        }
        Detail::SpeakerConflict { speakers, diff } => {
            format!("speakers: {}; diff: {}", speakers.join(", "), xref::render_diff(diff))
        }
        Detail::DateConflict { dates } => format!("dates: {}", dates.join("; ")),
        Detail::OutletConflict { outlets } => format!("outlets: {}", outlets.join("; ")),
        Detail::RoleConflict { speaker, roles } => {
            let roles: Vec<String> = roles.iter().map(|r| r.to_string()).collect();
            format!("speaker: {speaker}; roles: {}", roles.join("; "))
        }
        Detail::SourceDescriptions { source, descriptions } => {
            let uses: Vec<String> = descriptions
                .iter()
                .map(|d| format!("{} #{} {} ({})", d.article, d.index, d.how, d.written))
                .collect();
            format!("source: {source}; references: {}", uses.join("; "))
        }
    }
}

fn write_text(
    out: &mut impl Write,
    articles: usize,
    quotes: usize,
    findings: &[Finding],
) -> Result<()> {
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    writeln!(
        out,
        "quotecheck audit: {articles} article(s), {quotes} quote(s), {} finding(s) \
         ({} conflict, {} variant, {} duplicate, {} info)",
        findings.len(),
        count(Severity::Conflict),
        count(Severity::Variant),
        count(Severity::Duplicate),
        count(Severity::Info),
    )?;
    for (n, f) in findings.iter().enumerate() {
        writeln!(out)?;
        writeln!(
            out,
            "[{}] {} {}  (rule {}, score {:.3}, id {})",
            n + 1,
            f.severity.as_str().to_uppercase(),
            f.finding_type(),
            f.rule,
            f.score,
            f.id
        )?;
        writeln!(out, "    {}", f.reason)?;
        writeln!(out, "    {}", evidence(f))?;
        for q in &f.quotes {
            let mut facts = vec![q.speaker.clone().unwrap_or_else(|| "(no speaker)".into())];
            facts.extend(q.role.iter().cloned());
            facts.extend(q.date.iter().map(|d| format!("said {d}")));
            facts.extend(q.outlet.iter().map(|o| format!("in {o}")));
            facts.extend(q.via.iter().map(|v| format!("via {v}")));
            facts.extend(q.published.iter().map(|p| format!("published {p}")));
            writeln!(
                out,
                "    - {} #{} @{}..{} [{}] {}",
                q.article,
                q.index,
                q.start,
                q.end,
                q.kind,
                facts.join(" · ")
            )?;
            writeln!(out, "      \u{201C}{}\u{201D}", q.text)?;
        }
    }
    Ok(())
}

/// One CSV row: a finding's columns, then one of its quotes.
#[derive(Serialize)]
struct Row<'a> {
    finding_id: &'a str,
    r#type: &'a str,
    severity: &'a str,
    rule: &'a str,
    score: f64,
    reason: &'a str,
    evidence: String,
    article: Option<&'a str>,
    index: Option<usize>,
    start: Option<usize>,
    end: Option<usize>,
    kind: Option<&'a str>,
    speaker: Option<&'a str>,
    entity: Option<&'a str>,
    role: Option<&'a str>,
    date: Option<&'a str>,
    outlet: Option<&'a str>,
    via: Option<&'a str>,
    published: Option<&'a str>,
    text: Option<&'a str>,
}

fn write_csv(out: &mut impl Write, findings: &[Finding]) -> Result<()> {
    let mut w = csv::Writer::from_writer(out);
    for f in findings {
        let base = || Row {
            finding_id: &f.id,
            r#type: f.finding_type().as_str(),
            severity: f.severity.as_str(),
            rule: &f.rule,
            score: f.score,
            reason: &f.reason,
            evidence: evidence(f),
            article: None,
            index: None,
            start: None,
            end: None,
            kind: None,
            speaker: None,
            entity: None,
            role: None,
            date: None,
            outlet: None,
            via: None,
            published: None,
            text: None,
        };
        if f.quotes.is_empty() {
            w.serialize(base())?;
        }
        for q in &f.quotes {
            w.serialize(Row {
                article: Some(&q.article),
                index: Some(q.index),
                start: Some(q.start),
                end: Some(q.end),
                kind: Some(q.kind.as_str()),
                speaker: q.speaker.as_deref(),
                entity: q.entity.as_deref(),
                role: q.role.as_deref(),
                date: q.date.as_deref(),
                outlet: q.outlet.as_deref(),
                via: q.via.as_deref(),
                published: q.published.as_deref(),
                text: Some(&q.text),
                ..base()
            })?;
        }
    }
    w.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use quotecheck::xref::{DiffChunk, DiffOpKind, QuoteRef};
    use quotecheck::QuoteKind;

    fn finding() -> Finding {
        Finding {
            detail: Detail::Variant {
                speakers: vec!["Choe Son-hui".into()],
                diff: vec![
                    DiffChunk { op: DiffOpKind::Equal, text: "are".into() },
                    DiffChunk { op: DiffOpKind::Delete, text: "ready".into() },
                    DiffChunk { op: DiffOpKind::Insert, text: "willing".into() },
                ],
            },
            id: "00000000000000aa".into(),
            severity: Severity::Variant,
            rule: "variant.reworded".into(),
            score: 0.9,
            reason: "the words differ".into(),
            quotes: vec![QuoteRef {
                article: "a".into(),
                index: 0,
                start: 10,
                end: 20,
                kind: QuoteKind::Direct,
                speaker: Some("Choe Son-hui".into()),
                entity: Some("name:choesonhui".into()),
                role: None,
                date: Some("2019-10-01".into()),
                outlet: None,
                via: None,
                published: None,
                text: "They are ready, \"so\" to say".into(),
            }],
        }
    }

    #[test]
    fn text_report_shows_severity_rule_diff_and_quote() {
        let mut buf = Vec::new();
        write_text(&mut buf, 2, 3, &[finding()]).expect("write");
        let s = String::from_utf8(buf).expect("utf8");
        assert!(s.starts_with("quotecheck audit: 2 article(s), 3 quote(s), 1 finding(s)"));
        assert!(s.contains("[1] VARIANT variant  (rule variant.reworded, score 0.900"));
        assert!(s.contains("diff: are [-ready-] {+willing+}"));
        assert!(s.contains("- a #0 @10..20 [direct] Choe Son-hui · said 2019-10-01"));
    }

    #[test]
    fn json_report_has_schema_version_and_typed_findings() {
        let mut buf = Vec::new();
        write_json(&mut buf, &[finding()]).expect("write");
        let v: serde_json::Value = serde_json::from_slice(&buf).expect("json");
        assert_eq!(v["schema_version"], 1);
        assert_eq!(v["findings"][0]["type"], "variant");
        assert_eq!(v["findings"][0]["quotes"][0]["article"], "a");
    }

    #[test]
    fn csv_report_has_one_row_per_quote_and_round_trips_quotes() {
        let mut buf = Vec::new();
        write_csv(&mut buf, &[finding()]).expect("write");
        let mut r = csv::Reader::from_reader(buf.as_slice());
        let headers = r.headers().expect("headers").clone();
        assert_eq!(&headers[0], "finding_id");
        assert_eq!(&headers[1], "type");
        let rows: Vec<csv::StringRecord> = r.records().collect::<Result<_, _>>().expect("rows");
        assert_eq!(rows.len(), 1);
        let text_col = headers.iter().position(|h| h == "text").expect("text column");
        assert_eq!(&rows[0][text_col], "They are ready, \"so\" to say");
    }

    #[test]
    fn fail_on_maps_to_severities() {
        assert_eq!(FailOn::Conflict.severity(), Severity::Conflict);
        assert_eq!(FailOn::Info.severity(), Severity::Info);
    }
}
