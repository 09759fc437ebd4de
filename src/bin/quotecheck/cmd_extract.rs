//! `quotecheck extract`: every quotation in every article.
//!
//! Owns: the flags of `extract`, the order articles are written in,
//! messages and the progress bar on standard error, the run's exit code,
//! and writing `--output` atomically. Does not own: finding quotes
//! (`quotecheck::extract_with`), the output formats (`quotecheck::export`),
//! path expansion and corpus lines (`input`) or the thread pool
//! (`ordered`).
//!
//! Articles are read, extracted and rendered on every core; the output is
//! written by one thread in input order, each article as soon as all
//! articles before it are out. A bounded number of articles is in flight
//! (see `ordered`), so memory does not grow with the size of the input.

use std::collections::HashMap;
use std::fmt::Display;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::{self, BufWriter, IsTerminal, Write};
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{bail, Context, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use quotecheck::export::{self, Format, Options, Renderer, Writer};
use quotecheck::{ArticleMeta, Extraction, Quote};
use serde::Serialize;

use crate::input::{self, InputFormat, Job, Origin, Problem, Source};

/// Printed after `extract --help`: the record schema in brief.
const AFTER_LONG_HELP: &str = "\
JSONL record (one per quote; also the `quotes` of json and the columns of csv):
  article      article id (file stem; `-` for standard input; `id` of a JSONL record)
  index        0-based position of the quote in the article
  kind         direct | partial | title | term | indirect
  text         the words inside the marks, exactly as in the article
  start, end   byte offsets of `text` in the article file (in the record's `text`;
               with --lossy, in the decoded text)
  paragraph    0-based index of the paragraph where the quote opens
  parent       `index` of the quote this one is nested in
  speaker      who said it, fullest form in the article
  speaker_key  speaker folded for comparison (kim jong un)
  role         the speaker's title or description
  cue          the verb or phrase that frames the quote (said, according to)
  outlet       where the words were published or said
  via          who relayed them, when not the speaker
  date         YYYY-MM-DD of the utterance, when the text gives one
  insertions   editorial insertions inside `text` ([Feb. 28], …)
Unknown values are null in JSON and empty cells in CSV, never \"\".
With --emit-keys each record also has `published` (the article's date),
`claim_key` (the folded words the audit compares) and `shingles` (the word
pairs the audit finds candidate pairs by; see the README).

json is one document: {\"schema_version\": 1, \"articles\": [{\"id\", \"headline\",
\"published\", \"byline\", \"outlet\", \"url\", \"quotes\": [records], \"diagnostics\":
[{\"article\", \"kind\", \"offset\", \"message\"}]}, ...]}.

Input: a JSON Lines corpus has one article per line, {\"id\", \"text\",
\"published\"?, \"outlet\"?, \"url\"?, \"headline\"?, \"byline\"?}; metadata
given in a record wins over what the text says. A bad line is reported as
FILE:LINE and skipped.

Exit status: 0 when every input was read, 2 when any could not be (the other
inputs are still processed and written). A closed pipe ends the run quietly.";

/// Arguments of `extract`.
#[derive(Debug, clap::Args)]
#[command(after_long_help = AFTER_LONG_HELP)]
pub struct Args {
    /// Article files, directories (walked for *.txt) or JSON Lines corpora; `-` reads standard
    /// input.
    ///
    /// Directories are walked recursively in sorted order for files ending
    /// in .txt. A file named directly is one article whatever its
    /// extension, unless it is a JSON Lines corpus (see --input-format). The
    /// article id is the file stem, or the `id` of a corpus record.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Output format.
    #[arg(short, long, value_enum, default_value_t = FormatArg::Text)]
    pub format: FormatArg,

    /// How files named as PATH and standard input are read.
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = InputFormat::Auto)]
    pub input_format: InputFormat,

    /// Write to FILE instead of standard output.
    ///
    /// The output goes to a temporary file in the same directory, which
    /// replaces FILE only when the run is over: FILE is never left half
    /// written, even if the run is interrupted.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Start csv output with a UTF-8 byte order mark.
    ///
    /// Excel reads a CSV file without the mark in the local code page and
    /// garbles non-ASCII text; most other tools read the mark as part of the
    /// first column name, so it is off by default.
    #[arg(long)]
    pub csv_bom: bool,

    /// Width of the text table, in terminal columns.
    #[arg(long, value_name = "COLUMNS", default_value_t = export::DEFAULT_TEXT_WIDTH)]
    pub width: usize,

    /// Add the audit's grouping keys to each jsonl record.
    ///
    /// Adds `published`, `claim_key` and `shingles`, so that the audit's
    /// grouping can run as a shuffle on a cluster and `quotecheck audit
    /// --quotes` on each group (see the README). Needs --format jsonl.
    #[arg(long)]
    pub emit_keys: bool,

    /// Worker threads; 0 uses every core.
    #[arg(short = 'j', long, value_name = "N", default_value_t = 0)]
    pub threads: usize,

    /// Read files that are not valid UTF-8, replacing bad bytes with U+FFFD.
    ///
    /// Each invalid byte sequence becomes one U+FFFD (�) and the file is
    /// processed, with a warning naming it. Quote offsets then count bytes
    /// of the decoded text, not of the file: past a replaced sequence they
    /// are shifted. Without this flag such a file is an error.
    #[arg(long)]
    pub lossy: bool,

    /// Print no summary line, no warnings and no progress bar; errors are still printed.
    #[arg(short, long)]
    pub quiet: bool,
}

/// The `--format` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FormatArg {
    /// A table for people; long quotes are shortened (the full text is in jsonl)
    Text,
    /// JSON Lines: one record per quote, keys as listed below
    Jsonl,
    /// One JSON document with every article, its quotes and diagnostics
    Json,
    /// A header row, then one row per quote; same columns as jsonl
    Csv,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Format {
        match f {
            FormatArg::Text => Format::Text,
            FormatArg::Jsonl => Format::Jsonl,
            FormatArg::Json => Format::Json,
            FormatArg::Csv => Format::Csv,
        }
    }
}

/// The extractor: `quotecheck::extract_with` in the binary, a stand-in in
/// the tests of the driver.
type ExtractFn = fn(&str, &str, &ArticleMeta) -> Extraction;

/// What each worker does with an article, fixed for the run.
#[derive(Clone)]
struct Work {
    extract: ExtractFn,
    renderer: Renderer,
    emit_keys: bool,
    lossy: bool,
}

pub fn run(args: &Args) -> Result<ExitCode> {
    if args.emit_keys && args.format != FormatArg::Jsonl {
        bail!("--emit-keys needs --format jsonl");
    }
    crate::ordered::use_threads(args.threads)?;
    let format = Format::from(args.format);
    let options = Options { csv_bom: args.csv_bom, text_width: args.width };
    let work = Work {
        extract: quotecheck::extract_with,
        renderer: Renderer::new(format, &options),
        emit_keys: args.emit_keys,
        lossy: args.lossy,
    };
    let mut log = Log::new(io::stderr(), args.quiet);
    if !args.quiet && io::stderr().is_terminal() {
        log.bar = Some(progress_bar(&args.paths));
    }

    // The output file is made before any input is read, so that a bad
    // --output fails at once rather than after the whole run.
    let stats = match &args.output {
        None => {
            let writer =
                Writer::with_options(format, BufWriter::new(io::stdout().lock()), &options);
            let jobs = input::jobs(&args.paths, args.input_format);
            let (stats, _) = extract_all(jobs, writer, &work, &mut log, "standard output")?;
            stats
        }
        Some(path) => {
            let name = path.display().to_string();
            let tmp = temp_beside(path)?;
            let writer = Writer::with_options(format, BufWriter::new(tmp), &options);
            let jobs = input::jobs(&args.paths, args.input_format);
            let (stats, out) = extract_all(jobs, writer, &work, &mut log, &name)?;
            let tmp = out
                .into_inner()
                .map_err(|e| e.into_error())
                .context(format!("cannot write {name}"))?;
            replace(tmp, path)?;
            stats
        }
    };
    log.summary(&stats);
    Ok(if stats.failed > 0 { ExitCode::from(2) } else { ExitCode::SUCCESS })
}

/// A bar over the input's bytes when every PATH is a file of known size,
/// a spinner with a byte count otherwise (directories are listed lazily,
/// so their size is unknown until the end).
fn progress_bar(paths: &[PathBuf]) -> ProgressBar {
    let total: Option<u64> = paths
        .iter()
        .map(|p| match std::fs::metadata(p) {
            Ok(m) if m.is_file() && p.as_os_str() != "-" => Some(m.len()),
            _ => None,
        })
        .sum();
    let (bar, template) = match total {
        Some(n) => (
            ProgressBar::with_draw_target(Some(n), ProgressDrawTarget::stderr()),
            "{bytes}/{total_bytes} {bytes_per_sec} [{wide_bar}] {eta} {msg}",
        ),
        None => (
            ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()),
            "{spinner} {bytes} {bytes_per_sec} {elapsed} {msg}",
        ),
    };
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}

/// Counts for the summary line.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
struct Stats {
    articles: usize,
    quotes: usize,
    failed: usize,
    skipped: usize,
}

/// Messages on standard error, one line each, naming what they are about,
/// and the progress bar when there is one.
struct Log<E: Write> {
    out: E,
    quiet: bool,
    bar: Option<ProgressBar>,
}

impl<E: Write> Log<E> {
    fn new(out: E, quiet: bool) -> Log<E> {
        Log { out, quiet, bar: None }
    }

    // Writes to standard error are best effort: there is nowhere else to
    // report that they failed, and the output itself must still be made.

    fn line(&mut self, line: std::fmt::Arguments<'_>) {
        let out = &mut self.out;
        match &self.bar {
            // The bar is taken off the screen while the line is written.
            Some(bar) => bar.suspend(|| {
                let _ = writeln!(out, "{line}");
            }),
            None => {
                let _ = writeln!(out, "{line}");
            }
        }
    }

    fn error(&mut self, what: impl Display, msg: impl Display) {
        self.line(format_args!("quotecheck: {what}: {msg}"));
    }

    fn warn(&mut self, what: impl Display, msg: impl Display) {
        if !self.quiet {
            self.line(format_args!("quotecheck: warning: {what}: {msg}"));
        }
    }

    fn progress(&mut self, bytes: u64, s: &Stats) {
        if let Some(bar) = &self.bar {
            bar.inc(bytes);
            // A message is a string to build: every 64 articles is enough
            // for a display refreshed a few times a second.
            if s.articles % 64 == 0 {
                bar.set_message(format!("{} articles, {} quotes", s.articles, s.quotes));
            }
        }
    }

    fn summary(&mut self, s: &Stats) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
        if self.quiet {
            return;
        }
        let mut line = format!(
            "quotecheck: {} articles, {} quotes, {} failed",
            s.articles, s.quotes, s.failed
        );
        if s.skipped > 0 {
            line.push_str(&format!(", {} skipped", s.skipped));
        }
        let _ = writeln!(self.out, "{line}");
    }
}

/// What a worker hands to the writing thread for one job.
enum Done {
    /// An article's rendered output.
    Article {
        origin: Origin,
        id: String,
        bytes: u64,
        quotes: usize,
        out: Vec<u8>,
        warning: Option<String>,
    },
    /// A failure, a skipped input or an empty directory.
    Problem(Problem),
}

impl Work {
    /// Loads, extracts and renders one job; runs on any thread.
    fn run(&self, job: Job) -> Done {
        let line_bytes = match &job {
            Job::Line { bytes, .. } => bytes.len() as u64 + 1,
            _ => 0,
        };
        let article = match job.load(self.lossy) {
            Ok(a) => a,
            Err(problem) => return Done::Problem(problem),
        };
        // One article that trips a bug must not end a run over millions:
        // it is reported as failed and the run goes on.
        let extracted = panic::catch_unwind(AssertUnwindSafe(|| {
            let ex = (self.extract)(&article.id, &article.text, &article.given);
            let mut out = Vec::new();
            self.render(&ex, &mut out).map(|()| (ex.quotes.len(), out))
        }));
        let (quotes, out) = match extracted {
            Ok(Ok(done)) => done,
            Ok(Err(e)) => return Done::Problem(failed(&article.origin, e)),
            Err(_) => {
                let msg = "internal error while extracting this article (a bug: please report it)";
                return Done::Problem(failed(&article.origin, msg));
            }
        };
        let bytes = if line_bytes > 0 { line_bytes } else { article.text.len() as u64 };
        Done::Article {
            origin: article.origin,
            id: article.id,
            bytes,
            quotes,
            out,
            warning: article.warning,
        }
    }

    fn render(&self, ex: &Extraction, out: &mut Vec<u8>) -> io::Result<()> {
        if !self.emit_keys {
            return self.renderer.render(ex, out);
        }
        for q in &ex.quotes {
            serde_json::to_writer(&mut *out, &KeyedQuote::new(q, ex.meta.published.as_deref()))?;
            out.push(b'\n');
        }
        Ok(())
    }
}

fn failed(origin: &Origin, msg: impl Display) -> Problem {
    Problem::Failed(input::LoadError { what: origin.to_string(), message: msg.to_string() })
}

/// A quote record with the audit's grouping keys (`--emit-keys`).
#[derive(Serialize)]
struct KeyedQuote<'a> {
    #[serde(flatten)]
    quote: &'a Quote,
    /// The article's publication date: the audit dates a speaker's roles
    /// by it, and a group of quotes has no article to read it from.
    published: Option<&'a str>,
    claim_key: Option<String>,
    shingles: Vec<String>,
}

