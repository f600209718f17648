//! Name folding: the one normal form in which gazetteer names and article text meet.
//!
//! This file is also compiled into `build.rs` (which builds the name index), so it may only
//! depend on `std` and `unicode-normalization`.
//!
//! `fold` lowercases, strips diacritics, deletes apostrophes (and a possessive `'s`), and turns
//! every other run of non-alphanumeric characters (hyphens, dots, commas, spaces) into a single
//! space. `translit_key` goes further for Arabic-derived names, erasing the spelling choices
//! that vary between transliteration schemes.

use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// Apostrophes and ayin/hamza marks, which vanish when folded ("D'Aunoy" = "DAunoy").
pub fn is_apostrophe(c: char) -> bool {
    matches!(
        c,
        '\'' | '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{02BB}' | '\u{02BF}' | '\u{02BE}' | '`' | '\u{00B4}'
    )
}

/// Characters that join or decorate letters without separating words.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
    )
}

/// Folds a name or a piece of text to its matching form.
///
/// ```
/// use geocite::gazetteer::fold::fold;
/// assert_eq!(fold("Deir el-Zour's"), "deir el zour");
/// assert_eq!(fold("Al Lādhiqīyah"), "al ladhiqiyah");
/// assert_eq!(fold("U.S."), "u s");
/// assert_eq!(fold("D’Aunoy"), "daunoy");
/// ```
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(s, &mut out);
    out
}

/// Appends the folded form of `s` to `out`, separated from earlier content by one space.
pub fn fold_into(s: &str, out: &mut String) {
    // Most words of English text: ASCII letters and digits only, lower-cased as they are.
    if !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric()) {
        fold_plain_into(s, out);
        return;
    }
    let mut need_space = !out.is_empty() && !out.ends_with(' ');
    let mut chars = s.chars().peekable();
    let mut in_word = false;
    while let Some(c) = chars.next() {
        // Most of any English text: the checks below are all false for these.
        if c.is_ascii_alphanumeric() {
            if need_space {
                out.push(' ');
                need_space = false;
            }
            out.push(c.to_ascii_lowercase());
            in_word = true;
            continue;
        }
        if is_combining_mark(c) || is_invisible(c) {
            continue;
        }
        if is_apostrophe(c) {
            // Possessive: an apostrophe, then s, then the end of the word.
            let mut ahead = chars.clone();
            if in_word && matches!(ahead.next(), Some('s' | 'S')) && ahead.next().is_none_or(|n| !n.is_alphanumeric()) {
                chars.next();
            }
            continue;
        }
        if c.is_ascii() {
            // Letters and digits were taken above: this is punctuation or space.
            need_space |= in_word || !out.is_empty();
            in_word = false;
            continue;
        }
        let before = out.len();
        push_folded_char(c, out, &mut need_space);
        in_word = out.len() > before;
        if !in_word {
            need_space |= !out.is_empty();
        }
    }
}

/// [`fold_into`] for a word already known to be ASCII letters and digits only (as a
/// tokeniser knows), which folds by lower-casing alone.
pub fn fold_plain_into(word: &str, out: &mut String) {
    debug_assert!(word.bytes().all(|b| b.is_ascii_alphanumeric()));
    if !out.is_empty() && !out.ends_with(' ') {
        out.push(' ');
    }
    push_lowercase(word, out);
}

/// Appends an ASCII word lower-cased, with no separator: its folded form, for a word of ASCII
/// letters and digits only.
pub fn push_lowercase(word: &str, out: &mut String) {
    let start = out.len();
    out.push_str(word);
    out[start..].make_ascii_lowercase();
}

fn push_folded_char(c: char, out: &mut String, need_space: &mut bool) {
    let special = match c {
        'ß' => Some("ss"),
        'æ' | 'Æ' => Some("ae"),
        'œ' | 'Œ' => Some("oe"),
        'ø' | 'Ø' => Some("o"),
        'đ' | 'Đ' | 'ð' | 'Ð' => Some("d"),
        'þ' | 'Þ' => Some("th"),
        'ł' | 'Ł' => Some("l"),
        'ı' => Some("i"),
        'ħ' | 'Ħ' => Some("h"),
        'ŧ' | 'Ŧ' => Some("t"),
        'ŋ' | 'Ŋ' => Some("n"),
        'ſ' => Some("s"),
        'ə' | 'Ə' | 'ɛ' | 'Ɛ' => Some("e"),
        'ɔ' | 'Ɔ' => Some("o"),
        _ => None,
    };
    if let Some(rep) = special {
        if *need_space {
            out.push(' ');
            *need_space = false;
        }
        out.push_str(rep);
        return;
    }
    let mut pushed_any = false;
    decompose_canonical(c, |d| {
        if is_combining_mark(d) {
            return;
        }
        if d.is_alphanumeric() {
            if *need_space {
                out.push(' ');
                *need_space = false;
            }
            out.extend(d.to_lowercase());
            pushed_any = true;
        }
    });
    let _ = pushed_any;
}

/// True when a folded name uses only ASCII letters, digits and spaces: the names an English
/// text can spell. Alternate names in other scripts are not worth indexing for English news.
pub fn is_latin_folded(folded: &str) -> bool {
    !folded.is_empty() && folded.bytes().all(|b| b.is_ascii_alphanumeric() || b == b' ')
}

/// The definite article as it is written in transliterated Arabic names, assimilated or not.
const ARABIC_ARTICLES: &[&str] = &[
    "al", "el", "il", "ul", "ar", "er", "as", "es", "ash", "esh", "az", "ez", "ad", "ed", "adh", "an", "en", "at",
    "et", "ath", "ech", "ed",
];

