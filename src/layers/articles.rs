//! `articles.geojson`: one MultiPoint per article (its distinct places, in order of first
//! mention), with its metadata, counts and focus; written as each article arrives.

use rustc_hash::FxHashSet as HashSet;
use std::path::Path;

use anyhow::Result;
use serde::Serialize;

use super::ArticleMeta;
use super::atomic::AtomicFile;
use super::geojson::{FeatureFile, FeatureFormat, Geometry, Position, RenderedFeatures};
use super::mentions::non_empty;
use crate::cite::ArticleResult;

#[derive(Debug, Serialize)]
struct ArticleProperties<'a> {
    article_id: &'a str,
    title: Option<&'a str>,
    pub_date: Option<&'a str>,
    url: Option<&'a str>,
    source: Option<&'a str>,
    /// Distinct places among the mentions that count as places.
    place_count: usize,
    /// All the article's features in the mentions layer (demonyms included).
    mention_count: usize,
    unresolved_count: usize,
    focus_country: Option<&'a str>,
    focus_geonameid: Option<u32>,
    focus_place: Option<&'a str>,
}

pub struct ArticlesLayer {
    file: FeatureFile,
}

impl ArticlesLayer {
    pub fn create(dir: &Path) -> Result<Self> {
        Ok(ArticlesLayer {
            file: FeatureFile::create(dir, "articles", FeatureFormat::Collection)?,
        })
    }

    /// Appends a feature made by [`render`].
    pub fn add(&mut self, feature: &RenderedFeatures) -> Result<()> {
        self.file.write_rendered(feature)
    }

    pub fn finish(self) -> Result<AtomicFile> {
        self.file.finish()
    }
}

/// The article's feature, ready for [`ArticlesLayer::add`].
pub fn render(article: &ArticleMeta, result: &ArticleResult) -> RenderedFeatures {
    let mut seen = HashSet::default();
    let mut points = Vec::new();
    for m in result.places() {
        if seen.insert(m.geonameid) {
            points.extend(Position::new(m.lon, m.lat));
        }
    }
    let focus = result.focus.as_ref();
    let properties = ArticleProperties {
        article_id: article.id,
        title: article.title,
        pub_date: article.pub_date.as_deref(),
        url: article.url,
        source: article.source,
        place_count: seen.len(),
        mention_count: result.mentions.len(),
        unresolved_count: result.unresolved.len(),
        focus_country: focus.and_then(|f| non_empty(&f.country_code)),
        focus_geonameid: focus.and_then(|f| f.place_geonameid),
        focus_place: focus.and_then(|f| f.place_name.as_deref()),
    };
    let geometry = (!points.is_empty()).then_some(Geometry::MultiPoint(points));
    let mut feature = RenderedFeatures::default();
    feature.push(geometry.as_ref(), &properties);
    feature
}
