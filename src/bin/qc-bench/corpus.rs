//! A corpus generator for benchmarks: news-like articles of any number,
//! made offline and deterministically from the seed articles.
//!
//! Owns: reading the seeds into reusable parts ([`Seeds`]), making article
//! `n` of a corpus ([`Seeds::article`]) and synthetic quote records
//! ([`Seeds::quotes`]). Does not own: writing files or timing anything.
//!
//! Each article takes the body paragraphs of one seed (most of them, in
//! order) and mixes in a few paragraphs of other seeds; then
//! - every person the seeds quote by name gets another name, one per
//!   article, in the same style (`Choe Son-hui` → `Han Ji-won`, and `Choe`
//!   → `Han`; `Stephen Biegun` → `Laura Okafor`, `Biegun` → `Okafor`);
//! - every outlet named gets another outlet from [`OUTLETS`];
//! - every date moves by the same number of days (up to four years either
//!   way), written as it was (`Feb. 27`, `March 4, 2019`, `2019-02-28`);
//! - inside quotation marks, the words are new: as many words as were
//!   there, drawn from a word-pair (Markov) chain of the seeds' own text,
//!   with the quotation marks of nested quotes, the capital at the start
//!   and the closing punctuation kept. Quotes are then new statements in
//!   news words with the frames, marks and nesting of the seeds around
//!   them. (Swapping only some words is not enough: two statements made
//!   from one seed quote would keep its skeleton, and the audit would
//!   rightly call them variants of each other.)
//!
//! A share of paragraphs ([`Mix::wire`]) is *wire copy*: the same in every
//! article that runs it (the names, outlets and dates of one corpus-wide
//! plan, the quotes' words kept), as agency copy reprinted by many outlets
//! is, so that the audit has duplicates to find; a share of those
//! ([`Mix::misquote`]) has one word of one quote changed, a misquote the
//! audit reports as a variant.
//!
//! Article `n` depends only on the seeds, the seed number and `n`: a
//! corpus is the same on every machine, whatever its size, and the first
//! articles of a big corpus are those of a small one.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::Path;

use anyhow::{Context, Result};
use chrono::{Datelike, Duration, NaiveDate};
use quotecheck::article::Role;
use quotecheck::{ArticleMeta, Quote};
use regex::{Captures, Regex};

/// Outlets put in place of those the seeds name; all are in the outlet
/// lexicon, so that attribution reads them as media.
pub const OUTLETS: &[&str] = &[
    "Reuters",
    "The Associated Press",
    "The Washington Post",
    "The New York Times",
    "The Guardian",
    "Bloomberg",
    "Politico",
    "Axios",
    "CNN",
    "BBC",
    "NPR",
    "Al Jazeera",
    "Yonhap News Agency",
    "Xinhua",
    "The Hill",
    "NBC News",
    "Fox News",
    "The Wall Street Journal",
    "KCNA",
    "Hankyoreh",
];

const FIRST_NAMES: &[&str] = &[
    "Laura", "David", "Maria", "James", "Anna", "Peter", "Sofia", "Daniel", "Elena", "Thomas",
    "Grace", "Samuel", "Nadia", "Robert", "Alice", "Michael", "Irene", "Victor", "Helen", "Omar",
    "Julia", "Martin", "Claire", "Lucas", "Ruth", "Andrew", "Fatima", "George", "Paula", "Henry",
];

const LAST_NAMES: &[&str] = &[
    "Okafor",
    "Lindqvist",
    "Moreau",
    "Castillo",
    "Brennan",
    "Novak",
    "Haddad",
    "Whitfield",
    "Kowalski",
    "Romero",
    "Sato",
    "Fischer",
    "Osei",
    "Delgado",
    "Marsh",
    "Petrov",
    "Ibarra",
    "Thornton",
    "Nakamura",
    "Weber",
    "Quinn",
    "Adeyemi",
    "Larsen",
    "Costa",
    "Hargrove",
    "Mendel",
    "Abbott",
    "Varga",
    "Ellison",
    "Rahman",
];

const KOREAN_FAMILY: &[&str] = &[
    "Han", "Seo", "Baek", "Nam", "Yoon", "Shin", "Kwon", "Hwang", "Jeon", "Ryu", "Song", "Bae",
    "Oh", "Jang", "Lim",
];

