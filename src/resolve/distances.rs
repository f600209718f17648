//! Distances between an article's candidate places, measured once per pair however many
//! rounds of rescoring ask for them, and in whichever order: the trigonometry of a haversine
//! costs several times a table lookup, each round asks again about mostly the same pairs, and
//! a candidate near another is asked about from both ends. Only pairs within [`NEAR_KM`] say
//! anything, and half the pairs asked about lie farther apart: most of those are told by a
//! bound that needs no trigonometry, and never measured.

use std::cell::{Cell, RefCell};
use std::f64::consts::PI;

use geo::Point;
use rustc_hash::FxHashMap as HashMap;

use super::context::{NEAR_KM, nearness};
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

/// Farther apart than [`NEAR_KM`].
const FAR: Apart = Apart {
    km: f64::INFINITY,
    nearness: 0.0,
};

/// Up to this many places, every pair has a slot in a square table (at most 128 KB); beyond,
/// measured pairs go in a hash map.
const DENSE_PLACES: usize = 256;

/// A pair's slot in the square table: not measured yet, farther than [`NEAR_KM`], or where
/// its measure is in the list of near pairs. Two bytes rather than the sixteen of a measure,
/// because the proximity loops ask about pairs all over the table and a small one stays in
/// the cache.
type Slot = u16;
const UNMEASURED_SLOT: Slot = Slot::MAX;
const FAR_SLOT: Slot = Slot::MAX - 1;

/// The article's candidate places and the pairs of them measured so far.
#[derive(Debug)]
pub(super) struct Distances {
    local_of: HashMap<PlaceId, Local>,
    /// Each place's point and the cosine of its latitude.
    points: Vec<(Point<f64>, f64)>,
    dense: Vec<Cell<Slot>>,
    /// The measures of the near pairs in `dense`, in the order measured: at most one per
    /// unordered pair of [`DENSE_PLACES`] places, fewer than [`FAR_SLOT`].
    near_pairs: RefCell<Vec<Apart>>,
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
            vec![Cell::new(UNMEASURED_SLOT); n * n]
        } else {
            Vec::new()
        };
        Distances {
            local_of,
            points,
            dense,
            near_pairs: RefCell::default(),
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

    /// How far `to` lies from `from` when it is at most [`NEAR_KM`], as [`haversine_km`]
    /// measures it (the same bits as measuring afresh, from either end: the haversine is
    /// symmetric to the bit); None when it lies farther.
    #[inline]
    pub fn near(&self, from: Local, to: Local) -> Option<Apart> {
        Some(self.between(from, to)).filter(|apart| apart.km <= NEAR_KM)
    }

    /// The pair's measure when within [`NEAR_KM`], [`FAR`] beyond.
    #[inline]
    fn between(&self, from: Local, to: Local) -> Apart {
        let (near, far) = (from.min(to), from.max(to));
        let n = self.points.len();
        if let Some(slot) = self.dense.get(near as usize * n + far as usize) {
            return match slot.get() {
                FAR_SLOT => FAR,
                UNMEASURED_SLOT => self.measure_into(slot, near, far),
                k => self.near_pairs.borrow()[usize::from(k)],
            };
        }
        self.between_sparse(near, far)
    }

    /// Measures a pair of the square table and remembers it in its slot.
    fn measure_into(&self, slot: &Cell<Slot>, near: Local, far: Local) -> Apart {
        let apart = self.measure(near, far);
        if apart.km > NEAR_KM {
            slot.set(FAR_SLOT);
            return apart;
        }
        let mut near_pairs = self.near_pairs.borrow_mut();
        slot.set(Slot::try_from(near_pairs.len()).expect("fewer near pairs than slots"));
        near_pairs.push(apart);
        apart
    }

    /// [`Distances::between`] for articles with more than [`DENSE_PLACES`] places: rare, and
    /// kept out of the inlined lookup.
    #[inline(never)]
    fn between_sparse(&self, near: Local, far: Local) -> Apart {
        *self
            .sparse
            .borrow_mut()
            .entry((near, far))
            .or_insert_with(|| self.measure(near, far))
    }

    /// The pair's distance when within [`NEAR_KM`], [`FAR`] beyond (most such pairs are ruled
    /// out by [`certainly_far`] without a haversine).
    #[inline(never)]
    fn measure(&self, from: Local, to: Local) -> Apart {
        let (a, cos_a) = self.points[from as usize];
        let (b, cos_b) = self.points[to as usize];
        if certainly_far(a, cos_a, b, cos_b) {
            return FAR;
        }
        let km = haversine_km(a, cos_a, b, cos_b);
        if km > NEAR_KM {
            return FAR;
        }
        Apart {
            km,
            nearness: nearness(km),
        }
    }
}

