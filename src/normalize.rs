//! Comparison keys for claims and speakers. Pure functions; every key is
//! idempotent (`key(key(x)) == key(x)`) and the raw text is never altered.

use unicode_normalization::UnicodeNormalization;

/// The comparison key of a speaker's name: NFKC, lowercase, hyphens and
/// dashes read as spaces, dots and apostrophes dropped, white space folded.
///
/// `Kim Jong-un`, `Kim Jong Un` and `KIM Jong Un` all give `kim jong un`.
pub fn speaker_key(name: &str) -> String {
    let folded: String = name
        .nfkc()
        .flat_map(char::to_lowercase)
        .map(|c| if is_dash(c) || c == '_' { ' ' } else { c })
        .filter(|&c| c != '.' && c != '\'' && c != '\u{2019}')
        .collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Hyphens and dashes of every width.
pub fn is_dash(c: char) -> bool {
    matches!(c, '-' | '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speaker_key_folds_romanization_variants() {
        assert_eq!(speaker_key("Kim Jong-un"), "kim jong un");
        assert_eq!(speaker_key("KIM Jong Un"), "kim jong un");
        assert_eq!(speaker_key("Choe Son-hui"), speaker_key("Choe  Son Hui"));
    }

    #[test]
    fn speaker_key_keeps_different_people_apart() {
        assert_ne!(speaker_key("Kim Song"), speaker_key("Kim Yo-jong"));
    }

    #[test]
    fn speaker_key_is_idempotent() {
        for s in ["Kim Jong-un", "Benjamin J. Rhodes", "O\u{2019}Rourke"] {
            assert_eq!(speaker_key(&speaker_key(s)), speaker_key(s));
        }
    }
}
