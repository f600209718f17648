//! `countries.geojson` and `admin1.geojson`: the bundled Natural Earth outline of every country
//! and first-level division a place mention falls in, with mention and article counts, ready
//! for a choropleth. The outlines are valid, right-hand wound and split at the antimeridian
//! when bundled (see [`crate::gazetteer::polygons`]).

use std::collections::{HashMap, HashSet};
use std::path::Path;

use anyhow::Result;
use serde::Serialize;

use super::atomic::AtomicFile;
use serde_json::value::RawValue;

use super::geojson::{FeatureFile, FeatureFormat};
use crate::cite::ArticleResult;
use crate::gazetteer::polygons::{Outline, RegionLevel, load_outlines};

/// How often one country or division is mentioned.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RegionCount {
    pub country_code: String,
    pub mention_count: u64,
    pub article_count: u64,
    /// The sequence number of the last article counted, so each article counts once.
    last_article: u64,
}

impl RegionCount {
    fn count(&mut self, seq: u64) {
        self.mention_count += 1;
        if self.last_article != seq {
            self.last_article = seq;
            self.article_count += 1;
        }
    }
}

/// Place mentions counted by country (ISO alpha-2) and by division (GeoNames admin-1 code).
#[derive(Default)]
pub struct RegionCounts {
    pub countries: HashMap<String, RegionCount>,
    pub admin1: HashMap<String, RegionCount>,
    articles_seen: u64,
}

impl RegionCounts {
    pub fn add(&mut self, result: &ArticleResult) {
        self.articles_seen += 1;
        let seq = self.articles_seen;
        for m in result.places() {
            if !m.country_code.is_empty() {
                let entry = self.countries.entry(m.country_code.clone()).or_default();
                entry.country_code.clone_from(&m.country_code);
                entry.count(seq);
            }
            if !m.admin1_code.is_empty() {
                let entry = self.admin1.entry(m.admin1_code.clone()).or_default();
                entry.country_code.clone_from(&m.country_code);
                entry.count(seq);
            }
        }
    }
}

/// A counted region with its outline (none when Natural Earth has no outline for the code).
#[derive(Debug)]
pub struct CountedRegion {
    pub level: RegionLevel,
    pub code: String,
    pub name: Option<String>,
    pub country_code: String,
    pub mention_count: u64,
    pub article_count: u64,
    /// The bundle's MultiPolygon, as JSON.
    pub geometry: Option<Box<RawValue>>,
}

/// The counted regions of one level with their outlines, most mentioned first (ties by code).
pub fn counted_regions(level: RegionLevel, counts: &HashMap<String, RegionCount>) -> Result<Vec<CountedRegion>> {
    let wanted: HashSet<&str> = counts.keys().map(String::as_str).collect();
    let mut outlines: HashMap<String, Outline> = load_outlines(level, &wanted)?
        .into_iter()
        .map(|r| (r.properties.code.clone(), r))
        .collect();
    let mut regions: Vec<CountedRegion> = counts
        .iter()
        .map(|(code, count)| {
            let outline = outlines.remove(code);
            CountedRegion {
                level,
                code: code.clone(),
                name: outline.as_ref().map(|r| r.properties.name.clone()),
                country_code: count.country_code.clone(),
                mention_count: count.mention_count,
                article_count: count.article_count,
                geometry: outline.map(|r| r.geometry),
            }
        })
        .collect();
    regions.sort_unstable_by(|a, b| b.mention_count.cmp(&a.mention_count).then_with(|| a.code.cmp(&b.code)));
    Ok(regions)
}

#[derive(Serialize)]
struct CountryProperties<'a> {
    country_code: &'a str,
    name: Option<&'a str>,
    mention_count: u64,
    article_count: u64,
}

#[derive(Serialize)]
struct Admin1Properties<'a> {
    admin1_code: &'a str,
    name: Option<&'a str>,
    country_code: &'a str,
    mention_count: u64,
    article_count: u64,
}

/// `countries.geojson` or `admin1.geojson`, opened with the other layers and filled at the end.
pub struct PolygonLayer {
    file: FeatureFile,
}

impl PolygonLayer {
    pub fn create(dir: &Path, level: RegionLevel) -> Result<Self> {
        let name = match level {
            RegionLevel::Country => "countries",
            RegionLevel::Admin1 => "admin1",
        };
        Ok(PolygonLayer {
            file: FeatureFile::create(dir, name, FeatureFormat::Collection)?,
        })
    }

    pub fn write_all(mut self, regions: &[CountedRegion]) -> Result<AtomicFile> {
        for r in regions {
            let geometry = r.geometry.as_ref();
            match r.level {
                RegionLevel::Country => self.file.write(
                    geometry,
                    &CountryProperties {
                        country_code: &r.code,
                        name: r.name.as_deref(),
                        mention_count: r.mention_count,
                        article_count: r.article_count,
                    },
                )?,
                RegionLevel::Admin1 => self.file.write(
                    geometry,
                    &Admin1Properties {
                        admin1_code: &r.code,
                        name: r.name.as_deref(),
                        country_code: &r.country_code,
                        mention_count: r.mention_count,
                        article_count: r.article_count,
                    },
                )?,
            };
        }
        self.file.finish()
    }
}
