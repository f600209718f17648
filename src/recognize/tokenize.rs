//! Word tokens with both byte and code-point offsets, so that spans can be reported in the
//! output contract's units (code points) while the text is sliced by bytes.

/// A maximal run of letters and digits; an apostrophe between letters joins ("O'Fallon",
/// "Syria's").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub byte_start: usize,
    pub byte_end: usize,
    pub char_start: usize,
    pub char_end: usize,
    pub shape: Shape,
}

/// How a token is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Shape {
    /// Starts with an upper-case letter.
    pub capitalised: bool,
    /// Has letters, all upper-case ("US", "BEIRUT").
    pub all_upper: bool,
    /// Starts with a digit.
    pub numeric: bool,
    /// Number of letters.
    pub letters: u16,
    /// Only ASCII letters and digits: folds by lower-casing alone.
    pub plain: bool,
    /// Plain and without capitals ("airport", "2014"): the word is its own folded form.
    pub folds_to_itself: bool,
}

impl Token {
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        &text[self.byte_start..self.byte_end]
    }
}

fn is_apostrophe(c: char) -> bool {
    crate::gazetteer::fold::is_apostrophe(c)
}

/// Splits `text` into tokens.
pub fn tokenize(text: &str) -> Vec<Token> {
    let bytes = text.as_bytes();
    let len = text.len();
    let mut tokens = Vec::with_capacity(len / 5);
    let mut at = 0usize;
    let mut char_pos = 0usize;
    while at < len {
        let (c, c_len) = char_at(text, at);
        if !c.is_alphanumeric() {
            at += c_len;
            char_pos += 1;
            continue;
        }
        let (byte_start, char_start) = (at, char_pos);
        let mut shape = Shape {
            capitalised: c.is_uppercase(),
            numeric: c.is_numeric(),
            ..Shape::default()
        };
        let (mut letters, mut upper) = letter_counts(c);
        let mut plain = c.is_ascii();
        at += c_len;
        char_pos += 1;
        while at < len {
            let b = bytes[at];
            // Most bytes of a word: tested first, and alone.
            if b.is_ascii_lowercase() {
                letters += 1;
                at += 1;
                char_pos += 1;
                continue;
            }
            // An apostrophe joins only when a letter follows it.
            let letter_follows = |after: usize| after < len && char_at(text, after).0.is_alphabetic();
            if b.is_ascii() {
                // The ASCII cases of the test below, without decoding or Unicode tables.
                if b.is_ascii_alphanumeric() {
                    letters += u16::from(b.is_ascii_alphabetic());
                    upper += u16::from(b.is_ascii_uppercase());
                } else if is_apostrophe(char::from(b)) && letter_follows(at + 1) {
                    plain = false;
                } else {
                    break;
                }
                at += 1;
                char_pos += 1;
                continue;
            }
            let (n, n_len) = char_at(text, at);
            let joins = n.is_alphanumeric() || is_joiner_mark(n) || (is_apostrophe(n) && letter_follows(at + n_len));
            if !joins {
                break;
            }
            plain = false;
            let (l, u) = letter_counts(n);
            letters += l;
            upper += u;
            at += n_len;
            char_pos += 1;
        }
        shape.letters = letters;
        shape.plain = plain;
        shape.folds_to_itself = plain && upper == 0;
        // "US's" is still all capitals: a possessive 's does not count.
        let word = &text[byte_start..at];
        let possessive = word.len() > 2 && word.ends_with('s') && word[..word.len() - 1].ends_with(is_apostrophe);
        let counted = if possessive { shape.letters - 1 } else { shape.letters };
        shape.all_upper = counted > 0 && upper == counted;
        tokens.push(Token {
            byte_start,
            byte_end: at,
            char_start,
            char_end: char_pos,
            shape,
        });
    }
    tokens
}

/// (letters, upper-case letters) that `c` counts for.
fn letter_counts(c: char) -> (u16, u16) {
    let letter = c.is_alphabetic();
    (u16::from(letter), u16::from(letter && c.is_uppercase()))
}

/// The character at byte `at` (a character boundary) and its length in bytes; ASCII, most of
/// any English text, without decoding.
#[inline]
fn char_at(text: &str, at: usize) -> (char, usize) {
    match text.as_bytes()[at] {
        b if b.is_ascii() => (char::from(b), 1),
        _ => text[at..].chars().next().map_or(('\0', 1), |c| (c, c.len_utf8())),
    }
}