impl<'a> KeyedQuote<'a> {
    fn new(quote: &'a Quote, published: Option<&'a str>) -> KeyedQuote<'a> {
        let keys = quotecheck::xref::blocking_keys(quote);
        let (claim_key, shingles) = match keys {
            Some(k) => (Some(k.claim_key), k.shingles),
            None => (None, Vec::new()),
        };
        KeyedQuote { quote, published, claim_key, shingles }
    }
}

/// The article ids seen so far and where each was first seen, for the
/// duplicate-id warning of `extract_all`.
///
/// Everything else of a run streams, so this table is what grows with a
/// corpus of millions of articles; it is kept small. An id is held as a
/// 64-bit fingerprint, and the place it was first seen as 64 bits: a
/// record of a JSON Lines corpus as its corpus (an index into `corpora`,
/// one entry a corpus file) and its line, anything else (a text file: a
/// run that reads a file an article holds a path an article anyway) as
/// an index into `others`. That is 16 bytes a record and the hash table's
/// slack, where a whole `Origin` took 40.
#[derive(Default)]
struct SeenIds {
    first: HashMap<u64, u64>,
    corpora: Vec<Arc<Source>>,
    others: Vec<Origin>,
}

/// The tag bit of a place that is a corpus record; `PLACE_LINE_BITS` low
/// bits hold the line, the bits between them the corpus index.
const PLACE_RECORD: u64 = 1 << 63;
const PLACE_LINE_BITS: u32 = 40;

