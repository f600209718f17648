//! GeoWebNews (Gritta et al. 2019), `GWN.xml`:
//! `<articles><article file="N"><text/><toponyms><toponym>` with `extractedName, type, start, end`
//! and, when resolved, `geonamesID, latitude, longitude`. Offsets are code points, end exclusive.

use std::path::Path;

use anyhow::Result;

use super::text::{Anchor, CharIndex, anchor};
use super::xml::{self, Element};
use super::{Corpus, CorpusKind, Document, GoldToponym, LatLon};

/// Classes a geoparser should find and place (Gritta et al.'s toponym taxonomy).
pub const GOLD_TYPES: [&str; 8] = [
    "Literal",
    "Mixed",
    "Metonymic",
    "Literal_Modifier",
    "Non_Literal_Modifier",
    "Embedded_Literal",
    "Embedded_Non_Lit",
    "Coercion",
];

/// Annotated, but not toponyms a geoparser should report.
pub const NOT_GOLD_TYPES: [&str; 6] = [
    "Demonym",
    "Language",
    "Homonym",
    "Non_Toponym",
    "Literal_Expression",
    "Non_Lit_Expression",
];

pub fn load(path: &Path) -> Result<Corpus> {
    let root = xml::read_file(path)?;
    let file = path.display().to_string();
    let mut corpus = Corpus {
        kind: CorpusKind::Gwn,
        documents: Vec::new(),
        notes: Vec::new(),
    };
    for article in root.children("article") {
        let document = read_article(article, &file, &mut corpus.notes)?;
        corpus.documents.push(document);
    }
    Ok(corpus)
}

fn read_article(article: &Element, file: &str, notes: &mut Vec<String>) -> Result<Document> {
    let id = article.attribute("file").unwrap_or("").to_string();
    let text = article.child("text").map(|t| t.text.clone()).unwrap_or_default();
    let index = CharIndex::new(&text);
    let mut document = Document {
        id: id.clone(),
        ..Document::default()
    };
    for toponym in article
        .child("toponyms")
        .into_iter()
        .flat_map(|t| t.children("toponym"))
    {
        let at = format!("{file}:{}: article {id}", toponym.line);
        let Some(read) = read_toponym(toponym, &index, &at, notes)? else {
            continue;
        };
        if GOLD_TYPES.contains(&read.kind.as_str()) {
            document.gold.push(read);
        } else {
            if !NOT_GOLD_TYPES.contains(&read.kind.as_str()) {
                notes.push(format!(
                    "{at}: unknown toponym type {:?}; not scored as gold",
                    read.kind
                ));
            }
            document.not_gold.push(read);
        }
    }
    document.text = text;
    Ok(document)
}

/// One `<toponym>`; None (with a note) when its offsets cannot be placed in the text.
fn read_toponym(
    toponym: &Element,
    index: &CharIndex,
    at: &str,
    notes: &mut Vec<String>,
) -> Result<Option<GoldToponym>> {
    let surface = toponym.child("extractedName").map(|e| e.text.as_str()).unwrap_or("");
    let kind = toponym.child_text("type").unwrap_or("").to_string();
    let start = parse_offset(toponym, "start", at)?;
    let end = parse_offset(toponym, "end", at)?;
    let (start, end) = match anchor(index, start, end, surface) {
        Anchor::AsGiven { start, end } => (start, end),
        Anchor::Moved { start: s, end: e } => {
            notes.push(format!(
                "{at}: {kind} {surface:?} re-anchored from {start}..{end} to {s}..{e}"
            ));
            (s, e)
        }
        Anchor::NotFound => {
            notes.push(format!(
                "{at}: {kind} {surface:?} at {start}..{end} is not in the text; skipped"
            ));
            return Ok(None);
        }
    };
    let coords = match (toponym.child_text("latitude"), toponym.child_text("longitude")) {
        (Some(lat), Some(lon)) => Some(LatLon::parse(lat, lon).map_err(|e| anyhow::anyhow!("{at}: {e}"))?),
        _ => None,
    };
    let geonameid = match toponym.child_text("geonamesID") {
        Some(id) => Some(id.parse().map_err(|_| anyhow::anyhow!("{at}: bad geonamesID {id:?}"))?),
        None => None,
    };
    Ok(Some(GoldToponym {
        start,
        end,
        // As written in the text, which may differ from the annotation in case or encoding.
        surface: index.slice(start, end).unwrap_or_default().to_string(),
        geonameid,
        coords,
        kind,
        name: toponym.child_text("normalisedName").map(str::to_string),
    }))
}

fn parse_offset(toponym: &Element, field: &str, at: &str) -> Result<i64> {
    let raw = toponym
        .child_text(field)
        .ok_or_else(|| anyhow::anyhow!("{at}: toponym without <{field}>"))?;
    raw.parse()
        .map_err(|_| anyhow::anyhow!("{at}: <{field}> is not an integer: {raw:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_gold_from_other_classes_and_skips_broken_offsets() {
        let xml = r#"<articles><article file="3"><text>Moscow said Russians in Paris &amp; Nice</text><toponyms>
            <toponym><extractedName>Moscow</extractedName><normalisedName>Moscow</normalisedName><type>Metonymic</type>
              <start>0</start><end>6</end><geonamesID>524901</geonamesID><latitude>55.75</latitude><longitude>37.61</longitude></toponym>
            <toponym><extractedName>Russians</extractedName><type>Demonym</type><start>12</start><end>20</end></toponym>
            <toponym><extractedName>Nice</extractedName><type>Literal</type><start>32</start><end>36</end>
              <geonamesID></geonamesID><latitude>43.7</latitude><longitude>7.26</longitude></toponym>
            <toponym><extractedName>US</extractedName><type>Literal</type><start>-239</start><end>-237</end></toponym>
            </toponyms></article></articles>"#;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("GWN.xml");
        std::fs::write(&path, xml).unwrap();
        let corpus = load(&path).unwrap();
        let doc = &corpus.documents[0];
        assert_eq!(doc.id, "3");
        assert_eq!(doc.gold.len(), 2);
        assert_eq!(doc.gold[0].geonameid, Some(524901));
        assert_eq!(doc.gold[0].kind, "Metonymic");
        // "&amp;" is one character: "Nice" sits at 32..36 in the unescaped text.
        assert_eq!(doc.gold[1].surface, "Nice");
        assert_eq!(doc.gold[1].geonameid, None);
        assert!(doc.gold[1].coords.is_some());
        assert_eq!(doc.not_gold.len(), 1);
        assert_eq!(corpus.notes.len(), 1, "{:?}", corpus.notes);
        assert!(corpus.notes[0].contains("GWN.xml:"), "{:?}", corpus.notes);
    }
}
