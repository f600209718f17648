//! A one-degree latitude/longitude grid: "which of the article's places lie within R km of
//! here", without comparing every place with every other.

use std::collections::HashMap;

use geo::{Distance, Haversine, Point};

const KM_PER_DEGREE: f64 = 111.2;

/// The items whose points fall in one cell.
type Cell<T> = Vec<(Point<f64>, T)>;

/// Items at points, bucketed by whole degrees of latitude and longitude.
#[derive(Debug)]
pub(super) struct Grid<T> {
    cells: HashMap<(i32, i32), Cell<T>>,
    len: usize,
}

impl<T> Default for Grid<T> {
    fn default() -> Self {
        Grid {
            cells: HashMap::new(),
            len: 0,
        }
    }
}

fn cell_of(p: Point<f64>) -> (i32, i32) {
    (p.y().floor() as i32, wrap_lon(p.x().floor() as i32))
}

fn wrap_lon(lon: i32) -> i32 {
    (lon + 180).rem_euclid(360) - 180
}

impl<T> Grid<T> {
    pub fn insert(&mut self, at: Point<f64>, item: T) {
        self.cells.entry(cell_of(at)).or_default().push((at, item));
        self.len += 1;
    }

    pub fn len(&self) -> usize {
        self.len
    }

    /// Every item within `km` of `here`, with its distance in km (in no particular order).
    pub fn within(&self, here: Point<f64>, km: f64) -> Vec<(f64, &T)> {
        let dlat = km / KM_PER_DEGREE;
        let lat_lo = (here.y() - dlat).floor().max(-90.0) as i32;
        let lat_hi = (here.y() + dlat).floor().min(89.0) as i32;
        let nearest_pole = here.y().abs() + dlat;
        let lon_cells: Vec<i32> = if nearest_pole >= 89.0 {
            (-180..180).collect()
        } else {
            let dlon = dlat / nearest_pole.to_radians().cos();
            if dlon >= 180.0 {
                (-180..180).collect()
            } else {
                let lo = (here.x() - dlon).floor() as i32;
                let hi = (here.x() + dlon).floor() as i32;
                let mut cells: Vec<i32> = (lo..=hi).map(wrap_lon).collect();
                cells.sort_unstable();
                cells.dedup();
                cells
            }
        };
        let mut out = Vec::new();
        for lat in lat_lo..=lat_hi {
            for &lon in &lon_cells {
                let Some(items) = self.cells.get(&(lat, lon)) else {
                    continue;
                };
                for (at, item) in items {
                    let d = Haversine.distance(here, *at) / 1000.0;
                    if d <= km {
                        out.push((d, item));
                    }
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_what_lies_within_the_radius_across_the_antimeridian() {
        let mut g = Grid::default();
        g.insert(Point::new(179.9, 65.0), "east of the date line");
        g.insert(Point::new(-179.9, 65.0), "west of the date line");
        g.insert(Point::new(0.0, 65.0), "far away");
        let mut found: Vec<&str> = g
            .within(Point::new(179.95, 65.0), 50.0)
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
        let found = g.within(Point::new(38.28, 34.56), 500.0);
        assert_eq!(found.len(), 1);
        assert!((found[0].0 - 210.0).abs() < 15.0, "{}", found[0].0);
        assert!(g.within(Point::new(38.28, 34.56), 100.0).is_empty());
    }
}
