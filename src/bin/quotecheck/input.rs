//! Turning PATH arguments into articles: files, directories (walked
//! recursively for `*.txt`, in sorted order), JSON Lines corpora (one
//! article per line) and `-` for standard input.
//!
//! Owns: expanding paths, telling text from JSON Lines input
//! ([`InputFormat`]), splitting a corpus into lines, and turning one
//! [`Job`] into a checked [`Article`]. Does not own: printing messages or
//! counting failures (the subcommand does); every problem comes back as a
//! value so that one bad file or line never stops the run.
//!
//! The work is split in two so that it can run in parallel: [`jobs`] walks
//! the inputs in order and does only cheap sequential work (listing
//! directories, cutting a corpus into lines); [`Job::load`] does the rest
//! (reading a file, checking UTF-8, parsing a JSON record) and may run on
//! any thread.

use std::fmt;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use quotecheck::ArticleMeta;
use serde::Deserialize;

/// Where an article comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A file on disk.
    File(PathBuf),
    /// Standard input.
    Stdin,
}

impl Source {
    /// The article id: the file stem, or `-` for standard input.
    pub fn id(&self) -> String {
        match self {
            Source::File(p) => p
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| p.display().to_string()),
            Source::Stdin => "-".to_string(),
        }
    }

    /// Reads the whole article and checks it is UTF-8 text.
    pub fn read(&self) -> Result<String, ReadError> {
        let bytes = match self {
            Source::File(p) => std::fs::read(p).map_err(ReadError::Io)?,
            Source::Stdin => {
                let mut buf = Vec::new();
                io::stdin().lock().read_to_end(&mut buf).map_err(ReadError::Io)?;
                buf
            }
        };
        decode(bytes)
    }
}

impl Source {
    /// The raw bytes of the article.
    pub fn read_bytes(&self) -> Result<Vec<u8>, ReadError> {
        match self {
            Source::File(p) => std::fs::read(p).map_err(ReadError::Io),
            Source::Stdin => {
                let mut buf = Vec::new();
                io::stdin().lock().read_to_end(&mut buf).map_err(ReadError::Io)?;
                Ok(buf)
            }
        }
    }
}

impl fmt::Display for Source {
    /// The name used in messages: the path as given, or `<stdin>`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::File(p) => write!(f, "{}", p.display()),
            Source::Stdin => f.write_str("<stdin>"),
        }
    }
}

/// Why an article could not be read.
#[derive(Debug)]
pub enum ReadError {
    /// The file could not be opened or read.
    Io(io::Error),
    /// A NUL byte at this offset: not a text file. Skipped with a warning
    /// rather than failed, as `grep` and `rg` treat binary files.
    Binary(usize),
    /// UTF-16 text (it starts with a UTF-16 byte order mark). Told apart
    /// from binary because it is text, only in an encoding we do not read.
    Utf16,
    /// Not UTF-8: the first bad byte is at this offset.
    Utf8(usize),
}

impl ReadError {
    /// True for files skipped on purpose (binary), false for failures.
    pub fn is_skip(&self) -> bool {
        matches!(self, ReadError::Binary(_))
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Io(e) => write!(f, "{e}"),
            ReadError::Binary(at) => write!(f, "binary file (NUL byte at offset {at})"),
            ReadError::Utf16 => f.write_str("UTF-16 text; convert it to UTF-8 first"),
            ReadError::Utf8(at) => write!(f, "invalid UTF-8 at byte offset {at}"),
        }
    }
}

impl std::error::Error for ReadError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ReadError::Io(e) => Some(e),
            _ => None,
        }
    }
}

/// Checks that `bytes` are UTF-8 text and makes them a `String`.
///
/// A UTF-8 byte order mark is kept: quote offsets count bytes of the file
/// as it is on disk.
pub fn decode(bytes: Vec<u8>) -> Result<String, ReadError> {
    if let Some(e) = not_text(&bytes) {
        return Err(e);
    }
    String::from_utf8(bytes).map_err(|e| ReadError::Utf8(e.utf8_error().valid_up_to()))
}

/// Why `bytes` are no text in any encoding we could read, if they are not.
fn not_text(bytes: &[u8]) -> Option<ReadError> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Some(ReadError::Utf16);
    }
    memchr::memchr(0, bytes).map(ReadError::Binary)
}

