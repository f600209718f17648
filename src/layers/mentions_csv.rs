//! `mentions.csv`: the mentions layer for spreadsheets, with `lon` and `lat` columns.

use std::borrow::Cow;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::Serialize;

use super::ArticleMeta;
use super::atomic::AtomicFile;
use super::geojson::{Position, writing};
use super::mentions::{CSV_COLUMNS, MentionProperties};
use crate::cite::Mention;

#[derive(Serialize)]
struct Coordinates {
    lon: Option<f64>,
    lat: Option<f64>,
}

impl Coordinates {
    fn of(m: &Mention) -> Coordinates {
        let position = Position::new(m.lon, m.lat);
        Coordinates {
            lon: position.map(Position::lon),
            lat: position.map(Position::lat),
        }
    }
}

/// The mentions' CSV rows, ready for [`MentionsCsv::add`].
pub fn render(article: &ArticleMeta, mentions: &[Mention], sentences: &[Cow<str>]) -> Vec<u8> {
    let mut writer = csv_writer(Vec::new());
    for (m, sentence) in mentions.iter().zip(sentences) {
        let row = (MentionProperties::new(article, m, sentence), Coordinates::of(m));
        writer.serialize(row).expect("writing CSV to memory cannot fail");
    }
    writer.into_inner().expect("writing CSV to memory cannot fail")
}

fn csv_writer<W: Write>(out: W) -> csv::Writer<W> {
    csv::WriterBuilder::new().has_headers(false).from_writer(out)
}

pub struct MentionsCsv {
    file: AtomicFile,
    path: PathBuf,
    csvt: AtomicFile,
}

impl MentionsCsv {
    pub fn create(dir: &Path) -> Result<Self> {
        let path = dir.join("mentions.csv");
        let mut file = AtomicFile::create(&path)?;
        // The header is written by hand so that a run without mentions still names the columns.
        let mut header = csv_writer(Vec::new());
        header
            .write_record(CSV_COLUMNS.map(|(name, _)| name))
            .expect("writing CSV to memory cannot fail");
        let header = header.into_inner().expect("writing CSV to memory cannot fail");
        file.write_all(&header).with_context(|| writing(&path))?;
        let csvt = write_csvt(&path, &CSV_COLUMNS.map(|(_, kind)| kind))?;
        Ok(MentionsCsv { file, path, csvt })
    }

    /// Appends rows made by [`render`].
    pub fn add(&mut self, rows: &[u8]) -> Result<()> {
        self.file.write_all(rows).with_context(|| writing(&self.path))
    }

    /// The CSV and its `.csvt` sidecar.
    pub fn finish(self) -> Result<[AtomicFile; 2]> {
        Ok([self.file, self.csvt])
    }
}

/// Writes the GDAL `.csvt` sidecar of a CSV file: one line naming each column's type.
pub(crate) fn write_csvt(csv_path: &Path, types: &[&str]) -> Result<AtomicFile> {
    let path = csv_path.with_extension("csvt");
    let mut file = AtomicFile::create(&path)?;
    let line: Vec<String> = types.iter().map(|t| format!("\"{t}\"")).collect();
    writeln!(file, "{}", line.join(",")).with_context(|| writing(&path))?;
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cite::Mention;
    use crate::gazetteer::Precision;
    use crate::recognize::MentionKind;

    /// The hand-written header must name the serialised fields, in order.
    #[test]
    fn header_matches_the_serialised_fields() {
        let mention = Mention {
            surface: "Aleppo".into(),
            char_start: 0,
            char_end: 6,
            sentence: "Aleppo.".into(),
            sentence_start: 0,
            kind: MentionKind::Place,
            is_place: true,
            geonameid: 170063,
            name: "Aleppo".into(),
            country_code: "SY".into(),
            admin1: String::new(),
            admin1_code: String::new(),
            feature_code: "PPLA".into(),
            precision: Precision::Place,
            population: 0,
            confidence: 0.9,
            lon: 37.16117,
            lat: 36.20124,
        };
        let article = crate::ingest::Article::new("a", "Aleppo.");
        let meta = ArticleMeta::new(&article);
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer
            .serialize((
                MentionProperties::new(&meta, &mention, "Aleppo."),
                Coordinates::of(&mention),
            ))
            .unwrap();
        let text = String::from_utf8(writer.into_inner().unwrap()).unwrap();
        let header = text.lines().next().unwrap();
        assert_eq!(header, CSV_COLUMNS.map(|(name, _)| name).join(","));
        assert_eq!(
            text.lines().nth(1).unwrap(),
            "a,,,,,Aleppo,0,6,Aleppo.,place,true,170063,Aleppo,SY,,,PPLA,place,0.9,37.16117,36.20124"
        );
    }
}