impl SeenIds {
    /// Notes that article `id` was read at `origin`, and returns where it
    /// was first read when that is another place (the same file named
    /// twice is what was asked for, not a clash).
    fn see(&mut self, id: &str, origin: &Origin) -> Option<Origin> {
        let mut h = DefaultHasher::new();
        id.hash(&mut h);
        let key = h.finish();
        match self.first.get(&key) {
            Some(&place) => Some(self.origin(place)).filter(|first| first != origin),
            None => {
                let place = self.place(origin);
                self.first.insert(key, place);
                None
            }
        }
    }

    /// `origin` as 64 bits.
    fn place(&mut self, origin: &Origin) -> u64 {
        if let Origin::Line { corpus, line } = origin {
            // A corpus is read to its end before the next: comparing with
            // the last one is enough to keep one entry a file.
            if !self.corpora.last().is_some_and(|c| Arc::ptr_eq(c, corpus)) {
                self.corpora.push(Arc::clone(corpus));
            }
            let index = (self.corpora.len() - 1) as u64;
            if *line < 1 << PLACE_LINE_BITS && index < PLACE_RECORD >> PLACE_LINE_BITS {
                return PLACE_RECORD | index << PLACE_LINE_BITS | line;
            }
        }
        self.others.push(origin.clone());
        (self.others.len() - 1) as u64
    }