/// An article read with [`Source::read_lossy`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lossy {
    /// The text, each invalid UTF-8 sequence replaced by U+FFFD. Offsets
    /// into it are offsets into this text, not into the file, once a
    /// sequence was replaced (U+FFFD takes three bytes).
    pub text: String,
    /// How many sequences were replaced.
    pub replaced: usize,
    /// File offset of the first replaced byte.
    pub first_bad: Option<usize>,
}

/// Like [`decode`], but invalid UTF-8 is replaced rather than refused
/// (`String::from_utf8_lossy`: one U+FFFD per maximal invalid sequence).
pub fn decode_lossy(bytes: Vec<u8>) -> Result<Lossy, ReadError> {
    if let Some(e) = not_text(&bytes) {
        return Err(e);
    }
    let bytes = match String::from_utf8(bytes) {
        Ok(text) => return Ok(Lossy { text, replaced: 0, first_bad: None }),
        Err(e) => e.into_bytes(),
    };
    // Counted the way `from_utf8_lossy` replaces: one U+FFFD per invalid
    // chunk.
    let (mut replaced, mut first_bad, mut at) = (0, None, 0);
    for chunk in bytes.utf8_chunks() {
        at += chunk.valid().len();
        if !chunk.invalid().is_empty() {
            replaced += 1;
            first_bad.get_or_insert(at);
        }
        at += chunk.invalid().len();
    }
    let text = String::from_utf8_lossy(&bytes).into_owned();
    Ok(Lossy { text, replaced, first_bad })
}

/// One result of expanding the PATH arguments.
#[derive(Debug)]
pub enum Entry {
    /// An article to read.
    Article(Source),
    /// A directory, or part of one, that could not be listed.
    Unlisted {
        /// The path that failed (the directory or the entry in it).
        path: PathBuf,
        /// Why.
        error: io::Error,
    },
    /// A directory with no `*.txt` file in it, at any depth.
    NoArticles(PathBuf),
}

/// Expands PATH arguments lazily, in argument order: `-` is standard
/// input, a directory gives its `*.txt` files (any depth, the extension's
/// case ignored, each directory's entries sorted by name), anything else is
/// taken as a file, even when it is missing or has another extension
/// (reading it will tell).
///
/// Lazy so that a huge directory tree is never listed in memory at once and
/// its problems are reported when it is reached. Symbolic links are
/// followed; a link back to a directory being walked is reported as an
/// [`Entry::Unlisted`] instead of looping.
pub fn entries(paths: &[PathBuf]) -> impl Iterator<Item = Entry> + '_ {
    paths.iter().flat_map(|p| -> Box<dyn Iterator<Item = Entry>> {
        if p.as_os_str() == "-" {
            Box::new(std::iter::once(Entry::Article(Source::Stdin)))
        } else if p.is_dir() {
            Box::new(Walk::new(p))
        } else {
            Box::new(std::iter::once(Entry::Article(Source::File(p.clone()))))
        }
    })
}

/// The entries of one directory tree, ending with [`Entry::NoArticles`]
/// when it held no article.
struct Walk {
    dir: PathBuf,
    inner: walkdir::IntoIter,
    found: bool,
    done: bool,
}

impl Walk {
    fn new(dir: &Path) -> Walk {
        let inner = walkdir::WalkDir::new(dir).follow_links(true).sort_by_file_name().into_iter();
        Walk { dir: dir.to_path_buf(), inner, found: false, done: false }
    }
}

impl Iterator for Walk {
    type Item = Entry;

    fn next(&mut self) -> Option<Entry> {
        if self.done {
            return None;
        }
        for entry in self.inner.by_ref() {
            match entry {
                Ok(e) if e.file_type().is_file() && is_txt(e.path()) => {
                    self.found = true;
                    return Some(Entry::Article(Source::File(e.into_path())));
                }
                // A FIFO, socket or device named like an article: reading it
                // could block or never end, and passing over it in silence
                // would hide it.
                Ok(e) if !e.file_type().is_dir() && is_txt(e.path()) => {
                    let error = io::Error::new(
                        io::ErrorKind::InvalidInput,
                        "not a regular file (a FIFO, socket or device), not read",
                    );
                    return Some(Entry::Unlisted { path: e.into_path(), error });
                }
                Ok(_) => {}
                Err(err) => {
                    let path = err.path().unwrap_or(&self.dir).to_path_buf();
                    return Some(Entry::Unlisted { path, error: io::Error::from(err) });
                }
            }
        }
        self.done = true;
        (!self.found).then(|| Entry::NoArticles(self.dir.clone()))
    }
}

