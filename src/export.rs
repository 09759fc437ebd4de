//! Writers for extraction results: JSON Lines, JSON, CSV and a text table.
//!
//! Owns: the on-disk shapes of the output contract (documented here and in
//! the README) and their encoding. Does not own: choosing files, buffering,
//! exit codes or messages (the CLI does), nor the records themselves
//! (`model`).
//!
//! Input: one [`Extraction`] at a time through [`Writer::write`]. Output:
//! bytes on any [`io::Write`]. Every format streams: nothing is kept between
//! articles except a counter, so memory does not grow with the number of
//! articles. Wrap files and standard output in an [`io::BufWriter`]; the
//! writer itself issues many small writes.
//!
//! # The quote record (`jsonl`, and the `quotes` of `json`)
//!
//! One JSON object per quote, with exactly the keys of [`COLUMNS`], in that
//! order: `article`, `index`, `kind`, `text`, `start`, `end`, `paragraph`,
//! `parent`, `speaker`, `speaker_key`, `role`, `cue`, `outlet`, `via`,
//! `date`, `insertions`. The meaning of each key is the doc of the field of
//! [`Quote`] with the same name. An unknown value is `null`, never `""`;
//! `insertions` is always an array (maybe empty). `start`/`end` are byte
//! offsets into the article file.
//!
//! ```text
//! {"article":"a1","index":0,"kind":"direct","text":"We will meet again.","start":120,"end":139,"paragraph":3,"parent":null,"speaker":"Kim Jong-un","speaker_key":"kim jong un","role":"North Korean leader","cue":"said","outlet":null,"via":null,"date":"2019-02-27","insertions":[]}
//! ```
//!
//! # `json`: one document
//!
//! ```text
//! {"schema_version":1,"articles":[
//! {"id":"a1","headline":"…","published":"2019-02-28","byline":null,"outlet":"…","url":null,"quotes":[…],"diagnostics":[…]},
//! {"id":"a2",…}
//! ]}
//! ```
//!
//! `schema_version` is [`SCHEMA_VERSION`]. Each article object holds the
//! fields of [`ArticleMeta`] (`id`, `headline`, `published`, `byline`,
//! `outlet`, `url`; unknown ones `null`), then `quotes`, an array of quote
//! records as above, and `diagnostics`, an array of
//! `{"article","kind","offset","message"}` objects ([`Diagnostic`]). Unlike
//! `jsonl`, an article with no quotes still appears. One article per line,
//! so the document can be diffed and grepped; it is written as it goes, so
//! it is complete only after [`Writer::finish`].
//!
//! # `csv`
//!
//! A header row with the names in [`COLUMNS`], then one row per quote
//! ([`CsvRow`]), UTF-8, comma-separated, quoted as RFC 4180 says (a field
//! with a comma, quote mark or line break is put in double quotes; a quote
//! mark inside is doubled). CSV has no null: an unknown value is an empty
//! cell, and since the record never holds `""`, an empty cell always means
//! null. `insertions` are joined with [`INSERTION_SEPARATOR`] (`"; "`).
//! Lines end in `\n`. The header is written even when there are no quotes.
//!
//! No byte order mark is written by default, because a leading BOM breaks
//! tools that read the header as plain text (`cut`, `head`, many CSV
//! readers, which then see a column named `\u{feff}article`).
//! LibreOffice asks for the encoding when it opens a CSV file (choose
//! UTF-8); Excel on Windows assumes the local code page unless the file
//! starts with a BOM, so for Excel set [`Options::csv_bom`] or use *Data >
//! From Text/CSV* and choose UTF-8. Spreadsheets read a cell that starts
//! with `=`, `+`, `-` or `@` as a formula; quote texts are written exactly as
//! found (no `'` is added to defuse them), so import the columns as text
//! when the articles are not trusted.
//!
//! # `text`: a table for people
//!
//! Per article a header line (id, date, outlet, headline), then per quote a
//! line with index, kind, speaker and role, a line with cue, date, outlet,
//! via and parent when any is known, and the quote text, its lines marked
//! `> ` as mail marks quoted lines, wrapped to [`Options::text_width`]
//! columns (measured with `unicode-width`) and at most [`TEXT_MAX_LINES`]
//! lines long: a longer text, like a long headline or name, is cut and ends
//! in `…`. Line breaks inside a quote show as `¶`, and control and
//! bidirectional-override characters as `\u{…}` escapes, so article text
//! cannot move the terminal's cursor. Diagnostics follow the quotes, marked
//! `!`. The table is for reading, not parsing: the full data
//! is in `jsonl`, `json` and `csv`.

use std::fmt;
use std::io::{self, Write};
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use crate::model::{ArticleMeta, Diagnostic, Extraction, Quote, QuoteKind, SCHEMA_VERSION};

/// The keys of a quote record, in output order: the JSONL keys and the CSV
/// header.
pub const COLUMNS: [&str; 16] = [
    "article",
    "index",
    "kind",
    "text",
    "start",
    "end",
    "paragraph",
    "parent",
    "speaker",
    "speaker_key",
    "role",
    "cue",
    "outlet",
    "via",
    "date",
    "insertions",
];

/// How the `insertions` list is joined into one CSV cell.
pub const INSERTION_SEPARATOR: &str = "; ";

