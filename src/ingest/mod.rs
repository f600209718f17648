//! Ingest: read articles and their metadata from text, Markdown, JSONL and CSV inputs.

/// One news article, as read. `text` is exactly what offsets refer to.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Article {
    pub id: String,
    pub title: Option<String>,
    pub date: Option<jiff::civil::Date>,
    pub url: Option<String>,
    pub source: Option<String>,
    pub text: String,
    /// Where it came from, for messages: "in/a.txt" or "feed.jsonl:12".
    pub origin: String,
}

impl Article {
    /// An article with only an id and a text.
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Article {
        let id = id.into();
        Article {
            origin: id.clone(),
            id,
            text: text.into(),
            ..Article::default()
        }
    }
}
