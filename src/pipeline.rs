//! The whole path for one article: recognise, resolve, cite.

use std::path::PathBuf;

use anyhow::Result;
use rustc_hash::FxHashMap as HashMap;

use crate::cite::{ArticleResult, Reporting, cite};
use crate::gazetteer::Gazetteer;
use crate::gazetteer::extra::{read_exclusions, read_extra_places};
use crate::gazetteer::{PlaceId, Precision};
use crate::ingest::Article;
use crate::recognize::Recognizer;
use crate::recognize::{MatchVia, Span};
use crate::resolve::{Resolution, ResolveOptions, Resolver};

/// What a user can change about geoparsing.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Count adjectives and demonyms ("Syrian") as places.
    pub demonyms: bool,
    /// ISO country codes the articles are expected to be about.
    pub focus: Vec<String>,
    /// CSV files of places to add or override.
    pub gazetteer_extra: Vec<PathBuf>,
    /// Files of names never to treat as places.
    pub exclude: Vec<PathBuf>,
}

/// A ready geoparser: the gazetteer with the user's additions, and the options.
pub struct Pipeline {
    gazetteer: Gazetteer,
    options: Options,
}

impl Pipeline {
    pub fn new(options: Options) -> Result<Pipeline> {
        let mut gazetteer = Gazetteer::bundled();
        for path in &options.gazetteer_extra {
            gazetteer.add_places(read_extra_places(path)?)?;
        }
        for path in &options.exclude {
            gazetteer.exclude_names(read_exclusions(path)?);
        }
        Ok(Pipeline { gazetteer, options })
    }

    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }

    pub fn options(&self) -> &Options {
        &self.options
    }

    pub fn resolver(&self) -> Resolver<'_> {
        Resolver::new(
            &self.gazetteer,
            ResolveOptions {
                focus: self.options.focus.clone(),
            },
        )
    }

    /// Geoparses one article. Mentions below [`MIN_CONFIDENCE`], or below
    /// [`MIN_CONFIDENCE_ABROAD`] outside the focus's country, are kept in the mentions layer
    /// with their confidence but do not count as places.
    pub fn process(&self, article: Article) -> ArticleResult {
        let recognized = Recognizer::new(&self.gazetteer).recognize_body(&article.text, article.body_offset);
        let resolutions = self.resolver().resolve(&recognized.spans);
        // A reading right less than a quarter of the time costs more than it adds. Names found
        // only through the transliteration key ("Deir el-Zour") are kept: the corpora the
        // confidence was calibrated on hold too few of them to say how often they are right.
        let mut doubtful: Vec<bool> = recognized
            .spans
            .iter()
            .zip(&resolutions)
            .map(|(span, r)| span.via != MatchVia::Transliteration && r.is_some_and(|r| r.confidence < MIN_CONFIDENCE))
            .collect();
        // A doubtful reading outside the country the article is about is more often wrong still.
        let reported: Vec<Option<Resolution>> = resolutions
            .iter()
            .zip(&doubtful)
            .map(|(r, &doubtful)| r.filter(|_| !doubtful))
            .collect();
        if let Some(focus) = focus_place(&self.gazetteer, &recognized.spans, &reported) {
            let focus_country = self.gazetteer.place(focus).country_code;
            for ((span, r), doubtful) in recognized.spans.iter().zip(&resolutions).zip(&mut doubtful) {
                let doubtful_abroad = r.is_some_and(|r| {
                    r.confidence < MIN_CONFIDENCE_ABROAD && self.gazetteer.place(r.place).country_code != focus_country
                });
                *doubtful |= span.via != MatchVia::Transliteration && doubtful_abroad;
            }
        }
        cite(
            &self.gazetteer,
            article,
            &recognized,
            &resolutions,
            &Reporting {
                demonyms_are_places: self.options.demonyms,
                doubtful: &doubtful,
            },
        )
    }

    /// Resolves given code-point ranges of an article (gold spans, or names a user marked),
    /// reading the rest of the article for context as `process` does. The result's mentions
    /// are those at the given ranges that the gazetteer can place; a range the gazetteer has
    /// no name for (a street, a building) is placed at the article's focus, with confidence
    /// 0.55, when the article names any place, and so is one read through a place name inside
    /// it, or read as a town or district with a confidence below 0.3, that lies outside the
    /// focus's country.
    pub fn process_ranges(&self, article: Article, ranges: &[(usize, usize)]) -> ArticleResult {
        let recognized = Recognizer::new(&self.gazetteer).recognize_around(&article.text, ranges);
        let mut resolutions = self.resolver().resolve(&recognized.spans);
        // A given name the gazetteer lacks ("Royal Street", "Brands Hatch") is most likely in
        // the place the article is about: placed there, with a low confidence. So is one read
        // through a place name inside it ("Karl Bremer Hospital" as Karl, Germany), or read as
        // a town or district with little confidence, when that reading lies outside the
        // focus's country (a doubtful country or state is kept: it names a large area).
        if let Some(focus) = focus_place(&self.gazetteer, &recognized.spans, &resolutions) {
            let focus_country = self.gazetteer.place(focus).country_code;
            for (span, r) in recognized.spans.iter().zip(&mut resolutions) {
                let fall_back = match r {
                    None => span.hits.is_empty(),
                    Some(r) => {
                        let place = self.gazetteer.place(r.place);
                        let doubtful_town = r.confidence < DOUBTFUL_BELOW && place.precision() < Precision::Admin1;
                        (span.via == MatchVia::Within || doubtful_town) && place.country_code != focus_country
                    }
                };
                if fall_back && ranges.contains(&(span.char_start, span.char_end)) {
                    *r = Some(Resolution {
                        place: focus,
                        confidence: FOCUS_FALLBACK_CONFIDENCE,
                    });
                }
            }
        }
        let reporting = Reporting {
            demonyms_are_places: true,
            doubtful: &[],
        };
        let mut result = cite(&self.gazetteer, article, &recognized, &resolutions, &reporting);
        result.mentions.retain(|m| ranges.contains(&(m.char_start, m.char_end)));
        result
    }
}

