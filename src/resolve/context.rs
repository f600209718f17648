//! What the rest of an article says about a candidate, gathered once per round of rescoring.
//!
//! Everything is kept per spelling ("group": the spans that share a folded name and kind), as
//! totals from which a group's own share is subtracted, so that a candidate's context costs the
//! same in an article of ten names or ten thousand.

use std::cell::Cell;

use rustc_hash::FxHashMap as HashMap;
use smallvec::SmallVec;

use geo::Point;

use super::code::Code;
use super::distances::{Distances, Local};
use super::features::POSSIBLE_READINGS;
use super::grid::Grid;
use super::places::Places;
use crate::gazetteer::{NameHit, Place, PlaceId, Precision};
use crate::recognize::{MentionKind, Span};

/// Readings beyond this distance say nothing about nearness (it reaches 0 at 1,000 km).
pub(super) const NEAR_KM: f64 = 1000.0;
/// How many of the article's nearest other places set a candidate's proximity.
const NEAREST: usize = 5;

/// One spelling's current say in the article.
#[derive(Debug, Default)]
struct GroupVotes<'a> {
    /// The country and first-level division its current reading lies in, with weights (a
    /// spelling has one reading at a time).
    country: Option<(Code<'a>, f64)>,
    admin1: Option<(Code<'a>, f64)>,
    /// Its weight in the denominator of the support shares (grows with the log of its
    /// mentions).
    weight: f64,
    /// The country it names outright, as a country or an adjective.
    names_country: Option<Code<'a>>,
}

/// What an article says of one country, for one spelling's candidates in it.
#[derive(Debug, Clone, Copy)]
pub(super) struct CountryEvidence {
    /// Share of the other spellings' weight in the country.
    pub support: f64,
    /// Another spelling names the country outright.
    pub named_elsewhere: bool,
    /// Share of the spelling's sentences in which another span places something in the country.
    pub sentence_support: f64,
    /// One of the user's `--focus` countries.
    pub in_focus: bool,
}

/// The weight a spelling's own vote gives `key`.
fn own_weight(vote: Option<(Code, f64)>, key: Code) -> f64 {
    vote.iter().filter(|(k, _)| *k == key).map(|(_, w)| w).sum::<f64>()
}

pub(super) struct Context<'a> {
    places: &'a Places<'a>,
    spans: &'a [Span],
    focus: Vec<String>,
    group_of: Vec<usize>,
    /// Per group: whether its current reading is a located place (in `picks_near`).
    located: Vec<bool>,
    is_place_group: Vec<bool>,
    members: &'a [Vec<usize>],
    picks: Vec<Option<PlaceId>>,
    votes: Vec<GroupVotes<'a>>,
    total_weight: f64,
    country_total: HashMap<Code<'a>, f64>,
    admin1_total: HashMap<Code<'a>, f64>,
    named_total: HashMap<Code<'a>, usize>,
    /// Spans per (sentence, country) that place something in that country.
    sentence_votes: HashMap<(usize, Code<'a>), usize>,
    /// Current readings of places (not whole countries), for proximity.
    picks_near: Grid<(usize, Local)>,
    /// Per place-name group, for possible support: the first-level divisions of its likely
    /// readings (not whole countries), with their probabilities.
    own_admin1s: Vec<Vec<(Code<'a>, f64)>>,
    /// Likely readings of every place name, for possible support: (group, rank among the
    /// group's readings, reading, probability).
    readings_near: Grid<(usize, usize, Local, f64)>,
    admin1_mass: HashMap<Code<'a>, f64>,
    place_groups: usize,
    distances: &'a Distances,
    /// The list [`Context::possible_support`] fills, kept between calls to save allocating
    /// one per candidate.
    possible_scratch: Cell<Vec<((usize, usize), f64)>>,
}

impl<'a> Context<'a> {
    /// The context of an article's spellings (`members`: each spelling's spans), holding no
    /// readings yet: [`Context::read`] gives it each round's.
    pub fn new(
        places: &'a Places<'a>,
        spans: &'a [Span],
        members: &'a [Vec<usize>],
        focus: &[String],
        distances: &'a Distances,
    ) -> Context<'a> {
        let mut group_of = vec![usize::MAX; spans.len()];
        for (k, ms) in members.iter().enumerate() {
            for &m in ms {
                group_of[m] = k;
            }
        }
        Context {
            places,
            spans,
            focus: focus.iter().map(|c| c.to_ascii_uppercase()).collect(),
            group_of,
            located: vec![false; members.len()],
            is_place_group: members
                .iter()
                .map(|ms| spans[ms[0]].kind == MentionKind::Place)
                .collect(),
            members,
            picks: Vec::with_capacity(members.len()),
            votes: Vec::with_capacity(members.len()),
            total_weight: 0.0,
            country_total: with_room(members.len()),
            admin1_total: with_room(members.len()),
            named_total: with_room(members.len()),
            sentence_votes: with_room(spans.len()),
            picks_near: Grid::with_room(members.len()),
            own_admin1s: vec![Vec::new(); members.len()],
            readings_near: Grid::with_room(members.len() * POSSIBLE_READINGS),
            admin1_mass: with_room(members.len()),
            place_groups: 0,
            distances,
            possible_scratch: Cell::default(),
        }
    }

    /// Takes in a round's readings, in place of the last round's: `picks[group]` is each
    /// spelling's current reading and its probability (None before the first round, when only
    /// spellings whose candidates all lie in one country vote); `readings[group]` its likely
    /// readings with probabilities.
    pub fn read(&mut self, picks: &[Option<(PlaceId, f64)>], readings: &[Vec<(PlaceId, f64)>]) {
        self.forget_readings();
        self.picks.extend(picks.iter().map(|p| p.map(|(id, _)| id)));
        let (places, spans, members) = (self.places, self.spans, self.members);
        for (k, ms) in members.iter().enumerate() {
            let lead = &spans[ms[0]];
            let mut votes = group_votes(places, lead, picks[k]);
            // A name the article repeats says more about where it is than one it drops once.
            let repeats = 1.0 + (ms.len() as f64).ln();
            for v in votes.country.iter_mut().chain(votes.admin1.iter_mut()) {
                v.1 *= repeats;
            }
            votes.weight *= repeats;
            if let Some((id, w)) = picks[k] {
                let p = places.get(id);
                if let Some(local) = self.distances.local(id)
                    && p.precision() <= Precision::Admin2
                    && w >= 0.3
                {
                    self.picks_near.insert(Point::new(p.lon, p.lat), (k, local));
                    self.located[k] = true;
                }
            }
            self.add_votes(ms, &votes);
            if lead.kind == MentionKind::Place {
                self.add_readings(places, k, &readings[k]);
            }
            self.votes.push(votes);
        }
    }

    /// Empties what [`Context::read`] fills, keeping the room it took.
    fn forget_readings(&mut self) {
        self.located.fill(false);
        self.picks.clear();
        self.votes.clear();
        self.total_weight = 0.0;
        self.country_total.clear();
        self.admin1_total.clear();
        self.named_total.clear();
        self.sentence_votes.clear();
        self.picks_near.clear();
        self.own_admin1s.iter_mut().for_each(Vec::clear);
        self.readings_near.clear();
        self.admin1_mass.clear();
        self.place_groups = 0;
    }

    fn add_votes(&mut self, members: &[usize], votes: &GroupVotes<'a>) {
        self.total_weight += votes.weight;
        if let Some((cc, w)) = &votes.country {
            *self.country_total.entry(*cc).or_default() += w;
            if *w > 0.3 {
                for &m in members {
                    *self.sentence_votes.entry((self.sentence_of(m), *cc)).or_default() += 1;
                }
            }
        }
        if let Some((a, w)) = &votes.admin1 {
            *self.admin1_total.entry(*a).or_default() += w;
        }
        if let Some(cc) = votes.names_country {
            *self.named_total.entry(cc).or_default() += 1;
        }
    }

    fn add_readings(&mut self, places: &Places<'a>, group: usize, readings: &[(PlaceId, f64)]) {
        self.place_groups += 1;
        for (rank, &(id, p)) in readings.iter().enumerate() {
            let r = places.get(id);
            if r.precision() >= Precision::Country {
                continue;
            }
            self.own_admin1s[group].push((Code(r.admin1_code), p));
            if !r.admin1_code.is_empty() {
                *self.admin1_mass.entry(Code(r.admin1_code)).or_default() += p;
            }
            if let Some(local) = self.distances.local(id)
                && r.precision() <= Precision::Admin2
            {
                self.readings_near
                    .insert(Point::new(r.lon, r.lat), (group, rank, local, p));
            }
        }
    }

    /// The current reading of a span.
    pub fn pick(&self, span: usize) -> Option<PlaceId> {
        self.picks.get(self.group_of[span]).copied().flatten()
    }

    fn in_focus(&self, country_code: Code) -> bool {
        self.focus.iter().any(|c| c == country_code.as_str())
    }

    /// What the article says of `country_code` for the spelling `group`: the same for all of
    /// the spelling's candidates in that country, so worked out once per country.
    pub fn country_evidence(&self, group: usize, country_code: Code) -> CountryEvidence {
        CountryEvidence {
            support: self.country_support(group, country_code),
            named_elsewhere: self.country_named_elsewhere(group, country_code),
            sentence_support: self.sentence_support(group, country_code),
            in_focus: self.in_focus(country_code),
        }
    }

    /// Share of the other spellings' weight that lies in the country.
    fn country_support(&self, group: usize, country_code: Code) -> f64 {
        let own = &self.votes[group];
        let others = self.total_weight - own.weight;
        if others <= 0.0 {
            return 0.0;
        }
        let country =
            self.country_total.get(&country_code).copied().unwrap_or(0.0) - own_weight(own.country, country_code);
        (country / others).max(0.0)
    }

    /// Share of the other spellings' weight that lies in the first-level division.
    pub fn admin1_support(&self, group: usize, admin1_code: Code) -> f64 {
        let own = &self.votes[group];
        let others = self.total_weight - own.weight;
        if others <= 0.0 || admin1_code.is_empty() {
            return 0.0;
        }
        let admin1 = self.admin1_total.get(&admin1_code).copied().unwrap_or(0.0) - own_weight(own.admin1, admin1_code);
        (admin1 / others).max(0.0)
    }

    /// Another spelling names `country_code` outright.
    fn country_named_elsewhere(&self, group: usize, country_code: Code) -> bool {
        let own = usize::from(self.votes[group].names_country == Some(country_code));
        self.named_total.get(&country_code).copied().unwrap_or(0) > own
    }

    /// Share of the group's sentences in which another span places something in `place`'s country.
    fn sentence_support(&self, group: usize, country_code: Code) -> f64 {
        let members = &self.members[group];
        if country_code.is_empty() || members.is_empty() {
            return 0.0;
        }
        let own_votes = self.votes[group]
            .country
            .is_some_and(|(cc, w)| w > 0.3 && cc == country_code);
        // The group's own votes in a sentence: one per member there, counted in a sorted list
        // (members come in reading order, so it is sorted already); none unless it votes here.
        let mut own_sentences: SmallVec<[usize; 8]> = SmallVec::new();
        if own_votes {
            own_sentences.extend(members.iter().map(|&m| self.sentence_of(m)));
            if !own_sentences.is_sorted() {
                own_sentences.sort_unstable();
            }
        }
        let own_in = |s: usize| own_sentences.partition_point(|&x| x <= s) - own_sentences.partition_point(|&x| x < s);
        let supported = members
            .iter()
            .filter(|&&m| {
                let s = self.sentence_of(m);
                let all = self.sentence_votes.get(&(s, country_code)).copied().unwrap_or(0);
                all > own_in(s)
            })
            .count();
        supported as f64 / members.len() as f64
    }

    fn sentence_of(&self, span: usize) -> usize {
        self.spans[span].sentence
    }

    /// Mean distance (km) to the nearest current readings of up to five other spellings, those
    /// beyond `NEAR_KM` counted at `NEAR_KM`; None when no other spelling has a located reading.
    pub fn nearest_others_km(&self, group: usize, place: &Place, local: Local) -> Option<f64> {
        let own_located = usize::from(self.picks_near_contains(group));
        let others = self.picks_near.len() - own_located;
        if others == 0 {
            return None;
        }
        let mut near = Nearest::default();
        self.picks_near
            .for_each_near(Point::new(place.lon, place.lat), NEAR_KM, |_, &(k, other)| {
                if k != group
                    && let Some(apart) = self.distances.near(local, other)
                {
                    near.offer(apart.km);
                }
            });
        let near = near.nearest_first();
        let counted = others.min(NEAREST);
        let padding = counted.saturating_sub(near.len());
        Some((near.iter().sum::<f64>() + padding as f64 * NEAR_KM) / counted as f64)
    }

    fn picks_near_contains(&self, group: usize) -> bool {
        self.located[group]
    }

    /// How well `place` fits the likely readings of the other place names: the expected share
    /// of them read inside its first-level division, and the expected nearness of the
    /// best-fitting one. Each reading counts by its probability, so that "Washington" vouches
    /// for Washington, Missouri only as much as that reading is likely.
    pub fn possible_support(&self, group: usize, place: &Place, local: Local) -> (f64, f64) {
        if place.precision() >= Precision::Country {
            return (0.0, 0.0);
        }
        let own_is_place = self.is_place_group[group];
        let names = self.place_groups - usize::from(own_is_place);
        let share = if names == 0 || place.admin1_code.is_empty() {
            0.0
        } else {
            let own: f64 = if own_is_place {
                self.own_admin1s[group]
                    .iter()
                    .filter(|(a, _)| *a == Code(place.admin1_code))
                    .map(|(_, p)| p)
                    .sum()
            } else {
                0.0
            };
            let total = self.admin1_mass.get(&Code(place.admin1_code)).copied().unwrap_or(0.0);
            ((total - own) / names as f64).max(0.0)
        };
        let mut near = self.possible_scratch.take();
        near.clear();
        self.readings_near
            .for_each_near(Point::new(place.lon, place.lat), NEAR_KM, |_, &(k, rank, other, p)| {
                if k != group
                    && other != local
                    && let Some(apart) = self.distances.near(local, other)
                {
                    near.push(((k, rank), p * apart.nearness));
                }
            });
        let best = best_group_total(&mut near);
        self.possible_scratch.replace(near);
        (share, best)
    }
}

/// A map with room for `n` keys: built afresh each round, it would otherwise grow (and rehash)
/// several times.
fn with_room<K, V>(n: usize) -> HashMap<K, V> {
    HashMap::with_capacity_and_hasher(n, Default::default())
}

/// The [`NEAREST`] smallest distances offered, kept sorted as they come, without allocating
/// (this runs for every candidate in every round).
#[derive(Default)]
struct Nearest {
    km: [f64; NEAREST],
    len: usize,
}

impl Nearest {
    fn offer(&mut self, km: f64) {
        if self.len == NEAREST && km >= self.km[NEAREST - 1] {
            return;
        }
        let at = self.km[..self.len].partition_point(|&k| k <= km);
        let last = self.len.min(NEAREST - 1);
        self.km.copy_within(at..last, at + 1);
        self.km[at] = km;
        self.len = (self.len + 1).min(NEAREST);
    }

    fn nearest_first(&self) -> &[f64] {
        &self.km[..self.len]
    }
}

/// The largest per-group sum of `((group, rank), value)` pairs, each group's values added in
/// order of rank, so that the sums do not depend on the order the spatial index found them in.
fn best_group_total(pairs: &mut [((usize, usize), f64)]) -> f64 {
    // Scanned as a list, the readings come in this order already.
    if !pairs.is_sorted_by_key(|&(key, _)| key) {
        pairs.sort_unstable_by_key(|&(key, _)| key);
    }
    pairs
        .chunk_by(|a, b| a.0.0 == b.0.0)
        .map(|run| run.iter().fold(0.0, |sum, &(_, v)| sum + v))
        .fold(0.0, f64::max)
}

/// 1 at 10 km or less, 0 at 1,000 km or more, logarithmic between (after the Edinburgh
/// Geoparser's spatial minimality).
pub(super) fn nearness(km: f64) -> f64 {
    if km >= NEARNESS_ENDS_KM {
        return 0.0;
    }
    nearness_formula(km)
}

/// Where [`nearness`] reaches 0: many measured pairs lie beyond it, and the logarithm would
/// only be clamped away.
const NEARNESS_ENDS_KM: f64 = 1000.0;

fn nearness_formula(km: f64) -> f64 {
    (1.0 - (km.max(10.0) / 10.0).log10() / 2.0).clamp(0.0, 1.0)
}

/// What a spelling's current reading (or, before any, its unanimous candidates) says.
fn group_votes<'a>(places: &Places<'a>, lead: &Span, pick: Option<(PlaceId, f64)>) -> GroupVotes<'a> {
    let reading = match pick {
        Some((id, p)) => Some((places.get(id), p)),
        None => unanimous(places, &lead.hits),
    };
    let mut votes = GroupVotes::default();
    if let Some((p, w)) = reading {
        if !p.country_code.is_empty() {
            votes.country = Some((Code(p.country_code), w));
        }
        if !p.admin1_code.is_empty() {
            votes.admin1 = Some((Code(p.admin1_code), w));
        }
        if p.precision() == Precision::Country && w > 0.5 {
            votes.names_country = Some(Code(p.country_code));
        }
    }
    if lead.kind == MentionKind::Demonym
        && let Some(h) = lead.hits.first()
    {
        votes.names_country = Some(Code(places.get(h.place).country_code));
    }
    votes.weight = votes.country.iter().map(|(_, w)| w).sum::<f64>().max(0.25);
    votes
}