/// The default width of the text table: the classic terminal width, which
/// also keeps the table readable when pasted into mail or an issue.
pub const DEFAULT_TEXT_WIDTH: usize = 80;

/// The narrowest text table; below this a wrapped quote is mostly
/// indentation and ellipses.
pub const MIN_TEXT_WIDTH: usize = 30;

/// How many lines of a quote's text the table shows before cutting it.
/// Four lines of 80 columns hold two or three sentences, enough to
/// recognise a quote; the rest is in the machine formats.
pub const TEXT_MAX_LINES: usize = 4;

/// The UTF-8 byte order mark written before the CSV header with
/// [`Options::csv_bom`].
const BOM: char = '\u{feff}';

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    /// A table for people.
    Text,
    /// JSON Lines: one quote record per line.
    Jsonl,
    /// One JSON document with every article, its quotes and diagnostics.
    Json,
    /// Comma-separated values, one quote per row.
    Csv,
}

impl Format {
    /// Every format, in the order help texts list them.
    pub const ALL: [Format; 4] = [Format::Text, Format::Jsonl, Format::Json, Format::Csv];

    /// The name of the format on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Jsonl => "jsonl",
            Format::Json => "json",
            Format::Csv => "csv",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Format {
    type Err = UnknownFormat;

    /// Reads a format name as [`Format::name`] gives it (ASCII case ignored).
    fn from_str(s: &str) -> Result<Format, UnknownFormat> {
        Format::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(s))
            .ok_or_else(|| UnknownFormat(s.to_string()))
    }
}

/// The error of [`Format::from_str`]: the name that matched no format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownFormat(pub String);

impl fmt::Display for UnknownFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
        write!(f, "unknown format {:?} (expected one of: {})", self.0, names.join(", "))
    }
}

impl std::error::Error for UnknownFormat {}

/// Settings that only some formats read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// Start CSV output with a UTF-8 byte order mark, for Excel (see the
    /// module docs). Off by default.
    pub csv_bom: bool,
    /// Width of the text table in terminal columns; at least
    /// [`MIN_TEXT_WIDTH`] is used.
    pub text_width: usize,
}

impl Default for Options {
    fn default() -> Options {
        Options { csv_bom: false, text_width: DEFAULT_TEXT_WIDTH }
    }
}

/// One CSV row: a [`Quote`] flattened to cells. Reading a file written by
/// [`Writer`] with `csv::Reader::deserialize::<CsvRow>` gives these back
/// (empty cells as `None`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CsvRow {
    /// See [`Quote::article`].
    pub article: String,
    /// See [`Quote::index`].
    pub index: usize,
    /// See [`Quote::kind`].
    pub kind: QuoteKind,
    /// See [`Quote::text`].
    pub text: String,
    /// See [`Quote::start`].
    pub start: usize,
    /// See [`Quote::end`].
    pub end: usize,
    /// See [`Quote::paragraph`].
    pub paragraph: usize,
    /// See [`Quote::parent`].
    pub parent: Option<usize>,
    /// See [`Quote::speaker`].
    pub speaker: Option<String>,
    /// See [`Quote::speaker_key`].
    pub speaker_key: Option<String>,
    /// See [`Quote::role`].
    pub role: Option<String>,
    /// See [`Quote::cue`].
    pub cue: Option<String>,
    /// See [`Quote::outlet`].
    pub outlet: Option<String>,
    /// See [`Quote::via`].
    pub via: Option<String>,
    /// See [`Quote::date`].
    pub date: Option<String>,
    /// [`Quote::insertions`] joined with [`INSERTION_SEPARATOR`]; empty when
    /// there are none.
    pub insertions: String,
}

impl From<&Quote> for CsvRow {
    fn from(q: &Quote) -> CsvRow {
        CsvRow {
            article: q.article.clone(),
            index: q.index,
            kind: q.kind,
            text: q.text.clone(),
            start: q.start,
            end: q.end,
            paragraph: q.paragraph,
            parent: q.parent,
            speaker: q.speaker.clone(),
            speaker_key: q.speaker_key.clone(),
            role: q.role.clone(),
            cue: q.cue.clone(),
            outlet: q.outlet.clone(),
            via: q.via.clone(),
            date: q.date.clone(),
            insertions: q.insertions.join(INSERTION_SEPARATOR),
        }
    }
}

/// An article object of the `json` format, borrowed from an [`Extraction`].
#[derive(Serialize)]
struct JsonArticle<'a> {
    #[serde(flatten)]
    meta: &'a ArticleMeta,
    quotes: &'a [Quote],
    diagnostics: &'a [Diagnostic],
}

/// Writes extractions in one [`Format`], one article at a time.
///
/// Call [`Writer::finish`] at the end: it closes the `json` document, writes
/// the CSV header if no article came, and flushes. Dropping the writer
/// without it may leave output incomplete.
pub struct Writer<W: Write> {
    sink: Sink<W>,
    /// Whether the opening bytes (CSV BOM and header, JSON prefix) are out.
    started: bool,
    /// Articles written so far.
    articles: usize,
}

