//! Dev tool: for JSONL articles on stdin, print each recognised span's resolution probability
//! and recognition cues (one JSON line per span), for calibrating confidence.
use std::io::BufRead;

use rayon::prelude::*;

fn main() {
    let p = geocite::pipeline::Pipeline::new(geocite::pipeline::Options {
        demonyms: true,
        ..Default::default()
    })
    .unwrap();
    let lines: Vec<String> = std::io::stdin().lock().lines().map(|l| l.unwrap()).collect();
    let out: Vec<String> = lines
        .par_iter()
        .flat_map(|line| {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            let id = v["id"].as_str().unwrap().to_string();
            let text = v["text"].as_str().unwrap().to_string();
            let rec = geocite::recognize::Recognizer::new(p.gazetteer()).recognize(&text);
            let ranked = p.resolver().rank(&rec.spans);
            rec.spans
                .iter()
                .zip(ranked)
                .filter_map(|(s, cands)| {
                    let best = cands.first()?;
                    let pl = p.gazetteer().place(best.place);
                    Some(serde_json::json!({"id": id, "s": s.char_start, "e": s.char_end, "lat": pl.lat, "lon": pl.lon,
                        "p": best.probability, "demonym": s.kind == geocite::recognize::MentionKind::Demonym,
                        "translit": s.via == geocite::recognize::MatchVia::Transliteration, "weak": s.weak_case,
                        "words": s.folded.split(' ').count(), "cands": cands.len(), "precision": pl.precision().as_str(),
                        "pop": pl.population}).to_string())
                })
                .collect::<Vec<_>>()
        })
        .collect();
    for o in out {
        println!("{o}");
    }
}
