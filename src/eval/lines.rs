//! The line-per-document format of Gritta's and EUPEG's gold files and system outputs: line i
//! holds document i's records, separated by `||`; a record's fields are separated by `,,`:
//! `gazetteer_name,,surface,,lat,,lon,,start,,end` and sometimes a seventh field (population).

use std::path::Path;

use anyhow::{Context, Result, bail};

use super::text::{Anchor, CharIndex, anchor};
use super::{Corpus, CorpusKind, Document, GoldToponym, LatLon};

/// One toponym as the line format records it. Offsets as written (the end may be inclusive
/// in some files; the caller knows which).
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub name: String,
    pub surface: String,
    /// None when the file leaves the coordinates empty or unreadable ("No Gaz" outputs).
    pub coords: Option<LatLon>,
    pub start: i64,
    pub end: i64,
}

/// Reads a whole file: one `Vec<Record>` per line (an empty line is a document without toponyms).
pub fn read_file(path: &Path) -> Result<Vec<Vec<Record>>> {
    let content = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    parse(&content, &path.display().to_string())
}

/// Parses the format; `origin` names the file in errors ("file:line: …").
pub fn parse(content: &str, origin: &str) -> Result<Vec<Vec<Record>>> {
    if content.is_empty() {
        return Ok(Vec::new());
    }
    // A final newline ends the last line; it does not start another document.
    let content = content.strip_suffix('\n').unwrap_or(content);
    content
        .split('\n')
        .enumerate()
        .map(|(i, line)| {
            parse_line(line.strip_suffix('\r').unwrap_or(line)).with_context(|| format!("{origin}:{}", i + 1))
        })
        .collect()
}

fn parse_line(line: &str) -> Result<Vec<Record>> {
    line.split("||")
        .filter(|r| !r.trim().is_empty())
        .enumerate()
        .map(|(k, r)| parse_record(r).with_context(|| format!("record {}: {r:?}", k + 1)))
        .collect()
}

fn parse_record(record: &str) -> Result<Record> {
    let fields: Vec<&str> = record.split(",,").collect();
    if fields.len() < 6 {
        bail!("expected at least 6 fields separated by ',,', found {}", fields.len());
    }
    let offset = |k: usize, what: &str| -> Result<i64> {
        fields[k]
            .trim()
            .parse()
            .map_err(|_| anyhow::anyhow!("{what} is not an integer: {:?}", fields[k]))
    };
    Ok(Record {
        name: fields[0].to_string(),
        surface: fields[1].to_string(),
        coords: LatLon::parse(fields[2], fields[3]).ok(),
        start: offset(4, "start")?,
        end: offset(5, "end")?,
    })
}

/// Whether a file's `end` offsets point at the last character (inclusive) or one past it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    Exclusive,
    Inclusive,
}

/// EUPEG's conversion of a corpus: document i is `texts_dir/i`, its gold is line i of `gold`.
pub fn load_texts_and_gold(kind: CorpusKind, texts_dir: &Path, gold: &Path, end: End) -> Result<Corpus> {
    let lines = read_file(gold)?;
    let gold_file = gold.display().to_string();
    let mut corpus = Corpus {
        kind,
        documents: Vec::with_capacity(lines.len()),
        notes: Vec::new(),
    };
    for (i, records) in lines.into_iter().enumerate() {
        let text_path = texts_dir.join(i.to_string());
        let text = std::fs::read_to_string(&text_path)
            .with_context(|| format!("{gold_file}:{}: reading its text {}", i + 1, text_path.display()))?;
        let at = format!("{gold_file}:{}", i + 1);
        let gold = anchor_records(&text, records, end, &at, &mut corpus.notes);
        corpus.documents.push(Document {
            id: i.to_string(),
            text,
            gold,
            not_gold: Vec::new(),
        });
    }
    Ok(corpus)
}

