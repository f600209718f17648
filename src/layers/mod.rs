//! Output layers: GeoJSON and CSV writers, fed one [`ArticleResult`] at a time in input order.
//!
//! | file | written | holds |
//! |---|---|---|
//! | `mentions.geojson` | as articles arrive | one Point per mention |
//! | `mentions.csv` | as articles arrive | the same rows, with `lon`/`lat` (and a `.csvt`) |
//! | `articles.geojson` | as articles arrive | one MultiPoint per article |
//! | `places.geojson` | at the end | one Point per place, with its citations ([`aggregate`]) |
//! | `unresolved.csv` | at the end | names that matched nothing ([`aggregate`]) (and a `.csvt`) |
//! | `countries.geojson`, `admin1.geojson` | at the end | outlines of the regions mentioned ([`polygons`]) |
//! | `map.html` | at the end | a Leaflet map of all of the above ([`map_page`]) |
//! | `geocite.qgs` | at the end | a QGIS project opening the layers, styled ([`qgis_project`]) |
//!
//! Every file is written beside its destination and renamed into place only when all of them
//! are complete, so a failed run leaves the previous outputs as they were. The layers read
//! results only; they never call back into recognition or resolution.

pub mod aggregate;
pub mod articles;
pub mod atomic;
pub mod csv_row;
mod drop_behind;
pub mod excerpt;
pub mod geojson;
pub mod json;
pub mod map_page;
pub mod mentions;
pub mod mentions_csv;
pub mod places;
pub mod polygons;
pub mod qgis_project;
mod scan;
pub mod spool;
pub mod unresolved;

use std::borrow::Cow;
use std::path::Path;

use anyhow::{Context, Result};

use crate::cite::{ArticleResult, Mention};
use crate::ingest::Article;
use aggregate::{Citations, Places, UnresolvedNames};
use articles::ArticlesLayer;
use atomic::AtomicFile;
pub use geojson::FeatureFormat;
use geojson::RenderedFeatures;
use map_page::MapPage;
use mentions::MentionsLayer;
use mentions_csv::MentionsCsv;
use places::PlacesLayer;
use polygons::{PolygonLayer, RegionCounts, counted_regions};
use qgis_project::QgisProject;
use unresolved::UnresolvedCsv;

use crate::gazetteer::polygons::RegionLevel;

/// An article's metadata as every layer writes it (dates ISO `YYYY-MM-DD`).
#[derive(Debug)]
pub struct ArticleMeta<'a> {
    pub id: &'a str,
    pub title: Option<&'a str>,
    pub pub_date: Option<String>,
    pub url: Option<&'a str>,
    pub source: Option<&'a str>,
}

impl<'a> ArticleMeta<'a> {
    pub fn new(article: &'a Article) -> Self {
        ArticleMeta {
            id: &article.id,
            title: article.title.as_deref(),
            pub_date: article.date.map(|d| d.to_string()),
            url: article.url.as_deref(),
            source: article.source.as_deref(),
        }
    }
}

/// Choices about the outputs.
#[derive(Debug, Clone)]
pub struct LayerOptions {
    /// How `mentions` is laid out: a FeatureCollection, or an RFC 8142 sequence.
    pub mentions_format: FeatureFormat,
    /// At most this many citations per place in `places.geojson` (`None`: all).
    pub max_citations: Option<usize>,
    /// Where `map.html` loads `leaflet.js` and `leaflet.css` from.
    pub leaflet_url: String,
}

impl Default for LayerOptions {
    fn default() -> Self {
        LayerOptions {
            mentions_format: FeatureFormat::default(),
            max_citations: None,
            leaflet_url: map_page::DEFAULT_LEAFLET_URL.to_string(),
        }
    }
}

/// What was written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LayerStats {
    pub articles: u64,
    /// Features of the mentions layer (demonyms included).
    pub mentions: u64,
    /// Mentions that count as places.
    pub place_mentions: u64,
    /// Features of the places layer.
    pub places: usize,
    /// Rows of `unresolved.csv`, and the occurrences they stand for.
    pub unresolved_names: usize,
    pub unresolved_mentions: u64,
}

/// One article's results with its rows already serialised, so that the costly part of
/// writing runs on the geoparsing threads and the writing thread only copies bytes.
pub struct RenderedArticle {
    result: ArticleResult,
    mentions: RenderedFeatures,
    mentions_csv: Vec<u8>,
    article: RenderedFeatures,
    /// The article id as a JSON string, for the places' `articles` lists.
    article_id: Vec<u8>,
    /// One citation per mention that counts as a place.
    citations: JsonList,
    /// The same citations as the map page shows them.
    map_citations: JsonList,
}

