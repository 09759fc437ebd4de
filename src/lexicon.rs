//! The vocabulary of the grammar, kept as data in `grammar/lexicon/`: one
//! entry a line, `#` comments, lowercase, sorted and unique (a unit test
//! enforces it). Changing the vocabulary is a data edit, not a code edit.
//!
//! Owns: loading the word lists and case-insensitive look-ups. The lists are
//! compiled in with `include_str!`, so the binary needs no files at run time.

use std::borrow::Cow;
use std::sync::OnceLock;

/// A word list with case-insensitive membership.
///
/// Look-ups run for nearly every word of every article, several times
/// over, so a word is not searched for in the sorted list: it is packed,
/// lowercased, into four integers and looked up in a small open-addressing
/// table, where a probe compares integers, not strings. (A general hash
/// set costs several times as much per look-up here: it hashes byte by
/// byte and compares with `memcmp`.)
#[derive(Debug)]
pub struct WordList {
    words: Vec<&'static str>,
    /// Open-addressing table of the packed entries; a power of two long,
    /// at most half full, `len == 0` marks an empty slot.
    slots: Vec<Packed>,
    /// `slots.len() - 1`.
    mask: usize,
    /// Bit `n` set when some entry has `n` bytes: most words fail here.
    lengths: u64,
    /// A bit for each (length, first byte, last byte) of an entry, at
    /// [`shape_bit`]: a word whose bit is clear is no entry, and most
    /// words are turned away here without being packed.
    shapes: Box<[u64; SHAPE_WORDS]>,
}

/// Length of [`WordList::shapes`] in 64-bit words (4096 bits).
const SHAPE_WORDS: usize = 64;

/// The bit of a lowercase ASCII word's length, first and last byte in
/// [`WordList::shapes`].
fn shape_bit(len: usize, first: u8, last: u8) -> usize {
    let key = (len as u64) << 16 | u64::from(first) << 8 | u64::from(last);
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 52) as usize
}

/// A word of at most [`PACKED_LEN`] bytes, lowercased, zero-padded, as
/// little-endian integers, with its length (so `a` and `a\0` differ).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Packed {
    words: [u64; PACKED_LEN / 8],
    len: u8,
}

/// The longest entry that packs (the longest outlet name has 26 bytes).
const PACKED_LEN: usize = 32;

/// Eight bytes of 1.
const ONES: u64 = 0x0101_0101_0101_0101;

/// The high bit of each of eight bytes.
const HIGH_BITS: u64 = 0x80 * ONES;

/// Lowercases the ASCII capitals among the eight bytes of `x`, all ASCII:
/// a byte of `A..=Z` gets its 0x20 bit. (Adding 0x3f or 0x25 to a byte
/// below 0x80 carries into its high bit exactly when it is at least `A`,
/// or above `Z`, and never into the next byte.) Bytes outside ASCII give
/// a meaningless result, never a panic.
fn lowercase8(x: u64) -> u64 {
    let at_least_a = x.wrapping_add((0x80 - u64::from(b'A')) * ONES);
    let above_z = x.wrapping_add((0x80 - u64::from(b'Z') - 1) * ONES);
    x | ((at_least_a & !above_z & HIGH_BITS) >> 2)
}

impl Packed {
    /// Packs `bytes` lowercased, or `None` when they are not all ASCII or
    /// more than [`PACKED_LEN`].
    fn new(bytes: &[u8]) -> Option<Packed> {
        if bytes.len() > PACKED_LEN {
            return None;
        }
        // Whole chunks are loaded as integers and the last, short one byte
        // by byte (copying into a padded buffer cost a `memcpy` call per
        // look-up); the chunks past the word stay zero, as padding would.
        let mut words = [0u64; PACKED_LEN / 8];
        let mut all = 0;
        let mut chunks = bytes.chunks_exact(8);
        // (Lowercased as loaded: a word outside ASCII is lowercased into
        // garbage, then dropped.)
        for (w, chunk) in words.iter_mut().zip(&mut chunks) {
            let x = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
            all |= x;
            *w = lowercase8(x);
        }
        let tail = chunks.remainder();
        if !tail.is_empty() {
            let x = tail.iter().rev().fold(0u64, |acc, &b| acc << 8 | u64::from(b));
            all |= x;
            words[bytes.len() / 8] = lowercase8(x);
        }
        if all & HIGH_BITS != 0 {
            return None;
        }
        Some(Packed { words, len: bytes.len() as u8 })
    }

