//! A latitude/longitude grid: "which of the article's places lie within R km of here", without
//! comparing every place with every other.

use geo::{Haversine, Point};

/// A degree of latitude on geo's haversine sphere (6,371.0088 km) is 111.195 km; the bound
/// sits a little below it so that rounding never rules out a point within the radius.
const MIN_KM_PER_DEGREE: f64 = 111.19;

/// An item at a point.
#[derive(Debug)]
struct Entry<T> {
    at: Point<f64>,
    item: T,
}

/// The items whose points fall in one cell.
type Cell<T> = Vec<Entry<T>>;

/// Items at points, bucketed by cells of `CELL_DEGREES` of latitude and longitude.
///
/// Cells are about as wide as the radius the resolver asks for (`NEAR_KM`), so that a query
/// visits a handful of cells rather than hundreds, and they sit in a flat table rather than a
/// hash map: looking cells up, not measuring distances, was most of the resolver's time with
/// hashed one-degree cells. Most articles name a few dozen places, though, and a plain list
/// of them is cheaper to build and to scan than any table: the cells are laid out only once
/// the items pass `FEW`.
#[derive(Debug)]
pub(super) struct Grid<T> {
    /// The items while there are at most `FEW`, in the order inserted.
    few: Vec<Entry<T>>,
    /// Then `LAT_CELLS` rows of `LON_CELLS`, holding every item.
    cells: Vec<Cell<T>>,
    len: usize,
}

/// Items scanned as a list rather than looked up by cell.
const FEW: usize = 48;

/// 360 / 10 columns: the longitude cells tile the globe exactly, so wrapping is exact.
const CELL_DEGREES: f64 = 10.0;
const LON_CELLS: i32 = (360.0 / CELL_DEGREES) as i32;
/// Latitude cells run from the one holding -90 to the one holding +90 (a row of its own).
const LAT_CELLS: i32 = (180.0 / CELL_DEGREES) as i32 + 1;

impl<T> Default for Grid<T> {
    fn default() -> Self {
        Grid {
            few: Vec::new(),
            cells: Vec::new(),
            len: 0,
        }
    }
}

fn cell_of(p: Point<f64>) -> usize {
    slot(lat_cell(p.y()), wrap_lon(lon_cell(p.x())))
}

fn slot(lat_cell: i32, lon_cell: i32) -> usize {
    (lat_cell * LON_CELLS + lon_cell) as usize
}

/// 0 for the southernmost row.
fn lat_cell(lat: f64) -> i32 {
    ((lat.clamp(-90.0, 90.0) + 90.0) / CELL_DEGREES).floor() as i32
}

fn lon_cell(lon: f64) -> i32 {
    (lon / CELL_DEGREES).floor() as i32
}

fn wrap_lon(cell: i32) -> i32 {
    cell.rem_euclid(LON_CELLS)
}

impl<T> Grid<T> {
    /// An empty grid with room for `n` items before it grows.
    pub fn with_room(n: usize) -> Self {
        Grid {
            few: Vec::with_capacity(n.min(FEW)),
            ..Grid::default()
        }
    }

    pub fn insert(&mut self, at: Point<f64>, item: T) {
        let entry = Entry { at, item };
        self.len += 1;
        if self.cells.is_empty() && self.few.len() < FEW {
            self.few.push(entry);
            return;
        }
        if self.cells.is_empty() {
            self.cells.resize_with((LAT_CELLS * LON_CELLS) as usize, Vec::new);
            for e in std::mem::take(&mut self.few) {
                self.cells[cell_of(e.at)].push(e);
            }
        }
        self.cells[cell_of(at)].push(entry);
    }

    pub fn len(&self) -> usize {
        self.len
    }

    /// Empties the grid as it was made, keeping the list's room.
    pub fn clear(&mut self) {
        self.few.clear();
        self.cells = Vec::new();
        self.len = 0;
    }

