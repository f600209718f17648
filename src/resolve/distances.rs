//! Distances between an article's candidate places, measured once per pair however many
//! rounds of rescoring ask for them, and in whichever order: the trigonometry of a haversine
//! costs several times a table lookup, each round asks again about mostly the same pairs, and
//! a candidate near another is asked about from both ends.

use std::cell::{Cell, RefCell};

use geo::Point;
use rustc_hash::FxHashMap as HashMap;

use super::context::nearness;
use super::grid::{cos_lat, haversine_km};
use crate::gazetteer::PlaceId;

/// A place's number among an article's distinct candidate places.
pub(super) type Local = u32;

/// A measured pair: kilometres, and their [`nearness`].
#[derive(Debug, Clone, Copy)]
pub(super) struct Apart {
    pub km: f64,
    pub nearness: f64,
}

/// Not measured yet.
const UNMEASURED: Apart = Apart {
    km: f64::NAN,
    nearness: f64::NAN,
};

/// Up to this many places, every pair has a slot in a square table (at most 1 MB); beyond,
/// measured pairs go in a hash map.
const DENSE_PLACES: usize = 256;

/// The article's candidate places and the pairs of them measured so far.
#[derive(Debug)]
pub(super) struct Distances {
    local_of: HashMap<PlaceId, Local>,
    /// Each place's point and the cosine of its latitude.
    points: Vec<(Point<f64>, f64)>,
    dense: Vec<Cell<Apart>>,
    sparse: RefCell<HashMap<(Local, Local), Apart>>,
}

impl Distances {
    /// Numbers the places in order of first appearance.
    pub fn new(places: impl IntoIterator<Item = (PlaceId, Point<f64>)>) -> Self {
        let mut local_of: HashMap<PlaceId, Local> = HashMap::default();
        let mut points = Vec::new();
        for (id, at) in places {
            local_of.entry(id).or_insert_with(|| {
                points.push((at, cos_lat(at)));
                (points.len() - 1) as Local
            });
        }
        let n = points.len();
        let dense = if n <= DENSE_PLACES {
            vec![Cell::new(UNMEASURED); n * n]
        } else {
            Vec::new()
        };
        Distances {
            local_of,
            points,
            dense,
            sparse: RefCell::default(),
        }
    }

    /// How many distinct places were given to [`Distances::new`].
    pub fn len(&self) -> usize {
        self.points.len()
    }

    /// The number of a place given to [`Distances::new`].
    pub fn local(&self, id: PlaceId) -> Option<Local> {
        self.local_of.get(&id).copied()
    }

    /// How far `to` lies from `from`, as [`haversine_km`] measures it (the same bits as
    /// measuring afresh, from either end: the haversine is symmetric to the bit).
    pub fn between(&self, from: Local, to: Local) -> Apart {
        let (near, far) = (from.min(to), from.max(to));
        let n = self.points.len();
        if let Some(slot) = self.dense.get(near as usize * n + far as usize) {
            let known = slot.get();
            if !known.km.is_nan() {
                return known;
            }
            let apart = self.measure(near, far);
            slot.set(apart);
            return apart;
        }
        *self
            .sparse
            .borrow_mut()
            .entry((near, far))
            .or_insert_with(|| self.measure(near, far))
    }

    fn measure(&self, from: Local, to: Local) -> Apart {
        let (a, cos_a) = self.points[from as usize];
        let (b, cos_b) = self.points[to as usize];
        let km = haversine_km(a, cos_a, b, cos_b);
        Apart {
            km,
            nearness: nearness(km),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn measured_both_ways(distances: &Distances, a: PlaceId, b: PlaceId) -> [Apart; 4] {
        let (a, b) = (distances.local(a).unwrap(), distances.local(b).unwrap());
        [
            distances.between(a, b),
            distances.between(a, b),
            distances.between(b, a),
            distances.between(b, a),
        ]
    }

    #[test]
    fn a_remembered_pair_measures_as_a_fresh_one() {
        let aleppo = Point::new(37.16, 36.20);
        let homs = Point::new(36.72, 34.73);
        let fresh = haversine_km(aleppo, cos_lat(aleppo), homs, cos_lat(homs));
        assert!((fresh - 170.0).abs() < 10.0, "{fresh}");
        let few = Distances::new([(7, aleppo), (9, homs), (7, aleppo)]);
        // Enough places that pairs go in the hash map instead of the table.
        let many = Distances::new(
            [(7, aleppo), (9, homs)]
                .into_iter()
                .chain((100..400).map(|id| (id, Point::new(0.0, 0.0)))),
        );
        for distances in [&few, &many] {
            for apart in measured_both_ways(distances, 7, 9) {
                assert_eq!(apart.km.to_bits(), fresh.to_bits());
                assert_eq!(apart.nearness, nearness(fresh));
            }
        }
        assert_eq!(few.local(7), Some(0));
        assert_eq!(few.local(9), Some(1));
        assert_eq!(few.local(8), None);
    }
}
