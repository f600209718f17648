//! The formulas, each small enough to check by hand.
//!
//! * **Span matching** is one-to-one: a maximum matching between gold spans and our spans, where
//!   [`Matching::Exact`] pairs identical `(start, end)` ranges and [`Matching::Overlap`] pairs
//!   ranges that share at least one code point. Each span tries its partners in order of
//!   preference (identical range first, then the larger overlap, then the nearer start), and
//!   augmenting paths (Kuhn's algorithm) keep the matching maximal, so one long span cannot
//!   swallow two gold spans and a shifted span still finds its partner.
//! * **Recognition** precision = matched / ours, recall = matched / gold, F1 their harmonic mean.
//! * **Distance errors** are haversine great-circle distances (the `geo` crate, mean Earth radius).
//!   `acc@161` follows Gritta et al.'s reference code: an error counts when
//!   `ln(err_km + 1) < ln(161)`, i.e. `err_km < 160`. AUC is the trapezoid rule over the
//!   ascending `ln(err_km + 1)` values divided by `ln(20039) · (n − 1)` (0 is best, 1 worst).
//! * **F1@161** pairs by overlap; a pair is correct when gold has coordinates and our point lies
//!   strictly less than 161 km from it. precision@161 = correct / all our mentions,
//!   recall@161 = correct / gold toponyms with coordinates.

use geo::{Distance, Haversine, Point};
use serde::Serialize;

/// Half the Earth's circumference in km: the largest possible error, AUC's normaliser.
pub const MAX_ERROR_KM: f64 = 20039.0;
/// 100 miles.
pub const KM_161: f64 = 161.0;

/// A point in degrees.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct LatLon {
    pub lat: f64,
    pub lon: f64,
}

impl LatLon {
    /// Reads decimal degrees, refusing values off the globe.
    pub fn parse(lat: &str, lon: &str) -> Result<LatLon, String> {
        let lat: f64 = lat
            .trim()
            .parse()
            .map_err(|_| format!("latitude is not a number: {lat:?}"))?;
        let lon: f64 = lon
            .trim()
            .parse()
            .map_err(|_| format!("longitude is not a number: {lon:?}"))?;
        if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
            return Err(format!("coordinates off the globe: {lat}, {lon}"));
        }
        Ok(LatLon { lat, lon })
    }
}

/// Great-circle distance in km.
pub fn distance_km(a: LatLon, b: LatLon) -> f64 {
    Haversine.distance(Point::new(a.lon, a.lat), Point::new(b.lon, b.lat)) / 1000.0
}

/// How spans pair with gold spans.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Matching {
    /// Same start and end.
    Exact,
    /// At least one code point in common.
    Overlap,
}

impl Matching {
    fn accepts(self, gold: (usize, usize), ours: (usize, usize)) -> bool {
        match self {
            Matching::Exact => gold == ours,
            Matching::Overlap => overlap(gold, ours) > 0,
        }
    }
}

fn overlap(a: (usize, usize), b: (usize, usize)) -> usize {
    a.1.min(b.1).saturating_sub(a.0.max(b.0))
}

/// A one-to-one maximum matching, as `(gold index, our index)` pairs sorted by gold index.
pub fn match_spans(gold: &[(usize, usize)], ours: &[(usize, usize)], matching: Matching) -> Vec<(usize, usize)> {
    let partners: Vec<Vec<usize>> = ours
        .iter()
        .map(|&o| {
            let mut p: Vec<usize> = (0..gold.len()).filter(|&g| matching.accepts(gold[g], o)).collect();
            p.sort_by_key(|&g| {
                let exact = gold[g] == o;
                (
                    !exact,
                    std::cmp::Reverse(overlap(gold[g], o)),
                    gold[g].0.abs_diff(o.0),
                    g,
                )
            });
            p
        })
        .collect();
    let mut holder: Vec<Option<usize>> = vec![None; gold.len()];
    for o in 0..ours.len() {
        let mut visited = vec![false; gold.len()];
        augment(o, &partners, &mut holder, &mut visited);
    }
    holder
        .iter()
        .enumerate()
        .filter_map(|(g, o)| o.map(|o| (g, o)))
        .collect()
}

/// Kuhn's step: give `o` a partner, moving earlier holders to their next choice if need be.
fn augment(o: usize, partners: &[Vec<usize>], holder: &mut [Option<usize>], visited: &mut [bool]) -> bool {
    for &g in &partners[o] {
        if visited[g] {
            continue;
        }
        visited[g] = true;
        let free = match holder[g] {
            None => true,
            Some(other) => augment(other, partners, holder, visited),
        };
        if free {
            holder[g] = Some(o);
            return true;
        }
    }
    false
}

/// Matched, predicted and gold totals: enough for precision, recall and F1.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub matched: usize,
    pub ours: usize,
    pub gold: usize,
}