/// Combining marks and zero-width joiners continue a word (none is ASCII).
fn is_joiner_mark(c: char) -> bool {
    unicode_normalization::char::is_combining_mark(c) || matches!(c, '\u{200C}' | '\u{200D}' | '\u{00AD}')
}

/// The text between two tokens, classified for joining names across it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gap {
    /// Spaces (no line break): "New York".
    Space,
    /// A hyphen, possibly with spaces: "Deir el-Zour", "Winston-Salem".
    Hyphen,
    /// An abbreviating dot: "U.S", "St. Louis", "W.Va".
    Dot,
    /// Anything else: commas, brackets, line breaks. Names never cross it.
    Break,
}

pub fn gap(text: &str, before: &Token, after: &Token) -> Gap {
    let between = &text[before.byte_end..after.byte_start];
    if between.bytes().all(|b| b == b' ') {
        return Gap::Space;
    }
    if between.contains('\n') {
        return Gap::Break;
    }
    match between.trim() {
        "" => Gap::Space,
        "-" | "\u{2010}" | "\u{2011}" => Gap::Hyphen,
        "." => Gap::Dot,
        _ => Gap::Break,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        tokenize(text).iter().map(|t| t.text(text)).collect()
    }

    #[test]
    fn splits_on_punctuation_and_joins_apostrophes() {
        assert_eq!(
            words("Deir al-Zour’s airport, O'Fallon."),
            ["Deir", "al", "Zour’s", "airport", "O'Fallon"]
        );
        assert_eq!(words("the Smiths' house"), ["the", "Smiths", "house"]);
        assert_eq!(words("U.S.-led"), ["U", "S", "led"]);
    }

    #[test]
    fn apostrophes_join_before_any_letter_ascii_or_not() {
        assert_eq!(
            words("Ma'arrat al-Nu`man, O'Ávila, l'été, rock' n"),
            ["Ma'arrat", "al", "Nu`man", "O'Ávila", "l'été", "rock", "n"]
        );
        let t = tokenize("ÉVORA Évora Ḩalab's");
        assert!(t[0].shape.all_upper && t[0].shape.capitalised && t[0].shape.letters == 5);
        assert!(t[1].shape.capitalised && !t[1].shape.all_upper);
        assert_eq!(t[2].shape.letters, 6);
    }

    #[test]
    fn plain_words_fold_by_lower_casing_alone() {
        let text = "Deir al-Zour’s AIRPORT, O'Fallon 2014 Ḩalab Syria's e\u{301}te\u{301} x2B";
        let plain: Vec<&str> = tokenize(text)
            .iter()
            .filter(|t| t.shape.plain)
            .map(|t| t.text(text))
            .collect();
        assert_eq!(plain, ["Deir", "al", "AIRPORT", "2014", "x2B"]);
        for t in tokenize(text) {
            let word = t.text(text);
            let mut folded = String::from("before");
            crate::gazetteer::fold::fold_into(word, &mut folded);
            if t.shape.plain {
                assert_eq!(folded, format!("before {}", word.to_ascii_lowercase()));
            }
            if t.shape.folds_to_itself {
                assert_eq!(folded, format!("before {word}"));
            }
        }
    }

    #[test]
    fn offsets_are_code_points() {
        let text = "“Idlib” and Ḩalab";
        let t = tokenize(text);
        assert_eq!((t[0].char_start, t[0].char_end), (1, 6));
        let chars: Vec<char> = text.chars().collect();
        let halab: String = chars[t[2].char_start..t[2].char_end].iter().collect();
        assert_eq!(halab, "Ḩalab");
    }

    #[test]
    fn shapes() {
        let text = "US Beirut BEIRUT iPhone 2014";
        let t = tokenize(text);
        assert!(t[0].shape.all_upper && t[0].shape.capitalised);
        assert!(t[1].shape.capitalised && !t[1].shape.all_upper);
        assert!(t[2].shape.all_upper);
        assert!(!t[3].shape.capitalised);
        assert!(t[4].shape.numeric && t[4].shape.letters == 0);
    }

    #[test]
    fn gaps() {
        let text = "Deir el-Zour, St. Louis\nParis";
        let t = tokenize(text);
        assert_eq!(gap(text, &t[0], &t[1]), Gap::Space);
        assert_eq!(gap(text, &t[1], &t[2]), Gap::Hyphen);
        assert_eq!(gap(text, &t[2], &t[3]), Gap::Break);
        assert_eq!(gap(text, &t[3], &t[4]), Gap::Dot);
        assert_eq!(gap(text, &t[4], &t[5]), Gap::Break);
    }
}
