//! Scoring a whole corpus: every number `geocite eval` prints, in one serialisable [`Report`],
//! and the text table.
//!
//! Which matching each number uses:
//! * recognition P/R/F1: both exact and overlap ([`EndToEnd::recognition_exact`], `_overlap`);
//! * acc@161, mean/median km, AUC, same GeoNames id: both, on the matched pairs whose gold has
//!   coordinates (resp. a GeoNames id) ([`EndToEnd::resolution_exact`], `_overlap`);
//! * F1@161, the per-type table, the error listings: overlap.
//!
//! With `--gold-spans` there is no matching: every gold span is resolved as given, and acc@161
//! counts a gold span the gazetteer cannot resolve as a miss ([`GoldSpans`]).

use std::collections::HashMap;
use std::fmt::Write as _;

use serde::Serialize;

use super::metrics::{
    self, Counts, ErrorSummary, Matching, SameId, Scores, acc161_hit, distance_km, match_spans, within_161,
};
use super::predict::Prediction;
use super::text::{context_window, one_line};
use super::{Corpus, CorpusKind, Document, GoldToponym};

/// Everything one evaluation run measured.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub corpus: CorpusKind,
    pub corpus_title: &'static str,
    pub path: String,
    /// "geocite 0.1.0", or the peer output file scored.
    pub system: String,
    /// The options that shaped the run, as typed ("--demonyms --focus SY").
    pub options: String,
    pub documents: usize,
    pub gold_toponyms: usize,
    pub gold_with_coords: usize,
    pub gold_with_geonameid: usize,
    /// Pipeline (or peer) output scored against gold; None with `--gold-spans`.
    pub end_to_end: Option<EndToEnd>,
    /// Gold spans resolved as given; None without `--gold-spans`.
    pub gold_spans: Option<GoldSpans>,
    /// Per annotation class (GeoWebNews has eight; other corpora one, "toponym").
    pub by_type: Vec<TypeRow>,
    pub errors: Option<ErrorAnalysis>,
    /// What the loader repaired or skipped.
    pub notes: Vec<String>,
    pub seconds: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct EndToEnd {
    pub our_mentions: usize,
    pub recognition_exact: Scores,
    pub recognition_overlap: Scores,
    pub resolution_exact: Option<Resolution>,
    pub resolution_overlap: Option<Resolution>,
    /// The headline: overlap matching, correct = gold has coordinates and ours lies < 161 km away.
    pub f1_at_161: Scores,
    /// Our unmatched mentions that lie on an annotated span that is not gold (GeoWebNews
    /// "Demonym", "Non_Toponym", …), by that span's class, most frequent first.
    pub spurious_on_annotated: Vec<NameCount>,
}

/// Distance errors on matched pairs, and agreement on the GeoNames id (on pairs where both
/// sides have one; None when the system reports no ids).
#[derive(Debug, Clone, Serialize)]
pub struct Resolution {
    #[serde(flatten)]
    pub errors: ErrorSummary,
    pub same_geonameid: Option<SameId>,
}

#[derive(Debug, Clone, Serialize)]
pub struct GoldSpans {
    pub gold_with_coords: usize,
    /// Of those, how many the gazetteer could resolve at all.
    pub resolved: usize,
    /// Over all gold spans with coordinates; an unresolved span counts as a miss.
    pub acc_161: f64,
    /// acc@161, mean/median km and AUC over the resolved spans only.
    pub resolved_errors: Option<ErrorSummary>,
    /// Over all gold spans with a GeoNames id; unresolved counts as different.
    pub same_geonameid: Option<SameId>,
}

