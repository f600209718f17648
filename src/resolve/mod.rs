//! Resolution: choose one gazetteer entry for each recognised span.
//!
//! Each candidate gets a score from its prominence (population, feature type, whether the
//! name is its own or an alternate) and from the article (countries and divisions it
//! mentions, "X, Y" containment, words such as "province", how near the article's other
//! places lie). Spans with the same spelling share one reading. The chosen candidate's share
//! of the softmax over its span's candidates, with what recognition knows about the span,
//! gives the mention's calibrated confidence.

mod calibration;
mod code;
mod context;
mod distances;
mod features;
mod grid;
mod places;

use geo::Point;
use rustc_hash::FxHashMap as HashMap;
use smallvec::SmallVec;

use crate::gazetteer::{Gazetteer, PlaceId};
use crate::recognize::{MentionKind, Span};
use code::Code;
use context::{Context, CountryEvidence};
use distances::Distances;
use features::Candidate;
pub use features::{Features, Weights};
use places::Places;

/// The reading chosen for a span.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Resolution {
    pub place: PlaceId,
    /// 0–1; higher means more often right.
    pub confidence: f64,
}

/// A candidate with its score, for `geocite lookup` and error analysis.
#[derive(Debug, Clone)]
pub struct ScoredCandidate {
    pub place: PlaceId,
    pub features: Features,
    pub score: f64,
    pub probability: f64,
}

#[derive(Debug, Clone, Default)]
pub struct ResolveOptions {
    /// ISO country codes the user expects the articles to be about (`--focus`).
    pub focus: Vec<String>,
}

pub struct Resolver<'g> {
    gazetteer: &'g Gazetteer,
    options: ResolveOptions,
    weights: Weights,
}

/// The most candidates considered per span (most populous first).
const MAX_CANDIDATES: usize = 64;
/// Rounds of rescoring with the article's context.
const ROUNDS: usize = 3;

impl<'g> Resolver<'g> {
    pub fn new(gazetteer: &'g Gazetteer, options: ResolveOptions) -> Self {
        Resolver {
            gazetteer,
            options,
            weights: Weights::default(),
        }
    }

    pub fn gazetteer(&self) -> &'g Gazetteer {
        self.gazetteer
    }

    /// One reading per span (None when a span has no candidate).
    pub fn resolve(&self, spans: &[Span]) -> Vec<Option<Resolution>> {
        let (groups, ranked) = self.rank_groups(spans);
        let mut resolutions = vec![None; spans.len()];
        for (members, scored) in groups.iter().zip(&ranked) {
            let Some(best) = scored.first() else {
                continue;
            };
            for &m in members {
                resolutions[m] = Some(Resolution {
                    place: best.place,
                    confidence: self.confidence(&spans[m], best, scored.len()),
                });
            }
        }
        resolutions
    }

    /// Every span's candidates, best first, with their scores.
    pub fn rank(&self, spans: &[Span]) -> Vec<Vec<ScoredCandidate>> {
        let (groups, ranked) = self.rank_groups(spans);
        let mut by_span = vec![Vec::new(); spans.len()];
        for (members, scored) in groups.iter().zip(ranked) {
            for &m in members {
                by_span[m] = scored.clone();
            }
        }
        by_span
    }

    /// The spans grouped by spelling, and each group's candidates, best first.
    fn rank_groups(&self, spans: &[Span]) -> (Vec<Vec<usize>>, Vec<Vec<ScoredCandidate>>) {
        let groups = group_by_surface(spans);
        let mut candidates: Vec<Vec<Candidate>> = groups
            .iter()
            .map(|ms| Candidate::all_of(self.gazetteer, &spans[ms[0]], MAX_CANDIDATES, &self.weights))
            .collect();
        // Start from prominence alone, then let the article's context reshape it.
        let mut picks: Vec<Option<(PlaceId, f64)>> = vec![None; groups.len()];
        let mut readings: Vec<Vec<(PlaceId, f64)>> = candidates.iter().map(|c| prior_readings(c)).collect();
        let mut ranked: Vec<Vec<ScoredCandidate>> = vec![Vec::new(); groups.len()];
        let distances = Distances::new(
            candidates
                .iter()
                .flatten()
                .map(|c| (c.hit.place, Point::new(c.place.lon, c.place.lat))),
        );
        for c in candidates.iter_mut().flatten() {
            c.local = distances.local(c.hit.place).unwrap_or_default();
        }
        let places = Places::new(
            self.gazetteer,
            &distances,
            candidates.iter().flatten().map(|c| (c.hit.place, c.place)),
        );
        let mut context = Context::new(&places, spans, &groups, &self.options.focus, &distances);
        for _ in 0..ROUNDS {
            context.read(&picks, &readings);
            for (k, members) in groups.iter().enumerate() {
                ranked[k] = self.score_group(spans, k, members, &candidates[k], &context);
            }
            let mut settled = true;
            for (k, scored) in ranked.iter().enumerate() {
                let pick = scored.first().map(|c| (c.place, c.probability));
                let likely = likely_readings(scored.iter().map(|c| (c.place, c.probability)));
                settled &= same_pick(pick, picks[k]) && same_readings(&likely, &readings[k]);
                picks[k] = pick;
                readings[k] = likely;
            }
            // Another round would read what this one read, and score every candidate the same.
            if settled {
                break;
            }
        }
        (groups, ranked)
    }

    /// Scores the candidates of spans that share a spelling, pooling their context.
    fn score_group(
        &self,
        spans: &[Span],
        group: usize,
        members: &[usize],
        candidates: &[Candidate],
        context: &Context,
    ) -> Vec<ScoredCandidate> {
        // A spelling's candidates crowd into a few countries (64 Springfields, most in the US):
        // each country's evidence is worked out once, and a short list finds it again.
        let mut countries: SmallVec<[(Code, CountryEvidence); 8]> = SmallVec::new();
        let mut scored: Vec<ScoredCandidate> = candidates
            .iter()
            .map(|c| {
                let code = Code(c.place.country_code);
                let country = match countries.iter().find(|(known, _)| *known == code) {
                    Some(&(_, evidence)) => evidence,
                    None => {
                        let evidence = context.country_evidence(group, code);
                        countries.push((code, evidence));
                        evidence
                    }
                };
                let f = features::compute(self.gazetteer, spans, group, members, c, &country, context);
                ScoredCandidate {
                    place: c.hit.place,
                    score: self.weights.score(&f),
                    features: f,
                    probability: 0.0,
                }
            })
            .collect();
        softmax(&mut scored, self.weights.temperature);
        // Candidates compare equal only with the same score and the same place, which is the
        // same reading: an unstable sort chooses as a stable one would, without its buffer.
        scored.sort_unstable_by(|a, b| b.score.total_cmp(&a.score).then(a.place.cmp(&b.place)));
        scored
    }

    /// How often a mention like this is right (see [`calibration`]).
    fn confidence(&self, span: &Span, best: &ScoredCandidate, candidates: usize) -> f64 {
        calibration::confidence(span, &self.gazetteer.place(best.place), best.probability, candidates)
    }
}

