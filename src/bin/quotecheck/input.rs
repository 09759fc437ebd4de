//! Turning PATH arguments into articles: files, directories (walked
//! recursively for `*.txt`, in sorted order) and `-` for standard input.

use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

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

    /// Reads the whole article as UTF-8.
    pub fn read(&self) -> Result<String> {
        match self {
            Source::File(p) => std::fs::read_to_string(p)
                .with_context(|| format!("cannot read {}", p.display())),
            Source::Stdin => {
                let mut s = String::new();
                std::io::stdin().read_to_string(&mut s).context("cannot read standard input")?;
                Ok(s)
            }
        }
    }
}

/// Expands PATH arguments into sources, in argument order; the files of a
/// directory are sorted by path.
pub fn collect(paths: &[PathBuf]) -> Result<Vec<Source>> {
    let mut out = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            out.push(Source::Stdin);
        } else if p.is_dir() {
            let mut files = Vec::new();
            walk(p, &mut files)?;
            files.sort();
            out.extend(files.into_iter().map(Source::File));
        } else {
            out.push(Source::File(p.clone()));
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let entries =
        std::fs::read_dir(dir).with_context(|| format!("cannot read directory {}", dir.display()))?;
    for entry in entries {
        let path = entry.with_context(|| format!("cannot read directory {}", dir.display()))?.path();
        if path.is_dir() {
            walk(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "txt") {
            out.push(path);
        }
    }
    Ok(())
}