/// One annotation class. `found` is overlap-matched (end to end) or resolved (gold spans);
/// `correct` is placed < 161 km (end to end, as F1@161) or an acc@161 hit (gold spans).
#[derive(Debug, Clone, Serialize)]
pub struct TypeRow {
    pub kind: String,
    pub gold: usize,
    pub found: usize,
    pub recall: f64,
    pub with_coords: usize,
    pub correct: usize,
    /// correct / with_coords.
    pub recall_161: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct NameCount {
    pub name: String,
    pub count: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct ErrorAnalysis {
    /// The largest distance errors, worst first.
    pub worst: Vec<Misplacement>,
    /// Gold names we did not find (end to end) or could not resolve (gold spans), most frequent first.
    pub missed: Vec<NameCount>,
    /// Names we reported that match no gold span, most frequent first (end to end only).
    pub spurious: Vec<NameCount>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Misplacement {
    pub document: String,
    pub surface: String,
    pub context: String,
    pub ours: String,
    pub ours_coords: metrics::LatLon,
    pub gold: String,
    pub gold_coords: metrics::LatLon,
    pub error_km: f64,
}

/// Facts about the run that the scores do not hold.
pub struct RunInfo {
    pub path: String,
    pub system: String,
    pub options: String,
    /// How many worst misplacements and frequent names to list (0: none).
    pub errors: usize,
    pub seconds: f64,
}

impl Report {
    fn new(corpus: &Corpus, info: &RunInfo) -> Report {
        Report {
            corpus: corpus.kind,
            corpus_title: corpus.kind.title(),
            path: info.path.clone(),
            system: info.system.clone(),
            options: info.options.clone(),
            documents: corpus.documents.len(),
            gold_toponyms: corpus.gold_count(),
            gold_with_coords: corpus.gold_with_coords(),
            gold_with_geonameid: corpus.gold_with_geonameid(),
            end_to_end: None,
            gold_spans: None,
            by_type: Vec::new(),
            errors: None,
            notes: corpus.notes.clone(),
            seconds: info.seconds,
        }
    }
}

/// A distance error on a matched pair, kept for the worst-misplacement listing.
struct Placed<'a> {
    doc: &'a Document,
    gold: &'a GoldToponym,
    ours: &'a Prediction,
    error_km: f64,
}

/// Running totals per annotation class.
#[derive(Default)]
struct TypeTally {
    gold: usize,
    found: usize,
    with_coords: usize,
    correct: usize,
}

/// Pairs on one matching: distance errors and id agreement.
#[derive(Default)]
struct PairTally {
    errors_km: Vec<f64>,
    ids: Vec<(u32, Option<u32>)>,
}

impl PairTally {
    fn add(&mut self, gold: &GoldToponym, ours: &Prediction) -> Option<f64> {
        // Only where both sides speak GeoNames: peers' output files carry no ids at all.
        if let (Some(id), Some(_)) = (gold.geonameid, ours.geonameid) {
            self.ids.push((id, ours.geonameid));
        }
        let error = distance_km(gold.coords?, ours.coords?);
        self.errors_km.push(error);
        Some(error)
    }

    fn resolution(&self) -> Option<Resolution> {
        Some(Resolution {
            errors: metrics::summarize_errors(&self.errors_km)?,
            same_geonameid: SameId::from_pairs(&self.ids),
        })
    }
}

/// Scores system output (one prediction list per document, in corpus order) against gold.
pub fn score_end_to_end(corpus: &Corpus, predictions: &[Vec<Prediction>], info: &RunInfo) -> Report {
    let mut exact = Counts::default();
    let mut overlap = Counts::default();
    let mut at_161 = Counts::default();
    let mut exact_pairs = PairTally::default();
    let mut overlap_pairs = PairTally::default();
    let mut types: HashMap<String, TypeTally> = HashMap::new();
    let mut placed: Vec<Placed> = Vec::new();
    let mut missed: HashMap<String, usize> = HashMap::new();
    let mut spurious: HashMap<String, usize> = HashMap::new();
    let mut spurious_on: HashMap<String, usize> = HashMap::new();
    for (doc, ours) in corpus.documents.iter().zip(predictions) {
        let gold_ranges: Vec<(usize, usize)> = doc.gold.iter().map(|g| (g.start, g.end)).collect();
        let our_ranges: Vec<(usize, usize)> = ours.iter().map(|p| (p.start, p.end)).collect();
        let by_exact = match_spans(&gold_ranges, &our_ranges, Matching::Exact);
        let by_overlap = match_spans(&gold_ranges, &our_ranges, Matching::Overlap);
        exact.add(Counts {
            matched: by_exact.len(),
            ours: ours.len(),
            gold: doc.gold.len(),
        });
        overlap.add(Counts {
            matched: by_overlap.len(),
            ours: ours.len(),
            gold: doc.gold.len(),
        });
        for &(g, o) in &by_exact {
            exact_pairs.add(&doc.gold[g], &ours[o]);
        }
        let mut correct = 0;
        let mut partner_of_gold: Vec<Option<usize>> = vec![None; doc.gold.len()];
        let mut our_matched = vec![false; ours.len()];
        for &(g, o) in &by_overlap {
            partner_of_gold[g] = Some(o);
            our_matched[o] = true;
            if let Some(error_km) = overlap_pairs.add(&doc.gold[g], &ours[o]) {
                correct += usize::from(within_161(error_km));
                placed.push(Placed {
                    doc,
                    gold: &doc.gold[g],
                    ours: &ours[o],
                    error_km,
                });
            }
        }
        at_161.add(Counts {
            matched: correct,
            ours: ours.len(),
            gold: doc.gold.iter().filter(|g| g.coords.is_some()).count(),
        });
        for (gold, partner) in doc.gold.iter().zip(&partner_of_gold) {
            let tally = types.entry(gold.kind.clone()).or_default();
            tally.gold += 1;
            tally.found += usize::from(partner.is_some());
            if gold.coords.is_some() {
                tally.with_coords += 1;
                let error = partner.and_then(|o| Some(distance_km(gold.coords?, ours[o].coords?)));
                tally.correct += usize::from(error.is_some_and(within_161));
            }
            if partner.is_none() {
                *missed.entry(gold.surface.clone()).or_default() += 1;
            }
        }
        for (prediction, matched) in ours.iter().zip(&our_matched) {
            if !matched {
                *spurious.entry(prediction.surface.clone()).or_default() += 1;
                *spurious_on.entry(annotated_class(doc, prediction)).or_default() += 1;
            }
        }
    }
    let mut report = Report::new(corpus, info);
    report.end_to_end = Some(EndToEnd {
        our_mentions: exact.ours,
        recognition_exact: exact.scores(),
        recognition_overlap: overlap.scores(),
        resolution_exact: exact_pairs.resolution(),
        resolution_overlap: overlap_pairs.resolution(),
        f1_at_161: at_161.scores(),
        spurious_on_annotated: most_frequent(spurious_on, usize::MAX),
    });
    report.by_type = type_rows(types);
    if info.errors > 0 {
        report.errors = Some(ErrorAnalysis {
            worst: worst(placed, info.errors),
            missed: most_frequent(missed, info.errors),
            spurious: most_frequent(spurious, info.errors),
        });
    }
    report
}

/// The class of the non-gold annotation an unmatched mention lies on, or "unannotated".
fn annotated_class(doc: &Document, prediction: &Prediction) -> String {
    doc.not_gold
        .iter()
        .find(|a| a.start < prediction.end && prediction.start < a.end)
        .map(|a| a.kind.clone())
        .unwrap_or_else(|| "unannotated".to_string())
}

/// Scores gold-span resolution: `resolved[d][g]` is our reading of document d's gold toponym g.
pub fn score_gold_spans(corpus: &Corpus, resolved: &[Vec<Option<Prediction>>], info: &RunInfo) -> Report {
    let mut pairs = PairTally::default();
    let mut ids: Vec<(u32, Option<u32>)> = Vec::new();
    let mut with_coords = 0;
    let mut resolved_with_coords = 0;
    let mut hits = 0;
    let mut types: HashMap<String, TypeTally> = HashMap::new();
    let mut placed: Vec<Placed> = Vec::new();
    let mut unresolved: HashMap<String, usize> = HashMap::new();
    for (doc, readings) in corpus.documents.iter().zip(resolved) {
        for (gold, reading) in doc.gold.iter().zip(readings) {
            let tally = types.entry(gold.kind.clone()).or_default();
            tally.gold += 1;
            tally.found += usize::from(reading.is_some());
            if let Some(id) = gold.geonameid {
                ids.push((id, reading.as_ref().and_then(|r| r.geonameid)));
            }
            if reading.is_none() {
                *unresolved.entry(gold.surface.clone()).or_default() += 1;
            }
            if gold.coords.is_none() {
                continue;
            }
            with_coords += 1;
            tally.with_coords += 1;
            let Some(ours) = reading else { continue };
            resolved_with_coords += 1;
            if let Some(error_km) = pairs.add(gold, ours) {
                let hit = usize::from(acc161_hit(error_km));
                hits += hit;
                tally.correct += hit;
                placed.push(Placed {
                    doc,
                    gold,
                    ours,
                    error_km,
                });
            }
        }
    }
    let mut report = Report::new(corpus, info);
    report.gold_spans = Some(GoldSpans {
        gold_with_coords: with_coords,
        resolved: resolved_with_coords,
        acc_161: metrics::ratio(hits, with_coords),
        resolved_errors: metrics::summarize_errors(&pairs.errors_km),
        same_geonameid: SameId::from_pairs(&ids),
    });
    report.by_type = type_rows(types);
    if info.errors > 0 {
        report.errors = Some(ErrorAnalysis {
            worst: worst(placed, info.errors),
            missed: most_frequent(unresolved, info.errors),
            spurious: Vec::new(),
        });
    }
    report
}

fn type_rows(types: HashMap<String, TypeTally>) -> Vec<TypeRow> {
    let mut rows: Vec<TypeRow> = types
        .into_iter()
        .map(|(kind, t)| TypeRow {
            kind,
            gold: t.gold,
            found: t.found,
            recall: metrics::ratio(t.found, t.gold),
            with_coords: t.with_coords,
            correct: t.correct,
            recall_161: metrics::ratio(t.correct, t.with_coords),
        })
        .collect();
    rows.sort_by(|a, b| b.gold.cmp(&a.gold).then_with(|| a.kind.cmp(&b.kind)));
    rows
}

fn most_frequent(counts: HashMap<String, usize>, n: usize) -> Vec<NameCount> {
    let mut list: Vec<NameCount> = counts
        .into_iter()
        .map(|(name, count)| NameCount { name, count })
        .collect();
    list.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
    list.truncate(n);
    list
}

fn worst(mut placed: Vec<Placed>, n: usize) -> Vec<Misplacement> {
    placed.sort_by(|a, b| b.error_km.total_cmp(&a.error_km));
    placed
        .into_iter()
        .take(n)
        .filter_map(|p| {
            Some(Misplacement {
                document: p.doc.id.clone(),
                surface: p.gold.surface.clone(),
                context: context_of(p.doc, p.gold, p.ours),
                ours: p.ours.place.clone(),
                ours_coords: p.ours.coords?,
                gold: gold_label(p.gold),
                gold_coords: p.gold.coords?,
                error_km: p.error_km,
            })
        })
        .collect()
}

/// The sentence around our span with the gold span in [brackets]; a window of the text when
/// the system gave no sentence.
fn context_of(doc: &Document, gold: &GoldToponym, ours: &Prediction) -> String {
    match &ours.sentence {
        Some((sentence_start, sentence)) if gold.start >= *sentence_start => {
            let start = gold.start - sentence_start;
            let end = (gold.end - sentence_start).min(sentence.chars().count());
            if start <= end {
                return bracket(sentence, start, end);
            }
            context_window(&doc.text, gold.start, gold.end, 100)
        }
        _ => context_window(&doc.text, gold.start, gold.end, 100),
    }
}

fn bracket(sentence: &str, start: usize, end: usize) -> String {
    let chars: Vec<char> = sentence.chars().collect();
    let piece = |s: usize, e: usize| chars[s.min(chars.len())..e.min(chars.len())].iter().collect::<String>();
    one_line(&format!(
        "{}[{}]{}",
        piece(0, start),
        piece(start, end),
        piece(end, chars.len())
    ))
}

fn gold_label(gold: &GoldToponym) -> String {
    let name = gold.name.as_deref().unwrap_or(&gold.surface);
    match gold.geonameid {
        Some(id) => format!("{name} ({id})"),
        None => name.to_string(),
    }
}

/// The report as a text table.
pub fn render(report: &Report) -> String {
    let mut out = String::new();
    write_header(&mut out, report);
    if let Some(e) = &report.end_to_end {
        write_end_to_end(&mut out, e);
    }
    if let Some(g) = &report.gold_spans {
        write_gold_spans(&mut out, g);
    }
    if report.by_type.len() > 1 {
        write_types(&mut out, report);
    }
    if let Some(errors) = &report.errors {
        write_errors(&mut out, errors, report.gold_spans.is_some());
    }
    out
}

fn write_header(out: &mut String, r: &Report) {
    let _ = writeln!(out, "{} ({}) · {} · {}", r.corpus_title, r.corpus, r.path, r.system);
    if !r.options.is_empty() {
        let _ = writeln!(out, "options: {}", r.options);
    }
    let _ = writeln!(
        out,
        "{} documents · {} gold toponyms ({} with coordinates, {} with a GeoNames id) · {:.1} s",
        r.documents, r.gold_toponyms, r.gold_with_coords, r.gold_with_geonameid, r.seconds
    );
    if !r.notes.is_empty() {
        let _ = writeln!(out, "notes ({}; all in --json):", r.notes.len());
        for note in r.notes.iter().take(5) {
            let _ = writeln!(out, "  {note}");
        }
    }
    out.push('\n');
}

fn write_end_to_end(out: &mut String, e: &EndToEnd) {
    let _ = writeln!(out, "mentions scored: {}", e.our_mentions);
    let _ = writeln!(out, "\nRecognition        matched   ours   gold      P      R     F1");
    for (label, s) in [
        ("exact span", &e.recognition_exact),
        ("overlap", &e.recognition_overlap),
    ] {
        let _ = writeln!(
            out,
            "  {label:<14} {:>8} {:>6} {:>6}  {:.3}  {:.3}  {:.3}",
            s.matched, s.ours, s.gold, s.precision, s.recall, s.f1
        );
    }
    let _ = writeln!(
        out,
        "\nResolution (matched pairs with gold coordinates)\n                       n  acc@161  mean km  median km    AUC  same GeoNames id"
    );
    for (label, r) in [("exact span", &e.resolution_exact), ("overlap", &e.resolution_overlap)] {
        match r {
            Some(r) => {
                let _ = writeln!(
                    out,
                    "  {label:<14} {:>6}    {:.3}  {:>7.0}  {:>9.1}  {}  {}",
                    r.errors.n,
                    r.errors.acc_161,
                    r.errors.mean_km,
                    r.errors.median_km,
                    auc_text(r.errors.auc),
                    same_id_text(r.same_geonameid)
                );
            }
            None => {
                let _ = writeln!(out, "  {label:<14}      0");
            }
        }
    }
    let s = &e.f1_at_161;
    let _ = writeln!(
        out,
        "\nF1@161 (overlap; correct = placed < 161 km)\n  correct {} · ours {} · gold with coordinates {}\n  P@161 {:.3}  R@161 {:.3}  F1@161 {:.3}",
        s.matched, s.ours, s.gold, s.precision, s.recall, s.f1
    );
    if e.spurious_on_annotated.iter().any(|c| c.name != "unannotated") {
        let list: Vec<String> = e
            .spurious_on_annotated
            .iter()
            .map(|c| format!("{} {}", c.name, c.count))
            .collect();
        let _ = writeln!(out, "  unmatched mentions by annotated class: {}", list.join(", "));
    }
}

fn write_gold_spans(out: &mut String, g: &GoldSpans) {
    let _ = writeln!(
        out,
        "Gold spans resolved as given\n  gold with coordinates {} · resolved {} · acc@161 {:.3} (unresolved count as misses)",
        g.gold_with_coords, g.resolved, g.acc_161
    );
    if let Some(e) = &g.resolved_errors {
        let _ = writeln!(
            out,
            "  on the {} resolved: acc@161 {:.3} · mean {:.0} km · median {:.1} km · AUC {}",
            e.n,
            e.acc_161,
            e.mean_km,
            e.median_km,
            auc_text(e.auc)
        );
    }
    let _ = writeln!(out, "  same GeoNames id: {}", same_id_text(g.same_geonameid));
}

fn write_types(out: &mut String, r: &Report) {
    let (found, correct) = if r.gold_spans.is_some() {
        ("resolved", "acc@161 hits")
    } else {
        ("found", "placed<161")
    };
    let _ = writeln!(
        out,
        "\nBy toponym type{}\n  {:<22} {:>5} {:>9} {:>7} {:>7} {:>13} {:>7}",
        if r.gold_spans.is_some() { "" } else { " (overlap)" },
        "type",
        "gold",
        found,
        "share",
        "coords",
        correct,
        "share"
    );
    for t in &r.by_type {
        let _ = writeln!(
            out,
            "  {:<22} {:>5} {:>9} {:>7.3} {:>7} {:>13} {:>7.3}",
            t.kind, t.gold, t.found, t.recall, t.with_coords, t.correct, t.recall_161
        );
    }
}

fn write_errors(out: &mut String, e: &ErrorAnalysis, gold_spans: bool) {
    let _ = writeln!(out, "\nWorst misplacements");
    for (k, m) in e.worst.iter().enumerate() {
        let _ = writeln!(
            out,
            "{:>3}. {:.0} km · doc {} · {:?}\n     ours: {} at {:.3}, {:.3}\n     gold: {} at {:.3}, {:.3}\n     {}",
            k + 1,
            m.error_km,
            m.document,
            m.surface,
            m.ours,
            m.ours_coords.lat,
            m.ours_coords.lon,
            m.gold,
            m.gold_coords.lat,
            m.gold_coords.lon,
            m.context
        );
    }
    let missed_title = if gold_spans {
        "Most frequent unresolved gold names"
    } else {
        "Most frequent missed gold names"
    };
    write_names(out, missed_title, &e.missed);
    if !gold_spans {
        write_names(out, "Most frequent spurious names", &e.spurious);
    }
}

fn write_names(out: &mut String, title: &str, names: &[NameCount]) {
    let _ = writeln!(out, "\n{title}");
    let list: Vec<String> = names.iter().map(|c| format!("{} ×{}", c.name, c.count)).collect();
    let _ = writeln!(out, "  {}", list.join(" · "));
}

fn auc_text(auc: Option<f64>) -> String {
    auc.map(|a| format!("{a:.3}")).unwrap_or_else(|| "  n/a".to_string())
}

fn same_id_text(same: Option<SameId>) -> String {
    match same {
        Some(s) => format!("{:.3} ({} of {})", s.share, s.same, s.with_gold_id),
        None => "n/a (no GeoNames ids on one side)".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::LatLon;

    fn gold(start: usize, end: usize, kind: &str, coords: Option<(f64, f64)>, id: Option<u32>) -> GoldToponym {
        GoldToponym {
            start,
            end,
            surface: format!("g{start}"),
            geonameid: id,
            coords: coords.map(|(lat, lon)| LatLon { lat, lon }),
            kind: kind.to_string(),
            name: None,
        }
    }

    fn ours(start: usize, end: usize, lat: f64, lon: f64, id: u32) -> Prediction {
        Prediction {
            start,
            end,
            surface: format!("o{start}"),
            coords: Some(LatLon { lat, lon }),
            geonameid: Some(id),
            place: format!("p{id}"),
            sentence: None,
        }
    }

    fn info() -> RunInfo {
        RunInfo {
            path: "test".into(),
            system: "test".into(),
            options: String::new(),
            errors: 5,
            seconds: 0.0,
        }
    }

    /// One document, worked by hand:
    /// gold A 0..5 Literal at (0,0) id 1; gold B 10..15 Metonymic at (0,0) id 2;
    /// gold C 20..25 Literal without coordinates; gold D 30..35 Literal at (0,0), never found.
    /// ours 0..5 at (0,0) id 1 (exact, right); 11..15 at (0,10) id 9 (overlaps B, 1112 km off);
    /// 20..25 (exact C); 40..45 (spurious).
    fn corpus_and_predictions() -> (Corpus, Vec<Vec<Prediction>>) {
        let doc = Document {
            id: "d".into(),
            text: "x".repeat(50),
            gold: vec![
                gold(0, 5, "Literal", Some((0.0, 0.0)), Some(1)),
                gold(10, 15, "Metonymic", Some((0.0, 0.0)), Some(2)),
                gold(20, 25, "Literal", None, None),
                gold(30, 35, "Literal", Some((0.0, 0.0)), None),
            ],
            not_gold: vec![gold(40, 45, "Demonym", None, None)],
        };
        let predictions = vec![vec![
            ours(0, 5, 0.0, 0.0, 1),
            ours(11, 15, 0.0, 10.0, 9),
            ours(20, 25, 5.0, 5.0, 7),
            ours(40, 45, 0.0, 0.0, 3),
        ]];
        let corpus = Corpus {
            kind: CorpusKind::Gwn,
            documents: vec![doc],
            notes: Vec::new(),
        };
        (corpus, predictions)
    }

    #[test]
    fn end_to_end_by_hand() {
        let (corpus, predictions) = corpus_and_predictions();
        let report = score_end_to_end(&corpus, &predictions, &info());
        let e = report.end_to_end.unwrap();
        // Exact: A and C match: P 2/4, R 2/4. Overlap adds B: P 3/4, R 3/4.
        assert_eq!(
            (
                e.recognition_exact.matched,
                e.recognition_exact.ours,
                e.recognition_exact.gold
            ),
            (2, 4, 4)
        );
        assert_eq!(e.recognition_overlap.matched, 3);
        // Distances on exact pairs with gold coordinates: A only (0 km).
        assert_eq!(e.resolution_exact.as_ref().unwrap().errors.n, 1);
        // Overlap pairs with coordinates: A (0 km) and B (1112 km): acc@161 1/2; ids 1 of 2 same.
        let r = e.resolution_overlap.unwrap();
        assert_eq!(r.errors.n, 2);
        assert_eq!(r.errors.acc_161, 0.5);
        assert_eq!(r.same_geonameid.unwrap().same, 1);
        // F1@161: 1 correct (A); 4 ours; 3 gold with coordinates: P .25, R 1/3, F1 2/7.
        let f = e.f1_at_161;
        assert_eq!((f.matched, f.ours, f.gold), (1, 4, 3));
        assert!((f.f1 - 2.0 / 7.0).abs() < 1e-12);
        assert_eq!(e.spurious_on_annotated[0].name, "Demonym");
        // By type: Literal 3 gold, 2 found (A, C), 2 with coordinates, 1 correct.
        let literal = report.by_type.iter().find(|t| t.kind == "Literal").unwrap();
        assert_eq!(
            (literal.gold, literal.found, literal.with_coords, literal.correct),
            (3, 2, 2, 1)
        );
        let errors = report.errors.unwrap();
        assert_eq!(errors.worst[0].surface, "g10");
        assert!((errors.worst[0].error_km - 1111.95).abs() < 1.0);
        assert_eq!(errors.missed[0].name, "g30");
        assert_eq!(errors.spurious[0].name, "o40");
        let text = render(&score_end_to_end(&corpus, &predictions, &info()));
        assert!(text.contains("F1@161 0.286"), "{text}");
    }

    #[test]
    fn gold_spans_by_hand() {
        let (corpus, _) = corpus_and_predictions();
        // A right, B 1112 km off, C resolved (no gold coordinates), D unresolved.
        let readings = vec![vec![
            Some(ours(0, 5, 0.0, 0.0, 1)),
            Some(ours(10, 15, 0.0, 10.0, 9)),
            Some(ours(20, 25, 1.0, 1.0, 4)),
            None,
        ]];
        let report = score_gold_spans(&corpus, &readings, &info());
        let g = report.gold_spans.unwrap();
        // Three gold spans with coordinates, two resolved, one hit: acc@161 1/3.
        assert_eq!((g.gold_with_coords, g.resolved), (3, 2));
        assert!((g.acc_161 - 1.0 / 3.0).abs() < 1e-12);
        assert_eq!(g.resolved_errors.unwrap().acc_161, 0.5);
        // Ids: A same, B different.
        assert_eq!(g.same_geonameid.unwrap().same, 1);
        assert_eq!(report.errors.unwrap().missed[0].name, "g30");
    }
}