fn is_txt(path: &Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("txt"))
}

/// How a file named on the command line, or standard input, is read.
/// Files found by walking a directory are always text articles.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum InputFormat {
    /// JSON Lines for a name ending in .jsonl or .ndjson, and for standard input whose first
    /// non-blank byte is `{`; text otherwise
    #[default]
    Auto,
    /// Each file (and standard input) is one article
    Text,
    /// One article per line: {"id", "text", "published"?, "outlet"?, "url"?, "headline"?,
    /// "byline"?}
    Jsonl,
}

/// True when `path` names a JSON Lines file by its extension.
fn is_jsonl_name(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("jsonl") || e.eq_ignore_ascii_case("ndjson"))
}

/// Where one article came from, for messages and the duplicate-id check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A text file, or standard input read as text.
    Text(Source),
    /// Line `line` (1-based) of a JSON Lines corpus.
    Line {
        /// The corpus file or standard input; shared by all its lines.
        corpus: Arc<Source>,
        /// 1-based line number.
        line: u64,
    },
}

impl fmt::Display for Origin {
    /// `path`, `<stdin>`, or `path:line` as compilers name a place.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Text(s) => write!(f, "{s}"),
            Origin::Line { corpus, line } => write!(f, "{corpus}:{line}"),
        }
    }
}

/// One unit of work, in input order: an article to load, or a problem met
/// while listing the inputs.
#[derive(Debug)]
pub enum Job {
    /// A text article in a file, read by [`Job::load`].
    File(PathBuf),
    /// Standard input, already read, as one text article.
    Stdin(Vec<u8>),
    /// One non-blank line of a JSON Lines corpus, without its line end.
    Line {
        /// The corpus file or standard input.
        corpus: Arc<Source>,
        /// 1-based line number.
        line: u64,
        /// The line's bytes.
        bytes: Vec<u8>,
    },
    /// Something that could not be listed or read (an error).
    Failed {
        /// The path or place it is about.
        what: String,
        /// Why.
        message: String,
    },
    /// A directory with no `*.txt` article (a warning).
    NoArticles(PathBuf),
}

/// An article ready for extraction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    /// Where it came from.
    pub origin: Origin,
    /// Its id: the file stem, `-` for standard input, or the record's `id`.
    pub id: String,
    /// The whole text; quote offsets count its bytes.
    pub text: String,
    /// Metadata given with the text (a JSONL record's fields); empty for
    /// text files. What is set here wins over what the text says.
    pub given: ArticleMeta,
    /// A warning to print about how it was read (`--lossy` replacements).
    pub warning: Option<String>,
}

/// A problem with one input, for a one-line message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    /// The place, as messages name it (`path`, `<stdin>`, `path:line`).
    pub what: String,
    /// Why.
    pub message: String,
}

/// Why a [`Job`] gave no article.
#[derive(Debug)]
pub enum Problem {
    /// An input that could not be read or parsed: a failure.
    Failed(LoadError),
    /// An input skipped on purpose (a binary file): a warning.
    Skipped(LoadError),
    /// A directory with no `*.txt` article in it: a warning.
    NoArticles(PathBuf),
}

