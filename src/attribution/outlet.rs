//! Outlets: the medium where words were published or said (`told Fox
//! Business Network`, `on CBS’ Face the Nation`, `in The Wall Street
//! Journal`, `, The Associated Press reported`).
//!
//! Owns: recognising outlet names from `outlets.txt` in an attribution
//! clause. Does not own: which clause belongs to which quote.

use crate::lexicon;

/// True when `name` is a known outlet (`The Associated Press`, `Reuters`).
pub fn is_outlet(name: &str) -> bool {
    lexicon::outlets().contains(name.trim())
}

/// The longest known outlet named in `clause`, as written there. A glued
/// tail is allowed (`The Wall Street Journalnewspaper` → `The Wall Street
/// Journal`), since scraped text loses spaces.
pub fn find_outlet(clause: &str) -> Option<String> {
    let lower = clause.to_lowercase();
    // Lowercasing can change byte lengths outside ASCII; only use offsets
    // when it did not.
    if lower.len() != clause.len() {
        return None;
    }
    let mut best: Option<(usize, usize)> = None;
    for (i, _) in lower.char_indices() {
        let at_word_start = lower[..i].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
        if !at_word_start {
            continue;
        }
        for o in lexicon::outlets().words() {
            if lower[i..].starts_with(o) && best.is_none_or(|(_, len)| o.len() > len) {
                // Whole-word match unless the tail is glued prose
                // (`Journalnewspaper`): require a short outlet to end at a
                // word boundary.
                let next = lower[i + o.len()..].chars().next();
                let boundary = next.is_none_or(|c| !c.is_alphanumeric());
                if boundary || o.split_whitespace().count() >= 3 {
                    best = Some((i, o.len()));
                }
            }
        }
    }
    // `the Choson Sinbo` → `Choson Sinbo`; `The Associated Press` keeps
    // its capital `The`, which is part of the name.
    best.map(|(i, len)| {
        let found = &clause[i..i + len];
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
    }
}
