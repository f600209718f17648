//! Bytes to text: UTF-8 (lossily, so one bad byte never loses an article), UTF-16 when a byte
//! order mark says so, and the tell-tale signs of a file that is not text at all.

use std::io::{self, BufRead};

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";
/// How far into a file to look for NUL bytes, as git and grep do.
const SNIFF_LEN: usize = 8192;
/// Above this share of replaced characters, a "text" is really binary data.
const MAX_REPLACED_SHARE: f64 = 0.3;

/// What the first bytes of a record-per-line file say about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sniff {
    Text,
    Empty,
    Binary,
    Utf16,
}

impl Sniff {
    pub fn skip_reason(self) -> &'static str {
        match self {
            Sniff::Text => "",
            Sniff::Empty => "empty file; skipped",
            Sniff::Binary => "binary file (it holds NUL bytes); skipped",
            Sniff::Utf16 => "UTF-16 text; geocite reads JSONL and CSV in UTF-8 only (convert it with iconv); skipped",
        }
    }
}

/// Looks at the start of a reader without consuming it.
pub fn sniff(reader: &mut impl BufRead) -> io::Result<Sniff> {
    let head = reader.fill_buf()?;
    Ok(if head.is_empty() {
        Sniff::Empty
    } else if utf16_bom(head).is_some() {
        Sniff::Utf16
    } else if has_nul(head) {
        Sniff::Binary
    } else {
        Sniff::Text
    })
}

/// A whole file's text, or why there is none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decoded {
    Text {
        text: String,
        /// Why the text is not exactly the bytes, for a warning: invalid UTF-8 replaced.
        repair: Option<String>,
    },
    Empty,
    Binary,
}

/// Decodes a whole file. A UTF-8 byte order mark is dropped (it is an encoding mark, not
/// text), so offsets count from the first character a reader sees.
pub fn decode_text(bytes: Vec<u8>) -> Decoded {
    if let Some(big_endian) = utf16_bom(&bytes) {
        return checked(decode_utf16(&bytes[2..], big_endian));
    }
    if has_nul(&bytes[..bytes.len().min(SNIFF_LEN)]) {
        return Decoded::Binary;
    }
    let decoded = match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{FEFF}') {
                text.drain(..UTF8_BOM.len());
            }
            Decoded::Text { text, repair: None }
        }
        Err(err) => {
            // The byte offset a user can find in a hex editor: counted from the file's start.
            let valid_up_to = err.utf8_error().valid_up_to();
            let bytes = err.into_bytes();
            let body = bytes.strip_prefix(UTF8_BOM).unwrap_or(&bytes);
            Decoded::Text {
                text: String::from_utf8_lossy(body).into_owned(),
                repair: Some(lossy_message(valid_up_to)),
            }
        }
    };
    checked(decoded)
}

/// Decodes one line or field, lossily; the message says what was repaired.
pub fn decode_lossy(bytes: &[u8]) -> (String, Option<String>) {
    match std::str::from_utf8(bytes) {
        Ok(text) => (text.to_string(), None),
        Err(err) => (
            String::from_utf8_lossy(bytes).into_owned(),
            Some(lossy_message(err.valid_up_to())),
        ),
    }
}

fn lossy_message(valid_up_to: usize) -> String {
    format!("not valid UTF-8 (first bad byte at byte {valid_up_to}); invalid bytes replaced by U+FFFD")
}

/// Empty and binary texts are told apart from real ones after decoding.
fn checked(decoded: Decoded) -> Decoded {
    let Decoded::Text { text, repair } = decoded else {
        return decoded;
    };
    if text.trim().is_empty() {
        return Decoded::Empty;
    }
    if repair.is_some() && mostly_replaced(&text) {
        return Decoded::Binary;
    }
    Decoded::Text { text, repair }
}

fn mostly_replaced(text: &str) -> bool {
    let (mut total, mut replaced) = (0usize, 0usize);
    for c in text.chars() {
        total += 1;
        replaced += usize::from(c == char::REPLACEMENT_CHARACTER);
    }
    replaced as f64 > total as f64 * MAX_REPLACED_SHARE
}

fn has_nul(bytes: &[u8]) -> bool {
    memchr::memchr(0, bytes).is_some()
}

/// `Some(true)` for a big-endian UTF-16 byte order mark, `Some(false)` for little-endian.
fn utf16_bom(bytes: &[u8]) -> Option<bool> {
    match bytes {
        [0xFE, 0xFF, ..] => Some(true),
        [0xFF, 0xFE, ..] => Some(false),
        _ => None,
    }
}

fn decode_utf16(bytes: &[u8], big_endian: bool) -> Decoded {
    let units = bytes.chunks_exact(2).map(|pair| {
        let pair = [pair[0], pair[1]];
        if big_endian {
            u16::from_be_bytes(pair)
        } else {
            u16::from_le_bytes(pair)
        }
    });
    let mut text = String::with_capacity(bytes.len() / 2);
    let mut repaired = bytes.len() % 2 == 1;
    for c in char::decode_utf16(units) {
        text.push(c.unwrap_or_else(|_| {
            repaired = true;
            char::REPLACEMENT_CHARACTER
        }));
    }
    let repair = repaired.then(|| "not valid UTF-16; invalid code units replaced by U+FFFD".to_string());
    Decoded::Text { text, repair }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of(d: Decoded) -> (String, bool) {
        match d {
            Decoded::Text { text, repair } => (text, repair.is_some()),
            other => panic!("expected text, got {other:?}"),
        }
    }

    #[test]
    fn utf8_passes_through_and_bom_is_dropped() {
        assert_eq!(text_of(decode_text(b"Aleppo".to_vec())), ("Aleppo".into(), false));
        assert_eq!(
            text_of(decode_text(b"\xEF\xBB\xBFAleppo".to_vec())),
            ("Aleppo".into(), false)
        );
    }

    #[test]
    fn invalid_utf8_is_replaced_and_reported() {
        let (text, repaired) = text_of(decode_text(b"Caf\xE9 in Raqqa".to_vec()));
        assert_eq!(text, "Caf\u{FFFD} in Raqqa");
        assert!(repaired);
    }

    #[test]
    fn empty_whitespace_and_binary_files_are_told_apart() {
        assert_eq!(decode_text(Vec::new()), Decoded::Empty);
        assert_eq!(decode_text(b" \n\t\r\n".to_vec()), Decoded::Empty);
        assert_eq!(decode_text(b"PK\x03\x04\x00\x00rest".to_vec()), Decoded::Binary);
        assert_eq!(
            decode_text(vec![0xFF, 0x80, 0x81, 0xC3, 0x90, 0xFE, 0x92, b'a']),
            Decoded::Binary
        );
    }

    #[test]
    fn utf16_with_bom_is_decoded() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "Homs".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        assert_eq!(text_of(decode_text(bytes)), ("Homs".into(), false));
    }

    #[test]
    fn sniff_reads_without_consuming() {
        let mut reader = std::io::Cursor::new(b"{\"text\":\"x\"}\n".to_vec());
        assert_eq!(sniff(&mut reader).unwrap(), Sniff::Text);
        assert_eq!(reader.position(), 0);
        assert_eq!(sniff(&mut std::io::Cursor::new(Vec::new())).unwrap(), Sniff::Empty);
        assert_eq!(
            sniff(&mut std::io::Cursor::new(b"a\0b".to_vec())).unwrap(),
            Sniff::Binary
        );
    }
}