impl Job {
    /// Reads and checks the article of a job; the slow half of reading,
    /// which may run on any thread.
    pub fn load(self, lossy: bool) -> Result<Article, Problem> {
        let text_article = |source: Source, bytes: Result<Vec<u8>, ReadError>| {
            let fail = |e: ReadError| {
                let err = LoadError { what: source.to_string(), message: e.to_string() };
                if e.is_skip() {
                    let err = LoadError { message: format!("{}, skipped", err.message), ..err };
                    Problem::Skipped(err)
                } else {
                    Problem::Failed(err)
                }
            };
            let bytes = bytes.map_err(fail)?;
            let (text, warning) = if lossy {
                let l = decode_lossy(bytes).map_err(fail)?;
                let warning = l.first_bad.map(|at| {
                    let more = match l.replaced {
                        1 => String::new(),
                        n => format!(" and {} more", n - 1),
                    };
                    format!(
                        "invalid UTF-8 at byte offset {at}{more} replaced by U+FFFD; \
                         offsets in this article count bytes of the decoded text"
                    )
                });
                (l.text, warning)
            } else {
                (decode(bytes).map_err(fail)?, None)
            };
            // Nothing but white space (or a byte order mark): no article,
            // most likely a failed download, so it is named rather than
            // silently giving no quotes.
            if text.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}').is_empty() {
                let what = source.to_string();
                return Err(Problem::Skipped(LoadError {
                    what,
                    message: "empty file, skipped".into(),
                }));
            }
            Ok(Article {
                id: source.id(),
                origin: Origin::Text(source),
                text,
                given: ArticleMeta::default(),
                warning,
            })
        };
        match self {
            Job::File(path) => {
                let source = Source::File(path);
                let bytes = source.read_bytes();
                text_article(source, bytes)
            }
            Job::Stdin(bytes) => text_article(Source::Stdin, Ok(bytes)),
            Job::Line { corpus, line, bytes } => {
                let origin = Origin::Line { corpus, line };
                match parse_record(&bytes) {
                    Ok((id, text, given)) => Ok(Article { origin, id, text, given, warning: None }),
                    Err(message) => {
                        Err(Problem::Failed(LoadError { what: origin.to_string(), message }))
                    }
                }
            }
            Job::Failed { what, message } => Err(Problem::Failed(LoadError { what, message })),
            Job::NoArticles(dir) => Err(Problem::NoArticles(dir)),
        }
    }
}

/// One article of a JSON Lines corpus. Other keys are ignored, so that
/// corpora with more fields can be read as they are.
#[derive(Deserialize)]
struct Record {
    id: RecordId,
    text: String,
    #[serde(default)]
    headline: Option<String>,
    #[serde(default)]
    published: Option<String>,
    #[serde(default)]
    byline: Option<String>,
    #[serde(default)]
    outlet: Option<String>,
    #[serde(default)]
    url: Option<String>,
}

/// Corpora number their articles as often as they name them.
#[derive(Deserialize)]
#[serde(untagged)]
enum RecordId {
    Name(String),
    Number(serde_json::Number),
}

/// Parses one corpus line into id, text and given metadata; the error is a
/// message for a person.
fn parse_record(line: &[u8]) -> Result<(String, String, ArticleMeta), String> {
    let r: Record = serde_json::from_slice(line).map_err(|e| record_error(&e))?;
    let id = match r.id {
        RecordId::Name(s) => s,
        RecordId::Number(n) => n.to_string(),
    };
    if id.trim().is_empty() {
        return Err("the record's \"id\" is empty".to_string());
    }
    let published = r.published.map(|p| published_date(&p)).transpose()?;
    let given = ArticleMeta {
        id: id.clone(),
        headline: r.headline,
        published,
        byline: r.byline,
        outlet: r.outlet,
        url: r.url,
        people: Vec::new(),
    };
    Ok((id, r.text, given))
}

/// A serde_json error without its "at line 1 column n" (the line is ours
/// to name), with the column kept.
fn record_error(e: &serde_json::Error) -> String {
    let msg = e.to_string();
    let msg = match msg.rfind(" at line ") {
        Some(at) => msg[..at].to_string(),
        None => msg,
    };
    format!("invalid record: {msg} (column {})", e.column())
}

/// `published` must be a date, `YYYY-MM-DD`; a timestamp
/// (`2019-02-28T14:44:00Z`, `2019-02-28 14:44`) is cut to its date, as
/// the output keeps dates only.
fn published_date(p: &str) -> Result<String, String> {
    let p = p.trim();
    let (date, rest) = p.split_at(p.len().min(10));
    let is_date = date.len() == 10
        && chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").is_ok()
        && (rest.is_empty() || rest.starts_with(['T', 't', ' ']));
    if is_date {
        Ok(date.to_string())
    } else {
        Err(format!("\"published\" is {p:?}, not a date (YYYY-MM-DD)"))
    }
}