/// The one reading every candidate agrees on, if any (all in one country).
fn unanimous<'g>(places: &Places<'g>, hits: &[NameHit]) -> Option<(Place<'g>, f64)> {
    let first = places.get(hits.first()?.place);
    let same_country = hits
        .iter()
        .all(|h| places.get(h.place).country_code == first.country_code);
    same_country.then_some((first, 1.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearness_skips_only_the_logarithm_that_would_be_clamped_to_zero() {
        for km in [0.0, 5.0, 10.0, 99.0, 500.0, 999.999, 1000.0, 1000.001, 4000.0, 20_000.0] {
            assert_eq!(nearness(km).to_bits(), nearness_formula(km).to_bits(), "{km} km");
        }
        assert!(nearness(999.0) > 0.0);
    }

    #[test]
    fn nearest_keeps_what_sorting_and_truncating_would() {
        let mut seed = 0x853c_49e6_748f_ea9bu64;
        for len in 0..40 {
            let offered: Vec<f64> = (0..len)
                .map(|_| {
                    seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                    // Few distinct values, so that ties are common.
                    ((seed >> 33) % 12) as f64 * 7.5
                })
                .collect();
            let mut near = Nearest::default();
            for &km in &offered {
                near.offer(km);
            }
            let mut sorted = offered.clone();
            sorted.sort_by(f64::total_cmp);
            sorted.truncate(NEAREST);
            assert_eq!(near.nearest_first(), sorted.as_slice(), "{offered:?}");
        }
    }
}