    /// The origin `place` was made from.
    fn origin(&self, place: u64) -> Origin {
        if place & PLACE_RECORD == 0 {
            return self.others[place as usize].clone();
        }
        let index = (place & !PLACE_RECORD) >> PLACE_LINE_BITS;
        Origin::Line {
            corpus: Arc::clone(&self.corpora[index as usize]),
            line: place & ((1 << PLACE_LINE_BITS) - 1),
        }
    }
}

/// Reads, extracts and writes every job, in order, reporting problems as
/// they come, and finishes the output. An `Err` is a write error on the
/// output (named `out_name` in the message), which ends the run; input
/// problems are only counted.
fn extract_all<W: Write, E: Write>(
    jobs: impl Iterator<Item = Job> + Send,
    mut writer: Writer<W>,
    work: &Work,
    log: &mut Log<E>,
    out_name: &str,
) -> Result<(Stats, W)> {
    let mut stats = Stats::default();
    // Two files with the same stem, or two records with one id, would be
    // one article downstream.
    let mut ids = SeenIds::default();
    let window = 16 * rayon::current_num_threads();
    let worker = work.clone();
    crate::ordered::map(
        jobs,
        window,
        move |job| worker.run(job),
        |done| -> Result<()> {
            match done {
                Done::Article { origin, id, bytes, quotes, out, warning } => {
                    if let Some(w) = warning {
                        log.warn(&origin, w);
                    }
                    if let Some(first) = ids.see(&id, &origin) {
                        log.warn(&origin, format_args!("same article id {id:?} as {first}"));
                    }
                    stats.articles += 1;
                    stats.quotes += quotes;
                    writer
                        .write_rendered(&out)
                        .with_context(|| format!("cannot write {out_name}"))?;
                    log.progress(bytes, &stats);
                }
                Done::Problem(Problem::Failed(e)) => {
                    log.error(&e.what, &e.message);
                    stats.failed += 1;
                }
                Done::Problem(Problem::Skipped(e)) => {
                    log.warn(&e.what, &e.message);
                    stats.skipped += 1;
                }
                Done::Problem(Problem::NoArticles(dir)) => {
                    log.warn(dir.display(), "no *.txt files in this directory")
                }
            }
            Ok(())
        },
    )?;
    let out = writer.finish().with_context(|| format!("cannot write {out_name}"))?;
    Ok((stats, out))
}

