//! Dev tool: read JSONL articles ({"id","text"}) on stdin, print each article's mentions and
//! rejected candidates as JSONL. Used for quick accuracy experiments.
use std::io::BufRead;

use rayon::prelude::*;

fn main() {
    let demonyms = std::env::args().any(|a| a == "--demonyms");
    let p = geocite::pipeline::Pipeline::new(geocite::pipeline::Options {
        demonyms,
        ..Default::default()
    })
    .unwrap();
    let lines: Vec<String> = std::io::stdin().lock().lines().map(|l| l.unwrap()).collect();
    let out: Vec<String> = lines
        .par_iter()
        .map(|line| {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            let id = v["id"].as_str().unwrap().to_string();
            let text = v["text"].as_str().unwrap().to_string();
            let rec = geocite::recognize::Recognizer::new(p.gazetteer()).recognize(&text);
            let rejected: Vec<_> = rec
                .rejected
                .iter()
                .map(|r| serde_json::json!({"s": r.span.char_start, "e": r.span.char_end, "surface": r.span.surface, "reason": r.reason.as_str()}))
                .collect();
            let res = p.process(geocite::ingest::Article::new(id.clone(), text));
            let ms: Vec<_> = res
                .mentions
                .iter()
                .filter(|m| m.is_place)
                .map(|m| serde_json::json!({"s": m.char_start, "e": m.char_end, "surface": m.surface, "lat": m.lat, "lon": m.lon, "gid": m.geonameid, "name": m.name, "fc": m.feature_code, "cc": m.country_code, "conf": m.confidence, "kind": m.kind.as_str()}))
                .collect();
            serde_json::json!({"id": id, "mentions": ms, "rejected": rejected}).to_string()
        })
        .collect();
    for o in out {
        println!("{o}");
    }
}
