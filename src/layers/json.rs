//! JSON objects written by hand for the rows written once per mention, byte for byte as
//! `serde_json` writes them: escaping strings a byte at a time was the largest single cost of
//! rendering, and a news sentence almost never holds a byte that needs escaping, so the
//! escaper here passes over eight bytes at a time until it meets one.

use serde::Serialize;

use super::scan::{Wanted, has_byte, has_byte_below};

/// A value that writes itself as JSON by hand, byte for byte as `serde_json` writes its
/// `Serialize` form (which the tests hold it to).
pub trait WriteJson: Serialize {
    fn write_json(&self, out: &mut Vec<u8>);
}

/// Writes the fields of one JSON object in order; `null` stands for an absent value.
///
/// ```
/// use geocite::layers::json::ObjectWriter;
///
/// let mut out = Vec::new();
/// let mut row = ObjectWriter::begin(&mut out);
/// row.str("name", "Deir el-\"Zour\"").opt_str("admin1", None).uint("population", 3).bool("is_place", true);
/// row.end();
/// assert_eq!(out, br#"{"name":"Deir el-\"Zour\"","admin1":null,"population":3,"is_place":true}"#);
/// ```
pub struct ObjectWriter<'o> {
    out: &'o mut Vec<u8>,
    first: bool,
}

impl<'o> ObjectWriter<'o> {
    pub fn begin(out: &'o mut Vec<u8>) -> Self {
        out.push(b'{');
        ObjectWriter { out, first: true }
    }

