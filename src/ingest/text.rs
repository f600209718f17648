//! Plain-text and Markdown articles: one per file, metadata at the top.
//!
//! Metadata comes from a front-matter block (`---`, `title:`/`date:`/`url:`/`source:`/`id:`
//! lines, `---`) or a leading `date YYYY-MM-DD` token; both are skipped by `body_offset`.
//! Without a title, a first line that stands alone (a blank line after it) and reads like a
//! headline is the title; it stays in the body, as its place names are real mentions.

use std::fs::File;
use std::path::Path;

use super::date::{EXPECTED, parse_date};
use super::decode::{Decoded, decode_text};
use super::record::clean;
use super::{Article, Event, Notice, io_reason, read_all};

/// A front-matter block longer than this is no front matter, but a text that opens with a rule.
const MAX_FRONT_MATTER_LINES: usize = 100;
const MAX_HEADLINE_CHARS: usize = 200;
const MAX_HEADLINE_WORDS: usize = 30;

/// Reads one article file; the events are its warnings, then the article (if any).
pub fn read_text_file(file: File, path: &Path) -> Vec<Event> {
    let origin = path.display().to_string();
    let bytes = match read_all(file) {
        Ok(bytes) => bytes,
        Err(err) => {
            return vec![Event::Unreadable(Notice::new(
                origin,
                format!("cannot read: {}", io_reason(&err)),
            ))];
        }
    };
    let (text, repair) = match decode_text(bytes) {
        Decoded::Text { text, repair } => (text, repair),
        Decoded::Empty => return vec![Event::Warning(Notice::new(origin, "empty file; skipped"))],
        Decoded::Binary => return vec![Event::Warning(Notice::new(origin, "binary file; skipped"))],
    };
    let mut events = Vec::new();
    if let Some(repair) = repair {
        events.push(Event::Warning(Notice::new(origin.clone(), repair)));
    }
    let id = path
        .file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_else(|| origin.clone());
    let (article, warnings) = parse_text_article(id, text, origin);
    events.extend(warnings.into_iter().map(Event::Warning));
    events.push(Event::Article(article));
    events
}

/// Builds an article from a file's text, reading its metadata. `text` is kept whole.
pub fn parse_text_article(id: String, text: String, origin: String) -> (Article, Vec<Notice>) {
    let meta = front_matter(&text).or_else(|| date_token(&text)).unwrap_or_default();
    let mut warnings = Vec::new();
    let date = meta.date.as_deref().and_then(|value| {
        let date = parse_date(value);
        if date.is_none() {
            let message = format!("cannot read date {value:?} ({EXPECTED}); pub_date left empty");
            warnings.push(Notice::new(origin.clone(), message));
        }
        date
    });
    let title = clean(meta.title).or_else(|| headline(&text[meta.body_offset..]));
    let article = Article {
        id: clean(meta.id).unwrap_or(id),
        title,
        date,
        url: clean(meta.url),
        source: clean(meta.source),
        body_offset: meta.body_offset,
        text,
        origin,
    };
    (article, warnings)
}

/// Metadata found at the top of a text file, and where the body starts.
#[derive(Debug, Default, PartialEq)]
struct Meta {
    id: Option<String>,
    title: Option<String>,
    date: Option<String>,
    url: Option<String>,
    source: Option<String>,
    body_offset: usize,
}

/// `(line without its line break, byte offset of the next line)` for each line.
fn lines_with_ends(text: &str) -> impl Iterator<Item = (&str, usize)> {
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= text.len() {
            return None;
        }
        let end = text[start..].find('\n').map_or(text.len(), |k| start + k + 1);
        let line = text[start..end].trim_end_matches(['\n', '\r']);
        start = end;
        Some((line, end))
    })
}

/// A YAML-style block between `---` lines at the very start of the file. Only flat
/// `key: value` lines are read; lists and nested keys are skipped.
fn front_matter(text: &str) -> Option<Meta> {
    let mut lines = lines_with_ends(text);
    let (first, _) = lines.next()?;
    if first.trim_end() != "---" {
        return None;
    }
    let mut meta = Meta::default();
    for (line, next) in lines.take(MAX_FRONT_MATTER_LINES) {
        let trimmed = line.trim();
        if trimmed == "---" || trimmed == "..." {
            meta.body_offset = skip_blank_lines(text, next);
            return Some(meta);
        }
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let value = Some(unquote(value.trim()).to_string());
        match key.trim().to_ascii_lowercase().as_str() {
            "id" => meta.id = value,
            "title" => meta.title = value,
            "date" => meta.date = value,
            "url" => meta.url = value,
            "source" => meta.source = value,
            _ => {}
        }
    }
    None
}

fn unquote(value: &str) -> &str {
    for quote in ['"', '\''] {
        if value.len() >= 2 && value.starts_with(quote) && value.ends_with(quote) {
            return &value[1..value.len() - 1];
        }
    }
    value
}

fn skip_blank_lines(text: &str, mut offset: usize) -> usize {
    for (line, next) in lines_with_ends(&text[offset..]) {
        if !line.trim().is_empty() {
            break;
        }
        offset += next;
    }
    offset
}

