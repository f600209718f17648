//! JSONL (newline-delimited JSON): one article object per line, read one line at a time.

use std::collections::VecDeque;
use std::io::BufRead;

use serde::Deserialize;

use super::decode::decode_lossy;
use super::record::{Fields, push_record};
use super::{Event, Notice, io_reason};

/// The fields geocite reads from a JSON object; others are ignored. `id` and `date` may be
/// numbers (feeds do that); the others must be strings or null.
#[derive(Deserialize)]
struct JsonRecord {
    #[serde(default)]
    id: Option<Scalar>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    date: Option<Scalar>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    text: Option<String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Scalar {
    Text(String),
    Number(serde_json::Number),
}

impl Scalar {
    fn into_string(self) -> String {
        match self {
            Scalar::Text(text) => text,
            Scalar::Number(number) => number.to_string(),
        }
    }
}

impl From<JsonRecord> for Fields {
    fn from(r: JsonRecord) -> Fields {
        Fields {
            id: r.id.map(Scalar::into_string),
            title: r.title,
            date: r.date.map(Scalar::into_string),
            url: r.url,
            source: r.source,
            text: r.text,
        }
    }
}

/// Streams the articles of a JSONL reader, with line numbers in every message.
pub struct JsonlReader<R> {
    reader: R,
    /// For messages: the path, or "<stdin>".
    origin: String,
    /// For default ids: the file name, or "stdin".
    id_prefix: String,
    line: usize,
    records: usize,
    buf: Vec<u8>,
    queued: VecDeque<Event>,
    done: bool,
}

impl<R: BufRead> JsonlReader<R> {
    pub fn new(reader: R, origin: String, id_prefix: String) -> Self {
        JsonlReader {
            reader,
            origin,
            id_prefix,
            line: 0,
            records: 0,
            buf: Vec::new(),
            queued: VecDeque::new(),
            done: false,
        }
    }

    /// Reads lines until one yields events, or the input ends.
    fn read_next_line(&mut self) {
        loop {
            self.buf.clear();
            match self.reader.read_until(b'\n', &mut self.buf) {
                Ok(0) => return self.finish(),
                Ok(_) => {
                    self.line += 1;
                    if !self.buf.iter().all(u8::is_ascii_whitespace) {
                        self.records += 1;
                        self.parse_line();
                        return;
                    }
                }
                Err(err) => {
                    let message = format!("read error after line {}: {}", self.line, io_reason(&err));
                    self.queued
                        .push_back(Event::Unreadable(Notice::new(self.origin.clone(), message)));
                    self.done = true;
                    return;
                }
            }
        }
    }

    fn finish(&mut self) {
        self.done = true;
        if self.records == 0 {
            let notice = Notice::new(self.origin.clone(), "no records; skipped");
            self.queued.push_back(Event::Warning(notice));
        }
    }

    fn parse_line(&mut self) {
        let origin = format!("{}:{}", self.origin, self.line);
        let (line, repair) = decode_lossy(&self.buf);
        if let Some(repair) = repair {
            self.queued
                .push_back(Event::Warning(Notice::new(origin.clone(), repair)));
        }
        // serde would read a JSON array as a struct, field by field in order.
        if !line.trim_start().starts_with('{') {
            let notice = Notice::new(origin, "malformed JSON record: not a JSON object");
            self.queued.push_back(Event::BadRecord(notice));
            return;
        }
        match serde_json::from_str::<JsonRecord>(&line) {
            Ok(record) => {
                let default_id = || format!("{}:{}", self.id_prefix, self.line);
                push_record(record.into(), origin, default_id, &mut self.queued);
            }
            Err(err) => {
                let notice = Notice::new(origin, malformed_message(&err));
                self.queued.push_back(Event::BadRecord(notice));
            }
        }
    }
}

/// serde_json's message with the position given as a column: its "line 1" means nothing to a
/// user who is told the file's line already.
fn malformed_message(err: &serde_json::Error) -> String {
    let text = err.to_string();
    let reason = text.rfind(" at line ").map_or(text.as_str(), |k| &text[..k]);
    format!("malformed JSON record (column {}): {reason}", err.column())
}

impl<R: BufRead> Iterator for JsonlReader<R> {
    type Item = Event;

    fn next(&mut self) -> Option<Event> {
        while self.queued.is_empty() && !self.done {
            self.read_next_line();
        }
        self.queued.pop_front()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn events(input: &[u8]) -> Vec<Event> {
        JsonlReader::new(input, "feed.jsonl".into(), "feed.jsonl".into()).collect()
    }

    fn article(event: &Event) -> &super::super::Article {
        match event {
            Event::Article(a) => a,
            other => panic!("expected an article, got {other:?}"),
        }
    }

    #[test]
    fn reads_fields_and_defaults_the_id() {
        let input = b"{\"id\":7,\"title\":\" T \",\"date\":\"2016-12-28T10:00:00Z\",\"url\":\"u\",\"source\":\"AP\",\"text\":\"In Homs.\",\"extra\":[1]}\n\n{\"text\":\"Raqqa\"}\r\n";
        let events = events(input);
        assert_eq!(events.len(), 2);
        let a = article(&events[0]);
        assert_eq!(
            (a.id.as_str(), a.title.as_deref(), a.url.as_deref(), a.source.as_deref()),
            ("7", Some("T"), Some("u"), Some("AP"))
        );
        assert_eq!(a.date.map(|d| d.to_string()).as_deref(), Some("2016-12-28"));
        assert_eq!(a.origin, "feed.jsonl:1");
        let b = article(&events[1]);
        assert_eq!((b.id.as_str(), b.text.as_str()), ("feed.jsonl:3", "Raqqa"));
    }

    #[test]
    fn a_bad_line_is_reported_and_the_next_one_read() {
        let events = events(b"{\"text\":\"a\"}\n{\"text\": oops}\n[1,2]\n{\"title\":\"no text\"}\n{\"text\":\"b\"}");
        let kinds: Vec<&str> = events
            .iter()
            .map(|e| match e {
                Event::Article(_) => "article",
                Event::BadRecord(_) => "bad",
                _ => "other",
            })
            .collect();
        assert_eq!(kinds, ["article", "bad", "bad", "bad", "article"]);
        let Event::BadRecord(notice) = &events[1] else {
            unreachable!()
        };
        assert_eq!(notice.origin, "feed.jsonl:2");
        assert!(
            notice.message.starts_with("malformed JSON record (column 10)"),
            "{}",
            notice.message
        );
    }

    #[test]
    fn bad_dates_and_bytes_warn_but_keep_the_article() {
        let events = events(b"{\"date\":\"someday\",\"text\":\"Caf\xE9 in Idlib\"}\n");
        assert!(matches!(&events[0], Event::Warning(n) if n.message.contains("UTF-8")));
        assert!(matches!(&events[1], Event::Warning(n) if n.message.contains("cannot read date \"someday\"")));
        assert_eq!(article(&events[2]).text, "Caf\u{FFFD} in Idlib");
        assert_eq!(article(&events[2]).date, None);
    }

    #[test]
    fn a_file_of_blank_lines_says_so() {
        assert!(matches!(&events(b"\n  \n")[..], [Event::Warning(n)] if n.message.contains("no records")));
    }
}
