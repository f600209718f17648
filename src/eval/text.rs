//! Code-point offsets: every corpus counts characters, Rust strings count bytes.

/// A text with a code-point → byte table, so gold offsets can be checked and sliced.
pub struct CharIndex<'t> {
    text: &'t str,
    /// Byte offset of each code point, then the text's length.
    bytes: Vec<usize>,
}

impl<'t> CharIndex<'t> {
    pub fn new(text: &'t str) -> Self {
        let mut bytes: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        bytes.push(text.len());
        CharIndex { text, bytes }
    }

    /// Number of code points.
    pub fn len(&self) -> usize {
        self.bytes.len() - 1
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The text between two code-point offsets, if they lie inside it.
    pub fn slice(&self, start: usize, end: usize) -> Option<&'t str> {
        if start > end || end > self.len() {
            return None;
        }
        Some(&self.text[self.bytes[start]..self.bytes[end]])
    }
}

/// How far (in code points) a drifted gold span may lie from its recorded start and still be
/// re-anchored. TR-style corpora drift by a few characters (EUPEG's tweets by one per emoji,
/// counted twice in UTF-16); a window this size cannot jump to an unrelated mention of the same
/// name in most news paragraphs, and the nearest hit wins.
pub const DRIFT_WINDOW: usize = 64;

/// Where a gold span really is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    /// The recorded start holds the surface (ignoring case and mis-decoded UTF-8).
    AsGiven { start: usize, end: usize },
    /// The surface was found near the recorded start (the nearest occurrence).
    Moved { start: usize, end: usize },
    /// Neither: the span cannot be placed in the text.
    NotFound,
}

/// Checks a gold span against its surface and, when it drifted, looks for the surface within
/// [`DRIFT_WINDOW`] code points of the recorded start. Offsets may be negative (broken files).
///
/// Annotators' surfaces sometimes differ from the text in case ("Nigeria" for "#nigeria") or
/// were decoded as Latin-1 once or twice too often ("BÃ¡rÃ°arbunga"); both still match, and the
/// span then takes the length of the spelling that matched, since the recorded end may count
/// the garbled form.
pub fn anchor(index: &CharIndex, start: i64, end: i64, surface: &str) -> Anchor {
    if surface.is_empty() {
        return Anchor::NotFound;
    }
    let spellings = spellings(surface);
    if start >= 0 && end >= start {
        let s = start as usize;
        if index.slice(s, end as usize) == Some(surface) {
            return Anchor::AsGiven {
                start: s,
                end: end as usize,
            };
        }
        for spelling in &spellings {
            let e = s + spelling.chars().count();
            if index.slice(s, e).is_some_and(|t| same_text(t, spelling)) {
                return Anchor::AsGiven { start: s, end: e };
            }
        }
    }
    spellings
        .iter()
        .filter_map(|spelling| nearest_occurrence(index, start, spelling))
        .min_by_key(|&(s, _)| (s as i64 - start).abs())
        .map(|(start, end)| Anchor::Moved { start, end })
        .unwrap_or(Anchor::NotFound)
}

/// The surface, and its repairs when it looks like UTF-8 read as Latin-1 (once or twice).
fn spellings(surface: &str) -> Vec<String> {
    let mut out = vec![surface.to_string()];
    while let Some(repaired) = undo_latin1_misreading(out.last().expect("starts non-empty")) {
        if out.len() > 3 || out.contains(&repaired) {
            break;
        }
        out.push(repaired);
    }
    out
}

/// "BÃ¡rÃ°arbunga" → "Bárðarbunga": reinterpret code points below 256 as bytes and decode UTF-8.
fn undo_latin1_misreading(s: &str) -> Option<String> {
    if s.is_ascii() || s.chars().any(|c| c as u32 > 0xFF) {
        return None;
    }
    let bytes: Vec<u8> = s.chars().map(|c| c as u8).collect();
    String::from_utf8(bytes).ok()
}

/// Equal, or equal once lower-cased.
fn same_text(a: &str, b: &str) -> bool {
    a == b
        || a.chars()
            .flat_map(char::to_lowercase)
            .eq(b.chars().flat_map(char::to_lowercase))
}

fn nearest_occurrence(index: &CharIndex, around: i64, spelling: &str) -> Option<(usize, usize)> {
    let window = DRIFT_WINDOW as i64;
    let length = spelling.chars().count();
    let lo = (around - window).max(0);
    let hi = (around + window).min(index.len() as i64 - length as i64);
    (lo..=hi)
        .map(|s| s as usize)
        .filter(|&s| index.slice(s, s + length).is_some_and(|t| same_text(t, spelling)))
        .min_by_key(|&s| ((s as i64 - around).abs(), s))
        .map(|s| (s, s + length))
}

/// A one-line excerpt around a span, the span in square brackets, for error listings.
pub fn context_window(text: &str, start: usize, end: usize, radius: usize) -> String {
    let index = CharIndex::new(text);
    let end = end.min(index.len());
    let start = start.min(end);
    let left_from = start.saturating_sub(radius);
    let right_to = (end + radius).min(index.len());
    let piece = |s, e| index.slice(s, e).unwrap_or("");
    let ellipsis_left = if left_from > 0 { "…" } else { "" };
    let ellipsis_right = if right_to < index.len() { "…" } else { "" };
    let line = format!(
        "{ellipsis_left}{}[{}]{}{ellipsis_right}",
        piece(left_from, start),
        piece(start, end),
        piece(end, right_to)
    );
    one_line(&line)
}

/// Collapses runs of whitespace (newlines included) to single spaces.
pub fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slices_by_code_point() {
        let index = CharIndex::new("Zürich, Genève");
        assert_eq!(index.slice(8, 14), Some("Genève"));
        assert_eq!(index.slice(8, 15), None);
    }

    #[test]
    fn anchors_exact_drifted_and_missing_spans() {
        let text = "From Genève to Genève via Bern.";
        let index = CharIndex::new(text);
        assert_eq!(anchor(&index, 5, 11, "Genève"), Anchor::AsGiven { start: 5, end: 11 });
        // Recorded three characters late: the nearer occurrence wins.
        assert_eq!(anchor(&index, 8, 14, "Genève"), Anchor::Moved { start: 5, end: 11 });
        assert_eq!(anchor(&index, 14, 20, "Genève"), Anchor::Moved { start: 15, end: 21 });
        assert_eq!(anchor(&index, -139, -131, "Paris"), Anchor::NotFound);
        assert_eq!(anchor(&index, 0, 4, ""), Anchor::NotFound);
    }

    #[test]
    fn anchors_despite_case_and_misdecoded_utf8() {
        let index = CharIndex::new("Rain #nigeria in #Bárðarbunga");
        assert_eq!(anchor(&index, 6, 13, "Nigeria"), Anchor::AsGiven { start: 6, end: 13 });
        // Garbled twice over, and the recorded end counts the garbled length (13, not 11).
        assert_eq!(
            anchor(&index, 18, 31, "BÃ¡rÃ°arbunga"),
            Anchor::AsGiven { start: 18, end: 29 }
        );
        assert_eq!(spellings("PraÃ\u{83}Â§a").last().unwrap(), "Praça");
        // Found two characters early, lower-case in the text.
        assert_eq!(anchor(&index, 8, 15, "NIGERIA"), Anchor::Moved { start: 6, end: 13 });
    }

    #[test]
    fn context_marks_the_span() {
        let text = "We drove from\nAleppo to Homs yesterday.";
        // Six characters each side; the newline becomes a space.
        assert_eq!(context_window(text, 14, 20, 6), "… from [Aleppo] to Ho…");
    }
}
