//! `map.html`: a Leaflet map of the run's layers that works when opened straight from the
//! output folder. The layer data is embedded as inline JSON (a `file://` page may not fetch its
//! neighbours), with caps so that a page for a large corpus still opens; the page says what was
//! left out. Leaflet itself is loaded from `--leaflet-url` (no third-party code is bundled).

use std::path::Path;

use anyhow::{Context, Result};
use serde::Serialize;

use std::borrow::Cow;
use std::io::{self, Write};

use serde_json::value::RawValue;

use super::aggregate::PlaceSummary;
use super::atomic::AtomicFile;
use super::excerpt::span_in_quote;
use super::geojson::{Position, writing};
use super::json::{ObjectWriter, WriteJson};
use super::polygons::CountedRegion;
use super::spool::Spool;
use super::{ArticleMeta, JsonList, Quote, render_place_citations};
use crate::cite::{ArticleResult, Mention};

/// Where the page loads `leaflet.js` and `leaflet.css` from unless told otherwise.
pub const DEFAULT_LEAFLET_URL: &str = "https://unpkg.com/leaflet@1.9.4/dist";
/// Citations shown in a place's pop-up (the places layer has them all).
pub const MAP_CITATIONS_PER_PLACE: usize = 20;
/// Citations embedded in the page at most, the most mentioned places' first: the page (and the
/// memory that writes it) must not grow with the corpus.
pub const MAP_CITATIONS: u64 = 20_000;
/// Mentions and articles drawn at most: beyond this a browser slows to a crawl, and the
/// GeoJSON layers hold everything.
pub const MAP_MENTIONS: usize = 50_000;
pub const MAP_ARTICLES: usize = 10_000;

const TEMPLATE: &str = include_str!("assets/map.html");

#[derive(Serialize)]
struct MapMention {
    /// `[lon, lat]`
    at: Position,
    date: Option<String>,
    precision: &'static str,
    surface: String,
    name: String,
    article_id: String,
}

#[derive(Serialize)]
struct MapArticle {
    id: String,
    title: Option<String>,
    date: Option<String>,
    url: Option<String>,
    points: Vec<Position>,
}

#[derive(Serialize)]
struct MapPlace<'a> {
    geonameid: u32,
    name: &'a str,
    admin1: &'a str,
    country_code: &'a str,
    precision: &'static str,
    at: Position,
    mention_count: u64,
    article_count: u64,
    first_date: Option<String>,
    last_date: Option<String>,
    /// The first citations, as [`render_citations`] wrote them.
    citations: Box<RawValue>,
}

#[derive(Serialize)]
struct MapCitation<'a> {
    #[serde(flatten)]
    quote: Quote<'a>,
    /// The place's name within the quoted sentence, in code points.
    highlight: Option<(usize, usize)>,
}

impl WriteJson for MapCitation<'_> {
    fn write_json(&self, out: &mut Vec<u8>) {
        let mut citation = ObjectWriter::begin(out);
        self.quote.write_fields(&mut citation);
        citation.value("highlight", &self.highlight);
        citation.end();
    }
}

/// The citations of an article's place mentions as the page shows them, as JSON objects, in
/// order. `sentences` are all its mentions' sentences as quoted (see [`super::excerpt`]).
pub fn render_citations(article: &ArticleMeta, mentions: &[Mention], sentences: &[Cow<str>]) -> JsonList {
    render_place_citations(article, mentions, sentences, |m, quote| MapCitation {
        highlight: span_in_quote(m, quote.sentence),
        quote,
    })
}

#[derive(Serialize)]
struct MapRegion<'a> {
    code: &'a str,
    name: Option<&'a str>,
    mention_count: u64,
    article_count: u64,
    geometry: &'a RawValue,
}

impl<'a> MapRegion<'a> {
    fn all(regions: &'a [CountedRegion]) -> Vec<MapRegion<'a>> {
        regions
            .iter()
            .filter_map(|r| {
                Some(MapRegion {
                    code: &r.code,
                    name: r.name.as_deref(),
                    mention_count: r.mention_count,
                    article_count: r.article_count,
                    geometry: r.geometry.as_ref()?,
                })
            })
            .collect()
    }
}

#[derive(Serialize)]
struct Totals {
    places: usize,
    /// Places whose citations did not fit in [`MAP_CITATIONS`].
    places_without_citations: usize,
    mentions: u64,
    articles: u64,
}

#[derive(Serialize)]
struct Caps {
    citations_per_place: usize,
    mentions: usize,
    articles: usize,
}

#[derive(Serialize)]
struct MapData<'a> {
    places: Vec<MapPlace<'a>>,
    mentions: &'a [MapMention],
    articles: &'a [MapArticle],
    countries: Vec<MapRegion<'a>>,
    admin1: Vec<MapRegion<'a>>,
    totals: Totals,
    caps: Caps,
}

/// Gathers what the page draws as articles arrive; written at the end with the places.
pub struct MapPage {
    file: AtomicFile,
    leaflet_url: String,
    mentions: Vec<MapMention>,
    articles: Vec<MapArticle>,
    mention_total: u64,
    article_total: u64,
}

impl MapPage {
    pub fn create(dir: &Path, leaflet_url: &str) -> Result<Self> {
        Ok(MapPage {
            file: AtomicFile::create(&dir.join("map.html"))?,
            leaflet_url: leaflet_url.trim_end_matches('/').to_string(),
            mentions: Vec::new(),
            articles: Vec::new(),
            mention_total: 0,
            article_total: 0,
        })
    }