    /// `key` is a plain identifier: written as it is, unescaped.
    fn key(&mut self, key: &str) -> &mut Vec<u8> {
        debug_assert!(key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'));
        if !self.first {
            self.out.push(b',');
        }
        self.first = false;
        self.out.push(b'"');
        self.out.extend_from_slice(key.as_bytes());
        self.out.extend_from_slice(b"\":");
        self.out
    }

    pub fn str(&mut self, key: &str, value: &str) -> &mut Self {
        write_str(self.key(key), value);
        self
    }

    pub fn opt_str(&mut self, key: &str, value: Option<&str>) -> &mut Self {
        match value {
            Some(value) => self.str(key, value),
            None => self.raw(key, b"null"),
        }
    }

    pub fn uint(&mut self, key: &str, value: u64) -> &mut Self {
        let mut digits = itoa::Buffer::new();
        let digits = digits.format(value);
        self.raw(key, digits.as_bytes())
    }

    pub fn bool(&mut self, key: &str, value: bool) -> &mut Self {
        self.raw(key, if value { b"true" } else { b"false" })
    }

    /// Any other value, as `serde_json` writes it (numbers with fractions, arrays, geometry).
    pub fn value(&mut self, key: &str, value: &impl Serialize) -> &mut Self {
        write_value(self.key(key), value);
        self
    }

    /// A value that is already JSON text.
    pub fn raw(&mut self, key: &str, json: &[u8]) -> &mut Self {
        self.key(key).extend_from_slice(json);
        self
    }

    /// A value that `write` writes.
    pub fn with(&mut self, key: &str, write: impl FnOnce(&mut Vec<u8>)) -> &mut Self {
        write(self.key(key));
        self
    }

    pub fn end(self) {
        self.out.push(b'}');
    }
}

/// Writes any value as `serde_json` writes it.
pub fn write_value(out: &mut Vec<u8>, value: &impl Serialize) {
    serde_json::to_writer(out, value).expect("writing JSON to memory cannot fail");
}

/// Writes `value` as a JSON string, escaped exactly as `serde_json` escapes it: `"` and `\`,
/// and control characters as `\b \t \n \f \r` or `\u00XX`; everything else as it is.
pub fn write_str(out: &mut Vec<u8>, value: &str) {
    const NEEDS_ESCAPE: Wanted = Wanted {
        in_word: |w| has_byte_below(w, 0x20) || has_byte(w, b'"') || has_byte(w, b'\\'),
        byte: |b| escape(b).is_some(),
    };
    let bytes = value.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    let mut plain_from = 0;
    while let Some(at) = NEEDS_ESCAPE.find(bytes, plain_from) {
        out.extend_from_slice(&bytes[plain_from..at]);
        escape(bytes[at]).expect("found by the escape test").write_to(out);
        plain_from = at + 1;
    }
    out.extend_from_slice(&bytes[plain_from..]);
    out.push(b'"');
}

enum Escaped {
    Short(u8),
    Unicode(u8),
}

impl Escaped {
    fn write_to(self, out: &mut Vec<u8>) {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        match self {
            Escaped::Short(letter) => out.extend_from_slice(&[b'\\', letter]),
            Escaped::Unicode(b) => {
                out.extend_from_slice(b"\\u00");
                out.extend_from_slice(&[HEX[usize::from(b >> 4)], HEX[usize::from(b & 0xF)]]);
            }
        }
    }
}

fn escape(b: u8) -> Option<Escaped> {
    Some(match b {
        b'"' => Escaped::Short(b'"'),
        b'\\' => Escaped::Short(b'\\'),
        0x08 => Escaped::Short(b'b'),
        b'\t' => Escaped::Short(b't'),
        b'\n' => Escaped::Short(b'n'),
        0x0C => Escaped::Short(b'f'),
        b'\r' => Escaped::Short(b'r'),
        0x00..=0x1F => Escaped::Unicode(b),
        _ => return None,
    })
}

/// Fails unless `value` writes itself as `serde_json` writes it.
#[cfg(test)]
pub(crate) fn assert_writes_as_serde_json(value: &impl WriteJson) {
    let mut ours = Vec::new();
    value.write_json(&mut ours);
    let serde = serde_json::to_vec(value).unwrap();
    assert_eq!(String::from_utf8(ours).unwrap(), String::from_utf8(serde).unwrap());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ours(value: &str) -> String {
        let mut out = Vec::new();
        write_str(&mut out, value);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn every_ascii_character_is_escaped_as_serde_json_escapes_it() {
        for b in 0u8..=0x7F {
            let c = char::from(b);
            for text in [
                c.to_string(),
                format!("Raqqa{c}"),
                format!("{c}Palmyra, Syria ({c}) {c}{c}"),
            ] {
                assert_eq!(ours(&text), serde_json::to_string(&text).unwrap(), "byte {b:#04x}");
            }
        }
    }

    #[test]
    fn strings_of_every_length_and_alignment_match_serde_json() {
        let pieces = [
            "a", "é", "\"", "\\", "\n", "\u{1}", "\u{1f}", " ", "ḩ", "“", "\u{7f}", "~", "!", "#", "]",
        ];
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = move |below: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % below as u64) as usize
        };
        for _ in 0..5_000 {
            let len = next(40);
            let text: String = (0..len).map(|_| pieces[next(pieces.len())]).collect();
            assert_eq!(ours(&text), serde_json::to_string(&text).unwrap(), "{text:?}");
        }
    }

    #[test]
    fn an_object_reads_back_as_written() {
        let mut out = Vec::new();
        let mut row = ObjectWriter::begin(&mut out);
        row.str("sentence", "He said: \"Idlib\"\tfell.")
            .opt_str("url", Some("https://x/?a=1&b=2"))
            .uint("char_start", u64::MAX)
            .value("confidence", &0.8125)
            .raw("articles", b"[1,2]");
        row.end();
        let parsed: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(
            parsed,
            serde_json::json!({
                "sentence": "He said: \"Idlib\"\tfell.",
                "url": "https://x/?a=1&b=2",
                "char_start": u64::MAX,
                "confidence": 0.8125,
                "articles": [1, 2],
            })
        );
        let mut empty = Vec::new();
        ObjectWriter::begin(&mut empty).end();
        assert_eq!(empty, b"{}");
    }
}
