//! Sentence boundaries: what a citation quotes, and what makes a capital letter uninformative.

use super::tokenize::Token;

/// A sentence: its text range (leading and trailing whitespace excluded) and its tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    pub byte_start: usize,
    pub byte_end: usize,
    pub char_start: usize,
    pub char_end: usize,
    /// Index of its first token and one past its last.
    pub tokens: (usize, usize),
}

impl Sentence {
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        &text[self.byte_start..self.byte_end]
    }
}

/// Words that end with an abbreviating dot rather than a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "st", "sr", "jr", "gen", "sen", "rep", "gov", "lt", "col", "sgt", "capt", "maj", "adm",
    "cmdr", "prof", "rev", "hon", "mt", "ft", "no", "vol", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "inc", "corp", "ltd", "co", "vs", "etc", "approx", "dept", "est", "fig", "pres",
    "calif", "fla", "ga", "ill", "mass", "mich", "minn", "penn", "tenn", "tex", "va", "wash", "wis", "ariz", "ark",
    "colo", "conn", "del", "ind", "kan", "ky", "la", "md", "miss", "mo", "mont", "neb", "nev", "okla", "ore", "pa",
    "vt", "wyo", "ala", "ave", "blvd", "rd",
];

/// The longest of [`ABBREVIATIONS`], in bytes.
const LONGEST_ABBREVIATION: usize = 6;

fn is_abbreviation(word: &str) -> bool {
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    // A word longer than every abbreviation is none of them: the list is not read.
    letters == 1 || (word.len() <= LONGEST_ABBREVIATION && ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word)))
}

/// True when the text between two tokens ends a sentence.
fn ends_sentence(text: &str, before: &Token, after: &Token) -> bool {
    // Searched as bytes: the characters sought are ASCII, which no other character's UTF-8
    // contains, so the positions are the same.
    let gap = &text.as_bytes()[before.byte_end..after.byte_start];
    // Most words are a space apart: no need to search that for a break.
    if gap.iter().all(|&b| b == b' ') {
        return false;
    }
    // Gaps are a few bytes: a plain search beats calling memchr.
    if gap.contains(&b'\n') {
        return true;
    }
    let Some(pos) = gap.iter().position(|b| matches!(b, b'.' | b'!' | b'?')) else {
        return false;
    };
    let between = &text[before.byte_end..after.byte_start];
    let rest = &between[pos + 1..];
    if !rest.chars().any(char::is_whitespace) {
        return false;
    }
    let opens_quote = rest.contains(['"', '“', '‘', '(', '[']);
    if !(after.shape.capitalised || after.shape.numeric || opens_quote) {
        return false;
    }
    let is_dot = between[pos..].starts_with('.');
    !(is_dot && pos == 0 && is_abbreviation(before.text(text)))
}

/// Splits `text` into sentences. Every token belongs to exactly one sentence.
pub fn split_sentences(text: &str, tokens: &[Token]) -> Vec<Sentence> {
    split_sentences_from(text, tokens, 0)
}

/// As [`split_sentences`], with a sentence always starting at byte `body_start` (where an
/// article's metadata ends and its body begins).
pub fn split_sentences_from(text: &str, tokens: &[Token], body_start: usize) -> Vec<Sentence> {
    let mut sentences = Vec::new();
    if tokens.is_empty() {
        return sentences;
    }
    let mut first = 0;
    let mut region_start = 0;
    for i in 0..tokens.len() {
        let last = i + 1 == tokens.len();
        let body_begins = !last && tokens[i].byte_end <= body_start && tokens[i + 1].byte_start >= body_start;
        if last || body_begins || ends_sentence(text, &tokens[i], &tokens[i + 1]) {
            let region_end = if last {
                text.len()
            } else {
                sentence_end(text, &tokens[i], &tokens[i + 1])
            };
            sentences.push(make_sentence(text, region_start, region_end, &tokens[first..=i], first));
            first = i + 1;
            region_start = region_end;
        }
    }
    sentences
}

/// Where a sentence ends: after its terminal punctuation and closing quotes, before the
/// whitespace that separates it from the next.
fn sentence_end(text: &str, before: &Token, after: &Token) -> usize {
    let between = &text[before.byte_end..after.byte_start];
    let cut = between.find(char::is_whitespace).unwrap_or(between.len());
    before.byte_end + cut
}

/// The sentence of `tokens` (numbered from `first`) in the text between `start` and `end`.
fn make_sentence(text: &str, start: usize, end: usize, tokens: &[Token], first: usize) -> Sentence {
    let (first_token, last_token) = (&tokens[0], &tokens[tokens.len() - 1]);
    let region = &text[start..end];
    let lead = region.len() - region.trim_start().len();
    let trail = region.len() - region.trim_end().len();
    let byte_start = (start + lead).min(first_token.byte_start);
    let byte_end = end - trail;
    // Count code points only beyond the first and last tokens, whose offsets are known.
    let char_start = first_token.char_start - text[byte_start..first_token.byte_start].chars().count();
    let char_end = last_token.char_end + text[last_token.byte_end..byte_end].chars().count();
    Sentence {
        byte_start,
        byte_end,
        char_start,
        char_end,
        tokens: (first, first + tokens.len()),
    }
}

#[cfg(test)]
mod tests {
    use super::super::tokenize::tokenize;
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        let tokens = tokenize(text);
        split_sentences(text, &tokens).iter().map(|s| s.text(text)).collect()
    }

    #[test]
    fn splits_on_terminal_punctuation_and_lines() {
        assert_eq!(
            sentences("Russia struck Palmyra. The US said so!\n“It is over,” he said. Then: nothing."),
            [
                "Russia struck Palmyra.",
                "The US said so!",
                "“It is over,” he said.",
                "Then: nothing."
            ]
        );
    }

    #[test]
    fn no_abbreviation_is_longer_than_the_longest() {
        let longest = ABBREVIATIONS.iter().map(|a| a.len()).max();
        assert_eq!(longest, Some(LONGEST_ABBREVIATION));
    }

    #[test]
    fn abbreviations_do_not_end_sentences() {
        assert_eq!(
            sentences("Mr. Smith went to St. Louis, Mo. on Monday. U.S. officials agreed."),
            ["Mr. Smith went to St. Louis, Mo. on Monday.", "U.S. officials agreed."]
        );
    }

    #[test]
    fn the_body_starts_a_sentence() {
        let text = " date 2016-12-28 Russia struck Palmyra.";
        let tokens = tokenize(text);
        let found: Vec<&str> = split_sentences_from(text, &tokens, 17)
            .iter()
            .map(|s| s.text(text))
            .collect();
        assert_eq!(found, ["date 2016-12-28", "Russia struck Palmyra."]);
    }

    #[test]
    fn char_offsets_match_the_text() {
        let text = "“Déjà vu.” Ḩalab fell. ";
        let tokens = tokenize(text);
        let chars: Vec<char> = text.chars().collect();
        for s in split_sentences(text, &tokens) {
            let by_chars: String = chars[s.char_start..s.char_end].iter().collect();
            assert_eq!(by_chars, s.text(text));
        }
    }
}