    pub fn add(&mut self, meta: &ArticleMeta, result: &ArticleResult) {
        self.article_total += 1;
        let mut points: Vec<Position> = Vec::new();
        for m in &result.mentions {
            self.mention_total += 1;
            let Some(at) = Position::new(m.lon, m.lat) else {
                continue;
            };
            if m.is_place && !points.contains(&at) {
                points.push(at);
            }
            if self.mentions.len() < MAP_MENTIONS {
                self.mentions.push(MapMention {
                    at,
                    date: meta.pub_date.clone(),
                    precision: m.precision.as_str(),
                    surface: m.surface.clone(),
                    name: m.name.clone(),
                    article_id: meta.id.to_string(),
                });
            }
        }
        if self.articles.len() < MAP_ARTICLES {
            self.articles.push(MapArticle {
                id: meta.id.to_string(),
                title: meta.title.map(str::to_string),
                date: meta.pub_date.clone(),
                url: meta.url.map(str::to_string),
                points,
            });
        }
    }

    /// `spool` holds the places' citations (see [`super::aggregate::Places`]).
    pub fn write_all(
        mut self,
        places: &[PlaceSummary],
        spool: &mut Spool,
        countries: &[CountedRegion],
        admin1: &[CountedRegion],
    ) -> Result<AtomicFile> {
        let mut map_places = Vec::new();
        let mut citations_left = MAP_CITATIONS;
        let mut places_without_citations = 0;
        for p in places {
            let citations = spool.len(p.map_citations);
            let embed = citations <= citations_left;
            if embed {
                citations_left -= citations;
            } else {
                places_without_citations += 1;
            }
            map_places
                .extend(map_place(p, embed.then_some(&mut *spool)).context("reading the places layer's spool file")?);
        }
        let data = MapData {
            places: map_places,
            mentions: &self.mentions,
            articles: &self.articles,
            countries: MapRegion::all(countries),
            admin1: MapRegion::all(admin1),
            totals: Totals {
                places: places.len(),
                places_without_citations,
                mentions: self.mention_total,
                articles: self.article_total,
            },
            caps: Caps {
                citations_per_place: MAP_CITATIONS_PER_PLACE,
                mentions: MAP_MENTIONS,
                articles: MAP_ARTICLES,
            },
        };
        let path = self.file.path().to_path_buf();
        render(&mut self.file, &self.leaflet_url, &data).with_context(|| writing(&path))?;
        Ok(self.file)
    }
}

/// The place as the page draws it, with its citations when a spool to read them is given.
fn map_place<'a>(p: &'a PlaceSummary, spool: Option<&mut Spool>) -> Result<Option<MapPlace<'a>>> {
    let Some(at) = p.position else {
        return Ok(None);
    };
    let mut citations = b"[".to_vec();
    if let Some(spool) = spool {
        spool.copy_to(p.map_citations, &mut citations)?;
    }
    citations.push(b']');
    Ok(Some(MapPlace {
        geonameid: p.geonameid,
        name: &p.name,
        admin1: &p.admin1,
        country_code: &p.country_code,
        precision: p.precision,
        at,
        mention_count: p.mention_count,
        article_count: p.article_count,
        first_date: p.first_date.map(|d| d.to_string()),
        last_date: p.last_date.map(|d| d.to_string()),
        citations: RawValue::from_string(String::from_utf8(citations)?)?,
    }))
}

/// Writes the page: the template with the data in a `<script type="application/json">`, where
/// only `</script` could end it early, so every `<` (which JSON has only inside strings) is
/// escaped. The data is serialised straight into the file, never held whole as text.
fn render(out: &mut impl Write, leaflet_url: &str, data: &impl Serialize) -> io::Result<()> {
    let (before, after) = TEMPLATE
        .split_once("{{DATA}}")
        .expect("the template has a {{DATA}} slot");
    let leaflet_url = escape_attribute(leaflet_url);
    out.write_all(before.replace("{{LEAFLET_URL}}", &leaflet_url).as_bytes())?;
    serde_json::to_writer(EscapeLessThan(&mut *out), data)?;
    out.write_all(after.replace("{{LEAFLET_URL}}", &leaflet_url).as_bytes())
}

/// Passes bytes through, with `<` written as the JSON escape `\u003c`.
struct EscapeLessThan<W>(W);

impl<W: Write> Write for EscapeLessThan<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        for (k, part) in buf.split(|&b| b == b'<').enumerate() {
            if k > 0 {
                self.0.write_all(b"\\u003c")?;
            }
            self.0.write_all(part)?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

fn escape_attribute(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layers::json::assert_writes_as_serde_json;

    #[test]
    fn a_citation_writes_itself_as_serde_json_would() {
        let quote = Quote {
            article_id: "7",
            title: Some("Aleppo </script>"),
            date: Some("2016-12-22"),
            url: None,
            sentence: "\"Aleppo\" fell\u{8}.",
        };
        let full = MapCitation {
            quote,
            highlight: Some((1, 7)),
        };
        assert_writes_as_serde_json(&full);
        assert_writes_as_serde_json(&MapCitation {
            quote: Quote {
                title: None,
                date: None,
                ..quote
            },
            highlight: None,
        });
    }

    #[test]
    fn embedded_text_cannot_close_the_script() {
        let mut page = Vec::new();
        let data = serde_json::json!({"s": "</script><script>alert(1)</script>"});
        render(&mut page, "https://x/\"dist", &data).unwrap();
        let page = String::from_utf8(page).unwrap();
        assert!(!page.contains("</script><script>alert"));
        assert!(page.contains(r#"\u003c/script>"#));
        assert!(page.contains("https://x/&quot;dist/leaflet.js"));
    }
}