    fn hash(&self) -> usize {
        // Multiplicative (Fibonacci) hashing; the high bits are the best mixed.
        let [a, b, c, d] = self.words;
        let x = a ^ b.rotate_left(17) ^ c.rotate_left(31) ^ d.rotate_left(47) ^ u64::from(self.len);
        (x.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32) as usize
    }
}

impl WordList {
    fn parse(src: &'static str) -> WordList {
        WordList::new(entries(src))
    }

    /// A list of `words` (lowercase ASCII): for closed classes kept in code.
    pub fn new(words: impl IntoIterator<Item = &'static str>) -> WordList {
        let mut words: Vec<&'static str> = words.into_iter().collect();
        words.sort_unstable();
        words.dedup();
        let size = (words.len() * 2).next_power_of_two().max(8);
        let mut list = WordList {
            words,
            slots: vec![Packed::default(); size],
            mask: size - 1,
            lengths: 0,
            shapes: Box::new([0; SHAPE_WORDS]),
        };
        for w in list.words.clone() {
            assert!(w.is_ascii(), "lexicon entry {w:?} is not ASCII");
            let p = Packed::new(w.as_bytes())
                .unwrap_or_else(|| panic!("lexicon entry {w:?} is over {PACKED_LEN} bytes"));
            let mut i = p.hash() & list.mask;
            while list.slots[i].len != 0 {
                i = (i + 1) & list.mask;
            }
            list.slots[i] = p;
            list.lengths |= 1 << w.len();
            let b = w.as_bytes();
            if let (Some(&first), Some(&last)) = (b.first(), b.last()) {
                let bit = shape_bit(b.len(), first, last);
                list.shapes[bit / 64] |= 1 << (bit % 64);
            }
        }
        list
    }

    /// True when some entry has `len` bytes.
    fn has_length(&self, len: usize) -> bool {
        len < u64::BITS as usize && self.lengths >> len & 1 == 1
    }

    /// False when the ASCII word `b` is surely no entry: no entry has its
    /// length, or its shape bit is clear. (The empty word is left to the
    /// table.)
    #[inline]
    fn may_hold_ascii(&self, b: &[u8]) -> bool {
        if !self.has_length(b.len()) {
            return false;
        }
        let (Some(&first), Some(&last)) = (b.first(), b.last()) else { return true };
        let bit = shape_bit(b.len(), first.to_ascii_lowercase(), last.to_ascii_lowercase());
        self.shapes[bit / 64] >> (bit % 64) & 1 == 1
    }

    fn contains_packed(&self, p: &Packed) -> bool {
        if !self.has_length(usize::from(p.len)) {
            return false;
        }
        let mut i = p.hash() & self.mask;
        loop {
            let slot = &self.slots[i];
            if slot.len == 0 {
                return false;
            }
            if slot == p {
                return true;
            }
            i = (i + 1) & self.mask;
        }
    }

    /// True when `word` (any case) is in the list.
    #[inline]
    pub fn contains(&self, word: &str) -> bool {
        // Most words have a length no entry has, or a first and last
        // letter no entry of their length has: for an ASCII word (whose
        // lowercase is as long, with the same bytes lowercased at each
        // end) that answers before packing it. This test is small enough
        // to be inlined where a word is looked up, and whether the word is
        // ASCII is asked only when it fails; the rest is out of line.
        if !self.may_hold_ascii(word.as_bytes()) && word.is_ascii() {
            return false;
        }
        self.contains_packing(word)
    }

    /// [`WordList::contains`] for a word that passed the length and shape
    /// test (or is not ASCII): packs it and looks it up in the table.
    #[inline(never)]
    fn contains_packing(&self, word: &str) -> bool {
        match Packed::new(word.as_bytes()) {
            Some(p) => self.contains_packed(&p),
            // ASCII lowercasing keeps the length, and every entry packs.
            None if word.is_ascii() => false,
            // Unicode lowercasing may change the length, and may even give
            // an ASCII word (the Kelvin sign `K` lowercases to `k`).
            None => Packed::new(word.to_lowercase().as_bytes())
                .is_some_and(|p| self.contains_packed(&p)),
        }
    }