/// A second-chance matching key for transliterated names: articles dropped, vowel spellings
/// merged, doubled letters single, q written k, and word breaks removed.
///
/// ```
/// use geocite::gazetteer::fold::{fold, translit_key};
/// let key = |s: &str| translit_key(&fold(s));
/// assert_eq!(key("Deir el-Zour"), key("Dayr az Zawr"));
/// assert_eq!(key("Deir Ezzor"), key("Deir ez-Zor"));
/// assert_eq!(key("Ar-Raqqah"), key("Rakka"));
/// assert_eq!(key("al-Mayadeen"), key("Mayadin"));
/// assert_ne!(key("Aleppo"), key("Latakia"));
/// ```
pub fn translit_key(folded: &str) -> String {
    let words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
    let mut joined = String::with_capacity(folded.len());
    for (i, word) in words.iter().enumerate() {
        let is_last = i + 1 == words.len();
        if !is_last && ARABIC_ARTICLES.contains(word) {
            continue;
        }
        joined.push_str(strip_assimilated_article(word));
    }
    skeleton(&joined)
}

/// "ezzor" is "ez-Zor" written solid: a vowel, a consonant, the same consonant again.
fn strip_assimilated_article(word: &str) -> &str {
    let b = word.as_bytes();
    if b.len() > 4 && matches!(b[0], b'a' | b'e') && b[1] == b[2] && !is_vowel(b[1]) {
        let rest = &word[2..];
        if rest.len() >= 3 {
            return rest;
        }
    }
    word
}

fn is_vowel(b: u8) -> bool {
    matches!(b, b'a' | b'e' | b'i' | b'o' | b'u' | b'y')
}

fn skeleton(word: &str) -> String {
    let b: Vec<u8> = word
        .replace("ck", "k")
        .replace("ph", "f")
        .bytes()
        .map(|c| if c == b'q' { b'k' } else { c })
        .collect();
    let mut out: Vec<u8> = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        // 'y' opens a word as a consonant ("Yemen"); elsewhere it spells a vowel.
        let vowel_here = is_vowel(c) && !(c == b'y' && i == 0);
        if vowel_here {
            let mut j = i + 1;
            while j < b.len() {
                let w_as_vowel = b[j] == b'w' && b.get(j + 1).is_none_or(|&n| !is_vowel(n));
                if is_vowel(b[j]) || w_as_vowel {
                    j += 1;
                } else {
                    break;
                }
            }
            // A final 'h' after a vowel is silent spelling ("Raqqah" = "Raqqa").
            if j + 1 == b.len() && b[j] == b'h' {
                j += 1;
            }
            out.push(b'a');
            i = j;
            continue;
        }
        if out.last() != Some(&c) {
            out.push(c);
        }
        i += 1;
    }
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_diacritics_and_punctuation() {
        assert_eq!(fold("São Paulo"), "sao paulo");
        assert_eq!(fold("Winston-Salem"), "winston salem");
        assert_eq!(fold("  St. Louis , MO "), "st louis mo");
        assert_eq!(fold("Ḩalab"), "halab");
        assert_eq!(fold("Köln"), "koln");
        assert_eq!(fold("Łódź"), "lodz");
        assert_eq!(fold("Straße"), "strasse");
    }

    #[test]
    fn folds_apostrophes_and_possessives() {
        assert_eq!(fold("Syria's"), "syria");
        assert_eq!(fold("Syria’s"), "syria");
        assert_eq!(fold("Deir al-Zour’s"), "deir al zour");
        assert_eq!(fold("O'Fallon"), "ofallon");
        assert_eq!(fold("Dar`a"), "dara");
        // Not a possessive: the s continues the word.
        assert_eq!(fold("Ma'soum"), "masoum");
    }

    #[test]
    fn fold_into_separates_pieces_with_one_space() {
        let mut s = String::from("deir");
        fold_into("-el-", &mut s);
        fold_into("Zour", &mut s);
        assert_eq!(s, "deir el zour");
    }

    #[test]
    fn latin_filter_rejects_other_scripts() {
        assert!(is_latin_folded("dayr az zawr"));
        assert!(!is_latin_folded(&fold("دير الزور")));
        assert!(!is_latin_folded(""));
    }

    #[test]
    fn translit_key_merges_arabic_spelling_variants() {
        let key = |s: &str| translit_key(&fold(s));
        for variant in [
            "Deir el-Zour",
            "Deir al-Zour",
            "Deir ez-Zor",
            "Dayr az Zawr",
            "Deir Ezzor",
            "Deir-ez-Zor",
            "Der Zor",
        ] {
            assert_eq!(key(variant), key("Deir el-Zor"), "{variant}");
        }
        for variant in ["Raqqa", "Raqqah", "Ar-Raqqah", "Rakka", "al-Raqqa"] {
            assert_eq!(key(variant), key("Raqqa"), "{variant}");
        }
        for variant in ["Latakia", "Lattakia", "Latakiya"] {
            assert_eq!(key(variant), key("Latakia"), "{variant}");
        }
        for variant in ["al-Mayadin", "Mayadin", "Al-Mayadeen", "Al Mayādīn"] {
            assert_eq!(key(variant), key("Mayadin"), "{variant}");
        }
    }

    #[test]
    fn translit_key_keeps_distinct_names_apart() {
        let key = |s: &str| translit_key(&fold(s));
        assert_ne!(key("Homs"), key("Hama"));
        assert_ne!(key("Damascus"), key("Deir ez-Zor"));
        assert_ne!(key("Idlib"), key("Aleppo"));
        assert_ne!(key("Yemen"), key("Amman"));
    }
}
