//! `qc-bench`: makes news-like corpora of any size and measures
//! `quotecheck` on them.
//!
//! Owns: the benchmark's commands, running `quotecheck` as a child process
//! and reading its time and peak memory from the kernel (`wait4`), and
//! the report. Does not own: the corpus itself (`corpus`).
//!
//! ```text
//! qc-bench corpus --mb 200 --seed 1 --out corpus.jsonl   # or --out DIR for *.txt files
//! qc-bench run --mb 20                                   # everything, as a table
//! ```
//!
//! Extraction is measured end to end, as a user runs it: `quotecheck
//! extract --format jsonl` reads the corpus file and writes JSONL (to
//! /dev/null, so that the disk is not measured). One run is pinned to one
//! core with one worker thread; one uses every core. The audit is measured
//! in a child process per size on synthetic quote records
//! ([`corpus::Seeds::quotes`]), timing `quotecheck::xref::audit` alone.

mod corpus;

/// The allocator of the `quotecheck` binary, so that `audit-one` measures
/// the audit as `quotecheck audit` runs it.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand};
use rayon::prelude::*;

use corpus::{Mix, Seeds};

/// Make news-like corpora from the seed articles and measure quotecheck on them.
#[derive(Debug, Parser)]
#[command(name = "qc-bench", about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Debug, Subcommand)]
enum Cmd {
    /// Write a generated corpus: a JSON Lines file (OUT ends in .jsonl) or a directory of *.txt.
    Corpus {
        #[command(flatten)]
        gen: Gen,
        /// Where to write it.
        #[arg(long, value_name = "OUT")]
        out: PathBuf,
    },
    /// Generate a corpus, measure extract on one core and on all, and the audit at each size.
    Run {
        #[command(flatten)]
        gen: Gen,
        /// Quote counts for the audit, comma-separated (0: no audit).
        #[arg(long, value_delimiter = ',', default_value = "10000,100000,1000000")]
        audit: Vec<usize>,
        /// Give up on one measurement after this many seconds.
        #[arg(long, default_value_t = 240)]
        timeout: u64,
        /// The quotecheck binary (default: next to this one).
        #[arg(long)]
        quotecheck: Option<PathBuf>,
        /// Keep the generated corpus here instead of a temporary directory.
        #[arg(long, value_name = "FILE.jsonl")]
        keep: Option<PathBuf>,
        /// Measure extract on this existing corpus instead of generating one.
        #[arg(long, value_name = "PATH", conflicts_with = "keep")]
        corpus: Option<PathBuf>,
    },
    /// Write N synthetic quote records (JSON Lines, as `extract --emit-keys` writes them) for
    /// `quotecheck audit --quotes`.
    Quotes {
        /// How many.
        #[arg(long)]
        quotes: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        #[arg(long, default_value = "seeds")]
        seeds: PathBuf,
        /// Where to write them.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// (Used by `run`.) Synthesize N quotes and time the audit in this process.
    #[command(hide = true)]
    AuditOne {
        #[arg(long)]
        quotes: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        #[arg(long, default_value = "seeds")]
        seeds: PathBuf,
    },
}

/// What corpus to make.
#[derive(Debug, Clone, clap::Args)]
struct Gen {
    /// Size in megabytes (10^6 bytes) of article text.
    #[arg(long, default_value_t = 20.0)]
    mb: f64,
    /// Seed number: the same number gives the same corpus.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Directory of seed articles (*.txt).
    #[arg(long, default_value = "seeds")]
    seeds: PathBuf,
    /// Share of paragraphs that are wire copy: the same words, names and
    /// dates in every article that runs them.
    #[arg(long, default_value_t = Mix::default().wire)]
    wire: f64,
}

fn main() -> Result<()> {
    match Cli::parse().command {
        Cmd::Corpus { gen, out } => {
            let seeds = Seeds::load(&gen.seeds)?;
            let made = write_corpus(&seeds, &gen, &out)?;
            eprintln!(
                "qc-bench: {} articles, {:.1} MB of text in {}",
                made.articles,
                made.text_bytes as f64 / 1e6,
                out.display()
            );
            Ok(())
        }
        Cmd::Run { gen, audit, timeout, quotecheck, keep, corpus } => {
            let audit: Vec<usize> = audit.into_iter().filter(|&n| n > 0).collect();
            run(&gen, &audit, Duration::from_secs(timeout), quotecheck, keep, corpus)
        }
        Cmd::AuditOne { quotes, seed, seeds } => audit_one(quotes, seed, &seeds),
        Cmd::Quotes { quotes, seed, seeds, out } => {
            let seeds = Seeds::load(&seeds)?;
            let (quotes, metas) = seeds.quotes(seed, quotes, Mix::default());
            let published: std::collections::BTreeMap<&str, Option<&str>> =
                metas.iter().map(|m| (m.id.as_str(), m.published.as_deref())).collect();
            let mut f = BufWriter::new(File::create(&out)?);
            for q in &quotes {
                let mut rec = serde_json::to_value(q)?;
                rec["published"] = published.get(q.article.as_str()).copied().flatten().into();
                serde_json::to_writer(&mut f, &rec)?;
                f.write_all(b"\n")?;
            }
            f.flush()?;
            Ok(())
        }
    }
}

/// What a corpus holds.
#[derive(Debug, Default, Clone, Copy)]
struct Made {
    articles: u64,
    /// Bytes of article text (what extraction reads).
    text_bytes: u64,
}

/// Articles generated per parallel batch.
const BATCH: u64 = 256;

fn write_corpus(seeds: &Seeds, gen: &Gen, out: &Path) -> Result<Made> {
    let mix = Mix { wire: gen.wire, ..Mix::default() };
    let target = (gen.mb * 1e6) as u64;
    let jsonl = out.extension().is_some_and(|e| e == "jsonl");
    let mut file = if jsonl {
        Some(BufWriter::new(
            File::create(out).with_context(|| format!("cannot create {}", out.display()))?,
        ))
    } else {
        std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
        None
    };
    let mut made = Made::default();
    'batches: loop {
        let first = made.articles;
        let batch: Vec<corpus::Article> = (first..first + BATCH)
            .into_par_iter()
            .map(|n| seeds.article(gen.seed, n, mix))
            .collect();
        for a in batch {
            if made.text_bytes >= target {
                break 'batches;
            }
            match &mut file {
                Some(f) => {
                    let rec = serde_json::json!({
                        "id": a.id, "text": a.text, "published": a.published, "outlet": a.outlet,
                    });
                    serde_json::to_writer(&mut *f, &rec)?;
                    f.write_all(b"\n")?;
                }
                None => {
                    // A thousand files per directory keeps listings quick.
                    let dir = out.join(format!("{:05}", made.articles / 1000));
                    if made.articles % 1000 == 0 {
                        std::fs::create_dir_all(&dir)?;
                    }
                    std::fs::write(dir.join(format!("{}.txt", a.id)), &a.text)?;
                }
            }
            made.articles += 1;
            made.text_bytes += a.text.len() as u64;
        }
    }
    if let Some(mut f) = file {
        f.flush()?;
    }
    Ok(made)
}