    /// Calls `visit` with the point and the item of every entry that may lie within `km` of
    /// `here`: all that do, and some that do not, for the caller to measure (see
    /// [`haversine_km`]); in no particular order.
    pub fn for_each_near<'a>(&'a self, here: Point<f64>, km: f64, mut visit: impl FnMut(Point<f64>, &'a T)) {
        let dlat = km / MIN_KM_PER_DEGREE;
        // A great-circle distance is never shorter than its north-south part, so most
        // entries are ruled out without the trigonometry of a haversine.
        let may_be_within = |e: &Entry<T>| (e.at.y() - here.y()).abs() <= dlat;
        if self.cells.is_empty() {
            for e in self.few.iter().filter(|e| may_be_within(e)) {
                visit(e.at, &e.item);
            }
            return;
        }
        let lat_lo = lat_cell(here.y() - dlat);
        let lat_hi = lat_cell(here.y() + dlat);
        for lat in lat_lo..=lat_hi {
            for lon in lon_cells_within(here, dlat) {
                let Some(entries) = self.cells.get(slot(lat, lon)) else {
                    continue;
                };
                for e in entries.iter().filter(|e| may_be_within(e)) {
                    visit(e.at, &e.item);
                }
            }
        }
    }
}

/// The cosine of a point's latitude, as [`haversine_km`] takes it.
pub(super) fn cos_lat(p: Point<f64>) -> f64 {
    p.y().to_radians().cos()
}

/// The longitude cells that points within `dlat` degrees of arc of `here` can fall in.
fn lon_cells_within(here: Point<f64>, dlat: f64) -> impl Iterator<Item = i32> {
    let nearest_pole = here.y().abs() + dlat;
    let dlon = if nearest_pole >= 89.0 {
        180.0
    } else {
        dlat / nearest_pole.to_radians().cos()
    };
    let (lo, hi) = if dlon >= 180.0 {
        (0, LON_CELLS - 1)
    } else {
        (lon_cell(here.x() - dlon), lon_cell(here.x() + dlon))
    };
    // Past the antimeridian the cells wrap around; never visit one twice.
    let span = (hi - lo).min(LON_CELLS - 1);
    (lo..=lo + span).map(wrap_lon)
}

/// geo's haversine distance (`Haversine.distance`) in km, term for term, with the cosines of
/// the latitudes worked out once per point rather than once per pair: the same bits, faster.
pub(super) fn haversine_km(from: Point<f64>, cos_from: f64, to: Point<f64>, cos_to: f64) -> f64 {
    let delta_theta = (to.y() - from.y()).to_radians();
    let delta_lambda = (to.x() - from.x()).to_radians();
    let a = (delta_theta / 2.0).sin().powi(2) + cos_from * cos_to * (delta_lambda / 2.0).sin().powi(2);
    let c = 2.0 * a.sqrt().asin();
    Haversine.radius() * c / 1000.0
}

#[cfg(test)]
mod tests {
    use geo::Distance;

    use super::*;

    /// Every item within `km` of `here`, with its distance in km, as the resolver measures it.
    fn within<T>(g: &Grid<T>, here: Point<f64>, km: f64) -> Vec<(f64, &T)> {
        let mut found = Vec::new();
        g.for_each_near(here, km, |at, item| {
            let d = haversine_km(here, cos_lat(here), at, cos_lat(at));
            if d <= km {
                found.push((d, item));
            }
        });
        found
    }

    /// A fixed sequence of numbers in [0, 1) (a linear congruential generator).
    fn uniform(mut seed: u64) -> impl FnMut() -> f64 {
        move || {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (seed >> 11) as f64 / (1u64 << 53) as f64
        }
    }

    #[test]
    fn finds_what_lies_within_the_radius_across_the_antimeridian() {
        let mut g = Grid::default();
        g.insert(Point::new(179.9, 65.0), "east of the date line");
        g.insert(Point::new(-179.9, 65.0), "west of the date line");
        g.insert(Point::new(0.0, 65.0), "far away");
        let mut found: Vec<&str> = within(&g, Point::new(179.95, 65.0), 50.0)
            .into_iter()
            .map(|(_, s)| *s)
            .collect();
        found.sort();
        assert_eq!(found, ["east of the date line", "west of the date line"]);
        assert_eq!(g.len(), 3);
    }