    /// The entries, sorted.
    pub fn words(&self) -> &[&'static str] {
        &self.words
    }
}

/// `word` lowercased as [`str::to_lowercase`] does it, borrowed when that
/// changes nothing (a lowercase ASCII word, which most words are), so that
/// comparing words case-insensitively allocates only for capitals.
pub fn lowercase(word: &str) -> Cow<'_, str> {
    if word.is_ascii() {
        if word.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(word.to_ascii_lowercase())
        } else {
            Cow::Borrowed(word)
        }
    } else {
        Cow::Owned(word.to_lowercase())
    }
}

/// True when `lowercase(word)` is one of `set` (lowercase words):
/// compared in place for an ASCII word, without making its lowercase.
pub fn lowercase_is_any(word: &str, set: &[&str]) -> bool {
    if word.is_ascii() {
        set.iter().any(|s| s.eq_ignore_ascii_case(word))
    } else {
        set.contains(&lowercase(word).as_ref())
    }
}

/// The non-comment, non-blank lines of a lexicon file, trimmed.
fn entries(src: &'static str) -> impl Iterator<Item = &'static str> {
    src.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#'))
}

macro_rules! word_list {
    ($(#[$doc:meta])* $name:ident, $file:literal) => {
        $(#[$doc])*
        pub fn $name() -> &'static WordList {
            static LIST: OnceLock<WordList> = OnceLock::new();
            LIST.get_or_init(|| WordList::parse(include_str!(concat!("../grammar/lexicon/", $file))))
        }
    };
}

word_list!(
    /// Finite speech verbs (`said`, `told`, `analyzed`).
    speech_verbs,
    "speech_verbs.txt"
);
word_list!(
    /// Title and role words that stand before a name (`President`, `Sen.`).
    titles,
    "titles.txt"
);
word_list!(
    /// Abbreviations whose period does not end a sentence (`Mr.`, `Feb.`).
    abbreviations,
    "abbreviations.txt"
);
word_list!(
    /// Subject pronouns that can stand for a speaker.
    pronouns,
    "pronouns.txt"
);
word_list!(
    /// Head nouns of nameless speaker descriptions (`official`, `statement`).
    source_nouns,
    "source_nouns.txt"
);
word_list!(
    /// Capitalized words of organizations and places, not of people's names.
    org_words,
    "org_words.txt"
);

word_list!(
    /// Words never part of a name, even capitalized (`The`, `But`, `March`).
    function_words,
    "function_words.txt"
);
word_list!(
    /// Lowercase particles inside names (`van`, `de`).
    name_particles,
    "name_particles.txt"
);
word_list!(
    /// Adverbs that may stand between a speaker and a cue verb.
    adverbs,
    "adverbs.txt"
);
word_list!(
    /// Given names that are a man's (`donald`): evidence of gender.
    male_names,
    "male_names.txt"
);
word_list!(
    /// Given names that are a woman's (`hillary`): evidence of gender.
    female_names,
    "female_names.txt"
);
word_list!(
    /// Media outlets and programmes.
    outlets,
    "outlets.txt"
);

/// Which marks pair with which.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Family {
    /// “ ” and straight ".
    Double,
    /// ‘ ’ and straight '.
    Single,
    /// « ».
    Guillemet,
    /// ‹ ›.
    SingleGuillemet,
    /// „ — closed by “ or ”.
    LowDouble,
    /// ‚ — closed by ‘ or ’.
    LowSingle,
}

/// What a mark does by itself, before its neighbours are looked at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkRole {
    /// Always opens.
    Open,
    /// Closes (or, for ’, may be an apostrophe).
    Close,
    /// Straight marks: decided from context.
    Either,
}

/// One row of `quote_marks.tsv`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MarkDef {
    /// The mark itself.
    pub mark: &'static str,
    /// Its family.
    pub family: Family,
    /// Its role.
    pub role: MarkRole,
}