enum Sink<W: Write> {
    Text { w: W, width: usize },
    Jsonl(W),
    Json(W),
    // Rows are rendered by a csv writer over a buffer per article (see
    // `Renderer`), so that the sink itself takes plain bytes.
    Csv { w: W, bom: bool },
}

impl<W: Write> Writer<W> {
    /// A writer with default [`Options`].
    pub fn new(format: Format, w: W) -> Writer<W> {
        Writer::with_options(format, w, &Options::default())
    }

    /// A writer with the given options. Nothing is written yet.
    pub fn with_options(format: Format, w: W, options: &Options) -> Writer<W> {
        let sink = match format {
            Format::Text => Sink::Text { w, width: options.text_width.max(MIN_TEXT_WIDTH) },
            Format::Jsonl => Sink::Jsonl(w),
            Format::Json => Sink::Json(w),
            Format::Csv => Sink::Csv { w, bom: options.csv_bom },
        };
        Writer { sink, started: false, articles: 0 }
    }

    /// The format being written.
    pub fn format(&self) -> Format {
        match self.sink {
            Sink::Text { .. } => Format::Text,
            Sink::Jsonl(_) => Format::Jsonl,
            Sink::Json(_) => Format::Json,
            Sink::Csv { .. } => Format::Csv,
        }
    }

    /// Writes everything extracted from one article.
    ///
    /// An error is the underlying writer's, with its kind kept (a closed
    /// pipe stays [`io::ErrorKind::BrokenPipe`]).
    pub fn write(&mut self, ex: &Extraction) -> io::Result<()> {
        self.start()?;
        match &mut self.sink {
            Sink::Text { w, width } => write_text_article(w, ex, *width)?,
            Sink::Jsonl(w) => write_jsonl_article(w, ex)?,
            Sink::Json(w) => {
                if self.articles > 0 {
                    w.write_all(b",\n")?;
                }
                write_json_article(w, ex)?;
            }
            Sink::Csv { w, .. } => {
                let mut rows = Vec::new();
                write_csv_rows(&mut rows, ex)?;
                w.write_all(&rows)?;
            }
        }
        self.articles += 1;
        Ok(())
    }

    /// Writes one article that a [`Renderer`] of the same format and
    /// options rendered, adding what goes between articles. A run of
    /// `write_rendered` gives the same bytes as a run of [`Writer::write`]
    /// on the same extractions.
    pub fn write_rendered(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.start()?;
        match &mut self.sink {
            Sink::Text { w, .. } | Sink::Jsonl(w) | Sink::Csv { w, .. } => w.write_all(bytes)?,
            Sink::Json(w) => {
                if self.articles > 0 {
                    w.write_all(b",\n")?;
                }
                w.write_all(bytes)?;
            }
        }
        self.articles += 1;
        Ok(())
    }

    /// Ends the output, flushes, and gives back the underlying writer.
    pub fn finish(mut self) -> io::Result<W> {
        self.start()?;
        let mut w = match self.sink {
            Sink::Text { w, .. } | Sink::Jsonl(w) | Sink::Csv { w, .. } => w,
            Sink::Json(mut w) => {
                w.write_all(b"\n]}\n")?;
                w
            }
        };
        w.flush()?;
        Ok(w)
    }

    /// Writes what comes before the first article, once.
    fn start(&mut self) -> io::Result<()> {
        if self.started {
            return Ok(());
        }
        self.started = true;
        match &mut self.sink {
            Sink::Text { .. } | Sink::Jsonl(_) => {}
            Sink::Json(w) => {
                writeln!(w, "{{\"schema_version\":{SCHEMA_VERSION},\"articles\":[")?;
            }
            Sink::Csv { w, bom } => {
                if *bom {
                    let mut mark = [0; 3];
                    w.write_all(BOM.encode_utf8(&mut mark).as_bytes())?;
                }
                let mut row = csv_builder().from_writer(Vec::new());
                row.write_record(COLUMNS).map_err(csv_to_io)?;
                w.write_all(&row.into_inner().map_err(|e| e.into_error())?)?;
            }
        }
        Ok(())
    }
}

/// Renders articles one at a time into bytes, without the framing that
/// goes around and between articles (CSV header, JSON prefix, commas and
/// suffix): the part of writing that can run on many threads at once,
/// while one thread hands the bytes to [`Writer::write_rendered`] in
/// order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Renderer {
    format: Format,
    width: usize,
}

impl Renderer {
    /// A renderer for `format` with `options`, matching a [`Writer`] made
    /// with the same two.
    pub fn new(format: Format, options: &Options) -> Renderer {
        Renderer { format, width: options.text_width.max(MIN_TEXT_WIDTH) }
    }

    /// The format rendered.
    pub fn format(&self) -> Format {
        self.format
    }

    /// Appends the output of one article to `out`.
    pub fn render(&self, ex: &Extraction, out: &mut Vec<u8>) -> io::Result<()> {
        match self.format {
            Format::Text => write_text_article(out, ex, self.width),
            Format::Jsonl => write_jsonl_article(out, ex),
            Format::Json => write_json_article(out, ex),
            Format::Csv => write_csv_rows(out, ex),
        }
    }
}