impl Counts {
    pub fn add(&mut self, other: Counts) {
        self.matched += other.matched;
        self.ours += other.ours;
        self.gold += other.gold;
    }

    /// 0 when we predicted nothing.
    pub fn precision(&self) -> f64 {
        ratio(self.matched, self.ours)
    }

    /// 0 when there is no gold.
    pub fn recall(&self) -> f64 {
        ratio(self.matched, self.gold)
    }

    pub fn f1(&self) -> f64 {
        harmonic_mean(self.precision(), self.recall())
    }

    pub fn scores(&self) -> Scores {
        Scores {
            matched: self.matched,
            ours: self.ours,
            gold: self.gold,
            precision: self.precision(),
            recall: self.recall(),
            f1: self.f1(),
        }
    }
}

/// [`Counts`] with the ratios spelled out, for reports.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Scores {
    pub matched: usize,
    pub ours: usize,
    pub gold: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

pub fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 { 0.0 } else { part as f64 / whole as f64 }
}

pub fn harmonic_mean(p: f64, r: f64) -> f64 {
    if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) }
}

/// F1@161's notion of a correct placement.
pub fn within_161(error_km: f64) -> bool {
    error_km < KM_161
}

/// acc@161's notion, as in Gritta et al.'s `print_stats`: `ln(err + 1) < ln(161)`.
pub fn acc161_hit(error_km: f64) -> bool {
    (error_km + 1.0).ln() < KM_161.ln()
}

/// What a list of distance errors says.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ErrorSummary {
    pub n: usize,
    pub acc_161: f64,
    pub mean_km: f64,
    pub median_km: f64,
    /// None for fewer than two errors (the reference formula divides by n − 1).
    pub auc: Option<f64>,
}

/// Summarises distance errors in km; None when there are none.
pub fn summarize_errors(errors_km: &[f64]) -> Option<ErrorSummary> {
    if errors_km.is_empty() {
        return None;
    }
    let mut sorted = errors_km.to_vec();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    let hits = sorted.iter().filter(|&&e| acc161_hit(e)).count();
    Some(ErrorSummary {
        n,
        acc_161: ratio(hits, n),
        mean_km: sorted.iter().sum::<f64>() / n as f64,
        median_km: median_of_sorted(&sorted),
        auc: auc(&sorted),
    })
}

fn median_of_sorted(sorted: &[f64]) -> f64 {
    let n = sorted.len();
    if n % 2 == 1 {
        sorted[n / 2]
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
    }
}

/// Gritta et al.'s AUC: `trapz(ln(err + 1)) / (ln(20039) · (n − 1))` over ascending errors.
pub fn auc(sorted_errors_km: &[f64]) -> Option<f64> {
    let n = sorted_errors_km.len();
    if n < 2 {
        return None;
    }
    let logs: Vec<f64> = sorted_errors_km.iter().map(|e| (e + 1.0).ln()).collect();
    let trapezoid: f64 = logs.windows(2).map(|w| (w[0] + w[1]) / 2.0).sum();
    Some(trapezoid / (MAX_ERROR_KM.ln() * (n - 1) as f64))
}

/// Share of pairs, among those whose gold has a GeoNames id, where we chose that same id.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct SameId {
    pub with_gold_id: usize,
    pub same: usize,
    pub share: f64,
}