/// The quotation marks, longest first so that `''` wins over `'`.
pub fn quote_marks() -> &'static [MarkDef] {
    static MARKS: OnceLock<Vec<MarkDef>> = OnceLock::new();
    MARKS.get_or_init(|| {
        let mut marks: Vec<MarkDef> = entries(include_str!("../grammar/lexicon/quote_marks.tsv"))
            .map(|line| {
                let mut cols = line.split('\t');
                let (mark, family, role) = (cols.next(), cols.next(), cols.next());
                MarkDef {
                    mark: mark.unwrap_or_default(),
                    family: match family {
                        Some("double") => Family::Double,
                        Some("single") => Family::Single,
                        Some("guillemet") => Family::Guillemet,
                        Some("single_guillemet") => Family::SingleGuillemet,
                        Some("low_double") => Family::LowDouble,
                        Some("low_single") => Family::LowSingle,
                        other => panic!("quote_marks.tsv: unknown family {other:?}"),
                    },
                    role: match role {
                        Some("open") => MarkRole::Open,
                        Some("close") => MarkRole::Close,
                        Some("either") => MarkRole::Either,
                        other => panic!("quote_marks.tsv: unknown role {other:?}"),
                    },
                }
            })
            .collect();
        marks.sort_by_key(|m| std::cmp::Reverse(m.mark.chars().count()));
        marks
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILES: &[(&str, &str)] = &[
        ("speech_verbs.txt", include_str!("../grammar/lexicon/speech_verbs.txt")),
        ("titles.txt", include_str!("../grammar/lexicon/titles.txt")),
        ("abbreviations.txt", include_str!("../grammar/lexicon/abbreviations.txt")),
        ("pronouns.txt", include_str!("../grammar/lexicon/pronouns.txt")),
        ("source_nouns.txt", include_str!("../grammar/lexicon/source_nouns.txt")),
        ("org_words.txt", include_str!("../grammar/lexicon/org_words.txt")),
        ("function_words.txt", include_str!("../grammar/lexicon/function_words.txt")),
        ("name_particles.txt", include_str!("../grammar/lexicon/name_particles.txt")),
        ("adverbs.txt", include_str!("../grammar/lexicon/adverbs.txt")),
        ("outlets.txt", include_str!("../grammar/lexicon/outlets.txt")),
        ("male_names.txt", include_str!("../grammar/lexicon/male_names.txt")),
        ("female_names.txt", include_str!("../grammar/lexicon/female_names.txt")),
    ];

    #[test]
    fn lexicon_files_are_lowercase_sorted_unique_and_trimmed() {
        use unicode_normalization::UnicodeNormalization;
        for (name, src) in FILES {
            let lines: Vec<&str> =
                src.lines().filter(|l| !l.is_empty() && !l.starts_with('#')).collect();
            for l in &lines {
                assert_eq!(*l, l.trim(), "{name}: {l:?} has surrounding space");
                assert_eq!(*l, l.to_lowercase(), "{name}: {l:?} is not lowercase");
                assert_eq!(l.nfc().collect::<String>(), *l, "{name}: {l:?} is not NFC");
            }
            for w in lines.windows(2) {
                assert!(
                    w[0] < w[1],
                    "{name}: {:?} then {:?}: not sorted or not unique",
                    w[0],
                    w[1]
                );
            }
        }
    }

    #[test]
    fn quote_marks_parse_and_put_longest_first() {
        let marks = quote_marks();
        assert!(marks.len() >= 13);
        assert_eq!(marks[0].mark, "''");
        assert!(marks.iter().any(|m| m.mark == "„" && m.family == Family::LowDouble));
    }

    #[test]
    fn lowercase8_lowercases_ascii_capitals_only() {
        let all: Vec<u8> = (0u8..0x80).collect();
        for chunk in all.chunks(8) {
            let x = u64::from_le_bytes(chunk.try_into().unwrap());
            let want: Vec<u8> = chunk.iter().map(u8::to_ascii_lowercase).collect();
            assert_eq!(lowercase8(x).to_le_bytes().to_vec(), want);
        }
    }

    #[test]
    fn packing_matches_a_padded_buffer() {
        let text = "The Associated PRESS said: Kim Jong-un's 0123456789 abcdefghijklmnop";
        for start in 0..text.len() {
            for end in start..=text.len().min(start + PACKED_LEN + 1) {
                let bytes = &text.as_bytes()[start..end];
                let want = (bytes.len() <= PACKED_LEN).then(|| {
                    let mut buf = [0u8; PACKED_LEN];
                    buf[..bytes.len()].copy_from_slice(bytes);
                    let words: [u64; PACKED_LEN / 8] = std::array::from_fn(|k| {
                        lowercase8(u64::from_le_bytes(buf[k * 8..k * 8 + 8].try_into().unwrap()))
                    });
                    Packed { words, len: bytes.len() as u8 }
                });
                assert_eq!(Packed::new(bytes), want, "{:?}", &text[start..end]);
            }
        }
        assert_eq!(Packed::new("caf\u{e9}".as_bytes()), None);
    }

    #[test]
    fn every_entry_passes_the_shape_filter() {
        for list in [
            speech_verbs(),
            titles(),
            abbreviations(),
            pronouns(),
            source_nouns(),
            org_words(),
            function_words(),
            name_particles(),
            adverbs(),
            outlets(),
        ] {
            for w in list.words() {
                assert!(list.may_hold_ascii(w.as_bytes()), "{w:?}");
                assert!(list.may_hold_ascii(w.to_ascii_uppercase().as_bytes()), "{w:?}");
                assert!(list.contains(w) && list.contains(&w.to_ascii_uppercase()), "{w:?}");
            }
        }
        // And it turns most other words away.
        let list = speech_verbs();
        let others = ["table", "house", "Korea", "summit", "talks", "the", "with", "about"];
        assert!(others.iter().filter(|w| list.may_hold_ascii(w.as_bytes())).count() <= 2);
    }

    #[test]
    fn lookups_match_a_sorted_search() {
        let list = speech_verbs();
        for w in ["said", "SAID", "Said.", "", "s", "a\0", "\u{212a}", "ſaid", &"x".repeat(40)] {
            let lower = w.to_lowercase();
            assert_eq!(
                list.contains(w),
                list.words().binary_search(&lower.as_str()).is_ok(),
                "{w:?}"
            );
        }
    }

    #[test]
    fn lowercase_is_any_agrees_with_lowercasing() {
        let set = ["the", "a", "k", "said"];
        for w in ["The", "THE", "a", "A", "an", "\u{212a}", "K", "Said", "sa\u{ef}d", "", "th"] {
            assert_eq!(
                lowercase_is_any(w, &set),
                set.contains(&w.to_lowercase().as_str()),
                "{w:?}"
            );
        }
    }

    #[test]
    fn lowercase_matches_to_lowercase() {
        for w in ["said", "Said", "ÉLAN", "ΟΔΟΣ", "\u{212a}", ""] {
            assert_eq!(lowercase(w), w.to_lowercase(), "{w:?}");
        }
        assert!(matches!(lowercase("said"), Cow::Borrowed(_)));
    }

    #[test]
    fn lookups_ignore_case() {
        assert!(speech_verbs().contains("Said"));
        assert!(titles().contains("President"));
        assert!(!speech_verbs().contains("table"));
    }
    /// Membership as first written: lowercase, then search the sorted list.
    fn contains_reference(list: &WordList, word: &str) -> bool {
        list.words.binary_search(&word.to_lowercase().as_str()).is_ok()
    }

    #[test]
    fn contains_agrees_with_lowercasing_and_searching() {
        let list = WordList::new(["k", "ok", "said", "says", "the associated press"]);
        for w in [
            "",
            "K",
            "\u{212A}",
            "o\u{212A}",
            "O\u{212A}",
            "SAID",
            "Said",
            "said.",
            "sai",
            "The Associated Press",
            "THE ASSOCIATED PRESS!",
            "k\u{e9}",
            "\u{c9}",
            &"k".repeat(70),
        ] {
            assert_eq!(list.contains(w), contains_reference(&list, w), "{w:?}");
        }
    }

    mod props {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn contains_agrees_with_reference(w in "[kKsSaAiIdDoO\u{212A}\u{e9} ]{0,8}|\\PC{0,70}") {
                for list in [speech_verbs(), adverbs(), outlets()] {
                    prop_assert_eq!(list.contains(&w), contains_reference(list, &w));
                }
            }
        }
    }
}
