//! `mentions.geojson` and `mentions.csv`: one row per mention, in input order, written as each
//! article arrives.

use std::borrow::Cow;
use std::path::Path;

use anyhow::Result;
use serde::Serialize;

use super::ArticleMeta;
use super::atomic::AtomicFile;
use super::geojson::{FeatureFile, FeatureFormat, Geometry, Position, RenderedFeatures, SCORE_DECIMALS, round};
use super::json::{ObjectWriter, WriteJson};
use crate::cite::Mention;

/// A mention's properties, flat for QGIS; `None` is written as `null` (an empty CSV field).
#[derive(Debug, Serialize)]
pub struct MentionProperties<'a> {
    pub article_id: &'a str,
    pub title: Option<&'a str>,
    pub pub_date: Option<&'a str>,
    pub url: Option<&'a str>,
    pub source: Option<&'a str>,
    pub surface: &'a str,
    pub char_start: usize,
    pub char_end: usize,
    pub sentence: &'a str,
    pub kind: &'static str,
    pub is_place: bool,
    pub geonameid: u32,
    pub name: &'a str,
    pub country_code: Option<&'a str>,
    pub admin1: Option<&'a str>,
    pub admin1_code: Option<&'a str>,
    pub feature_code: &'a str,
    pub precision: &'static str,
    pub confidence: f64,
}

impl<'a> MentionProperties<'a> {
    /// `sentence` is the sentence as quoted (see [`super::excerpt`]).
    pub fn new(article: &'a ArticleMeta<'a>, m: &'a Mention, sentence: &'a str) -> Self {
        MentionProperties {
            article_id: article.id,
            title: article.title,
            pub_date: article.pub_date.as_deref(),
            url: article.url,
            source: article.source,
            surface: &m.surface,
            char_start: m.char_start,
            char_end: m.char_end,
            sentence,
            kind: m.kind.as_str(),
            is_place: m.is_place,
            geonameid: m.geonameid,
            name: &m.name,
            country_code: non_empty(&m.country_code),
            admin1: non_empty(&m.admin1),
            admin1_code: non_empty(&m.admin1_code),
            feature_code: &m.feature_code,
            precision: m.precision.as_str(),
            confidence: round(m.confidence, SCORE_DECIMALS),
        }
    }
}

impl WriteJson for MentionProperties<'_> {
    fn write_json(&self, out: &mut Vec<u8>) {
        let mut row = ObjectWriter::begin(out);
        row.str("article_id", self.article_id)
            .opt_str("title", self.title)
            .opt_str("pub_date", self.pub_date)
            .opt_str("url", self.url)
            .opt_str("source", self.source)
            .str("surface", self.surface)
            .uint("char_start", self.char_start as u64)
            .uint("char_end", self.char_end as u64)
            .str("sentence", self.sentence)
            .str("kind", self.kind)
            .bool("is_place", self.is_place)
            .uint("geonameid", u64::from(self.geonameid))
            .str("name", self.name)
            .opt_str("country_code", self.country_code)
            .opt_str("admin1", self.admin1)
            .opt_str("admin1_code", self.admin1_code)
            .str("feature_code", self.feature_code)
            .str("precision", self.precision)
            .value("confidence", &self.confidence);
        row.end();
    }
}

/// The CSV columns and their types for GDAL's `.csvt` sidecar (so that QGIS and `ogrinfo` read
/// numbers, dates and a point geometry instead of text): the properties, then the coordinates.
pub const CSV_COLUMNS: [(&str, &str); 21] = [
    ("article_id", "String"),
    ("title", "String"),
    ("pub_date", "Date"),
    ("url", "String"),
    ("source", "String"),
    ("surface", "String"),
    ("char_start", "Integer"),
    ("char_end", "Integer"),
    ("sentence", "String"),
    ("kind", "String"),
    ("is_place", "Integer(Boolean)"),
    ("geonameid", "Integer"),
    ("name", "String"),
    ("country_code", "String"),
    ("admin1", "String"),
    ("admin1_code", "String"),
    ("feature_code", "String"),
    ("precision", "String"),
    ("confidence", "Real"),
    ("lon", "CoordX"),
    ("lat", "CoordY"),
];

pub(crate) fn non_empty(value: &str) -> Option<&str> {
    (!value.is_empty()).then_some(value)
}

/// The mentions' features, ready for [`MentionsLayer::add`]. `sentences` are the mentions'
/// sentences as quoted (see [`super::excerpt`]).
pub fn render(article: &ArticleMeta, mentions: &[Mention], sentences: &[Cow<str>]) -> RenderedFeatures {
    let mut features = RenderedFeatures::with_capacity(mentions.len(), super::rows_size_hint(sentences, 512));
    for (m, sentence) in mentions.iter().zip(sentences) {
        let geometry = Position::new(m.lon, m.lat).map(Geometry::Point);
        features.push_json(geometry.as_ref(), &MentionProperties::new(article, m, sentence));
    }
    features
}

/// `mentions.geojson` (or `.geojsons`), one Point per mention.
pub struct MentionsLayer {
    file: FeatureFile,
}

impl MentionsLayer {
    pub fn create(dir: &Path, format: FeatureFormat) -> Result<Self> {
        Ok(MentionsLayer {
            file: FeatureFile::create(dir, "mentions", format)?,
        })
    }

    pub fn add(&mut self, features: &RenderedFeatures) -> Result<()> {
        self.file.write_rendered(features)
    }

    pub fn finish(self) -> Result<AtomicFile> {
        self.file.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layers::json::assert_writes_as_serde_json;

    #[test]
    fn a_mention_writes_itself_as_serde_json_would() {
        let full = MentionProperties {
            article_id: "a\"1",
            title: Some("Raqqa: \"liberated\"\n"),
            pub_date: Some("2016-05-01"),
            url: Some("https://example.org/a?b=1&c=\\"),
            source: Some("SANA"),
            surface: "Deir el-Zour",
            char_start: 0,
            char_end: 12,
            sentence: "He said:\t“Deir el-Zour is besieged.”\u{1}",
            kind: "place",
            is_place: true,
            geonameid: 170_794,
            name: "Deir ez-Zor",
            country_code: Some("SY"),
            admin1: Some("Deir ez-Zor"),
            admin1_code: Some("SY.05"),
            feature_code: "PPLA",
            precision: "place",
            confidence: 0.8125,
        };
        assert_writes_as_serde_json(&full);
        let sparse = MentionProperties {
            title: None,
            pub_date: None,
            url: None,
            source: None,
            is_place: false,
            country_code: None,
            admin1: None,
            admin1_code: None,
            confidence: 1.0,
            ..full
        };
        assert_writes_as_serde_json(&sparse);
    }
}
