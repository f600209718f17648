//! The evidence for one candidate reading of a span, and how it is weighed.

use geo::{Distance, Haversine, Point};

use super::code::Code;
use super::context::{Context, CountryEvidence, nearness};
use super::distances::Local;

use crate::gazetteer::format::PRIMARY;
use crate::gazetteer::{Gazetteer, NameHit, Place, PlaceId, Precision};
use crate::recognize::{FeatureHint, MatchVia, Span};

/// Evidence for a candidate, each roughly in [0, 1] (signed where it can count against).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Features {
    /// ln(1 + population), scaled so that ten million is 1.
    pub population: f64,
    /// Feature type: countries and capitals above admin seats above villages.
    pub feature_type: f64,
    /// ln(1 + alternate names), scaled so that 100 names is 1: how widely the place is known.
    pub name_count: f64,
    /// The text spells the place's own name, not an alternate.
    pub primary_name: f64,
    /// Matched only through the transliteration key.
    pub transliterated: f64,
    /// Share of the article's other places that lie in this candidate's country.
    pub country_support: f64,
    /// The article names this candidate's country (as a country or adjective).
    pub country_named: f64,
    /// Share of the sentences holding the name in which another place of the candidate's
    /// country is named too ("... in Syria is retaking the ancient city of Palmyra").
    pub sentence_support: f64,
    /// Share of the article's other places in this candidate's first-level division.
    pub admin1_support: f64,
    /// "X, Y" / "X in Y" where Y contains this candidate.
    pub contained: f64,
    /// "X province" / "the city of X" agrees (+1) or disagrees (−1) with the feature type.
    pub hint: f64,
    /// A division that shares its name with its own capital city ("Aleppo" the governorate) or
    /// with its country's capital ("Washington" the state).
    pub eponymous_division: f64,
    /// The user's `--focus` countries.
    pub focus: f64,
    /// Nearness to the article's other places: 1 at 10 km, 0 at 1,000 km and beyond.
    pub proximity: f64,
    /// Share of the article's other names that could be read as a place in this candidate's
    /// first-level division (any of their candidates, not just the current reading).
    pub possible_admin1: f64,
    /// Nearness to the closest possible reading of another name: "Paris and Henry County"
    /// fit together in Tennessee whatever each name's most likely reading is.
    pub possible_proximity: f64,
}

/// How much each piece of evidence counts.
#[derive(Debug, Clone, Copy)]
pub struct Weights {
    pub population: f64,
    pub feature_type: f64,
    pub name_count: f64,
    pub primary_name: f64,
    pub transliterated: f64,
    pub country_support: f64,
    pub country_named: f64,
    pub sentence_support: f64,
    pub admin1_support: f64,
    pub contained: f64,
    pub hint: f64,
    pub eponymous_division: f64,
    pub focus: f64,
    pub proximity: f64,
    pub possible_admin1: f64,
    pub possible_proximity: f64,
    /// Softmax temperature over a span's candidate scores.
    pub temperature: f64,
}

/// Fitted as a conditional logit (softmax over each span's candidates, L2 penalty 1.0) on the
/// spans of GeoWebNews and LGL that match a gold toponym, a candidate within 161 km of gold
/// counting as right; features were recomputed with the new weights and refitted until the
/// weights stopped moving. Trained on either corpus alone, the weights score within two points
/// of these on the other. Four weights are set by hand and held fixed during the fit, because
/// those corpora hardly exercise them: `transliterated`, `focus` and `hint` are rare there, and
/// `sentence_support` (a country named in the same sentence) is redundant with document-level
/// support in articles that stay in one country but decides exonyms in articles that range over
/// several ("the ancient city of Palmyra" beside "Syria", in an article as much about the US
/// and Russia). At 2.0 it moves top-1 accuracy by less than half a point on either corpus.
impl Default for Weights {
    fn default() -> Self {
        Weights {
            population: 6.3,
            feature_type: 2.2,
            name_count: 0.4,
            primary_name: 2.3,
            transliterated: -0.5,
            country_support: 1.6,
            country_named: 0.2,
            sentence_support: 2.0,
            admin1_support: 0.9,
            contained: 2.1,
            hint: 0.5,
            eponymous_division: -1.5,
            focus: 1.5,
            proximity: 1.0,
            possible_admin1: 3.2,
            possible_proximity: 2.5,
            temperature: 1.0,
        }
    }
}