/// The same place with the same probability, bit for bit, so that a settled round is known
/// to change nothing.
fn same_reading((pa, wa): (PlaceId, f64), (pb, wb): (PlaceId, f64)) -> bool {
    pa == pb && wa.to_bits() == wb.to_bits()
}

fn same_pick(a: Option<(PlaceId, f64)>, b: Option<(PlaceId, f64)>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => same_reading(a, b),
        (a, b) => a.is_none() && b.is_none(),
    }
}

fn same_readings(a: &[(PlaceId, f64)], b: &[(PlaceId, f64)]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(&x, &y)| same_reading(x, y))
}

/// A spelling's readings before context: its candidates weighed by prominence alone.
fn prior_readings(candidates: &[Candidate]) -> Vec<(PlaceId, f64)> {
    let max = candidates
        .iter()
        .map(|c| c.prior_score)
        .fold(f64::NEG_INFINITY, f64::max);
    let mut probs: Vec<(PlaceId, f64)> = candidates
        .iter()
        .map(|c| (c.hit.place, (c.prior_score - max).exp()))
        .collect();
    let total: f64 = probs.iter().map(|p| p.1).sum();
    for p in &mut probs {
        p.1 /= total;
    }
    probs.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    likely_readings(probs.into_iter())
}

/// The few most probable readings of a name (best first), renormalised.
fn likely_readings(best_first: impl Iterator<Item = (PlaceId, f64)>) -> Vec<(PlaceId, f64)> {
    let mut top: Vec<(PlaceId, f64)> = best_first.take(features::POSSIBLE_READINGS).collect();
    let total: f64 = top.iter().map(|r| r.1).sum();
    if total > 0.0 {
        for r in &mut top {
            r.1 /= total;
        }
    }
    top
}

fn softmax(cands: &mut [ScoredCandidate], temperature: f64) {
    let max = cands.iter().map(|c| c.score).fold(f64::NEG_INFINITY, f64::max);
    for c in cands.iter_mut() {
        c.probability = ((c.score - max) / temperature).exp();
    }
    let total: f64 = cands.iter().map(|c| c.probability).sum();
    for c in cands {
        c.probability /= total;
    }
}

/// Spans grouped by folded spelling and kind ("Aleppo" twice in one article is one place),
/// in order of first appearance; spans without candidates are left out.
fn group_by_surface(spans: &[Span]) -> Vec<Vec<usize>> {
    let mut index: HashMap<(&str, MentionKind), usize> = HashMap::default();
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (i, s) in spans.iter().enumerate() {
        if s.hits.is_empty() {
            continue;
        }
        let k = *index.entry((s.folded.as_str(), s.kind)).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[k].push(i);
    }
    groups
}