const KOREAN_GIVEN: &[&str] = &[
    "Ji-won",
    "Min-seok",
    "Hye-jin",
    "Dong-hyun",
    "Seo-yeon",
    "Jae-sung",
    "Eun-ji",
    "Tae-ho",
    "Soo-min",
    "Young-jae",
    "Na-rae",
    "Kyung-soo",
    "Ha-eun",
    "Jin-woo",
    "Mi-rae",
];

/// A deterministic random number generator (SplitMix64).
///
/// Written here rather than taken from `rand` because the corpus must stay
/// byte for byte the same across versions of everything: `rand` documents
/// that `StdRng`'s algorithm may change between releases.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator for stream `stream` of seed `seed`.
    pub fn new(seed: u64, stream: u64) -> Rng {
        let mut r = Rng(seed ^ stream.wrapping_mul(0xA076_1D64_78BD_642F));
        r.next_u64();
        r
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }

    /// One element of a non-empty slice.
    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
}

/// How the words of quotes are varied.
#[derive(Debug, Clone, Copy)]
pub struct Mix {
    /// Share of paragraphs (or synthetic quotes) that are wire copy.
    pub wire: f64,
    /// Share of wire copy with one word of a quote changed.
    pub misquote: f64,
}

impl Default for Mix {
    fn default() -> Mix {
        Mix { wire: 0.05, misquote: 0.1 }
    }
}

/// What happens to the words inside a paragraph's quotes.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Words {
    /// Kept (wire copy).
    Keep,
    /// One content word of one quote changed.
    Misquote,
    /// New words from the chain.
    Fresh,
}

impl Mix {
    /// Draws the fate of one paragraph's (or quote's) words; `true` with
    /// it for wire copy.
    fn draw(&self, rng: &mut Rng) -> (bool, Words) {
        if rng.chance(self.wire) {
            let words = if rng.chance(self.misquote) { Words::Misquote } else { Words::Keep };
            (true, words)
        } else {
            (false, Words::Fresh)
        }
    }
}

/// One body paragraph of a seed, with its quotes' inner spans (relative
/// to the paragraph).
#[derive(Debug, Clone)]
struct Para {
    text: String,
    quotes: Vec<Range<usize>>,
}

/// One seed article, taken apart.
#[derive(Debug, Clone)]
struct Seed {
    headline: String,
    paras: Vec<Para>,
    /// Its publication date, or a fixed day when it gives none.
    published: NaiveDate,
    /// Its quote records, for synthetic quotes.
    quotes: Vec<Quote>,
}

/// A person the seeds name, and how the name is varied.
#[derive(Debug, Clone)]
struct Person {
    /// Korean-style (`Family Given-name`): the short form is the first word.
    korean: bool,
}

/// Everything the generator needs from the seeds.
pub struct Seeds {
    seeds: Vec<Seed>,
    people: Vec<Person>,
    /// Where new quote words come from.
    chain: Chain,
    /// Words that may replace a word of a misquote, by [`shape`].
    vocab: [Vec<String>; SHAPES],
    /// Names, short names and outlets as one alternation, longest first;
    /// group `name` index = position in `targets`.
    /// How many outlets the seeds name.
    outlets: usize,
    /// Every name, short name and outlet as one alternation.
    names: Regex,
    /// What each string the alternation matches stands for.
    targets: BTreeMap<String, Target>,
    dates: Regex,
}

/// What a match of the names pattern stands for.
#[derive(Debug, Clone, Copy)]
enum Target {
    Full(usize),
    Short(usize),
    Outlet(usize),
}

/// A generated article.
#[derive(Debug, Clone)]
pub struct Article {
    /// `gen<seed>-<n>`.
    pub id: String,
    /// The whole text: headline, dateline, body, byline, copyright.
    pub text: String,
    /// Publication date, as in the dateline.
    pub published: String,
    /// The outlet, as in the copyright line.
    pub outlet: String,
}

const MONTHS_AP: [&str; 12] = [
    "Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.",
    "Dec.",
];

const MONTHS_FULL: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn month_number(m: &str) -> Option<u32> {
    let m = m.trim_end_matches('.');
    let m = if m == "Sept" { "Sep" } else { m };
    MONTHS_FULL.iter().position(|full| full.starts_with(m)).map(|i| i as u32 + 1)
}