/// The jobs of the PATH arguments, lazily and in order: the articles of
/// [`entries`], with named JSON Lines files and standard input (as
/// `format` says) cut into one job per non-blank line.
pub fn jobs(paths: &[PathBuf], format: InputFormat) -> impl Iterator<Item = Job> + Send + '_ {
    paths.iter().flat_map(move |p| -> Box<dyn Iterator<Item = Job> + Send> {
        if p.as_os_str() == "-" {
            stdin_jobs(format)
        } else if p.is_dir() {
            Box::new(Walk::new(p).map(|entry| match entry {
                Entry::Article(Source::File(path)) => Job::File(path),
                Entry::Article(Source::Stdin) => Job::Failed {
                    what: "<stdin>".into(),
                    message: "standard input inside a directory".into(),
                },
                Entry::Unlisted { path, error } => {
                    Job::Failed { what: path.display().to_string(), message: error.to_string() }
                }
                Entry::NoArticles(dir) => Job::NoArticles(dir),
            }))
        } else if format == InputFormat::Jsonl || (format == InputFormat::Auto && is_jsonl_name(p))
        {
            let corpus = Arc::new(Source::File(p.clone()));
            match std::fs::File::open(p) {
                Ok(f) => Box::new(Lines::new(corpus, BufReader::with_capacity(LINE_BUFFER, f))),
                Err(e) => Box::new(std::iter::once(Job::Failed {
                    what: corpus.to_string(),
                    message: e.to_string(),
                })),
            }
        } else {
            Box::new(std::iter::once(Job::File(p.clone())))
        }
    })
}

/// Read-ahead for corpus files: large enough that reading is a few system
/// calls per megabyte.
const LINE_BUFFER: usize = 1 << 20;

/// Standard input as one text job or as corpus lines. With `auto`, the
/// first non-blank byte decides: a JSON record starts with `{`, a news
/// article practically never does.
fn stdin_jobs(format: InputFormat) -> Box<dyn Iterator<Item = Job> + Send> {
    let corpus = Arc::new(Source::Stdin);
    let mut reader = BufReader::with_capacity(LINE_BUFFER, io::stdin());
    let (jsonl, blank) = match format {
        InputFormat::Jsonl => (true, Vec::new()),
        InputFormat::Text => (false, Vec::new()),
        InputFormat::Auto => match first_non_blank(&mut reader) {
            Ok((b, blank)) => (b == Some(b'{'), blank),
            Err(e) => {
                return Box::new(std::iter::once(Job::Failed {
                    what: corpus.to_string(),
                    message: e.to_string(),
                }))
            }
        },
    };
    if jsonl {
        let mut lines = Lines::new(corpus, reader);
        lines.line = memchr::memchr_iter(b'\n', &blank).count() as u64;
        return Box::new(lines);
    }
    let mut bytes = blank;
    Box::new(std::iter::once(match reader.read_to_end(&mut bytes) {
        Ok(_) => Job::Stdin(bytes),
        Err(e) => Job::Failed { what: corpus.to_string(), message: e.to_string() },
    }))
}

/// The first byte that is not ASCII white space, left unread in `r`, and
/// the white space before it, which is consumed (a text article keeps it
/// in front, so that offsets stay those of the input).
fn first_non_blank(r: &mut impl BufRead) -> io::Result<(Option<u8>, Vec<u8>)> {
    let mut blank = Vec::new();
    loop {
        let buf = match r.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buf.is_empty() {
            return Ok((None, blank));
        }
        let n = buf.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(buf.len());
        blank.extend_from_slice(&buf[..n]);
        let first = buf.get(n).copied();
        r.consume(n);
        if first.is_some() {
            return Ok((first, blank));
        }
    }
}

/// The non-blank lines of a corpus, one job each.
struct Lines<R> {
    corpus: Arc<Source>,
    reader: R,
    line: u64,
    done: bool,
}

impl<R: BufRead> Lines<R> {
    fn new(corpus: Arc<Source>, reader: R) -> Lines<R> {
        Lines { corpus, reader, line: 0, done: false }
    }
}

impl<R: BufRead> Iterator for Lines<R> {
    type Item = Job;

