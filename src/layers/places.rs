//! `places.geojson`: one Point per resolved place, with every article and sentence that cites it.

use std::path::Path;

use anyhow::Result;
use serde::Serialize;

use super::aggregate::{Citation, PlaceSummary};
use super::atomic::AtomicFile;
use super::geojson::{FeatureFile, FeatureFormat, Geometry};
use super::mentions::non_empty;

#[derive(Debug, Serialize)]
struct PlaceProperties<'a> {
    geonameid: u32,
    name: &'a str,
    country_code: Option<&'a str>,
    admin1: Option<&'a str>,
    admin1_code: Option<&'a str>,
    feature_code: &'a str,
    precision: &'static str,
    population: u32,
    mention_count: u64,
    article_count: u64,
    first_date: Option<String>,
    last_date: Option<String>,
    surfaces: Vec<&'a str>,
    articles: Vec<&'a str>,
    citations: Vec<CitationProperties<'a>>,
}

#[derive(Debug, Serialize)]
struct CitationProperties<'a> {
    article_id: &'a str,
    title: Option<&'a str>,
    date: Option<String>,
    url: Option<&'a str>,
    sentence: &'a str,
    char_start: usize,
    char_end: usize,
}

impl<'a> CitationProperties<'a> {
    fn new(c: &'a Citation) -> Self {
        CitationProperties {
            article_id: &c.article.id,
            title: c.article.title.as_deref(),
            date: c.article.date.map(|d| d.to_string()),
            url: c.article.url.as_deref(),
            sentence: &c.sentence,
            char_start: c.char_start,
            char_end: c.char_end,
        }
    }
}

impl<'a> PlaceProperties<'a> {
    fn new(p: &'a PlaceSummary) -> Self {
        PlaceProperties {
            geonameid: p.geonameid,
            name: &p.name,
            country_code: non_empty(&p.country_code),
            admin1: non_empty(&p.admin1),
            admin1_code: non_empty(&p.admin1_code),
            feature_code: &p.feature_code,
            precision: p.precision,
            population: p.population,
            mention_count: p.mention_count,
            article_count: p.article_count,
            first_date: p.first_date.map(|d| d.to_string()),
            last_date: p.last_date.map(|d| d.to_string()),
            surfaces: p.surfaces.iter().map(String::as_str).collect(),
            articles: p.articles.iter().map(|a| a.id.as_str()).collect(),
            citations: p.citations.iter().map(CitationProperties::new).collect(),
        }
    }
}

/// The places file is opened with the others (so an unwritable folder fails before any work)
/// and filled at the end, when every article has been counted.
pub struct PlacesLayer {
    file: FeatureFile,
}

impl PlacesLayer {
    pub fn create(dir: &Path) -> Result<Self> {
        Ok(PlacesLayer {
            file: FeatureFile::create(dir, "places", FeatureFormat::Collection)?,
        })
    }

    pub fn write_all(mut self, places: &[PlaceSummary]) -> Result<AtomicFile> {
        for place in places {
            let geometry = place.position.map(Geometry::Point);
            self.file.write(geometry.as_ref(), &PlaceProperties::new(place))?;
        }
        self.file.finish()
    }
}