impl SameId {
    /// From `(gold id, our id)` for pairs whose gold has an id; None when there are none.
    pub fn from_pairs(pairs: &[(u32, Option<u32>)]) -> Option<SameId> {
        if pairs.is_empty() {
            return None;
        }
        let same = pairs.iter().filter(|(g, o)| Some(*g) == *o).count();
        Some(SameId {
            with_gold_id: pairs.len(),
            same,
            share: ratio(same, pairs.len()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn exact_matching_pairs_identical_ranges_once() {
        let gold = [(0, 5), (10, 15), (10, 15), (20, 25)];
        let ours = [(0, 5), (10, 15), (21, 25)];
        assert_eq!(match_spans(&gold, &ours, Matching::Exact), vec![(0, 0), (1, 1)]);
    }

    #[test]
    fn overlap_matching_is_one_to_one_and_maximal() {
        // Gold "New York" (0..8) and "City" (9..13). Ours "New York City" (0..13) overlaps both,
        // "York" (4..8) only the first: the maximum matching gives each its own partner.
        let gold = [(0, 8), (9, 13)];
        let ours = [(4, 8), (0, 13)];
        assert_eq!(match_spans(&gold, &ours, Matching::Overlap), vec![(0, 0), (1, 1)]);
        // A single long span takes one gold span, not two.
        assert_eq!(match_spans(&gold, &[(0, 13)], Matching::Overlap), vec![(0, 0)]);
        // Touching is not overlapping (ends are exclusive).
        assert!(match_spans(&[(0, 5)], &[(5, 9)], Matching::Overlap).is_empty());
    }

    #[test]
    fn overlap_matching_prefers_the_exact_partner() {
        let gold = [(0, 6), (7, 12)];
        // The first of ours overlaps gold 1 more, but gold 1 is the second span's exact match.
        let ours = [(3, 12), (7, 12)];
        assert_eq!(match_spans(&gold, &ours, Matching::Overlap), vec![(0, 0), (1, 1)]);
    }

    #[test]
    fn precision_recall_f1_by_hand() {
        // 3 matched of 4 predicted and 6 gold: P = 0.75, R = 0.5, F1 = 2·0.375/1.25 = 0.6.
        let c = Counts {
            matched: 3,
            ours: 4,
            gold: 6,
        };
        assert!(close(c.precision(), 0.75));
        assert!(close(c.recall(), 0.5));
        assert!(close(c.f1(), 0.6));
        assert_eq!(Counts::default().f1(), 0.0);
    }

    #[test]
    fn haversine_by_hand() {
        // One degree of longitude on the equator: 2π·6371.0088/360 ≈ 111.195 km (geo's mean radius).
        let d = distance_km(LatLon { lat: 0.0, lon: 0.0 }, LatLon { lat: 0.0, lon: 1.0 });
        assert!((d - 111.195).abs() < 0.01, "{d}");
        // Antipodes: half the circumference, ≈ 20015 km.
        let d = distance_km(LatLon { lat: 0.0, lon: 0.0 }, LatLon { lat: 0.0, lon: 180.0 });
        assert!((d - 20015.1).abs() < 0.1, "{d}");
    }

    #[test]
    fn error_summary_by_hand() {
        // Errors 0, 100, 159.5, 160.5, 1000 km (given unsorted).
        let s = summarize_errors(&[1000.0, 0.0, 160.5, 100.0, 159.5]).unwrap();
        assert_eq!(s.n, 5);
        // ln(e+1) < ln(161) holds for 0, 100 and 159.5 but not 160.5: 3/5.
        assert!(close(s.acc_161, 0.6));
        assert!(close(s.mean_km, 1420.0 / 5.0));
        assert!(close(s.median_km, 159.5));
        // trapz over ln(1), ln(101), ln(160.5), ln(161.5), ln(1001), over ln(20039)·4.
        let l = [1f64.ln(), 101f64.ln(), 160.5f64.ln(), 161.5f64.ln(), 1001f64.ln()];
        let trapz = (l[0] + l[1]) / 2.0 + (l[1] + l[2]) / 2.0 + (l[2] + l[3]) / 2.0 + (l[3] + l[4]) / 2.0;
        assert!(close(s.auc.unwrap(), trapz / (20039f64.ln() * 4.0)));
        // Numerically: (0 + 2·4.61512 + 2·5.07829 + 2·5.08449 + 6.90875) / 2 / (9.90544·4) ≈ 0.4601.
        assert!((s.auc.unwrap() - 0.4601).abs() < 1e-3, "{:?}", s.auc);
    }

    #[test]
    fn even_median_and_tiny_samples() {
        let s = summarize_errors(&[10.0, 20.0]).unwrap();
        assert!(close(s.median_km, 15.0));
        // Two points: trapz = (ln 11 + ln 21)/2, over ln(20039)·1.
        assert!(close(s.auc.unwrap(), (11f64.ln() + 21f64.ln()) / 2.0 / 20039f64.ln()));
        assert_eq!(summarize_errors(&[5.0]).unwrap().auc, None);
        assert!(summarize_errors(&[]).is_none());
    }

    #[test]
    fn perfect_and_worst_auc() {
        assert!(close(auc(&[0.0, 0.0, 0.0]).unwrap(), 0.0));
        assert!(close(auc(&[20038.0, 20038.0]).unwrap(), 1.0));
    }

    #[test]
    fn thresholds_of_the_two_161_metrics() {
        // F1@161 uses the definition as written (< 161 km); acc@161 Gritta's ln form (< 160 km).
        assert!(within_161(160.5) && !within_161(161.0));
        assert!(acc161_hit(159.9) && !acc161_hit(160.0));
    }

    #[test]
    fn same_id_share_by_hand() {
        let s = SameId::from_pairs(&[(1, Some(1)), (2, Some(3)), (4, None), (5, Some(5))]).unwrap();
        assert_eq!((s.with_gold_id, s.same), (4, 2));
        assert!(close(s.share, 0.5));
        assert!(SameId::from_pairs(&[]).is_none());
    }

    #[test]
    fn parses_coordinates_and_refuses_nonsense() {
        assert_eq!(
            LatLon::parse(" 31.3 ", "-92.4").unwrap(),
            LatLon { lat: 31.3, lon: -92.4 }
        );
        assert!(LatLon::parse("91", "0").is_err());
        assert!(LatLon::parse("x", "0").is_err());
    }
}
