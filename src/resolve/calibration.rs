//! Confidence: how often a mention like this one is right, from its resolution probability and
//! what recognition knows about it.
//!
//! A logistic model fitted on the mentions geocite outputs for GeoWebNews and LGL, a mention
//! counting as right when it matches a gold toponym and lies within 161 km of it. Trained on
//! either corpus alone, its confidence bins track the other corpus's accuracy within about ten
//! points; the fitted weights are below.

use crate::gazetteer::{Place, Precision};
use crate::recognize::{MatchVia, MentionKind, Span};

const BIAS: f64 = -3.27;
const RESOLUTION_LOGIT: f64 = 0.30;
const DEMONYM: f64 = -1.16;
const TRANSLITERATED: f64 = -1.68;
const WEAK_CASE: f64 = -0.02;
const SEVERAL_WORDS: f64 = 0.50;
const LN_CANDIDATES: f64 = 0.69;
const COUNTRY_OR_CONTINENT: f64 = 0.18;
const ADMIN1: f64 = 0.60;
const POPULATION: f64 = 2.38;

/// The probability that `place`, chosen for `span` with resolution probability `probability`
/// out of `candidates` readings, is right.
pub(super) fn confidence(span: &Span, place: &Place, probability: f64, candidates: usize) -> f64 {
    let p = probability.clamp(1e-4, 1.0 - 1e-4);
    let precision = place.precision();
    let flag = |b: bool| f64::from(u8::from(b));
    let z = BIAS
        + RESOLUTION_LOGIT * (p / (1.0 - p)).ln()
        + DEMONYM * flag(span.kind == MentionKind::Demonym)
        + TRANSLITERATED * flag(span.via == MatchVia::Transliteration)
        + WEAK_CASE * flag(span.weak_case)
        + SEVERAL_WORDS * flag(span.folded.contains(' '))
        + LN_CANDIDATES * (candidates.max(1) as f64).ln()
        + COUNTRY_OR_CONTINENT * flag(precision >= Precision::Country)
        + ADMIN1 * flag(precision == Precision::Admin1)
        + POPULATION * (f64::from(place.population)).ln_1p() / 1e7f64.ln();
    1.0 / (1.0 + (-z).exp())
}