    fn next(&mut self) -> Option<Job> {
        while !self.done {
            let mut bytes = Vec::new();
            match self.reader.read_until(b'\n', &mut bytes) {
                Ok(0) => self.done = true,
                Ok(_) => {
                    self.line += 1;
                    if bytes.ends_with(b"\n") {
                        bytes.pop();
                        if bytes.ends_with(b"\r") {
                            bytes.pop();
                        }
                    }
                    if bytes.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    return Some(Job::Line {
                        corpus: Arc::clone(&self.corpus),
                        line: self.line,
                        bytes,
                    });
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => {
                    // A read error mid-file ends that corpus; its lines so
                    // far are kept.
                    self.done = true;
                    return Some(Job::Failed {
                        what: format!("{}:{}", self.corpus, self.line + 1),
                        message: e.to_string(),
                    });
                }
            }
        }
        None
    }
}

/// Expands PATH arguments strictly, for commands that need every article
/// or nothing (`eval`, `audit`): a directory that cannot be listed is an
/// error naming the path; one with no article in it is a warning on
/// standard error.
pub fn collect(paths: &[PathBuf]) -> anyhow::Result<Vec<Source>> {
    let mut out = Vec::new();
    for entry in entries(paths) {
        match entry {
            Entry::Article(source) => out.push(source),
            Entry::Unlisted { path, error } => {
                anyhow::bail!("cannot list {}: {error}", path.display())
            }
            Entry::NoArticles(dir) => {
                eprintln!("quotecheck: warning: no *.txt articles in {}", dir.display())
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn all_entries(paths: &[PathBuf]) -> Vec<Entry> {
        entries(paths).collect()
    }

    fn articles(entries: &[Entry]) -> Vec<PathBuf> {
        entries
            .iter()
            .filter_map(|e| match e {
                Entry::Article(Source::File(p)) => Some(p.clone()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn entries_walks_directories_in_sorted_order() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("b/nested")).unwrap();
        for f in ["c.txt", "a.TXT", "b/nested/z.txt", "b/y.txt", "notes.md", "b/x.json"] {
            fs::write(root.join(f), "text").unwrap();
        }
        let got = articles(&all_entries(&[root.to_path_buf()]));
        let want: Vec<PathBuf> =
            ["a.TXT", "b/nested/z.txt", "b/y.txt", "c.txt"].iter().map(|f| root.join(f)).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn entries_keeps_argument_order_and_takes_files_as_given() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("missing.txt");
        let other = dir.path().join("notes.md");
        let entries = all_entries(&[other.clone(), PathBuf::from("-"), missing.clone()]);
        assert!(matches!(&entries[0], Entry::Article(Source::File(p)) if *p == other));
        assert!(matches!(&entries[1], Entry::Article(Source::Stdin)));
        assert!(matches!(&entries[2], Entry::Article(Source::File(p)) if *p == missing));
    }

    #[test]
    fn entries_reports_directories_without_articles() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("notes.md"), "x").unwrap();
        let entries = all_entries(&[dir.path().to_path_buf()]);
        assert_eq!(entries.len(), 1);
        assert!(matches!(&entries[0], Entry::NoArticles(p) if p == dir.path()));
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_named_like_an_article_is_an_error_not_a_silence() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("a.txt"), "x").unwrap();
        let fifo = dir.path().join("b.txt");
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        // SAFETY: `c` is a valid NUL-terminated path for the call's duration.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        let entries = all_entries(&[dir.path().to_path_buf()]);
        assert_eq!(articles(&entries), [dir.path().join("a.txt")]);
        assert!(entries.iter().any(|e| matches!(e, Entry::Unlisted { path, .. } if *path == fifo)));
    }

    #[cfg(unix)]
    #[test]
    fn entries_does_not_loop_on_a_link_to_an_ancestor() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("a.txt"), "x").unwrap();
        std::os::unix::fs::symlink(dir.path(), dir.path().join("loop")).unwrap();
        let entries = all_entries(&[dir.path().to_path_buf()]);
        assert_eq!(articles(&entries), [dir.path().join("a.txt")]);
        assert!(entries.iter().any(|e| matches!(e, Entry::Unlisted { .. })));
    }

    #[test]
    fn id_is_the_file_stem() {
        assert_eq!(Source::File("dir/000_abc.txt".into()).id(), "000_abc");
        assert_eq!(Source::Stdin.id(), "-");
        assert_eq!(Source::Stdin.to_string(), "<stdin>");
    }

    #[test]
    fn decode_accepts_utf8_text() {
        assert_eq!(decode("Kim said, “Yes.”".into()).unwrap(), "Kim said, “Yes.”");
        // The mark is kept so that offsets stay file offsets.
        assert_eq!(decode(b"\xef\xbb\xbfA".to_vec()).unwrap(), "\u{feff}A");
    }

    #[test]
    fn decode_rejects_invalid_utf8_with_the_offset() {
        let err = decode(b"abc\xe2\x80def".to_vec()).unwrap_err();
        assert!(matches!(err, ReadError::Utf8(3)), "{err:?}");
        assert_eq!(err.to_string(), "invalid UTF-8 at byte offset 3");
        assert!(!err.is_skip());
    }

    #[test]
    fn decode_skips_binary_files() {
        let err = decode(b"PK\x03\x04\x00\x00".to_vec()).unwrap_err();
        assert!(matches!(err, ReadError::Binary(4)), "{err:?}");
        assert!(err.is_skip());
    }

    #[test]
    fn decode_names_utf16() {
        let err = decode(b"\xff\xfeK\x00i\x00".to_vec()).unwrap_err();
        assert!(matches!(err, ReadError::Utf16), "{err:?}");
    }

    #[test]
    fn decode_lossy_replaces_each_bad_sequence_once() {
        // A cut three-byte sequence, a lone continuation byte, Latin-1 é.
        let got = decode_lossy(b"a\xe2\x80b\x80c\xe9".to_vec()).unwrap();
        assert_eq!(got.text, "a\u{fffd}b\u{fffd}c\u{fffd}");
        assert_eq!((got.replaced, got.first_bad), (3, Some(1)));
    }

    #[test]
    fn decode_lossy_leaves_good_text_alone() {
        let got = decode_lossy("“Yes,” she said.".into()).unwrap();
        assert_eq!(got, Lossy { text: "“Yes,” she said.".into(), replaced: 0, first_bad: None });
    }

    #[test]
    fn decode_lossy_still_refuses_binary_and_utf16() {
        assert!(matches!(decode_lossy(b"\xffok\x00".to_vec()), Err(ReadError::Binary(3))));
        assert!(matches!(decode_lossy(b"\xfe\xff\x00K".to_vec()), Err(ReadError::Utf16)));
    }

    #[test]
    fn read_reports_a_missing_file() {
        let dir = tempfile::tempdir().unwrap();
        let err = Source::File(dir.path().join("nope.txt")).read().unwrap_err();
        assert!(matches!(&err, ReadError::Io(e) if e.kind() == io::ErrorKind::NotFound));
    }

    fn corpus(lines: &str) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("corpus.jsonl");
        fs::write(&path, lines).unwrap();
        (dir, path)
    }