impl Weights {
    /// The score from the place alone, before any context: what a name's readings are worth
    /// before the article has been read.
    pub fn prior_score(&self, f: &Features) -> f64 {
        self.population * f.population
            + self.feature_type * f.feature_type
            + self.name_count * f.name_count
            + self.primary_name * f.primary_name
            + self.transliterated * f.transliterated
    }

    pub fn score(&self, f: &Features) -> f64 {
        self.population * f.population
            + self.feature_type * f.feature_type
            + self.name_count * f.name_count
            + self.primary_name * f.primary_name
            + self.transliterated * f.transliterated
            + self.country_support * f.country_support
            + self.country_named * f.country_named
            + self.sentence_support * f.sentence_support
            + self.admin1_support * f.admin1_support
            + self.contained * f.contained
            + self.hint * f.hint
            + self.eponymous_division * f.eponymous_division
            + self.focus * f.focus
            + self.proximity * f.proximity
            + self.possible_admin1 * f.possible_admin1
            + self.possible_proximity * f.possible_proximity
    }
}

/// How many of a name's candidates count as its possible readings. Each costs a proximity
/// test for every candidate of every other name in every round; three score as five did on
/// GeoWebNews and LGL (1,934 and 3,493 placed within 161 km, against 1,934 and 3,491) with
/// 4 % fewer instructions in all.
pub(super) const POSSIBLE_READINGS: usize = 3;

/// A candidate reading of a spelling, with what the article's context cannot change worked out
/// once rather than in every round of rescoring.
pub(super) struct Candidate<'g> {
    pub hit: NameHit,
    pub place: Place<'g>,
    /// The place's number among the article's candidates (see [`Distances`](super::distances::Distances)).
    pub local: Local,
    /// The features that need no context (see [`prior`]).
    pub prior: Features,
    /// [`Weights::prior_score`] of `prior`.
    pub prior_score: f64,
}

impl<'g> Candidate<'g> {
    /// The first `max` readings of the spans spelt like `lead`.
    pub fn all_of(g: &'g Gazetteer, lead: &Span, max: usize, weights: &Weights) -> Vec<Self> {
        let mut candidates: Vec<Candidate> = lead
            .hits
            .iter()
            .take(max)
            .map(|&hit| {
                let place = g.place(hit.place);
                let prior = prior(&place, lead, hit);
                Candidate {
                    hit,
                    place,
                    local: 0,
                    prior_score: weights.prior_score(&prior),
                    prior,
                }
            })
            .collect();
        let is_division = |c: &Candidate| matches!(c.place.precision(), Precision::Admin1 | Precision::Admin2);
        if candidates.iter().any(is_division) {
            // Every reading, not only the first `max`, may be the division's seat.
            let readings: Vec<Place> = lead.hits.iter().map(|h| g.place(h.place)).collect();
            for c in candidates.iter_mut().filter(|c| is_division(c)) {
                if readings.iter().any(|city| is_seat_within(city, &c.place)) {
                    c.prior.eponymous_division = 1.0;
                }
            }
        }
        candidates
    }
}

/// The features of a candidate that need no context but its spelling's other readings.
fn prior(place: &Place, span: &Span, hit: NameHit) -> Features {
    Features {
        population: (f64::from(place.population) + 1.0).ln() / (1e7f64).ln(),
        feature_type: feature_type_score(place.feature_code),
        name_count: (f64::from(place.alternate_names) + 1.0).ln() / 101f64.ln(),
        primary_name: f64::from(u8::from(hit.flags & PRIMARY != 0)),
        transliterated: f64::from(u8::from(span.via == MatchVia::Transliteration)),
        ..Features::default()
    }
}