/// The settings of every CSV writer here. The header is ours
/// ([`COLUMNS`]), so that it is written even with no rows; serde's
/// automatic header needs a first row.
fn csv_builder() -> csv::WriterBuilder {
    let mut b = csv::WriterBuilder::new();
    b.has_headers(false).terminator(csv::Terminator::Any(b'\n'));
    b
}

/// One CSV row per quote.
fn write_csv_rows(out: &mut Vec<u8>, ex: &Extraction) -> io::Result<()> {
    let mut w = csv_builder().from_writer(out);
    for q in &ex.quotes {
        w.serialize(CsvRow::from(q)).map_err(csv_to_io)?;
    }
    w.flush()
}

/// One quote record per line.
fn write_jsonl_article<W: Write>(w: &mut W, ex: &Extraction) -> io::Result<()> {
    for q in &ex.quotes {
        serde_json::to_writer(&mut *w, q)?;
        w.write_all(b"\n")?;
    }
    Ok(())
}

/// The article object of the `json` document, without separators.
fn write_json_article<W: Write>(w: &mut W, ex: &Extraction) -> io::Result<()> {
    let article = JsonArticle { meta: &ex.meta, quotes: &ex.quotes, diagnostics: &ex.diagnostics };
    serde_json::to_writer(w, &article)?;
    Ok(())
}

/// Unwraps the I/O error inside a csv error. `csv`'s own conversion wraps
/// every error as `ErrorKind::Other`, which would hide a broken pipe.
fn csv_to_io(err: csv::Error) -> io::Error {
    if err.is_io_error() {
        if let csv::ErrorKind::Io(io) = err.into_kind() {
            return io;
        }
        // `is_io_error` promised `Io`; nothing else can come here.
        return io::Error::other("csv i/o error");
    }
    io::Error::other(err)
}

/// Writes one article of the text table.
fn write_text_article<W: Write>(w: &mut W, ex: &Extraction, width: usize) -> io::Result<()> {
    let meta = &ex.meta;
    let mut head = format!("== {}", visible(&meta.id));
    // The id is never cut: it is how a reader finds the article.
    let head_width = width.max(head.width());
    for part in [&meta.published, &meta.outlet, &meta.headline].into_iter().flatten() {
        head.push_str(" · ");
        head.push_str(&visible(part));
    }
    writeln!(w, "{}", ellipsize(&head, head_width))?;

    // Quote blocks are indented so that the `#n` lines stand out.
    const INDENT: &str = "     ";
    // Text lines are marked as mail marks quoted lines, to set them apart
    // from the details line above them.
    const QUOTED: &str = "     > ";
    let body_width = width - INDENT.len();
    let text_width = width - QUOTED.len();
    if ex.quotes.is_empty() {
        writeln!(w, "  (no quotes)")?;
    }
    for q in &ex.quotes {
        let mut line = format!("  #{} {}", q.index, q.kind);
        match (&q.speaker, &q.role) {
            (Some(s), Some(r)) => line.push_str(&format!(" · {} ({})", visible(s), visible(r))),
            (Some(s), None) => line.push_str(&format!(" · {}", visible(s))),
            (None, Some(r)) => line.push_str(&format!(" · ? ({})", visible(r))),
            (None, None) if q.kind.is_speech() => line.push_str(" · (no speaker)"),
            (None, None) => {}
        }
        writeln!(w, "{}", ellipsize(&line, width))?;

        let details: Vec<String> = [
            ("cue", q.cue.as_deref().map(visible)),
            ("date", q.date.as_deref().map(visible)),
            ("outlet", q.outlet.as_deref().map(visible)),
            ("via", q.via.as_deref().map(visible)),
            ("inside", q.parent.map(|p| format!("#{p}"))),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| format!("{k} {v}")))
        .collect();
        if !details.is_empty() {
            writeln!(w, "{INDENT}{}", ellipsize(&details.join(" · "), body_width))?;
        }

        let text = visible(&q.text);
        if text.trim().is_empty() {
            writeln!(w, "{INDENT}(blank text)")?;
        }
        for l in wrap_text(&text, text_width, TEXT_MAX_LINES).iter().filter(|l| !l.is_empty()) {
            writeln!(w, "{QUOTED}{l}")?;
        }
    }
    for d in &ex.diagnostics {
        let kind = serde_json::to_value(d.kind).ok();
        let kind = kind.as_ref().and_then(|k| k.as_str()).unwrap_or("diagnostic");
        let line = format!("  ! {kind} at byte {}: {}", d.offset, visible(&d.message));
        writeln!(w, "{}", ellipsize(&line, width))?;
    }
    writeln!(w)
}

/// Makes text safe and single-line for a terminal: line breaks become
/// ` ¶ `, a tab a space, and control or bidirectional-override characters
/// `\u{…}` escapes (they could otherwise move the cursor or reorder the
/// lines that follow).
fn visible(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' | '\u{2028}' | '\u{2029}' => out.push_str(" ¶ "),
            '\t' => out.push(' '),
            c if c.is_control() || is_bidi_control(c) => {
                out.extend(c.escape_unicode());
            }
            c => out.push(c),
        }
    }
    out
}

