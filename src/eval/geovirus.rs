//! GeoVirus (Gritta et al. 2018), `GeoVirus.xml`: `<articles><article><source/><text/>
//! <locations><location><name/><start/><end/><lat/><lon/><page/>`. Gold has coordinates and a
//! Wikipedia page, no GeoNames id.
//!
//! Every offset in the file is one too high (`text[start-1:end-1] == name` for all 2,167), so
//! the loader subtracts one; the EUPEG system outputs already use the corrected offsets.

use std::path::Path;

use anyhow::Result;

use super::text::{Anchor, CharIndex, anchor};
use super::xml::{self, Element};
use super::{Corpus, CorpusKind, Document, GoldToponym, LatLon};

/// What the file's offsets are off by.
const OFFSET_SHIFT: i64 = 1;

pub fn load(path: &Path) -> Result<Corpus> {
    let root = xml::read_file(path)?;
    let file = path.display().to_string();
    let mut corpus = Corpus {
        kind: CorpusKind::GeoVirus,
        documents: Vec::new(),
        notes: Vec::new(),
    };
    for (k, article) in root.children("article").enumerate() {
        let document = read_article(article, k, &file, &mut corpus.notes)?;
        corpus.documents.push(document);
    }
    Ok(corpus)
}

fn read_article(article: &Element, position: usize, file: &str, notes: &mut Vec<String>) -> Result<Document> {
    // Sources repeat (one WikiNews story split into several articles), so the id is the position.
    let id = position.to_string();
    let text = article.child("text").map(|t| t.text.clone()).unwrap_or_default();
    let index = CharIndex::new(&text);
    let mut gold = Vec::new();
    for location in article
        .child("locations")
        .into_iter()
        .flat_map(|l| l.children("location"))
    {
        let at = format!("{file}:{}: article {id}", location.line);
        if let Some(g) = read_location(location, &index, &at, notes)? {
            gold.push(g);
        }
    }
    Ok(Document {
        id,
        text,
        gold,
        not_gold: Vec::new(),
    })
}

fn read_location(
    location: &Element,
    index: &CharIndex,
    at: &str,
    notes: &mut Vec<String>,
) -> Result<Option<GoldToponym>> {
    let name = location.child("name").map(|n| n.text.as_str()).unwrap_or("");
    let start = parse_offset(location, "start", at)? - OFFSET_SHIFT;
    let end = parse_offset(location, "end", at)? - OFFSET_SHIFT;
    let (start, end) = match anchor(index, start, end, name) {
        Anchor::AsGiven { start, end } => (start, end),
        Anchor::Moved { start: s, end: e } => {
            notes.push(format!(
                "{at}: {name:?} re-anchored from {start}..{end} to {s}..{e} (after the -1 shift)"
            ));
            (s, e)
        }
        Anchor::NotFound => {
            notes.push(format!(
                "{at}: {name:?} at {start}..{end} (after the -1 shift) is not in the text; skipped"
            ));
            return Ok(None);
        }
    };
    let coords = match (location.child_text("lat"), location.child_text("lon")) {
        (Some(lat), Some(lon)) => Some(LatLon::parse(lat, lon).map_err(|e| anyhow::anyhow!("{at}: {e}"))?),
        _ => None,
    };
    Ok(Some(GoldToponym {
        start,
        end,
        // As written in the text, which may differ from the annotation in case or encoding.
        surface: index.slice(start, end).unwrap_or_default().to_string(),
        geonameid: None,
        coords,
        kind: "toponym".to_string(),
        name: location.child_text("page").map(wikipedia_title),
    }))
}

/// "https://en.wikipedia.org/wiki/Pandi,_Bulacan" → "Pandi, Bulacan".
fn wikipedia_title(page: &str) -> String {
    page.rsplit('/').next().unwrap_or(page).replace('_', " ")
}

fn parse_offset(location: &Element, field: &str, at: &str) -> Result<i64> {
    let raw = location
        .child_text(field)
        .ok_or_else(|| anyhow::anyhow!("{at}: location without <{field}>"))?;
    raw.parse()
        .map_err(|_| anyhow::anyhow!("{at}: <{field}> is not an integer: {raw:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shifts_offsets_down_by_one() {
        let xml = "<articles><article><source>u</source><text>A farm in Pandi, Bulacan.</text><locations>\
            <location><name>Pandi</name><start>11</start><end>16</end><lat>14.87</lat><lon>120.95</lon>\
            <page>https://en.wikipedia.org/wiki/Pandi,_Bulacan</page></location></locations></article></articles>";
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("GeoVirus.xml");
        std::fs::write(&path, xml).unwrap();
        let corpus = load(&path).unwrap();
        let g = &corpus.documents[0].gold[0];
        assert_eq!((g.start, g.end), (10, 15));
        assert_eq!(g.name.as_deref(), Some("Pandi, Bulacan"));
        assert!(corpus.notes.is_empty(), "{:?}", corpus.notes);
    }
}
