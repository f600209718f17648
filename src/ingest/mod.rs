//! Ingest: read articles and their metadata from text, Markdown, JSONL and CSV inputs.
//!
//! [`Inputs`] walks the paths a user gave (directories recursed in sorted order, so every run
//! sees the same articles in the same order) and streams [`Event`]s: articles, and the
//! problems met on the way, each naming its file and line. Nothing reads more than one article
//! (or one line of a JSONL file, or one CSV row) ahead, so memory does not grow with a corpus.

mod csv_rows;
pub mod date;
mod decode;
mod jsonl;
mod record;
pub mod text;
mod walk;

use std::collections::VecDeque;
use std::fmt;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

use anyhow::{Result, bail};

use walk::Walk;

/// One news article, as read. `text` is exactly what offsets refer to.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Article {
    pub id: String,
    pub title: Option<String>,
    pub date: Option<jiff::civil::Date>,
    pub url: Option<String>,
    pub source: Option<String>,
    /// The full text as read (after UTF-8 decoding): metadata lines included, so that offsets
    /// into it are offsets into the file.
    pub text: String,
    /// Byte offset in `text` where the article body starts; what comes before it (a front-matter
    /// block, a leading `date` token) is metadata and is not geoparsed.
    pub body_offset: usize,
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

    /// The part of the text that is geoparsed.
    pub fn body(&self) -> &str {
        self.text.get(self.body_offset..).unwrap_or("")
    }
}

/// A problem met while reading, and where: "feed.jsonl:12" or "in/a.txt".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub origin: String,
    pub message: String,
}

impl Notice {
    pub fn new(origin: impl Into<String>, message: impl Into<String>) -> Notice {
        Notice {
            origin: origin.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.origin, self.message)
    }
}

/// What reading the inputs yields, in input order.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    Article(Article),
    /// The input was read as well as it could be (bytes replaced, a date dropped, an empty
    /// file skipped); the user should know.
    Warning(Notice),
    /// One record (a JSONL line, a CSV row) could not be read; the rest of its file still is.
    BadRecord(Notice),
    /// A file or directory could not be read at all.
    Unreadable(Notice),
}

/// The input formats, told apart by file extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `.txt`, `.md`, `.markdown`: one article per file.
    Text,
    /// `.jsonl`, `.ndjson`: one article object per line.
    Jsonl,
    /// `.csv`: a header row, then one article per row.
    Csv,
}

impl Format {
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" | "text" | "md" | "markdown" => Some(Format::Text),
            "jsonl" | "ndjson" => Some(Format::Jsonl),
            "csv" => Some(Format::Csv),
            _ => None,
        }
    }
}

/// What the user named on the command line.
#[derive(Debug, Clone)]
enum InputArg {
    Stdin,
    Path(PathBuf),
}

/// The articles of all inputs, streamed in a deterministic order.
pub struct Inputs {
    args: VecDeque<InputArg>,
    walk: Option<Walk>,
    current: Option<Box<dyn Iterator<Item = Event>>>,
}

impl Inputs {
    /// Checks that every input exists before anything is read, so a typo fails fast and
    /// writes nothing. `-` stands for JSONL on standard input.
    pub fn open(paths: &[PathBuf]) -> Result<Inputs> {
        let mut args = VecDeque::with_capacity(paths.len());
        let mut stdin_seen = false;
        for path in paths {
            if path.as_os_str() == "-" {
                if stdin_seen {
                    bail!("`-` (standard input) is given more than once");
                }
                stdin_seen = true;
                args.push_back(InputArg::Stdin);
                continue;
            }
            if let Err(err) = std::fs::metadata(path) {
                bail!("cannot read input {}: {}", path.display(), io_reason(&err));
            }
            args.push_back(InputArg::Path(path.clone()));
        }
        Ok(Inputs {
            args,
            walk: None,
            current: None,
        })
    }

