//! CSV: a header row naming the fields (any order, any case), then one article per row.

use std::collections::VecDeque;
use std::io::Read;

use csv::{ByteRecord, ErrorKind};

use super::decode::decode_lossy;
use super::record::{Fields, push_record};
use super::{Event, Notice, io_reason};

/// Where each field geocite reads sits in a row.
#[derive(Debug, Default)]
struct Columns {
    id: Option<usize>,
    title: Option<usize>,
    date: Option<usize>,
    url: Option<usize>,
    source: Option<usize>,
    text: usize,
}

impl Columns {
    fn from_header(names: &[String]) -> Option<Columns> {
        let find = |name: &str| names.iter().position(|n| n == name);
        Some(Columns {
            id: find("id"),
            title: find("title"),
            date: find("date"),
            url: find("url"),
            source: find("source"),
            text: find("text")?,
        })
    }
}

/// Streams the articles of a CSV reader, one row at a time.
pub struct CsvRows<R> {
    reader: csv::Reader<R>,
    origin: String,
    id_prefix: String,
    columns: Option<Columns>,
    record: ByteRecord,
    rows: usize,
    queued: VecDeque<Event>,
    done: bool,
}

impl<R: Read> CsvRows<R> {
    pub fn new(reader: R, origin: String, id_prefix: String) -> Self {
        // Not flexible: a row with more or fewer fields than the header is malformed, and
        // reading it by position would put its text in the wrong column.
        let reader = csv::ReaderBuilder::new().has_headers(true).from_reader(reader);
        CsvRows {
            reader,
            origin,
            id_prefix,
            columns: None,
            record: ByteRecord::new(),
            rows: 0,
            queued: VecDeque::new(),
            done: false,
        }
    }

    fn read_header(&mut self) {
        let names: Vec<String> = match self.reader.byte_headers() {
            Ok(header) => header.iter().map(header_name).collect(),
            Err(err) => return self.fail(format!("cannot read the header row: {}", csv_reason(&err))),
        };
        match Columns::from_header(&names) {
            Some(columns) => self.columns = Some(columns),
            None => {
                let message = format!(
                    "the header row has no \"text\" column (it has: {}); file skipped",
                    names.join(", ")
                );
                self.fail(message);
            }
        }
    }

    /// The header is unusable, so the file cannot be read any further.
    fn fail(&mut self, message: String) {
        let origin = format!("{}:1", self.origin);
        self.queued.push_back(Event::Unreadable(Notice::new(origin, message)));
        self.done = true;
    }

    fn read_next_row(&mut self) {
        if self.columns.is_none() {
            self.read_header();
            if self.done {
                return;
            }
        }
        match self.reader.read_byte_record(&mut self.record) {
            Ok(true) => {
                self.rows += 1;
                self.push_row();
            }
            Ok(false) => {
                self.done = true;
                if self.rows == 0 {
                    let notice = Notice::new(self.origin.clone(), "no rows after the header; skipped");
                    self.queued.push_back(Event::Warning(notice));
                }
            }
            Err(err) => self.push_error(err),
        }
    }

    fn push_row(&mut self) {
        let line = self.record.position().map_or(0, |p| p.line());
        let origin = format!("{}:{line}", self.origin);
        let Some(columns) = &self.columns else { return };
        let mut repaired = None;
        let mut field = |column: Option<usize>| {
            let bytes = self.record.get(column?)?;
            let (value, repair) = decode_lossy(bytes);
            repaired = repaired.take().or(repair);
            Some(value)
        };
        let fields = Fields {
            id: field(columns.id),
            title: field(columns.title),
            date: field(columns.date),
            url: field(columns.url),
            source: field(columns.source),
            text: field(Some(columns.text)),
        };
        if let Some(repair) = repaired {
            self.queued
                .push_back(Event::Warning(Notice::new(origin.clone(), repair)));
        }
        let default_id = || format!("{}:{line}", self.id_prefix);
        push_record(fields, origin, default_id, &mut self.queued);
    }

    fn push_error(&mut self, err: csv::Error) {
        let line = err.position().map_or(self.reader.position().line(), |p| p.line());
        let origin = format!("{}:{line}", self.origin);
        match err.kind() {
            ErrorKind::Io(io) => {
                let message = format!("read error: {}", io_reason(io));
                self.queued.push_back(Event::Unreadable(Notice::new(origin, message)));
                self.done = true;
            }
            ErrorKind::UnequalLengths { expected_len, len, .. } => {
                let message = format!("malformed CSV row: {len} fields where the header has {expected_len}");
                self.queued.push_back(Event::BadRecord(Notice::new(origin, message)));
            }
            _ => {
                let message = format!("malformed CSV row: {}", csv_reason(&err));
                self.queued.push_back(Event::BadRecord(Notice::new(origin, message)));
            }
        }
    }
}

/// A header cell as geocite matches it: trimmed, lower case, without a byte order mark.
fn header_name(cell: &[u8]) -> String {
    let (name, _) = decode_lossy(cell);
    name.trim_start_matches('\u{FEFF}').trim().to_lowercase()
}

fn csv_reason(err: &csv::Error) -> String {
    match err.kind() {
        ErrorKind::Io(io) => io_reason(io),
        _ => err.to_string(),
    }
}

impl<R: Read> Iterator for CsvRows<R> {
    type Item = Event;

    fn next(&mut self) -> Option<Event> {
        while self.queued.is_empty() && !self.done {
            self.read_next_row();
        }
        self.queued.pop_front()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn events(input: &[u8]) -> Vec<Event> {
        CsvRows::new(input, "in.csv".into(), "in.csv".into()).collect()
    }

    #[test]
    fn reads_columns_in_any_order_and_case() {
        let input = b"\xEF\xBB\xBFText,Date,TITLE,other\n\"In Homs,\nand Hama.\",2016-12-28,Two cities,x\nRaqqa,,,y\n";
        let events = events(input);
        let [Event::Article(a), Event::Article(b)] = &events[..] else {
            panic!("{events:?}")
        };
        assert_eq!(a.text, "In Homs,\nand Hama.");
        assert_eq!(a.title.as_deref(), Some("Two cities"));
        assert_eq!(a.date.map(|d| d.to_string()).as_deref(), Some("2016-12-28"));
        assert_eq!((a.id.as_str(), a.origin.as_str()), ("in.csv:2", "in.csv:2"));
        assert_eq!((b.id.as_str(), b.title.as_deref(), b.date), ("in.csv:4", None, None));
    }

    #[test]
    fn a_row_of_the_wrong_length_is_bad_and_the_next_is_read() {
        let events = events(b"id,text\n1,Aleppo\n2,Homs,extra\n3,Hama\n");
        assert!(matches!(&events[0], Event::Article(a) if a.id == "1"));
        assert!(
            matches!(&events[1], Event::BadRecord(n) if n.origin == "in.csv:3" && n.message.contains("3 fields where the header has 2"))
        );
        assert!(matches!(&events[2], Event::Article(a) if a.id == "3"));
    }

    #[test]
    fn a_header_without_text_skips_the_file() {
        let events = events(b"id,body\n1,Aleppo\n");
        assert!(matches!(&events[..], [Event::Unreadable(n)] if n.message.contains("no \"text\" column")));
    }
}