    #[test]
    fn distances_are_haversine_kilometres() {
        let mut g = Grid::default();
        g.insert(Point::new(37.16, 36.20), "Aleppo");
        let found = within(&g, Point::new(38.28, 34.56), 500.0);
        assert_eq!(found.len(), 1);
        assert!((found[0].0 - 210.0).abs() < 15.0, "{}", found[0].0);
        assert!(within(&g, Point::new(38.28, 34.56), 100.0).is_empty());
    }

    #[test]
    fn finds_exactly_what_a_brute_force_scan_finds() {
        // A fixed pseudo-random cloud, dense near the poles and the antimeridian too.
        let mut next = uniform(0x9e37_79b9_7f4a_7c15);
        let points: Vec<Point<f64>> = (0..2000)
            .map(|_| Point::new(next() * 360.0 - 180.0, (next() * 2.0 - 1.0).powi(3) * 90.0))
            .collect();
        let mut g = Grid::default();
        for (k, p) in points.iter().enumerate() {
            g.insert(*p, k);
        }
        for here in points.iter().step_by(37) {
            for km in [10.0, 300.0, 1000.0, 2500.0] {
                let mut found: Vec<usize> = within(&g, *here, km).into_iter().map(|(_, k)| *k).collect();
                found.sort_unstable();
                let expected: Vec<usize> = (0..points.len())
                    .filter(|&k| Haversine.distance(*here, points[k]) / 1000.0 <= km)
                    .collect();
                assert_eq!(found, expected, "around {here:?} within {km} km");
            }
        }
    }

    #[test]
    fn a_cleared_grid_holds_only_what_comes_after() {
        let aleppo = Point::new(37.16, 36.20);
        // Enough items to lay out the cells, then few enough for the list.
        for before in [3, 500] {
            let mut g = Grid::default();
            for k in 0..before {
                g.insert(aleppo, k);
            }
            g.clear();
            assert_eq!(g.len(), 0);
            assert!(within(&g, aleppo, 100.0).is_empty());
            g.insert(Point::new(36.72, 34.73), 7);
            assert_eq!(g.len(), 1);
            let found: Vec<usize> = within(&g, aleppo, 200.0).into_iter().map(|(_, k)| *k).collect();
            assert_eq!(found, [7]);
        }
    }

    #[test]
    fn distances_are_geos_haversine_to_the_bit() {
        let mut next = uniform(7);
        for _ in 0..10_000 {
            let a = Point::new(next() * 360.0 - 180.0, next() * 180.0 - 90.0);
            let b = Point::new(next() * 360.0 - 180.0, next() * 180.0 - 90.0);
            let ours = haversine_km(a, a.y().to_radians().cos(), b, b.y().to_radians().cos());
            assert_eq!(ours.to_bits(), (Haversine.distance(a, b) / 1000.0).to_bits());
        }
    }

    /// The distance table keeps one measurement for both orders of a pair.
    #[test]
    fn distances_are_the_same_bits_from_either_end() {
        let mut next = uniform(11);
        for _ in 0..10_000 {
            let a = Point::new(next() * 360.0 - 180.0, next() * 180.0 - 90.0);
            // Near pairs too, where the sines are small.
            let b = if next() < 0.5 {
                Point::new(next() * 360.0 - 180.0, next() * 180.0 - 90.0)
            } else {
                Point::new(a.x() + next() - 0.5, (a.y() + next() - 0.5).clamp(-90.0, 90.0))
            };
            let (ca, cb) = (cos_lat(a), cos_lat(b));
            assert_eq!(
                haversine_km(a, ca, b, cb).to_bits(),
                haversine_km(b, cb, a, ca).to_bits()
            );
        }
    }
}