    /// The next file to read, from the directory being walked or the next argument.
    fn next_source(&mut self) -> Option<Result<Source, Notice>> {
        loop {
            if let Some(walk) = &mut self.walk {
                match walk.next() {
                    Some(Ok(path)) => {
                        // A walk yields only files whose extension names their format.
                        let format = Format::from_path(&path).unwrap_or(Format::Text);
                        return Some(Ok(Source::File { path, format }));
                    }
                    Some(Err(notice)) => return Some(Err(notice)),
                    None => self.walk = None,
                }
            }
            match self.args.pop_front()? {
                InputArg::Stdin => return Some(Ok(Source::Stdin)),
                InputArg::Path(path) if path.is_dir() => self.walk = Some(Walk::new(path)),
                InputArg::Path(path) => return Some(Ok(source_for_named_file(path))),
            }
        }
    }
}

impl Iterator for Inputs {
    type Item = Event;

    fn next(&mut self) -> Option<Event> {
        loop {
            if let Some(current) = &mut self.current {
                if let Some(event) = current.next() {
                    return Some(event);
                }
                self.current = None;
            }
            match self.next_source()? {
                Ok(source) => self.current = Some(source.open()),
                Err(notice) => return Some(Event::Unreadable(notice)),
            }
        }
    }
}

/// One file (or standard input) to read, with its format.
enum Source {
    Stdin,
    File {
        path: PathBuf,
        format: Format,
    },
    /// A file named on the command line whose extension says nothing: read as plain text.
    UnknownFormat {
        path: PathBuf,
    },
}

fn source_for_named_file(path: PathBuf) -> Source {
    match Format::from_path(&path) {
        Some(format) => Source::File { path, format },
        None => Source::UnknownFormat { path },
    }
}

impl Source {
    fn open(self) -> Box<dyn Iterator<Item = Event>> {
        match self {
            Source::Stdin => {
                let reader = BufReader::with_capacity(1 << 16, std::io::stdin());
                Box::new(jsonl::JsonlReader::new(reader, "<stdin>".into(), "stdin".into()))
            }
            Source::File { path, format } => open_file(&path, format),
            Source::UnknownFormat { path } => {
                let warning = Event::Warning(Notice::new(
                    path.display().to_string(),
                    "extension is not .txt, .md, .jsonl, .ndjson or .csv; read as plain text",
                ));
                Box::new(std::iter::once(warning).chain(open_file(&path, Format::Text)))
            }
        }
    }
}

fn open_file(path: &Path, format: Format) -> Box<dyn Iterator<Item = Event>> {
    let origin = path.display().to_string();
    let file = match File::open(path) {
        Ok(file) => file,
        Err(err) => return unreadable(origin, format!("cannot open: {}", io_reason(&err))),
    };
    match format {
        Format::Text => Box::new(text::read_text_file(file, path).into_iter()),
        Format::Jsonl | Format::Csv => {
            let mut reader = BufReader::with_capacity(1 << 16, file);
            match decode::sniff(&mut reader) {
                Ok(decode::Sniff::Text) => {}
                Ok(sniff) => {
                    return Box::new(std::iter::once(Event::Warning(Notice::new(
                        origin,
                        sniff.skip_reason(),
                    ))));
                }
                Err(err) => return unreadable(origin, format!("cannot read: {}", io_reason(&err))),
            }
            let file_name = file_name(path);
            if format == Format::Jsonl {
                Box::new(jsonl::JsonlReader::new(reader, origin, file_name))
            } else {
                Box::new(csv_rows::CsvRows::new(reader, origin, file_name))
            }
        }
    }
}

fn unreadable(origin: String, message: String) -> Box<dyn Iterator<Item = Event>> {
    Box::new(std::iter::once(Event::Unreadable(Notice::new(origin, message))))
}

/// The file's name without its folders: the prefix of default ids ("feed.jsonl:12"), so that
/// ids do not change with the directory a corpus is read from.
fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// An I/O error as a user reads it: "No such file or directory" without the "(os error 2)".
pub(crate) fn io_reason(err: &std::io::Error) -> String {
    let text = err.to_string();
    match text.find(" (os error") {
        Some(k) => text[..k].to_string(),
        None => text,
    }
}

/// Reads everything from a reader, for inputs that hold one article.
fn read_all(mut reader: impl Read) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    reader.read_to_end(&mut bytes)?;
    Ok(bytes)
}
