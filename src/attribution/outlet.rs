//! Outlets: the medium where words were published or said (`told Fox
//! Business Network`, `on CBS’ Face the Nation`, `in The Wall Street
//! Journal`, `, The Associated Press reported`).
//!
//! Owns: recognising outlet names from `outlets.txt` in an attribution
//! clause. Does not own: which clause belongs to which quote.

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, MatchKind};

use crate::lexicon;

/// True when `name` is a known outlet (`The Associated Press`, `Reuters`).
pub fn is_outlet(name: &str) -> bool {
    lexicon::outlets().contains(name.trim())
}

/// The automaton over `outlets.txt`: one pass over a clause finds every
/// outlet named in it, instead of trying each outlet at each word.
fn automaton() -> &'static AhoCorasick {
    static AUTOMATON: OnceLock<AhoCorasick> = OnceLock::new();
    AUTOMATON.get_or_init(|| {
        AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(lexicon::outlets().words())
            .unwrap_or_else(|e| panic!("outlets.txt does not build an automaton: {e}"))
    })
}

/// The longest known outlet named in `clause`, as written there. A glued
/// tail is allowed for names of three words or more (`The Wall Street
/// Journalnewspaper` → `The Wall Street Journal`), since scraped text loses
/// spaces; a shorter name must end at a word boundary (`Vox`, not `voxel`).
pub fn find_outlet(clause: &str) -> Option<String> {
    let mut best: Option<(usize, usize)> = None;
    for m in automaton().find_iter(clause) {
        let (start, end) = (m.start(), m.end());
        let starts_word = clause[..start].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
        let ends_word = clause[end..].chars().next().is_none_or(|c| !c.is_alphanumeric());
        let long = super::more_words_than(&clause[start..end], 2);
        // The list is matched without case, but an outlet is written with
        // a capital (`in Time`, not `at the time`).
        let found = &clause[start..end];
        let core =
            found.strip_prefix("the ").or_else(|| found.strip_prefix("The ")).unwrap_or(found);
        let capitalized = core.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit());
        if starts_word
            && capitalized
            && (ends_word || long)
            && best.is_none_or(|(s, e)| end - start > e - s)
        {
            best = Some((start, end));
        }
    }
    // `the Choson Sinbo` → `Choson Sinbo`; `The Associated Press` keeps
    // its capital `The`, which is part of the name.
    best.map(|(s, e)| {
        let found = &clause[s..e];
        found.strip_prefix("the ").unwrap_or(found).to_string()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn find_outlet_accepts_seed_clauses() {
        assert_eq!(
            find_outlet(" Bolton told Fox Business Network.").as_deref(),
            Some("Fox Business Network")
        );
        assert_eq!(
            find_outlet("in a March 4, 2019, article in The Wall Street Journalnewspaper")
                .as_deref(),
            Some("The Wall Street Journal")
        );
        assert_eq!(
            find_outlet(", The Associated Press reported.").as_deref(),
            Some("The Associated Press")
        );
    }

    #[test]
    fn find_outlet_rejects_words_inside_words() {
        assert_eq!(find_outlet("the apparatus of the state"), None);
        assert_eq!(find_outlet("he said in a voxel"), None);
        assert_eq!(find_outlet("as the prosecutor put it at the time"), None);
    }
}