/// A temporary file in the directory of `path`, where a rename onto `path`
/// is atomic (a rename across file systems would copy).
fn temp_beside(path: &Path) -> Result<tempfile::NamedTempFile> {
    if path.is_dir() {
        bail!("cannot write {}: it is a directory", path.display());
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".quotecheck-").suffix(".tmp");
    // A temporary file is private (0600) by default; the output should get
    // the mode a newly created file gets (0666 less the umask).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let tmp = builder
        .tempfile_in(dir)
        .with_context(|| format!("cannot create a temporary file in {}", dir.display()))?;
    // Replacing a file keeps its mode, as `>` in a shell does.
    if let Ok(meta) = std::fs::metadata(path) {
        std::fs::set_permissions(tmp.path(), meta.permissions())
            .with_context(|| format!("cannot set permissions of {}", tmp.path().display()))?;
    }
    Ok(tmp)
}

/// Moves the finished temporary file onto `path` in one rename.
fn replace(tmp: tempfile::NamedTempFile, path: &Path) -> Result<()> {
    // On disk before the rename, so that a crash cannot leave `path`
    // renamed but empty.
    tmp.as_file().sync_all().with_context(|| format!("cannot write {}", path.display()))?;
    tmp.persist(path)
        .map_err(|e| e.error)
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use quotecheck::{ArticleMeta, Quote, QuoteKind};
    use std::fs;

    /// A stand-in for the extractor: one quote per line that starts with
    /// `>`, so the driver can be tested on its own.
    fn fake_extract(id: &str, text: &str, given: &ArticleMeta) -> Extraction {
        let quotes = text
            .lines()
            .filter_map(|l| l.strip_prefix('>'))
            .enumerate()
            .map(|(index, t)| Quote {
                article: id.to_string(),
                index,
                kind: QuoteKind::Direct,
                text: t.to_string(),
                start: 0,
                end: t.len(),
                paragraph: index,
                parent: None,
                speaker: None,
                speaker_key: None,
                role: None,
                cue: None,
                outlet: None,
                via: None,
                date: None,
                insertions: Vec::new(),
            })
            .collect();
        Extraction {
            meta: ArticleMeta { id: id.to_string(), ..given.clone() },
            quotes,
            diagnostics: Vec::new(),
        }
    }

    fn fake_work(format: Format, emit_keys: bool) -> Work {
        Work {
            extract: fake_extract,
            renderer: Renderer::new(format, &Options::default()),
            emit_keys,
            lossy: false,
        }
    }

    struct Run {
        stats: Stats,
        out: String,
        err: String,
    }

    fn run_on(paths: &[PathBuf], format: Format, quiet: bool) -> Run {
        run_with(paths, InputFormat::Auto, &fake_work(format, false), quiet)
    }

    fn run_with(paths: &[PathBuf], input: InputFormat, work: &Work, quiet: bool) -> Run {
        let mut log = Log::new(Vec::new(), quiet);
        let writer = Writer::new(work.renderer.format(), Vec::new());
        let jobs = input::jobs(paths, input);
        let (stats, out) = extract_all(jobs, writer, work, &mut log, "test").unwrap();
        log.summary(&stats);
        Run {
            stats,
            out: String::from_utf8(out).unwrap(),
            err: String::from_utf8(log.out).unwrap(),
        }
    }

    #[test]
    fn bad_inputs_are_reported_and_the_rest_still_written() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        fs::write(d.join("a.txt"), ">one\n>two\n").unwrap();
        fs::write(d.join("bad.txt"), b"ok\xff").unwrap();
        fs::write(d.join("bin.txt"), b"\x00\x01").unwrap();
        fs::write(d.join("c.txt"), ">three\n").unwrap();
        fs::create_dir(d.join("empty")).unwrap();
        let paths = [d.join("a.txt"), d.join("missing.txt"), d.join("bad.txt")]
            .into_iter()
            .chain([d.join("bin.txt"), d.join("empty"), d.join("c.txt")])
            .collect::<Vec<_>>();
        let run = run_on(&paths, Format::Jsonl, false);

        assert_eq!(run.stats, Stats { articles: 2, quotes: 3, failed: 2, skipped: 1 });
        let texts: Vec<String> =
            run.out.lines().map(|l| serde_json::from_str::<Quote>(l).unwrap().text).collect();
        assert_eq!(texts, ["one", "two", "three"]);

        let lines: Vec<&str> = run.err.lines().collect();
        assert_eq!(lines.len(), 5, "{}", run.err);
        assert!(lines[0].starts_with(&format!("quotecheck: {}: ", d.join("missing.txt").display())));
        assert_eq!(
            lines[1],
            format!("quotecheck: {}: invalid UTF-8 at byte offset 2", d.join("bad.txt").display())
        );
        assert!(lines[2].starts_with("quotecheck: warning: ") && lines[2].contains("binary file"));
        assert!(
            lines[3].contains("warning")
                && lines[3].contains(&d.join("empty").display().to_string())
        );
        assert_eq!(lines[4], "quotecheck: 2 articles, 3 quotes, 2 failed, 1 skipped");
    }

    #[test]
    fn quiet_keeps_errors_only() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("empty")).unwrap();
        let run =
            run_on(&[dir.path().join("empty"), dir.path().join("missing.txt")], Format::Csv, true);
        let lines: Vec<&str> = run.err.lines().collect();
        assert_eq!(lines.len(), 1, "{}", run.err);
        assert!(lines[0].contains("missing.txt"));
        assert_eq!(run.out, format!("{}\n", export::COLUMNS.join(",")));
    }

    #[test]
    fn same_id_from_two_files_is_warned_about() {
        let dir = tempfile::tempdir().unwrap();
        for sub in ["x", "y"] {
            fs::create_dir(dir.path().join(sub)).unwrap();
            fs::write(dir.path().join(sub).join("a.txt"), ">q\n").unwrap();
        }
        let run = run_on(&[dir.path().to_path_buf()], Format::Jsonl, false);
        assert_eq!(run.stats.articles, 2);
        assert!(run.err.contains("same article id \"a\""), "{}", run.err);
        // The same file named twice is what was asked for, not a clash.
        let file = dir.path().join("x").join("a.txt");
        let run = run_on(&[file.clone(), file], Format::Jsonl, false);
        assert!(!run.err.contains("same article id"), "{}", run.err);
    }

    #[test]
    fn seen_ids_give_back_the_first_place_of_an_id() {
        let corpus = |name: &str| Arc::new(Source::File(PathBuf::from(name)));
        let (a, b) = (corpus("a.jsonl"), corpus("b.jsonl"));
        let line = |corpus: &Arc<Source>, line| Origin::Line { corpus: Arc::clone(corpus), line };
        let text = |name: &str| Origin::Text(Source::File(PathBuf::from(name)));
        let mut ids = SeenIds::default();
        assert_eq!(ids.see("x", &line(&a, 7)), None);
        assert_eq!(ids.see("y", &line(&b, 1 << 39)), None);
        // A line too far out for the packed form is kept whole.
        assert_eq!(ids.see("z", &line(&b, 1 << 40)), None);
        assert_eq!(ids.see("w", &text("d/w.txt")), None);
        assert_eq!(ids.see("v", &Origin::Text(Source::Stdin)), None);
        assert_eq!(ids.see("x", &line(&b, 2)), Some(line(&a, 7)));
        assert_eq!(ids.see("y", &line(&a, 3)), Some(line(&b, 1 << 39)));
        assert_eq!(ids.see("z", &text("d/z.txt")), Some(line(&b, 1 << 40)));
        assert_eq!(ids.see("w", &text("e/w.txt")), Some(text("d/w.txt")));
        assert_eq!(ids.see("v", &line(&a, 9)), Some(Origin::Text(Source::Stdin)));
        // The same place again is no clash.
        assert_eq!(ids.see("w", &text("d/w.txt")), None);
        assert_eq!(ids.see("x", &line(&a, 7)), None);
        // One entry a corpus, however many of its records are seen.
        assert_eq!(ids.corpora.len(), 2);
    }

    /// A writer that fails as a closed pipe does.
    struct ClosedPipe;

    impl Write for ClosedPipe {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(io::Error::from(io::ErrorKind::BrokenPipe))
        }
        fn flush(&mut self) -> io::Result<()> {
            Err(io::Error::from(io::ErrorKind::BrokenPipe))
        }
    }

    #[test]
    fn a_closed_pipe_reaches_main_as_a_broken_pipe() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("a.txt"), ">q\n").unwrap();
        let paths = [dir.path().to_path_buf()];
        for format in Format::ALL {
            let mut log = Log::new(Vec::new(), false);
            let writer = Writer::new(format, BufWriter::new(ClosedPipe));
            let jobs = input::jobs(&paths, InputFormat::Auto);
            let work = fake_work(format, false);
            let err = extract_all(jobs, writer, &work, &mut log, "standard output").err().unwrap();
            assert!(crate::is_broken_pipe(&err), "{format}: {err:#}");
        }
    }

    #[test]
    fn output_file_is_replaced_whole() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.jsonl");
        fs::write(&target, "old\n").unwrap();
        let mut tmp = temp_beside(&target).unwrap();
        assert_eq!(tmp.path().parent(), Some(dir.path()));
        tmp.write_all(b"new\n").unwrap();
        // Until the rename, the old file is untouched.
        assert_eq!(fs::read_to_string(&target).unwrap(), "old\n");
        replace(tmp, &target).unwrap();
        assert_eq!(fs::read_to_string(&target).unwrap(), "new\n");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn an_abandoned_output_leaves_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.jsonl");
        fs::write(&target, "old\n").unwrap();
        let mut tmp = temp_beside(&target).unwrap();
        tmp.write_all(b"half").unwrap();
        drop(tmp);
        assert_eq!(fs::read_to_string(&target).unwrap(), "old\n");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn output_to_a_directory_fails_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let err = temp_beside(dir.path()).unwrap_err();
        assert!(err.to_string().contains("is a directory"));
    }

    #[cfg(unix)]
    #[test]
    fn replacing_a_file_keeps_its_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.csv");
        fs::write(&target, "old").unwrap();
        fs::set_permissions(&target, fs::Permissions::from_mode(0o640)).unwrap();
        let tmp = temp_beside(&target).unwrap();
        replace(tmp, &target).unwrap();
        assert_eq!(fs::metadata(&target).unwrap().permissions().mode() & 0o777, 0o640);
    }
}