impl Seeds {
    /// Reads every `*.txt` article in `dir` (sorted by name) and takes it
    /// apart with the library itself: layout for paragraphs, extraction
    /// for quote spans, speakers and outlets.
    pub fn load(dir: &Path) -> Result<Seeds> {
        let mut paths: Vec<_> = std::fs::read_dir(dir)
            .with_context(|| format!("cannot list {}", dir.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        paths.sort();
        anyhow::ensure!(!paths.is_empty(), "no *.txt seed articles in {}", dir.display());
        let mut seeds = Vec::new();
        let mut names = BTreeSet::new();
        let mut outlets = BTreeSet::new();
        let mut vocab = BTreeSet::new();
        let mut chain = ChainBuilder::default();
        for p in &paths {
            let text = std::fs::read_to_string(p)
                .with_context(|| format!("cannot read {}", p.display()))?;
            let id = p.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            let layout = quotecheck::article::parse(&id, &text);
            let ex = quotecheck::extract(&id, &text);
            let mut headline = String::new();
            let mut paras = Vec::new();
            for para in &layout.paragraphs {
                let span = para.span;
                match para.role {
                    Role::Headline => headline = span.slice(&text).to_string(),
                    Role::Body => {
                        let quotes = ex
                            .quotes
                            .iter()
                            .filter(|q| q.start < span.end && q.end > span.start)
                            .map(|q| {
                                q.start.max(span.start) - span.start
                                    ..q.end.min(span.end) - span.start
                            })
                            .collect();
                        let para_text = span.slice(&text);
                        vocab.extend(content_words(para_text).map(str::to_string));
                        chain.add(para_text);
                        paras.push(Para { text: para_text.to_string(), quotes });
                    }
                    _ => {}
                }
            }
            for q in &ex.quotes {
                if let Some(s) = q.speaker.as_deref().filter(|s| is_person_name(s)) {
                    names.insert(s.to_string());
                }
                outlets.extend(q.outlet.iter().cloned());
            }
            outlets.extend(ex.meta.outlet.iter().cloned());
            let published = ex
                .meta
                .published
                .as_deref()
                .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
                .unwrap_or(NaiveDate::from_ymd_opt(2019, 6, 1).expect("valid date"));
            seeds.push(Seed { headline, paras, published, quotes: ex.quotes });
        }
        // Outlets the seeds name in passing, not only as attributed media.
        let lexicon = quotecheck::lexicon::outlets();
        let all_text: String =
            seeds.iter().flat_map(|s| s.paras.iter().map(|p| p.text.as_str())).collect();
        for o in OUTLETS.iter().chain(["Vox", "Choson Sinbo", "Korean Central News Agency"].iter())
        {
            if lexicon.contains(o) && all_text.contains(o) {
                outlets.insert(o.to_string());
            }
        }
        let names: Vec<String> = names.into_iter().filter(|n| !outlets.contains(n)).collect();
        let people: Vec<Person> = names
            .iter()
            .map(|n| Person { korean: n.split(' ').any(|w| w.contains('-')) })
            .collect();
        let mut targets: BTreeMap<String, Target> = BTreeMap::new();
        for (i, n) in names.iter().enumerate() {
            targets.insert(n.clone(), Target::Full(i));
        }
        // Short forms that stand alone in the text (`Choe`, `Trump`), only
        // when no other name has that word.
        for (i, n) in names.iter().enumerate() {
            let words: Vec<&str> = n.split(' ').collect();
            let short = if people[i].korean { words[0] } else { words[words.len() - 1] };
            let shared = names.iter().any(|m| m != n && m.split(' ').any(|w| w == short));
            if short.len() >= 3 && !shared {
                targets.entry(short.to_string()).or_insert(Target::Short(i));
            }
        }
        let outlets: Vec<String> = outlets.into_iter().collect();
        for (i, o) in outlets.iter().enumerate() {
            targets.entry(o.clone()).or_insert(Target::Outlet(i));
        }
        // Longest first, so that `Kim Jong-un` wins over `Kim`.
        let mut alternatives: Vec<&String> = targets.keys().collect();
        alternatives.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        let alternatives: Vec<String> = alternatives.iter().map(|s| regex::escape(s)).collect();
        let names_re = Regex::new(&format!(r"\b(?:{})\b", alternatives.join("|")))?;
        let months: Vec<String> = MONTHS_FULL
            .iter()
            .copied()
            .chain([
                "Jan.", "Feb.", "Mar.", "Apr.", "Aug.", "Sep.", "Sept.", "Oct.", "Nov.", "Dec.",
            ])
            .map(regex::escape)
            .collect();
        let dates = Regex::new(&format!(
            r"\b(?P<iso>(?P<y>(?:19|20)\d\d)-(?P<m>\d\d)-(?P<d>\d\d))\b|\b(?P<mon>{})\s(?P<day>\d{{1,2}})\b(?:,\s(?P<year>(?:19|20)\d\d)\b)?|\b(?P<lone>(?:19|20)\d\d)\b",
            months.join("|")
        ))?;
        Ok(Seeds {
            seeds,
            chain: chain.build(),
            people,
            outlets: outlets.len(),
            vocab: {
                let mut by_shape: [Vec<String>; SHAPES] = Default::default();
                for w in vocab {
                    by_shape[shape(&w)].push(w);
                }
                by_shape
            },
            names: names_re,
            targets,
            dates,
        })
    }

    /// Article `n` of the corpus of seed number `seed`.
    pub fn article(&self, seed: u64, n: u64, mix: Mix) -> Article {
        let mut rng = Rng::new(seed, n);
        let plan = Plan::new(self, &mut rng);
        let wire = Plan::new(self, &mut Rng::new(seed, u64::MAX));
        let base = rng.below(self.seeds.len());
        let own = &self.seeds[base];
        // Most of the base article in order, at least three paragraphs.
        let mut picked: Vec<&Para> = own.paras.iter().filter(|_| rng.chance(0.75)).collect();
        if picked.len() < 3 {
            picked = own.paras.iter().take(3.max(picked.len())).collect();
        }
        // A few paragraphs of other seeds, each at most once.
        for _ in 0..rng.below(4) {
            let other = &self.seeds[rng.below(self.seeds.len())];
            if other.paras.is_empty() {
                continue;
            }
            let para = rng.pick(&other.paras);
            if !picked.iter().any(|p| std::ptr::eq(*p, para)) {
                let at = rng.below(picked.len() + 1);
                picked.insert(at, para);
            }
        }
        let published = own.published + Duration::days(plan.shift);
        let outlet = OUTLETS[rng.below(OUTLETS.len())];
        let reporter = Plan::fresh_name(&mut rng, false);
        let mut text = String::new();
        let headline = self.vary(&own.headline, &[], &plan, own.published, &mut rng, Words::Keep);
        text.push_str(&headline);
        text.push_str("\n\n");
        let (h, m) = (rng.below(24), rng.below(60));
        let iso = published.format("%Y-%m-%d");
        match rng.below(3) {
            0 => text.push_str(&format!(
                "Posted on : {iso} {h:02}:{m:02} KST Modified on : {iso} {h:02}:{m:02} KST"
            )),
            1 => text.push_str(&format!(
                "Published {} {}, {}",
                MONTHS_FULL[published.month0() as usize],
                published.day(),
                published.year()
            )),
            _ => text.push_str(&format!("Updated: {iso} {h:02}:{m:02}")),
        }
        text.push_str("\n\n");
        for para in picked {
            let (is_wire, words) = mix.draw(&mut rng);
            let plan = if is_wire { &wire } else { &plan };
            text.push_str(&self.vary(
                &para.text,
                &para.quotes,
                plan,
                own.published,
                &mut rng,
                words,
            ));
            text.push_str("\n\n");
        }
        text.push_str(&format!("By {reporter}, staff reporter\n\n"));
        text.push_str(&format!("© {outlet}. All rights reserved.\n"));
        Article {
            id: format!("gen{seed}-{n:08}"),
            text,
            published: iso.to_string(),
            outlet: outlet.to_string(),
        }
    }

    /// `text` with the quote spans' words varied, then names, outlets and
    /// dates replaced as `plan` says.
    fn vary(
        &self,
        text: &str,
        quotes: &[Range<usize>],
        plan: &Plan,
        anchor: NaiveDate,
        rng: &mut Rng,
        words: Words,
    ) -> String {
        let mut varied = String::with_capacity(text.len() + 16);
        let mut at = 0;
        let misquoted = match words {
            Words::Misquote if !quotes.is_empty() => Some(rng.below(quotes.len())),
            _ => None,
        };
        for (i, q) in quotes.iter().enumerate() {
            if q.start < at || !text.is_char_boundary(q.start) || !text.is_char_boundary(q.end) {
                continue; // A nested quote lies inside one already varied.
            }
            varied.push_str(&text[at..q.start]);
            self.vary_quote(&text[q.clone()], words, misquoted == Some(i), rng, &mut varied);
            at = q.end;
        }
        varied.push_str(&text[at..]);
        let named = self.names.replace_all(&varied, |c: &Captures| {
            let m = &c[0];
            match self.targets.get(m) {
                Some(Target::Full(i)) => plan.names[*i].0.clone(),
                Some(Target::Short(i)) => plan.names[*i].1.clone(),
                Some(Target::Outlet(i)) => plan.outlets[*i].to_string(),
                None => m.to_string(),
            }
        });
        self.dates
            .replace_all(&named, |c: &Captures| shift_date(c, anchor, plan.shift))
            .into_owned()
    }

    /// Appends one quote's words to `out`, varied as `words` says; `chosen`
    /// marks the quote of a misquoted paragraph that gets the changed word.
    fn vary_quote(&self, quote: &str, words: Words, chosen: bool, rng: &mut Rng, out: &mut String) {
        match words {
            Words::Fresh => self.fresh_quote(quote, rng, out),
            Words::Misquote if chosen => {
                let content = quote
                    .split(|c: char| !c.is_ascii_alphabetic())
                    .filter(|w| is_content_word(w))
                    .count();
                if content == 0 {
                    out.push_str(quote);
                    return;
                }
                // Swapping with chance 1/n changes one word on average;
                // exactly one is clearer: swap the k-th.
                let k = rng.below(content);
                let mut seen = 0;
                let mut rest = quote;
                while let Some(start) = rest.find(|c: char| c.is_ascii_alphabetic()) {
                    out.push_str(&rest[..start]);
                    rest = &rest[start..];
                    let end = rest.find(|c: char| !c.is_ascii_alphabetic()).unwrap_or(rest.len());
                    let word = &rest[..end];
                    let pool = &self.vocab[shape(word)];
                    if is_content_word(word) {
                        if seen == k && !pool.is_empty() {
                            out.push_str(rng.pick(pool).as_str());
                        } else {
                            out.push_str(word);
                        }
                        seen += 1;
                    } else {
                        out.push_str(word);
                    }
                    rest = &rest[end..];
                }
                out.push_str(rest);
            }
            Words::Misquote | Words::Keep => out.push_str(quote),
        }
    }

    /// Appends new words in the shape of `quote`: each run of text between
    /// quotation marks gets as many words from the chain, so that nested
    /// quotes keep their marks.
    fn fresh_quote(&self, quote: &str, rng: &mut Rng, out: &mut String) {
        let mut start = 0;
        for (i, c) in quote.char_indices() {
            if is_mark(quote, i, c) {
                self.chain.fresh_piece(&quote[start..i], rng, out);
                out.push(c);
                start = i + c.len_utf8();
            }
        }
        self.chain.fresh_piece(&quote[start..], rng, out);
    }

    /// `n` synthetic quote records in articles of one seed's quotes each,
    /// varied as articles are (speakers renamed, dates shifted, outlets
    /// swapped, words swapped), with one metadata record per article.
    /// Faster than extracting a corpus big enough, and the same kind of
    /// records: the seeds' own extraction is the template.
    pub fn quotes(&self, seed: u64, n: usize, mix: Mix) -> (Vec<Quote>, Vec<ArticleMeta>) {
        let mut quotes = Vec::with_capacity(n);
        let mut metas = Vec::new();
        let with_quotes: Vec<&Seed> = self.seeds.iter().filter(|s| !s.quotes.is_empty()).collect();
        let mut article = 0u64;
        let wire = Plan::new(self, &mut Rng::new(seed, u64::MAX));
        while quotes.len() < n && !with_quotes.is_empty() {
            let mut rng = Rng::new(seed ^ 0x5157_4F54_4553, article);
            let own_plan = Plan::new(self, &mut rng);
            let own = with_quotes[rng.below(with_quotes.len())];
            let id = format!("syn{seed}-{article:08}");
            let published = own.published + Duration::days(own_plan.shift);
            let mut offset = 0;
            for q in own.quotes.iter().take(n - quotes.len()) {
                let (is_wire, words) = mix.draw(&mut rng);
                let plan = if is_wire { &wire } else { &own_plan };
                let mut text = String::new();
                self.vary_quote(&q.text, words, true, &mut rng, &mut text);
                let rename = |s: &str| {
                    self.names
                        .replace_all(s, |c: &Captures| match self.targets.get(&c[0]) {
                            Some(Target::Full(i)) => plan.names[*i].0.clone(),
                            Some(Target::Short(i)) => plan.names[*i].1.clone(),
                            Some(Target::Outlet(i)) => plan.outlets[*i].to_string(),
                            None => c[0].to_string(),
                        })
                        .into_owned()
                };
                let speaker = q.speaker.as_deref().map(rename);
                let start = offset + 40;
                offset = start + text.len();
                quotes.push(Quote {
                    article: id.clone(),
                    speaker_key: speaker.as_deref().map(quotecheck::normalize::speaker_key),
                    speaker,
                    outlet: q.outlet.as_deref().map(rename),
                    via: q.via.as_deref().map(rename),
                    date: q
                        .date
                        .as_deref()
                        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
                        .map(|d| (d + Duration::days(plan.shift)).format("%Y-%m-%d").to_string()),
                    insertions: quotecheck::insertions(&text),
                    start,
                    end: offset,
                    text,
                    ..q.clone()
                });
            }
            metas.push(ArticleMeta {
                id,
                published: Some(published.format("%Y-%m-%d").to_string()),
                ..ArticleMeta::default()
            });
            article += 1;
        }
        (quotes, metas)
    }
}

/// The choices fixed for one article: new names, outlets, date shift.
struct Plan {
    /// Full and short form of each person's new name.
    names: Vec<(String, String)>,
    outlets: Vec<&'static str>,
    /// Days every date moves.
    shift: i64,
}

impl Plan {
    fn new(seeds: &Seeds, rng: &mut Rng) -> Plan {
        let shift = rng.below(2921) as i64 - 1460;
        let names = seeds
            .people
            .iter()
            .map(|p| {
                let full = Plan::fresh_name(rng, p.korean);
                let words: Vec<&str> = full.split(' ').collect();
                let short = if p.korean { words[0] } else { words[words.len() - 1] };
                let short = short.to_string();
                (full, short)
            })
            .collect();
        let outlets = (0..seeds.outlets).map(|_| *rng.pick(OUTLETS)).collect();
        Plan { names, outlets, shift }
    }

    fn fresh_name(rng: &mut Rng, korean: bool) -> String {
        if korean {
            format!("{} {}", rng.pick(KOREAN_FAMILY), rng.pick(KOREAN_GIVEN))
        } else {
            format!("{} {}", rng.pick(FIRST_NAMES), rng.pick(LAST_NAMES))
        }
    }
}

/// One date match moved by `shift` days and written in its own style.
/// A day without a year is read in the year of `anchor` (the seed's
/// publication year); a lone year moves by the years the anchor moves.
fn shift_date(c: &Captures, anchor: NaiveDate, shift: i64) -> String {
    let moved = |d: NaiveDate| d + Duration::days(shift);
    if c.name("iso").is_some() {
        let ymd = (c["y"].parse::<i32>(), c["m"].parse::<u32>(), c["d"].parse::<u32>());
        if let (Ok(y), Ok(m), Ok(d)) = ymd {
            if let Some(date) = NaiveDate::from_ymd_opt(y, m, d) {
                return moved(date).format("%Y-%m-%d").to_string();
            }
        }
    } else if let Some(mon) = c.name("mon") {
        let year = c.name("year").and_then(|y| y.as_str().parse().ok());
        let day = c["day"].parse().ok();
        let date = month_number(mon.as_str())
            .zip(day)
            .and_then(|(m, d)| NaiveDate::from_ymd_opt(year.unwrap_or(anchor.year()), m, d));
        if let Some(date) = date {
            let new = moved(date);
            let full = !mon.as_str().ends_with('.') && mon.as_str() != "May";
            let month = if full && mon.as_str().len() > 5 {
                MONTHS_FULL[new.month0() as usize]
            } else {
                MONTHS_AP[new.month0() as usize]
            };
            return match year {
                Some(_) => format!("{month} {}, {}", new.day(), new.year()),
                None => format!("{month} {}", new.day()),
            };
        }
    } else if let Some(lone) = c.name("lone") {
        if let Ok(y) = lone.as_str().parse::<i32>() {
            return (y + moved(anchor).year() - anchor.year()).to_string();
        }
    }
    c[0].to_string()
}

/// True when `c` at byte `i` of `s` is a quotation mark: any of the marks
/// the lexer knows, but not an apostrophe between letters (`don’t`).
fn is_mark(s: &str, i: usize, c: char) -> bool {
    if !matches!(c, '"' | '\'' | '“' | '”' | '‘' | '’' | '«' | '»' | '‹' | '›' | '„')
    {
        return false;
    }
    let before = s[..i].chars().next_back().is_some_and(char::is_alphanumeric);
    let after = s[i + c.len_utf8()..].chars().next().is_some_and(char::is_alphanumeric);
    !(matches!(c, '\'' | '’') && before && after)
}

/// A word-pair chain: for each word of the seeds, the words that follow
/// it there. Words keep their punctuation (`summit.`, `Korea,`) but lose
/// quotation marks, which would open quotes that never close.
#[derive(Default)]
struct ChainBuilder {
    ids: BTreeMap<String, u32>,
    words: Vec<String>,
    next: Vec<Vec<u32>>,
}

impl ChainBuilder {
    fn id(&mut self, w: &str) -> u32 {
        if let Some(&id) = self.ids.get(w) {
            return id;
        }
        let id = self.words.len() as u32;
        self.ids.insert(w.to_string(), id);
        self.words.push(w.to_string());
        self.next.push(Vec::new());
        id
    }

    fn add(&mut self, text: &str) {
        let mut prev: Option<u32> = None;
        for raw in text.split_whitespace() {
            let w: String =
                raw.char_indices().filter(|&(i, c)| !is_mark(raw, i, c)).map(|(_, c)| c).collect();
            if w.is_empty() {
                continue;
            }
            let id = self.id(&w);
            if let Some(p) = prev {
                self.next[p as usize].push(id);
            }
            prev = Some(id);
        }
    }

    fn build(self) -> Chain {
        let starts = |upper: bool| -> Vec<u32> {
            (0..self.words.len() as u32)
                .filter(|&i| {
                    let w = &self.words[i as usize];
                    w.chars().next().is_some_and(|c| c.is_alphabetic() && c.is_uppercase() == upper)
                })
                .collect()
        };
        Chain { upper: starts(true), lower: starts(false), words: self.words, next: self.next }
    }
}

/// See [`ChainBuilder`].
struct Chain {
    words: Vec<String>,
    next: Vec<Vec<u32>>,
    /// Words that may open a piece starting with a capital, or not.
    upper: Vec<u32>,
    lower: Vec<u32>,
}

impl Chain {
    /// Appends as many chain words as `piece` has, with its white space at
    /// both ends, its capital or not at the start and its closing
    /// punctuation.
    fn fresh_piece(&self, piece: &str, rng: &mut Rng, out: &mut String) {
        let core = piece.trim();
        let n = core.split_whitespace().count();
        if n == 0 || self.upper.is_empty() || self.lower.is_empty() {
            out.push_str(piece);
            return;
        }
        out.push_str(&piece[..piece.len() - piece.trim_start().len()]);
        let upper = core.chars().next().is_some_and(char::is_uppercase);
        let mut id = *rng.pick(if upper { &self.upper } else { &self.lower });
        let mut text = String::with_capacity(core.len() + 8);
        for k in 0..n {
            if k > 0 {
                text.push(' ');
                let next = &self.next[id as usize];
                id = if next.is_empty() { *rng.pick(&self.lower) } else { *rng.pick(next) };
            }
            text.push_str(&self.words[id as usize]);
        }
        // The piece's own ending, so that sentence ends stay where the
        // frame around the quote expects them.
        let trimmed = text.trim_end_matches(|c: char| c.is_ascii_punctuation() || c == '…').len();
        text.truncate(trimmed.max(1));
        let ending =
            &core[core.trim_end_matches(|c: char| c.is_ascii_punctuation() || c == '…').len()..];
        text.push_str(ending);
        out.push_str(&text);
        out.push_str(&piece[piece.trim_end().len()..]);
    }
}

/// How many word shapes [`shape`] tells apart.
const SHAPES: usize = 5;

/// A crude part of speech from the ending (`-ing`, `-ed`, `-ly`, `-s`,
/// other), so that a swapped word usually fits its slot: a verb for a
/// verb, a plural for a plural.
fn shape(w: &str) -> usize {
    ["ing", "ed", "ly", "s"].iter().position(|end| w.ends_with(end)).unwrap_or(SHAPES - 1)
}

/// Lowercase ASCII words of four letters or more that are not function
/// words: the words a quote's meaning rests on.
fn is_content_word(w: &str) -> bool {
    w.len() >= 4
        && w.bytes().all(|b| b.is_ascii_lowercase())
        && !quotecheck::lexicon::function_words().contains(w)
}

fn content_words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_ascii_alphabetic()).filter(|w| is_content_word(w))
}