/// Time and memory of one child process.
#[derive(Debug, Clone, Default)]
struct Usage {
    wall: f64,
    cpu: f64,
    max_rss_kb: u64,
    timed_out: bool,
    ok: bool,
    stdout: String,
    stderr: String,
}

/// What becomes of a measured command's standard output.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Output {
    /// Thrown away (`/dev/null`): extract's JSONL, as large as the corpus.
    Discard,
    /// Kept in [`Usage::stdout`]: audit-one's one-line report.
    Keep,
}

/// Runs `cmd` to its end (or `timeout`), pinned to one core when `pin`,
/// and reads its CPU time and peak resident memory from `wait4`.
///
/// Extract's output is discarded, never read back: a 100 MB string held
/// here would also be counted in the next child's peak memory (Linux
/// carries the parent's resident size into a child spawned before `exec`).
fn measure(mut cmd: Command, pin: bool, timeout: Duration, output: Output) -> Result<Usage> {
    let dir = tempfile::tempdir()?;
    let (out_path, err_path) = (dir.path().join("out"), dir.path().join("err"));
    match output {
        Output::Discard => cmd.stdout(Stdio::null()),
        Output::Keep => cmd.stdout(File::create(&out_path)?),
    };
    cmd.stderr(File::create(&err_path)?).stdin(Stdio::null());
    if pin {
        let cpu = first_cpu()?;
        use std::os::unix::process::CommandExt;
        // SAFETY: runs in the child between fork and exec; it only makes
        // one system call on a set built on its own stack.
        unsafe {
            cmd.pre_exec(move || {
                let mut set: libc::cpu_set_t = std::mem::zeroed();
                libc::CPU_SET(cpu, &mut set);
                if libc::sched_setaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &set) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
    }
    let start = Instant::now();
    let child = cmd.spawn().context("cannot start the command")?;
    let pid = child.id() as libc::pid_t;
    let mut usage = Usage::default();
    loop {
        let mut status = 0;
        // SAFETY: plain system call on values owned here.
        let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
        let flags = if usage.timed_out { 0 } else { libc::WNOHANG };
        let r = unsafe { libc::wait4(pid, &mut status, flags, &mut ru) };
        if r == pid {
            usage.wall = start.elapsed().as_secs_f64();
            let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
            usage.cpu = secs(ru.ru_utime) + secs(ru.ru_stime);
            usage.max_rss_kb = ru.ru_maxrss as u64;
            usage.ok =
                !usage.timed_out && libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0;
            break;
        }
        if r < 0 {
            bail!("wait4: {}", std::io::Error::last_os_error());
        }
        if start.elapsed() > timeout && !usage.timed_out {
            // SAFETY: signals our own child, not yet reaped.
            unsafe { libc::kill(pid, libc::SIGKILL) };
            usage.timed_out = true;
        } else {
            std::thread::sleep(Duration::from_millis(5));
        }
    }
    if output == Output::Keep {
        usage.stdout = std::fs::read_to_string(out_path).unwrap_or_default();
    }
    usage.stderr = std::fs::read_to_string(err_path).unwrap_or_default();
    Ok(usage)
}

/// The first CPU this process may run on.
fn first_cpu() -> Result<usize> {
    // SAFETY: plain system call filling a set owned here.
    let mut set: libc::cpu_set_t = unsafe { std::mem::zeroed() };
    let r = unsafe { libc::sched_getaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &mut set) };
    if r != 0 {
        bail!("sched_getaffinity: {}", std::io::Error::last_os_error());
    }
    (0..libc::CPU_SETSIZE as usize)
        .find(|&c| unsafe { libc::CPU_ISSET(c, &set) })
        .context("no CPU in the affinity mask")
}

/// The counts in `quotecheck extract`'s summary line.
fn summary_counts(stderr: &str) -> Option<(u64, u64)> {
    let line = stderr.lines().rev().find(|l| l.contains(" articles, "))?;
    let mut nums = line
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .map(|s| s.parse::<u64>().ok());
    Some((nums.next()??, nums.next()??))
}

fn run(
    gen: &Gen,
    sizes: &[usize],
    timeout: Duration,
    quotecheck: Option<PathBuf>,
    keep: Option<PathBuf>,
    existing: Option<PathBuf>,
) -> Result<()> {
    let me = std::env::current_exe()?;
    let qc = quotecheck.unwrap_or_else(|| me.with_file_name("quotecheck"));
    if !qc.exists() {
        bail!("no quotecheck binary at {} (build it: cargo build --release)", qc.display());
    }
    let tmp = tempfile::tempdir()?;
    let (path, text_bytes, command) = match existing {
        Some(p) => {
            let bytes = corpus_text_bytes(&p)?;
            let cmd = format!("qc-bench run --corpus {}", p.display());
            (p, bytes, cmd)
        }
        None => {
            let path = keep.unwrap_or_else(|| tmp.path().join("corpus.jsonl"));
            // Generated in a child process: this one stays small, and Linux
            // counts a parent's resident size into the peak of each child it
            // spawns (see `measure`).
            let t = Instant::now();
            let status = Command::new(&me)
                .args(["corpus", "--mb", &gen.mb.to_string(), "--seed", &gen.seed.to_string()])
                .arg("--seeds")
                .arg(&gen.seeds)
                .arg("--out")
                .arg(&path)
                .status()
                .context("cannot start qc-bench corpus")?;
            if !status.success() {
                bail!("qc-bench corpus failed");
            }
            let text_bytes = corpus_text_bytes(&path)?;
            eprintln!(
                "qc-bench: generated {:.1} MB of text in {:.1} s",
                text_bytes as f64 / 1e6,
                t.elapsed().as_secs_f64()
            );
            let cmd = format!("qc-bench run --mb {} --seed {}", gen.mb, gen.seed);
            (path, text_bytes, cmd)
        }
    };
    let file_mb = std::fs::metadata(&path).map(|m| m.len() as f64 / 1e6).unwrap_or(0.0);
    let mb = text_bytes as f64 / 1e6;
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);

    let mut report = String::new();
    let w = &mut report;
    use std::fmt::Write as _;
    writeln!(w, "```text")?;
    // `--audit 0` (no audit) parses to no sizes; echo it as it was given,
    // so the line can be run again.
    let audit = if sizes.is_empty() { "0".to_string() } else { join(sizes) };
    writeln!(w, "$ {command} --audit {audit}")?;
    writeln!(w, "machine: {} cores ({}), load average {}", cores, cpu_model(), loadavg())?;
    writeln!(
        w,
        "corpus: {} ({:.1} MB of article text, {:.1} MB as JSONL)",
        path.file_name().map(|f| f.to_string_lossy()).unwrap_or_default(),
        mb,
        file_mb
    )?;
    writeln!(w)?;
    writeln!(w, "extract -f jsonl (read, parse, attribute, write JSONL to /dev/null)")?;
    writeln!(
        w,
        "  {:<22} {:>7} {:>7} {:>9} {:>11} {:>10} {:>10} {:>9}",
        "run", "wall s", "CPU s", "MB/s", "MB/CPU-s", "articles/s", "quotes/s", "peak RSS"
    )?;
    let mut walls = Vec::new();
    for (label, threads, pin) in
        [("1 thread, 1 core", "1", true), (&*format!("all cores ({cores})"), "0", false)]
    {
        let mut cmd = Command::new(&qc);
        cmd.args(["extract", "-f", "jsonl", "-j", threads]).arg(&path);
        let u = measure(cmd, pin, timeout, Output::Discard)?;
        if !u.ok {
            writeln!(w, "  {label:<22} failed or timed out after {:.0} s", u.wall)?;
            eprint!("{}", u.stderr);
            continue;
        }
        let (articles, quotes) = summary_counts(&u.stderr).unwrap_or((0, 0));
        walls.push(u.wall);
        writeln!(
            w,
            "  {:<22} {:>7.2} {:>7.2} {:>9.2} {:>11.2} {:>10.0} {:>10.0} {:>6} MB",
            label,
            u.wall,
            u.cpu,
            mb / u.wall,
            mb / u.cpu,
            articles as f64 / u.wall,
            quotes as f64 / u.wall,
            u.max_rss_kb / 1024
        )?;
    }
    if let [one, all] = walls[..] {
        writeln!(w, "  speed-up, all cores over one: {:.2}x", one / all)?;
    }

    if !sizes.is_empty() {
        writeln!(w)?;
        writeln!(
            w,
            "audit (quotecheck::xref::audit on synthetic quote records, one process per size)"
        )?;
        writeln!(
            w,
            "  {:>9} {:>9} {:>9} {:>11} {:>10} {:>12} {:>9}",
            "quotes", "wall s", "CPU s", "CPU x prev", "peak RSS", "audit adds", "findings"
        )?;
        let mut prev: Option<(usize, f64)> = None;
        for &n in sizes {
            let mut cmd = Command::new(&me);
            cmd.args(["audit-one", "--quotes", &n.to_string(), "--seed", &gen.seed.to_string()])
                .arg("--seeds")
                .arg(&gen.seeds);
            let u = measure(cmd, false, timeout, Output::Keep)?;
            let v: serde_json::Value = serde_json::from_str(u.stdout.trim()).unwrap_or_default();
            if !u.ok || v.is_null() {
                let why = if u.timed_out { "timed out" } else { "failed" };
                writeln!(w, "  {n:>9} {why} after {:.0} s", u.wall)?;
                eprint!("{}", u.stderr);
                break;
            }
            let wall = v["audit_s"].as_f64().unwrap_or(0.0);
            let secs = v["audit_cpu_s"].as_f64().unwrap_or(0.0);
            let ratio = match prev {
                Some((pn, ps)) if ps > 0.0 => {
                    format!("{:.1}x/{:.0}x", secs / ps, n as f64 / pn as f64)
                }
                _ => "-".to_string(),
            };
            let before = v["hwm_before_kb"].as_u64().unwrap_or(0);
            writeln!(
                w,
                "  {:>9} {:>9.2} {:>9.2} {:>11} {:>7} MB {:>9} MB {:>9}",
                n,
                wall,
                secs,
                ratio,
                u.max_rss_kb / 1024,
                u.max_rss_kb.saturating_sub(before) / 1024,
                v["findings"]
            )?;
            prev = Some((n, secs));
        }
        writeln!(w, "  (CPU x prev: CPU time ratio / quote ratio to the size above; the audit")?;
        writeln!(w, "   keys and compares quotes on every core, so CPU s counts all threads and")?;
        writeln!(
            w,
            "   wall s is the time taken; peak RSS includes the quote records themselves;"
        )?;
        writeln!(w, "   audit adds = peak RSS minus that before the audit)")?;
    }
    writeln!(w, "```")?;
    print!("{report}");
    Ok(())
}