/// Mentions found in running text below this confidence do not count as places (except names
/// found through the transliteration key): on GeoWebNews and LGL, leaving them out of the
/// places raises F1@161 (they are mostly wrong). They stay in the mentions layer, with
/// `is_place` false, for a reader who wants every reading. Names a user marks
/// (`process_ranges`) are always placed.
pub const MIN_CONFIDENCE: f64 = 0.25;

/// The same for mentions outside the country of the article's focus (its most cited country):
/// on both tuning corpora F1@161 rises up to about this threshold.
pub const MIN_CONFIDENCE_ABROAD: f64 = 0.4;

/// The confidence of a given name placed at its article's focus for want of a gazetteer entry:
/// on GeoWebNews and LGL gold spans such placements are within 161 km 58 % and 61 % of the time.
const FOCUS_FALLBACK_CONFIDENCE: f64 = 0.55;

/// Below this confidence, a given name's reading as a town or second-level division outside
/// the focus's country gives way to the focus (the focus is right more often than such readings; chosen on GeoWebNews and LGL).
const DOUBTFUL_BELOW: f64 = 0.3;

/// The place an article is about: the country its resolved names most often lie in (weighed
/// by confidence; ties: the first named), and in it the most often named place finer than a
/// country, or the country itself when there is none.
fn focus_place(g: &Gazetteer, spans: &[Span], resolutions: &[Option<Resolution>]) -> Option<PlaceId> {
    let resolved = || spans.iter().zip(resolutions).filter_map(|(_, r)| *r);
    // country code -> (weight, order of first mention, the country's own entry if named)
    let mut countries: HashMap<&str, (f64, usize, Option<PlaceId>)> = HashMap::default();
    for (i, r) in resolved().enumerate() {
        let place = g.place(r.place);
        if place.country_code.is_empty() {
            continue;
        }
        let own = (place.precision() == Precision::Country).then_some(r.place);
        let e = countries.entry(place.country_code).or_insert((0.0, i, None));
        e.0 += r.confidence;
        e.2 = e.2.or(own);
    }
    let (cc, (_, _, country)) = countries
        .into_iter()
        .max_by(|a, b| a.1.0.total_cmp(&b.1.0).then(b.1.1.cmp(&a.1.1)))?;
    let mut places: HashMap<PlaceId, (usize, usize)> = HashMap::default();
    for (i, r) in resolved().enumerate() {
        let place = g.place(r.place);
        if place.country_code == cc && place.precision() < Precision::Country {
            places.entry(r.place).or_insert((0, i)).0 += 1;
        }
    }
    places
        .into_iter()
        .max_by(|a, b| a.1.0.cmp(&b.1.0).then(b.1.1.cmp(&a.1.1)))
        .map(|(id, _)| id)
        .or(country)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_given_name_the_gazetteer_lacks_is_placed_at_the_articles_focus() {
        let pipeline = Pipeline::new(Options::default()).unwrap();
        let text = "Police in Chicago closed Qwzxv Plaza on Monday. Chicago officials said it would reopen.";
        let start = text.find("Qwzxv").unwrap();
        let range = (start, start + "Qwzxv Plaza".len());
        let result = pipeline.process_ranges(Article::new("a", text), &[range]);
        assert_eq!(result.mentions.len(), 1);
        let m = &result.mentions[0];
        assert_eq!((m.char_start, m.char_end), range);
        assert_eq!((m.name.as_str(), m.country_code.as_str()), ("Chicago", "US"));
        assert_eq!(m.confidence, FOCUS_FALLBACK_CONFIDENCE);

        // Read through a place name inside it that lies in another country: the focus too.
        let text = "Police in Chicago took her to Karl Bremer Hospital. Chicago officials said so.";
        let start = text.find("Karl").unwrap();
        let range = (start, start + "Karl Bremer Hospital".len());
        let result = pipeline.process_ranges(Article::new("c", text), &[range]);
        assert_eq!(result.mentions[0].name, "Chicago");

        // Nothing to fall back on: no mention.
        let text = "Qwzxv Plaza was closed.";
        let result = pipeline.process_ranges(Article::new("b", text), &[(0, 11)]);
        assert!(result.mentions.is_empty());
    }
}