    fn loaded(paths: &[PathBuf], format: InputFormat) -> Vec<Result<Article, Problem>> {
        jobs(paths, format).map(|j| j.load(false)).collect()
    }

    #[test]
    fn jobs_cut_a_jsonl_corpus_into_lines_numbered_as_in_the_file() {
        let (_dir, path) = corpus(
            "{\"id\":\"a\",\"text\":\"One.\"}\r\n\n   \n{\"id\":7,\"text\":\"Two.\",\"x\":1}\n",
        );
        let got = loaded(std::slice::from_ref(&path), InputFormat::Auto);
        assert_eq!(got.len(), 2);
        let Ok(a) = &got[0] else { panic!("{:?}", got[0]) };
        assert_eq!((a.id.as_str(), a.text.as_str()), ("a", "One."));
        assert_eq!(a.origin.to_string(), format!("{}:1", path.display()));
        let Ok(b) = &got[1] else { panic!("{:?}", got[1]) };
        assert_eq!((b.id.as_str(), b.text.as_str()), ("7", "Two."));
        assert_eq!(b.origin.to_string(), format!("{}:4", path.display()));
    }

    #[test]
    fn record_metadata_is_given_with_the_text() {
        let line = br#"{"id":"x","text":"T","published":"2019-02-28T14:44:00Z","outlet":"Vox","url":"https://e.org/x","headline":"H","byline":"B"}"#;
        let (id, text, given) = parse_record(line).unwrap();
        assert_eq!((id.as_str(), text.as_str()), ("x", "T"));
        assert_eq!(
            given,
            ArticleMeta {
                id: "x".into(),
                headline: Some("H".into()),
                published: Some("2019-02-28".into()),
                byline: Some("B".into()),
                outlet: Some("Vox".into()),
                url: Some("https://e.org/x".into()),
                people: Vec::new(),
            }
        );
        let (_, _, given) = parse_record(br#"{"id":"x","text":"T","outlet":null}"#).unwrap();
        assert_eq!(given, ArticleMeta { id: "x".into(), ..ArticleMeta::default() });
    }

    #[test]
    fn bad_records_are_one_line_errors() {
        let cases: [(&[u8], &str); 6] = [
            (br#"{"id":"x"}"#, "missing field `text`"),
            (br#"{"text":"T"}"#, "missing field `id`"),
            (br#"{"id":"x","text":"T""#, "EOF while parsing"),
            (br#"{"id":" ","text":"T"}"#, "is empty"),
            (br#"{"id":"x","text":"T","published":"Feb. 28, 2019"}"#, "not a date"),
            (b"{\"id\":\"x\",\"text\":\"caf\xe9\"}", "invalid"),
        ];
        for (line, want) in cases {
            let err = parse_record(line).unwrap_err();
            assert!(err.contains(want), "{err}");
            assert!(!err.contains('\n') && !err.contains("at line"), "{err}");
        }
    }

    #[test]
    fn a_bad_line_fails_alone_and_names_file_and_line() {
        let (_dir, path) =
            corpus("{\"id\":\"a\",\"text\":\"A\"}\nnot json\n{\"id\":\"c\",\"text\":\"C\"}\n");
        let got = loaded(std::slice::from_ref(&path), InputFormat::Auto);
        assert!(matches!(&got[0], Ok(a) if a.id == "a"));
        let Err(Problem::Failed(e)) = &got[1] else { panic!("{:?}", got[1]) };
        assert_eq!(e.what, format!("{}:2", path.display()));
        assert!(e.message.starts_with("invalid record: expected "), "{}", e.message);
        assert!(e.message.ends_with("(column 2)"), "{}", e.message);
        assert!(matches!(&got[2], Ok(a) if a.id == "c"));
    }

    #[test]
    fn input_format_overrides_the_extension() {
        let dir = tempfile::tempdir().unwrap();
        let records = dir.path().join("records.txt");
        fs::write(&records, "{\"id\":\"a\",\"text\":\"A\"}\n").unwrap();
        let got = loaded(std::slice::from_ref(&records), InputFormat::Jsonl);
        assert!(matches!(&got[..], [Ok(a)] if a.id == "a"));
        let got = loaded(std::slice::from_ref(&records), InputFormat::Auto);
        assert!(matches!(&got[..], [Ok(a)] if a.id == "records"));
        let (_dir, jsonl) = corpus("{\"id\":\"a\",\"text\":\"A\"}\n");
        let got = loaded(&[jsonl], InputFormat::Text);
        assert!(matches!(&got[..], [Ok(a)] if a.id == "corpus" && a.text.starts_with('{')));
    }

    #[test]
    fn directories_give_text_articles_whatever_the_input_format() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("a.txt"), "{not a record").unwrap();
        let got = loaded(&[dir.path().to_path_buf()], InputFormat::Jsonl);
        assert!(matches!(&got[..], [Ok(a)] if a.text == "{not a record"));
    }

    #[test]
    fn a_missing_corpus_is_a_failure() {
        let dir = tempfile::tempdir().unwrap();
        let got = loaded(&[dir.path().join("gone.jsonl")], InputFormat::Auto);
        assert!(matches!(&got[..], [Err(Problem::Failed(e))] if e.what.ends_with("gone.jsonl")));
    }

    #[test]
    fn first_non_blank_keeps_the_blank_prefix() {
        let mut r = io::Cursor::new(b" \n\t{\"id\"".to_vec());
        let (first, blank) = first_non_blank(&mut r).unwrap();
        assert_eq!(first, Some(b'{'));
        assert_eq!(blank, b" \n\t");
        let mut rest = Vec::new();
        r.read_to_end(&mut rest).unwrap();
        assert_eq!(rest, b"{\"id\"");
        let (first, blank) = first_non_blank(&mut io::Cursor::new(b"  ".to_vec())).unwrap();
        assert_eq!((first, blank), (None, b"  ".to_vec()));
    }

    #[test]
    fn published_dates_and_timestamps() {
        assert_eq!(published_date("2019-02-28"), Ok("2019-02-28".into()));
        assert_eq!(published_date("2019-02-28 14:44 KST"), Ok("2019-02-28".into()));
        assert!(published_date("2019-02-30").is_err());
        assert!(published_date("20190228").is_err());
        assert!(published_date("2019-02-28x").is_err());
    }
}