fn join(xs: &[usize]) -> String {
    xs.iter().map(usize::to_string).collect::<Vec<_>>().join(",")
}

/// Article text bytes of an existing corpus: JSONL records' `text`, or
/// the sizes of `*.txt` files.
fn corpus_text_bytes(path: &Path) -> Result<u64> {
    if path.is_dir() {
        return Ok(walkdir::WalkDir::new(path)
            .into_iter()
            .filter_map(|e| e.ok())
            .filter(|e| e.path().extension().is_some_and(|x| x == "txt"))
            .filter_map(|e| e.metadata().ok().map(|m| m.len()))
            .sum());
    }
    #[derive(serde::Deserialize)]
    struct Text {
        text: String,
    }
    let f = std::io::BufReader::new(File::open(path)?);
    let mut total = 0;
    for line in std::io::BufRead::lines(f) {
        if let Ok(t) = serde_json::from_str::<Text>(&line?) {
            total += t.text.len() as u64;
        }
    }
    Ok(total)
}

fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into())
}

fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .map(|s| s.split(' ').take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

/// CPU time (user and system) of this process so far.
fn cpu_seconds() -> f64 {
    // SAFETY: plain system call filling a struct owned here.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    if unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut ru) } != 0 {
        return 0.0;
    }
    let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    secs(ru.ru_utime) + secs(ru.ru_stime)
}

/// Peak resident memory of this process so far, in kB.
fn vm_hwm_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|n| n.parse().ok())
        })
        .unwrap_or(0)
}

fn audit_one(n: usize, seed: u64, seeds_dir: &Path) -> Result<()> {
    let seeds = Seeds::load(seeds_dir)?;
    let t = Instant::now();
    let (quotes, metas) = seeds.quotes(seed, n, Mix::default());
    let synth = t.elapsed().as_secs_f64();
    let before = vm_hwm_kb();
    let t = Instant::now();
    let cpu0 = cpu_seconds();
    let findings = quotecheck::xref::audit(&quotes, &metas);
    let secs = t.elapsed().as_secs_f64();
    let cpu = cpu_seconds() - cpu0;
    println!(
        "{}",
        serde_json::json!({
            "quotes": quotes.len(),
            "articles": metas.len(),
            "synth_s": synth,
            "audit_s": secs,
            "audit_cpu_s": cpu,
            "findings": findings.len(),
            "hwm_before_kb": before,
            "hwm_after_kb": vm_hwm_kb(),
        })
    );
    Ok(())
}
