//! `places.geojson`: one Point per resolved place, with every article and sentence that cites it.

use std::path::Path;

use anyhow::Result;
use serde::Serialize;

use std::borrow::Cow;
use std::io::{self, Write};

use super::aggregate::PlaceSummary;
use super::atomic::AtomicFile;
use super::geojson::{FeatureFile, FeatureFormat, Geometry};
use super::json::{ObjectWriter, WriteJson};
use super::mentions::non_empty;
use super::spool::Spool;
use super::{ArticleMeta, JsonList, Quote, render_place_citations};
use crate::cite::Mention;

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
    // Then `articles` and `citations`, copied from the spool (see `write_properties`).
}

#[derive(Debug, Serialize)]
struct CitationProperties<'a> {
    #[serde(flatten)]
    quote: Quote<'a>,
    char_start: usize,
    char_end: usize,
}

impl WriteJson for CitationProperties<'_> {
    fn write_json(&self, out: &mut Vec<u8>) {
        let mut citation = ObjectWriter::begin(out);
        self.quote.write_fields(&mut citation);
        citation
            .uint("char_start", self.char_start as u64)
            .uint("char_end", self.char_end as u64);
        citation.end();
    }
}

/// The citations of an article's place mentions, as JSON objects, in order. `sentences` are
/// all its mentions' sentences as quoted (see [`super::excerpt`]).
pub fn render_citations(article: &ArticleMeta, mentions: &[Mention], sentences: &[Cow<str>]) -> JsonList {
    render_place_citations(article, mentions, sentences, |m, quote| CitationProperties {
        quote,
        char_start: m.char_start,
        char_end: m.char_end,
    })
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

    pub fn write_all(mut self, places: &[PlaceSummary], spool: &mut Spool) -> Result<AtomicFile> {
        for place in places {
            let geometry = place.position.map(Geometry::Point);
            self.file
                .write_with(geometry.as_ref(), |out| write_properties(place, spool, out))?;
        }
        self.file.finish()
    }
}

/// The properties object: the place's own fields, then its article ids and citations from the
/// spool, so that no place's lists are ever all in memory.
fn write_properties(place: &PlaceSummary, spool: &mut Spool, out: &mut impl Write) -> io::Result<()> {
    let own = serde_json::to_vec(&PlaceProperties::new(place))?;
    // `{…}` without its closing brace: the lists go on after the last field.
    out.write_all(&own[..own.len() - 1])?;
    out.write_all(b",\"articles\":[")?;
    spool.copy_to(place.articles, out)?;
    out.write_all(b"],\"citations\":[")?;
    spool.copy_to(place.citations, out)?;
    out.write_all(b"]}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layers::json::assert_writes_as_serde_json;

    #[test]
    fn a_citation_writes_itself_as_serde_json_would() {
        let quote = Quote {
            article_id: "x\\y",
            title: Some("\"Palmyra\" retaken"),
            date: Some("2016-03-27"),
            url: Some("https://example.org/p"),
            sentence: "Troops entered Palmyra\r\n on Sunday.",
        };
        let full = CitationProperties {
            quote,
            char_start: 15,
            char_end: 22,
        };
        assert_writes_as_serde_json(&full);
        assert_writes_as_serde_json(&CitationProperties {
            quote: Quote {
                title: None,
                date: None,
                url: None,
                ..quote
            },
            ..full
        });
    }
}