/// A speaker string that is a person's name: two to four capitalised
/// words, none of them an organisation or place word (`North Korea`,
/// `Blue House`) and not an outlet.
fn is_person_name(s: &str) -> bool {
    let words: Vec<&str> = s.split(' ').collect();
    (2..=4).contains(&words.len())
        && words.iter().all(|w| w.chars().next().is_some_and(char::is_uppercase))
        && !words.iter().any(|w| quotecheck::lexicon::org_words().contains(w))
        && !quotecheck::lexicon::outlets().contains(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seeds() -> Seeds {
        Seeds::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds")).expect("seeds")
    }

    #[test]
    fn articles_are_deterministic_and_differ() {
        let s = seeds();
        let a = s.article(7, 0, Mix::default());
        assert_eq!(a.text, s.article(7, 0, Mix::default()).text);
        let texts: BTreeSet<String> =
            (0..50).map(|n| s.article(7, n, Mix::default()).text).collect();
        assert_eq!(texts.len(), 50, "no article repeats another");
        assert_ne!(a.text, s.article(8, 0, Mix::default()).text);
        assert!(a.id.starts_with("gen7-"));
    }

    #[test]
    fn articles_have_quotes_and_metadata_the_extractor_reads() {
        let s = seeds();
        let mut quotes = 0;
        let mut named = 0;
        for n in 0..20 {
            let a = s.article(1, n, Mix::default());
            let ex = quotecheck::extract(&a.id, &a.text);
            quotes += ex.quotes.len();
            named += ex.quotes.iter().filter(|q| q.speaker.is_some()).count();
            assert_eq!(ex.meta.outlet.as_deref(), Some(a.outlet.as_str()), "{}", a.text);
        }
        assert!(quotes > 100, "{quotes}");
        assert!(named * 2 > quotes, "{named} of {quotes}");
    }

    #[test]
    fn names_and_dates_are_replaced() {
        let s = seeds();
        let plan = Plan {
            names: s.people.iter().map(|_| ("Laura Okafor".into(), "Okafor".into())).collect(),
            outlets: vec!["Reuters"; s.outlets],
            shift: 2,
        };
        let anchor = NaiveDate::from_ymd_opt(2019, 2, 28).unwrap();
        let mut rng = Rng::new(1, 1);
        let got = s.vary(
            "Stephen Biegun met Biegun on Feb. 27 and March 4, 2019; Vox said so in 2019 (2019-02-28).",
            &[],
            &plan,
            anchor,
            &mut rng,
            Words::Keep,
        );
        assert_eq!(
            got,
            "Laura Okafor met Okafor on March 1 and March 6, 2019; Reuters said so in 2019 (2019-03-02)."
        );
    }

    #[test]
    fn fresh_quotes_keep_marks_capitals_and_endings() {
        let s = seeds();
        let mut rng = Rng::new(3, 3);
        let quote = "We hope, ‘truly,’ that the talks don’t end soon.";
        let mut out = String::new();
        s.fresh_quote(quote, &mut rng, &mut out);
        assert_ne!(out, quote);
        let marks: Vec<char> = out.chars().filter(|c| matches!(c, '‘' | '’')).collect();
        assert!(marks.len() >= 2, "{out}");
        assert!(out.chars().next().is_some_and(char::is_uppercase), "{out}");
        assert!(out.ends_with('.'), "{out}");
        let (a, b) = (out.find('‘').unwrap(), out.find(",’").unwrap());
        assert!(a < b, "{out}");
        assert_eq!(out.split_whitespace().count(), quote.split_whitespace().count(), "{out}");
    }

    #[test]
    fn is_mark_tells_apostrophes_from_marks() {
        assert!(is_mark("‘a’", 0, '‘'));
        assert!(is_mark("‘a’", 4, '’'));
        assert!(!is_mark("don’t", 3, '’'));
        assert!(is_mark("said “no”", 5, '“'));
    }

    #[test]
    fn synthetic_quotes_come_in_the_number_asked() {
        let s = seeds();
        let (quotes, metas) = s.quotes(1, 1000, Mix::default());
        assert_eq!(quotes.len(), 1000);
        assert!(metas.len() > 10);
        let texts: BTreeSet<&str> = quotes.iter().map(|q| q.text.as_str()).collect();
        assert!(texts.len() > 800, "{}", texts.len());
        assert!(texts.len() < 1000, "wire copy repeats some quotes");
        for q in &quotes {
            assert!(q.end - q.start == q.text.len());
        }
    }
}
