//! Sentences as the layers quote them. A sentence is quoted whole unless it is very long — a
//! text without sentence punctuation (a table, a transcript, a scraped page) is one
//! "sentence" — and then only a window of context around the name, cut at spaces and marked
//! with "…". Otherwise a layer would grow with the square of such a text's length (every
//! mention repeating the whole text), and a QGIS pop-up could not show it anyway.

use rustc_hash::FxHashMap as HashMap;
use std::borrow::Cow;

use crate::cite::Mention;

/// Sentences up to this many bytes are quoted whole.
pub const MAX_SENTENCE_BYTES: usize = 1000;
/// Characters of context kept on each side of the name in a longer sentence.
pub const CONTEXT_CHARS: usize = 200;
const ELLIPSIS: &str = "…";

/// The sentence to quote for each mention, in order.
pub fn mention_sentences(mentions: &[Mention]) -> Vec<Cow<'_, str>> {
    // Code-point offsets of each long sentence, by its start: built once per sentence, so
    // many mentions in one long sentence cost linear, not quadratic, time.
    let mut offsets: HashMap<usize, Vec<usize>> = HashMap::default();
    mentions
        .iter()
        .map(|m| {
            if m.sentence.len() <= MAX_SENTENCE_BYTES {
                return Cow::Borrowed(&*m.sentence);
            }
            let bytes = offsets
                .entry(m.sentence_start)
                .or_insert_with(|| byte_offsets(&m.sentence));
            let byte_at = |char_offset: usize| {
                char_offset
                    .checked_sub(m.sentence_start)
                    .and_then(|k| bytes.get(k))
                    .copied()
            };
            match (byte_at(m.char_start), byte_at(m.char_end)) {
                (Some(start), Some(end)) if start <= end => Cow::Owned(window(&m.sentence, start, end)),
                // Offsets that do not fall in the sentence: quote around the name's first use.
                _ => excerpt_around(&m.sentence, &m.surface),
            }
        })
        .collect()
}

/// Where the mention's name lies in its quoted sentence, in code points (end exclusive): from
/// its offsets when the sentence is quoted whole, else where the name first occurs in the
/// window. `None` when the offsets do not fit (the map page then highlights nothing).
pub fn span_in_quote(m: &Mention, quoted: &str) -> Option<(usize, usize)> {
    if quoted == &*m.sentence {
        let start = m.char_start.checked_sub(m.sentence_start)?;
        let end = m.char_end.checked_sub(m.sentence_start)?;
        return (start <= end && end <= quoted.chars().count()).then_some((start, end));
    }
    let byte = quoted.find(m.surface.as_str())?;
    let start = quoted[..byte].chars().count();
    Some((start, start + m.surface.chars().count()))
}

/// The sentence, or a window around the first occurrence of `name` in it.
pub fn excerpt_around<'s>(sentence: &'s str, name: &str) -> Cow<'s, str> {
    if sentence.len() <= MAX_SENTENCE_BYTES {
        return Cow::Borrowed(sentence);
    }
    let start = sentence.find(name).unwrap_or(0);
    let end = if name.is_empty() || start + name.len() > sentence.len() {
        start
    } else {
        start + name.len()
    };
    Cow::Owned(window(sentence, start, end))
}

/// The byte offset of every code point, and of the end.
fn byte_offsets(text: &str) -> Vec<usize> {
    text.char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(text.len()))
        .collect()
}

/// `sentence[start..end]` with up to [`CONTEXT_CHARS`] on each side, cut after a space.
fn window(sentence: &str, start: usize, end: usize) -> String {
    let mut from = sentence[..start]
        .char_indices()
        .rev()
        .nth(CONTEXT_CHARS - 1)
        .map_or(0, |(b, _)| b);
    let mut to = sentence[end..]
        .char_indices()
        .nth(CONTEXT_CHARS)
        .map_or(sentence.len(), |(b, _)| end + b);
    if from > 0
        && let Some((k, c)) = sentence[from..start].char_indices().find(|(_, c)| c.is_whitespace())
    {
        from += k + c.len_utf8();
    }
    if to < sentence.len()
        && let Some((k, _)) = sentence[end..to].char_indices().rev().find(|(_, c)| c.is_whitespace())
    {
        to = end + k;
    }
    let mut quoted = String::with_capacity(to - from + 2 * ELLIPSIS.len());
    if from > 0 {
        quoted.push_str(ELLIPSIS);
    }
    quoted.push_str(&sentence[from..to]);
    if to < sentence.len() {
        quoted.push_str(ELLIPSIS);
    }
    quoted
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_sentences_are_quoted_whole() {
        assert!(matches!(
            excerpt_around("Shelling in Homs.", "Homs"),
            Cow::Borrowed("Shelling in Homs.")
        ));
    }

    #[test]
    fn a_long_sentence_is_cut_around_the_name_at_spaces() {
        let sentence = format!("{}in Ḥomṣ and {}", "word ".repeat(400), "more ".repeat(400));
        let quoted = excerpt_around(&sentence, "Ḥomṣ");
        assert!(quoted.starts_with("…word ") && quoted.ends_with(" more…"), "{quoted}");
        assert!(quoted.contains("in Ḥomṣ and"));
        assert!(quoted.chars().count() <= 2 * CONTEXT_CHARS + 4 + 2);
    }

    #[test]
    fn the_window_is_around_the_mention_not_the_first_occurrence() {
        let sentence = format!("Aleppo {}Aleppo (here) {}", "x ".repeat(600), "y ".repeat(600));
        let start = sentence.rfind("Aleppo").unwrap();
        let quoted = window(&sentence, start, start + "Aleppo".len());
        assert!(quoted.contains("Aleppo (here)"), "{quoted}");
        assert!(!quoted.starts_with("Aleppo"));
    }
}
