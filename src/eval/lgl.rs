//! LGL (Lieberman et al. 2010) `lgl.xml`, and any corpus in its TR-style schema:
//! `<articles><article docid><text>…</text><toponyms><toponym><start/><end/><phrase/>
//! <gaztag geonameid><name/><lat/><lon/>…</gaztag></toponym>`.
//!
//! Offsets are code points, end exclusive. Some corpora in this schema drift by a few
//! characters, so each span is checked against its `<phrase>` and re-anchored to the nearest
//! occurrence when it moved. A toponym without `<gaztag>` (or without coordinates in it)
//! counts for recognition only.

use std::path::Path;

use anyhow::Result;

use super::text::{Anchor, CharIndex, anchor};
use super::xml::{self, Element};
use super::{Corpus, CorpusKind, Document, GoldToponym, LatLon};

pub fn load(path: &Path) -> Result<Corpus> {
    let root = xml::read_file(path)?;
    let file = path.display().to_string();
    let mut corpus = Corpus {
        kind: CorpusKind::Lgl,
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
    let id = article
        .attribute("docid")
        .map(str::to_string)
        .unwrap_or_else(|| position.to_string());
    let text = article.child("text").map(|t| t.text.clone()).unwrap_or_default();
    let index = CharIndex::new(&text);
    let mut gold = Vec::new();
    for toponym in article
        .child("toponyms")
        .into_iter()
        .flat_map(|t| t.children("toponym"))
    {
        let at = format!("{file}:{}: article {id}", toponym.line);
        if let Some(g) = read_toponym(toponym, &index, &at, notes)? {
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

fn read_toponym(
    toponym: &Element,
    index: &CharIndex,
    at: &str,
    notes: &mut Vec<String>,
) -> Result<Option<GoldToponym>> {
    let phrase = toponym.child("phrase").map(|p| p.text.as_str()).unwrap_or("");
    let start = parse_offset(toponym, "start", at)?;
    let end = parse_offset(toponym, "end", at)?;
    let (start, end) = match anchor(index, start, end, phrase) {
        Anchor::AsGiven { start, end } => (start, end),
        Anchor::Moved { start: s, end: e } => {
            notes.push(format!("{at}: {phrase:?} re-anchored from {start}..{end} to {s}..{e}"));
            (s, e)
        }
        Anchor::NotFound => {
            notes.push(format!(
                "{at}: {phrase:?} at {start}..{end} is not in the text; skipped"
            ));
            return Ok(None);
        }
    };
    let gaztag = toponym.child("gaztag");
    Ok(Some(GoldToponym {
        start,
        end,
        // As written in the text, which may differ from the annotation in case or encoding.
        surface: index.slice(start, end).unwrap_or_default().to_string(),
        geonameid: gaztag.map(|g| geonameid(g, at)).transpose()?.flatten(),
        coords: gaztag.map(|g| coordinates(g, at)).transpose()?.flatten(),
        kind: "toponym".to_string(),
        name: gaztag.and_then(|g| g.child_text("name")).map(str::to_string),
    }))
}

fn geonameid(gaztag: &Element, at: &str) -> Result<Option<u32>> {
    match gaztag.attribute("geonameid").map(str::trim).filter(|s| !s.is_empty()) {
        Some(id) => Ok(Some(
            id.parse().map_err(|_| anyhow::anyhow!("{at}: bad geonameid {id:?}"))?,
        )),
        None => Ok(None),
    }
}

fn coordinates(gaztag: &Element, at: &str) -> Result<Option<LatLon>> {
    match (gaztag.child_text("lat"), gaztag.child_text("lon")) {
        (Some(lat), Some(lon)) => Ok(Some(LatLon::parse(lat, lon).map_err(|e| anyhow::anyhow!("{at}: {e}"))?)),
        _ => Ok(None),
    }
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
    fn reads_tr_style_xml_with_drift_and_missing_gaztag() {
        let xml = r#"<?xml version="1.0" encoding="utf-8"?>
<articles>
  <article docid="7"><text><![CDATA[Café in Alexandria, near Rapides Parish.]]></text>
    <toponyms>
      <toponym><start>8</start><end>18</end><phrase>Alexandria</phrase>
        <gaztag geonameid="4314550"><name>Alexandria</name><lat>31.3113</lat><lon>-92.4451</lon></gaztag></toponym>
      <toponym><start>27</start><end>41</end><phrase>Rapides Parish</phrase></toponym>
      <toponym><start>0</start><end>5</end><phrase>Nowhere</phrase></toponym>
    </toponyms>
  </article>
</articles>"#;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("tr.xml");
        std::fs::write(&path, xml).unwrap();
        let corpus = load(&path).unwrap();
        let doc = &corpus.documents[0];
        assert_eq!(doc.id, "7");
        assert_eq!(doc.gold.len(), 2);
        assert_eq!(doc.gold[0].geonameid, Some(4314550));
        assert_eq!(
            doc.gold[0].coords,
            Some(LatLon {
                lat: 31.3113,
                lon: -92.4451
            })
        );
        // Recorded two characters late ("Café" is 4 code points but 5 bytes): re-anchored.
        assert_eq!((doc.gold[1].start, doc.gold[1].end), (25, 39));
        assert_eq!(doc.gold[1].coords, None);
        assert_eq!(corpus.notes.len(), 2, "{:?}", corpus.notes);
        assert!(corpus.notes[1].contains("skipped"));
    }
}
