//! Distances between an article's candidate places, measured once per pair however many
//! rounds of rescoring ask for them: the trigonometry of a haversine costs several times a
//! hash lookup, and each round asks again about mostly the same pairs.

use std::cell::RefCell;

use geo::Point;
use rustc_hash::FxHashMap as HashMap;

use super::context::nearness;
use super::grid::{cos_lat, haversine_km};
use crate::gazetteer::PlaceId;

/// A measured pair: kilometres, and their [`nearness`].
#[derive(Debug, Clone, Copy)]
pub(super) struct Apart {
    pub km: f64,
    pub nearness: f64,
}

/// The pairs measured so far in one article, from a candidate to another name's reading.
#[derive(Debug, Default)]
pub(super) struct Distances {
    measured: RefCell<HashMap<(PlaceId, PlaceId), Apart>>,
}

/// Pairs room is made for at the start: most articles measure fewer, and growing the table
/// pair by pair cost a fifth as much as the measuring.
const USUAL_PAIRS: usize = 512;

impl Distances {
    pub fn new() -> Self {
        Distances {
            measured: RefCell::new(HashMap::with_capacity_and_hasher(USUAL_PAIRS, Default::default())),
        }
    }

    /// How far `to` (at `to_at`, whose latitude has cosine `cos_to`) lies from `from`, as
    /// [`haversine_km`] measures it from `from` (the same bits as measuring afresh).
    pub fn between(&self, from: (PlaceId, Point<f64>), to: (PlaceId, Point<f64>), cos_to: f64) -> Apart {
        *self.measured.borrow_mut().entry((from.0, to.0)).or_insert_with(|| {
            let km = haversine_km(from.1, cos_lat(from.1), to.1, cos_to);
            Apart {
                km,
                nearness: nearness(km),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_remembered_pair_measures_as_a_fresh_one() {
        let distances = Distances::new();
        let aleppo = (1, Point::new(37.16, 36.20));
        let homs = (2, Point::new(36.72, 34.73));
        let first = distances.between(aleppo, homs, cos_lat(homs.1));
        let again = distances.between(aleppo, homs, cos_lat(homs.1));
        let fresh = haversine_km(aleppo.1, cos_lat(aleppo.1), homs.1, cos_lat(homs.1));
        assert_eq!(first.km.to_bits(), fresh.to_bits());
        assert_eq!(again.km.to_bits(), fresh.to_bits());
        assert_eq!(first.nearness, nearness(fresh));
        assert!((first.km - 170.0).abs() < 10.0, "{}", first.km);
    }
}