/// A leading `date 2016-12-28` (or `Date: 2016-12-28T10:00Z`) token, as scraped corpora write
/// it. The value must look like a date (four digits, a dash) to count, so that a text opening
/// with the word "date" is left alone.
fn date_token(text: &str) -> Option<Meta> {
    let start = text.len() - text.trim_start().len();
    let rest = &text[start..];
    if !rest.get(..4)?.eq_ignore_ascii_case("date") {
        return None;
    }
    let after_keyword = rest[4..].strip_prefix(':').unwrap_or(&rest[4..]);
    let value_part = after_keyword.trim_start_matches([' ', '\t']);
    if value_part.len() == after_keyword.len() {
        return None;
    }
    let value_len = value_part.find(char::is_whitespace).unwrap_or(value_part.len());
    let value = &value_part[..value_len];
    let bytes = value.as_bytes();
    if bytes.len() < 5 || !bytes[..4].iter().all(u8::is_ascii_digit) || bytes[4] != b'-' {
        return None;
    }
    let value_end = text.len() - value_part.len() + value_len;
    let body_offset = text.len() - text[value_end..].trim_start().len();
    Some(Meta {
        date: Some(value.to_string()),
        body_offset,
        ..Meta::default()
    })
}

/// The first line, when it stands alone and reads like a headline: short, with a blank line
/// after it, no sentence ending inside it and no full stop at its end. A Markdown `#` heading
/// marker is dropped from the title (not from the text).
fn headline(body: &str) -> Option<String> {
    let mut lines = lines_with_ends(body).skip_while(|(line, _)| line.trim().is_empty());
    let (first, _) = lines.next()?;
    let (second, _) = lines.next()?;
    if !second.trim().is_empty() {
        return None;
    }
    let title = first.trim().trim_start_matches('#').trim();
    let reads_like_headline = !title.is_empty()
        && title.chars().count() <= MAX_HEADLINE_CHARS
        && title.split_whitespace().count() <= MAX_HEADLINE_WORDS
        && !title.ends_with(['.', ',', ';', ':'])
        && !has_sentence_break(title);
    reads_like_headline.then(|| title.to_string())
}

/// A full stop after a lower-case word of three letters or more, then a space and a capital or
/// an opening bracket: "Palmyra. (AP". Abbreviations ("U.S. Strikes", "Mr. Putin") do not count.
fn has_sentence_break(line: &str) -> bool {
    let chars: Vec<char> = line.chars().collect();
    (1..chars.len().saturating_sub(2)).any(|k| {
        let next = chars[k + 2];
        chars[k] == '.'
            && chars[k + 1] == ' '
            && (next.is_uppercase() || matches!(next, '(' | '"' | '“' | '\''))
            && chars[..k].iter().rev().take_while(|c| c.is_lowercase()).count() >= 3
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(text: &str) -> (Article, Vec<Notice>) {
        parse_text_article("stem".into(), text.into(), "a.txt".into())
    }

    #[test]
    fn a_leading_date_token_is_metadata() {
        let text = " date 2016-12-28 Russia has made clear. (AP File Photo) Russia again.\n\nBody.";
        let (a, warnings) = article(text);
        assert!(warnings.is_empty());
        assert_eq!(a.date.map(|d| d.to_string()).as_deref(), Some("2016-12-28"));
        assert_eq!(
            a.body(),
            "Russia has made clear. (AP File Photo) Russia again.\n\nBody."
        );
        assert_eq!(a.text, text, "the text is kept whole");
        assert_eq!(a.title, None, "a caption with two sentences is no headline");
        assert_eq!(a.id, "stem");
    }

    #[test]
    fn a_bad_date_token_warns_and_is_still_skipped() {
        let (a, warnings) = article("date 2016-13-45 Homs\n");
        assert_eq!(a.date, None);
        assert_eq!(a.body(), "Homs\n");
        assert_eq!(warnings.len(), 1);
        assert!(
            warnings[0]
                .to_string()
                .starts_with("a.txt: cannot read date \"2016-13-45\"")
        );
    }

    #[test]
    fn the_word_date_alone_is_text() {
        let (a, _) = article("Date night in Paris.\n");
        assert_eq!((a.body_offset, a.date), (0, None));
    }

    #[test]
    fn front_matter_gives_metadata_and_is_skipped() {
        let text = "---\ntitle: \"Talks in Geneva\"\ndate: 2016-12-28T10:00:00Z\nurl: https://example.org/a\ntags:\n  - x\n---\n\nThe talks in Geneva.\n";
        let (a, _) = article(text);
        assert_eq!(a.title.as_deref(), Some("Talks in Geneva"));
        assert_eq!(a.date.map(|d| d.to_string()).as_deref(), Some("2016-12-28"));
        assert_eq!(a.url.as_deref(), Some("https://example.org/a"));
        assert_eq!(a.body(), "The talks in Geneva.\n");
    }

    #[test]
    fn an_unclosed_rule_is_not_front_matter() {
        let (a, _) = article("---\ntitle: x\nText in Homs.\n");
        assert_eq!((a.body_offset, a.title), (0, None));
    }

    #[test]
    fn a_standalone_first_line_is_the_title_and_stays_in_the_body() {
        let (a, _) = article(
            "US, Russia to begin talks on military activity in Syria\r\n\r\n\r\nThe US and Russian militaries.",
        );
        assert_eq!(
            a.title.as_deref(),
            Some("US, Russia to begin talks on military activity in Syria")
        );
        assert_eq!(a.body_offset, 0);
        let (md, _) = article("# Shelling in Idlib\n\nText.");
        assert_eq!(md.title.as_deref(), Some("Shelling in Idlib"));
    }

    #[test]
    fn a_first_line_that_reads_like_prose_is_no_title() {
        for text in [
            "The US and Russian militaries will hold talks, the Pentagon said.\n\nMore.",
            "One line only",
            "Two lines\nin a paragraph\n\nMore.",
        ] {
            assert_eq!(article(text).0.title, None, "{text:?}");
        }
        assert!(!has_sentence_break("U.S. Strikes Syria"));
        assert!(!has_sentence_break("Mr. Putin goes to Aleppo"));
        assert!(has_sentence_break("Palmyra is retaken. Russia says"));
    }
}