impl RenderedArticle {
    pub fn new(result: ArticleResult) -> RenderedArticle {
        let meta = ArticleMeta::new(&result.article);
        let sentences = excerpt::mention_sentences(&result.mentions);
        let mentions = mentions::render(&meta, &result.mentions, &sentences);
        let mentions_csv = mentions_csv::render(&meta, &result.mentions, &sentences);
        let article = articles::render(&meta, &result);
        let article_id = serde_json::to_vec(meta.id).expect("writing JSON to memory cannot fail");
        let citations = places::render_citations(&meta, &result.mentions, &sentences);
        let map_citations = map_page::render_citations(&meta, &result.mentions, &sentences);
        RenderedArticle {
            result,
            mentions,
            mentions_csv,
            article,
            article_id,
            citations,
            map_citations,
        }
    }
}

/// JSON values written one after another into one buffer: a few allocations per article
/// rather than one per value.
#[derive(Debug, Default, Clone)]
pub struct JsonList {
    bytes: Vec<u8>,
    ends: Vec<usize>,
}

impl JsonList {
    /// An empty list with room for `values` values of `bytes` bytes in all.
    pub fn with_capacity(values: usize, bytes: usize) -> Self {
        JsonList {
            bytes: Vec::with_capacity(bytes),
            ends: Vec::with_capacity(values),
        }
    }

    pub fn push(&mut self, value: &impl serde::Serialize) {
        self.push_with(|out| json::write_value(out, value));
    }

    /// Adds the value that `write` writes.
    pub fn push_with(&mut self, write: impl FnOnce(&mut Vec<u8>)) {
        write(&mut self.bytes);
        self.ends.push(self.bytes.len());
    }

    /// The values, in order, each as its JSON text.
    pub fn iter(&self) -> impl Iterator<Item = &[u8]> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts.zip(&self.ends).map(|(start, &end)| &self.bytes[start..end])
    }
}

/// What every citation opens with: the article it comes from and the sentence it quotes.
#[derive(Debug, Clone, Copy, serde::Serialize)]
pub(crate) struct Quote<'a> {
    pub article_id: &'a str,
    pub title: Option<&'a str>,
    pub date: Option<&'a str>,
    pub url: Option<&'a str>,
    pub sentence: &'a str,
}

impl Quote<'_> {
    /// Writes these fields first into a citation being written.
    pub fn write_fields(&self, citation: &mut json::ObjectWriter) {
        citation
            .str("article_id", self.article_id)
            .opt_str("title", self.title)
            .opt_str("date", self.date)
            .opt_str("url", self.url)
            .str("sentence", self.sentence);
    }
}

/// One JSON value per mention that counts as a place, in order, made by `cite` from the
/// mention and its quote (its sentence as quoted): the citations of the places layer and of
/// the map page.
pub(crate) fn render_place_citations<'a, T: json::WriteJson>(
    article: &'a ArticleMeta,
    mentions: &'a [Mention],
    sentences: &'a [Cow<'a, str>],
    cite: impl Fn(&'a Mention, Quote<'a>) -> T,
) -> JsonList {
    // A citation carries the title and URL beside the sentence; not every mention is a place.
    let mut list = JsonList::with_capacity(mentions.len(), rows_size_hint(sentences, 256));
    for (m, sentence) in mentions.iter().zip(sentences).filter(|(m, _)| m.is_place) {
        let quote = Quote {
            article_id: article.id,
            title: article.title,
            date: article.pub_date.as_deref(),
            url: article.url,
            sentence,
        };
        list.push_with(|out| cite(m, quote).write_json(out));
    }
    list
}

/// About the bytes of one row per mention, each quoting its sentence beside `other_fields` bytes
/// of other fields: enough that an article's rows are written without growing their buffer
/// over and over.
pub(crate) fn rows_size_hint(sentences: &[Cow<str>], other_fields: usize) -> usize {
    sentences.iter().map(|s| s.len() + other_fields).sum()
}

/// All the output files of one run.
pub struct LayerSet {
    mentions: MentionsLayer,
    mentions_csv: MentionsCsv,
    articles: ArticlesLayer,
    places_layer: PlacesLayer,
    unresolved_csv: UnresolvedCsv,
    countries_layer: PolygonLayer,
    admin1_layer: PolygonLayer,
    map_page: MapPage,
    qgis_project: QgisProject,
    places: Places,
    unresolved: UnresolvedNames,
    regions: RegionCounts,
    stats: LayerStats,
}