/// Explicit bidirectional embeddings, overrides and isolates (UAX #9).
/// Plain right-to-left text and the implicit marks (U+200E, U+200F) are
/// left alone: they display correctly and are common in real articles.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Cuts `s` to at most `width` columns, ending in `…` when anything was cut.
/// Cuts between grapheme clusters, so a letter keeps its combining marks.
fn ellipsize(s: &str, width: usize) -> String {
    if s.width() <= width {
        return s.to_string();
    }
    // Room for the one-column `…`.
    let budget = width.saturating_sub(1);
    let mut out = String::new();
    for g in s.graphemes(true) {
        if !fits(&out, g, budget) {
            break;
        }
        out.push_str(g);
    }
    out.truncate(out.trim_end().len());
    out.push('…');
    out
}

/// Wraps `s` at spaces into lines of at most `width` columns; when more
/// than `max_lines` lines would be needed, the last one shown ends in `…`.
/// A word wider than a line is broken between grapheme clusters.
///
/// Written here rather than with `textwrap` because textwrap measures and
/// breaks words char by char: it splits emoji sequences and letters from
/// their combining marks, and its widths disagree with `unicode-width`'s
/// for emoji presentation sequences.
fn wrap_text(s: &str, width: usize, max_lines: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in s.split(' ').filter(|w| !w.is_empty()) {
        if lines.len() > max_lines {
            break; // Enough to know that the text will be cut.
        }
        if !line.is_empty() {
            if fits(&line, &format!(" {word}"), width) {
                line.push(' ');
                line.push_str(word);
                continue;
            }
            lines.push(std::mem::take(&mut line));
        }
        for g in word.graphemes(true) {
            if !line.is_empty() && !fits(&line, g, width) {
                lines.push(std::mem::take(&mut line));
            }
            line.push_str(g);
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        if let Some(last) = lines.last_mut() {
            // The mark goes on even when the last line is short: the text
            // goes on on the next, hidden, line.
            *last = ellipsize(&format!("{last} …"), width);
        }
    }
    lines
}

/// True when `head` followed by `tail` is at most `width` columns wide.
/// Measures the joined string, not the sum of the parts: `unicode-width`
/// gives some sequences a width other than the sum of their characters'.
fn fits(head: &str, tail: &str, width: usize) -> bool {
    let mut joined = String::with_capacity(head.len() + tail.len());
    joined.push_str(head);
    joined.push_str(tail);
    joined.width() <= width
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::DiagnosticKind;
    use proptest::prelude::*;
    use serde::de::{Deserializer as _, IgnoredAny, MapAccess, Visitor};

    fn quote(article: &str, index: usize, text: &str) -> Quote {
        Quote {
            article: article.to_string(),
            index,
            kind: QuoteKind::Direct,
            text: text.to_string(),
            start: 10 * index,
            end: 10 * index + text.len(),
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
        }
    }

    fn attributed(article: &str, index: usize, text: &str) -> Quote {
        Quote {
            speaker: Some("Kim Jong-un".into()),
            speaker_key: Some("kim jong un".into()),
            role: Some("North Korean leader".into()),
            cue: Some("said".into()),
            outlet: Some("KCNA".into()),
            via: Some("Yonhap".into()),
            date: Some("2019-02-27".into()),
            insertions: vec!["[Feb. 28]".into(), "…".into()],
            ..quote(article, index, text)
        }
    }

    fn extraction(id: &str, quotes: Vec<Quote>) -> Extraction {
        Extraction {
            meta: ArticleMeta {
                id: id.into(),
                headline: Some("Summit ends without a deal".into()),
                published: Some("2019-02-28".into()),
                outlet: Some("The Daily".into()),
                ..ArticleMeta::default()
            },
            quotes,
            diagnostics: Vec::new(),
        }
    }

    fn render(format: Format, options: &Options, exs: &[Extraction]) -> String {
        let mut w = Writer::with_options(format, Vec::new(), options);
        for ex in exs {
            w.write(ex).unwrap();
        }
        String::from_utf8(w.finish().unwrap()).unwrap()
    }

    /// The keys of a JSON object in the order they appear in the text
    /// (`serde_json::Map` sorts them, so it cannot check order).
    fn key_order(json: &str) -> Vec<String> {
        struct Keys;
        impl<'de> Visitor<'de> for Keys {
            type Value = Vec<String>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Vec<String>, A::Error> {
                let mut keys = Vec::new();
                while let Some(k) = map.next_key::<String>()? {
                    map.next_value::<IgnoredAny>()?;
                    keys.push(k);
                }
                Ok(keys)
            }
        }
        // No `end()` check: the object may be followed by more text.
        serde_json::Deserializer::from_str(json).deserialize_map(Keys).unwrap()
    }

    #[test]
    fn rendered_articles_write_the_same_bytes_as_write() {
        let exs = [
            extraction(
                "a",
                vec![attributed("a", 0, "We will, \"surely\", meet."), quote("a", 1, "x")],
            ),
            extraction("b", Vec::new()),
            extraction("c", vec![quote("c", 0, "Line one\nline two")]),
        ];
        for format in Format::ALL {
            for bom in [false, true] {
                let options = Options { csv_bom: bom, text_width: 40 };
                let want = render(format, &options, &exs);
                let renderer = Renderer::new(format, &options);
                assert_eq!(renderer.format(), format);
                let mut w = Writer::with_options(format, Vec::new(), &options);
                for (n, ex) in exs.iter().enumerate() {
                    // Mixed on purpose: each path must leave the other's
                    // state right.
                    if n == 1 {
                        w.write(ex).unwrap();
                    } else {
                        let mut buf = Vec::new();
                        renderer.render(ex, &mut buf).unwrap();
                        w.write_rendered(&buf).unwrap();
                    }
                }
                let got = String::from_utf8(w.finish().unwrap()).unwrap();
                assert_eq!(got, want, "{format} bom={bom}");
            }
        }
    }

    #[test]
    fn format_names_round_trip() {
        for f in Format::ALL {
            assert_eq!(f.name().parse::<Format>(), Ok(f));
            assert_eq!(f.to_string(), f.name());
        }
        assert_eq!("JSONL".parse::<Format>(), Ok(Format::Jsonl));
    }

    #[test]
    fn format_rejects_unknown_names() {
        let err = "xml".parse::<Format>().unwrap_err();
        assert_eq!(
            err.to_string(),
            r#"unknown format "xml" (expected one of: text, jsonl, json, csv)"#
        );
        assert!("".parse::<Format>().is_err());
    }

    #[test]
    fn columns_are_the_record_contract() {
        assert_eq!(
            COLUMNS.join(","),
            "article,index,kind,text,start,end,paragraph,parent,speaker,speaker_key,\
             role,cue,outlet,via,date,insertions"
        );
    }

    #[test]
    fn jsonl_keys_are_exactly_the_columns_in_order() {
        let out = render(
            Format::Jsonl,
            &Options::default(),
            &[extraction("a1", vec![attributed("a1", 0, "x"), quote("a1", 1, "y")])],
        );
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 2);
        for line in lines {
            assert_eq!(key_order(line), COLUMNS);
        }
    }

    #[test]
    fn jsonl_writes_unknown_values_as_null() {
        let out = render(
            Format::Jsonl,
            &Options::default(),
            &[extraction("a1", vec![quote("a1", 0, "We will see.")])],
        );
        assert_eq!(
            out,
            "{\"article\":\"a1\",\"index\":0,\"kind\":\"direct\",\"text\":\"We will see.\",\
             \"start\":0,\"end\":12,\"paragraph\":0,\"parent\":null,\"speaker\":null,\
             \"speaker_key\":null,\"role\":null,\"cue\":null,\"outlet\":null,\"via\":null,\
             \"date\":null,\"insertions\":[]}\n"
        );
    }

    #[test]
    fn jsonl_writes_nothing_for_an_article_without_quotes() {
        let out = render(Format::Jsonl, &Options::default(), &[extraction("a1", vec![])]);
        assert_eq!(out, "");
    }

    #[test]
    fn json_is_one_document_with_every_article() {
        let mut with_diag = extraction("a2", vec![]);
        with_diag.diagnostics.push(Diagnostic {
            article: "a2".into(),
            kind: DiagnosticKind::UnclosedQuote,
            offset: 7,
            message: "quote never closed".into(),
        });
        let exs =
            [extraction("a1", vec![attributed("a1", 0, "x"), quote("a1", 1, "y")]), with_diag];
        let out = render(Format::Json, &Options::default(), &exs);

        assert_eq!(key_order(&out), ["schema_version", "articles"]);
        let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(doc["schema_version"], 1);
        let articles = doc["articles"].as_array().unwrap();
        assert_eq!(articles.len(), 2);
        // One article per line, between the opening and closing lines.
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 4);
        assert_eq!(
            key_order(lines[1].trim_end_matches(',')),
            ["id", "headline", "published", "byline", "outlet", "url", "quotes", "diagnostics"]
        );
        // `key_order` reads the first object of the text and ignores the rest.
        let first_quote = lines[1].split_once(r#""quotes":["#).unwrap().1;
        assert_eq!(key_order(first_quote), COLUMNS);

        // Each article object reads back into the extraction it came from.
        for (value, ex) in articles.iter().zip(&exs) {
            let back = Extraction {
                meta: serde_json::from_value(value.clone()).unwrap(),
                quotes: serde_json::from_value(value["quotes"].clone()).unwrap(),
                diagnostics: serde_json::from_value(value["diagnostics"].clone()).unwrap(),
            };
            assert_eq!(&back, ex);
        }
    }

    #[test]
    fn json_without_articles_is_still_a_document() {
        let out = render(Format::Json, &Options::default(), &[]);
        let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(doc, serde_json::json!({"schema_version": 1, "articles": []}));
    }

    #[test]
    fn csv_writes_header_and_flat_rows() {
        let out = render(
            Format::Csv,
            &Options::default(),
            &[extraction("a1", vec![attributed("a1", 0, "Yes, \"we\" can"), quote("a1", 1, "no")])],
        );
        assert_eq!(
            out,
            "article,index,kind,text,start,end,paragraph,parent,speaker,speaker_key,role,cue,\
             outlet,via,date,insertions\n\
             a1,0,direct,\"Yes, \"\"we\"\" can\",0,13,0,,Kim Jong-un,kim jong un,North Korean leader,\
             said,KCNA,Yonhap,2019-02-27,[Feb. 28]; …\n\
             a1,1,direct,no,10,12,1,,,,,,,,,\n"
        );
    }

    #[test]
    fn csv_header_comes_even_without_quotes() {
        let out = render(Format::Csv, &Options::default(), &[]);
        assert_eq!(out, format!("{}\n", COLUMNS.join(",")));
        let out = render(Format::Csv, &Options::default(), &[extraction("a1", vec![])]);
        assert_eq!(out, format!("{}\n", COLUMNS.join(",")));
    }

    #[test]
    fn csv_bom_only_when_asked() {
        let plain = render(Format::Csv, &Options::default(), &[]);
        assert!(plain.starts_with("article,"));
        let options = Options { csv_bom: true, ..Options::default() };
        let exs = [extraction("a1", vec![quote("a1", 0, "x")])];
        let marked = render(Format::Csv, &options, &exs);
        assert!(marked.as_bytes().starts_with(b"\xef\xbb\xbfarticle,index,"));
        assert_eq!(marked.matches('\u{feff}').count(), 1);
        // A CSV reader that knows the mark still sees the plain header.
        let mut reader = csv::Reader::from_reader(marked.as_bytes());
        assert_eq!(reader.headers().unwrap().iter().collect::<Vec<_>>(), COLUMNS);
    }

    #[test]
    fn csv_rows_read_back_as_csv_rows() {
        let exs = [extraction("a1", vec![attributed("a1", 0, "x"), quote("a1", 1, "y")])];
        let out = render(Format::Csv, &Options::default(), &exs);
        let mut reader = csv::Reader::from_reader(out.as_bytes());
        let rows: Vec<CsvRow> = reader.deserialize().collect::<Result<_, _>>().unwrap();
        let expected: Vec<CsvRow> = exs[0].quotes.iter().map(CsvRow::from).collect();
        assert_eq!(rows, expected);
        assert_eq!(rows[1].parent, None);
        assert_eq!(rows[1].speaker, None);
    }

    #[test]
    fn text_table_shows_every_field_a_reader_needs() {
        let mut nested = quote("a1", 1, "a term");
        nested.kind = QuoteKind::Term;
        nested.parent = Some(0);
        let mut unattributed = quote("a1", 2, "Nobody said this.");
        unattributed.kind = QuoteKind::Partial;
        let mut ex = extraction(
            "a1",
            vec![attributed("a1", 0, "We will meet again."), nested, unattributed],
        );
        ex.diagnostics.push(Diagnostic {
            article: "a1".into(),
            kind: DiagnosticKind::Unattributed,
            offset: 20,
            message: "no speaker found".into(),
        });
        let out = render(Format::Text, &Options::default(), &[ex, extraction("a2", vec![])]);
        assert_eq!(
            out,
            "== a1 · 2019-02-28 · The Daily · Summit ends without a deal\n\
             \x20 #0 direct · Kim Jong-un (North Korean leader)\n\
             \x20    cue said · date 2019-02-27 · outlet KCNA · via Yonhap\n\
             \x20    > We will meet again.\n\
             \x20 #1 term\n\
             \x20    inside #0\n\
             \x20    > a term\n\
             \x20 #2 partial · (no speaker)\n\
             \x20    > Nobody said this.\n\
             \x20 ! unattributed at byte 20: no speaker found\n\
             \n\
             == a2 · 2019-02-28 · The Daily · Summit ends without a deal\n\
             \x20 (no quotes)\n\
             \n"
        );
    }

    #[test]
    fn text_table_wraps_and_cuts_long_quotes() {
        let long = "word ".repeat(200);
        let out = render(
            Format::Text,
            &Options { text_width: 40, ..Options::default() },
            &[extraction("a1", vec![quote("a1", 0, &long)])],
        );
        let text_lines: Vec<&str> = out.lines().filter(|l| l.starts_with("     > ")).collect();
        assert_eq!(text_lines.len(), TEXT_MAX_LINES);
        assert!(text_lines.iter().all(|l| l.width() <= 40), "{out}");
        assert!(text_lines[TEXT_MAX_LINES - 1].ends_with('…'));
        assert!(!text_lines[0].ends_with('…'));
    }

    #[test]
    fn text_table_keeps_short_quotes_whole() {
        let out = render(
            Format::Text,
            &Options::default(),
            &[extraction("a1", vec![quote("a1", 0, "Short and whole.")])],
        );
        assert!(out.contains("\n     > Short and whole.\n"));
        assert!(!out.contains('…'));
    }

    #[test]
    fn text_table_escapes_control_characters() {
        let out = render(
            Format::Text,
            &Options::default(),
            &[extraction("a1", vec![quote("a1", 0, "red\u{1b}[31m\tone\ntwo\u{202e}x")])],
        );
        assert!(out.contains("red\\u{1b}[31m one ¶ two\\u{202e}x"), "{out}");
        assert!(!out.chars().any(|c| c.is_control() && c != '\n'));
    }

    #[test]
    fn text_table_breaks_long_words_between_graphemes() {
        // 30 family emoji (one grapheme each, two columns wide) and a
        // letter with a combining accent, with no space to wrap at.
        let word = format!("{}e\u{301}", "👩\u{200d}👩\u{200d}👧".repeat(30));
        let lines = wrap_text(&word, 25, 10);
        assert!(lines.len() > 1);
        for l in &lines {
            assert!(l.width() <= 25);
            assert!(!l.starts_with('\u{200d}') && !l.starts_with('\u{301}'));
        }
        assert_eq!(lines.concat(), word);
    }

    #[test]
    fn ellipsize_keeps_what_fits() {
        assert_eq!(ellipsize("abcdef", 6), "abcdef");
        assert_eq!(ellipsize("abcdef", 4), "abc…");
        assert_eq!(ellipsize("ab  cdef", 4), "ab…");
        assert_eq!(ellipsize("日本語テキスト", 6), "日本…");
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
    fn every_format_keeps_the_broken_pipe_kind() {
        let ex = extraction("a1", vec![quote("a1", 0, "x")]);
        for f in Format::ALL {
            let mut w = Writer::new(f, ClosedPipe);
            let err = match w.write(&ex) {
                // Buffering formats may only fail when flushed.
                Ok(()) => w.finish().err().unwrap(),
                Err(e) => e,
            };
            assert_eq!(err.kind(), io::ErrorKind::BrokenPipe, "{f}");
        }
    }

    /// Text with what trips up writers: separators, quote marks, line
    /// breaks, tabs, emoji, right-to-left script, combining marks, and any
    /// character at all.
    fn nasty_text() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just(",".to_string()),
            Just("\"".to_string()),
            Just("'".to_string()),
            Just("\n".to_string()),
            Just("\r\n".to_string()),
            Just("\r".to_string()),
            Just("\t".to_string()),
            Just(" ".to_string()),
            Just(";".to_string()),
            Just("👩\u{200d}👩\u{200d}👧".to_string()),
            Just("שלום".to_string()),
            Just("مرحبا".to_string()),
            Just("e\u{301}".to_string()),
            Just("\u{202e}".to_string()),
            Just("“”«»".to_string()),
            any::<char>().prop_map(String::from),
            "[a-zA-Z]{1,8}",
        ];
        prop::collection::vec(piece, 0..24).prop_map(|v| v.concat())
    }

    /// The record contract never holds an empty string in an optional field.
    fn known() -> impl Strategy<Value = Option<String>> {
        prop::option::of(nasty_text().prop_filter("never empty", |s| !s.is_empty()))
    }

    fn any_quote() -> impl Strategy<Value = Quote> {
        let kind = prop_oneof![
            Just(QuoteKind::Direct),
            Just(QuoteKind::Partial),
            Just(QuoteKind::Title),
            Just(QuoteKind::Term),
            Just(QuoteKind::Indirect),
        ];
        (
            (nasty_text(), 0..1000usize, kind, nasty_text(), 0..100_000usize, 0..500usize),
            (prop::option::of(0..1000usize), known(), known(), known(), known()),
            (known(), known(), known(), prop::collection::vec(nasty_text(), 0..3)),
        )
            .prop_map(|(a, b, c)| {
                let (article, index, kind, text, start, paragraph) = a;
                let (parent, speaker, speaker_key, role, cue) = b;
                let (outlet, via, date, insertions) = c;
                Quote {
                    end: start + text.len(),
                    article,
                    index,
                    kind,
                    text,
                    start,
                    paragraph,
                    parent,
                    speaker,
                    speaker_key,
                    role,
                    cue,
                    outlet,
                    via,
                    date,
                    insertions,
                }
            })
    }

    proptest! {
        #[test]
        fn csv_round_trips_any_text(quotes in prop::collection::vec(any_quote(), 1..4)) {
            let out = render(Format::Csv, &Options::default(), &[Extraction {
                meta: ArticleMeta::default(),
                quotes: quotes.clone(),
                diagnostics: Vec::new(),
            }]);
            let mut reader = csv::Reader::from_reader(out.as_bytes());
            prop_assert_eq!(reader.headers().unwrap().iter().collect::<Vec<_>>(), COLUMNS);
            let rows: Vec<CsvRow> = reader.deserialize().collect::<Result<_, _>>().unwrap();
            let expected: Vec<CsvRow> = quotes.iter().map(CsvRow::from).collect();
            prop_assert_eq!(rows, expected);
        }

        #[test]
        fn jsonl_round_trips_any_text(quotes in prop::collection::vec(any_quote(), 1..4)) {
            let out = render(Format::Jsonl, &Options::default(), &[Extraction {
                meta: ArticleMeta::default(),
                quotes: quotes.clone(),
                diagnostics: Vec::new(),
            }]);
            let back: Vec<Quote> =
                out.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
            prop_assert_eq!(back, quotes);
        }

        #[test]
        fn text_lines_fit_the_width(q in any_quote(), width in MIN_TEXT_WIDTH..120usize) {
            let out = render(
                Format::Text,
                &Options { text_width: width, ..Options::default() },
                &[extraction("a1", vec![q])],
            );
            for line in out.lines() {
                prop_assert!(line.width() <= width, "{:?} is wider than {}", line, width);
                prop_assert!(!line.chars().any(char::is_control), "{:?}", line);
            }
            let text_lines = out.lines().filter(|l| l.starts_with("     > ")).count();
            prop_assert!(text_lines <= TEXT_MAX_LINES);
        }
    }
}