/// True only for points farther apart than [`NEAR_KM`]. The haversine of their angle is
/// sin²(Δφ/2) + cos φ₁ cos φ₂ sin²(Δλ/2), and sin x ≥ x − x³/6 ≥ 0 on [0, π/2], so a lower
/// bound on it needs no trigonometry, and is tight enough to rule out pairs a few per cent
/// beyond [`NEAR_KM`].
fn certainly_far(a: Point<f64>, cos_a: f64, b: Point<f64>, cos_b: f64) -> bool {
    let sin_at_least = |x: f64| x - x.powi(3) / 6.0;
    let half_d_lat = (a.y() - b.y()).abs().to_radians() / 2.0;
    let d_lon = (a.x() - b.x()).abs().to_radians();
    // sin²(Δλ/2) is the same for Δλ and 2π − Δλ.
    let half_d_lon = d_lon.min(2.0 * PI - d_lon) / 2.0;
    let at_least = sin_at_least(half_d_lat).powi(2) + cos_a * cos_b * sin_at_least(half_d_lon).powi(2);
    at_least > NEAR_HAVERSINE
}

/// The haversine of the angle [`NEAR_KM`] spans on the haversine's sphere, with a margin far
/// wider than the rounding of either computation, so that no pair measured within
/// [`NEAR_KM`] is ever ruled out.
const NEAR_HAVERSINE: f64 = {
    let half_angle = NEAR_KM * 1000.0 / EARTH_RADIUS_M / 2.0;
    let sin = taylor_sin(half_angle);
    sin * sin * (1.0 + 1e-9)
};

/// geo's haversine radius (`Haversine.radius()`, which is not a constant expression).
const EARTH_RADIUS_M: f64 = 6_371_008.8;

/// sin x for a small angle (|x| < 0.2), to within 1e-17: the series' next term is x⁹/9!.
const fn taylor_sin(x: f64) -> f64 {
    let x2 = x * x;
    x * (1.0 - x2 / 6.0 * (1.0 - x2 / 20.0 * (1.0 - x2 / 42.0)))
}

#[cfg(test)]
mod tests {
    use geo::Haversine;

    use super::*;

    fn measured_both_ways(distances: &Distances, a: PlaceId, b: PlaceId) -> [Option<Apart>; 4] {
        let (a, b) = (distances.local(a).unwrap(), distances.local(b).unwrap());
        [
            distances.near(a, b),
            distances.near(a, b),
            distances.near(b, a),
            distances.near(b, a),
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
                let apart = apart.expect("170 km is near");
                assert_eq!(apart.km.to_bits(), fresh.to_bits());
                assert_eq!(apart.nearness, nearness(fresh));
            }
        }
        assert_eq!(few.local(7), Some(0));
        assert_eq!(few.local(9), Some(1));
        assert_eq!(few.local(8), None);
    }

    #[test]
    fn near_keeps_exactly_the_pairs_the_haversine_puts_within_reach() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut uniform = move || {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            (seed >> 11) as f64 / (1u64 << 53) as f64
        };
        let (mut near, mut far) = (0, 0);
        for _ in 0..20_000 {
            // Pairs a few degrees apart, so that many fall on either side of the radius, at
            // every latitude and across the antimeridian.
            let a = Point::new(uniform() * 360.0 - 180.0, uniform() * 180.0 - 90.0);
            let b = Point::new(
                (a.x() + (uniform() - 0.5) * 40.0 + 540.0) % 360.0 - 180.0,
                (a.y() + (uniform() - 0.5) * 20.0).clamp(-90.0, 90.0),
            );
            let fresh = haversine_km(a, cos_lat(a), b, cos_lat(b));
            let distances = Distances::new([(1, a), (2, b)]);
            match distances.near(0, 1) {
                Some(apart) => {
                    assert_eq!(apart.km.to_bits(), fresh.to_bits(), "{a:?} {b:?}");
                    near += 1;
                }
                None => {
                    assert!(fresh > NEAR_KM, "{a:?} {b:?} at {fresh} km ruled out");
                    far += 1;
                }
            }
        }
        assert!(near > 1000 && far > 1000, "{near} near, {far} far");
    }

    #[test]
    fn the_reach_is_the_haversine_of_near_km() {
        assert_eq!(EARTH_RADIUS_M, Haversine.radius());
        let half_angle = NEAR_KM * 1000.0 / EARTH_RADIUS_M / 2.0;
        let exact = half_angle.sin().powi(2);
        assert!(NEAR_HAVERSINE > exact && NEAR_HAVERSINE < exact * (1.0 + 2e-9));
    }

    #[test]
    fn the_bound_rules_out_most_pairs_just_beyond_reach() {
        // 1,100 km due east along the equator, and due north.
        for b in [Point::new(9.9, 0.0), Point::new(0.0, 9.9)] {
            let a = Point::new(0.0, 0.0);
            assert!(haversine_km(a, 1.0, b, cos_lat(b)) > 1_090.0);
            assert!(certainly_far(a, 1.0, b, cos_lat(b)));
        }
        let a = Point::new(0.0, 0.0);
        let b = Point::new(8.9, 0.0);
        assert!(!certainly_far(a, 1.0, b, cos_lat(b)), "990 km is not far");
    }
}
