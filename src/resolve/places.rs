//! The article's candidate places as read from the index, kept for the rounds of rescoring,
//! which ask about the same few places again and again.

use super::distances::{Distances, Local};
use crate::gazetteer::{Gazetteer, Place, PlaceId};

/// The candidates' places, numbered as [`Distances`] numbers them.
pub(super) struct Places<'a> {
    g: &'a Gazetteer,
    distances: &'a Distances,
    by_local: Vec<Place<'a>>,
}

impl<'a> Places<'a> {
    /// `candidates` in the order given to [`Distances::new`].
    pub fn new(
        g: &'a Gazetteer,
        distances: &'a Distances,
        candidates: impl IntoIterator<Item = (PlaceId, Place<'a>)>,
    ) -> Self {
        let mut by_local = Vec::with_capacity(distances.len());
        for (id, place) in candidates {
            if distances.local(id) == Some(by_local.len() as Local) {
                by_local.push(place);
            }
        }
        Places { g, distances, by_local }
    }

    /// A place: a candidate's from the table, any other read from the index.
    pub fn get(&self, id: PlaceId) -> Place<'a> {
        match self.distances.local(id).and_then(|l| self.by_local.get(l as usize)) {
            Some(place) => *place,
            None => self.g.place(id),
        }
    }
}

#[cfg(test)]
mod tests {
    use geo::Point;

    use super::*;

    #[test]
    fn a_candidate_is_read_from_the_table_and_any_other_place_from_the_index() {
        let g = Gazetteer::bundled();
        let ids: Vec<PlaceId> = [0, 7, 7, 3].to_vec();
        let at = |id: PlaceId| {
            let p = g.place(id);
            (id, Point::new(p.lon, p.lat))
        };
        let distances = Distances::new(ids.iter().map(|&id| at(id)));
        let places = Places::new(&g, &distances, ids.iter().map(|&id| (id, g.place(id))));
        for id in [0, 3, 7, 11, 12345] {
            let (a, b) = (places.get(id), g.place(id));
            assert_eq!(
                (a.id, a.geonameid, a.name, a.country_code),
                (b.id, b.geonameid, b.name, b.country_code)
            );
        }
        assert_eq!(places.by_local.len(), 3);
    }
}