/// Computes the features of `candidate` as the reading of the spans `members` (one spelling,
/// group `group` of the context), given what the context says of its country.
pub(super) fn compute(
    g: &Gazetteer,
    spans: &[Span],
    group: usize,
    members: &[usize],
    candidate: &Candidate,
    country: &CountryEvidence,
    ctx: &Context,
) -> Features {
    let place = &candidate.place;
    let precision = place.precision();

    let mut f = candidate.prior;
    f.country_support = country.support;
    f.admin1_support = ctx.admin1_support(group, Code(place.admin1_code));
    f.country_named = f64::from(u8::from(precision != Precision::Country && country.named_elsewhere));
    f.sentence_support = country.sentence_support;
    f.contained = members
        .iter()
        .filter_map(|&m| spans[m].container)
        .map(|y| containment(g, place, &spans[y], ctx.pick(y)))
        .fold(0.0, f64::max);
    f.hint = members
        .iter()
        .filter_map(|&m| spans[m].hint)
        .map(|h| hint_agreement(h, precision))
        .fold(0.0, |a, b| if a == 0.0 { b } else { a.max(b) });
    f.focus = f64::from(u8::from(country.in_focus));
    f.proximity = if precision >= Precision::Admin1 {
        0.0
    } else {
        ctx.nearest_others_km(group, place, candidate.local)
            .map_or(0.0, nearness)
    };
    (f.possible_admin1, f.possible_proximity) = ctx.possible_support(group, place, candidate.local);
    f
}

fn feature_type_score(code: &str) -> f64 {
    match code {
        "CONT" => 1.0,
        c if c.starts_with("PCL") => 1.0,
        "PPLC" => 0.85,
        "ADM1" => 0.6,
        "PPLA" => 0.6,
        "PPLA2" => 0.45,
        "ADM2" => 0.35,
        "PPLA3" | "PPLA4" | "PPLA5" => 0.3,
        "PPLG" => 0.3,
        "PPL" | "PPLL" | "PPLS" | "PPLF" | "PPLR" => 0.2,
        "PPLX" => 0.05,
        "PPLH" | "PPLQ" | "PPLW" | "PPLCH" => 0.0,
        _ => 0.15,
    }
}

/// Does the span `y` (a container, "X, Y") contain `place`?
fn containment(g: &Gazetteer, place: &Place, y: &Span, pick: Option<PlaceId>) -> f64 {
    let readings: Vec<Place> = match pick {
        Some(id) => vec![g.place(id)],
        None => y.hits.iter().take(8).map(|h| g.place(h.place)).collect(),
    };
    let mut best: f64 = 0.0;
    for c in readings {
        let score = match c.precision() {
            Precision::Country if c.country_code == place.country_code && place.precision() != Precision::Country => {
                1.0
            }
            Precision::Admin1 if c.admin1_code == place.admin1_code && place.precision() > Precision::Admin1 => 1.0,
            Precision::Admin1 if c.admin1_code == place.admin1_code && place.precision() < Precision::Admin1 => 1.0,
            Precision::Admin2 if c.admin2_code == place.admin2_code && place.precision() < Precision::Admin2 => 1.0,
            Precision::Place => {
                let d = km(&c, place);
                if d < 30.0 { 0.5 } else { 0.0 }
            }
            _ => 0.0,
        };
        best = best.max(score);
    }
    best
}

fn hint_agreement(hint: FeatureHint, precision: Precision) -> f64 {
    match (hint, precision) {
        (FeatureHint::Division, Precision::Admin1 | Precision::Admin2) => 1.0,
        (FeatureHint::Division, Precision::Place) => -1.0,
        (FeatureHint::Settlement, Precision::Place) => 1.0,
        (FeatureHint::Settlement, _) => -1.0,
        _ => 0.0,
    }
}

/// A city that is the seat of `division`, or its largest, and shares its name (Aleppo in Aleppo
/// governorate, New York in New York state), or the country's capital under the division's name
/// (Washington, D.C. beside Washington state).
fn is_seat_within(city: &Place, division: &Place) -> bool {
    let is_seat = matches!(city.feature_code, "PPLC" | "PPLA" | "PPLA2") || city.population >= 100_000;
    let inside = match division.precision() {
        Precision::Admin1 => city.admin1_code == division.admin1_code,
        Precision::Admin2 => city.admin2_code == division.admin2_code,
        _ => false,
    };
    let national_capital =
        city.feature_code == "PPLC" && city.country_code == division.country_code && city.name == division.name;
    (is_seat && inside || national_capital) && city.id != division.id
}

fn km(a: &Place, b: &Place) -> f64 {
    Haversine.distance(Point::new(a.lon, a.lat), Point::new(b.lon, b.lat)) / 1000.0
}