fn anchor_records(text: &str, records: Vec<Record>, end: End, at: &str, notes: &mut Vec<String>) -> Vec<GoldToponym> {
    let index = CharIndex::new(text);
    let mut gold = Vec::with_capacity(records.len());
    for r in records {
        let stop = if end == End::Inclusive { r.end + 1 } else { r.end };
        let (start, stop) = match anchor(&index, r.start, stop, &r.surface) {
            Anchor::AsGiven { start, end } => (start, end),
            Anchor::Moved { start, end } => {
                notes.push(format!(
                    "{at}: {:?} re-anchored from {}..{stop} to {start}..{end}",
                    r.surface, r.start
                ));
                (start, end)
            }
            Anchor::NotFound => {
                notes.push(format!(
                    "{at}: {:?} at {}..{stop} is not in the text; skipped",
                    r.surface, r.start
                ));
                continue;
            }
        };
        gold.push(GoldToponym {
            start,
            end: stop,
            // As written in the text, which may differ from the annotation in case or encoding.
            surface: index.slice(start, stop).unwrap_or_default().to_string(),
            geonameid: None,
            coords: r.coords,
            kind: "toponym".to_string(),
            name: Some(r.name),
        });
    }
    gold
}

/// The gold file and texts folder of an EUPEG corpus, given either the corpus folder or its gold file.
pub fn eupeg_paths(path: &Path, gold_name: &str, texts_name: &str) -> (std::path::PathBuf, std::path::PathBuf) {
    if path.is_dir() {
        (path.join(gold_name), path.join(texts_name))
    } else {
        let dir = path.parent().unwrap_or(Path::new("."));
        (path.to_path_buf(), dir.join(texts_name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_records_lines_and_quirks() {
        let content = "Santa Maria, California,,Santa Maria,,34.9514,,-120.4333,,0,,11||A,,B,,1,,2,,3,,4,,265.2||\n\nNo Gaz,,X,,,,,,5,,6||";
        let docs = parse(content, "t.txt").unwrap();
        assert_eq!(docs.len(), 3);
        assert_eq!(docs[0].len(), 2);
        assert_eq!(docs[0][0].name, "Santa Maria, California");
        assert_eq!(
            docs[0][0].coords,
            Some(LatLon {
                lat: 34.9514,
                lon: -120.4333
            })
        );
        assert_eq!((docs[0][1].start, docs[0][1].end), (3, 4));
        assert!(docs[1].is_empty());
        assert_eq!(docs[2][0].coords, None);
    }

    #[test]
    fn keeps_a_last_line_without_newline_and_names_bad_lines() {
        assert_eq!(parse("a,,b,,1,,2,,3,,4||\n", "f").unwrap().len(), 1);
        assert_eq!(parse("\n", "f").unwrap().len(), 1);
        let err = parse("a,,b,,1,,2,,3,,4||\na,,b,,1,,2,,x,,4||", "gold.txt").unwrap_err();
        let message = format!("{err:#}");
        assert!(message.contains("gold.txt:2") && message.contains("start"), "{message}");
    }

    #[test]
    fn loads_texts_with_inclusive_ends() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("texts")).unwrap();
        std::fs::write(dir.path().join("texts/0"), "Rain in Rivers State, Nigeria\r\n").unwrap();
        std::fs::write(dir.path().join("texts/1"), "nothing").unwrap();
        std::fs::write(
            dir.path().join("gold.txt"),
            "Rivers State,,Rivers,,4.7,,6.8,,8,,13||Nigeria,,Nigeria,,10,,8,,22,,28||\n",
        )
        .unwrap();
        let (gold, texts) = eupeg_paths(&dir.path().join("gold.txt"), "gold.txt", "texts");
        let corpus = load_texts_and_gold(CorpusKind::GeoCorpora, &texts, &gold, End::Inclusive).unwrap();
        assert_eq!(corpus.documents.len(), 1);
        let g = &corpus.documents[0].gold;
        assert_eq!((g[0].start, g[0].end, g[0].surface.as_str()), (8, 14, "Rivers"));
        assert_eq!((g[1].start, g[1].end), (22, 29));
        assert!(corpus.notes.is_empty(), "{:?}", corpus.notes);
    }
}
