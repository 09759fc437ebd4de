//! `quotecheck extract`: every quotation in every article.
//!
//! Owns: the flags of `extract`, the order articles are processed in,
//! messages on standard error, the run's exit code, and writing `--output`
//! atomically. Does not own: finding quotes (`quotecheck::extract`), the
//! output formats (`quotecheck::export`) or path expansion (`input`).
//!
//! One article is read, extracted and written at a time, so memory does
//! not grow with the number of articles.

use std::collections::BTreeMap;
use std::fmt::Display;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use quotecheck::export::{self, Format, Options, Writer};
use quotecheck::Extraction;

use crate::input::{self, Entry, Source};

/// Printed after `extract --help`: the record schema in brief.
const AFTER_LONG_HELP: &str = "\
JSONL record (one per quote; also the `quotes` of json and the columns of csv):
  article      article id (file stem; `-` for standard input)
  index        0-based position of the quote in the article
  kind         direct | partial | title | term | indirect
  text         the words inside the marks, exactly as in the article
  start, end   byte offsets of `text` in the article file (with --lossy,
               in the decoded text)
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

json is one document: {\"schema_version\": 1, \"articles\": [{\"id\", \"headline\",
\"published\", \"byline\", \"outlet\", \"url\", \"quotes\": [records], \"diagnostics\":
[{\"article\", \"kind\", \"offset\", \"message\"}]}, ...]}.

Exit status: 0 when every input was read, 2 when any could not be (the other
inputs are still processed and written). A closed pipe ends the run quietly.";

/// Arguments of `extract`.
#[derive(Debug, clap::Args)]
#[command(after_long_help = AFTER_LONG_HELP)]
pub struct Args {
    /// Article files or directories (walked for *.txt); `-` reads standard input.
    ///
    /// Directories are walked recursively in sorted order for files ending
    /// in .txt. A file named directly is read whatever its extension. The
    /// article id is the file stem.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Output format.
    #[arg(short, long, value_enum, default_value_t = FormatArg::Text)]
    pub format: FormatArg,

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

    /// Read files that are not valid UTF-8, replacing bad bytes with U+FFFD.
    ///
    /// Each invalid byte sequence becomes one U+FFFD (�) and the file is
    /// processed, with a warning naming it. Quote offsets then count bytes
    /// of the decoded text, not of the file: past a replaced sequence they
    /// are shifted. Without this flag such a file is an error.
    #[arg(long)]
    pub lossy: bool,

    /// Print no summary line and no warnings; errors are still printed.
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

pub fn run(args: &Args) -> Result<ExitCode> {
    let format = Format::from(args.format);
    let options = Options { csv_bom: args.csv_bom, text_width: args.width };
    let mut log = Log { out: io::stderr().lock(), quiet: args.quiet };

    // The output file is made before any input is read, so that a bad
    // --output fails at once rather than after the whole run.
    let stats = match &args.output {
        None => {
            let writer =
                Writer::with_options(format, BufWriter::new(io::stdout().lock()), &options);
            let entries = input::entries(&args.paths);
            let (stats, _) = extract_all(
                entries,
                writer,
                quotecheck::extract,
                &mut log,
                "standard output",
                args.lossy,
            )?;
            stats
        }
        Some(path) => {
            let name = path.display().to_string();
            let tmp = temp_beside(path)?;
            let writer = Writer::with_options(format, BufWriter::new(tmp), &options);
            let entries = input::entries(&args.paths);
            let (stats, out) =
                extract_all(entries, writer, quotecheck::extract, &mut log, &name, args.lossy)?;
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

/// Counts for the summary line.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
struct Stats {
    articles: usize,
    quotes: usize,
    failed: usize,
    skipped: usize,
}

/// Messages on standard error, one line each, naming what they are about.
struct Log<E: Write> {
    out: E,
    quiet: bool,
}

impl<E: Write> Log<E> {
    // Writes to standard error are best effort: there is nowhere else to
    // report that they failed, and the output itself must still be made.

    fn error(&mut self, what: impl Display, msg: impl Display) {
        let _ = writeln!(self.out, "quotecheck: {what}: {msg}");
    }

    fn warn(&mut self, what: impl Display, msg: impl Display) {
        if !self.quiet {
            let _ = writeln!(self.out, "quotecheck: warning: {what}: {msg}");
        }
    }

    fn summary(&mut self, s: &Stats) {
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

/// Reads, extracts and writes every entry in order, reporting problems as
/// it goes, and finishes the output. An `Err` is a write error on the
/// output (named `out_name` in the message), which ends the run; input
/// problems are only counted. `lossy` is `--lossy`.
fn extract_all<W: Write, E: Write>(
    entries: impl IntoIterator<Item = Entry>,
    mut writer: Writer<W>,
    mut extract: impl FnMut(&str, &str) -> Extraction,
    log: &mut Log<E>,
    out_name: &str,
    lossy: bool,
) -> Result<(Stats, W)> {
    let mut stats = Stats::default();
    // Ids seen so far and where they came from: two files with the same
    // stem in different directories would be one article downstream.
    let mut ids: BTreeMap<String, Source> = BTreeMap::new();
    for entry in entries {
        match entry {
            Entry::Article(source) => {
                let Some(text) = read_article(&source, lossy, log, &mut stats) else {
                    continue;
                };
                let id = source.id();
                match ids.get(&id) {
                    Some(first) if *first != source => {
                        log.warn(&source, format_args!("same article id {id:?} as {first}"));
                    }
                    Some(_) => {}
                    None => {
                        ids.insert(id.clone(), source);
                    }
                }
                let ex = extract(&id, &text);
                stats.articles += 1;
                stats.quotes += ex.quotes.len();
                writer.write(&ex).with_context(|| format!("cannot write {out_name}"))?;
            }
            Entry::Unlisted { path, error } => {
                log.error(path.display(), error);
                stats.failed += 1;
            }
            Entry::NoArticles(dir) => log.warn(dir.display(), "no *.txt files in this directory"),
        }
    }
    let out = writer.finish().with_context(|| format!("cannot write {out_name}"))?;
    Ok((stats, out))
}

/// Reads one article, or says on standard error why not and counts it as
/// failed or skipped: no input is dropped without a message.
fn read_article<E: Write>(
    source: &Source,
    lossy: bool,
    log: &mut Log<E>,
    stats: &mut Stats,
) -> Option<String> {
    let read = if lossy {
        source.read_lossy().map(|l| {
            if let Some(at) = l.first_bad {
                let more = match l.replaced {
                    1 => String::new(),
                    n => format!(" and {} more", n - 1),
                };
                log.warn(
                    source,
                    format_args!(
                        "invalid UTF-8 at byte offset {at}{more} replaced by U+FFFD; \
                         offsets in this article count bytes of the decoded text"
                    ),
                );
            }
            l.text
        })
    } else {
        source.read()
    };
    match read {
        // Nothing but white space (or a byte order mark): no article, and
        // most likely a failed download, so it is named rather than
        // silently giving no quotes.
        Ok(text)
            if text.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}').is_empty() =>
        {
            log.warn(source, "empty file, skipped");
            stats.skipped += 1;
            None
        }
        Ok(text) => Some(text),
        Err(e) if e.is_skip() => {
            log.warn(source, format_args!("{e}, skipped"));
            stats.skipped += 1;
            None
        }
        Err(e) => {
            log.error(source, e);
            stats.failed += 1;
            None
        }
    }
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
    fn fake_extract(id: &str, text: &str) -> Extraction {
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
            meta: ArticleMeta { id: id.to_string(), ..ArticleMeta::default() },
            quotes,
            diagnostics: Vec::new(),
        }
    }

    struct Run {
        stats: Stats,
        out: String,
        err: String,
    }

    fn run_on(paths: &[PathBuf], format: Format, quiet: bool) -> Run {
        let mut log = Log { out: Vec::new(), quiet };
        let writer = Writer::new(format, Vec::new());
        let (stats, out) =
            extract_all(input::entries(paths), writer, fake_extract, &mut log, "test", false)
                .unwrap();
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

    fn read_one(bytes: &[u8], lossy: bool) -> (Option<String>, Stats, String) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        fs::write(&path, bytes).unwrap();
        let mut log = Log { out: Vec::new(), quiet: false };
        let mut stats = Stats::default();
        let text = read_article(&Source::File(path), lossy, &mut log, &mut stats);
        (text, stats, String::from_utf8(log.out).unwrap())
    }

    #[test]
    fn read_article_lossy_replaces_and_warns() {
        let (text, stats, err) = read_one(b"Caf\xe9 and \xe2\x80.", true);
        assert_eq!(text.as_deref(), Some("Caf\u{fffd} and \u{fffd}."));
        assert_eq!(stats, Stats::default());
        assert!(err.starts_with("quotecheck: warning: "), "{err}");
        assert!(
            err.contains("invalid UTF-8 at byte offset 3 and 1 more replaced by U+FFFD"),
            "{err}"
        );
        assert_eq!(err.lines().count(), 1, "{err}");
    }

    #[test]
    fn read_article_lossy_is_silent_on_good_text() {
        let (text, _, err) = read_one("“Yes,” she said.".as_bytes(), true);
        assert_eq!(text.as_deref(), Some("“Yes,” she said."));
        assert_eq!(err, "");
    }

    #[test]
    fn read_article_without_lossy_fails_on_bad_bytes() {
        let (text, stats, err) = read_one(b"Caf\xe9", false);
        assert_eq!(text, None);
        assert_eq!(stats.failed, 1);
        assert!(err.contains("invalid UTF-8 at byte offset 3"), "{err}");
    }

    #[test]
    fn read_article_skips_empty_files_with_a_warning() {
        for bytes in [&b""[..], b"  \r\n\n\t", b"\xef\xbb\xbf\n"] {
            let (text, stats, err) = read_one(bytes, false);
            assert_eq!(text, None, "{bytes:?}");
            assert_eq!(stats.skipped, 1, "{bytes:?}");
            assert!(err.contains("a.txt: empty file, skipped"), "{err}");
        }
        // One word is an article, however short.
        let (text, stats, _) = read_one(b"\nHi\n", false);
        assert_eq!((text.as_deref(), stats.skipped), (Some("\nHi\n"), 0));
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
            let mut log = Log { out: Vec::new(), quiet: false };
            let writer = Writer::new(format, BufWriter::new(ClosedPipe));
            let entries = input::entries(&paths);
            let err =
                extract_all(entries, writer, fake_extract, &mut log, "standard output", false)
                    .err()
                    .unwrap();
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
