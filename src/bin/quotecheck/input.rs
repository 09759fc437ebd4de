//! Turning PATH arguments into articles: files, directories (walked
//! recursively for `*.txt`, in sorted order) and `-` for standard input.
//!
//! Owns: expanding paths and reading one article's bytes into checked
//! UTF-8. Does not own: printing messages or counting failures (the
//! subcommand does); every problem comes back as a value so that one bad
//! file never stops the run.

use std::fmt;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

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
    /// Reads the whole article, decoding bytes that are not UTF-8 as
    /// U+FFFD (`extract --lossy`). Binary and UTF-16 files are still
    /// refused: replacing characters would not make them text.
    pub fn read_lossy(&self) -> Result<Lossy, ReadError> {
        decode_lossy(self.read_bytes()?)
    }

    fn read_bytes(&self) -> Result<Vec<u8>, ReadError> {
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
