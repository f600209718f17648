//! Citation: turn resolved spans into mentions that carry the sentence and exact span behind
//! each point, and work out what each article is about.

use rustc_hash::FxHashMap as HashMap;
use std::sync::Arc;

use crate::gazetteer::{Gazetteer, Precision};
use crate::ingest::Article;
use crate::recognize::{MentionKind, Recognized};
use crate::resolve::Resolution;

/// A place mention with everything needed to defend it.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    pub surface: String,
    /// Code-point offsets into the article text, end exclusive.
    pub char_start: usize,
    pub char_end: usize,
    /// The sentence that holds the mention (shared by the mentions in it), and where it starts
    /// in the article (code points).
    pub sentence: Arc<str>,
    pub sentence_start: usize,
    pub kind: MentionKind,
    /// Counts as a place (demonyms do only with `--demonyms`).
    pub is_place: bool,
    pub geonameid: u32,
    pub name: String,
    pub country_code: String,
    /// Name and code of the first-level division ("Deir ez-Zor", "SY.07"); empty when unknown.
    pub admin1: String,
    pub admin1_code: String,
    pub feature_code: String,
    pub precision: Precision,
    pub population: u32,
    pub confidence: f64,
    pub lon: f64,
    pub lat: f64,
}

/// A capitalised name in a place-like context that the gazetteer lacks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unresolved {
    pub surface: String,
    pub char_start: usize,
    pub char_end: usize,
    pub sentence: String,
}

/// What an article is mainly about: its most cited country and, within it, its most cited place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Focus {
    pub country_code: String,
    pub place_geonameid: Option<u32>,
    pub place_name: Option<String>,
}

/// One article's results, in text order.
#[derive(Debug, Clone)]
pub struct ArticleResult {
    pub article: Article,
    pub mentions: Vec<Mention>,
    pub unresolved: Vec<Unresolved>,
    pub focus: Option<Focus>,
}

impl ArticleResult {
    /// The mentions that count as places.
    pub fn places(&self) -> impl Iterator<Item = &Mention> {
        self.mentions.iter().filter(|m| m.is_place)
    }
}

/// Which resolved mentions count as places.
#[derive(Debug, Clone, Copy)]
pub struct Reporting<'a> {
    /// Adjectives and demonyms ("Syrian") count as places of their country.
    pub demonyms_are_places: bool,
    /// Per span: a reading too doubtful to count as a place (shorter than the spans: the rest
    /// are not doubtful).
    pub doubtful: &'a [bool],
}

/// Builds mentions from the spans and their readings.
pub fn cite(
    g: &Gazetteer,
    article: Article,
    recognized: &Recognized,
    resolutions: &[Option<Resolution>],
    reporting: &Reporting,
) -> ArticleResult {
    let text = &article.text;
    // Each sentence is copied once, however many mentions it holds.
    let mut sentences: HashMap<usize, Arc<str>> = HashMap::default();
    let mut sentence = |k: usize| {
        let s = &recognized.sentences[k];
        (
            sentences.entry(k).or_insert_with(|| Arc::from(s.text(text))).clone(),
            s.char_start,
        )
    };
    let mut mentions = Vec::with_capacity(recognized.spans.len());
    for (k, (span, resolution)) in recognized.spans.iter().zip(resolutions).enumerate() {
        let Some(r) = resolution else { continue };
        let doubtful = reporting.doubtful.get(k).copied().unwrap_or(false);
        let place = g.place(r.place);
        let (sentence, sentence_start) = sentence(span.sentence);
        let admin1 = g.admin1(place.admin1_code);
        mentions.push(Mention {
            surface: span.surface.clone(),
            char_start: span.char_start,
            char_end: span.char_end,
            sentence,
            sentence_start,
            kind: span.kind,
            is_place: (span.kind == MentionKind::Place || reporting.demonyms_are_places) && !doubtful,
            geonameid: place.geonameid,
            name: place.name.to_string(),
            country_code: place.country_code.to_string(),
            admin1: admin1.map(|a| a.name.to_string()).unwrap_or_default(),
            admin1_code: place.admin1_code.to_string(),
            feature_code: place.feature_code.to_string(),
            precision: place.precision(),
            population: place.population,
            confidence: r.confidence,
            lon: place.lon,
            lat: place.lat,
        });
    }
    let unresolved = recognized
        .unknown
        .iter()
        .map(|u| Unresolved {
            surface: u.surface.clone(),
            char_start: u.char_start,
            char_end: u.char_end,
            sentence: sentence(u.sentence).0.to_string(),
        })
        .collect();
    let focus = focus(&mentions);
    ArticleResult {
        article,
        mentions,
        unresolved,
        focus,
    }
}

/// The most cited country (ties: the first cited), and its most cited place finer than a country.
fn focus(mentions: &[Mention]) -> Option<Focus> {
    let mut countries: HashMap<&str, (f64, usize)> = HashMap::default();
    for (i, m) in mentions.iter().enumerate() {
        if m.country_code.is_empty() {
            continue;
        }
        let e = countries.entry(&m.country_code).or_insert((0.0, i));
        e.0 += m.confidence;
    }
    let (cc, _) = countries
        .into_iter()
        .max_by(|a, b| a.1.0.total_cmp(&b.1.0).then(b.1.1.cmp(&a.1.1)))?;
    let mut places: HashMap<u32, (usize, usize, &str)> = HashMap::default();
    for (i, m) in mentions.iter().enumerate() {
        if m.country_code == cc && m.is_place && m.precision < Precision::Country {
            let e = places.entry(m.geonameid).or_insert((0, i, &m.name));
            e.0 += 1;
        }
    }
    let place = places
        .into_iter()
        .max_by(|a, b| a.1.0.cmp(&b.1.0).then(b.1.1.cmp(&a.1.1)));
    Some(Focus {
        country_code: cc.to_string(),
        place_geonameid: place.map(|(id, _)| id),
        place_name: place.map(|(_, (_, _, n))| n.to_string()),
    })
}
