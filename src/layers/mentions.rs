//! `mentions.geojson` and `mentions.csv`: one row per mention, in input order, written as each
//! article arrives.

use std::path::Path;

use anyhow::Result;
use serde::Serialize;

use super::ArticleMeta;
use super::atomic::AtomicFile;
use super::geojson::{FeatureFile, FeatureFormat, Geometry, Position, SCORE_DECIMALS, round};
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
    pub fn new(article: &'a ArticleMeta<'a>, m: &'a Mention) -> Self {
        MentionProperties {
            article_id: article.id,
            title: article.title,
            pub_date: article.pub_date.as_deref(),
            url: article.url,
            source: article.source,
            surface: &m.surface,
            char_start: m.char_start,
            char_end: m.char_end,
            sentence: &m.sentence,
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

/// The CSV header: the properties, then the coordinates (spreadsheets have no geometry).
pub const CSV_HEADER: [&str; 21] = [
    "article_id",
    "title",
    "pub_date",
    "url",
    "source",
    "surface",
    "char_start",
    "char_end",
    "sentence",
    "kind",
    "is_place",
    "geonameid",
    "name",
    "country_code",
    "admin1",
    "admin1_code",
    "feature_code",
    "precision",
    "confidence",
    "lon",
    "lat",
];

pub(crate) fn non_empty(value: &str) -> Option<&str> {
    (!value.is_empty()).then_some(value)
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

    pub fn add(&mut self, article: &ArticleMeta, mentions: &[Mention]) -> Result<()> {
        for m in mentions {
            let geometry = Position::new(m.lon, m.lat).map(Geometry::Point);
            self.file
                .write(geometry.as_ref(), &MentionProperties::new(article, m))?;
        }
        Ok(())
    }

    pub fn finish(self) -> Result<AtomicFile> {
        self.file.finish()
    }
}
