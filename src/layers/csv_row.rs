//! CSV rows written by hand, byte for byte as the `csv` crate writes them with its defaults
//! (quotes only where needed, `\n` after each record), for the row written per mention:
//! serde's per-field dispatch and the crate's byte-at-a-time quoting check were most of the
//! cost of `mentions.csv`.

use super::scan::{Wanted, has_byte};

/// Writes the fields of one record in order; `None` is an empty field. A record of a single
/// empty field would need quotes to be read back; the rows written here have many fields.
///
/// ```
/// use geocite::layers::csv_row::RowWriter;
///
/// let mut out = Vec::new();
/// let mut row = RowWriter::begin(&mut out);
/// row.str("Raqqa, Syria").opt_str(None).uint(7).bool(true).float(Some(38.5));
/// row.end();
/// assert_eq!(out, b"\"Raqqa, Syria\",,7,true,38.5\n");
/// ```
pub struct RowWriter<'o> {
    out: &'o mut Vec<u8>,
    first: bool,
}

impl<'o> RowWriter<'o> {
    pub fn begin(out: &'o mut Vec<u8>) -> Self {
        RowWriter { out, first: true }
    }

    fn field(&mut self) -> &mut Vec<u8> {
        if !self.first {
            self.out.push(b',');
        }
        self.first = false;
        self.out
    }

    pub fn str(&mut self, value: &str) -> &mut Self {
        write_field(self.field(), value.as_bytes());
        self
    }

    pub fn opt_str(&mut self, value: Option<&str>) -> &mut Self {
        self.str(value.unwrap_or(""))
    }

    pub fn uint(&mut self, value: u64) -> &mut Self {
        let mut digits = itoa::Buffer::new();
        self.field().extend_from_slice(digits.format(value).as_bytes());
        self
    }

    pub fn bool(&mut self, value: bool) -> &mut Self {
        self.field().extend_from_slice(if value { b"true" } else { b"false" });
        self
    }

    /// As the `csv` crate writes an `f64` (shortest round-trip digits).
    pub fn float(&mut self, value: Option<f64>) -> &mut Self {
        let field = self.field();
        if let Some(value) = value {
            field.extend_from_slice(ryu::Buffer::new().format(value).as_bytes());
        }
        self
    }

    pub fn end(self) {
        self.out.push(b'\n');
    }
}

/// A field as it is, or in quotes with its quotes doubled when it holds a comma, a quote or a
/// line break.
fn write_field(out: &mut Vec<u8>, value: &[u8]) {
    const NEEDS_QUOTES: Wanted = Wanted {
        in_word: |w| has_byte(w, b',') || has_byte(w, b'"') || has_byte(w, b'\n') || has_byte(w, b'\r'),
        byte: |b| matches!(b, b',' | b'"' | b'\n' | b'\r'),
    };
    const QUOTE: Wanted = Wanted {
        in_word: |w| has_byte(w, b'"'),
        byte: |b| b == b'"',
    };
    if NEEDS_QUOTES.find(value, 0).is_none() {
        out.extend_from_slice(value);
        return;
    }
    out.push(b'"');
    let mut from = 0;
    while let Some(at) = QUOTE.find(value, from) {
        out.extend_from_slice(&value[from..=at]);
        out.push(b'"');
        from = at + 1;
    }
    out.extend_from_slice(&value[from..]);
    out.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn as_csv_crate_writes(fields: &[&str]) -> Vec<u8> {
        let mut writer = csv::WriterBuilder::new().has_headers(false).from_writer(Vec::new());
        writer.write_record(fields).unwrap();
        writer.into_inner().unwrap()
    }

    #[test]
    fn fields_are_quoted_as_the_csv_crate_quotes_them() {
        let awkward = [
            "",
            "a",
            ",",
            "\"",
            "\"\"",
            "a,b",
            "say \"hi\"",
            "line\nbreak",
            "cr\rlf\r\n",
            "tab\there",
            "é, “x”",
            "0123456789,0123456789",
            "0123456\"",
            "01234567\"",
            "no special bytes at all here",
        ];
        for a in awkward {
            for b in awkward {
                let mut ours = Vec::new();
                let mut row = RowWriter::begin(&mut ours);
                row.str(a).str(b).str("end");
                row.end();
                assert_eq!(ours, as_csv_crate_writes(&[a, b, "end"]), "{a:?} {b:?}");
            }
        }
    }
}
