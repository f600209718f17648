//! `mentions.csv`: the mentions layer for spreadsheets, with `lon` and `lat` columns.

use std::borrow::Cow;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use super::ArticleMeta;
use super::atomic::AtomicFile;
use super::csv_row::RowWriter;
use super::geojson::{Position, writing};
use super::mentions::{CSV_COLUMNS, MentionProperties};
use crate::cite::Mention;

/// The mentions' CSV rows, ready for [`MentionsCsv::add`].
pub fn render(article: &ArticleMeta, mentions: &[Mention], sentences: &[Cow<str>]) -> Vec<u8> {
    let mut rows = Vec::with_capacity(super::rows_size_hint(sentences, 192));
    for (m, sentence) in mentions.iter().zip(sentences) {
        write_row(
            &MentionProperties::new(article, m, sentence),
            Position::new(m.lon, m.lat),
            &mut rows,
        );
    }
    rows
}

/// One row: the columns of [`CSV_COLUMNS`], in order.
fn write_row(p: &MentionProperties, position: Option<Position>, out: &mut Vec<u8>) {
    let mut row = RowWriter::begin(out);
    row.str(p.article_id)
        .opt_str(p.title)
        .opt_str(p.pub_date)
        .opt_str(p.url)
        .opt_str(p.source)
        .str(p.surface)
        .uint(p.char_start as u64)
        .uint(p.char_end as u64)
        .str(p.sentence)
        .str(p.kind)
        .bool(p.is_place)
        .uint(u64::from(p.geonameid))
        .str(p.name)
        .opt_str(p.country_code)
        .opt_str(p.admin1)
        .opt_str(p.admin1_code)
        .str(p.feature_code)
        .str(p.precision)
        .float(Some(p.confidence))
        .float(position.map(Position::lon))
        .float(position.map(Position::lat));
    row.end();
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
    use serde::Serialize;

    use super::*;
    use crate::cite::Mention;
    use crate::gazetteer::Precision;
    use crate::recognize::MentionKind;

    #[derive(Serialize)]
    struct Coordinates {
        lon: Option<f64>,
        lat: Option<f64>,
    }

    /// The row as the `csv` crate serialises the mention's properties and coordinates, with
    /// the header it derives from their field names.
    fn as_serde_writes(meta: &ArticleMeta, mention: &Mention) -> String {
        let position = Position::new(mention.lon, mention.lat);
        let coordinates = Coordinates {
            lon: position.map(Position::lon),
            lat: position.map(Position::lat),
        };
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer
            .serialize((MentionProperties::new(meta, mention, &mention.sentence), coordinates))
            .unwrap();
        String::from_utf8(writer.into_inner().unwrap()).unwrap()
    }

    fn aleppo() -> Mention {
        Mention {
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
        }
    }

    /// The hand-written header must name the serialised fields, in order, and the hand-written
    /// rows must be what serialising them would write.
    #[test]
    fn header_and_rows_match_the_serialised_fields() {
        let mention = aleppo();
        let article = crate::ingest::Article::new("a", "Aleppo.");
        let meta = ArticleMeta::new(&article);
        let serde = as_serde_writes(&meta, &mention);
        let header = serde.lines().next().unwrap();
        assert_eq!(header, CSV_COLUMNS.map(|(name, _)| name).join(","));
        let rows = render(&meta, &[mention], &["Aleppo.".into()]);
        assert_eq!(
            String::from_utf8(rows).unwrap(),
            "a,,,,,Aleppo,0,6,Aleppo.,place,true,170063,Aleppo,SY,,,PPLA,place,0.9,37.16117,36.20124\n"
        );
    }

    #[test]
    fn awkward_rows_match_the_csv_crate() {
        let mut article = crate::ingest::Article::new("id, \"quoted\"", "text");
        article.title = Some("Raqqa:\n\"retaken\", again\r".into());
        article.url = Some("https://example.org/?a=1,2".into());
        let meta = ArticleMeta::new(&article);
        let unlocated = Mention {
            sentence: "\"Aleppo,\" he said.\nThen: \"\"".into(),
            is_place: false,
            country_code: String::new(),
            confidence: 0.00001,
            lon: f64::NAN,
            ..aleppo()
        };
        let far_west = Mention {
            admin1: "Ḩalab, \"north\"".into(),
            lon: -179.9999996,
            lat: -0.0000004,
            ..aleppo()
        };
        for mention in [unlocated, far_west] {
            let ours = render(
                &meta,
                std::slice::from_ref(&mention),
                &[Cow::Borrowed(&*mention.sentence)],
            );
            let serde = as_serde_writes(&meta, &mention);
            let serde_row = &serde[serde.find('\n').unwrap() + 1..];
            assert_eq!(String::from_utf8(ours).unwrap(), serde_row);
        }
    }
}
