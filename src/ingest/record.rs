//! One article record (a JSONL object, a CSV row) turned into an [`Article`], with the same
//! rules for both formats.

use std::collections::VecDeque;

use super::date::{EXPECTED, parse_date};
use super::{Article, Event, Notice};

/// The record fields geocite reads; every one optional as written, `text` required in the end.
#[derive(Debug, Default)]
pub struct Fields {
    pub id: Option<String>,
    pub title: Option<String>,
    pub date: Option<String>,
    pub url: Option<String>,
    pub source: Option<String>,
    pub text: Option<String>,
}

/// Queues the events for one record: warnings first, then the article; or one bad record.
pub fn push_record(fields: Fields, origin: String, default_id: impl FnOnce() -> String, events: &mut VecDeque<Event>) {
    let Some(text) = fields.text else {
        events.push_back(Event::BadRecord(Notice::new(origin, "no \"text\" field")));
        return;
    };
    if text.trim().is_empty() {
        events.push_back(Event::Warning(Notice::new(origin, "empty text; skipped")));
        return;
    }
    let date = fields.date.as_deref().and_then(non_blank).and_then(|value| {
        let date = parse_date(value);
        if date.is_none() {
            let message = format!("cannot read date {value:?} ({EXPECTED}); pub_date left empty");
            events.push_back(Event::Warning(Notice::new(origin.clone(), message)));
        }
        date
    });
    let id = fields
        .id
        .as_deref()
        .and_then(non_blank)
        .map(str::to_string)
        .unwrap_or_else(default_id);
    events.push_back(Event::Article(Article {
        id,
        title: clean(fields.title),
        date,
        url: clean(fields.url),
        source: clean(fields.source),
        text,
        body_offset: 0,
        origin,
    }));
}

/// A metadata value trimmed, or `None` when nothing is left.
pub fn clean(value: Option<String>) -> Option<String> {
    let value = value?;
    let trimmed = value.trim();
    if trimmed.is_empty() {
        None
    } else if trimmed.len() == value.len() {
        Some(value)
    } else {
        Some(trimmed.to_string())
    }
}

fn non_blank(value: &str) -> Option<&str> {
    let value = value.trim();
    (!value.is_empty()).then_some(value)
}