impl LayerSet {
    /// Opens every output file in `dir` (which must exist), so that a folder that cannot be
    /// written fails before any work is done.
    pub fn create(dir: &Path, options: &LayerOptions) -> Result<LayerSet> {
        Ok(LayerSet {
            mentions: MentionsLayer::create(dir, options.mentions_format)?,
            mentions_csv: MentionsCsv::create(dir)?,
            articles: ArticlesLayer::create(dir)?,
            places_layer: PlacesLayer::create(dir)?,
            unresolved_csv: UnresolvedCsv::create(dir)?,
            countries_layer: PolygonLayer::create(dir, RegionLevel::Country)?,
            admin1_layer: PolygonLayer::create(dir, RegionLevel::Admin1)?,
            map_page: MapPage::create(dir, &options.leaflet_url)?,
            qgis_project: QgisProject::create(dir, options.mentions_format)?,
            places: Places::new(options.max_citations, dir),
            unresolved: UnresolvedNames::default(),
            regions: RegionCounts::default(),
            stats: LayerStats::default(),
        })
    }

    /// Adds one article's results; call in input order.
    pub fn add(&mut self, rendered: &RenderedArticle) -> Result<()> {
        let result = &rendered.result;
        self.mentions.add(&rendered.mentions)?;
        self.mentions_csv.add(&rendered.mentions_csv)?;
        self.articles.add(&rendered.article)?;
        let citations = Citations {
            article_id: &rendered.article_id,
            layer: &rendered.citations,
            map: &rendered.map_citations,
        };
        self.places
            .add(result, &citations)
            .context("writing the places layer's spool file")?;
        self.unresolved.add(result);
        self.regions.add(result);
        self.map_page.add(&ArticleMeta::new(&result.article), result);
        self.stats.articles += 1;
        self.stats.mentions += result.mentions.len() as u64;
        self.stats.place_mentions += result.places().count() as u64;
        self.stats.unresolved_mentions += result.unresolved.len() as u64;
        Ok(())
    }

    /// What has been added so far.
    pub fn stats(&self) -> LayerStats {
        LayerStats {
            places: self.places.len(),
            unresolved_names: self.unresolved.len(),
            ..self.stats.clone()
        }
    }

    /// Writes the aggregated layers, then moves every file into place.
    pub fn finish(self) -> Result<LayerStats> {
        let stats = self.stats();
        let mut streamed = vec![self.mentions.finish()?];
        streamed.extend(self.mentions_csv.finish()?);
        streamed.push(self.articles.finish()?);
        std::thread::scope(|scope| {
            // The layers written as articles arrived hold most of the bytes: they go to the
            // disk while the aggregated layers are worked out. On an error the scope still
            // waits for them, and dropping them removes their temporary files.
            let syncing = scope.spawn(move || -> Result<Vec<AtomicFile>> {
                for file in &mut streamed {
                    file.sync()?;
                }
                Ok(streamed)
            });
            let (places, mut spool) = self.places.into_sorted();
            let names = self.unresolved.into_sorted();
            let mut files = vec![self.places_layer.write_all(&places, &mut spool)?];
            files.extend(self.unresolved_csv.write_all(&names)?);
            let countries = counted_regions(RegionLevel::Country, &self.regions.countries)?;
            let admin1 = counted_regions(RegionLevel::Admin1, &self.regions.admin1)?;
            files.push(self.countries_layer.write_all(&countries)?);
            files.push(self.admin1_layer.write_all(&admin1)?);
            files.push(self.map_page.write_all(&places, &mut spool, &countries, &admin1)?);
            files.push(self.qgis_project.write()?);
            let streamed = syncing.join().expect("syncing a file does not panic")?;
            for file in streamed.into_iter().chain(files) {
                file.commit()?;
            }
            Ok(stats)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::JsonList;

    #[test]
    fn a_json_list_gives_back_each_value_as_written() {
        let mut list = JsonList::default();
        assert_eq!(list.iter().count(), 0);
        list.push(&"Palmyra, \"the bride\"");
        list.push(&(163_808, [38.27, 34.56]));
        list.push(&"");
        let values: Vec<&[u8]> = list.iter().collect();
        assert_eq!(
            values,
            [&br#""Palmyra, \"the bride\"""#[..], b"[163808,[38.27,34.56]]", br#""""#]
        );
    }
}
